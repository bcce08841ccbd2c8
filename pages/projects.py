"""项目总览: the projects' counts and investment against 序时, the stage pipeline, units and
regions, and the projects behind first."""

import streamlit as st

from tracker.presentation import views as common_views
from tracker.presentation.formatting import format_percent, format_points
from tracker.progress.metrics import year_elapsed
from tracker.projects import charts, figures, views
from ui import auth, projects, widgets
from ui.context import store

BEHIND_ROWS = 50

auth.guard("view")
the_store = store()
view = projects.sidebar(the_store)
frame = projects.projects(the_store, view)
when = common_views.format_date(view.as_of, "zh")

st.title("项目总览")
st.caption(
    f"截至{when}，序时进度{format_percent(year_elapsed(view.as_of))}"
    + ("（非最新一期）" if view.as_of != view.latest else "")
)
projects.wallchart_button(
    the_store, view.as_of, key="projects.wallchart", regions=view.regions, units=view.units
)
if frame.empty:
    st.info("没有符合筛选条件的项目，请在左侧放宽或清除筛选。", icon=":material/filter_alt_off:")
    st.stop()

head = figures.summary(frame, view.as_of, projects.rules())
with st.container(horizontal=True, gap="small", key="projects.cards"):
    st.metric("重点项目", f"{head.projects}个", border=True, width="content")
    st.metric(
        "已开工",
        f"{head.started}个",
        delta=f"开工率{format_percent(head.start_rate)}",
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
    st.metric(
        "已竣工",
        f"{head.completed}个",
        delta=f"竣工率{format_percent(head.completion_rate)}",
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
    st.metric("在建按计划推进", f"{head.on_schedule}个", border=True, width="content")
    st.metric("尚未开工", f"{head.not_started}个", border=True, width="content")
    st.metric("总投资", charts.money(head.total_investment), border=True, width="content")
    st.metric(
        "本年完成投资",
        charts.money(head.invested),
        delta=f"年度计划{charts.money(head.annual_plan)}",
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
with st.container(horizontal=True, gap="small", key="projects.rate"):
    widgets.gap_metric(
        "投资完成率",
        format_percent(head.investment_rate),
        head.gap_points,
        f"序时进度{format_percent(head.schedule_rate)}",
        head.investment_rate,
    )
    for light, label in (("red", "红灯项目"), ("yellow", "黄灯项目"), ("green", "绿灯项目")):
        st.metric(label, f"{head.lights[light]}个", border=True, width="content")
st.caption(
    f"{head.projects}个项目中已开工{head.started}个（其中竣工{head.completed}个），"
    f"{head.on_schedule}个在建项目按计划推进，{head.not_started}个尚未开工；"
    f"本年完成投资{charts.money(head.invested)}，占年度计划{charts.money(head.annual_plan)}的"
    f"{format_percent(head.investment_rate)}，较序时进度{format_points(head.gap_points)}。"
)

left, right = st.columns(2)
with left:
    st.subheader("推进阶段")
    widgets.chart(
        charts.pipeline(
            figures.pipeline(frame, projects.rules()), title=f"各阶段项目数（截至{when}）"
        ),
        f"项目推进阶段_{view.as_of.isoformat()}",
        key="projects.pipeline",
    )
with right:
    st.subheader("各地区投资完成与序时")
    regions = figures.by_dimension(frame, "region")
    widgets.chart(
        charts.investment_against_schedule(regions, "所属地区", title="各地区投资完成率与序时进度"),
        f"各地区投资_{view.as_of.isoformat()}",
        key="projects.regions_chart",
    )

st.subheader("各责任单位投资完成与序时")
units = figures.by_dimension(frame, "lead_unit")
widgets.chart(
    charts.investment_against_schedule(units, "责任单位", title="各责任单位投资完成率与序时进度"),
    f"各单位投资_{view.as_of.isoformat()}",
    key="projects.units_chart",
)
widgets.table(
    views.group_table(units, "责任单位"),
    f"各单位项目投资_{view.as_of.isoformat()}",
    key="projects.units",
)

st.subheader("滞后项目")
behind = figures.behind_first(frame)
behind = behind[behind["light"] != "green"]
if behind.empty:
    st.success("没有亮黄灯或红灯的项目。")
else:
    st.caption(
        f"红灯{head.lights['red']}个、黄灯{head.lights['yellow']}个，红灯在前，逾期越久、投资越慢越靠前"
        + (
            f"；下表列出前{BEHIND_ROWS}个，全部见“项目清单”。"
            if len(behind) > BEHIND_ROWS
            else "。"
        )
    )
    widgets.table(
        views.project_table(behind.head(BEHIND_ROWS)),
        f"滞后项目_{view.as_of.isoformat()}",
        key="projects.behind",
    )
