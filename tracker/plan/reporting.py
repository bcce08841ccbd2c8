"""The reporting cycle (报送): for every lead unit and period, on time, late by N days, or missing.

A report is due from each plan indicator's lead unit for every period of its frequency; it is on
time when the first batch carrying it landed before the deadline (see tracker.plan.calendar).
Functions here are named for the office's questions and each is a thin call to a named query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from tracker.intake import values
from tracker.plan import years
from tracker.plan.calendar import DEFAULT_RULES, DeadlineRule, WorkCalendar, round_periods
from tracker.store import Store

STATE_LABELS = {"on_time": "按时", "late": "迟报", "missing": "未报", "pending": "待报"}
TREND_COLUMNS = ["round", "judged", "on_time", "late", "missing", "rate"]
RANKING_COLUMNS = [
    "rank",
    "region",
    "lead_unit",
    "judged",
    "on_time",
    "late",
    "late_days",
    "missing",
    "rate",
]


@dataclass(frozen=True)
class ReportingRules:
    """Deadline rule per frequency, and whether January and February are reported together."""

    deadlines: dict[str, DeadlineRule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    jan_feb_together: bool = False


def parse_round(text: str) -> tuple[int, int]:
    """`2022-09`, `2022年9月`, `2022Q3` -> (2022, 9): the month whose reporting round is meant."""
    end = values.parse_period(text)
    return end.year, end.month


def _periods(store: Store, year: int, months, rules: ReportingRules) -> pd.DataFrame:
    work = WorkCalendar.of_store(store)
    frames = [
        round_periods(
            years.calendar_year(year, m), m, rules.deadlines, work, rules.jan_feb_together
        )
        for m in months
    ]
    return pd.concat(frames, ignore_index=True)


def report_items(
    store: Store,
    year: int,
    month: int | None = None,
    *,
    now: datetime | None = None,
    rules: ReportingRules = ReportingRules(),
) -> pd.DataFrame:
    """One row per plan indicator and period of the month's round of the plan year `year` (every
    month if None; a month before the year's first month is in the next calendar year):
    deadline, landed_at, landed_by, on_behalf, state (on_time/late/missing/pending), late_days."""
    periods = _periods(store, year, [month] if month else years.months(), rules)
    return store.query(
        "plan/report_items",
        reads={"states": "plan/report_states"},
        frames={"periods": periods},
        sort_by="item_no",
        year=year,
        now=now or datetime.now(),
    )


def reporting_by_unit(
    store: Store,
    year: int,
    month: int,
    *,
    now: datetime | None = None,
    region: str | None = None,
    rules: ReportingRules = ReportingRules(),
) -> pd.DataFrame:
    """One row per lead unit and period of the month's round: due, on_time, late, late_days,
    missing, pending, on_behalf, state and on_time_rate. Worst first: missing, then late."""
    units = store.query(
        "plan/reporting_by_unit",
        reads={"states": "plan/report_states", "items": "plan/report_items"},
        frames={"periods": _periods(store, year, [month], rules)},
        year=year,
        now=now or datetime.now(),
        region=region,
    )
    return _worst_first(units)


def units_of(store: Store, items: pd.DataFrame) -> pd.DataFrame:
    """reporting_by_unit over report items already at hand (a page that lists them too)."""
    return _worst_first(store.query("plan/reporting_by_unit", frames={"items": items}, region=None))


def _worst_first(units: pd.DataFrame) -> pd.DataFrame:
    order = {"missing": 0, "late": 1, "pending": 2, "on_time": 3}
    units["_order"] = units["state"].map(order)
    units = units.sort_values(
        ["_order", "late_days", "region", "lead_unit", "period"],
        ascending=[True, False, True, True, True],
    )
    return units.drop(columns="_order").reset_index(drop=True)


def judged(items: pd.DataFrame) -> pd.DataFrame:
    """Items whose deadline has passed or that have landed: the ones an on-time rate counts."""
    return items[items["state"] != "pending"]


def year_counts(
    store: Store,
    year: int,
    *,
    now: datetime | None = None,
    rules: ReportingRules = ReportingRules(),
) -> pd.DataFrame:
    """Every round of the year in one statement: one row per round, region and lead unit with
    due, on_time, late, late_days (summed), missing and pending. The trend, the ranking and the
    latest round are sums of it; its size follows the units, not the million report items of a
    province's weekly year."""
    periods = _periods(store, year, years.months(), rules)
    return store.query(
        "plan/reporting_counts",
        reads={"states": "plan/report_states"},
        frames={"periods": periods},
        year=year,
        now=now or datetime.now(),
    )


def _with_rate(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts with judged (due and not pending) and the on-time rate; nothing judged left out."""
    counts = counts.assign(judged=counts["on_time"] + counts["late"] + counts["missing"])
    counts = counts[counts["judged"] > 0]
    return counts.assign(rate=counts["on_time"] / counts["judged"])


def trend_of(counts: pd.DataFrame) -> pd.DataFrame:
    """The bureau's on-time rate per round (year_counts summed over units)."""
    per_round = counts.groupby("round", as_index=False)[["on_time", "late", "missing"]].sum()
    return _with_rate(per_round).reset_index(drop=True)[TREND_COLUMNS]


def ranking_of(counts: pd.DataFrame) -> pd.DataFrame:
    """按时报送率 per lead unit over the rounds counted, best first (ties by fewer late days)."""
    table = counts.groupby(["region", "lead_unit"], as_index=False)[
        ["on_time", "late", "late_days", "missing"]
    ].sum()
    table = _with_rate(table).sort_values(
        ["rate", "late_days", "lead_unit"], ascending=[False, True, True]
    )
    table.insert(0, "rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)[RANKING_COLUMNS]


def latest_round_of(counts: pd.DataFrame) -> int | None:
    """The month of the latest round in which any report landed."""
    landed = counts[(counts["on_time"] + counts["late"]) > 0]
    return None if landed.empty else int(landed["round"].max()[-2:])


def on_time_trend(
    store: Store,
    year: int,
    *,
    now: datetime | None = None,
    rules: ReportingRules = ReportingRules(),
) -> pd.DataFrame:
    """The bureau's on-time rate per round of the year, rounds with nothing judged left out."""
    return trend_of(year_counts(store, year, now=now, rules=rules))


def latest_reported_round(
    store: Store,
    year: int,
    *,
    now: datetime | None = None,
    rules: ReportingRules = ReportingRules(),
) -> int | None:
    """The month of the year's latest round in which any report landed (where a page opens)."""
    return latest_round_of(year_counts(store, year, now=now, rules=rules))


def ranking(
    store: Store,
    year: int,
    *,
    now: datetime | None = None,
    rules: ReportingRules = ReportingRules(),
) -> pd.DataFrame:
    """按时报送率 per lead unit over the year so far, best first (ties by fewer late days)."""
    return ranking_of(year_counts(store, year, now=now, rules=rules))


def bureau_rate(by_unit: pd.DataFrame) -> float | None:
    """The bureau's on-time rate over the given unit rows (reports, not units, are counted)."""
    judged_count = (by_unit["on_time"] + by_unit["late"] + by_unit["missing"]).sum()
    return float(by_unit["on_time"].sum() / judged_count) if judged_count else None


def not_reported(items: pd.DataFrame) -> pd.DataFrame:
    """The reports of a round that have not landed (missing, or not yet due), by unit."""
    waiting = items[items["state"].isin(("missing", "pending"))]
    return waiting.sort_values(["state", "region", "lead_unit", "item_no"]).reset_index(drop=True)


def reminder_text(waiting: pd.DataFrame, sender: str = "局办公室") -> str:
    """A 催报 notice to copy into a message: each unit, what it owes and by when."""
    if waiting.empty:
        return ""
    lines = []
    for (lead_unit, period_label), group in waiting.groupby(["lead_unit", "period_label"]):
        due = pd.Timestamp(group["deadline_day"].iloc[0]).date()
        tasks = "、".join(dict.fromkeys(group["indicator"]))
        overdue = (group["state"] == "missing").any()
        when = "已超过时限，请尽快报送" if overdue else "请按时报送"
        lines.append(
            f"{lead_unit}：{period_label}的{tasks}（共{len(group)}项）尚未报送，"
            f"报送时限为{due.month}月{due.day}日，{when}。"
        )
    return (
        "各有关单位：\n根据重点任务督办工作安排，以下事项尚未报送进度：\n"
        + "\n".join(lines)
        + f"\n请抓紧在督办看板“数据上传”页面报送，如有困难请及时与{sender}联系。\n{sender}"
    )


def due_for_units(
    store: Store,
    lead_units: list[str] | set[str],
    today: date | None = None,
    *,
    rules: ReportingRules = ReportingRules(),
) -> pd.DataFrame:
    """What a unit owes now (本期待报送): reports of periods that have ended, this year and (in
    January) last December's, that have not landed, whether or not their deadline has passed."""
    today = today or date.today()
    now = datetime.combine(today, datetime.max.time())
    owed_years = sorted({years.year_of(today), years.year_of(today - timedelta(days=31))})
    owed = [
        store.query(
            "plan/items_owed",
            reads={"states": "plan/report_states", "items": "plan/report_items"},
            frames={"periods": _periods(store, y, years.months(), rules)},
            sort_by="item_no",
            year=y,
            now=now,
            today=today,
            units=sorted(lead_units),
        )
        for y in owed_years
    ]
    return pd.concat(owed, ignore_index=True)
