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
# A district has no regions below it: it is shown among its sibling regions under its parent.
compared, selection = view.scope, view.selection
side_by_side = data.branches(
    the_store, view.data_version, view.as_of, view.limits, selection, tree, compared, code
)
above = tree.parent(view.scope) if view.scope else None
if side_by_side is None and above:
    compared, selection = above, replace(view.selection, regions=tree.members(above))
    side_by_side = data.branches(
        the_store, view.data_version, view.as_of, view.limits, selection, tree, compared, code
    )
    if side_by_side is not None:
        st.caption(
            t(
                f"{widgets.escape_markdown(view.scope)}无下级地区，以下是它在"
                f"{widgets.escape_markdown(above)}各地区中的位置。",
                f"{widgets.escape_markdown(view.scope)} has no regions below it; this is where it "
                f"stands among the regions of {widgets.escape_markdown(above)}.",
            )
        )
if side_by_side is None:
    shown_scope = widgets.escape_markdown(view.scope)
    st.info(
        t(
            f"当前查看范围（{shown_scope}）只含一个局的任务，无可比的地区。地区对比用于市看各区县、"
            "省看各市。",
            f"The current view ({shown_scope}) holds one bureau's tasks, with no regions to "
            "compare. Region comparison is for a city looking at its districts or a province "
            "at its cities.",
        ),
        icon=":material/map:",
    )
    st.stop()

status = data.filtered_status(the_store, view.data_version, view.as_of, view.limits, selection)
when = views.format_date(view.as_of, code)
shown_compared = widgets.escape_markdown(compared)
# the regions below the view, without its own bureau's row and the total
total = side_by_side["group_name"] == views.total_label(code)
below = side_by_side[~total & (side_by_side["group_name"] != views.own_label(compared, code))]
st.caption(
    t(
        f"{shown_compared}本级与下辖{len(below)}个地区分列，合计为全部之和。下辖地区之间比较："
        f"{views.RANK_RULE['zh']}",
        f"{shown_compared}'s own tasks beside the {len(below)} regions below it; the total adds them "
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
    default=view.scope if view.scope in names else names[-1],
)
inside = tree.members(region)
own = views.apply_filters(status, regions=inside)
units = data.rollup(
    the_store,
    view.data_version,
    view.as_of,
    view.limits,
    replace(selection, regions=(region,)),
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
