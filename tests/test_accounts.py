import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest

from tests.conftest import audit_actions
from tracker.access import accounts, audit
from tracker.access.accounts import AccountError, SignInError, User
from tracker.progress.status import Thresholds
from tracker.settings import Settings

PASSWORD = "correct horse 1"
NOON = datetime(2022, 9, 30, 12, 0)


def stored_hash(store, username) -> str:
    return (
        store.cursor()
        .execute("select password_hash from users where username = $u", {"u": username})
        .fetchone()[0]
    )


def test_password_is_stored_only_as_an_argon2_hash(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    password_hash = stored_hash(store, "admin")
    assert password_hash.startswith("$argon2id$")
    assert PASSWORD not in password_hash
    assert PASSWORD not in audit.recent(store).to_string()


def test_two_users_with_one_password_get_different_hashes(store):
    accounts.add_user(store, "alice", PASSWORD, "viewer")
    accounts.add_user(store, "bob", PASSWORD, "viewer")
    assert stored_hash(store, "alice") != stored_hash(store, "bob")


def test_authenticate_returns_the_user_and_records_the_sign_in(store):
    accounts.add_user(store, "Zhang.San", PASSWORD, "staff", "张三", units=["建设管理科"])
    user = accounts.authenticate(store, " zhang.san ", PASSWORD, now=NOON)
    assert user == User("zhang.san", "张三", "staff", ("建设管理科",))
    assert audit_actions(store) == ["user_added", "sign_in"]
    assert audit.recent(store).iloc[0]["actor"] == "zhang.san"
    last = store.cursor().execute("select last_sign_in from users").fetchone()[0]
    assert last == NOON


@pytest.mark.parametrize(
    "username, password, actor",
    [("admin", "wrong password", "admin"), ("nobody", PASSWORD, "未知账户")],
)
def test_wrong_password_and_unknown_user_get_the_same_message(store, username, password, actor):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    with pytest.raises(SignInError) as refused:
        accounts.authenticate(store, username, password, now=NOON)
    assert str(refused.value) == "用户名或密码错误"
    latest = audit.recent(store, limit=1).iloc[0]
    assert (latest["actor"], latest["action"]) == (actor, "sign_in_failed")


@pytest.mark.parametrize("typed", ["correct horse 1", "Admin2", "  "])
def test_a_name_that_is_no_account_is_not_written_to_the_audit_log(store, typed):
    """Someone typed their password into the username box: the log must not keep it."""
    accounts.add_user(store, "admin", PASSWORD, "admin")
    with pytest.raises(SignInError):
        accounts.authenticate(store, typed, PASSWORD, now=NOON)
    latest = audit.recent(store, limit=1).iloc[0]
    assert (latest["actor"], latest["detail"]) == ("未知账户", "用户名不存在")
    assert typed.strip() not in audit.recent(store).to_string() or not typed.strip()


def fail(store, username, times, now):
    for _ in range(times):
        with pytest.raises(SignInError):
            accounts.authenticate(store, username, "wrong password", now=now)


def test_five_failures_lock_the_account_until_the_window_passes(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    fail(store, "admin", 4, NOON)
    with pytest.raises(SignInError) as fifth:
        accounts.authenticate(store, "admin", "wrong password", now=NOON)
    assert "锁定" in str(fifth.value) and "12:15" in str(fifth.value)

    with pytest.raises(SignInError) as locked:
        accounts.authenticate(store, "admin", PASSWORD, now=NOON + timedelta(minutes=5))
    assert "12:15" in str(locked.value) and "10 分钟" in str(locked.value)

    user = accounts.authenticate(store, "admin", PASSWORD, now=NOON + timedelta(minutes=15))
    assert user.username == "admin"
    assert audit_actions(store).count("sign_in_failed") == 6


def test_failures_spread_beyond_the_window_do_not_lock(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    fail(store, "admin", 4, NOON)
    fail(store, "admin", 4, NOON + timedelta(minutes=16))
    assert accounts.authenticate(store, "admin", PASSWORD, now=NOON + timedelta(minutes=17))


def test_a_successful_sign_in_resets_the_count(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    fail(store, "admin", 4, NOON)
    accounts.authenticate(store, "admin", PASSWORD, now=NOON)
    fail(store, "admin", 4, NOON)
    assert accounts.authenticate(store, "admin", PASSWORD, now=NOON)


def test_reset_password_lifts_a_lockout(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    fail(store, "admin", 5, NOON)
    accounts.reset_password(store, "admin", "another pass 2", actor="root")
    assert accounts.authenticate(store, "admin", "another pass 2", now=NOON)
    with pytest.raises(SignInError):
        accounts.authenticate(store, "admin", PASSWORD, now=NOON)


def test_disabled_account_cannot_sign_in_until_enabled(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    accounts.add_user(store, "leader", PASSWORD, "viewer")
    accounts.disable_user(store, "leader", actor="admin")
    with pytest.raises(SignInError) as refused:
        accounts.authenticate(store, "leader", PASSWORD, now=NOON)
    assert "停用" in str(refused.value) and "管理员" in str(refused.value)
    # A wrong password still gets the generic message, so guessing reveals nothing.
    with pytest.raises(SignInError, match="^用户名或密码错误$"):
        accounts.authenticate(store, "leader", "wrong password", now=NOON)
    assert accounts.get_user(store, "leader").can_view() is False

    accounts.enable_user(store, "leader", actor="admin")
    assert accounts.authenticate(store, "leader", PASSWORD, now=NOON).can_view()


def test_roles_and_units():
    leader = User("leader", "", "viewer")
    staff = User("staff", "", "staff", ("建设管理科", "住房保障科"))
    admin = User("admin", "", "admin")
    assert [u.can_view() for u in (leader, staff, admin)] == [True, True, True]
    assert [u.can_upload() for u in (leader, staff, admin)] == [False, True, True]
    assert [u.can_admin() for u in (leader, staff, admin)] == [False, False, True]
    assert staff.may_upload_for("住房保障科")
    assert staff.may_upload_for(" 住房保障科 ")
    assert not staff.may_upload_for("燃气管理科")
    assert not staff.may_upload_for("")
    assert admin.may_upload_for("燃气管理科")
    assert not leader.may_upload_for("建设管理科")
    assert not User("old", "", "admin", disabled=True).can_upload()


def test_staff_must_have_a_unit_and_others_keep_none(store):
    with pytest.raises(AccountError, match="牵头单位"):
        accounts.add_user(store, "staff", PASSWORD, "staff")
    staff = accounts.add_user(
        store, "staff", PASSWORD, "staff", units=["建设管理科", " 建设管理科", ""]
    )
    assert staff.units == ("建设管理科",)
    assert accounts.add_user(store, "leader", PASSWORD, "viewer", units=["建设管理科"]).units == ()


@pytest.mark.parametrize(
    "username, password, role, message",
    [
        ("a", PASSWORD, "viewer", "用户名"),
        ("x" * 33, PASSWORD, "viewer", "用户名"),
        ("张三", PASSWORD, "viewer", "用户名"),
        ("bad name", PASSWORD, "viewer", "用户名"),
        ("short", "1234567", "viewer", "8 个字符"),
        ("leader", PASSWORD, "boss", "角色"),
    ],
)
def test_invalid_accounts_are_refused(store, username, password, role, message):
    with pytest.raises(AccountError, match=message):
        accounts.add_user(store, username, password, role)
    assert accounts.list_users(store).empty
    assert audit.recent(store).empty


def test_email_usernames_are_accepted_for_single_sign_on(store):
    accounts.add_user(store, "Li.Si@Bureau.gov.cn", PASSWORD, "viewer")
    user = accounts.authenticate_oidc(store, "li.si@bureau.gov.cn", now=NOON)
    assert user.username == "li.si@bureau.gov.cn"
    with pytest.raises(SignInError, match="尚未开通"):
        accounts.authenticate_oidc(store, "stranger@example.com", now=NOON)


def test_duplicate_username_is_refused(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    with pytest.raises(AccountError, match="已存在"):
        accounts.add_user(store, "ADMIN", PASSWORD, "viewer")


def test_last_enabled_admin_cannot_be_disabled_or_demoted(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    with pytest.raises(AccountError, match="最后一个"):
        accounts.disable_user(store, "admin")
    with pytest.raises(AccountError, match="最后一个"):
        accounts.set_role(store, "admin", "viewer")

    accounts.add_user(store, "deputy", PASSWORD, "admin")
    assert accounts.count_admins(store) == 2
    accounts.set_role(store, "admin", "staff", units=["建设管理科"])
    assert accounts.count_admins(store) == 1
    with pytest.raises(AccountError, match="最后一个"):
        accounts.disable_user(store, "deputy")
    assert accounts.get_user(store, "deputy").can_admin()


def test_set_role_keeps_staff_units_unless_given(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    accounts.add_user(store, "staff", PASSWORD, "staff", units=["建设管理科"])
    assert accounts.set_role(store, "staff", "staff", units=["住房保障科"]).units == ("住房保障科",)
    accounts.set_role(store, "staff", "staff")
    assert accounts.get_user(store, "staff").units == ("住房保障科",)
    accounts.set_role(store, "staff", "viewer")
    assert accounts.get_user(store, "staff") == User("staff", "", "viewer", ())
    with pytest.raises(AccountError, match="牵头单位"):
        accounts.set_role(store, "staff", "staff")


def test_every_change_writes_an_audit_record(store):
    accounts.add_user(store, "admin", PASSWORD, "admin", actor="cli")
    accounts.add_user(store, "staff", PASSWORD, "staff", units=["建设管理科"], actor="admin")
    accounts.disable_user(store, "staff", actor="admin")
    accounts.enable_user(store, "staff", actor="admin")
    accounts.reset_password(store, "staff", "another pass 2", actor="admin")
    accounts.set_role(store, "staff", "viewer", actor="admin")
    log = audit.recent(store)
    assert list(log.columns) == ["at", "actor", "action", "detail"]
    assert list(reversed(log["action"].tolist())) == [
        "user_added",
        "user_added",
        "user_disabled",
        "user_enabled",
        "password_reset",
        "role_changed",
    ]
    assert log.iloc[0]["detail"] == "staff：填报人员，牵头单位：建设管理科 → staff：领导（只读）"
    assert set(log["actor"].iloc[:-1]) == {"admin"}


def test_a_refused_change_leaves_no_audit_record(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    with pytest.raises(AccountError):
        accounts.disable_user(store, "admin")
    with pytest.raises(AccountError, match="不存在"):
        accounts.reset_password(store, "ghost", PASSWORD)
    assert audit_actions(store) == ["user_added"]


def test_audit_record_joins_the_callers_transaction(store):
    with pytest.raises(RuntimeError), store.transaction() as cur:
        audit.record(cur, "staff", "upload", "batch 1")
        raise RuntimeError("upload failed after the record")
    assert audit.recent(store).empty
    with pytest.raises(ValueError):
        audit.record(store.cursor(), "staff", "uplaod")


def test_audit_recent_is_newest_first_and_limited(store):
    with store.transaction() as cur:
        for n in range(5):
            audit.record(cur, "staff", "upload", f"batch {n}")
    recent = audit.recent(store, limit=2)
    assert recent["detail"].tolist() == ["batch 4", "batch 3"]


def test_list_users_never_shows_the_hash(store):
    accounts.add_user(store, "staff", PASSWORD, "staff", "张三", units=["建设管理科", "住房保障科"])
    table = accounts.list_users(store)
    assert not any("hash" in column for column in table.columns)
    assert table.iloc[0]["units"] == "建设管理科、住房保障科"
    assert not table.astype(str).apply(lambda col: col.str.contains("argon2")).any().any()


def test_session_expires_when_idle_or_too_old():
    signed_in = NOON
    assert not accounts.session_expired(signed_in, NOON, NOON + timedelta(minutes=30))
    assert accounts.session_expired(signed_in, NOON, NOON + timedelta(minutes=31))
    busy_until = NOON + timedelta(hours=12, minutes=1)
    assert accounts.session_expired(signed_in, busy_until, busy_until)
    assert not accounts.session_expired(
        signed_in, NOON, NOON + timedelta(minutes=50), idle_minutes=60, max_hours=1
    )


def test_settings_defaults():
    settings = Settings.from_env({})
    assert settings == Settings()
    assert settings.viewers_must_sign_in is False
    assert (settings.session_idle_minutes, settings.session_max_hours) == (30, 12)
    assert settings.auth == "password"
    assert settings.max_upload_mb == 20
    assert settings.thresholds() == Thresholds()


def test_settings_from_environment():
    settings = Settings.from_env(
        {
            "TRACKER_VIEWERS_MUST_SIGN_IN": "Yes",
            "TRACKER_SESSION_IDLE_MINUTES": "15",
            "TRACKER_SESSION_MAX_HOURS": "8",
            "TRACKER_AUTH": "OIDC",
            "TRACKER_MAX_UPLOAD_MB": "50",
            "TRACKER_STATUS_SLIGHTLY_BEHIND": "5",
            "TRACKER_STATUS_BEHIND": "20.5",
            "TRACKER_STALE_AFTER_DAYS": "40",
        }
    )
    assert settings.viewers_must_sign_in is True
    assert (settings.session_idle_minutes, settings.session_max_hours) == (15, 8)
    assert settings.auth == "oidc"
    assert settings.max_upload_mb == 50
    assert settings.thresholds() == Thresholds(5.0, 20.5, 40)


@pytest.mark.parametrize(
    "name, value",
    [
        ("TRACKER_VIEWERS_MUST_SIGN_IN", "maybe"),
        ("TRACKER_SESSION_IDLE_MINUTES", "half an hour"),
        ("TRACKER_SESSION_MAX_HOURS", "0"),
        ("TRACKER_AUTH", "ldap"),
        ("TRACKER_MAX_UPLOAD_MB", "2.5"),
        ("TRACKER_STATUS_BEHIND", "nan"),
        ("TRACKER_STATUS_SLIGHTLY_BEHIND", "40"),
        ("TRACKER_STALE_AFTER_DAYS", "-1"),
    ],
)
def test_bad_settings_name_the_variable(name, value):
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})


class CountingHasher:
    """The real hasher, counting password checks and how many run at once; a check may be held
    until the test lets it finish, so that guesses pile up behind it.
    """

    def __init__(self, real, hold: threading.Event | None = None):
        self.real, self.hold = real, hold
        self.lock = threading.Lock()
        self.checks = self.running = self.peak = 0

    def verify(self, password_hash, password):
        with self.lock:
            self.checks += 1
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            if self.hold is not None:
                self.hold.wait(timeout=30)
            return self.real.verify(password_hash, password)
        finally:
            with self.lock:
                self.running -= 1

    def __getattr__(self, name):
        return getattr(self.real, name)


def sign_in_outcome(store, username, password) -> str:
    try:
        accounts.authenticate(store, username, password)
    except SignInError as exc:
        return "locked" if "锁定" in str(exc) else "refused"
    return "signed in"


def test_parallel_guesses_get_at_most_the_allowed_password_checks(store, monkeypatch):
    """40 guesses at once on one account: five are checked, the rest refused before any hash,
    and the right password arriving while they are being checked is refused too.
    """
    accounts.add_user(store, "admin", PASSWORD, "admin")
    hold = threading.Event()
    hasher = CountingHasher(accounts._hasher, hold)
    monkeypatch.setattr(accounts, "_hasher", hasher)

    with ThreadPoolExecutor(max_workers=40) as pool:
        guesses = [pool.submit(sign_in_outcome, store, "admin", f"guess {i}") for i in range(39)]
        # Every guess beyond the allowed ones is refused at once, without waiting for a check.
        deadline = time.monotonic() + 30
        while sum(g.done() for g in guesses) < 39 - accounts.MAX_FAILED_ATTEMPTS:
            assert time.monotonic() < deadline, "guesses over the limit waited for a check"
            time.sleep(0.01)
        right_password = pool.submit(sign_in_outcome, store, "admin", PASSWORD)
        assert right_password.result(timeout=30) == "locked"
        hold.set()
        outcomes = [g.result(timeout=30) for g in guesses]

    assert hasher.checks == accounts.MAX_FAILED_ATTEMPTS
    assert hasher.peak <= accounts.MAX_CONCURRENT_PASSWORD_CHECKS
    assert outcomes.count("signed in") == 0
    assert outcomes.count("locked") == 39 - accounts.MAX_FAILED_ATTEMPTS + 1  # the fifth locks
    assert "sign_in" not in audit_actions(store)


def test_parallel_sign_ins_of_different_people_all_succeed_a_few_checks_at_a_time(
    store, monkeypatch
):
    names = [f"user{i}" for i in range(4)]
    for name in names:
        accounts.add_user(store, name, PASSWORD, "viewer")
    hasher = CountingHasher(accounts._hasher)
    monkeypatch.setattr(accounts, "_hasher", hasher)
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        outcomes = list(pool.map(lambda name: sign_in_outcome(store, name, PASSWORD), names))
    assert outcomes == ["signed in"] * len(names)
    assert hasher.checks == len(names)
    assert 1 <= hasher.peak <= accounts.MAX_CONCURRENT_PASSWORD_CHECKS


def test_a_disabled_account_with_the_right_password_is_not_counted_towards_a_lock(store):
    accounts.add_user(store, "admin", PASSWORD, "admin")
    accounts.add_user(store, "leader", PASSWORD, "viewer")
    accounts.disable_user(store, "leader", actor="admin")
    with pytest.raises(SignInError, match="停用"):
        accounts.authenticate(store, "leader", PASSWORD, now=NOON)
    account = store.cursor().execute(
        "select failed_attempts, locked_until from users where username = 'leader'"
    )
    assert account.fetchone() == (0, None)
