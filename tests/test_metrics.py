"""Status, quarters, roll-ups and projections on tiny stores whose expected rows are stated here."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tracker.intake import ingest
from tracker.progress import metrics
from tracker.progress.status import Thresholds

HEADER = "任务名称,年度目标,累计完成,序时目标,指标方向,截至日期,牵头单位,任务类别,所属地区"
Q3 = date(2021, 9, 30)

# task, target, actual, planned, direction, date, lead unit, category -> expected status on Q3
STATUS_CASES = [
    ("正好序时", 100, 75, "", "", "2021-09-30", "甲科", "考核", "on_track"),
    ("落后10点", 100, 65, "", "", "2021-09-30", "甲科", "考核", "slightly_behind"),
    ("落后11点", 100, 64, "", "", "2021-09-30", "乙科", "考核", "behind"),
    ("落后30点", 100, 45, "", "", "2021-09-30", "乙科", "重点", "behind"),
    ("落后31点", 100, 44, "", "", "2021-09-30", "乙科", "重点", "seriously_behind"),
    ("零进展", 100, 0, "", "", "2021-09-30", "丙科", "重点", "seriously_behind"),
    ("已完成", 100, 100, "", "", "2021-09-30", "丙科", "重点", "complete"),
    ("事故未超限", 4, 1, "", "越小越好", "2021-09-30", "丙科", "重点", "on_track"),
    ("事故超限", 4, 5, "", "越小越好", "2021-09-30", "丙科", "重点", "seriously_behind"),
    ("按计划考核", 100, 70, 80, "", "2021-09-30", "甲科", "考核", "slightly_behind"),
    ("久未报送", 100, 50, "", "", "2021-06-30", "甲科", "考核", "no_data"),
    ("年底才报", 100, 100, "", "", "2021-12-31", "甲科", "考核", "no_data"),
]


def upload(store, lines, name="进度.csv"):
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    checked = ingest.prepare(store, data, name, today=date(2022, 6, 1))
    assert checked.accepted, checked.problems.to_dict("records")
    return ingest.commit(store, checked, "测试")


def case_line(case) -> str:
    task, target, actual, planned, direction, day, unit, category, _ = case
    return f"{task},{target},{actual},{planned},{direction},{day},{unit},{category},某区"


@pytest.fixture
def cases_store(store):
    upload(store, [case_line(c) for c in STATUS_CASES])
    return store


def test_status_of_every_indicator_as_of_a_date(cases_store):
    status = metrics.indicator_status(cases_store, Q3).set_index("task")
    expected = {c[0]: c[-1] for c in STATUS_CASES}
    assert status["status"].to_dict() == expected


def test_rates_and_gap_at_the_end_of_the_third_quarter(cases_store):
    status = metrics.indicator_status(cases_store, Q3).set_index("task")
    assert status.loc[
        "落后10点", ["completion_rate", "schedule_rate", "gap_points"]
    ].tolist() == pytest.approx([0.65, 0.75, -10.0])
    # a milestone plan replaces the elapsed share
    assert status.loc["按计划考核", "schedule_rate"] == pytest.approx(0.8)
    # lower is better: being under the pro-rata ceiling counts as ahead
    assert status.loc["事故未超限", "gap_points"] == pytest.approx(50.0)
    # nothing reported by the date: missing is not zero
    assert pd.isna(status.loc["年底才报", "actual"]) and pd.isna(
        status.loc["年底才报", "completion_rate"]
    )
    assert status.loc["年底才报", "lead_unit"] == "甲科"


def test_thresholds_come_from_configuration(cases_store):
    strict = Thresholds(slightly_behind_points=5, behind_points=20, stale_after_days=200)
    status = metrics.indicator_status(cases_store, Q3, strict).set_index("task")["status"]
    assert status["落后10点"] == "behind"
    assert status["落后30点"] == "seriously_behind"
    # no longer stale: measured against the schedule at its own date (50% at the half year)
    assert status["久未报送"] == "on_track"


def test_year_end_completion_and_the_longgang_figure(store):
    upload(store, ["地下综合管廊建设,13.94,19.3,,,2021-12-31,建设管理科,考核,龙岗区"])
    row = metrics.indicator_status(store, date(2021, 12, 31)).iloc[0]
    assert round(row["completion_rate"] * 100, 1) == 138.5
    assert row["status"] == "complete"


def test_undone_batches_do_not_count(cases_store):
    second = upload(cases_store, ["落后31点,100,80,,,2021-09-30,乙科,重点,某区"])
    status = metrics.indicator_status(cases_store, Q3).set_index("task")
    assert status.loc["落后31点", "status"] == "on_track"
    ingest.undo(cases_store, second.batch_id, "管理员")
    status = metrics.indicator_status(cases_store, Q3).set_index("task")
    assert status.loc["落后31点", "status"] == "seriously_behind"


@pytest.mark.parametrize(
    ("day", "elapsed"),
    [
        (date(2021, 9, 30), 0.75),
        (date(2021, 3, 31), 0.25),
        (date(2021, 12, 31), 1.0),
        (date(2021, 1, 31), 1 / 12),
    ],
)
def test_year_elapsed_by_month(day, elapsed):
    assert metrics.year_elapsed(day) == pytest.approx(elapsed)


@pytest.mark.parametrize("rule", ["month", "day", "jan_feb"])
@pytest.mark.parametrize("start", ["1", "4"])
def test_the_schedule_by_day_is_the_rule_projects_count_in_sql_on_every_day(
    store, monkeypatch, rule, start
):
    # status and quarters look the share up in schedule_by_day; the projects' plans count it
    # with the year_elapsed macro: on every day of two years, one with a 29 February, both agree
    monkeypatch.setenv("TRACKER_YEAR_START_MONTH", start)
    for year, days in ((2023, 365 if start == "1" else 366), (2024, 366 if start == "1" else 365)):
        schedule = metrics.schedule_by_day(year, rule)
        first = schedule["year_first_day"]
        in_sql = (
            store.cursor()
            .execute(
                "select year_elapsed(d::date, $rule, $start::integer) from "
                "range($first::date, $first::date + interval 1 year, interval 1 day) t(d)",
                {"rule": rule, "start": int(start), "first": first},
            )
            .fetchall()
        )
        assert len(schedule["elapsed_by_day"]) == len(in_sql) == days
        assert schedule["elapsed_by_day"] == pytest.approx([share for (share,) in in_sql])
        assert schedule["elapsed_by_day"][-1] == pytest.approx(1.0)


def test_quarter_values_increments_and_missing_quarters(store):
    upload(
        store,
        [
            "管廊,20,4,,,2021-03-31,甲科,考核,某区",
            "管廊,20,9,,,2021-06-30,甲科,考核,某区",
            # nothing in the third quarter
            "管廊,20,18,,,2021-12-31,甲科,考核,某区",
        ],
    )
    indicator_id = int(metrics.indicator_status(store, date(2021, 12, 31))["indicator_id"].iloc[0])
    quarters = metrics.quarterly(store, indicator_id, 2021, date(2021, 12, 31))
    assert quarters["actual"].tolist()[:2] == [4, 9] and pd.isna(quarters["actual"].iloc[2])
    assert quarters["increment"].tolist()[:2] == [4, 5]
    assert pd.isna(quarters["increment"].iloc[2]) and pd.isna(quarters["increment"].iloc[3])
    assert quarters["schedule_rate"].tolist() == [0.25, 0.5, 0.75, 1.0]
    assert quarters["annual_target"].tolist() == [20, 20, 20, 20]
    # as of the half year, later quarters are empty
    half = metrics.quarterly(store, indicator_id, 2021, date(2021, 6, 30))
    assert half["actual"].notna().tolist() == [True, True, False, False]


@pytest.mark.parametrize("rule", ["month", "day"])
def test_the_quarter_in_progress_is_planned_at_its_report_date_as_status_reads_it(store, rule):
    upload(
        store,
        [
            "管廊,20,4,,,2021-03-31,甲科,考核,某区",
            "管廊,20,9,,,2021-06-30,甲科,考核,某区",
            "管廊,20,12,,,2021-08-31,甲科,考核,某区",
        ],
    )
    as_of = date(2021, 9, 15)
    status = metrics.indicator_status(store, as_of, Thresholds(schedule_rule=rule))
    indicator_id = int(status["indicator_id"].iloc[0])
    quarters = metrics.quarterly(store, indicator_id, 2021, as_of, rule)
    # the third quarter's report of 31 August is set against the schedule on 31 August, not
    # against the whole quarter's 75%; ended and later quarters keep their quarter-end share
    assert quarters["schedule_rate"].iloc[2] == pytest.approx(status["schedule_rate"].iloc[0])
    assert quarters["schedule_rate"].iloc[2] == pytest.approx(
        metrics.year_elapsed(date(2021, 8, 31), rule)
    )
    assert quarters["schedule_rate"].tolist()[:2] == [0.25, 0.5]
    assert quarters["schedule_rate"].iloc[3] == 1.0
    # no report of its own yet: planned at the date asked for
    early = metrics.quarterly(store, indicator_id, 2021, date(2021, 7, 10), rule)
    assert pd.isna(early["actual"].iloc[2])
    assert early["schedule_rate"].iloc[2] == pytest.approx(
        metrics.year_elapsed(date(2021, 7, 10), rule)
    )


def test_projection_at_the_current_pace():
    projected = metrics.project_year_end(62, 90, date(2022, 9, 30))
    assert projected.year_end_value == pytest.approx(82.667, abs=1e-3)
    assert projected.completion_rate == pytest.approx(0.9185, abs=1e-4)
    assert metrics.project_year_end(5, 0, date(2022, 9, 30)) is None


def test_rollup_by_lead_unit_puts_lagging_units_first(cases_store):
    status = metrics.indicator_status(cases_store, Q3)
    units = metrics.rollup(cases_store, status, "lead_unit").set_index("group_name")
    assert units.index.tolist()[0] == "乙科"
    assert units.loc["乙科", ["indicators", "behind", "seriously_behind", "lagging"]].tolist() == [
        3,
        2,
        1,
        3,
    ]
    assert units.loc["乙科", "worst_gap_points"] == pytest.approx(-31.0)
    assert units.loc["甲科", "no_data"] == 2
    by_category = metrics.rollup(cases_store, status, "category").set_index("group_name")
    assert by_category["indicators"].sum() == len(STATUS_CASES)
    with pytest.raises(ValueError):
        metrics.rollup(cases_store, status, "leader; drop table snapshots")


def test_what_changed_between_two_snapshots(cases_store):
    upload(cases_store, ["落后31点,100,100,,,2021-10-31,乙科,重点,某区"])
    before = metrics.indicator_status(cases_store, Q3)
    after = metrics.indicator_status(cases_store, date(2021, 10, 31))
    moved = metrics.changes_between(before, after).set_index("task")
    assert moved.loc["落后31点", ["status_before", "status", "newly_complete"]].tolist() == [
        "seriously_behind",
        "complete",
        True,
    ]
    assert metrics.previous_snapshot_date(cases_store, date(2021, 10, 31)) == Q3


def test_resolve_as_of_defaults_to_the_latest_snapshot(cases_store):
    assert metrics.resolve_as_of(cases_store) == date(2021, 12, 31)
    assert metrics.resolve_as_of(cases_store, year=2021) == date(2021, 12, 31)
    assert metrics.resolve_as_of(cases_store, year=2020) is None
    assert metrics.years(cases_store) == [2021]


def test_projection_stops_at_the_year_end_a_maximum_and_whole_things():
    assert metrics.project_year_end(211, 211, date(2022, 12, 31)) is None  # nothing to project
    # 224 of 268 projects started by September: the pace says 298.67, there are 268 to start
    capped = metrics.project_year_end(224, 268, date(2022, 9, 30), maximum=268, whole=True)
    assert capped.year_end_value == 268
    whole = metrics.project_year_end(224, 268, date(2022, 9, 30), whole=True)
    assert whole.year_end_value == 298  # no 298.67 projects


def test_region_hierarchy_setting_is_read_and_checked():
    from tracker.progress.regions import RegionTree

    tree = RegionTree.parse("龙岗区", "广东省：某市；某市：龙岗区，福田区")
    assert tree.ancestors("龙岗区") == ["某市", "广东省"]
    assert tree.members("某市") == ("某市", "福田区", "龙岗区")
    assert tree.branch("福田区", "广东省") == "某市"
    with pytest.raises(ValueError, match="同时属于"):
        RegionTree.parse("", "某市: 龙岗区; 另一市: 龙岗区")
    with pytest.raises(ValueError, match="循环"):
        RegionTree.parse("", "甲: 乙; 乙: 甲")
    with pytest.raises(ValueError, match="应写作"):
        RegionTree.parse("", "某市 龙岗区")
