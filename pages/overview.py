"""总览: where the bureau stands against the year's targets, who is behind, what changed."""

import streamlit as st

from tracker.plan import plans
from tracker.plan import years as plan_years
from tracker.presentation import views
from tracker.progress.status import STATUS_ORDER, status_label
from ui import auth, data, filters, projects, widgets
from ui.context import store
from ui.i18n import lang, t

# A rising count is good news for complete and bad news for those behind; on track moves both
# ways for good reasons (items finish at year end), so its arrow is not coloured.
DELTA_COLORS = {"complete": "normal", "on_track": "off"}

auth.guard("view")
the_store = store()
view = filters.current()
if not view.has_data:
    widgets.header("总览", "Overview", view)
    widgets.no_data_yet()

previous_day = data.previous_date(the_store, view.data_version, view.as_of)
widgets.header("总览", "Overview", view, previous_day)
projects.wallchart_button(
    the_store,
    view.as_of,
    key="overview.wallchart",
    regions=view.selection.regions,
    title=view.scope or None,
)
status = data.filtered_status(the_store, view.data_version, view.as_of, view.limits, view.selection)
if status.empty:
    widgets.nothing_matches()
previous = (
    data.filtered_status(the_store, view.data_version, previous_day, view.limits, view.selection)
    if previous_day
    else None
)
head = views.headline(status, previous)
tree = data.region_tree()
when = views.format_date(view.as_of, lang())

with st.container(border=True, key="overview.summary"):
    st.markdown(
        widgets.escape_markdown(views.summary_sentence(status, view.as_of, view.scope, lang()))
    )

with st.container(horizontal=True, gap="small", key="overview.cards"):
    st.metric(
        t("重点任务", "Key tasks"),
        head.tasks,
        delta=head.tasks_change or None,
        delta_color="off",
        border=True,
        width="content",
    )
    for code in STATUS_ORDER:
        change = head.count_changes[code] if head.count_changes else None
        st.metric(
            status_label(code, lang()),
            head.counts[code],
            delta=change,
            delta_color=DELTA_COLORS.get(code, "inverse"),
            border=True,
            width="content",
        )

if previous_day is None:
    compared = t("本年第一期，无上期可比", "first report of the year")
else:
    compared = t(
        f"箭头为较上期（{views.format_date(previous_day, 'zh')}）的增减",
        f"arrows show the change since {views.format_date(previous_day, 'en')}",
    )
st.caption(
    t(
        f"状态按指标统计：{head.tasks}项重点任务共{head.indicators}项指标；{compared}。",
        f"Statuses count indicators: {head.indicators} indicators of {head.tasks} key tasks; "
        f"{compared}.",
    )
)

for note in plans.target_change_notes(
    the_store, view.year, view.as_of, status["indicator_id"], lang()
):
    st.caption(widgets.escape_markdown(note))

st.subheader(t("滞后指标", "Lagging indicators"))
lagging = data.lagging_table(
    the_store, view.data_version, view.as_of, view.limits, view.selection, lang()
)
if lagging.empty:
    st.success(t("没有落后于序时进度的指标。", "No indicator is behind the time schedule."))
else:
    st.caption(
        t(
            f"共{len(lagging)}项，按落后程度从大到小排列。",
            f"{len(lagging)} indicators, furthest behind first.",
        )
    )
    widgets.table(
        lagging,
        widgets.file_stem("滞后指标", "lagging_indicators", view),
        key="overview.lagging",
    )

branches = data.branches(
    the_store, view.data_version, view.as_of, view.limits, view.selection, tree, view.scope, lang()
)
if branches is not None:
    st.subheader(t("各地区情况", "Regions side by side"))
    st.caption(
        t(
            f"{view.scope}本级与下辖各地区分列，合计为全部之和；下辖地区之间按{views.RANK_RULE['zh']}",
            f"{view.scope}'s own tasks and each region below it; the total adds them up. "
            f"Regions below it: {views.RANK_RULE['en']}",
        )
    )
    widgets.table(
        views.rollup_table(branches, "region", lang()),
        widgets.file_stem("各地区情况", "regions_side_by_side", view),
        key="overview.branches",
    )

st.subheader(t("各指标完成率与序时进度", "Completion against the time schedule"))
completion, shown, hidden = data.completion_chart(
    the_store,
    view.data_version,
    view.as_of,
    view.limits,
    view.selection,
    lang(),
    title=t(
        f"各指标完成率与序时进度（截至{when}）",
        f"Completion against the time schedule, as of {when}",
    ),
)
widgets.chart(
    completion,
    widgets.file_stem("完成率与序时进度", "completion_vs_schedule", view),
    key="overview.completion",
)
if hidden:
    st.caption(
        t(
            f"图中列出最需关注的{shown}项指标（未报送和落后最多的在前），"
            f"另有{hidden}项未列出，见下方“全部指标”。",
            f"The chart lists the {shown} indicators that most need attention (not reported "
            f"and furthest behind first); {hidden} more are in “All indicators” below.",
        )
    )

ceilings = data.ceiling_chart(
    the_store,
    view.data_version,
    view.as_of,
    view.limits,
    view.selection,
    lang(),
    title=t(f"实际值与控制上限（截至{when}）", f"Actual against the ceiling, as of {when}"),
)
if ceilings is not None:
    st.subheader(t("控制类指标（越小越好）", "Ceilings (lower is better)"))
    widgets.chart(
        ceilings, widgets.file_stem("控制类指标", "ceilings", view), key="overview.ceilings"
    )

st.subheader(t("较上期变化", "Changes since the previous report"))
if previous is None:
    st.info(
        t(
            f"{plan_years.year_name(view.year)}截至{when}是本年第一期数据，暂无上期可比。",
            f"The report of {when} is the first of {view.year}: nothing to compare with.",
        )
    )
else:
    changes, summary = data.changes(
        the_store,
        view.data_version,
        view.as_of,
        previous_day,
        view.limits,
        view.selection,
        lang(),
    )
    before = views.format_date(previous_day, lang())
    st.caption(
        t(
            f"与{before}比较：新完成{summary['newly_complete']}项，"
            f"状态转差{summary['worse']}项，状态好转{summary['better']}项。",
            f"Compared with {before}: {summary['newly_complete']} newly complete, "
            f"{summary['worse']} worse, {summary['better']} better.",
        )
    )
    if not changes.empty:
        widgets.table(
            changes,
            widgets.file_stem("状态变化", "status_changes", view),
            key="overview.changes",
        )

st.subheader(t("全部指标", "All indicators"))
# Drawn on request: at province scale the full table is the slowest part of the page.
if st.toggle(
    t(f"显示全部{len(status)}项指标的明细表", f"Show the table of all {len(status)} indicators"),
    key="overview.show_all",
):
    widgets.table(
        data.status_table(
            the_store, view.data_version, view.as_of, view.limits, view.selection, lang()
        ),
        widgets.file_stem("全部指标", "all_indicators", view),
        key="overview.all",
    )
