"""项目详情: one project's figures across months and its milestones, planned against actual."""

import streamlit as st

from tracker.presentation import views as common_views
from tracker.presentation.formatting import format_percent
from tracker.projects import charts, figures, views
from ui import auth, projects, widgets
from ui.context import store

CHOSEN = "projects.detail"
BADGE_COLORS = {"green": "green", "yellow": "orange", "red": "red"}

auth.guard("view")
the_store = store()
view = projects.sidebar(the_store)
frame = figures.behind_first(projects.projects(the_store, view))
st.title("项目详情")
if frame.empty:
    st.info("没有符合筛选条件的项目，请在左侧放宽或清除筛选。", icon=":material/filter_alt_off:")
    st.stop()

codes = frame["code"].tolist()
asked = st.query_params.get("project")
if asked in codes and CHOSEN not in st.session_state:
    st.session_state[CHOSEN] = asked
if st.session_state.get(CHOSEN) not in codes:
    st.session_state.pop(CHOSEN, None)
names = dict(zip(frame["code"], frame["name"], strict=True))
lights = dict(zip(frame["code"], frame["light"], strict=True))
code = st.selectbox(
    "选择项目（红灯、黄灯在前）",
    codes,
    format_func=lambda c: f"{figures.LIGHT_LABELS[lights[c]]} · {c} {names[c]}",
    key=CHOSEN,
)
st.query_params["project"] = code
project = frame.set_index("code").loc[code]
when = common_views.format_date(view.as_of, "zh")

st.subheader(widgets.escape_markdown(f"{project['name']}（{code}）"))
with st.container(horizontal=True, gap="small", vertical_alignment="center"):
    st.badge(
        figures.LIGHT_LABELS[project["light"]],
        color=BADGE_COLORS[project["light"]],
        icon=":material/circle:",
    )
    st.text(figures.light_reason(project) or "按计划推进")
with st.container(horizontal=True, gap="small", key="project.cards"):
    st.metric("总投资", charts.money(project["total_investment"]), border=True, width="content")
    st.metric("年度计划投资", charts.money(project["annual_plan"]), border=True, width="content")
    st.metric("本年累计完成投资", charts.money(project["invested"]), border=True, width="content")
    rate = project["investment_rate"]
    schedule = project["schedule_rate"]
    widgets.gap_metric(
        "投资完成率",
        format_percent(rate),
        None if rate != rate or schedule != schedule else round((rate - schedule) * 100, 6),
        f"序时进度{format_percent(schedule)}"
        + ("（按月度计划）" if project["monthly_planned"] else ""),
        rate,
    )

facts = {
    "项目阶段": project["stage"],
    "进展": figures.PHASE_LABELS[project["phase"]],
    "建设性质": project["nature"],
    "建设内容及规模": project["scope"],
    "责任单位": project["lead_unit"],
    "责任领导": project["leader"],
    "所属地区": project["region"],
    "形象进度": project["progress"],
    "存在问题": project["problems"],
    "截至日期": project["as_of"],
}
st.dataframe(
    {"项目": list(facts), "内容": ["" if v is None or v != v else str(v) for v in facts.values()]},
    hide_index=True,
    width="stretch",
    key="project.facts",
)

st.subheader("工期节点（计划与实际）")
widgets.chart(
    charts.milestones(
        frame[frame["code"] == code], view.as_of, title=f"计划与实际工期（截至{when}）"
    ),
    f"工期_{code}_{view.as_of.isoformat()}",
    key="project.milestones",
)

st.subheader("各月投资完成情况")
history = projects.history(the_store, view.version, int(project["project_id"]))
widgets.chart(
    charts.months(history, title="本年累计完成投资与序时计划"),
    f"投资_{code}",
    key="project.months",
)
widgets.table(views.history_table(history), f"项目报送记录_{code}", key="project.history")
