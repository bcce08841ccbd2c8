"""The supervision loop in headless Chromium: an administrator uploads the year's plan, staff
report after the deadline, and the reporting page shows the unit as late by the right number of
days and the unit that never reported as missing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import running_app, wait_for_app
from tests.browser.test_uploads_browser import choose_file, go_to, heading, shot, sign_in
from tests.conftest import add_accounts
from tracker.plan import calendar
from tracker.store import Store

pytestmark = pytest.mark.browser


def reported_month() -> date:
    """The end of the month before last: its monthly reports were due early last month."""
    first_of_last_month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    return first_of_last_month - timedelta(days=1)


def open_page(page, link: str, title: str) -> None:
    """Through the sidebar; the page's own title may say more than its link."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link, exact=True).click()
    heading(page, title).wait_for(timeout=30_000)
    wait_for_app(page)


def choose(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan_browser") / "tracker.duckdb"
    store = Store.open(path)
    try:
        add_accounts(store)
    finally:
        store.close()
    with running_app(
        path, TRACKER_VIEWERS_MUST_SIGN_IN="true", TRACKER_DEMO_ON_EMPTY="false"
    ) as base:
        yield base


def test_a_plan_a_late_report_and_a_missing_one(app_url, browser):
    period_end = reported_month()
    year = period_end.year
    plan = (
        "任务编号,任务名称,指标名称,计量单位,年度目标,牵头单位,责任领导,联系人,报送频次\r\n"
        "GJ-01,地下综合管廊建设,新建地下综合管廊,公里,12,建设管理科,王海涛,陈晓 0755-1,月报\r\n"
        "KH-01,公共住房筹集,筹集建设量,套,5000,住房保障科,李明,林芳 0755-2,月报\r\n"
    ).encode("gbk")
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    sign_in(admin, app_url, "admin")
    open_page(admin, "任务清单", "年度任务清单")
    choose(admin, "年度", f"{year}年")
    choose_file(admin, f"{year}年任务清单.csv", plan)
    admin.get_by_text("检查通过：2 个指标").wait_for()
    admin.get_by_role("button", name="保存任务清单").click()
    admin.get_by_text(f"已保存 {year} 年任务清单第 1 版，共 2 个指标").wait_for()
    wait_for_app(admin)

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    sign_in(staff, app_url, "zhang")
    go_to(staff, "数据上传")
    expect(staff.get_by_text("本期待报送")).to_be_visible()
    report = (
        "截至日期,任务编号,任务名称,年度目标,累计完成\r\n"
        f"{period_end.isoformat()},GJ-01,地下综合管廊建设,12,5\r\n"
    ).encode("gbk")
    choose_file(staff, "进度.csv", report)
    staff.get_by_text("检查通过").wait_for()
    staff.get_by_role("button", name="确认入库").click()
    staff.get_by_text("已入库").wait_for()

    (period,) = calendar.periods_ending_in("monthly", year, period_end.month)
    due = calendar.deadline_day(
        calendar.deadline(calendar.DEFAULT_RULES["monthly"], period, calendar.WorkCalendar())
    )
    late_days = max(1, (date.today() - due).days)
    go_to(admin, "报送情况")
    choose(admin, "年度", f"{year}年")
    choose(admin, "报送期（月）", f"{year}年{period_end.month}月")
    units = admin.locator('[data-testid="stDataFrame"]').filter(has_text="报送情况").first
    expect(units).to_contain_text(f"迟报{late_days}天")
    expect(units).to_contain_text("未报")
    expect(admin.locator("code")).to_contain_text("住房保障科")
    shot(admin, "reporting")
