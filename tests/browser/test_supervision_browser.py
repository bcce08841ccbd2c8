"""The supervision loop in headless Chromium: an admin drafts and downloads the bulletin, a unit's
staff member writes a rectification, and the admin closes the entry.

One server on a copy of the demo store with accounts and September's ledger evaluated before it
starts (every lagging unit on the 黑榜, so zhang's 建设管理科 has an entry).
"""

from __future__ import annotations

import shutil

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.conftest import running_app, wait_for_app
from tests.browser.test_uploads_browser import go_to, shot, sign_in
from tracker.progress.status import Thresholds
from tracker.store import Store
from tracker.supervision import ledger, rules
from tracker.supervision.rules import SupervisionSettings

pytestmark = pytest.mark.browser

RECTIFICATION = "海绵化改造工程已复工，10月底前补齐坂田片区评估资料"


@pytest.fixture(scope="module")
def app_url(accounts_db_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("supervision") / "tracker.duckdb"
    shutil.copy(accounts_db_file, path)
    store = Store.open(path)
    try:
        rules.save(store, SupervisionSettings(black_list_size=10), "admin")
        ledger.evaluate(store, "2022-09", "admin", Thresholds())
    finally:
        store.close()
    with running_app(path, TRACKER_VIEWERS_MUST_SIGN_IN="true") as base:
        yield base


def choose(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_draft_download_rectify_and_close(app_url, browser, tmp_path):
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    sign_in(admin, app_url, "admin")
    go_to(admin, "月度通报")
    choose(admin, "地区", "龙岗区")
    admin.get_by_role("button", name="生成通报").click()
    admin.get_by_text("龙岗区重点任务推进情况通报", exact=True).wait_for()
    admin.get_by_text("一、总体情况", exact=True).wait_for()
    wait_for_app(admin)
    shot(admin, "bulletin")
    # a loaded test machine may queue the file behind the page's own rerun: allow a minute
    with admin.expect_download(timeout=60_000) as download:
        admin.get_by_role("button", name="下载通报（Word）").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "龙岗区重点任务推进情况通报_2022-09.docx"
    assert Document(str(saved)).paragraphs[0].text == "龙岗区重点任务推进情况通报"

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    sign_in(staff, app_url, "zhang")
    go_to(staff, "督办台账")
    staff.get_by_role("textbox", name="整改情况").fill(RECTIFICATION)
    staff.get_by_role("button", name="提交整改情况").click()
    staff.get_by_text("的整改情况", exact=False).first.wait_for()
    wait_for_app(staff)
    shot(staff, "ledger_staff")

    go_to(admin, "督办台账")
    admin.get_by_text(RECTIFICATION).first.wait_for()
    admin.get_by_role("textbox", name="销号意见").fill("整改措施已落实，同意销号")
    admin.get_by_role("button", name="销号", exact=True).click()
    expect(admin.get_by_text("已销号", exact=False).first).to_be_visible()
    wait_for_app(admin)
    shot(admin, "ledger_admin")
    expect(admin.get_by_text("没有已整改待销号的事项。")).to_be_visible()
