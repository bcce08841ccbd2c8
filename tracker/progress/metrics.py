"""Questions leaders ask of the store: status as of a date, quarters, roll-ups, what changed."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd

from tracker.plan import years as plan_years
from tracker.progress.status import LAGGING, STATUS_ORDER, Thresholds
from tracker.store import Store

DIMENSIONS = ("lead_unit", "category", "area", "region", "task")


def year_elapsed(day: date, rule: str = "month", start: int | None = None) -> float:
    """Share of the year elapsed at `day` under a 序时 rule (Thresholds.schedule_rule), from the
    year's first month `start` (TRACKER_YEAR_START_MONTH by default). By month the end of
    September is exactly 0.75 and a day within a month counts its share of the month; by day,
    days so far of the year's days; "jan_feb" is by month with January and February one period
    of two months, its days counted across both. The leaders' queries take it from
    schedule_by_day; queries/migrations/012_first_reports_and_plan_windows.sql writes the same
    rule as SQL for the projects' plans.
    """
    start = plan_years.start_month() if start is None else start
    if rule == "day":
        year = plan_years.year_of(day, start)
        first, last = plan_years.first_day(year, start), plan_years.last_day(year, start)
        return ((day - first).days + 1) / ((last - first).days + 1)
    if rule == "jan_feb" and day.month <= 2:
        months_before_january = (13 - start) % 12
        days_to_march = (date(day.year, 3, 1) - date(day.year, 1, 1)).days
        return (months_before_january + day.timetuple().tm_yday / days_to_march * 2) / 12
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    return ((day.month - start) % 12 + day.day / days_in_month) / 12


def schedule_by_day(year: int, rule: str = "month") -> dict[str, object]:
    """The 序时 schedule of the bureau's year `year` as queries take it: `elapsed_by_day`,
    year_elapsed on each of its days from the first, and `year_first_day`. A query looks a
    report's share up by its day of the year (`$elapsed_by_day[as_of - $year_first_day + 1]`):
    the rule is counted here only, and the lookup costs DuckDB about a twentieth less of the
    status query's work than the rule written out in SQL, parsed and planned on every call."""
    start = plan_years.start_month()
    return {
        "elapsed_by_day": list(_elapsed_by_day(year, rule, start)),
        "year_first_day": plan_years.first_day(year, start),
    }


@lru_cache(maxsize=64)
def _elapsed_by_day(year: int, rule: str, start: int) -> tuple[float, ...]:
    first = plan_years.first_day(year, start)
    days = (plan_years.last_day(year, start) - first).days + 1
    return tuple(year_elapsed(first + timedelta(days=n), rule, start) for n in range(days))


def _to_date(value) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def resolve_as_of(store: Store, as_of: date | None = None, year: int | None = None) -> date | None:
    """The date to report on: the one asked for, else the latest snapshot (of `year` if given)."""
    if as_of is not None:
        return as_of
    return _to_date(store.query("latest_as_of", year=year)["as_of"].iloc[0])


def years(store: Store) -> list[int]:
    return [int(y) for y in store.query("years")["year"]]


def snapshot_dates(store: Store, year: int) -> list[date]:
    return [_to_date(d) for d in store.query("snapshot_dates", year=year)["as_of"]]


def previous_snapshot_date(store: Store, as_of: date) -> date | None:
    earlier = [d for d in snapshot_dates(store, plan_years.year_of(as_of)) if d < as_of]
    return earlier[0] if earlier else None


def indicator_status(
    store: Store, as_of: date, thresholds: Thresholds = Thresholds()
) -> pd.DataFrame:
    """One row per indicator of `as_of`'s year, and per indicator of the year's plan even if
    never reported (未报送); see queries/indicator_status_as_of.sql.

    Rows come in the order of the bureau's own list: indicators are numbered as they first arrive
    (or as the plan names them).
    """
    year = plan_years.year_of(as_of)
    return store.query(
        "indicator_status_as_of",
        sort_by="indicator_id",
        as_of=as_of,
        slightly_behind=thresholds.slightly_behind_points,
        behind=thresholds.behind_points,
        stale_after_days=thresholds.stale_after_days,
        year=year,
        year_start_month=plan_years.start_month(),
        **schedule_by_day(year, thresholds.schedule_rule),
    )


def status_counts(status: pd.DataFrame) -> dict[str, int]:
    counts = status["status"].value_counts()
    return {code: int(counts.get(code, 0)) for code in STATUS_ORDER}


def rollup(store: Store, status: pd.DataFrame, dimension: str) -> pd.DataFrame:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown roll-up dimension {dimension!r}")
    return store.query("status_rollup", frames={"status": status}, dimension=dimension)


def quarterly(
    store: Store, indicator_id: int, year: int, as_of: date, schedule_rule: str = "month"
) -> pd.DataFrame:
    """The indicator at each quarter end of the (bureau's) year `year`, the quarter in progress
    at `as_of` planned at its report's date by the 序时 rule `schedule_rule`
    (Thresholds.schedule_rule); see queries/quarterly_progress.sql."""
    return store.query(
        "quarterly_progress",
        indicator_id=indicator_id,
        year=year,
        as_of=as_of,
        year_start_month=plan_years.start_month(),
        **schedule_by_day(year, schedule_rule),
    )


@dataclass(frozen=True)
class Projection:
    year_end_value: float
    completion_rate: float


def project_year_end(
    actual: float,
    annual_target: float,
    as_of: date,
    maximum: float | None = None,
    whole: bool = False,
) -> Projection | None:
    """Year-end value if the pace so far continues to the year's end, for a cumulative indicator.

    None at the year end itself (nothing is left to project). Never beyond `maximum` (a limit
    the plan gives, such as the number of projects there are to start); `whole` rounds things
    counted whole (projects, stations) down to a whole number.
    """
    elapsed = year_elapsed(as_of)
    if elapsed <= 0 or elapsed >= 1:
        return None
    if pd.isna(actual) or pd.isna(annual_target) or annual_target <= 0:
        return None
    value = actual / elapsed
    if maximum is not None and not pd.isna(maximum):
        value = min(value, float(maximum))
    if whole:
        value = float(math.floor(value))
    return Projection(value, value / annual_target)


def snapshot_history(store: Store, indicator_id: int) -> pd.DataFrame:
    return store.query("snapshot_history", indicator_id=indicator_id)


def indicator_years(store: Store, indicator_id: int) -> pd.DataFrame:
    return store.query("indicator_years", indicator_id=indicator_id)


def changes_between(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose status moved between two status frames, worst moves first.

    Columns: indicator_id, task, indicator, lead_unit, status_before, status, gap_before,
    gap_points, newly_complete, worse.
    """
    merged = after.merge(
        before[["indicator_id", "status", "gap_points"]].rename(
            columns={"status": "status_before", "gap_points": "gap_before"}
        ),
        on="indicator_id",
        how="left",
    )
    merged["status_before"] = merged["status_before"].fillna("no_data")
    moved = merged[merged["status"] != merged["status_before"]].copy()
    rank = {code: i for i, code in enumerate(STATUS_ORDER)}
    moved["newly_complete"] = moved["status"] == "complete"
    moved["worse"] = moved["status"].map(rank) > moved["status_before"].map(rank)
    moved = moved.sort_values(["worse", "gap_points"], ascending=[False, True])
    columns = [
        "indicator_id",
        "task",
        "indicator",
        "lead_unit",
        "region",
        "status_before",
        "status",
        "gap_before",
        "gap_points",
        "newly_complete",
        "worse",
    ]
    return moved[columns].reset_index(drop=True)


def lagging(status: pd.DataFrame) -> pd.DataFrame:
    """Indicators behind the schedule, worst gap first."""
    behind = status[status["status"].isin(LAGGING)]
    return behind.sort_values("gap_points").reset_index(drop=True)
