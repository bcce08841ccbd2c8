"""Snapshots matched to the year's plan: by task code, else by names and owner; rows outside the
plan refused for staff (with the closest plan names) and warned for administrators."""

from datetime import date

import pytest

from tracker.intake import ingest
from tracker.plan import plans
from tracker.progress import metrics

PLAN = "\n".join(
    [
        "任务编号,任务名称,指标名称,计量单位,指标类型,年度目标,牵头单位",
        "GJ-01,地下综合管廊建设,新建地下综合管廊,公里,累计值,12,建设管理科",
        "KH-02,筹集租赁住房,租赁住房筹集量,套,累计值,25000,住房保障科",
        "AQ-01,安全生产,亡人事故起数,起,控制上限,0,质量安全科",
    ]
).encode()
HEADER = "任务编号,截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位"


@pytest.fixture
def planned(store):
    plans.save(store, plans.check_file(PLAN, "清单.csv", 2022), "admin")
    return store


def prepare(store, *lines, units=None):
    data = "\n".join([HEADER, *lines]).encode()
    return ingest.prepare(store, data, "进度.csv", allowed_units=units, today=date(2023, 1, 1))


def test_a_row_names_its_plan_indicator_by_task_code_whatever_names_it_wrote(planned):
    upload = prepare(
        planned, "GJ-01,2022-09-30,综合管廊,管廊建成长度,公里,12,9.3,", units={"建设管理科"}
    )
    assert upload.accepted, upload.problems
    assert upload.summary()["new_indicators"] == 0
    ingest.commit(planned, upload, "zhang")
    status = metrics.indicator_status(planned, date(2022, 9, 30)).set_index("task_code")
    assert status.loc["GJ-01", ["indicator", "actual", "lead_unit"]].tolist() == [
        "新建地下综合管廊",
        9.3,
        "建设管理科",
    ]
    assert len(status) == 3  # nothing outside the plan was created


def test_staff_rows_outside_the_plan_are_refused_with_the_closest_plan_names(planned):
    upload = prepare(
        planned,
        ",2022-09-30,筹集租赁住房,租赁住房筹集,套,25000,20000,住房保障科",
        units={"住房保障科"},
    )
    assert not upload.accepted
    message = upload.problems["message"].iloc[0]
    assert "不在 2022 年任务清单中" in message
    assert "“筹集租赁住房 · 租赁住房筹集量”" in message
    assert upload.problems["row"].iloc[0] == 2


def test_an_administrators_row_outside_the_plan_is_stored_with_a_warning(planned):
    upload = prepare(planned, ",2022-09-30,海绵城市,达标面积,平方公里,15,8,建设管理科")
    assert upload.accepted
    assert upload.warnings["message"].str.contains("不在 2022 年任务清单中").any()


def test_names_and_owner_match_without_a_code(planned):
    upload = prepare(
        planned,
        ",2022-09-30,筹集租赁住房,租赁住房筹集量,套,25000,20000,住房保障科",
        units={"住房保障科"},
    )
    assert upload.accepted, upload.problems
    assert upload.summary()["new_indicators"] == 0


def test_a_zero_ceiling_may_be_reported_with_its_target_of_0(planned):
    upload = prepare(planned, "AQ-01,2022-09-30,安全生产,亡人事故起数,起,0,0,质量安全科")
    assert upload.accepted, upload.problems
    refused = prepare(planned, "GJ-01,2022-09-30,地下综合管廊建设,新建地下综合管廊,公里,0,1,")
    assert "年度目标必须大于 0" in refused.problems["message"].tolist()


def test_a_year_without_a_plan_is_matched_as_before(planned):
    upload = prepare(
        planned, ",2021-09-30,海绵城市,达标面积,平方公里,15,8,建设管理科", units={"建设管理科"}
    )
    assert upload.accepted and upload.warnings.empty
