"""单位排名: lead units ranked against the time schedule (红黑榜); a unit opens its own tasks."""

from dataclasses import replace

import streamlit as st

from tracker.presentation import charts, views
from tracker.supervision import ledger
from ui import auth, data, filters, widgets
from ui.context import store
from ui.i18n import lang, t

auth.guard("view")
the_store = store()
view = filters.current()
if not view.has_data:
    widgets.header("单位排名", "Units", view)
    widgets.no_data_yet()

widgets.header("单位排名", "Units", view)
status = data.filtered_status(the_store, view.data_version, view.as_of, view.limits, view.selection)
if status.empty:
    widgets.nothing_matches()

code = lang()
# Units are ranked within one bureau: a city's 处 never against a district's 科.
bureaus = views.filter_options(status)["regions"]
bureau = bureaus[0] if bureaus else ""
if len(bureaus) > 1:
    bureau = filters.remembered_selectbox(
        t("单位所属", "Bureau"),
        bureaus,
        saved_key="units.bureau",
        widget_key="units.bureau.widget",
        default=view.scope,
        format_func=lambda region: views.own_label(region, code) if region else region,
    )
selection = replace(view.selection, regions=(bureau,)) if bureau else view.selection
status = views.apply_filters(status, regions=(bureau,)) if bureau else status
ranked = views.rank_groups(
    data.rollup(the_store, view.data_version, view.as_of, view.limits, selection, "lead_unit")
)
if bureau:
    st.caption(
        t(
            f"{bureau}各牵头单位之间比较，不与其他局的单位混排。",
            f"Lead units of {bureau}, compared with each other only.",
        )
    )

# Side by side on a laptop; one above the other on a tablet.
with st.container(horizontal=True, gap="small"):
    with st.container(width=400):
        st.subheader(t("红榜", "Commended"))
        best = views.commended(ranked)
        if best.empty:
            st.caption(
                t("暂无全部指标按序时推进的单位。", "No unit has every indicator on schedule.")
            )
        else:
            st.caption(
                t(
                    "全部指标已报送且无滞后、有可超前的指标，平均偏差最高的单位",
                    "Every indicator reported, none behind and some that can be ahead; "
                    "best average gap first",
                )
            )
            widgets.table(
                views.rollup_table(
                    best, "lead_unit", code, ("rank", "group", "indicators", "avg_gap_points")
                ),
                widgets.file_stem("红榜", "commended", view),
                key="units.red",
            )
            st.caption(t(views.RANK_RULE["zh"], views.RANK_RULE["en"]))
    with st.container(width=400):
        st.subheader(t("黑榜", "Called out"))
        worst = views.called_out(ranked)
        if worst.empty:
            st.caption(
                t("没有滞后或未报送指标的单位。", "No unit has lagging or unreported indicators.")
            )
        else:
            st.caption(
                t(
                    "有滞后或未报送指标的单位，严重滞后多者在前",
                    "Units with lagging or unreported indicators, most seriously behind first",
                )
            )
            widgets.table(
                views.rollup_table(
                    worst, "lead_unit", code, ("rank", "group", "lagging", "worst_gap_points")
                ),
                widgets.file_stem("黑榜", "called_out", view),
                key="units.black",
            )
            st.caption(t(views.CALLED_OUT_RULE["zh"], views.CALLED_OUT_RULE["en"]))

st.subheader(t("各单位指标状态", "Indicator status by unit"))
shown, hidden = views.worst_groups(ranked)
when = views.format_date(view.as_of, code)
widgets.chart(
    charts.status_breakdown(
        shown,
        code,
        title=t(
            f"各牵头单位指标状态（截至{when}）", f"Indicator status by lead unit, as of {when}"
        ),
    ),
    widgets.file_stem("各单位指标状态", "status_by_unit", view),
    key="units.breakdown",
)
if hidden:
    st.caption(
        t(
            f"图中列出滞后指标最多的{len(shown)}个单位，另有{hidden}个单位见下表。",
            f"The chart lists the {len(shown)} units with most lagging indicators; {hidden} more are in the table.",
        )
    )

st.subheader(t("单位排名表", "Ranking"))
widgets.table(
    views.rollup_table(ranked, "lead_unit", code),
    widgets.file_stem("单位排名", "unit_ranking", view),
    key="units.ranking",
)
st.caption(t(views.RANK_RULE["zh"], views.RANK_RULE["en"]))

st.subheader(t("单位任务", "A unit's tasks"))
units = [name for name in ranked["group_name"] if name]
if not units:
    st.caption(t("数据中没有填写牵头单位。", "The data names no lead unit."))
    st.stop()
first_called_out = worst["group_name"].iloc[0] if not worst.empty else units[0]
unit = filters.remembered_selectbox(
    t("选择单位", "Choose a unit"),
    units,
    saved_key="units.unit",
    widget_key="units.unit.widget",
    default=first_called_out,
)
own = views.apply_filters(status, lead_units=(unit,))
st.button(
    t("在各页只看该单位", "Show only this unit on every page"),
    on_click=filters.choose_lead_unit,
    args=(unit,),
    icon=":material/filter_alt:",
    key="units.only",
)
tally = ledger.tally(the_store, unit, view.year, lang=code)
st.caption(
    t(
        f"{widgets.escape_markdown(unit)}：{tally}（督办台账）",
        f"{widgets.escape_markdown(unit)}: {tally} (notice ledger)",
    )
)
own_shown, own_hidden = views.worst_first(views.split_ceilings(own)[0])
widgets.chart(
    charts.completion_vs_schedule(
        own_shown,
        code,
        title=t(
            f"{unit}：完成率与序时进度（截至{when}）",
            f"{unit}: completion against schedule, as of {when}",
        ),
    ),
    widgets.file_stem(f"{unit}_完成率与序时进度", f"{unit}_completion", view),
    key="units.own_chart",
)
widgets.table(
    views.status_table(own, code),
    widgets.file_stem(f"{unit}_任务", f"{unit}_tasks", view),
    key="units.own",
)
