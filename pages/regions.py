"""地区对比: a city looking at its districts, a province at its cities, side by side.

Only regions of one level are compared: the regions directly below the view's region, each with
everything below it; the view's own bureau is shown beside them but not ranked.
"""

from dataclasses import replace

import streamlit as st

from tracker.presentation import charts, views
from ui import auth, data, filters, widgets
from ui.context import store
from ui.i18n import lang, t

auth.guard("view")
the_store = store()
view = filters.current()
if not view.has_data:
    widgets.header("地区对比", "Regions", view)
    widgets.no_data_yet()

widgets.header("地区对比", "Regions", view)
code = lang()
tree = data.region_tree()
side_by_side = data.branches(
    the_store,
    view.data_version,
    view.as_of,
    view.limits,
    view.selection,
    tree,
    view.scope,
    code,
)
if side_by_side is None:
    above = tree.parent(view.scope) if view.scope else None
    shown_scope = widgets.escape_markdown(view.scope)
    st.info(
        t(
            f"当前查看范围（{shown_scope}）只含一个局的任务，无下级地区可比。地区对比用于市看各区县、"
            "省看各市"
            + (f"：在左侧“查看范围”选择{widgets.escape_markdown(above)}即可。" if above else "。"),
            f"The current view ({shown_scope}) holds one bureau's tasks, with no regions below it "
            "to compare. Region comparison is for a city looking at its districts or a province "
            "at its cities"
            + (
                f": choose {widgets.escape_markdown(above)} under “View” in the sidebar."
                if above
                else "."
            ),
        ),
        icon=":material/map:",
    )
    st.stop()

status = data.filtered_status(the_store, view.data_version, view.as_of, view.limits, view.selection)
when = views.format_date(view.as_of, code)
# the regions below the view, without its own bureau's row and the total
total = side_by_side["group_name"] == views.total_label(code)
below = side_by_side[~total & (side_by_side["group_name"] != views.own_label(view.scope, code))]
st.caption(
    t(
        f"{view.scope}本级与下辖{len(below)}个地区分列，合计为全部之和。下辖地区之间比较："
        f"{views.RANK_RULE['zh']}",
        f"{view.scope}'s own tasks beside the {len(below)} regions below it; the total adds them "
        f"up. Regions below it are compared with each other: {views.RANK_RULE['en']}",
    )
)

widgets.chart(
    charts.status_breakdown(
        side_by_side[~total],
        code,
        title=t(f"各地区指标状态（截至{when}）", f"Indicator status by region, as of {when}"),
    ),
    widgets.file_stem("各地区指标状态", "status_by_region", view),
    key="regions.breakdown",
)

st.subheader(t("地区排名表", "Regions ranked"))
widgets.table(
    views.rollup_table(side_by_side, "region", code),
    widgets.file_stem("地区排名", "region_ranking", view),
    key="regions.ranking",
)

st.subheader(t("地区详情", "One region"))
names = [name for name in below["group_name"] if name]
if not names:
    st.stop()
region = filters.remembered_selectbox(
    t("选择地区", "Choose a region"),
    names,
    saved_key="regions.region",
    widget_key="regions.region.widget",
    default=names[-1],
)
inside = tree.members(region)
own = views.apply_filters(status, regions=inside)
units = data.rollup(
    the_store,
    view.data_version,
    view.as_of,
    view.limits,
    replace(view.selection, regions=(region,)),
    "lead_unit",
)
shown_region = widgets.escape_markdown(region)
st.caption(t(f"{shown_region}本级：各牵头单位", f"{shown_region}'s own bureau: lead units"))
widgets.table(
    views.rollup_table(
        views.rank_groups(units),
        "lead_unit",
        code,
        ("rank", "group", "indicators", "lagging", "avg_gap_points", "worst_gap_points"),
    ),
    widgets.file_stem(f"{region}_单位排名", f"{region}_units", view),
    key="regions.units",
)
st.caption(t(views.RANK_RULE["zh"], views.RANK_RULE["en"]))
st.caption(t(f"{shown_region}：滞后指标", f"{shown_region}: lagging indicators"))
widgets.table(
    views.lagging_table(own, code),
    widgets.file_stem(f"{region}_滞后指标", f"{region}_lagging", view),
    key="regions.lagging",
)
