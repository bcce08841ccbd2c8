"""The shared filters of the leaders' pages: drawn in the sidebar, kept in the session, in the URL.

A chosen value is kept under a key of its own besides the widget's key, because Streamlit drops
a widget's state on a run that does not draw it (a visit to the upload page); coming back
restores it. The URL carries the same choices under ASCII keys, so a link sent to a colleague
opens the same view. The as-of date is written only when it is not the year's latest snapshot,
so that a link to "the latest" keeps following new uploads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from tracker.plan import years as plan_years
from tracker.presentation import views
from tracker.presentation.views import Selection
from tracker.progress.regions import RegionTree
from tracker.progress.status import Thresholds
from tracker.store import Store
from ui import data
from ui.i18n import lang, t

# Filter name -> key in the URL.
QUERY_KEYS = {
    "year": "year",
    "as_of": "as_of",
    "categories": "category",
    "areas": "area",
    "lead_units": "unit",
    "scope": "region",
}

# (filter name, Chinese label, English label); the order of the sidebar.
CHOICES = (
    ("categories", "任务类别", "Category"),
    ("areas", "所属领域", "Area"),
    ("lead_units", "牵头单位", "Lead unit"),
)

CURRENT = "filters.current"
URL_READ = "filters.url_read"


@dataclass(frozen=True)
class Filters:
    """What the pages report on: the as-of date and the chosen values, with the data version."""

    data_version: int = 0
    year: int | None = None
    as_of: date | None = None
    latest: date | None = None  # the year's latest snapshot date
    scope: str = ""  # the region viewed: its own bureau and the regions below it
    selection: Selection = field(default_factory=Selection)
    limits: Thresholds = field(default_factory=Thresholds)

    @property
    def has_data(self) -> bool:
        return self.as_of is not None


def _saved(name: str) -> str:
    return f"filters.{name}"


def _widget(name: str) -> str:
    return f"filters.{name}.widget"


def remembered_selectbox(
    label: str,
    options: Sequence,
    saved_key: str,
    widget_key: str,
    format_func: Callable = str,
    default: object = None,
    container=None,
) -> object:
    """A select box whose value survives runs that do not draw it (another page).

    The value is kept under `saved_key` as well as the widget's own key; a value no longer among
    the options falls back to `default`, else to the first option.
    """
    if default not in options:
        default = options[0]
    saved = st.session_state.get(saved_key, default)
    if saved not in options:
        saved = default
    if st.session_state.get(widget_key) not in options:
        st.session_state[widget_key] = saved
    value = (container or st).selectbox(label, options, key=widget_key, format_func=format_func)
    st.session_state[saved_key] = value
    return value


def current() -> Filters:
    """The filters drawn by `sidebar` in this run (nothing chosen before it ran)."""
    return st.session_state.get(CURRENT) or Filters()


def _read_url_once() -> None:
    """On a session's first run, take the choices from the URL (a shared link)."""
    if st.session_state.get(URL_READ):
        return
    st.session_state[URL_READ] = True
    params = st.query_params
    as_of = _parse_date(params.get(QUERY_KEYS["as_of"]))
    year = _parse_int(params.get(QUERY_KEYS["year"]))
    if as_of is not None:
        st.session_state[_saved("as_of")] = as_of
        year = plan_years.year_of(as_of)  # a date belongs to one year whatever the link says
    if year is not None:
        st.session_state[_saved("year")] = year
    scope = params.get(QUERY_KEYS["scope"])
    if scope:
        st.session_state[_saved("scope")] = scope
    for name, _, _ in CHOICES:
        values = tuple(v for v in params.get_all(QUERY_KEYS[name]) if v)
        if values:
            st.session_state[_saved(name)] = values


def _parse_int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _choose_one(name: str, label: str, options: Sequence, format_func: Callable) -> object:
    return remembered_selectbox(
        label, options, _saved(name), _widget(name), format_func, container=st.sidebar
    )


def _follow_latest(name: str, latest: object) -> None:
    """Keep a choice that was the latest (year or date) on the latest when newer data lands, so a
    leader who never picked a date sees a new upload without doing anything."""
    seen_key = f"filters.{name}.latest"
    before = st.session_state.get(seen_key)
    if before is not None and before != latest:
        for key in (_saved(name), _widget(name)):
            if st.session_state.get(key) == before:
                st.session_state[key] = latest
    st.session_state[seen_key] = latest


def _choose_many(name: str, label: str, options: list[str]) -> tuple[str, ...]:
    saved = [v for v in st.session_state.get(_saved(name), ()) if v in options]
    shown = st.session_state.get(_widget(name))
    if shown is None:
        st.session_state[_widget(name)] = saved
    elif any(v not in options for v in shown):
        st.session_state[_widget(name)] = [v for v in shown if v in options]
    values = st.sidebar.multiselect(label, options, key=_widget(name), placeholder=t("全部", "All"))
    st.session_state[_saved(name)] = tuple(values)
    return tuple(values)


def _clear_choices() -> None:
    for name, _, _ in CHOICES:
        st.session_state[_saved(name)] = ()
        st.session_state[_widget(name)] = []


def choose_lead_unit(unit: str) -> None:
    """A button's callback: show only this lead unit on every page."""
    st.session_state[_saved("lead_units")] = (unit,)
    st.session_state[_widget("lead_units")] = [unit]


def _write_url(
    year: int, as_of: date, latest: date, scope: str, home: str, selection: Selection
) -> None:
    wanted: dict[str, list[str]] = {
        QUERY_KEYS["year"]: [str(year)],
        QUERY_KEYS["as_of"]: [as_of.isoformat()] if as_of != latest else [],
        QUERY_KEYS["scope"]: [scope] if scope and scope != home else [],
    }
    for name, _, _ in CHOICES:
        wanted[QUERY_KEYS[name]] = list(getattr(selection, name))
    params = st.query_params
    for key, values in wanted.items():
        if params.get_all(key) == values:
            continue
        if values:
            params[key] = values if len(values) > 1 else values[0]
        else:
            del params[key]


def _year_label(code: str) -> Callable[[int], str]:
    # The language is bound when the widget is drawn, not read when a label is needed; the
    # caption below names a year's first month where it is not January.
    return lambda year: plan_years.year_name(year, code)


def _date_label(code: str) -> Callable[[date], str]:
    return lambda day: views.format_date(day, code)


def _scope_label(code: str, tree: RegionTree) -> Callable[[str], str]:
    def label(region: str) -> str:
        if region == tree.home:
            return f"{region} (this bureau)" if code == "en" else f"{region}（本局）"
        if tree.children(region):
            return f"{region} (with its regions)" if code == "en" else f"{region}（含下辖地区）"
        return region

    return label


def sidebar(store: Store) -> Filters:
    """Draw the filters in the sidebar and remember them for the page (see `current`)."""
    version = data.data_version(store)
    limits = data.thresholds()
    _read_url_once()
    st.sidebar.subheader(t("筛选条件", "Filters"))
    years = data.years(store, version)
    if not years:
        st.sidebar.caption(t("暂无数据，无可筛选项", "No data yet, nothing to filter"))
        chosen = Filters(data_version=version, limits=limits)
        st.session_state[CURRENT] = chosen
        return chosen

    _follow_latest("year", years[0])
    year = _choose_one("year", t("年度", "Year"), years, _year_label(lang()))
    dates = data.snapshot_dates(store, version, year)
    _follow_latest("as_of", dates[0])
    as_of = _choose_one("as_of", t("截至日期", "As of"), dates, _date_label(lang()))
    st.sidebar.caption(views.schedule_note(as_of, limits.schedule_rule, lang()))

    tree = data.region_tree()
    scopes = tree.scopes(data.filter_options(store, version, as_of, limits)["regions"])
    scope = scopes[0] if scopes else ""
    if len(scopes) > 1:
        scope = _choose_one("scope", t("查看范围", "View"), scopes, _scope_label(lang(), tree))

    options = data.filter_options(store, version, as_of, limits, tree, scope)
    picked = {}
    for name, zh, en in CHOICES:
        # A filter with a single value would change nothing: it is drawn only with two or more.
        picked[name] = (
            _choose_many(name, t(zh, en), options[name]) if len(options[name]) > 1 else ()
        )
    regions = tree.members(scope) if scope else ()
    selection = Selection(**picked, regions=regions)
    if selection.narrowed:
        st.sidebar.button(
            t("清除筛选", "Clear filters"),
            on_click=_clear_choices,
            icon=":material/filter_alt_off:",
            key="filters.clear",
        )

    _write_url(year, as_of, dates[0], scope, tree.home, selection)
    chosen = Filters(version, year, as_of, dates[0], scope, selection, limits)
    st.session_state[CURRENT] = chosen
    return chosen
