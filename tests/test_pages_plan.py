"""The 报送情况 and 任务清单 pages under AppTest, on the demo bureau and on an empty store.

In the demo's September 2022 round (monthly, due Saturday 10-08, a make-up working day after
National Day), 物业管理科's rows landed on 10-11 (迟报3天) and 房地产市场监管科 never sent
住房租赁合同网签备案 (未报); the city bureau's 2022Q3 came on time.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.test_auth_ui import ok, open_page, signed_in_page
from tests.test_pages_leaders import table_with
from tracker.plan import plans, reporting

REPORTING, PLAN = "pages/reporting.py", "pages/plan.py"


def september(at):
    at.selectbox(key="reporting.year").set_value(2022)
    at.selectbox(key="reporting.month").set_value(9)
    return ok(at)


def test_reporting_shows_who_is_late_who_is_missing_and_a_reminder(make_app, demo_store):
    at = september(open_page(make_app, demo_store.path, REPORTING))
    units = table_with(at, "报送情况").set_index("牵头单位")
    assert units.loc["物业管理科", "报送情况"] == "迟报3天"
    assert units.loc["房地产市场监管科", ["报送情况", "未报", "联系人"]].tolist() == [
        "未报",
        1,
        "郑伟 0755-28950105",
    ]
    assert units.loc["建设管理科", "报送情况"] == "按时"
    assert units.loc["建设管理科", "报送时限"] == "2022年10月8日"
    assert units.loc["城建处", ["报送期", "报送时限", "报送情况"]].tolist() == [
        "2022年第三季度",
        "2022年10月10日",
        "按时",
    ]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["迟报单位"] == "1" and metrics["未报单位"] == "1"
    waiting = table_with(at, "报送时间")
    assert waiting.iloc[0][["牵头单位", "指标名称", "报送情况"]].tolist() == [
        "房地产市场监管科",
        "住房租赁合同网签备案",
        "未报",
    ]
    reminder = at.code[0].value
    assert "房地产市场监管科：2022年9月的住房租赁合同网签备案（共1项）尚未报送" in reminder
    trend = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    # nothing after September was ever sent: those rounds are all missing, not left out
    assert trend["x"] == [f"2022年{m}月" for m in range(1, 13)]
    assert trend["text"][:6] == ["100.0%"] * 6
    assert trend["text"][6:9] == ["95.5%", "95.5%", "90.0%"]  # 21/22, 21/22, 27/30
    assert trend["text"][9:] == ["0.0%"] * 3
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("下载 CSV") >= 3 and labels.count("下载 Excel") >= 3


def test_reporting_opens_on_the_latest_round_that_anyone_reported(make_app, demo_store):
    at = open_page(make_app, demo_store.path, REPORTING)
    assert (
        at.selectbox(key="reporting.year").value,
        at.selectbox(key="reporting.month").value,
    ) == (
        2022,
        9,
    )


def test_reporting_on_an_empty_store_says_a_plan_is_needed(make_app, tmp_path):
    at = open_page(make_app, tmp_path / "empty.duckdb", REPORTING, TRACKER_DEMO_ON_EMPTY="false")
    assert "还没有年度任务清单" in at.info[0].value


def test_the_plan_page_lists_the_plan_and_offers_the_template(make_app, demo_store):
    at = open_page(make_app, demo_store.path, PLAN)
    plan = table_with(at, "报送频次")
    assert plan["报送频次"].value_counts().to_dict() == {"月报": 22, "季报": 8}
    assert plan.set_index("指标名称").loc["项目开工", "最大值"] == "268个"
    labels = [b.label for b in at.get("download_button")]
    assert "下载任务清单模板（Excel）" in labels and "下载任务清单模板（CSV）" in labels
    assert not at.file_uploader  # only administrators change the plan


def test_an_admin_adjusts_a_target_from_a_date_with_a_reason(make_app, app_store):
    at = signed_in_page(make_app, app_store, "admin", PLAN)
    at.selectbox(key="plan.year").set_value(2022)
    ok(at)
    sheet = plans.as_sheet(plans.items(app_store, 2022)).copy()
    sheet.loc[sheet["任务编号"] == "GJ-01", "年度目标"] = "15"
    data = sheet.to_csv(index=False).encode("utf-8-sig")
    at.file_uploader(key="plan.file").upload("2022年调整.csv", data, "text/csv")
    ok(at)
    assert "检查通过：30 个指标" in at.success[0].value
    at.radio(key="plan.file_save.how").set_value("年中调整目标：自某日起生效")
    ok(at)
    at.date_input(key="plan.file_save.from").set_value(date(2022, 7, 1))
    at.button(key="plan.save_file").click()
    ok(at)
    assert "调整原因" in at.error[0].value  # a dated adjustment needs its reason
    at.text_input(key="plan.file_save.reason").input("局党组会议纪要")
    at.button(key="plan.save_file").click()
    ok(at)
    assert "已保存 2022 年任务清单第 2 版" in at.success[0].value
    changes = table_with(at, "调整后目标")
    assert changes.iloc[0][["指标名称", "原目标", "调整后目标"]].tolist() == [
        "新建地下综合管廊",
        "12",
        "15",
    ]


def test_an_admin_edits_the_plan_and_a_bad_cell_is_refused_with_its_row(make_app, app_store):
    at = signed_in_page(make_app, app_store, "admin", PLAN)
    at.selectbox(key="plan.year").set_value(2022)
    ok(at)
    versions_before = len(plans.versions(app_store, 2022))
    at.button(key="plan.save_table").click()
    ok(at)
    assert "已保存 2022 年任务清单第 2 版" in at.success[0].value  # unchanged table: a correction
    assert len(plans.versions(app_store, 2022)) == versions_before + 1


def test_staff_see_what_their_unit_owes_on_the_upload_page(make_app, app_store):
    last_month = date.today() - timedelta(days=31)
    plan = "任务名称,牵头单位,年度目标,报送频次\n管廊巡检,建设管理科,100,月报\n".encode()
    plans.save(app_store, plans.check_file(plan, "清单.csv", last_month.year), "admin")
    owed = reporting.due_for_units(app_store, ["建设管理科"])
    assert len(owed) >= 1
    at = signed_in_page(make_app, app_store, "zhang", "pages/upload.py")  # staff of 建设管理科
    assert at.warning[0].value.startswith(f"本期待报送 {len(owed)} 项")


def test_leaders_pages_say_that_a_target_was_changed(make_app, demo_store):
    sheet = plans.as_sheet(plans.items(demo_store, 2022)).copy()
    sheet.loc[sheet["任务编号"] == "GJ-01", "年度目标"] = "15"
    adjusted = plans.check_table(sheet, 2022)
    reason = "局党组会议纪要〔2022〕15号"
    plans.save(demo_store, adjusted, "admin", effective_from=date(2022, 7, 1), reason=reason)
    note = f"新建地下综合管廊：年度目标自2022年7月1日起由12公里调整为15公里（{reason}）"
    overview = ok(make_app(demo_store.path))
    assert note in [c.value for c in overview.caption]
    tunnel = plans.items(demo_store, 2022).set_index("task_code").loc["GJ-01", "indicator_id"]
    at = make_app(demo_store.path)
    at.query_params["indicator"] = str(tunnel)
    ok(at)
    at.switch_page("pages/task_progress.py")
    ok(at)
    assert [i.value for i in at.info] == [note]
    assert {m.label: m.value for m in at.metric}["年度目标"] == "15公里"
    before = make_app(demo_store.path)
    before.query_params["as_of"] = "2022-06-30"
    assert note not in [c.value for c in ok(before).caption]  # not yet changed in June


def test_the_city_project_starts_are_never_projected_beyond_the_268_projects(make_app, demo_store):
    items = plans.items(demo_store, 2022).set_index("indicator")
    starts = items.loc["项目开工", "indicator_id"]
    at = make_app(demo_store.path)
    at.query_params["indicator"] = str(starts)
    at.query_params["region"] = "某市"
    ok(at)
    at.switch_page("pages/task_progress.py")
    ok(at)
    cards = {m.label: m.value for m in at.metric}
    # 224 started by September would be 298 at this pace; there are 268 projects to start
    assert cards["累计完成"] == "224个" and cards["按当前进度预计全年"] == "268个"


def chinese_in(texts) -> list[str]:
    return [text for text in texts if any("\u4e00" <= ch <= "\u9fff" for ch in text)]


def test_reporting_reads_in_english_where_the_office_wrote_nothing(make_app, demo_store):
    at = make_app(demo_store.path)
    at.query_params["lang"] = "en"
    ok(at)
    at.switch_page(REPORTING)
    at = september(ok(at))
    assert at.title[0].value == "Reporting"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Units late"] == "1" and metrics["Units missing"] == "1"
    units = table_with(at, "State").set_index("Lead unit")
    assert units.loc["物业管理科", "State"] == "Late 3 days"
    assert units.loc["房地产市场监管科", ["State", "Missing"]].tolist() == ["Missing", 1]
    assert units.loc["城建处", ["Period", "Deadline", "State"]].tolist() == [
        "2022Q3",
        "2022-10-10",
        "On time",
    ]
    assert "by the 5th of each month for the month before" in at.caption[0].value
    # the reminder is sent to the units, in Chinese
    assert "尚未报送" in at.code[0].value
    trend = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert trend["data"][0]["x"][:2] == ["2022-01", "2022-02"]
    assert trend["layout"]["yaxis"]["title"]["text"] == "On-time rate"
    page_text = [e.value for e in (*at.title, *at.subheader, *at.caption)] + [
        m.label for m in at.metric
    ]
    assert chinese_in(page_text) == []


def test_the_plan_page_reads_in_english(make_app, demo_store):
    at = make_app(demo_store.path)
    at.query_params["lang"] = "en"
    ok(at)
    at.switch_page(PLAN)
    ok(at)
    assert at.title[0].value == "The year's plan"
    plan = table_with(at, "Frequency")
    assert plan["Frequency"].value_counts().to_dict() == {"Monthly": 22, "Quarterly": 8}
    assert set(plan["Kind"]) <= {"Cumulative", "Level at report date", "Ceiling", "Milestones"}
    assert plan.set_index("Indicator").loc["项目开工", "Maximum"] == "268个"
    labels = [b.label for b in at.get("download_button")]
    assert "Plan template (Excel, Chinese headers)" in labels
    page_text = [e.value for e in (*at.title, *at.subheader, *at.caption, *at.markdown)]
    assert chinese_in(page_text) == []
