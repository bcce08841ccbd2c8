"""Sign-in, roles and sessions in the app: who reaches which page, enforced on the server."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.conftest import PASSWORDS, ROOT, audit_actions
from tracker.access import accounts, audit, sessions

MUST_SIGN_IN = {"TRACKER_VIEWERS_MUST_SIGN_IN": "true"}
UPLOAD, HISTORY, ADMIN = "pages/upload.py", "pages/history.py", "pages/admin.py"


def ok(at):
    """Run and assert the run raised nothing."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(make_app, path, page, **settings):
    """The app on the store at `path`, switched to `page` (a file under pages/)."""
    at = ok(make_app(path, **settings))
    at.switch_page(page)
    return ok(at)


def sign_in(at, username: str, password: str | None = None):
    """Fill the sign-in form (the only page when viewers must sign in) and submit it."""
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password or PASSWORDS[username])
    at.button(key="sign_in_submit").click()
    return ok(at)


def signed_in_app(make_app, store, username: str, lang: str | None = None, **settings):
    """The app on `store`, where viewers must sign in, signed in as `username`; in English
    where `lang` is "en"."""
    at = make_app(store.path, **MUST_SIGN_IN, **settings)
    if lang:
        at.query_params["lang"] = lang
    sign_in(ok(at), username)
    assert not at.error, [e.value for e in at.error]
    return at


def signed_in_page(make_app, store, username: str, page: str, lang: str | None = None, **settings):
    """The app signed in as `username` (signed_in_app) and switched to `page`."""
    at = signed_in_app(make_app, store, username, lang, **settings)
    at.switch_page(page)
    return ok(at)


PAGE_TITLES = {
    UPLOAD: "数据上传",
    HISTORY: "上传记录",
    ADMIN: "账户与审计",
    "pages/overview.py": "总览",
}


def reachable(at, page: str) -> bool:
    """Whether asking for the page renders it. A page not registered for the session cannot be
    switched to at all; one reached some other way must stop at its role check.
    """
    try:
        at.switch_page(page)
    except ValueError:
        return False
    ok(at)
    if PAGE_TITLES[page] in titles(at):
        return True
    assert not at.file_uploader and not at.dataframe, "a refused page must not act or show data"
    return False


def signed_in_token(store, username: str) -> str:
    """A session token as signing in gives one, for a page run on its own."""
    return sessions.start(store, accounts.get_user(store, username))


def age_sessions(
    store, username: str, *, idle: timedelta = timedelta(), age: timedelta = timedelta()
):
    """Make the account's open sessions look idle for `idle` and begun `age` ago."""
    store.cursor().execute(
        "update sessions set last_seen = $now - $idle, signed_in_at = $now - $age "
        "where username = $username and ended_at is null",
        {"now": datetime.now(), "idle": idle, "age": age, "username": username},
    )


def titles(at) -> list[str]:
    return [title.value for title in at.title]


def test_when_viewers_need_not_sign_in_anyone_sees_the_overview_but_no_data_page(
    make_app, app_store
):
    at = ok(make_app(app_store.path))
    assert titles(at) == ["总览"]
    assert "未登录：仅可查看" in [c.value for c in at.sidebar.caption]
    for page in (UPLOAD, HISTORY, ADMIN):
        assert not reachable(at, page)


def test_when_viewers_must_sign_in_the_sign_in_page_is_all_there_is(make_app, app_store):
    at = ok(make_app(app_store.path, **MUST_SIGN_IN))
    assert titles(at) == ["登录"]
    assert not at.metric
    for page in ("pages/overview.py", UPLOAD, ADMIN):
        assert not reachable(at, page)


def test_a_wrong_password_is_refused_in_chinese_and_audited(make_app, app_store):
    at = ok(make_app(app_store.path, **MUST_SIGN_IN))
    sign_in(at, "zhang", "not the password")
    assert [e.value for e in at.error] == ["用户名或密码错误"]
    assert titles(at) == ["登录"]
    assert audit_actions(app_store)[-1] == "sign_in_failed"


def test_repeated_wrong_passwords_lock_the_account(make_app, app_store):
    at = ok(make_app(app_store.path, **MUST_SIGN_IN))
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        sign_in(at, "zhang", "not the password")
    assert "账户已被锁定" in at.error[0].value
    sign_in(at, "zhang")  # even the right password waits for the lock to end
    assert "账户已被锁定" in at.error[0].value
    assert titles(at) == ["登录"]


def test_empty_fields_are_asked_for_without_an_attempt(make_app, app_store):
    at = ok(make_app(app_store.path, **MUST_SIGN_IN))
    at.button(key="sign_in_submit").click()
    ok(at)
    assert [e.value for e in at.error] == ["请填写用户名和密码"]
    assert "sign_in_failed" not in audit_actions(app_store)


def test_a_viewer_sees_the_dashboard_and_cannot_reach_upload_or_admin_by_url(make_app, app_store):
    at = signed_in_app(make_app, app_store, "leader")
    assert titles(at) == ["总览"]
    assert "**李局长**" in [m.value for m in at.sidebar.markdown]
    assert "领导（只读）" in [c.value for c in at.sidebar.caption]
    for page in (UPLOAD, HISTORY, ADMIN):
        assert not reachable(at, page)
    assert audit_actions(app_store)[-1] == "sign_in"
    assert "sign_in_password" not in at.session_state  # the typed password is not kept


def test_staff_reach_upload_and_history_but_not_admin(make_app, app_store):
    at = signed_in_app(make_app, app_store, "zhang")
    assert "填报人员 · 建设管理科" in [c.value for c in at.sidebar.caption]
    assert reachable(at, UPLOAD) and titles(at) == ["数据上传"]
    assert reachable(at, HISTORY) and titles(at) == ["上传记录"]
    assert not reachable(at, ADMIN)


def test_an_admin_reaches_every_page(make_app, app_store):
    at = signed_in_app(make_app, app_store, "admin")
    for page, title in ((UPLOAD, "数据上传"), (HISTORY, "上传记录"), (ADMIN, "账户与审计")):
        assert reachable(at, page)
        assert titles(at) == [title]


@pytest.mark.parametrize("page", [UPLOAD, HISTORY, ADMIN])
@pytest.mark.parametrize("username", ["leader", None])
def test_a_restricted_page_run_directly_stops_before_it_acts(make_app, app_store, page, username):
    """Even if a page script were reached some other way, it checks the role on the server."""
    from streamlit.testing.v1 import AppTest

    make_app(app_store.path)  # settings and fresh caches
    at = AppTest.from_file(str(ROOT / page), default_timeout=30)
    if username:
        at.session_state["auth_token"] = signed_in_token(app_store, username)
    ok(at)
    assert len(at.error) == 1 and at.error[0].value.startswith("只有")
    assert not at.file_uploader and not at.button and not at.dataframe


LEADER_PAGES = ["pages/overview.py", "pages/task_progress.py", "pages/units.py", "pages/regions.py"]


@pytest.mark.parametrize("page", LEADER_PAGES)
def test_a_leaders_page_run_directly_asks_for_sign_in_where_viewers_must(make_app, app_store, page):
    """A cold server serves a page file on its own (legacy pages/ mode): it must still check."""
    from streamlit.testing.v1 import AppTest

    make_app(app_store.path, **MUST_SIGN_IN)
    at = ok(AppTest.from_file(str(ROOT / page), default_timeout=30))
    assert [e.value for e in at.error] == ["请先登录后查看"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")

    at.session_state["auth_token"] = signed_in_token(app_store, "leader")
    ok(at)
    assert not at.error and titles(at)


def test_staff_running_the_admin_page_directly_are_stopped(make_app, app_store):
    from streamlit.testing.v1 import AppTest

    make_app(app_store.path)
    at = AppTest.from_file(str(ROOT / ADMIN), default_timeout=30)
    at.session_state["auth_token"] = signed_in_token(app_store, "zhang")
    ok(at)
    assert [e.value for e in at.error] == ["只有管理员可以使用此页面"]
    assert not at.text_input


def test_signing_out_ends_the_session_and_is_audited(make_app, app_store):
    at = signed_in_app(make_app, app_store, "zhang")
    at.sidebar.button(key="sign_out").click()
    ok(at)
    assert titles(at) == ["登录"]
    assert audit_actions(app_store)[-1] == "sign_out"
    assert audit.recent(app_store).iloc[0]["detail"] == "主动退出"


def test_an_idle_session_expires_with_a_message_and_an_audit_record(make_app, app_store):
    at = signed_in_app(make_app, app_store, "zhang", TRACKER_SESSION_IDLE_MINUTES="30")
    age_sessions(app_store, "zhang", idle=timedelta(minutes=31), age=timedelta(minutes=31))
    ok(at)
    assert titles(at) == ["登录"]
    assert [w.value for w in at.warning] == ["登录已超时，请重新登录"]
    last = audit.recent(app_store).iloc[0]
    assert (last["action"], last["actor"], last["detail"]) == (
        "sign_out",
        "zhang",
        "会话超时，自动退出",
    )


def test_a_session_older_than_the_maximum_expires_however_busy(make_app, app_store):
    at = signed_in_app(make_app, app_store, "zhang", TRACKER_SESSION_MAX_HOURS="12")
    age_sessions(app_store, "zhang", age=timedelta(hours=13))
    ok(at)
    assert titles(at) == ["登录"]


def test_a_busy_session_stays_signed_in(make_app, app_store):
    at = signed_in_app(make_app, app_store, "zhang")
    age_sessions(app_store, "zhang", idle=timedelta(minutes=29), age=timedelta(hours=11))
    ok(at)
    assert titles(at) == ["总览"]


def test_disabling_an_account_signs_it_out_at_once(make_app, app_store):
    at = signed_in_app(make_app, app_store, "zhang")
    assert reachable(at, UPLOAD)
    accounts.disable_user(app_store, "zhang", actor="admin")
    ok(at)
    assert titles(at) == ["登录"]
    assert [w.value for w in at.warning] == ["您的账户已停用，请联系管理员"]


def test_a_changed_role_takes_effect_at_once(make_app, app_store):
    at = signed_in_app(make_app, app_store, "zhang")
    assert reachable(at, UPLOAD)
    accounts.set_role(app_store, "zhang", "viewer", actor="admin")
    ok(at)
    assert "领导（只读）" in [c.value for c in at.sidebar.caption]
    assert not reachable(at, UPLOAD)


def test_english_sign_in_page(make_app, app_store):
    at = make_app(app_store.path, **MUST_SIGN_IN)
    at.query_params["lang"] = "en"
    ok(at)
    assert titles(at) == ["Sign in"]


# --- Identity provider (OIDC) -------------------------------------------------------------------

OIDC = {"TRACKER_AUTH": "oidc", **MUST_SIGN_IN}


def test_with_oidc_the_providers_email_signs_in_the_matching_account(make_app, app_store):
    accounts.add_user(
        app_store, "zhang@bureau.gov.cn", "unused password", "staff", units=["建设管理科"]
    )
    at = make_app(app_store.path, **OIDC)
    at.user = {"is_logged_in": True, "email": "Zhang@Bureau.gov.cn", "name": "张三"}
    ok(at)
    assert titles(at) == ["总览"]
    assert reachable(at, UPLOAD)
    last = audit.recent(app_store).iloc[0]
    assert (last["action"], last["actor"], last["detail"]) == (
        "sign_in",
        "zhang@bureau.gov.cn",
        "统一身份认证登录",
    )
    assert audit_actions(app_store).count("sign_in") == 1  # once per session, not once per run


def test_with_oidc_an_identity_without_an_account_is_refused_once(make_app, app_store):
    at = make_app(app_store.path, **OIDC)
    at.user = {"is_logged_in": True, "email": "stranger@example.com"}
    ok(at)
    assert titles(at) == ["登录"]
    assert "尚未开通本系统权限" in at.warning[0].value
    ok(at)
    assert audit_actions(app_store).count("sign_in_failed") == 1


def test_with_oidc_nobody_signed_in_sees_the_provider_button(make_app, app_store):
    at = make_app(app_store.path, **OIDC)
    at.user = {"is_logged_in": False}
    ok(at)
    assert titles(at) == ["登录"]
    assert [b.label for b in at.button] == ["使用统一身份认证登录"]
    assert not at.text_input


def test_where_viewers_may_browse_an_expired_session_is_explained_once_in_the_sidebar(
    make_app, app_store
):
    at = ok(make_app(app_store.path))
    at.session_state["auth_token"] = signed_in_token(app_store, "zhang")
    age_sessions(app_store, "zhang", age=timedelta(hours=13))
    ok(at)
    assert titles(at) == ["总览"]
    assert [w.value for w in at.sidebar.warning] == ["登录已超时，请重新登录"]
    ok(at)
    assert not at.sidebar.warning
    assert "未登录：仅可查看" in [c.value for c in at.sidebar.caption]


def test_with_oidc_an_expired_session_also_leaves_the_provider(make_app, app_store):
    accounts.add_user(app_store, "zhang@bureau.gov.cn", "unused password", "viewer")
    at = make_app(app_store.path, **OIDC)
    at.user = {"is_logged_in": True, "email": "zhang@bureau.gov.cn"}
    ok(at)
    age_sessions(app_store, "zhang@bureau.gov.cn", idle=timedelta(hours=1), age=timedelta(hours=1))
    ok(at)
    assert titles(at) == ["登录"]
    assert not at.user.get("is_logged_in")  # st.logout() cleared the provider's identity
    assert audit.recent(app_store).iloc[0][["action", "detail"]].tolist() == [
        "sign_out",
        "会话超时，自动退出",
    ]
