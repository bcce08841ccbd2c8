"""Pieces every leaders' page lays out the same way: headers, messages, charts and tables."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tracker.presentation import export, views
from tracker.presentation.formatting import format_gap, format_percent
from tracker.progress.metrics import year_elapsed
from tracker.progress.status import status_label
from ui import auth
from ui.filters import Filters
from ui.i18n import lang, t
from ui.text import escape_markdown  # noqa: F401  (pages call it as widgets.escape_markdown)

# Streamlit's badge palette, nearest to tracker.progress.status.STATUS_COLORS.
STATUS_BADGES = {
    "complete": ("green", ":material/check_circle:"),
    "on_track": ("green", ":material/trending_up:"),
    "slightly_behind": ("yellow", ":material/schedule:"),
    "behind": ("orange", ":material/warning:"),
    "seriously_behind": ("red", ":material/error:"),
    "no_data": ("gray", ":material/help:"),
}


def no_data_yet() -> None:
    """What an empty store shows instead of a page, then stops the page."""
    st.info(
        t(
            "看板里还没有任何进度数据。填报人员登录后，可在“数据上传”页面上传进度表"
            "（CSV 或 XLSX）；也可由管理员在服务器上运行 `python -m tracker demo` "
            "载入示例数据，再刷新本页。",
            "The dashboard has no progress data yet. Staff can sign in and upload a progress "
            "sheet (CSV or XLSX) on the “数据上传” (Upload) page, or the administrator can run "
            "`python -m tracker demo` on the server to load the demo data; then reload this page.",
        ),
        icon=":material/upload_file:",
    )
    st.stop()


def nothing_matches() -> None:
    """What a page shows when the filters leave no indicator, then stops the page."""
    st.warning(
        t(
            "没有符合当前筛选条件的指标。请在左侧放宽或清除筛选条件。",
            "No indicator matches the filters. Widen or clear the filters in the sidebar.",
        ),
        icon=":material/filter_alt_off:",
    )
    st.stop()


def header(title_zh: str, title_en: str, view: Filters, previous=None) -> None:
    """The page title and the date it reports on, with the time schedule of that date."""
    st.title(t(title_zh, title_en))
    if not view.has_data:
        return
    when = views.format_date(view.as_of, lang())
    schedule = format_percent(year_elapsed(view.as_of, view.limits.schedule_rule))
    line = t(f"截至{when}，序时进度{schedule}", f"As of {when}, time schedule {schedule}")
    if previous is not None:
        before = views.format_date(previous, lang())
        line += t(f"；与上期（{before}）比较", f"; compared with the previous report ({before})")
    if view.as_of != view.latest:
        line += t("（非最新一期）", " (not the latest report)")
    st.caption(line)


def status_badge(code: str) -> None:
    color, icon = STATUS_BADGES.get(code, STATUS_BADGES["no_data"])
    st.badge(status_label(code, lang()), color=color, icon=icon)


def gap_metric(
    label: str, value: str, gap_points: float, description: str, completion_rate: float
) -> None:
    """A metric whose delta is the gap against the schedule, written "落后6.1个百分点" (or
    "超额完成6.4个百分点" once the target is reached)."""
    behind = gap_points is not None and gap_points < 0
    ahead = gap_points is not None and gap_points > 0
    st.metric(
        label,
        value,
        delta=format_gap(gap_points, completion_rate, "higher", lang()),
        delta_color="red" if behind else "green" if ahead else "gray",
        delta_arrow="down" if behind else "up" if ahead else "off",
        delta_description=description,
        border=True,
    )


def chart(fig: go.Figure, file_stem: str, key: str) -> None:
    """A Plotly chart whose toolbar downloads it as a PNG named after what it shows."""
    st.plotly_chart(
        fig,
        width="stretch",
        theme=None,
        key=key,
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": 2},
            "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        },
    )


def table(
    frame: pd.DataFrame,
    file_stem: str,
    key: str,
    height: int | str = "auto",
    column_config: dict | None = None,
) -> None:
    """A table with its downloads: CSV for Excel/WPS (UTF-8 with BOM) and XLSX.

    The files are built only when a button is pressed, and their text cells cannot run as
    formulas (tracker.presentation.export).
    """
    code = lang()
    pinned = views.pinned_columns(frame.columns, code)
    config = {
        name: st.column_config.Column(width=width, pinned=name in pinned)
        for name, width in views.column_widths(frame.columns, code).items()
    }
    config.update(column_config or {})
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=height,
        column_config=config,
        placeholder="",
        key=f"{key}.table",
    )
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            t("下载 CSV", "Download CSV"),
            data=auth.download(lambda _user: export.to_csv_bytes(frame)),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            on_click="rerun",
            icon=":material/download:",
            key=f"{key}.csv",
        )
        st.download_button(
            t("下载 Excel", "Download Excel"),
            data=auth.download(lambda _user: export.to_xlsx_bytes(frame, sheet_name=file_stem)),
            file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="rerun",
            icon=":material/download:",
            key=f"{key}.xlsx",
        )


def file_stem(name_zh: str, name_en: str, view: Filters) -> str:
    """A download's file name: what it shows and the date, e.g. 滞后指标_2022-09-30."""
    return f"{t(name_zh, name_en)}_{view.as_of.isoformat()}"


# Streamlit folds its sidebar by itself only at 768 px and below; a tablet (820 px and wider)
# would give it 300 px of a narrow screen. The first page a browser tab opens folds it there;
# the leader opens it again with the arrow, and Streamlit remembers that choice.
_FOLD_SIDEBAR_ON_TABLETS = """<script>
(() => {
  if (window.innerWidth > 1100 || sessionStorage.getItem("tracker.sidebarFolded")) return;
  const bar = document.querySelector('[data-testid="stSidebar"]');
  const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (!bar || !button) return;
  sessionStorage.setItem("tracker.sidebarFolded", "1");
  if (bar.getAttribute("data-collapsed") === "false") button.click();
})();
</script>"""


def fold_sidebar_on_tablets() -> None:
    st.sidebar.html(_FOLD_SIDEBAR_ON_TABLETS, unsafe_allow_javascript=True)
