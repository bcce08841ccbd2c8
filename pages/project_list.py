"""项目清单: every project with its light, filtered, and downloaded as CSV or Excel."""

import streamlit as st

from tracker.projects import figures, views
from ui import auth, projects, widgets
from ui.context import store

auth.guard("view")
the_store = store()
view = projects.sidebar(the_store)
frame = figures.behind_first(projects.projects(the_store, view))
st.title("项目清单")

with st.container(horizontal=True, gap="small", key="project_list.filters"):
    lights = st.multiselect(
        "亮灯",
        list(figures.LIGHT_LABELS),
        format_func=figures.LIGHT_LABELS.get,
        placeholder="全部",
        key="project_list.lights",
    )
    phases = st.multiselect(
        "进展",
        list(figures.PHASE_LABELS),
        format_func=figures.PHASE_LABELS.get,
        placeholder="全部",
        key="project_list.phases",
    )
    stages = st.multiselect(
        "项目阶段",
        figures.pipeline(frame, projects.rules())["stage"].tolist(),
        placeholder="全部",
        key="project_list.stages",
    )
    words = st.text_input("项目名称或编号包含", key="project_list.words")

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

st.caption(f"共{len(shown)}个项目（全部{len(frame)}个），红灯在前；表格可下载为 CSV 或 Excel。")
widgets.table(
    views.project_table(shown),
    f"重点项目清单_{view.as_of.isoformat()}",
    key="project_list.table",
    height=560,
)
