"""项目清单: every project with its light, filtered, and downloaded as CSV or Excel."""

import streamlit as st

from tracker.projects import figures, views
from ui import auth, projects, widgets
from ui.context import store
from ui.i18n import lang, t

auth.guard("view")
the_store = store()
view = projects.sidebar(the_store)
frame = figures.behind_first(projects.projects(the_store, view))
code = lang()
st.title(t("项目清单", "Project list"))


def shown_as(labels: dict[str, str]):
    return lambda key: figures.label(labels[key], code)


with st.container(horizontal=True, gap="small", key="project_list.filters"):
    lights = st.multiselect(
        t("亮灯", "Light"),
        list(figures.LIGHT_LABELS),
        format_func=shown_as(figures.LIGHT_LABELS),
        placeholder=t("全部", "All"),
        key="project_list.lights",
    )
    phases = st.multiselect(
        t("进展", "Phase"),
        list(figures.PHASE_LABELS),
        format_func=shown_as(figures.PHASE_LABELS),
        placeholder=t("全部", "All"),
        key="project_list.phases",
    )
    stages = st.multiselect(
        t("项目阶段", "Stage"),
        figures.pipeline(frame, view.rules)["stage"].tolist(),
        format_func=lambda stage: figures.stage_label(stage, code),
        placeholder=t("全部", "All"),
        key="project_list.stages",
    )
    words = st.text_input(
        t("项目名称或编号包含", "Name or code contains"), key="project_list.words"
    )

shown = frame
if lights:
    shown = shown[shown["light"].isin(lights)]
if phases:
    shown = shown[shown["phase"].isin(phases)]
if stages:
    shown = shown[shown["stage"].fillna(figures.NO_STAGE).isin(stages)]
if words.strip():
    needle = words.strip()
    shown = shown[
        shown["name"].str.contains(needle, regex=False)
        | shown["code"].str.contains(needle, regex=False)
    ]

st.caption(
    t(
        f"共{len(shown)}个项目（全部{len(frame)}个），红灯在前；表格可下载为 CSV 或 Excel。",
        f"{len(shown)} projects (of {len(frame)}), red first; the table downloads as CSV or Excel.",
    )
)
widgets.table(
    views.project_table(shown, code),
    f"重点项目清单_{view.as_of.isoformat()}",
    key="project_list.table",
    height=560,
)
