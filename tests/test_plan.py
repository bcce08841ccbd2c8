"""The year's plan: read and checked like a snapshot file, saved as dated versions, read back."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tracker.access import audit
from tracker.plan import plans

HEADER = "任务编号,任务名称,指标名称,计量单位,指标类型,年度目标,牵头单位,责任领导,联系人,报送频次,3月,6月,节点名称,计划完成日期"
PLAN = "\n".join(
    [
        "2022年重点任务清单",
        HEADER,
        "GJ-01,地下综合管廊建设,新建地下综合管廊,公里,累计值,12,建设管理科,王海涛,陈晓 0755-1,月报,3,6,,",
        "GJ-02,老旧小区改造,完成改造,个,节点,,城市更新科,刘晓东,,季报,,,方案批复,2022-03-31",
        "GJ-02,老旧小区改造,完成改造,个,节点,,城市更新科,,,,,,开工,2022-06-30",
        "AQ-01,安全生产,事故起数,起,控制上限,0,质量安全科,,,月报,,,,",
        "MY-01,信访办理,14日内办结率,%,期末值,95,办公室,,,,,,,",
    ]
).encode("utf-8")


def check(text: str | bytes, year: int | None = 2022, name: str = "清单.csv"):
    data = text.encode("gb18030") if isinstance(text, str) else text
    return plans.check_file(data, name, year)


def test_a_plan_is_read_with_kinds_frequencies_monthly_plan_and_milestones():
    checked = check(PLAN)
    assert checked.accepted, checked.problems
    items = checked.items.set_index("task_code")
    assert items["kind"].to_dict() == {
        "GJ-01": "cumulative",
        "GJ-02": "milestone",
        "AQ-01": "ceiling",
        "MY-01": "period_end",
    }
    assert items["frequency"].to_dict() == {
        "GJ-01": "monthly",
        "GJ-02": "quarterly",
        "AQ-01": "monthly",
        "MY-01": "monthly",
    }
    assert items.loc["GJ-02", "annual_target"] == 2  # a milestone task's target: its nodes
    assert items.loc["AQ-01", "direction"] == "lower"  # a ceiling is lower-is-better
    assert items.loc["GJ-01", "planned_by_month"][2] == 3
    assert items.loc["GJ-01", "planned_by_month"][5] == 6
    assert items.loc["GJ-01", "contact"] == "陈晓 0755-1"
    assert checked.milestones[["name", "due"]].values.tolist() == [
        ["方案批复", date(2022, 3, 31)],
        ["开工", date(2022, 6, 30)],
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (",管廊,,公里,累计值,,建设管理科,,,,,,,", "F列「年度目标」", "年度目标为空"),
        (",管廊,,公里,累计值,-1,建设管理科,,,,,,,", "F列「年度目标」", "必须大于 0"),
        (",管廊,,公里,累计值,abc,建设管理科,,,,,,,", "F列「年度目标」", "应为数字"),
        (",管廊,,公里,累计值,12,,,,,,,,", "G列「牵头单位」", "牵头单位为空"),
        (",管廊,,公里,增量,12,建设管理科,,,,,,,", "E列「指标类型」", "指标类型“增量”无法识别"),
        (",管廊,,公里,累计值,12,建设管理科,,,日报,,,,", "J列「报送频次」", "报送频次“日报”"),
        (",管廊,,公里,节点,,建设管理科,,,,,,,", "M列「节点名称」", "至少填写一个节点"),
        (",管廊,,公里,节点,,建设管理科,,,,,,开工,", "N列「计划完成日期」", "计划完成日期"),
        (",管廊,,公里,累计值,12,建设管理科,,,,-1,,,", "K列「3月」", "不能为负数"),
        (",事故,,起,控制上限,-1,质量科,,,,,,,", "F列「年度目标」", "控制上限不能为负数"),
    ],
)
def test_a_bad_row_refuses_the_plan_with_row_and_column(row, column, message):
    checked = check(f"{HEADER}\n{row}\n")
    assert not checked.accepted
    found = checked.problems[checked.problems["row"] == 2]
    assert column in found["column"].tolist()
    assert any(message in m for m in found["message"])


def test_a_file_without_the_required_columns_lists_what_it_found():
    checked = check("指标,目标\n管廊,12\n")
    assert not checked.accepted
    message = checked.problems["message"].iloc[0]
    assert "任务名称、牵头单位" in message and "指标、目标" in message


def test_repeated_rows_of_one_indicator_must_agree():
    checked = check(
        f"{HEADER}\n,管廊,,公里,累计值,12,建设管理科,,,,,,,\n,管廊,,公里,累计值,13,建设管理科,,,,,,,\n"
    )
    assert not checked.accepted
    assert "年度目标不一致" in checked.problems["message"].iloc[0]


def test_the_year_comes_from_the_file_or_must_be_chosen():
    assert check(PLAN, year=None).problems["message"].str.contains("年度").any()
    with_year = "年度," + HEADER + "\n2023,,管廊,,公里,累计值,12,建设管理科,,,,,,,\n"
    assert check(with_year, year=None).year == 2023
    assert not check(with_year, year=2022).accepted


def test_an_xlsx_plan_reads_like_a_csv(tmp_path):
    sheet = pd.read_csv(pd.io.common.BytesIO(PLAN), skiprows=1, dtype=str).fillna("")
    path = tmp_path / "清单.xlsx"
    sheet.to_excel(path, index=False)
    checked = plans.check_file(path.read_bytes(), path.name, 2022)
    assert checked.accepted, checked.problems
    assert len(checked.items) == 4


def test_an_edited_table_is_checked_as_a_file(store):
    saved = plans.save(store, check(PLAN), "admin")
    sheet = plans.as_sheet(plans.items(store, 2022), plans.milestones(store, 2022))
    assert len(sheet) == 5  # one row per indicator, two for the two milestones
    sheet.loc[sheet["任务编号"] == "GJ-01", "年度目标"] = "15"
    edited = plans.check_table(sheet, 2022)
    assert edited.accepted, edited.problems
    assert edited.items.set_index("task_code").loc["GJ-01", "annual_target"] == 15
    sheet.loc[sheet["任务编号"] == "GJ-01", "年度目标"] = "十五"
    refused = plans.check_table(sheet, 2022)
    assert refused.problems.iloc[0]["row"] == 2 and "年度目标" in refused.problems.iloc[0]["column"]
    assert saved == 1


def test_saving_creates_the_indicators_and_a_version_and_is_audited(store):
    version = plans.save(store, check(PLAN), "admin")
    items = plans.items(store, 2022)
    assert items["task_code"].tolist() == ["GJ-01", "GJ-02", "AQ-01", "MY-01"]
    assert (items["version_id"] == version).all()
    stored = store.cursor().execute("select count(*) from indicators").fetchone()[0]
    assert stored == 4
    assert plans.years(store) == [2022]
    assert plans.versions(store, 2022)[["version_id", "indicators"]].values.tolist() == [[1, 4]]
    log = audit.recent(store)
    assert log.iloc[0]["action"] == "plan_saved" and "4 个指标" in log.iloc[0]["detail"]


def test_a_target_adjustment_is_a_dated_version_that_needs_a_reason(store):
    plans.save(store, check(PLAN), "admin")
    adjusted = check(PLAN.replace(b"3,6,,", b"3,6,,").replace(b",12,", b",10,"))
    with pytest.raises(ValueError, match="原因"):
        plans.save(store, adjusted, "admin", effective_from=date(2022, 7, 1))
    plans.save(store, adjusted, "admin", effective_from=date(2022, 7, 1), reason="局党组会纪要")

    def target(as_of):
        items = plans.items(store, 2022, as_of).set_index("task_code")
        return items.loc["GJ-01", "annual_target"]

    assert target(date(2022, 6, 30)) == 12
    assert target(date(2022, 7, 1)) == 10
    assert target(None) == 10
    in_force = plans.items(store, 2022, date(2022, 9, 30)).iloc[0]
    assert (in_force["effective_from"], in_force["reason"]) == (date(2022, 7, 1), "局党组会纪要")
    # the same names across versions keep one identity
    assert store.cursor().execute("select count(*) from indicators").fetchone()[0] == 4


def test_a_correction_without_a_date_replaces_the_plan_from_the_start_of_the_year(store):
    plans.save(store, check(PLAN), "admin")
    plans.save(store, check(PLAN.replace(b",12,", b",11,")), "admin")
    assert plans.items(store, 2022, date(2022, 2, 1)).iloc[0]["annual_target"] == 11
    assert plans.versions(store, 2022)["version_id"].tolist() == [2, 1]


TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"


def test_the_plan_template_is_the_one_the_page_offers_and_its_examples_are_refused():
    csv_template = TEMPLATES / "重点任务清单模板.csv"
    assert csv_template.read_bytes() == plans.template_csv()
    for path in (csv_template, TEMPLATES / "重点任务清单模板.xlsx"):
        checked = plans.check_file(path.read_bytes(), path.name, 2022)
        assert checked.problems["row"].tolist() == [2, 3, 4, 5, 6]
        assert checked.problems["message"].str.contains("示例行").all()


def test_the_template_filled_in_is_a_plan_of_every_kind():
    sheet = plans.template_frame()
    sheet["任务编号"] = sheet["任务编号"].str.replace("示例", "RW")
    sheet["任务名称"] = sheet["任务名称"].str.replace("示例：", "")
    checked = plans.check_table(sheet, 2022)
    assert checked.accepted, checked.problems
    assert checked.items["kind"].tolist() == ["cumulative", "milestone", "cumulative", "ceiling"]
    assert checked.items["maximum"].tolist()[2] == 268
    assert len(checked.milestones) == 2


def test_target_changes_list_only_dated_adjustments_that_changed_a_target(store):
    plans.save(store, check(PLAN), "admin")
    plans.save(store, check(PLAN.replace(b",95,", b",96,")), "admin")  # a correction
    adjusted = check(PLAN.replace(b",95,", b",96,").replace(b",12,", b",10,"))
    plans.save(store, adjusted, "admin", effective_from=date(2022, 7, 1), reason="党组会")
    changes = plans.target_changes(store, 2022)
    assert changes[
        ["indicator", "old_target", "new_target", "effective_from", "reason"]
    ].values.tolist() == [["新建地下综合管廊", 12.0, 10.0, date(2022, 7, 1), "党组会"]]


MAXIMUM = "任务名称,指标名称,计量单位,年度目标,最大值,牵头单位\n"


def test_a_maximum_is_read_in_the_indicator_unit_and_kept_with_the_version(store):
    checked = check(
        MAXIMUM + "城建重点项目,项目开工,个,250,268,城建处\n管廊,管廊,公里,12,,建设处\n"
    )
    assert checked.accepted, checked.problems
    assert checked.items.set_index("task")["maximum"].tolist()[0] == 268
    assert pd.isna(checked.items.set_index("task").loc["管廊", "maximum"])
    plans.save(store, checked, "admin")
    saved = plans.items(store, 2022).set_index("task")
    assert saved.loc["城建重点项目", "maximum"] == 268 and pd.isna(saved.loc["管廊", "maximum"])
    sheet = plans.as_sheet(plans.items(store, 2022)).set_index("任务名称")
    assert sheet.loc["城建重点项目", "最大值"] == "268" and sheet.loc["管廊", "最大值"] == ""


@pytest.mark.parametrize(
    ("cells", "message"),
    [("250,200", "不能小于年度目标 250"), ("250,很多", "应为数字")],
)
def test_a_maximum_below_the_target_or_not_a_number_is_refused_with_its_column(cells, message):
    checked = check(MAXIMUM + f"城建重点项目,项目开工,个,{cells},城建处\n")
    assert not checked.accepted
    problem = checked.problems.iloc[0]
    assert (problem["row"], problem["column"]) == (2, "E列「最大值」")
    assert message in problem["message"]


def test_target_change_notes_say_old_and_new_target_date_and_reason_once_in_force(store):
    plans.save(store, check(PLAN), "admin")
    adjusted = check(PLAN.replace(b",12,", b",15,"))
    plans.save(store, adjusted, "admin", effective_from=date(2022, 7, 1), reason="局党组会议纪要")
    tunnel = plans.items(store, 2022).set_index("task_code").loc["GJ-01", "indicator_id"]
    notes = plans.target_change_notes(store, 2022, date(2022, 9, 30), [tunnel])
    assert notes == [
        "新建地下综合管廊：年度目标自2022年7月1日起由12公里调整为15公里（局党组会议纪要）"
    ]
    assert plans.target_change_notes(store, 2022, date(2022, 6, 30), [tunnel]) == []
    assert plans.target_change_notes(store, 2022, date(2022, 9, 30), [tunnel + 1]) == []
    english = plans.target_change_notes(store, 2022, date(2022, 9, 30), [tunnel], "en")
    assert english[0].startswith("新建地下综合管廊: annual target changed from 12")
