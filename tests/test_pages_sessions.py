"""Sessions in the pages: every action checks the session again, a refresh keeps it through a
cookie that holds only a token, and names from uploads show as text.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import row_counts
from tests.test_auth_ui import age_sessions, ok, sign_in, signed_in_page, titles
from tests.test_pages_upload import (
    HEADER,
    HISTORY,
    MUST_SIGN_IN,
    TUNNEL_DONE,
    UPLOAD,
    excel_csv,
    upload,
)
from tracker.access import accounts, audit, sessions
from tracker.access.accounts import User
from tracker.intake import uploads
from ui import auth
from ui.text import escape_markdown

STAFF = User("zhang", "张三", "staff", ("建设管理科",))
# An image link and bold type in a file name: the admin's browser must not fetch or style it.
MARKUP_NAME = "![x](http://127.0.0.1:9/x.png) **粗体** _斜体_ :red[红].csv"


def store_batch(store, file_name: str) -> int:
    data = excel_csv(HEADER, TUNNEL_DONE.replace(",12.5,", ",93,"))
    checked = uploads.check(store, STAFF, data, file_name, max_upload_mb=20)
    return uploads.store_upload(store, STAFF, checked).batch_id


def batch_state(store, batch: int) -> str:
    return (
        store.cursor()
        .execute("select state from batches where batch_id = $b", {"b": batch})
        .fetchone()[0]
    )


def last_audit(store) -> list[str]:
    return audit.recent(store, limit=1).iloc[0][["actor", "action", "detail"]].tolist()


def test_a_file_name_with_markup_shows_as_literal_text_in_the_history(make_app, app_store):
    batch = store_batch(app_store, MARKUP_NAME)
    at = signed_in_page(make_app, app_store, "admin", HISTORY)
    confirm = at.checkbox(key=f"undo_confirm_{batch}")
    assert confirm.label == f"我确认撤销批次 {batch}（{escape_markdown(MARKUP_NAME)}，1 行）"
    assert "](" not in confirm.label and "**" not in confirm.label
    # a select box shows its options as plain text: there the name is as typed
    assert MARKUP_NAME in at.selectbox(key="history_batch").format_func(batch)


@pytest.mark.parametrize(
    "text",
    [MARKUP_NAME, "<img src=x onerror=alert(1)>", "$x^2$", "1. 列表", "# 标题", "a\nb", "\\*"],
)
def test_escaped_text_has_no_markdown_left(text):
    import re

    escaped = escape_markdown(text)
    # every ASCII punctuation mark is preceded by a backslash (itself escaped), so none acts
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped.replace("  \n", ""))


def test_an_undo_clicked_after_the_session_expired_does_nothing_and_signs_out(make_app, app_store):
    batch = store_batch(app_store, "三季度进度.csv")
    at = signed_in_page(make_app, app_store, "admin", HISTORY)
    at.checkbox(key=f"undo_confirm_{batch}").check()
    ok(at)
    age_sessions(app_store, "admin", idle=timedelta(minutes=31), age=timedelta(minutes=31))
    at.button(key="undo_batch").click()
    ok(at)
    assert batch_state(app_store, batch) == "stored"
    assert titles(at) == ["登录"]
    assert last_audit(app_store) == ["admin", "sign_out", "会话超时，自动退出"]


def test_a_store_clicked_after_the_account_was_disabled_stores_nothing(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    upload(at, "三季度进度.csv", excel_csv(HEADER, TUNNEL_DONE))
    before = row_counts(app_store)
    accounts.disable_user(app_store, "zhang", actor="admin")
    at.button(key="upload_commit").click()
    ok(at)
    assert row_counts(app_store) == before
    assert titles(at) == ["登录"]
    assert [w.value for w in at.warning] == ["您的账户已停用，请联系管理员"]


# --- Refresh keeps the session -------------------------------------------------------------------


def cookie_script(at) -> str:
    scripts = [h.proto.body for h in at.get("html") if "document.cookie" in h.proto.body]
    assert len(scripts) == 1
    return scripts[0]


def test_signing_in_sets_a_cookie_with_a_token_only(make_app, app_store):
    at = ok(make_app(app_store.path, **MUST_SIGN_IN))
    sign_in(at, "zhang")
    token = at.session_state["auth_token"]
    script = cookie_script(at)
    assert f"{auth.COOKIE}={token};" in script and "SameSite=Strict" in script
    assert "zhang" not in script and "staff password" not in script
    assert "Max-Age=43200" in script  # the session's maximum age, 12 hours


def test_a_new_page_load_with_the_cookie_is_signed_in_and_one_after_sign_out_is_not(
    make_app, app_store, monkeypatch
):
    """What a browser refresh does: a new Streamlit session whose request carries the cookie."""
    at = ok(make_app(app_store.path, **MUST_SIGN_IN))
    sign_in(at, "zhang")
    token = at.session_state["auth_token"]

    monkeypatch.setattr(auth, "_cookie_token", lambda: token)
    refreshed = ok(make_app(app_store.path, **MUST_SIGN_IN))
    assert titles(refreshed) == ["总览"]
    assert not [h for h in refreshed.get("html") if "document.cookie" in h.proto.body]

    refreshed.sidebar.button(key="sign_out").click()
    ok(refreshed)
    assert titles(refreshed) == ["登录"]
    assert "Max-Age=0" in cookie_script(refreshed)  # the browser forgets it
    copied = ok(make_app(app_store.path, **MUST_SIGN_IN))  # the token pasted into another browser
    assert titles(copied) == ["登录"]
    assert not copied.warning
    ok(at)  # the first tab of the same sign-in
    assert titles(at) == ["登录"]


def test_a_page_load_with_an_expired_cookie_explains_once(make_app, app_store, monkeypatch):
    token = sessions.start(app_store, accounts.get_user(app_store, "zhang"))
    age_sessions(app_store, "zhang", idle=timedelta(hours=1), age=timedelta(hours=1))
    monkeypatch.setattr(auth, "_cookie_token", lambda: token)
    at = ok(make_app(app_store.path, **MUST_SIGN_IN))
    assert titles(at) == ["登录"]
    assert [w.value for w in at.warning] == ["登录已超时，请重新登录"]
    ok(at)
    assert not at.warning
    assert [a for a in audit.recent(app_store)["action"] if a == "sign_out"] == ["sign_out"]


def test_a_refused_download_leaves_no_traceback_but_other_failures_do():
    import logging
    import sys

    def record_of(error: Exception) -> logging.LogRecord:
        try:
            try:
                raise error
            except Exception as inner:  # as Streamlit wraps what the download's build raised
                raise RuntimeError("Callable execution failed") from inner
        except RuntimeError:
            return logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())

    quiet = auth.DOWNLOAD_LOGGER.filters
    refused = record_of(auth.DownloadRefused("会话超时，自动退出"))
    broken = record_of(ValueError("a bug in building the file"))
    assert not all(f.filter(refused) for f in quiet)
    assert all(f.filter(broken) for f in quiet)
