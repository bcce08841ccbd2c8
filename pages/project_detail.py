"""项目详情: one project's figures across months and its milestones, planned against actual."""

import streamlit as st

from tracker.presentation import views as common_views
from tracker.presentation.formatting import format_percent
from tracker.projects import charts, figures, views
from ui import auth, projects, widgets
from ui.context import store
from ui.i18n import lang, t

CHOSEN = "projects.detail"
BADGE_COLORS = {"green": "green", "yellow": "orange", "red": "red"}

auth.guard("view")
the_store = store()
view = projects.sidebar(the_store)
frame = figures.behind_first(projects.projects(the_store, view))
code_lang = lang()
st.title(t("项目详情", "Project detail"))
if frame.empty:
    st.info(
        t(
            "没有符合筛选条件的项目，请在左侧放宽或清除筛选。",
            "No project matches the filters; widen or clear them on the left.",
        ),
        icon=":material/filter_alt_off:",
    )
    st.stop()


def light(value: str) -> str:
    return figures.label(figures.LIGHT_LABELS[value], code_lang)


codes = frame["code"].tolist()
asked = st.query_params.get("project")
if asked in codes and CHOSEN not in st.session_state:
    st.session_state[CHOSEN] = asked
if st.session_state.get(CHOSEN) not in codes:
    st.session_state.pop(CHOSEN, None)
names = dict(zip(frame["code"], frame["name"], strict=True))
lights = dict(zip(frame["code"], frame["light"], strict=True))
code = st.selectbox(
    t("选择项目（红灯、黄灯在前）", "Project (red and yellow first)"),
    codes,
    format_func=lambda c: f"{light(lights[c])} · {c} {names[c]}",
    key=CHOSEN,
)
st.query_params["project"] = code
project = frame.set_index("code").loc[code]
when = common_views.format_date(view.as_of, code_lang)


def money(amount: float) -> str:
    return charts.money(amount, code_lang)


st.subheader(widgets.escape_markdown(f"{project['name']}（{code}）"))
with st.container(horizontal=True, gap="small", vertical_alignment="center"):
    st.badge(
        light(project["light"]), color=BADGE_COLORS[project["light"]], icon=":material/circle:"
    )
    st.text(figures.light_reason(project, code_lang) or t("按计划推进", "On schedule"))
with st.container(horizontal=True, gap="small", key="project.cards"):
    st.metric(
        t("总投资", "Total investment"),
        money(project["total_investment"]),
        border=True,
        width="content",
    )
    st.metric(
        t("年度计划投资", "Annual plan"),
        money(project["annual_plan"]),
        border=True,
        width="content",
    )
    st.metric(
        t("本年累计完成投资", "Invested this year"),
        money(project["invested"]),
        border=True,
        width="content",
    )
    rate = project["investment_rate"]
    schedule = project["schedule_rate"]
    widgets.gap_metric(
        t("投资完成率", "Investment rate"),
        format_percent(rate),
        None if rate != rate or schedule != schedule else round((rate - schedule) * 100, 6),
        t("序时进度", "Schedule ")
        + format_percent(schedule)
        + (t("（按月度计划）", " (monthly plan)") if project["monthly_planned"] else ""),
        rate,
    )

facts = {
    t("项目阶段", "Stage"): project["stage"],
    t("进展", "Phase"): figures.label(figures.PHASE_LABELS[project["phase"]], code_lang),
    t("建设性质", "Nature"): project["nature"],
    t("建设内容及规模", "Scope"): project["scope"],
    t("责任单位", "Unit"): project["lead_unit"],
    t("责任领导", "Leader"): project["leader"],
    t("所属地区", "Region"): project["region"],
    t("形象进度", "Progress"): project["progress"],
    t("存在问题", "Problems"): project["problems"],
    t("截至日期", "As of"): project["as_of"],
}
st.dataframe(
    {
        t("项目", "Item"): list(facts),
        t("内容", "Value"): ["" if v is None or v != v else str(v) for v in facts.values()],
    },
    hide_index=True,
    width="stretch",
    key="project.facts",
)

st.subheader(t("工期节点（计划与实际）", "Milestones (planned and actual)"))
widgets.chart(
    charts.milestones(
        frame[frame["code"] == code],
        view.as_of,
        title=t(f"计划与实际工期（截至{when}）", f"Planned and actual dates (as of {when})"),
        lang=code_lang,
    ),
    f"工期_{code}_{view.as_of.isoformat()}",
    key="project.milestones",
)

st.subheader(t("各月投资完成情况", "Investment by month"))
history = projects.history(the_store, view.version, int(project["project_id"]), view.rules)
widgets.chart(
    charts.months(
        history,
        title=t("本年累计完成投资与序时计划", "Invested this year against the plan by date"),
        lang=code_lang,
    ),
    f"投资_{code}",
    key="project.months",
)
widgets.table(
    views.history_table(history, code_lang), f"项目报送记录_{code}", key="project.history"
)
