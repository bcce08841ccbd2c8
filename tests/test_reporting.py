"""The reporting cycle: who reported on time, who late and by how many days, who not at all."""

import json
from datetime import date, datetime

import pandas as pd
import pytest

from tracker.__main__ import main
from tracker.access import accounts
from tracker.intake import ingest
from tracker.plan import calendar, plans, reporting, years

PLAN = "\n".join(
    [
        "任务编号,任务名称,指标名称,计量单位,年度目标,牵头单位,责任领导,联系人,报送频次,所属地区",
        "A-01,管廊建设,新建管廊,公里,12,建设管理科,王海涛,陈晓 0755-1,月报,龙岗区",
        "A-02,住房筹集,筹集住房,套,5000,住房保障科,李明,林芳 0755-2,月报,龙岗区",
        "A-03,燃气改造,改造小区,个,40,燃气管理科,刘晓东,赵强 0755-3,月报,龙岗区",
        "A-04,住房供应,供应住房,套,2000,住房保障科,李明,林芳 0755-2,季报,龙岗区",
    ]
).encode("utf-8")

SNAPSHOT_HEADER = "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位,所属地区"
ROWS = {
    "A-01": "管廊建设,新建管廊,公里,12,{v},建设管理科,龙岗区",
    "A-02": "住房筹集,筹集住房,套,5000,{v},住房保障科,龙岗区",
    "A-03": "燃气改造,改造小区,个,40,{v},燃气管理科,龙岗区",
    "A-04": "住房供应,供应住房,套,2000,{v},住房保障科,龙岗区",
}
# The September round of 2022: monthly reports due by 10-05, rolled over National Day to the
# make-up working day Saturday 10-08; the quarterly one due by 10-10 (a Monday).
SEPTEMBER_DUE = datetime(2022, 10, 9)
AFTER = datetime(2022, 10, 20)


def report(store, as_of: str, codes, landed: datetime, by: str = "办公室") -> None:
    lines = [SNAPSHOT_HEADER] + [f"{as_of}," + ROWS[c].format(v=5) for c in codes]
    upload = ingest.prepare(store, "\n".join(lines).encode(), f"{as_of}-{by}.csv")
    assert upload.accepted, upload.problems
    ingest.commit(store, upload, by, uploaded_at=landed)


@pytest.fixture
def cycle(store):
    """The plan; August all on time; September: 管廊 on time, 住房保障科 late by 3 days,
    燃气管理科 nothing (missing)."""
    plans.save(store, plans.check_file(PLAN, "清单.csv", 2022), "admin")
    report(store, "2022-08-31", ["A-01", "A-02", "A-03"], datetime(2022, 9, 2, 9))
    report(store, "2022-09-30", ["A-01"], datetime(2022, 10, 8, 16, 30))
    report(store, "2022-09-30", ["A-02", "A-04"], datetime(2022, 10, 11, 10), by="wang")
    return store


def test_report_items_judge_each_indicator_and_period(cycle):
    items = reporting.report_items(cycle, 2022, 9, now=AFTER)
    got = items[["task_code", "period", "state", "late_days", "landed_by"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["A-01", "2022-09", "on_time", None, "办公室"],
        ["A-02", "2022-09", "late", 3, "wang"],  # deadline day 10-08, landed 10-11
        ["A-03", "2022-09", "missing", None, None],
        ["A-04", "2022Q3", "late", 1, "wang"],  # quarterly: due by 10-10
    ]
    assert (items["deadline"][items["period"] == "2022-09"] == SEPTEMBER_DUE).all()


def test_by_unit_one_row_per_lead_unit_and_period_worst_first(cycle):
    units = reporting.reporting_by_unit(cycle, 2022, 9, now=AFTER)
    got = units[["lead_unit", "period", "due", "on_time", "late", "late_days", "missing", "state"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["燃气管理科", "2022-09", 1, 0, 0, None, 1, "missing"],
        ["住房保障科", "2022-09", 1, 0, 1, 3, 0, "late"],
        ["住房保障科", "2022Q3", 1, 0, 1, 1, 0, "late"],
        ["建设管理科", "2022-09", 1, 1, 0, None, 0, "on_time"],
    ]
    assert units.set_index(["lead_unit", "period"])["on_time_rate"].to_dict() == {
        ("燃气管理科", "2022-09"): 0.0,
        ("住房保障科", "2022-09"): 0.0,
        ("住房保障科", "2022Q3"): 0.0,
        ("建设管理科", "2022-09"): 1.0,
    }
    assert reporting.bureau_rate(units) == pytest.approx(1 / 4)
    assert units.loc[units["lead_unit"] == "燃气管理科", "contact"].item() == "赵强 0755-3"


def test_before_the_deadline_nothing_is_missing_yet(cycle):
    units = reporting.reporting_by_unit(cycle, 2022, 9, now=datetime(2022, 10, 8, 17))
    assert set(units["state"]) == {"pending", "on_time"}
    assert units["missing"].sum() == 0
    # a batch that landed after `now` does not count yet
    assert units.loc[units["lead_unit"] == "住房保障科", "pending"].sum() == 2


def test_an_undone_batch_no_longer_counts_as_reported(cycle):
    batch = cycle.query("upload_history", limit=1)["batch_id"].iloc[0]
    ingest.undo(cycle, int(batch), "admin")
    units = reporting.reporting_by_unit(cycle, 2022, 9, now=AFTER)
    assert units.loc[units["lead_unit"] == "住房保障科", "state"].tolist() == ["missing"] * 2


def test_an_upload_by_staff_of_the_unit_is_not_marked_on_behalf(cycle):
    accounts.add_user(cycle, "wang", "pass-word-1234", "staff", units=["住房保障科"])
    items = reporting.report_items(cycle, 2022, 9, now=AFTER).set_index("task_code")
    assert items.loc["A-02", "on_behalf"] == False  # noqa: E712 (numpy bool)
    assert items.loc["A-01", "on_behalf"] == True  # noqa: E712 — the office reported for the unit


def test_trend_ranking_and_reminder(cycle):
    trend = reporting.on_time_trend(cycle, 2022, now=AFTER)
    # Jan-Jul had nothing reported: missing, never zero progress and never left out
    assert trend.set_index("round").loc["2022-08", ["judged", "on_time"]].tolist() == [3, 3]
    assert trend.set_index("round").loc["2022-09", "rate"] == pytest.approx(0.25)
    assert trend.set_index("round").loc["2022-01", "missing"] == 3
    ranking = reporting.ranking(cycle, 2022, now=AFTER)
    assert ranking["lead_unit"].tolist()[0] == "建设管理科"
    assert ranking["rank"].tolist() == [1, 2, 3]
    waiting = reporting.not_reported(reporting.report_items(cycle, 2022, 9, now=AFTER))
    text = reporting.reminder_text(waiting)
    assert "燃气管理科：2022年9月的改造小区（共1项）尚未报送" in text
    assert "报送时限为10月8日" in text and "住房保障科" not in text


@pytest.fixture
def busy_cycle(cycle):
    """The cycle and more: from July 燃气管理科 reports weekly (a second plan version); the
    bureau's own day off on Friday 08-05 moves July's monthly deadline to Monday 08-08; the week
    to 09-11 is due Tuesday 09-13 at noon, Mid-Autumn's Monday 09-12 being a holiday; wang is
    staff of 住房保障科, so its uploads are its own and the office's are on its behalf."""
    weekly = PLAN.decode().replace(
        "燃气管理科,刘晓东,赵强 0755-3,月报", "燃气管理科,刘晓东,赵强 0755-3,周报"
    )
    checked = plans.check_file(weekly.encode(), "清单.csv", 2022)
    plans.save(cycle, checked, "admin", effective_from=date(2022, 7, 1), reason="改为周报")
    calendar.set_calendar_day(cycle, date(2022, 8, 5), False, "本局放假", "admin")
    accounts.add_user(cycle, "wang", "pass-word-1234", "staff", units=["住房保障科"])
    report(cycle, "2022-07-31", ["A-01"], datetime(2022, 8, 8, 10))  # on time thanks to 08-05
    report(cycle, "2022-07-31", ["A-01", "A-02"], datetime(2022, 8, 12, 9))  # again, later
    report(cycle, "2022-07-08", ["A-03"], datetime(2022, 7, 11, 9))  # week 27, on time
    report(cycle, "2022-07-15", ["A-03"], datetime(2022, 7, 20, 9))  # week 28, 2 days late
    report(cycle, "2022-09-09", ["A-03"], datetime(2022, 9, 13, 11))  # week 36, rolled: on time
    return cycle


def per_round_trend(store, year, now) -> pd.DataFrame:
    """The trend as each round's own items give it, one round at a time."""
    rows = []
    for month in years.months():
        items = reporting.judged(reporting.report_items(store, year, month, now=now))
        if not items.empty:
            counts = items["state"].value_counts()
            on_time, late, missing = (int(counts.get(s, 0)) for s in ("on_time", "late", "missing"))
            rows.append([items["round"].iloc[0], len(items), on_time, late, missing])
    trend = pd.DataFrame(rows, columns=["round", "judged", "on_time", "late", "missing"])
    return trend.assign(rate=trend["on_time"] / trend["judged"])


def test_the_trend_of_all_rounds_at_once_equals_each_round_on_its_own(busy_cycle):
    items = reporting.report_items(busy_cycle, 2022, now=AFTER).set_index(["task_code", "period"])
    # the fixture holds every state, both kinds of upload and both kinds of rolled deadline
    assert items.loc[("A-01", "2022-07"), ["state", "landed_by"]].tolist() == ["on_time", "办公室"]
    assert items.loc[("A-02", "2022-07"), ["state", "late_days"]].tolist() == ["late", 4]
    assert items.loc[("A-03", "2022-W28"), ["state", "late_days"]].tolist() == ["late", 2]
    assert items.loc[("A-03", "2022-W36"), "deadline"] == datetime(2022, 9, 13, 12)
    assert items.loc[("A-03", "2022-W36"), "state"] == "on_time"
    assert items.loc[("A-03", "2022-W37"), "state"] == "missing"
    assert items["on_behalf"].any() and not items.loc[("A-02", "2022-09"), "on_behalf"]

    trend = reporting.on_time_trend(busy_cycle, 2022, now=AFTER)
    pd.testing.assert_frame_equal(trend, per_round_trend(busy_cycle, 2022, AFTER))
    july = trend.set_index("round").loc["2022-07"]
    assert july[["judged", "on_time", "late", "missing"]].tolist() == [7, 2, 2, 3]  # 5 weeks


def test_the_ranking_and_latest_round_from_the_year_counts_equal_the_items(busy_cycle):
    items = reporting.judged(reporting.report_items(busy_cycle, 2022, now=AFTER))
    ranking = reporting.ranking(busy_cycle, 2022, now=AFTER).set_index("lead_unit")
    for unit, own in items.groupby("lead_unit"):
        got = ranking.loc[unit]
        assert got["judged"] == len(own)
        assert got["on_time"] == (own["state"] == "on_time").sum()
        assert got["late_days"] == own["late_days"].sum()
        assert got["rate"] == pytest.approx((own["state"] == "on_time").mean())
    assert ranking["rate"].is_monotonic_decreasing and ranking["rank"].tolist() == [1, 2, 3]
    assert reporting.latest_reported_round(busy_cycle, 2022, now=AFTER) == 9
    assert reporting.latest_reported_round(busy_cycle, 2022, now=datetime(2022, 7, 1)) is None


def test_a_staff_member_sees_what_the_unit_owes_now(cycle):
    owed = reporting.due_for_units(cycle, ["燃气管理科"], date(2022, 10, 12))
    assert owed[["task_code", "period", "state"]].values.tolist()[-1] == [
        "A-03",
        "2022-09",
        "missing",
    ]
    assert reporting.due_for_units(cycle, ["建设管理科"], date(2022, 10, 12))[
        "period"
    ].tolist() == [f"2022-{m:02d}" for m in range(1, 8)]


def test_a_year_without_a_plan_has_nothing_due(store):
    assert reporting.reporting_by_unit(store, 2022, 9, now=AFTER).empty
    assert reporting.on_time_trend(store, 2022, now=AFTER).empty


@pytest.mark.parametrize(
    ("text", "expected"), [("2022-09", (2022, 9)), ("2022年9月", (2022, 9)), ("2022Q3", (2022, 9))]
)
def test_the_round_is_named_as_a_period_is(text, expected):
    assert reporting.parse_round(text) == expected


def test_cli_reporting_plan_import_and_show(cycle, capsys, tmp_path):
    path = cycle.path
    cycle.close()
    assert main(["--db", str(path), "reporting", "--period", "2022-09", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["lead_unit"], r["state"], r["late_days"]) for r in rows][:2] == [
        ("燃气管理科", "missing", None),
        ("住房保障科", "late", 3),
    ]
    assert set(rows[0]) >= {"due", "on_time", "late", "late_days", "missing", "on_time_rate"}
    assert main(["--db", str(path), "reporting", "--period", "2022-09", "--region", "某市"]) == 1
    assert main(["--db", str(path), "plan", "show", "--year", "2022", "--format", "csv"]) == 0
    shown = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert shown["task_code"].tolist() == ["A-01", "A-02", "A-03", "A-04"]
    bad = tmp_path / "坏清单.csv"
    bad.write_text("任务名称,牵头单位,年度目标\n管廊,,12\n", encoding="utf-8")
    assert main(["--db", str(path), "plan", "import", str(bad), "--year", "2023"]) == 1
    assert "第2行、B列「牵头单位」" in capsys.readouterr().err
    good = tmp_path / "清单.csv"
    good.write_bytes(PLAN)
    assert main(["--db", str(path), "plan", "import", str(good), "--year", "2023"]) == 0
    assert "2023 年任务清单第 2 版，4 个指标" in capsys.readouterr().out


def test_states_read_in_the_sessions_language():
    from tracker.plan import tables

    assert tables.state_text("late", 3) == "迟报3天"
    assert tables.state_text("late", 3, "en") == "Late 3 days"
    assert tables.state_text("late", 1, "en") == "Late 1 day"
    assert tables.state_text("missing", None, "en") == "Missing"
    assert tables.state_text("on_time", None) == "按时"
    assert tables.round_label("2022-09") == "2022年9月"
    assert tables.round_label("2022-09", "en") == "2022-09"
