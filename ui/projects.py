"""The project pages' shared pieces: cached answers, the sidebar filters and the wall chart button.

Results are cached per data version, as in ui.data, so an upload or an undo shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from tracker.presentation import views as common_views
from tracker.projects import figures, wallchart
from tracker.projects import rules as project_rules
from tracker.projects.rules import ProjectRules
from tracker.store import Store
from ui import auth, context
from ui.data import MAX_ENTRIES, TTL_SECONDS
from ui.i18n import lang, t

AS_OF = "projects.as_of"
REGIONS = "projects.regions"
UNITS = "projects.units"


def rules() -> ProjectRules:
    """The stages and the light numbers in force (督办设置 may change them at any time)."""
    return project_rules.current(context.store())


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def report_dates(_store: Store, version: int) -> list[date]:
    """Every date some ledger reports on, latest first, over all years."""
    return [d for year in figures.years(_store) for d in figures.report_dates(_store, year)]


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def projects_as_of(_store: Store, version: int, as_of: date, project_rules: ProjectRules):
    return figures.projects_as_of(_store, as_of, project_rules)


@st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)
def history(
    _store: Store, version: int, project_id: int, project_rules: ProjectRules
) -> pd.DataFrame:
    return figures.history(_store, project_id, project_rules)


@dataclass(frozen=True)
class ProjectView:
    version: int
    as_of: date
    latest: date
    # read once a run, so every part of a page works to the same stages and light numbers
    rules: ProjectRules
    regions: tuple[str, ...] = ()
    units: tuple[str, ...] = ()

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.regions:
            frame = frame[frame["region"].isin(self.regions)]
        if self.units:
            frame = frame[frame["lead_unit"].isin(self.units)]
        return frame.reset_index(drop=True)


def _kept(key: str, options: list) -> None:
    """Drop a remembered choice that the data no longer offers."""
    chosen = st.session_state.get(key)
    if isinstance(chosen, list):
        st.session_state[key] = [c for c in chosen if c in options]
    elif chosen is not None and chosen not in options:
        del st.session_state[key]


def sidebar(store: Store) -> ProjectView:
    """Date, regions and units in the sidebar; stops the page with a note when there is no ledger."""
    version = store.data_version()
    dates = report_dates(store, version)
    if not dates:
        st.info(
            t(
                "还没有重点项目台账。请填报人员在“项目台账上传”页面上传，"
                "或用命令行 `python -m tracker projects import 文件` 导入。",
                "No project ledger yet. Staff upload it on the project ledger upload page, "
                "or run `python -m tracker projects import FILE`.",
            ),
            icon=":material/info:",
        )
        st.stop()
    st.sidebar.subheader(t("项目筛选", "Project filters"))
    _kept(AS_OF, dates)
    code = lang()  # fixed now: a widget's format_func may be called outside this run
    as_of = st.sidebar.selectbox(
        t("截至日期", "As of"),
        dates,
        format_func=lambda d: common_views.format_date(d, code),
        key=AS_OF,
    )
    in_force = rules()
    st.sidebar.caption(common_views.schedule_note(as_of, in_force.schedule_rule, code))
    frame = projects_as_of(store, version, as_of, in_force)
    picked = {}
    for key, column, label in (
        (REGIONS, "region", t("所属地区", "Region")),
        (UNITS, "lead_unit", t("责任单位", "Unit")),
    ):
        options = sorted(v for v in frame[column].dropna().unique() if v)
        _kept(key, options)
        picked[column] = (
            tuple(st.sidebar.multiselect(label, options, key=key, placeholder=t("全部", "All")))
            if len(options) > 1
            else ()
        )
    return ProjectView(version, as_of, dates[0], in_force, picked["region"], picked["lead_unit"])


def projects(store: Store, view: ProjectView) -> pd.DataFrame:
    return view.apply(projects_as_of(store, view.version, view.as_of, view.rules))


@st.cache_data(ttl=TTL_SECONDS, max_entries=8, show_spinner=False)
def _wallchart_pdf(
    _store: Store,
    version: int,
    as_of: date,
    regions: tuple[str, ...],
    units: tuple[str, ...],
    title: str | None,
    project_rules: ProjectRules,
) -> bytes:
    return wallchart.pdf(
        _store,
        as_of,
        regions=regions,
        units=units,
        title=title,
        rules=project_rules,
        thresholds=context.settings().thresholds(),
    )


def wallchart_button(
    store: Store,
    as_of: date,
    key: str,
    *,
    regions: tuple[str, ...] = (),
    units: tuple[str, ...] = (),
    title: str | None = None,
    project_rules: ProjectRules | None = None,
) -> None:
    """Download the A3 wall chart of `as_of` for the page's scope (see wallchart.build_html),
    printed when the button is pressed; with the rules the page already read, else those in
    force."""
    if wallchart.chromium_path() is None:
        st.caption(
            t(
                "无法生成作战图：服务器未安装 Chromium 浏览器，"
                "请联系管理员安装 chromium 和 fonts-noto-cjk。",
                "The wall chart cannot be printed: Chromium is not installed on the server; "
                "ask the administrator to install chromium and fonts-noto-cjk.",
            )
        )
        return
    version = store.data_version()
    if title is None and len(regions) == 1:
        title = regions[0]
    name = f"作战图_{title + '_' if title else ''}{as_of.isoformat()}.pdf"
    project_rules = project_rules or rules()
    st.download_button(
        t("下载作战图（A3 PDF）", "Download wall chart (A3 PDF)"),
        data=auth.download(
            lambda _user: _wallchart_pdf(
                store, version, as_of, regions, units, title, project_rules
            )
        ),
        file_name=name,
        mime="application/pdf",
        on_click="rerun",
        icon=":material/print:",
        key=key,
        help=t(
            "A3 横版，可直接打印上墙：项目与任务的亮灯、推进阶段、红黑榜和滞后项目工期",
            "A3 landscape, ready to print for the wall: lights of projects and tasks, stages, "
            "best and worst lists, and the schedule of projects behind (in Chinese)",
        ),
    )
