"""地区对比: the status roll-up by region, for a city looking at its districts or a province at
its cities."""

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
everything = data.status(the_store, view.data_version, view.as_of, view.limits)
regions_in_data = views.filter_options(everything)["regions"]
if len(regions_in_data) < 2:
    st.info(
        t(
            "当前数据只有一个地区，无需对比。地区对比用于市看各区、省看各市：各地上传进度表时填写"
            "“所属地区”列即可在此对比。",
            "The data holds one region only. Region comparison is for a city looking at its "
            "districts or a province at its cities: fill the “所属地区” (region) column in uploads.",
        ),
        icon=":material/map:",
    )
    st.stop()

status = data.filtered_status(the_store, view.data_version, view.as_of, view.limits, view.selection)
if status.empty:
    widgets.nothing_matches()

code = lang()
when = views.format_date(view.as_of, code)
ranked = views.rank_groups(
    data.rollup(the_store, view.data_version, view.as_of, view.limits, view.selection, "region")
)
st.caption(
    t(
        f"共{len(ranked)}个地区。排名按各地区指标的平均偏差（完成率减序时进度）从高到低。",
        f"{len(ranked)} regions, ranked by the average gap of their indicators (completion minus "
        "time schedule), highest first.",
    )
)

shown, hidden = views.worst_groups(ranked)
widgets.chart(
    charts.status_breakdown(
        shown,
        code,
        title=t(f"各地区指标状态（截至{when}）", f"Indicator status by region, as of {when}"),
    ),
    widgets.file_stem("各地区指标状态", "status_by_region", view),
    key="regions.breakdown",
)
if hidden:
    st.caption(
        t(
            f"图中列出滞后指标最多的{len(shown)}个地区，另有{hidden}个地区见下表。",
            f"The chart lists the {len(shown)} regions with most lagging indicators; "
            f"{hidden} more are in the table.",
        )
    )

st.subheader(t("地区排名表", "Regions ranked"))
widgets.table(
    views.rollup_table(ranked, "region", code),
    widgets.file_stem("地区排名", "region_ranking", view),
    key="regions.ranking",
)

st.subheader(t("地区详情", "One region"))
names = [name for name in ranked["group_name"] if name]
worst_region = views.worst_groups(ranked, limit=1)[0]["group_name"]
region = filters.remembered_selectbox(
    t("选择地区", "Choose a region"),
    names,
    saved_key="regions.region",
    widget_key="regions.region.widget",
    default=worst_region.iloc[0] if not worst_region.empty else None,
)
own = views.apply_filters(status, regions=(region,))
units = data.rollup(
    the_store,
    view.data_version,
    view.as_of,
    view.limits,
    replace(view.selection, regions=(region,)),
    "lead_unit",
)
shown_region = widgets.escape_markdown(region)
st.caption(t(f"{shown_region}：各牵头单位", f"{shown_region}: lead units"))
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
st.caption(t(f"{shown_region}：滞后指标", f"{shown_region}: lagging indicators"))
widgets.table(
    views.lagging_table(own, code),
    widgets.file_stem(f"{region}_滞后指标", f"{region}_lagging", view),
    key="regions.lagging",
)
