"""任务进度: one indicator across the quarters of its year, its reports, and earlier years."""

import streamlit as st

from tracker.plan import plans
from tracker.plan import years as plan_years
from tracker.presentation import views
from tracker.presentation.formatting import (
    format_gap,
    format_pair,
    format_percent,
    format_quantity,
    is_count_unit,
    unit_label,
)
from tracker.progress import metrics
from ui import auth, data, filters, widgets
from ui.context import store
from ui.i18n import lang, t

INDICATOR_PARAM = "indicator"
URL_READ = "task.url_read"

auth.guard("view")
the_store = store()
view = filters.current()
if not view.has_data:
    widgets.header("任务进度", "Task progress", view)
    widgets.no_data_yet()

widgets.header("任务进度", "Task progress", view)
status = data.filtered_status(the_store, view.data_version, view.as_of, view.limits, view.selection)
if status.empty:
    widgets.nothing_matches()

# A shared link names the indicator; otherwise start with the one furthest behind.
wanted = views.default_indicator(status)
if not st.session_state.get(URL_READ):
    st.session_state[URL_READ] = True
    requested = st.query_params.get(INDICATOR_PARAM, "")
    if requested.isdigit() and int(requested) in set(status["indicator_id"]):
        wanted = int(requested)
        st.session_state.pop("task.indicator", None)
        st.session_state.pop("task.task", None)
remembered = st.session_state.get("task.indicator")
if remembered in set(status["indicator_id"]):
    wanted = remembered
rows = status.set_index("indicator_id", drop=False)
several_regions = status["region"].nunique() > 1

left, right = st.columns([3, 2])
with left:
    task = filters.remembered_selectbox(
        t("任务", "Task"),
        views.task_options(status),
        saved_key="task.task",
        widget_key="task.task.widget",
        default=rows.loc[wanted, "task"],
    )
with right:
    choices = views.indicator_options(status, task)

    opening, closing = t("（", " ("), t("）", ")")

    def indicator_name(indicator_id: int) -> str:
        row = rows.loc[indicator_id]
        if not several_regions:
            return row["indicator"]
        return f"{row['indicator']}{opening}{row['region']}{closing}"

    indicator_id = filters.remembered_selectbox(
        t("指标", "Indicator"),
        choices,
        saved_key="task.indicator",
        widget_key="task.indicator.widget",
        format_func=indicator_name,
        default=wanted,
    )
st.query_params[INDICATOR_PARAM] = str(indicator_id)
row = rows.loc[indicator_id]
unit = row["unit"]
code = lang()


def plain(value: object) -> str:
    return str(value) if isinstance(value, str) and value.strip() else "—"


details = [
    (t("牵头单位", "Lead unit"), plain(row["lead_unit"])),
    (t("责任领导", "Leader"), plain(row["leader"])),
    (t("任务类别", "Category"), plain(row["category"])),
    (t("所属领域", "Area"), plain(row["area"])),
    (t("所属地区", "Region"), plain(row["region"])),
    (t("计量单位", "Unit"), plain(unit_label(unit, code))),
    (
        t("指标方向", "Direction"),
        t("越小越好", "lower is better")
        if row["direction"] == "lower"
        else t("越大越好", "higher is better"),
    ),
]
widgets.status_badge(row["status"])
st.text(" · ".join(f"{name}{t('：', ': ')}{value}" for name, value in details))

ceiling = views.is_ceiling(row)
projection = None
if row["status"] != "no_data" and views.projectable(row):
    projection = metrics.project_year_end(
        row["actual"],
        row["annual_target"],
        row["as_of"],
        maximum=row.get("maximum"),
        whole=is_count_unit(unit),
    )
reported = views.format_date(row["as_of"], code)
schedule = format_percent(row["schedule_rate"])
actual_text, target_text = format_pair(row["actual"], row["annual_target"], unit, code)
with st.container(horizontal=True, gap="small", key="task.cards"):
    st.metric(
        t("累计完成", "Cumulative actual"),
        actual_text,
        delta_description=t(f"截至{reported}", f"as of {reported}"),
        border=True,
    )
    st.metric(
        t("控制上限", "Ceiling") if ceiling else t("年度目标", "Annual target"),
        target_text,
        border=True,
    )
    if ceiling:
        st.metric(
            t("占控制上限", "Share of the ceiling"),
            format_percent(row["completion_rate"]),
            delta=format_gap(None, row["completion_rate"], "lower", code),
            delta_color="green" if row["completion_rate"] <= 1 else "red",
            delta_arrow="off",
            border=True,
        )
    else:
        widgets.gap_metric(
            t("完成率", "Completion"),
            format_percent(row["completion_rate"]),
            row["gap_points"],
            t(f"序时进度{schedule}", f"schedule {schedule}"),
            completion_rate=row["completion_rate"],
        )
    if projection is not None:
        st.metric(
            t("按当前进度预计全年", "Projected year end"),
            format_quantity(projection.year_end_value, unit, code),
            delta_description=t(
                f"预计完成率{format_percent(projection.completion_rate)}",
                f"{format_percent(projection.completion_rate)} of target",
            ),
            border=True,
        )
for note in plans.target_change_notes(the_store, view.year, view.as_of, [indicator_id], code):
    st.info(widgets.escape_markdown(note), icon=":material/edit_note:")
if row["status"] == "no_data":
    st.warning(
        t(
            f"该指标截至{views.format_date(view.as_of, code)}未按期报送，以下为最近一次报送的情况。",
            "This indicator was not reported for the period; below is its latest report.",
        )
    )

rule = view.limits.schedule_rule
quarters = data.quarterly(the_store, view.data_version, indicator_id, view.year, view.as_of, rule)
widgets.chart(
    data.quarterly_chart(
        the_store,
        view.data_version,
        indicator_id,
        view.year,
        view.as_of,
        rule,
        projection.year_end_value if projection else None,
        code,
        ceiling=bool(ceiling),
        title=t(
            f"{row['indicator']}：{plan_years.year_label(view.year)}分季度进度",
            f"{row['indicator']}: {plan_years.year_label(view.year, 'en')} by quarter",
        ),
    ),
    widgets.file_stem(f"{row['indicator']}_分季度进度", f"{row['indicator']}_quarters", view),
    key="task.quarters",
)
widgets.table(
    views.quarter_table(quarters, code),
    widgets.file_stem(f"{row['indicator']}_分季度", f"{row['indicator']}_quarter_table", view),
    key="task.quarter_table",
)

st.subheader(t("本期进展", "Latest report"))
notes = st.columns(3)
for column, key, zh, en in (
    (notes[0], "progress_note", "进展情况", "Progress"),
    (notes[1], "problems", "存在问题", "Problems"),
    (notes[2], "next_steps", "下步措施", "Next steps"),
):
    with column:
        st.markdown(f"**{t(zh, en)}**")
        st.text(plain(row[key]))

st.subheader(t("历次报送", "Reports this year"))
history = views.history_until(
    data.snapshot_history(the_store, view.data_version, indicator_id), view.year, view.as_of
)
widgets.table(
    views.history_table(history, unit, code),
    widgets.file_stem(f"{row['indicator']}_历次报送", f"{row['indicator']}_reports", view),
    key="task.history",
)

st.subheader(t("历年情况", "Earlier years"))
years = data.indicator_years(the_store, view.data_version, indicator_id)
if len(years) <= 1:
    st.caption(t("该指标只有本年度的数据。", "This indicator has data for this year only."))
else:
    widgets.table(
        views.years_table(years, unit, code),
        widgets.file_stem(f"{row['indicator']}_历年", f"{row['indicator']}_years", view),
        key="task.years",
    )
