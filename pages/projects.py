"""项目总览: the projects' counts and investment against 序时, the stage pipeline, units and
regions, and the projects behind first."""

import streamlit as st

from tracker.presentation import views as common_views
from tracker.presentation.formatting import format_percent, format_points
from tracker.progress.metrics import year_elapsed
from tracker.projects import charts, figures, views
from tracker.supervision import rules as supervision
from ui import auth, projects, widgets
from ui.context import store
from ui.i18n import lang, t

BEHIND_ROWS = 50

auth.guard("view")
the_store = store()
view = projects.sidebar(the_store)
frame = projects.projects(the_store, view)
code = lang()
when = common_views.format_date(view.as_of, code)
in_force = view.rules
schedule = format_percent(year_elapsed(view.as_of, in_force.schedule_rule))


def count(n: int) -> str:
    return t(f"{n}个", str(n))


def money(amount: float) -> str:
    return charts.money(amount, code)


st.title(t("项目总览", "Key projects"))
st.caption(
    t(f"截至{when}，序时进度{schedule}", f"As of {when}, time schedule {schedule}")
    + (t("（非最新一期）", " (not the latest report)") if view.as_of != view.latest else "")
)
projects.wallchart_button(
    the_store,
    view.as_of,
    key="projects.wallchart",
    regions=view.regions,
    units=view.units,
    project_rules=view.rules,
)
if frame.empty:
    st.info(
        t(
            "没有符合筛选条件的项目，请在左侧放宽或清除筛选。",
            "No project matches the filters; widen or clear them on the left.",
        ),
        icon=":material/filter_alt_off:",
    )
    st.stop()

head = figures.summary(frame, view.as_of, in_force)
with st.container(horizontal=True, gap="small", key="projects.cards"):
    st.metric(t("重点项目", "Key projects"), count(head.projects), border=True, width="content")
    st.metric(
        t("已开工", "Started"),
        count(head.started),
        delta=t("开工率", "Start rate ") + format_percent(head.start_rate),
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
    st.metric(
        t("已竣工", "Completed"),
        count(head.completed),
        delta=t("竣工率", "Completion rate ") + format_percent(head.completion_rate),
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
    st.metric(
        t("在建按计划推进", "Under way on schedule"),
        count(head.on_schedule),
        border=True,
        width="content",
    )
    st.metric(t("尚未开工", "Not started"), count(head.not_started), border=True, width="content")
    st.metric(
        t("总投资", "Total investment"), money(head.total_investment), border=True, width="content"
    )
    st.metric(
        t("本年完成投资", "Invested this year"),
        money(head.invested),
        delta=t("年度计划", "Annual plan ") + money(head.annual_plan),
        delta_color="off",
        delta_arrow="off",
        border=True,
        width="content",
    )
with st.container(horizontal=True, gap="small", key="projects.rate"):
    widgets.gap_metric(
        t("投资完成率", "Investment rate"),
        format_percent(head.investment_rate),
        head.gap_points,
        t("序时进度", "Schedule ") + format_percent(head.schedule_rate),
        head.investment_rate,
    )
    for light, zh, en in (
        ("red", "红灯项目", "Red projects"),
        ("yellow", "黄灯项目", "Yellow projects"),
        ("green", "绿灯项目", "Green projects"),
    ):
        st.metric(t(zh, en), count(head.lights[light]), border=True, width="content")
st.caption(
    t("亮灯规则（督办设置）：", "Light rule (supervision settings): ")
    + supervision.current(the_store).describe_project_rule(code)
)
st.caption(
    t(
        f"{head.projects}个项目中已开工{head.started}个（其中竣工{head.completed}个），"
        f"{head.on_schedule}个在建项目按计划推进，{head.not_started}个尚未开工；"
        f"本年完成投资{money(head.invested)}，占年度计划{money(head.annual_plan)}的"
        f"{format_percent(head.investment_rate)}，较序时进度{format_points(head.gap_points)}。",
        f"Of {head.projects} projects, {head.started} have started ({head.completed} completed), "
        f"{head.on_schedule} under way on schedule and {head.not_started} not started; "
        f"{money(head.invested)} invested this year, {format_percent(head.investment_rate)} of "
        f"the annual plan of {money(head.annual_plan)} against a schedule of "
        f"{format_percent(head.schedule_rate)}: {format_points(head.gap_points, code)}.",
    )
)

left, right = st.columns(2)
with left:
    st.subheader(t("推进阶段", "Stages"))
    widgets.chart(
        charts.pipeline(
            figures.pipeline(frame, in_force),
            title=t(f"各阶段项目数（截至{when}）", f"Projects per stage (as of {when})"),
            lang=code,
        ),
        f"项目推进阶段_{view.as_of.isoformat()}",
        key="projects.pipeline",
    )
with right:
    st.subheader(t("各地区投资完成与序时", "Investment by region against the schedule"))
    regions = figures.by_dimension(frame, "region")
    widgets.chart(
        charts.investment_against_schedule(
            regions,
            t("所属地区", "Region"),
            title=t("各地区投资完成率与序时进度", "Investment rate and schedule by region"),
            lang=code,
        ),
        f"各地区投资_{view.as_of.isoformat()}",
        key="projects.regions_chart",
    )

st.subheader(t("各责任单位投资完成与序时", "Investment by unit against the schedule"))
units = figures.by_dimension(frame, "lead_unit")
widgets.chart(
    charts.investment_against_schedule(
        units,
        t("责任单位", "Unit"),
        title=t("各责任单位投资完成率与序时进度", "Investment rate and schedule by unit"),
        lang=code,
    ),
    f"各单位投资_{view.as_of.isoformat()}",
    key="projects.units_chart",
)
widgets.table(
    views.group_table(units, "责任单位", code),
    f"各单位项目投资_{view.as_of.isoformat()}",
    key="projects.units",
)

st.subheader(t("滞后项目", "Projects behind"))
behind = figures.behind_first(frame)
behind = behind[behind["light"] != "green"]
if behind.empty:
    st.success(t("没有亮黄灯或红灯的项目。", "No project has a yellow or red light."))
else:
    more = len(behind) > BEHIND_ROWS
    st.caption(
        t(
            f"红灯{head.lights['red']}个、黄灯{head.lights['yellow']}个，红灯在前，"
            "逾期越久、投资越慢越靠前"
            + (f"；下表列出前{BEHIND_ROWS}个，全部见“项目清单”。" if more else "。"),
            f"{head.lights['red']} red and {head.lights['yellow']} yellow, red first, the "
            "longest overdue and slowest investment first"
            + (f"; the first {BEHIND_ROWS} are listed, all on the project list." if more else "."),
        )
    )
    widgets.table(
        views.project_table(behind.head(BEHIND_ROWS), code),
        f"滞后项目_{view.as_of.isoformat()}",
        key="projects.behind",
    )
