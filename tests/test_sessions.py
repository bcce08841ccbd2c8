"""Sessions in the store: a token in the browser, its hash and expiry on the server."""

from datetime import datetime, timedelta

import pytest

from tracker.access import accounts, audit, sessions
from tracker.access.sessions import Limits, SessionEnded

NOON = datetime(2022, 9, 30, 12, 0)
LIMITS = Limits(idle_minutes=30, max_hours=12)


@pytest.fixture
def staff(store):
    accounts.add_user(store, "admin", "admin password 1", "admin")
    return accounts.add_user(store, "zhang", "staff password 1", "staff", units=["建设管理科"])


def session_rows(store) -> list[tuple]:
    return (
        store.cursor()
        .execute("select token_sha256, username, last_seen, ended_because from sessions")
        .fetchall()
    )


def last_audit(store) -> tuple[str, str, str]:
    row = audit.recent(store, limit=1).iloc[0]
    return row["actor"], row["action"], row["detail"]


def test_a_token_signs_its_user_in_and_only_its_hash_is_stored(store, staff):
    token = sessions.start(store, staff, NOON)
    assert len(token) >= 40 and "zhang" not in token
    assert sessions.resume(store, token, LIMITS, NOON + timedelta(minutes=5)) == staff
    stored = session_rows(store)
    assert len(stored) == 1 and token not in str(stored)


def test_two_sign_ins_get_different_tokens(store, staff):
    assert sessions.start(store, staff, NOON) != sessions.start(store, staff, NOON)


@pytest.mark.parametrize("token", ["", "not a token", "x" * 43])
def test_an_unknown_token_signs_nobody_in(store, staff, token):
    with pytest.raises(SessionEnded) as ended:
        sessions.resume(store, token, LIMITS, NOON)
    assert ended.value.reason == ""


def test_an_idle_session_ends_once_with_an_audit_record(store, staff):
    token = sessions.start(store, staff, NOON)
    with pytest.raises(SessionEnded) as ended:
        sessions.resume(store, token, LIMITS, NOON + timedelta(minutes=31))
    assert ended.value.reason == sessions.TIMED_OUT
    assert last_audit(store) == ("zhang", "sign_out", "会话超时，自动退出")
    with pytest.raises(SessionEnded):
        sessions.resume(store, token, LIMITS, NOON + timedelta(minutes=32))
    assert audit.recent(store)["action"].tolist().count("sign_out") == 1


def test_use_keeps_a_session_alive_until_its_maximum_age(store, staff):
    token = sessions.start(store, staff, NOON)
    now = NOON
    while now < NOON + timedelta(hours=12):
        assert sessions.resume(store, token, LIMITS, now) == staff
        now += timedelta(minutes=20)
    with pytest.raises(SessionEnded) as ended:
        sessions.resume(store, token, LIMITS, now + timedelta(minutes=1))
    assert ended.value.reason == sessions.TIMED_OUT


def test_last_seen_is_written_at_most_once_a_minute(store, staff):
    token = sessions.start(store, staff, NOON)
    sessions.resume(store, token, LIMITS, NOON + timedelta(seconds=30))
    assert session_rows(store)[0][2] == NOON
    sessions.resume(store, token, LIMITS, NOON + timedelta(seconds=90))
    assert session_rows(store)[0][2] == NOON + timedelta(seconds=90)


def test_signing_out_ends_the_token_wherever_it_was_copied(store, staff):
    token = sessions.start(store, staff, NOON)
    other_tab = sessions.start(store, staff, NOON)
    sessions.end(store, token, now=NOON)
    assert last_audit(store) == ("zhang", "sign_out", "主动退出")
    with pytest.raises(SessionEnded) as ended:
        sessions.resume(store, token, LIMITS, NOON)
    assert ended.value.reason == sessions.SIGNED_OUT
    assert sessions.resume(store, other_tab, LIMITS, NOON) == staff


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda s: accounts.disable_user(s, "zhang", actor="admin"), sessions.ACCOUNT_DISABLED),
        (
            lambda s: accounts.reset_password(s, "zhang", "new password 2", actor="admin"),
            sessions.PASSWORD_RESET,
        ),
    ],
)
def test_disabling_or_a_password_reset_ends_every_session_of_the_account(
    store, staff, change, reason
):
    tokens = [sessions.start(store, staff, NOON) for _ in range(2)]
    admin_token = sessions.start(store, accounts.get_user(store, "admin"), NOON)
    change(store)
    for token in tokens:
        with pytest.raises(SessionEnded) as ended:
            sessions.resume(store, token, LIMITS, NOON)
        assert ended.value.reason == reason
    assert sessions.resume(store, admin_token, LIMITS, NOON).username == "admin"


def test_enabling_again_does_not_bring_an_ended_session_back(store, staff):
    token = sessions.start(store, staff, NOON)
    accounts.disable_user(store, "zhang", actor="admin")
    accounts.enable_user(store, "zhang", actor="admin")
    with pytest.raises(SessionEnded):
        sessions.resume(store, token, LIMITS, NOON)


def test_a_session_sees_a_changed_role_at_once(store, staff):
    token = sessions.start(store, staff, NOON)
    accounts.set_role(store, "zhang", "viewer", actor="admin")
    assert sessions.resume(store, token, LIMITS, NOON).role == "viewer"


def test_the_session_queries_on_a_tiny_fixture(store):
    """Rows in, rows out: the SQL of tracker.access.sessions on its own."""
    from tracker import sql

    cur = store.cursor()
    for digest, user in (("a", "zhang"), ("b", "zhang"), ("c", "li")):
        cur.execute(
            sql.load("access/session_insert"),
            {"token_sha256": digest, "username": user, "now": NOON},
        )
    later = NOON + timedelta(minutes=5)
    cur.execute(sql.load("access/session_touch"), {"token_sha256": "a", "now": later})
    cur.execute(
        sql.load("access/sessions_end_for_user"),
        {"username": "zhang", "reason": "账户已停用，自动退出", "now": later},
    )
    ended = cur.execute(
        sql.load("access/session_end"), {"token_sha256": "a", "reason": "主动退出", "now": later}
    ).fetchone()[0]
    assert ended == 0  # already ended: the first reason stays
    rows = {
        digest: cur.execute(sql.load("access/session_get"), {"token_sha256": digest}).fetchone()
        for digest in "abc"
    }
    assert rows == {
        "a": ("zhang", NOON, later, later, "账户已停用，自动退出"),
        "b": ("zhang", NOON, NOON, later, "账户已停用，自动退出"),
        "c": ("li", NOON, NOON, None, None),
    }
    assert cur.execute(sql.load("access/session_get"), {"token_sha256": "z"}).fetchone() is None


def test_the_purge_query_on_a_tiny_fixture(store):
    """Rows in, rows out: ended (or unused since) before the cut-off go, the rest stay."""
    from tracker import sql

    cur = store.cursor()
    cut = datetime(2022, 9, 1)
    rows = [  # token, last seen, ended at
        ("ended long ago", cut - timedelta(days=5), cut - timedelta(days=4)),
        ("ended just after the cut", cut - timedelta(days=5), cut + timedelta(minutes=1)),
        ("never ended, unused since long ago", cut - timedelta(days=1), None),
        ("never ended, used after the cut", cut - timedelta(days=60), None),
        ("live", cut + timedelta(days=3), None),
    ]
    for token, last_seen, ended_at in rows:
        cur.execute(
            "insert into sessions values ($t, 'zhang', $seen, $seen, $ended, $why)",
            {"t": token, "seen": last_seen, "ended": ended_at, "why": ended_at and "主动退出"},
        )
    cur.execute(
        "update sessions set last_seen = $later where token_sha256 = $t",
        {"later": cut + timedelta(hours=1), "t": "never ended, used after the cut"},
    )
    cur.execute(sql.load("access/sessions_purge_ended"), {"before": cut})
    left = {r[0] for r in cur.execute("select token_sha256 from sessions").fetchall()}
    assert left == {"ended just after the cut", "never ended, used after the cut", "live"}


def test_a_sign_in_deletes_sessions_ended_over_thirty_days_before(store, staff):
    signed_out = sessions.start(store, staff, NOON)
    sessions.end(store, signed_out, now=NOON + timedelta(hours=1))
    expired = sessions.start(store, staff, NOON)  # left open, never used again
    recent = sessions.start(store, staff, NOON + timedelta(days=20))
    sessions.end(store, recent, now=NOON + timedelta(days=20, hours=1))

    def stored() -> set[str]:
        return {digest for digest, *_ in session_rows(store)}

    sessions.start(store, staff, NOON + timedelta(days=30))
    assert len(stored()) == 4  # nothing ended 30 days before yet
    # the session left open counts as ended at its last use; the signed-out one an hour later
    sessions.start(store, staff, NOON + timedelta(days=30, minutes=30))
    assert sessions._digest(expired) not in stored()
    assert sessions._digest(signed_out) in stored()
    sessions.start(store, staff, NOON + timedelta(days=31))
    assert sessions._digest(signed_out) not in stored()
    assert sessions._digest(recent) in stored() and len(stored()) == 4
    # a purged token is simply unknown: it signs nobody in
    with pytest.raises(SessionEnded) as ended:
        sessions.resume(store, signed_out, LIMITS, NOON + timedelta(days=31, hours=3))
    assert ended.value.reason == ""
