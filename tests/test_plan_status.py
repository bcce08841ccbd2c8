"""The status query with a plan: kinds of indicator, the plan's targets and milestones, 序时 rules,
and plan indicators never reported shown as not reported (未报送), never as zero."""

import json
from datetime import date

import duckdb
import pandas as pd
import pytest

from tracker.__main__ import main
from tracker.intake import ingest
from tracker.plan import plans
from tracker.presentation import views
from tracker.progress import metrics
from tracker.progress.status import Thresholds
from tracker.store import Store

PLAN_HEADER = "任务名称,指标名称,计量单位,指标类型,年度目标,牵头单位,5月,6月,节点名称,计划完成日期"
PLAN = [
    "管廊,新建管廊,公里,累计值,12,建设科,5,6,,",
    "信访,14日办结率,%,期末值,95,办公室,,,,",
    "事故,事故起数,起,控制上限,4,安全科,,,,",
    "零事故,亡人事故,起,控制上限,0,安全科,,,,",
    "改造,老旧小区改造,个,节点,,更新科,,,方案批复,2022-03-31",
    "改造,老旧小区改造,个,节点,,更新科,,,开工,2022-06-30",
    "改造,老旧小区改造,个,节点,,更新科,,,完工,2022-12-31",
    "燃气,燃气改造,个,累计值,40,燃气科,,,,",
]
REPORT_HEADER = "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位"


def save_plan(store, lines=PLAN, **options):
    data = "\n".join([PLAN_HEADER, *lines]).encode()
    checked = plans.check_file(data, "清单.csv", 2022)
    assert checked.accepted, checked.problems
    return plans.save(store, checked, "admin", **options)


def report(store, *lines, header=REPORT_HEADER):
    data = "\n".join([header, *lines]).encode()
    upload = ingest.prepare(store, data, "进度.csv", today=date(2023, 1, 1))
    assert upload.accepted, upload.problems
    return ingest.commit(store, upload, "测试").batch_id


def status(store, as_of, **rule):
    return metrics.indicator_status(store, as_of, Thresholds(**rule)).set_index("indicator")


def test_a_planned_year_without_any_report_shows_every_indicator_not_reported(store):
    save_plan(store)
    got = status(store, date(2022, 6, 30))
    assert len(got) == 6
    assert set(got["status"]) == {"no_data"}
    assert got["actual"].isna().all() and got["completion_rate"].isna().all()
    assert got.loc["新建管廊", ["lead_unit", "kind", "annual_target"]].tolist() == [
        "建设科",
        "cumulative",
        12,
    ]


@pytest.mark.parametrize(
    ("line", "indicator", "expected"),
    [
        # cumulative against the plan's June value 6 of 12: 50% schedule
        (
            "2022-06-30,管廊,新建管廊,公里,12,5,建设科",
            "新建管廊",
            ("slightly_behind", 50.0, -8.333333),
        ),
        # a level: compared with the target, not with the share of the year
        ("2022-06-30,信访,14日办结率,%,95,96,办公室", "14日办结率", ("on_track", 100.0, 1.052632)),
        ("2022-06-30,信访,14日办结率,%,95,76,办公室", "14日办结率", ("behind", 100.0, -20.0)),
        # a ceiling: a small excess is banded by how far over, not seriously behind at once
        ("2022-06-30,事故,事故起数,起,4,3,安全科", "事故起数", ("on_track", 100.0, 25.0)),
        ("2022-06-30,事故,事故起数,起,4,5,安全科", "事故起数", ("behind", 100.0, -25.0)),
        # the plan's ceiling of 0 counts whatever the report wrote as its target
        ("2022-06-30,零事故,亡人事故,起,1,0,安全科", "亡人事故", ("on_track", 100.0, 0.0)),
        (
            "2022-06-30,零事故,亡人事故,起,1,1,安全科",
            "亡人事故",
            ("seriously_behind", 100.0, -100.0),
        ),
        # milestones: two of three due by June 30
        (
            "2022-06-30,改造,老旧小区改造,个,3,1,更新科",
            "老旧小区改造",
            ("seriously_behind", 66.666667, -33.333333),
        ),
        (
            "2022-06-30,改造,老旧小区改造,个,3,2,更新科",
            "老旧小区改造",
            ("on_track", 66.666667, 0.0),
        ),
        (
            "2022-06-30,改造,老旧小区改造,个,3,3,更新科",
            "老旧小区改造",
            ("complete", 66.666667, 33.333333),
        ),
    ],
)
def test_each_kind_is_measured_its_own_way(store, line, indicator, expected):
    save_plan(store)
    report(store, line)
    row = status(store, date(2022, 6, 30)).loc[indicator]
    assert row["status"] == expected[0]
    assert row["schedule_rate"] * 100 == pytest.approx(expected[1])
    assert row["gap_points"] == pytest.approx(expected[2])


def test_the_monthly_plan_is_read_between_month_ends(store):
    save_plan(store)
    report(store, "2022-06-15,管廊,新建管廊,公里,12,5,建设科")
    row = status(store, date(2022, 6, 15)).loc["新建管廊"]
    assert row["planned"] == pytest.approx(5.5)  # halfway from May's 5 to June's 6


def test_the_plan_target_wins_and_an_adjustment_counts_from_its_date(store):
    save_plan(store)
    report(
        store,
        "2022-06-30,管廊,新建管廊,公里,20,6,建设科",
        "2022-09-30,管廊,新建管廊,公里,20,9,建设科",
    )
    assert status(store, date(2022, 6, 30)).loc["新建管廊", "annual_target"] == 12
    adjusted = [PLAN[0].replace(",12,", ",10,").replace(",5,6,", ",,,"), *PLAN[1:]]
    save_plan(store, adjusted, effective_from=date(2022, 7, 1), reason="年中调整")
    assert status(store, date(2022, 6, 30)).loc["新建管廊", "annual_target"] == 12
    after = status(store, date(2022, 9, 30)).loc["新建管廊"]
    assert after["annual_target"] == 10
    assert after["completion_rate"] == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("rule", "day", "expected"),
    [
        ("month", date(2022, 1, 31), 1 / 12),
        ("day", date(2022, 2, 15), 46 / 365),
        ("day", date(2022, 12, 31), 1.0),
        ("jan_feb", date(2022, 1, 31), 31 / 59 * 2 / 12),
        ("jan_feb", date(2022, 2, 28), 2 / 12),
        ("jan_feb", date(2022, 9, 30), 0.75),
    ],
)
def test_schedule_rules(store, rule, day, expected):
    report(store, f"{day},燃气,燃气改造,个,40,1,燃气科")
    row = status(store, day, schedule_rule=rule).loc["燃气改造"]
    assert row["schedule_rate"] == pytest.approx(expected)
    assert metrics.year_elapsed(day, rule) == pytest.approx(expected)


def test_without_a_plan_everything_works_as_before(store):
    report(store, "2022-09-30,燃气,燃气改造,个,40,30,燃气科")
    row = status(store, date(2022, 9, 30)).loc["燃气改造"]
    assert (row["kind"], row["status"], row["schedule_rate"]) == ("cumulative", "on_track", 0.75)
    with pytest.raises(ValueError):
        Thresholds(schedule_rule="week")


def test_plan_only_rows_are_listed_with_their_plan_fields(store):
    save_plan(store)
    report(store, "2022-06-30,管廊,新建管廊,公里,12,5,建设科")
    got = status(store, date(2022, 6, 30))
    missing = got[got["status"] == "no_data"]
    assert len(missing) == 5
    assert pd.isna(missing["as_of"]).all()
    assert missing["planned"].isna().all()  # milestones too: nothing to count them against


def test_cli_status_lists_a_planned_year_without_reports_as_not_reported(store, capsys):
    save_plan(store)
    path = store.path
    store.close()
    assert main(["--db", str(path), "status", "--year", "2022", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 6 and {r["status"] for r in rows} == {"no_data"}
    by_name = {r["indicator"]: r for r in rows}
    assert by_name["事故起数"]["kind"] == "ceiling" and by_name["新建管廊"]["planned"] is None


def test_status_carries_the_plan_maximum_that_caps_the_projection(store):
    header = "任务名称,指标名称,计量单位,年度目标,最大值,牵头单位"
    data = f"{header}\n城建项目,项目开工,个,268,268,城建处\n燃气,燃气改造,个,40,,燃气科\n"
    plans.save(store, plans.check_file(data.encode(), "清单.csv", 2022), "admin")
    report(store, "2022-09-30,城建项目,项目开工,个,268,224,城建处")
    got = status(store, date(2022, 9, 30))
    assert got.loc["项目开工", "maximum"] == 268 and pd.isna(got.loc["燃气改造", "maximum"])
    row = got.loc["项目开工"]
    capped = metrics.project_year_end(
        row["actual"], row["annual_target"], row["as_of"], maximum=row["maximum"], whole=True
    )
    assert capped.year_end_value == 268  # 224 by September would be 298 at this pace


def test_an_indicator_first_reported_later_is_not_reported_yet_with_its_owner(store):
    header = f"{REPORT_HEADER},责任领导"
    report(store, "2022-06-30,管廊,新建管廊,公里,12,5,建设科,王局", header=header)
    july = report(store, "2022-07-31,燃气,燃气改造,个,40,10,燃气科,李局", header=header)
    report(store, "2022-08-31,燃气,燃气改造,个,40,20,燃气科,赵局", header=header)
    june = status(store, date(2022, 6, 30))
    assert june.loc["燃气改造", ["status", "leader", "lead_unit"]].tolist() == [
        "no_data",
        "李局",
        "燃气科",
    ]
    assert pd.isna(june.loc["燃气改造", "actual"])
    # with July's report undone, August's is the first one and names the leader
    ingest.undo(store, july, "测试")
    assert status(store, date(2022, 6, 30)).loc["燃气改造", "leader"] == "赵局"
    assert status(store, date(2022, 7, 31)).loc["燃气改造", "status"] == "no_data"
    assert status(store, date(2022, 8, 31)).loc["燃气改造", "actual"] == 20


def test_of_two_versions_dated_the_same_day_the_newer_counts(store):
    save_plan(store)
    ten = [PLAN[0].replace(",12,", ",10,"), *PLAN[1:]]
    eleven = [PLAN[0].replace(",12,", ",11,"), *PLAN[1:]]
    save_plan(store, ten, effective_from=date(2022, 7, 1), reason="第一次调整")
    save_plan(store, eleven, effective_from=date(2022, 7, 1), reason="更正")
    target = {
        d: status(store, d).loc["新建管廊", "annual_target"]
        for d in (date(2022, 6, 30), date(2022, 7, 1), date(2022, 12, 31))
    }
    assert target == {date(2022, 6, 30): 12, date(2022, 7, 1): 11, date(2022, 12, 31): 11}
    assert plans.items(store, 2022).set_index("indicator").loc["新建管廊", "annual_target"] == 11


def test_a_first_version_dated_mid_year_counts_from_the_start_of_the_year(store):
    save_plan(store, effective_from=date(2022, 7, 1), reason="年中下达")
    assert status(store, date(2022, 3, 31)).loc["新建管廊", "annual_target"] == 12
    assert len(plans.items(store, 2022, date(2022, 3, 31))) == 6


def test_a_store_of_the_release_before_gets_first_reports_and_plan_windows_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    store = Store.open(path)
    save_plan(store)
    report(
        store,
        "2022-06-15,管廊,新建管廊,公里,12,5,建设科",
        "2022-06-30,改造,老旧小区改造,个,3,2,更新科",
    )
    report(store, "2022-08-31,燃气,燃气改造,个,40,20,燃气科")
    expected = status(store, date(2022, 6, 30))
    store.close()
    # the file as the release before left it: no first_in_year, no windows nor due dates
    con = duckdb.connect(str(path))
    con.execute(
        """
        alter table snapshots drop column first_in_year;
        alter table plan_items drop column year;
        alter table plan_items drop column valid_from;
        alter table plan_items drop column valid_to;
        alter table plan_items drop column milestone_dues;
        delete from meta where key = 'migration:012';
        """
    )
    con.close()
    reopened = Store.open(path)
    try:
        got = status(reopened, date(2022, 6, 30))
        pd.testing.assert_frame_equal(got, expected)
        assert got.loc["燃气改造", "status"] == "no_data"
        assert got.loc["新建管廊", "planned"] == pytest.approx(5.5)  # the monthly plan
        assert got.loc["老旧小区改造", "planned"] == 2  # milestones due by 30 June
        assert pd.isna(got.loc["亡人事故", "planned"])
    finally:
        reopened.close()


def test_quarters_read_the_plan_in_force_at_each_quarter_end(store):
    save_plan(store)
    report(
        store,
        "2022-06-30,管廊,新建管廊,公里,20,6,建设科",
        "2022-09-30,管廊,新建管廊,公里,20,9,建设科",
        "2022-09-30,事故,事故起数,起,4,3,安全科",
        "2022-09-30,改造,老旧小区改造,个,3,2,更新科",
    )
    adjusted = [PLAN[0].replace(",12,", ",10,").replace(",5,6,", ",,,"), *PLAN[1:]]
    save_plan(store, adjusted, effective_from=date(2022, 7, 1), reason="年中调整")
    ids = status(store, date(2022, 9, 30))["indicator_id"]

    def quarters(indicator):
        got = metrics.quarterly(store, int(ids[indicator]), 2022, date(2022, 12, 31))
        return got.set_index("quarter")

    tunnel = quarters("新建管廊")
    # the plan's target, not the report's 20; 10 from the adjustment on
    assert tunnel["annual_target"].tolist() == [12, 12, 10, 10]
    assert tunnel.loc[2, "planned"] == 6  # June's value of the monthly plan
    assert tunnel.loc[3, "schedule_rate"] == 0.75  # the adjusted plan has no monthly values
    ceiling = quarters("事故起数")
    assert ceiling["planned"].isna().all() and ceiling["schedule_rate"].isna().all()
    assert views.quarter_table(ceiling.reset_index())["序时目标"].tolist() == [views.MISSING] * 4
    milestones = quarters("老旧小区改造")
    assert milestones["planned"].tolist() == [1, 2, 2, 3]
