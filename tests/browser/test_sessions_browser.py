"""Sessions in headless Chromium against `streamlit run`: a refresh keeps the session, a copied
token stops working after sign-out, and a download clicked after expiry gives nothing but the
reason, in Chinese, with no traceback in the server's log.

The server runs with an idle limit of a few seconds (TRACKER_SESSION_IDLE_MINUTES takes
fractions) so that expiry can be waited for; every page run renews it, so the tests' own clicks
never wait that long.
"""

from __future__ import annotations

import shutil
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import running_app, wait_for_app
from tests.browser.test_uploads_browser import go_to, heading, shot, sign_in
from ui.auth import COOKIE

pytestmark = pytest.mark.browser

IDLE_SECONDS = 15


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    return tmp_path_factory.mktemp("sessions_log") / "server.log"


@pytest.fixture(scope="module")
def app_url(accounts_db_file, tmp_path_factory, server_log):
    path = tmp_path_factory.mktemp("sessions") / "tracker.duckdb"
    shutil.copy(accounts_db_file, path)
    with running_app(
        path,
        server_log,
        TRACKER_VIEWERS_MUST_SIGN_IN="true",
        TRACKER_SESSION_IDLE_MINUTES=str(IDLE_SECONDS / 60),
    ) as base:
        yield base


def session_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def test_a_refresh_keeps_the_session_and_a_copied_token_dies_with_sign_out(app_url, page, browser):
    sign_in(page, app_url, "zhang")
    cookie = session_cookie(page)
    assert cookie is not None and len(cookie["value"]) >= 40
    assert "zhang" not in cookie["value"] and cookie["sameSite"] == "Strict"

    page.reload()
    wait_for_app(page)
    heading(page, "总览").wait_for()
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("张三")
    shot(page, "sessions_after_refresh")

    page.get_by_role("button", name="退出登录").click()
    heading(page, "登录").wait_for()
    wait_for_app(page)

    # The token as it was, pasted into another browser: signed out there too.
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        other.add_cookies([{**cookie, "expires": time.time() + 3600}])
        copied = other.new_page()
        copied.goto(app_url + "/")
        wait_for_app(copied)
        heading(copied, "登录").wait_for()
        expect(copied.get_by_label("用户名")).to_be_visible()
    finally:
        other.close()
    page.reload()
    wait_for_app(page)
    heading(page, "登录").wait_for()
    assert session_cookie(page) is None  # the browser was told to forget it


def test_a_download_clicked_after_expiry_gives_nothing_but_the_reason(app_url, page, server_log):
    sign_in(page, app_url, "admin")
    go_to(page, "账户与审计")
    page.get_by_role("tab", name="审计日志").click()
    button = page.get_by_role("button", name="下载审计日志（CSV）")
    with page.expect_download() as fresh:
        button.click()
    assert "登录" in fresh.value.path().read_text(encoding="utf-8-sig")  # the log, while signed in
    wait_for_app(page)

    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.wait_for_timeout((IDLE_SECONDS + 1) * 1000)
    button.click()
    # the click's own page run finds the session ended, signs it out and says why
    heading(page, "登录").wait_for()
    expect(page.get_by_text("登录已超时，请重新登录")).to_be_visible()
    expect(page.get_by_text("Failed to generate file")).to_have_count(0)
    wait_for_app(page)
    shot(page, "sessions_download_after_expiry")
    assert downloads == []
    log = server_log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and "Error executing deferred callable" not in log
