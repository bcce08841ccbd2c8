"""Cached answers for the leaders' pages.

Every function takes the store unhashed (`_store`) and the store's data version, read once per
run: an upload or an undo on another page bumps the version, so the next run asks again.

The answers are shared by every session of the process, not pickled per session: each caller
gets a shallow copy, and pandas' copy-on-write copies the data only when one side writes, so a
page may still change what it gets. (Unpickling a 20,000-row status frame took 25 ms per cache
hit, several times per page.)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tracker.intake import uploads
from tracker.plan import reporting, tables
from tracker.plan.reporting import ReportingRules
from tracker.presentation import charts, views
from tracker.presentation.views import Selection
from tracker.progress import metrics
from tracker.progress.regions import RegionTree, with_home_region
from tracker.progress.status import Thresholds
from tracker.store import Store
from ui.context import settings

TTL_SECONDS = 30 * 60
# Each session looks at a few dates and filter choices; a few hundred frames of 20,000 rows at
# most stay well under a gigabyte.
MAX_ENTRIES = 64

T = TypeVar("T")
_SHARED: list = []


def _own_copy(value):
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if isinstance(value, tuple):
        return tuple(_own_copy(item) for item in value)
    if isinstance(value, list | dict):
        return value.copy()
    return value


def _shared(func: Callable[..., T]) -> Callable[..., T]:
    """Cache `func`'s answers for all sessions, handing each caller its own copy."""
    cached = st.cache_resource(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)(func)
    _SHARED.append(cached)

    @functools.wraps(func)
    def answer(*args, **kwargs):
        return _own_copy(cached(*args, **kwargs))

    return answer


def clear() -> None:
    """Forget every cached answer, as when new data lands (the store stays open)."""
    for cached in _SHARED:
        cached.clear()


def thresholds() -> Thresholds:
    return settings().thresholds()


def region_tree() -> RegionTree:
    return settings().regions()


def data_version(store: Store) -> int:
    return store.data_version()


@_shared
def years(_store: Store, version: int) -> list[int]:
    return metrics.years(_store)


@_shared
def lead_units(_store: Store, version: int) -> list[str]:
    """Every lead unit named in the history, for the forms that choose one: a distinct over every
    snapshot, too slow at province scale to run on every run of the upload page."""
    return uploads.lead_units(_store)


@_shared
def snapshot_dates(_store: Store, version: int, year: int) -> list[date]:
    return metrics.snapshot_dates(_store, year)


@_shared
def status(_store: Store, version: int, as_of: date, limits: Thresholds) -> pd.DataFrame:
    """Every indicator of `as_of`'s year, unfiltered (see metrics.indicator_status); a row that
    names no region is the home bureau's."""
    return with_home_region(metrics.indicator_status(_store, as_of, limits), region_tree().home)


@_shared
def filter_options(
    _store: Store,
    version: int,
    as_of: date,
    limits: Thresholds,
    tree: RegionTree | None = None,
    scope: str = "",
) -> dict[str, list[str]]:
    """The sidebar's choices (views.filter_options) in `scope`'s view, or over everything."""
    everything = status(_store, version, as_of, limits)
    return views.filter_options(views.in_scope(everything, tree, scope) if scope else everything)


@_shared
def filtered_status(
    _store: Store, version: int, as_of: date, limits: Thresholds, selection: Selection
) -> pd.DataFrame:
    return selection.apply(status(_store, version, as_of, limits))


@_shared
def previous_date(_store: Store, version: int, as_of: date) -> date | None:
    return metrics.previous_snapshot_date(_store, as_of)


@_shared
def rollup(
    _store: Store,
    version: int,
    as_of: date,
    limits: Thresholds,
    selection: Selection,
    dimension: str,
) -> pd.DataFrame:
    frame = filtered_status(_store, version, as_of, limits, selection)
    return metrics.rollup(_store, frame, dimension)


@_shared
def branches(
    _store: Store,
    version: int,
    as_of: date,
    limits: Thresholds,
    selection: Selection,
    tree: RegionTree,
    scope: str,
    lang: str,
) -> pd.DataFrame | None:
    """A city's or province's view side by side: its own tasks, each region below it (ranked
    among themselves) and the total; None where the view holds one bureau only."""
    frame = filtered_status(_store, version, as_of, limits, selection)
    if not scope or frame.empty:
        return None
    branched = views.by_branch(frame, tree, scope)
    if branched["region"].nunique() < 2:
        return None
    side_by_side = views.branch_order(metrics.rollup(_store, branched, "region"), scope)
    total = metrics.rollup(_store, frame.assign(region=views.total_label(lang)), "region")
    named = side_by_side.assign(
        group_name=side_by_side["group_name"].replace({scope: views.own_label(scope, lang)})
    )
    return pd.concat([named, total.assign(rank=pd.NA)[named.columns]], ignore_index=True)


@_shared
def quarterly(
    _store: Store, version: int, indicator_id: int, year: int, as_of: date, rule: str
) -> pd.DataFrame:
    return metrics.quarterly(_store, indicator_id, year, as_of, rule)


@_shared
def snapshot_history(_store: Store, version: int, indicator_id: int) -> pd.DataFrame:
    return metrics.snapshot_history(_store, indicator_id)


@_shared
def indicator_years(_store: Store, version: int, indicator_id: int) -> pd.DataFrame:
    return metrics.indicator_years(_store, indicator_id)


def reporting_hour() -> datetime:
    """The hour a reporting answer holds for, to key its cache: deadlines fall on the hour, and
    an upload, an undo or a calendar day moves the data version, so states asked for at 10:05
    stay true until 11:00."""
    return datetime.now().replace(minute=0, second=0, microsecond=0)


@_shared
def report_items(
    _store: Store, version: int, year: int, month: int, rules: ReportingRules, hour: datetime
) -> pd.DataFrame:
    """The round's report items as of now (reporting.report_items)."""
    return reporting.report_items(_store, year, month, rules=rules)


@_shared
def round_units(
    _store: Store, version: int, year: int, month: int, rules: ReportingRules, hour: datetime
) -> pd.DataFrame:
    """The round by lead unit and period, from the same items (reporting.units_of)."""
    return reporting.units_of(_store, report_items(_store, version, year, month, rules, hour))


@_shared
def reporting_counts(
    _store: Store, version: int, year: int, rules: ReportingRules, hour: datetime
) -> pd.DataFrame:
    """Every round of the year counted per unit (reporting.year_counts), once for the trend,
    the ranking and the round a page opens on."""
    return reporting.year_counts(_store, year, rules=rules)


# Figures are cached and shared as they are: Streamlit only reads a figure (to_dict, then JSON),
# and no page changes one. Building a Plotly figure (template, validation) costs more than any
# query of the page; a dict would be validated again on every run.


@_shared
def completion_chart(
    _store: Store,
    version: int,
    as_of: date,
    limits: Thresholds,
    selection: Selection,
    lang: str,
    title: str,
) -> tuple[go.Figure, int, int]:
    """The chart of completion against the schedule (ceilings apart), the indicators it shows
    and how many more it leaves out (views.worst_first)."""
    schedule_rows, _ = views.split_ceilings(
        filtered_status(_store, version, as_of, limits, selection)
    )
    shown, hidden = views.worst_first(schedule_rows)
    return charts.completion_vs_schedule(shown, lang, title=title), len(shown), hidden


@_shared
def ceiling_chart(
    _store: Store,
    version: int,
    as_of: date,
    limits: Thresholds,
    selection: Selection,
    lang: str,
    title: str,
) -> go.Figure | None:
    """The chart of ceilings (控制上限) against their limits; None where there are none."""
    _, ceiling_rows = views.split_ceilings(
        filtered_status(_store, version, as_of, limits, selection)
    )
    if ceiling_rows.empty:
        return None
    return charts.against_ceiling(ceiling_rows, lang, title=title)


@_shared
def quarterly_chart(
    _store: Store,
    version: int,
    indicator_id: int,
    year: int,
    as_of: date,
    rule: str,
    projected: float | None,
    lang: str,
    ceiling: bool,
    title: str,
) -> go.Figure:
    """Task progress's chart of one indicator by quarter (charts.quarterly_progress)."""
    quarters = quarterly(_store, version, indicator_id, year, as_of, rule)
    return charts.quarterly_progress(quarters, projected, lang, ceiling=ceiling, title=title)


# Display tables are cached too: at province scale writing 20,000 rows of figures the Chinese way
# takes longer than the query behind them.


def _repeated_text_once(table: pd.DataFrame) -> pd.DataFrame:
    """The table with each text column that repeats a few values (region, unit, leader, status)
    as categories: Streamlit then sends each value once and the rows as numbers. The browser
    shows the same text, and the downloads write the same cells. At province scale the lagging
    list goes to every session on every run: 2.2 MB as plain text, 0.4 MB so."""
    repeated = {
        name: column.astype("category")
        for name, column in table.items()
        if not pd.api.types.is_numeric_dtype(column)
        and not pd.api.types.is_datetime64_any_dtype(column)
        and column.nunique() * 4 <= len(column)
    }
    return table.assign(**repeated) if repeated else table


@_shared
def reporting_units_table(
    _store: Store,
    version: int,
    year: int,
    month: int,
    rules: ReportingRules,
    hour: datetime,
    lang: str,
) -> pd.DataFrame:
    """The round's unit table as the 报送情况 page shows it (12,000 rows for a province)."""
    return _repeated_text_once(
        tables.units_table(round_units(_store, version, year, month, rules, hour), lang)
    )


@_shared
def reporting_trend_chart(
    _store: Store, version: int, year: int, rules: ReportingRules, hour: datetime, lang: str
) -> go.Figure | None:
    """The on-time rate per round; None before anything of the year is judged."""
    trend = reporting.trend_of(reporting_counts(_store, version, year, rules, hour))
    return None if trend.empty else tables.trend_figure(trend, lang)


@_shared
def reporting_ranking_table(
    _store: Store, version: int, year: int, rules: ReportingRules, hour: datetime, lang: str
) -> pd.DataFrame:
    """The units ranked by on-time rate over the year so far, as the page shows them."""
    ranking = reporting.ranking_of(reporting_counts(_store, version, year, rules, hour))
    return _repeated_text_once(tables.ranking_table(ranking, lang))


@_shared
def lagging_table(
    _store: Store, version: int, as_of: date, limits: Thresholds, selection: Selection, lang: str
) -> pd.DataFrame:
    return _repeated_text_once(
        views.lagging_table(filtered_status(_store, version, as_of, limits, selection), lang)
    )


@_shared
def status_table(
    _store: Store, version: int, as_of: date, limits: Thresholds, selection: Selection, lang: str
) -> pd.DataFrame:
    return _repeated_text_once(
        views.status_table(filtered_status(_store, version, as_of, limits, selection), lang)
    )


@_shared
def changes(
    _store: Store,
    version: int,
    as_of: date,
    previous: date,
    limits: Thresholds,
    selection: Selection,
    lang: str,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Status moves between two snapshots, as a table and counted (see views.change_summary)."""
    moved = metrics.changes_between(
        filtered_status(_store, version, previous, limits, selection),
        filtered_status(_store, version, as_of, limits, selection),
    )
    return views.changes_table(moved, lang), views.change_summary(moved)
