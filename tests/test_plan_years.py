"""A year that starts in another month (TRACKER_YEAR_START_MONTH): the share of the year elapsed,
the year a report belongs to, the plan year's first day and the reporting rounds follow it."""

import io
import json
from datetime import date, datetime

import pandas as pd
import pytest
from docx import Document

from tracker.__main__ import main
from tracker.intake import ingest
from tracker.plan import plans, reporting, years
from tracker.presentation import charts, views
from tracker.progress import metrics
from tracker.progress.status import Thresholds
from tracker.projects import figures, wallchart
from tracker.projects import ledger as project_ledger
from tracker.settings import Settings
from tracker.supervision import bulletin, ledger, rules
from tracker.supervision.rules import SupervisionSettings

REPORT_HEADER = "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位"
PLAN = "任务名称,指标名称,计量单位,年度目标,牵头单位,报送频次,4月,5月\n管廊,新建管廊,公里,120,建设科,月报,10,20\n"


@pytest.fixture
def april(monkeypatch):
    monkeypatch.setenv("TRACKER_YEAR_START_MONTH", "4")


def report(store, *lines):
    data = "\n".join([REPORT_HEADER, *lines]).encode()
    upload = ingest.prepare(store, data, "进度.csv", today=date(2024, 1, 1))
    assert upload.accepted, upload.problems
    ingest.commit(store, upload, "测试", uploaded_at=datetime(2023, 5, 3, 9, 0))


def status(store, as_of, rule="month"):
    got = metrics.indicator_status(store, as_of, Thresholds(schedule_rule=rule))
    return got.set_index("indicator")


def test_the_year_runs_from_the_start_month_and_is_named_for_the_year_it_starts_in(april):
    assert years.year_of(date(2023, 3, 31)) == 2022 and years.year_of(date(2022, 4, 1)) == 2022
    assert (years.first_day(2022), years.last_day(2022)) == (date(2022, 4, 1), date(2023, 3, 31))
    assert years.months()[:2] == [4, 5] and years.months()[-1] == 3
    assert years.calendar_year(2022, 2) == 2023


@pytest.mark.parametrize(
    ("as_of", "rule", "expected"),
    [
        (date(2022, 4, 30), "month", 1 / 12),
        (date(2022, 9, 30), "month", 6 / 12),
        (date(2023, 3, 31), "month", 1.0),
        (date(2022, 4, 30), "day", 30 / 365),
        (date(2023, 3, 31), "day", 1.0),
    ],
)
def test_the_share_of_the_year_counts_from_the_start_month(store, april, as_of, rule, expected):
    report(store, f"{as_of},燃气,燃气改造,个,40,10,燃气科")
    row = status(store, as_of, rule).loc["燃气改造"]
    assert row["year"] == 2022
    assert row["schedule_rate"] == pytest.approx(expected)
    assert metrics.year_elapsed(as_of, rule) == pytest.approx(expected)


def test_a_report_belongs_to_its_year_and_counts_until_the_next_year_starts(store, april):
    report(
        store,
        "2023-02-28,燃气,燃气改造,个,40,35,燃气科",
        "2023-04-30,燃气,燃气改造,个,50,5,燃气科",
    )
    march = status(store, date(2023, 3, 31)).loc["燃气改造"]
    assert (march["year"], march["actual"], march["annual_target"]) == (2022, 35, 40)
    may = status(store, date(2023, 5, 31)).loc["燃气改造"]
    # measured at its report date, the end of the new year's first month
    assert (may["year"], may["actual"], may["schedule_rate"]) == (2023, 5, pytest.approx(1 / 12))
    assert metrics.previous_snapshot_date(store, date(2023, 3, 31)) == date(2023, 2, 28)


def test_the_plan_year_starts_in_its_month_and_the_monthly_plan_from_nothing(store, april):
    checked = plans.check_file(PLAN.encode(), "清单.csv", 2022)
    plans.save(store, checked, "admin")
    assert plans.versions(store, 2022)["effective_from"].tolist() == [date(2022, 4, 1)]
    report(store, "2022-04-15,管廊,新建管廊,公里,120,4,建设科")
    row = status(store, date(2022, 4, 15)).loc["新建管廊"]
    assert row["planned"] == pytest.approx(10 * 15 / 30)  # nothing planned before April
    plans.save(store, checked, "admin", effective_from=date(2023, 2, 1), reason="年度中调整")
    with pytest.raises(ValueError, match="2022-04-01 至 2023-03-31"):
        plans.save(store, checked, "admin", effective_from=date(2022, 3, 1), reason="早了")


def test_reporting_rounds_of_a_plan_year_run_into_the_next_calendar_year(store, april):
    plans.save(store, plans.check_file(PLAN.encode(), "清单.csv", 2022), "admin")
    report(store, "2023-02-28,管廊,新建管廊,公里,120,100,建设科")
    now = datetime(2023, 6, 1)
    february = reporting.report_items(store, 2022, 2, now=now)
    assert february[["period", "state"]].values.tolist() == [["2023-02", "late"]]
    rounds = reporting.report_items(store, 2022, now=now)["period"].tolist()
    assert rounds[0] == "2022-04" and rounds[-1] == "2023-03" and len(rounds) == 12


def test_the_start_month_is_checked_and_january_february_together_needs_both_in_one_year():
    assert years.start_month({}) == 1
    with pytest.raises(ValueError, match="1 至 12"):
        years.start_month({"TRACKER_YEAR_START_MONTH": "13"})
    # from February, January closes the year before: the two cannot be one report
    with pytest.raises(ValueError, match="1-2月合并"):
        Settings.from_env({"TRACKER_YEAR_START_MONTH": "2", "TRACKER_SCHEDULE_RULE": "jan_feb"})
    together = {"TRACKER_YEAR_START_MONTH": "4", "TRACKER_SCHEDULE_RULE": "jan_feb"}
    assert Settings.from_env(together).schedule_rule == "jan_feb"
    assert Settings.from_env({"TRACKER_YEAR_START_MONTH": "4"}).schedule_rule == "month"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # April to December: nine months before January's share of the two months
        (date(2023, 1, 31), (9 + 31 / 59 * 2) / 12),
        (date(2023, 2, 28), 11 / 12),
        (date(2023, 3, 31), 1.0),
        (date(2022, 12, 31), 9 / 12),
    ],
)
def test_january_and_february_together_in_a_year_from_april(store, april, day, expected):
    report(store, f"{day},燃气,燃气改造,个,40,1,燃气科")
    assert status(store, day, "jan_feb").loc["燃气改造", "schedule_rate"] == pytest.approx(expected)
    assert metrics.year_elapsed(day, "jan_feb") == pytest.approx(expected)


def test_quarters_are_the_year_s_own(store, april):
    report(
        store,
        "2022-03-31,管廊,新建管廊,公里,100,90,建设科",  # the end of 2021年度
        "2022-06-30,管廊,新建管廊,公里,100,10,建设科",
        "2022-09-30,管廊,新建管廊,公里,100,25,建设科",
        "2023-03-31,管廊,新建管廊,公里,100,50,建设科",
    )
    indicator_id = int(status(store, date(2023, 3, 31)).loc["新建管廊", "indicator_id"])
    quarters = metrics.quarterly(store, indicator_id, 2022, date(2023, 3, 31))
    assert quarters["quarter_end"].map(pd.Timestamp).dt.date.tolist() == [
        date(2022, 6, 30),
        date(2022, 9, 30),
        date(2022, 12, 31),
        date(2023, 3, 31),
    ]
    assert quarters["actual"].tolist()[:2] == [10, 25] and pd.isna(quarters["actual"][2])
    assert quarters["actual"][3] == 50
    assert quarters["increment"].tolist()[:2] == [10, 15]
    assert quarters["schedule_rate"].tolist() == [0.25, 0.5, 0.75, 1.0]
    named = views.quarter_table(quarters)["季度"].tolist()
    assert named == [
        "一季度（4–6月）",
        "二季度（7–9月）",
        "三季度（10–12月）",
        "四季度（次年1–3月）",
    ]
    assert views.quarter_table(quarters, "en")["Quarter"][3] == "Q4 (Jan–Mar)"
    figure = charts.quarterly_progress(quarters).to_plotly_json()
    assert figure["layout"]["xaxis"]["ticktext"][0] == "一季度<br>4–6月"
    by_name = {trace["name"]: trace for trace in figure["data"]}
    assert by_name["累计完成"]["customdata"][-1][0] == "四季度（次年1–3月）"


def test_a_year_from_january_keeps_its_plain_names():
    assert [years.quarter_label(q) for q in (1, 4)] == ["一季度", "四季度"]
    assert (years.year_label(2022), years.year_label(2022, "en")) == ("2022年", "2022")
    assert views.schedule_note(date(2022, 9, 30)) == "序时进度 75.0%（按月计）"
    assert (
        views.schedule_note(date(2022, 2, 28), "jan_feb") == "序时进度 16.7%（按月计，1–2月合并）"
    )
    assert views.schedule_note(date(2022, 9, 30), "day", "en") == "Time schedule 74.8% (by day)"


def test_year_and_schedule_captions_name_the_start_month(april):
    assert years.year_label(2022) == "2022年度（2022年4月–2023年3月）"
    assert years.year_label(2022, "en") == "2022/23 (Apr 2022–Mar 2023)"
    assert (years.year_name(2022), years.year_name(2022, "en")) == ("2022年度", "2022/23")
    # the quarter column is wide enough for its months
    assert views.column_widths(["季度"]) == {"季度": views.QUARTER_WITH_MONTHS_WIDTH}
    assert years.quarter_label(1, start=11) == "一季度（11月–次年1月）"
    assert views.schedule_note(date(2022, 9, 30)) == "序时进度 50.0%（按月计，年度自4月起）"
    # 2022-04-01 to 2022-09-30 is 183 days of 365
    assert views.schedule_note(date(2022, 9, 30), "day") == "序时进度 50.1%（按日计，年度自4月起）"
    assert views.schedule_note(date(2023, 1, 31), "month", "en") == (
        "Time schedule 83.3% (by month, year from Apr)"
    )


def test_the_supervision_ledger_and_bulletin_count_the_year_from_its_first_month(store, april):
    # no progress through December and January: red twice running, across the calendar year
    report(
        store,
        "2022-05-31,燃气,燃气改造,个,40,1,燃气科",
        "2022-12-31,燃气,燃气改造,个,40,1,燃气科",
        "2023-01-31,燃气,燃气改造,个,40,1,燃气科",
    )
    rules.save(store, SupervisionSettings(black_list_size=0), "admin")
    year_2022 = [date(2022, 4, 30), date(2022, 5, 31), date(2022, 6, 30)]
    assert bulletin.months_with_data(store)[-3:] == year_2022[::-1]
    assert bulletin.months_with_data(store)[0] == date(2023, 1, 31)
    today = date(2023, 2, 15)
    assert ledger.months_to_evaluate(store, today)[:3] == year_2022
    assert ledger.months_to_evaluate(store, today)[-1] == date(2023, 1, 31)
    for month in ("2022-12", "2023-01"):
        ledger.evaluate(store, month, "admin", Thresholds(), today=today)
    assert ledger.tally(store, "燃气科", 2022) == "本年被通报 2 次，约谈 1 次"
    assert ledger.tally(store, "燃气科", 2023) == "本年被通报 0 次，约谈 0 次"
    assert len(ledger.entries(store, year=2022, today=today)) == 2
    region = bulletin.regions(store, date(2023, 1, 31), Thresholds())[0]
    facts = bulletin.gather(store, "2023-01", region, Thresholds(), today=today)
    assert len(facts.entries) == 2 and facts.schedule_rate == pytest.approx(10 / 12)
    text = "\n".join(
        p.text
        for p in Document(
            io.BytesIO(bulletin.draft(store, "2023-01", region, Thresholds(), today=today))
        ).paragraphs
    )
    assert f"2022年度{region}共有重点任务1项" in text
    assert "截至2023年1月底（序时进度83.3%）" in text


# Two projects on 2023-02-28, late in 2022年度: Q1 plans 100 each calendar month and was due to
# complete in October 2022; Q2 is planned to start in June 2023, in the next year.
PROJECTS = (
    "项目编号,项目名称,项目阶段,总投资,年度计划投资,本年累计完成投资,计划开工日期,实际开工日期,"
    "计划竣工日期,实际竣工日期,责任单位,所属地区,截至日期,"
    + ",".join(f"{m}月计划投资" for m in range(1, 13))
    + "\nQ1,滨江路改造,在建,5000,1200,600,2022-05-01,2022-05-01,2022-10-31,,城建处,城北区,2023-02-28,"
    + ",".join(["100"] * 12)
    + "\nQ2,南湖公园,储备,3000,1200,0,2023-06-01,,2024-06-30,,城建处,城北区,2023-02-28"
    + "," * 12
    + "\n"
).encode()


def test_project_figures_and_the_wall_chart_follow_the_year(store, april):
    upload = project_ledger.prepare(store, PROJECTS, "项目台账.csv")
    assert upload.accepted, upload.problems.to_dict("records")
    project_ledger.commit(store, upload, "测试")
    assert figures.years(store) == [2022]
    as_of = date(2023, 2, 28)
    frame = figures.projects_as_of(store, as_of).set_index("code")
    # April to January in full and February: eleven months of the plan, by month or by share
    assert frame["planned_to_date"].tolist() == [pytest.approx(1100), pytest.approx(1100)]
    head = figures.summary(frame.reset_index(), as_of)
    # Q2 starts after the year's end (2023-03-31); Q1 was due to complete within the year
    assert (head.planned_to_start, head.start_rate) == (1, 1.0)
    assert (head.planned_to_complete, head.completion_rate) == (1, 0.0)
    assert head.schedule_rate == pytest.approx(11 / 12)
    page = wallchart.build_html(store, as_of)
    assert "已开工 · 开工率100.0%" in page and "序时进度 91.7%" in page


def test_the_command_line_takes_a_date_of_next_january_as_in_the_year(store, april, capsys):
    report(store, "2023-01-31,燃气,燃气改造,个,40,30,燃气科")
    path = store.path
    store.close()
    asked = ["--db", str(path), "status", "--year", "2022", "--format", "json"]
    assert main([*asked, "--as-of", "2023-01-31"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["schedule_rate"] == pytest.approx(10 / 12)
    assert main([*asked, "--as-of", "2023-04-30"]) == 2
