"""Signed-in sessions kept in the store, so that a browser refresh keeps one and a sign-out, a
disabled account or a password reset ends it at once, in every tab and for every copy of its token.

The browser holds only a random token, in a cookie its page sets (so it cannot be HttpOnly): never
a username or a password. The store keeps the token's SHA-256, whose account it is, and when it
began and was last used. Every check reads the account as it is now.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tracker import sql
from tracker.access import accounts, audit
from tracker.access.accounts import User
from tracker.store import Store

TOKEN_BYTES = 32
# Writing last_seen on every page run would take the store's write lock for each click; once a
# minute (or a tenth of a shorter idle limit) is exact enough.
TOUCH_EVERY = timedelta(minutes=1)

TIMED_OUT = "会话超时，自动退出"
ACCOUNT_DISABLED = accounts.SESSION_ENDED_DISABLED
PASSWORD_RESET = accounts.SESSION_ENDED_PASSWORD_RESET
SIGNED_OUT = "主动退出"
# Ended sessions are deleted this long after they end, at the next sign-in: the table stays
# small, and a leaked copy of the store holds no trail of old tokens (the audit log keeps who
# signed in and out, and when).
RETENTION = timedelta(days=30)


class SessionEnded(Exception):
    """The token no longer signs anyone in; `reason` says why the session ended (TIMED_OUT,
    ACCOUNT_DISABLED, PASSWORD_RESET, SIGNED_OUT), "" for a token never issued.
    """

    def __init__(self, reason: str = ""):
        super().__init__(reason or "会话已结束")
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    idle_minutes: float = accounts.DEFAULT_IDLE_MINUTES
    max_hours: int = accounts.DEFAULT_MAX_HOURS


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(store: Store, user: User, now: datetime | None = None) -> str:
    """A new session for a user who has just signed in; the token goes to the browser only.
    Sessions that ended more than RETENTION ago are deleted in the same transaction."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = now or datetime.now()
    with store.transaction() as cur:
        cur.execute(sql.load("access/sessions_purge_ended"), {"before": now - RETENTION})
        cur.execute(
            sql.load("access/session_insert"),
            {"token_sha256": _digest(token), "username": user.username, "now": now},
        )
    return token


def resume(
    store: Store, token: str, limits: Limits = Limits(), now: datetime | None = None
) -> User:
    """The user a token signs in, checked now: an expired session or a disabled account is
    signed out here, with an audit record, and raises SessionEnded.
    """
    now = now or datetime.now()
    digest = _digest(token)
    cur = store.cursor()
    try:
        row = cur.execute(sql.load("access/session_get"), {"token_sha256": digest}).fetchone()
        session = (
            None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))
        )
    finally:
        cur.close()
    if session is None:
        raise SessionEnded()
    if session["ended_at"] is not None:
        raise SessionEnded(session["ended_because"] or SIGNED_OUT)
    if accounts.session_expired(
        session["signed_in_at"], session["last_seen"], now, limits.idle_minutes, limits.max_hours
    ):
        _end(store, digest, session["username"], TIMED_OUT, now)
        raise SessionEnded(TIMED_OUT)
    user = accounts.get_user(store, session["username"])
    if user is None or user.disabled:
        _end(store, digest, session["username"], ACCOUNT_DISABLED, now)
        raise SessionEnded(ACCOUNT_DISABLED)
    if now - session["last_seen"] >= min(TOUCH_EVERY, timedelta(minutes=limits.idle_minutes) / 10):
        with store.transaction() as write:
            write.execute(sql.load("access/session_touch"), {"token_sha256": digest, "now": now})
    return user


def end(store: Store, token: str, reason: str = SIGNED_OUT, now: datetime | None = None) -> None:
    """Sign out: the token stops working at once, wherever it was copied to."""
    now = now or datetime.now()
    digest = _digest(token)
    cur = store.cursor()
    try:
        row = cur.execute(sql.load("access/session_get"), {"token_sha256": digest}).fetchone()
    finally:
        cur.close()
    if row is not None:
        _end(store, digest, row[0], reason, now)


def _end(store: Store, digest: str, username: str, reason: str, now: datetime) -> None:
    with store.transaction() as cur:
        ended = cur.execute(
            sql.load("access/session_end"), {"token_sha256": digest, "reason": reason, "now": now}
        ).fetchone()
        # Two tabs may notice the same expiry at once: only the one that ended it records it.
        if ended and ended[0]:
            audit.record(cur, username, "sign_out", reason, at=now)
