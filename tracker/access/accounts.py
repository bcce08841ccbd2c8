"""Accounts and roles: who may view, who may upload for which lead units, who administers.

Passwords are stored only as argon2 hashes. Repeated wrong passwords lock an account for a while,
and every sign-in attempt and account change is written to the audit log in the same transaction
as the change itself.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tracker import sql
from tracker.access import audit
from tracker.intake.fields import normalise
from tracker.store import Store

ROLES: tuple[str, ...] = ("viewer", "staff", "admin")
ROLE_LABELS: dict[str, str] = {"viewer": "领导（只读）", "staff": "填报人员", "admin": "管理员"}

MIN_PASSWORD_CHARS = 8
MAX_FAILED_ATTEMPTS = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)

DEFAULT_IDLE_MINUTES = 30
DEFAULT_MAX_HOURS = 12

MAX_DISPLAY_NAME_CHARS = 64

_PLAIN_USERNAME = re.compile(r"[a-z0-9_.-]{2,32}")
# With TRACKER_AUTH=oidc the provider's email address is the username.
_EMAIL_USERNAME = re.compile(r"[a-z0-9_.+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+")
_MAX_EMAIL_CHARS = 254

WRONG_CREDENTIALS = "用户名或密码错误"
DISABLED = "该账户已停用，请联系管理员"
# The audit actor for a sign-in under a name no account has: what was typed may be a password.
UNKNOWN_ACTOR = "未知账户"
# Why an account's sessions ended (tracker.access.sessions shows them to the signed-out user).
SESSION_ENDED_DISABLED = "账户已停用，自动退出"
SESSION_ENDED_PASSWORD_RESET = "密码已重置，自动退出"

_hasher = PasswordHasher()
# Each argon2 check takes 64 MiB and most of a core: a burst of sign-ins queues here instead.
MAX_CONCURRENT_PASSWORD_CHECKS = 2
_password_checks = threading.BoundedSemaphore(MAX_CONCURRENT_PASSWORD_CHECKS)


class AccountError(ValueError):
    """An account change was refused; the message says why, in Chinese."""


class SignInError(Exception):
    """A sign-in was refused; the message is safe to show on the sign-in form."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    units: tuple[str, ...] = ()
    disabled: bool = False

    @property
    def label(self) -> str:
        return self.display_name or self.username

    def can_view(self) -> bool:
        return not self.disabled

    def can_upload(self) -> bool:
        return not self.disabled and self.role in ("staff", "admin")

    def can_admin(self) -> bool:
        return not self.disabled and self.role == "admin"

    def may_upload_for(self, unit: str) -> bool:
        """Admins upload for any unit; staff only for their own, matched as headers are."""
        if not self.can_upload():
            return False
        if self.role == "admin":
            return True
        key = normalise(unit)
        return bool(key) and key in {normalise(u) for u in self.units}


def normalise_username(username: str) -> str:
    return str(username).strip().lower()


def validate_username(username: str) -> str:
    key = normalise_username(username)
    if _PLAIN_USERNAME.fullmatch(key):
        return key
    if len(key) <= _MAX_EMAIL_CHARS and _EMAIL_USERNAME.fullmatch(key):
        return key
    raise AccountError(
        f"用户名“{username}”无效：须为 2–32 位英文字母、数字或 _ . -，"
        "或统一身份认证使用的电子邮箱地址；中文姓名请填在显示名中"
    )


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD_CHARS} 个字符")
    if not password.strip():
        raise AccountError("密码不能全为空格")


def validate_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(
            f"角色“{role}”无效：须为 viewer（领导）、staff（填报人员）或 admin（管理员）"
        )
    return role


def _clean_units(units: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, blanks dropped, and one entry per unit however its width or spacing differs."""
    seen: set[str] = set()
    cleaned = []
    for unit in units:
        text = str(unit).strip()
        key = normalise(text)
        if key and key not in seen:
            seen.add(key)
            cleaned.append(text)
    return tuple(cleaned)


def units_for_role(role: str, units: Iterable[str]) -> tuple[str, ...]:
    """The lead units an account of this role keeps; staff must name at least one."""
    units = _clean_units(units)
    if role != "staff":
        # Only staff are bound to units; admins upload for all and viewers for none.
        return ()
    if not units:
        raise AccountError("填报人员账户须至少绑定一个牵头单位")
    return units


def _describe(username: str, role: str, units: tuple[str, ...]) -> str:
    text = f"{username}：{ROLE_LABELS[role]}"
    if units:
        text += f"，牵头单位：{'、'.join(units)}"
    return text


def _fetch_account(cur: duckdb.DuckDBPyConnection, username: str) -> dict[str, Any] | None:
    row = cur.execute(sql.load("users_get"), {"username": username}).fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def _require_account(cur: duckdb.DuckDBPyConnection, username: str) -> dict[str, Any]:
    account = _fetch_account(cur, normalise_username(username))
    if account is None:
        raise AccountError(f"账户“{username}”不存在")
    return account


def _user_from(account: dict[str, Any]) -> User:
    return User(
        username=account["username"],
        display_name=account["display_name"],
        role=account["role"],
        units=tuple(account["units"] or ()),
        disabled=bool(account["disabled"]),
    )


def _enabled_admins(cur: duckdb.DuckDBPyConnection) -> int:
    return cur.execute(sql.load("users_enabled_admin_count")).fetchone()[0]


def _is_last_enabled_admin(cur: duckdb.DuckDBPyConnection, account: dict[str, Any]) -> bool:
    return account["role"] == "admin" and not account["disabled"] and _enabled_admins(cur) <= 1


def add_user(
    store: Store,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    units: Iterable[str] = (),
    actor: str = "cli",
) -> User:
    key = validate_username(username)
    validate_password(password)
    role = validate_role(role)
    units = units_for_role(role, units)
    display_name = display_name.strip()
    if len(display_name) > MAX_DISPLAY_NAME_CHARS:
        raise AccountError(f"显示名不能超过 {MAX_DISPLAY_NAME_CHARS} 个字符")
    # Hash before taking the write lock: argon2 is deliberately slow.
    password_hash = _hash(password)
    now = datetime.now()
    with store.transaction() as cur:
        if _fetch_account(cur, key) is not None:
            raise AccountError(f"账户“{key}”已存在")
        cur.execute(
            sql.load("users_insert"),
            {
                "username": key,
                "display_name": display_name,
                "role": role,
                "units": list(units),
                "password_hash": password_hash,
                "now": now,
            },
        )
        audit.record(cur, actor, "user_added", _describe(key, role, units), at=now)
    return User(key, display_name, role, units)


def _end_sessions(
    cur: duckdb.DuckDBPyConnection, username: str, reason: str, now: datetime
) -> None:
    """Sign the account out everywhere at once (tracker.access.sessions keeps the sessions)."""
    cur.execute(
        sql.load("access/sessions_end_for_user"),
        {"username": username, "reason": reason, "now": now},
    )


def disable_user(store: Store, username: str, actor: str = "cli") -> None:
    now = datetime.now()
    with store.transaction() as cur:
        account = _require_account(cur, username)
        if account["disabled"]:
            raise AccountError(f"账户“{account['username']}”已是停用状态")
        if _is_last_enabled_admin(cur, account):
            raise AccountError("不能停用最后一个启用的管理员账户：请先为另一人开设管理员账户")
        cur.execute(
            sql.load("users_set_disabled"),
            {"username": account["username"], "disabled": True, "now": now},
        )
        _end_sessions(cur, account["username"], SESSION_ENDED_DISABLED, now)
        audit.record(cur, actor, "user_disabled", account["username"], at=now)


def enable_user(store: Store, username: str, actor: str = "cli") -> None:
    now = datetime.now()
    with store.transaction() as cur:
        account = _require_account(cur, username)
        if not account["disabled"]:
            raise AccountError(f"账户“{account['username']}”已是启用状态")
        cur.execute(
            sql.load("users_set_disabled"),
            {"username": account["username"], "disabled": False, "now": now},
        )
        audit.record(cur, actor, "user_enabled", account["username"], at=now)


def reset_password(store: Store, username: str, new_password: str, actor: str = "cli") -> None:
    """Set a new password; this also lifts a lockout and signs the account out everywhere."""
    validate_password(new_password)
    password_hash = _hash(new_password)
    now = datetime.now()
    with store.transaction() as cur:
        account = _require_account(cur, username)
        cur.execute(
            sql.load("users_set_password"),
            {"username": account["username"], "password_hash": password_hash, "now": now},
        )
        _end_sessions(cur, account["username"], SESSION_ENDED_PASSWORD_RESET, now)
        audit.record(cur, actor, "password_reset", account["username"], at=now)


def set_role(
    store: Store,
    username: str,
    role: str,
    units: Iterable[str] | None = None,
    actor: str = "cli",
) -> User:
    """Change the role and, for staff, the lead units; units=None keeps a staff member's units."""
    role = validate_role(role)
    now = datetime.now()
    with store.transaction() as cur:
        account = _require_account(cur, username)
        new_units = units_for_role(role, (account["units"] or ()) if units is None else units)
        if role != "admin" and _is_last_enabled_admin(cur, account):
            raise AccountError("不能变更最后一个启用的管理员的角色：请先为另一人开设管理员账户")
        cur.execute(
            sql.load("users_set_role"),
            {"username": account["username"], "role": role, "units": list(new_units), "now": now},
        )
        before = _describe(account["username"], account["role"], tuple(account["units"] or ()))
        after = _describe(account["username"], role, new_units)
        audit.record(cur, actor, "role_changed", f"{before} → {after}", at=now)
        account.update(role=role, units=new_units)
    return _user_from(account)


def list_users(store: Store) -> pd.DataFrame:
    """Every account for display, without password hashes; units joined with 、."""
    return store.query("users_list")


def get_user(store: Store, username: str) -> User | None:
    """The account as it is now, so a session can notice a disabled account or a new role."""
    cur = store.cursor()
    try:
        account = _fetch_account(cur, normalise_username(username))
    finally:
        cur.close()
    return None if account is None else _user_from(account)


def count_admins(store: Store) -> int:
    """Enabled administrators."""
    cur = store.cursor()
    try:
        return _enabled_admins(cur)
    finally:
        cur.close()


@cache
def _decoy_hash() -> str:
    return _hash("decoy password for unknown usernames")


def _hash(password: str) -> str:
    with _password_checks:
        return _hasher.hash(password)


def _password_matches(password_hash: str, password: str) -> bool:
    with _password_checks:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def _format_until(until: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    when = f"{until:%H:%M}" if until.date() == now.date() else f"{until:%Y-%m-%d %H:%M}"
    return f"{when} 后再试（约 {minutes} 分钟后）"


def _locked_message(until: datetime, now: datetime) -> str:
    return f"密码连续输错 {MAX_FAILED_ATTEMPTS} 次，账户已被锁定，请于 {_format_until(until, now)}"


def _record_refusal(store: Store, actor: str, detail: str, now: datetime) -> None:
    with store.transaction() as cur:
        audit.record(cur, actor, "sign_in_failed", detail, at=now)


def _set_failures(
    cur: duckdb.DuckDBPyConnection,
    username: str,
    attempts: int,
    window_start: datetime | None,
    locked_until: datetime | None,
) -> None:
    cur.execute(
        sql.load("users_record_failure"),
        {
            "username": username,
            "failed_attempts": attempts,
            "first_failed_at": window_start,
            "locked_until": locked_until,
        },
    )


@dataclass(frozen=True)
class _Attempt:
    """A password check the account has already counted as a failure."""

    account: dict[str, Any]
    number: int  # within the failure window
    locks_until: datetime | None  # the lock this attempt set, should its password be wrong


def _reserve_attempt(store: Store, username: str, now: datetime) -> _Attempt | None:
    """Refuse a locked account, else count this attempt as a failure, in one transaction and
    before any password is hashed: however many guesses arrive at once, only the first
    MAX_FAILED_ATTEMPTS in a window get a password check. A right password undoes the count.
    None when no account has this name.
    """
    with store.transaction() as cur:
        account = _fetch_account(cur, username)
        if account is None:
            return None
        locked_until = account["locked_until"]
        if locked_until is not None and now < locked_until:
            audit.record(cur, username, "sign_in_failed", "账户锁定期间尝试登录", at=now)
        else:
            locked_until = None
            number, locks_until = _count_failure(cur, account, now)
    if locked_until is not None:
        raise SignInError(_locked_message(locked_until, now))
    return _Attempt(account, number, locks_until)


def _count_failure(
    cur: duckdb.DuckDBPyConnection, account: dict[str, Any], now: datetime
) -> tuple[int, datetime | None]:
    """This attempt's number in the failure window, and the lock it sets if it is the last."""
    username = account["username"]
    window_start = account["first_failed_at"]
    if window_start is None or now - window_start >= FAILURE_WINDOW:
        number, window_start = 1, now
    else:
        number = account["failed_attempts"] + 1
    if number >= MAX_FAILED_ATTEMPTS:
        locks_until = now + LOCKOUT
        _set_failures(cur, username, 0, None, locks_until)
        return number, locks_until
    _set_failures(cur, username, number, window_start, None)
    return number, None


def _record_wrong_password(store: Store, attempt: _Attempt, now: datetime) -> None:
    detail = f"密码错误（{FAILURE_WINDOW.seconds // 60} 分钟内第 {attempt.number} 次）"
    if attempt.locks_until is not None:
        detail += f"，锁定至 {attempt.locks_until:%Y-%m-%d %H:%M}"
    _record_refusal(store, attempt.account["username"], detail, now)


def _record_sign_in(
    store: Store, account: dict[str, Any], now: datetime, detail: str, new_hash: str | None
) -> None:
    with store.transaction() as cur:
        cur.execute(sql.load("users_record_sign_in"), {"username": account["username"], "now": now})
        if new_hash is not None:
            cur.execute(
                sql.load("users_update_hash"),
                {"username": account["username"], "password_hash": new_hash},
            )
        audit.record(cur, account["username"], "sign_in", detail, at=now)


def authenticate(store: Store, username: str, password: str, now: datetime | None = None) -> User:
    """The signed-in user, or SignInError saying why not without revealing which part was wrong.

    What was typed as the username is written to the audit log only when it names an account:
    people type their password into the wrong box.
    """
    now = now or datetime.now()
    key = normalise_username(username)
    attempt = _reserve_attempt(store, key, now) if key else None

    if attempt is None:
        # Spend the same time as a real check so response times do not reveal which names exist.
        _password_matches(_decoy_hash(), password)
        _record_refusal(store, UNKNOWN_ACTOR, "用户名不存在", now)
        raise SignInError(WRONG_CREDENTIALS)

    account = attempt.account
    if not _password_matches(account["password_hash"], password):
        _record_wrong_password(store, attempt, now)
        if attempt.locks_until is not None:
            raise SignInError(f"{WRONG_CREDENTIALS}。{_locked_message(attempt.locks_until, now)}")
        raise SignInError(WRONG_CREDENTIALS)

    # Checked only after the password, so a guess cannot tell a disabled account from a wrong one.
    if account["disabled"]:
        with store.transaction() as cur:
            _set_failures(cur, key, 0, None, None)
            audit.record(cur, key, "sign_in_failed", "账户已停用", at=now)
        raise SignInError(DISABLED)

    new_hash = _hash(password) if _hasher.check_needs_rehash(account["password_hash"]) else None
    _record_sign_in(store, account, now, "密码登录", new_hash)
    return _user_from(account)


def authenticate_oidc(store: Store, email: str, now: datetime | None = None) -> User:
    """The account whose username is the email address the identity provider vouched for."""
    now = now or datetime.now()
    key = normalise_username(email)
    cur = store.cursor()
    try:
        account = _fetch_account(cur, key) if key else None
    finally:
        cur.close()
    if account is None:
        _record_refusal(store, key or "（空）", "统一身份认证账号未开通", now)
        raise SignInError(f"账号 {email} 尚未开通本系统权限，请联系管理员")
    if account["disabled"]:
        _record_refusal(store, key, "账户已停用", now)
        raise SignInError(DISABLED)
    _record_sign_in(store, account, now, "统一身份认证登录", None)
    return _user_from(account)


def session_expired(
    signed_in_at: datetime,
    last_seen: datetime,
    now: datetime,
    idle_minutes: float = DEFAULT_IDLE_MINUTES,
    max_hours: int = DEFAULT_MAX_HOURS,
) -> bool:
    """Idle too long, or signed in too long ago however busy."""
    return now - last_seen > timedelta(minutes=idle_minutes) or now - signed_in_at > timedelta(
        hours=max_hours
    )
