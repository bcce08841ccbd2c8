"""报送情况: who has reported this round, who is late, who has not; the 催报 text; on-time trend."""

from datetime import date

import streamlit as st

from tracker.plan import calendar, plans, reporting, tables, years
from ui import auth, data
from ui.context import settings, store
from ui.widgets import chart, table

the_store = store()
user = auth.guard("view")
rules = settings().reporting_rules()
version, hour = data.data_version(the_store), data.reporting_hour()

st.title("报送情况")
planned_years = plans.years(the_store)
if not planned_years:
    st.info(
        "还没有年度任务清单：管理员在“任务清单”页面上传后，这里按清单列出各单位每期应报、"
        "按时、迟报和未报的情况。",
        icon=":material/info:",
    )
    st.stop()

today = date.today()
default_year, default_month = tables.today_round(today)
if default_year not in planned_years:
    default_year = planned_years[0]
    opened_on = data.reporting_counts(the_store, version, default_year, rules, hour)
    default_month = reporting.latest_round_of(opened_on) or years.months()[-1]
with st.container(horizontal=True, gap="medium"):
    year = st.selectbox(
        "年度", planned_years, index=planned_years.index(default_year), key="reporting.year"
    )
    month = st.selectbox(
        "报送期（月）",
        years.months(),
        index=years.months().index(default_month),
        format_func=lambda m: f"{years.calendar_year(year, m)}年{m}月",
        key="reporting.month",
        help="每月的报送轮次：月报报该月，季报在季末月报该季度，周报报该月内结束的各周",
    )

items = data.report_items(the_store, version, year, month, rules, hour)
if items.empty:
    st.info(
        f"{years.calendar_year(year, month)}年{month}月没有应报送的任务"
        f"（季报只在 {'、'.join(map(str, years.quarter_end_months()))} 月）。",
        icon=":material/info:",
    )
    st.stop()
units = data.round_units(the_store, version, year, month, rules, hour)

rate = reporting.bureau_rate(units)
counts = units["state"].value_counts()
with st.container(horizontal=True, gap="medium"):
    st.metric("全局按时报送率", "—" if rate is None else f"{rate * 100:.1f}%", border=True)
    st.metric("按时报送单位", int(counts.get("on_time", 0)), border=True)
    st.metric("迟报单位", int(counts.get("late", 0)), border=True)
    st.metric("未报单位", int(counts.get("missing", 0)), border=True)
    if counts.get("pending", 0):
        st.metric("未到时限", int(counts.get("pending", 0)), border=True)
st.caption(
    "报送时限："
    + "；".join(rules.deadlines[f].describe() for f in ("monthly", "quarterly", "weekly"))
    + "。遇法定节假日顺延至下一个工作日（调休上班日算工作日）。按时报送率按应报事项计算，"
    "未到时限的不计入；未报的事项在进度中显示为“未报送”，不按零计算。"
)

st.subheader("各单位报送情况")
table(
    data.reporting_units_table(the_store, version, year, month, rules, hour),
    f"报送情况_{year}年{month}月",
    "reporting.units",
)

waiting = reporting.not_reported(items)
st.subheader("未报送清单")
if waiting.empty:
    st.success("本期应报事项均已报送。", icon=":material/check_circle:")
else:
    table(tables.items_table(waiting), f"未报送清单_{year}年{month}月", "reporting.waiting")
    st.markdown("**催报通知**（可复制后通过工作群或短信发送）")
    st.code(reporting.reminder_text(waiting), language=None, wrap_lines=True)

late = items[items["state"] == "late"]
if not late.empty:
    st.subheader("迟报事项")
    table(tables.items_table(late), f"迟报事项_{year}年{month}月", "reporting.late")

st.subheader(f"{year}年按时报送率走势")
trend_chart = data.reporting_trend_chart(the_store, version, year, rules, hour)
if trend_chart is None:
    st.caption("本年度还没有到期的报送。")
else:
    chart(trend_chart, f"按时报送率走势_{year}年", "reporting.trend")
    st.subheader(f"{year}年按时报送率排名")
    table(
        data.reporting_ranking_table(the_store, version, year, rules, hour),
        f"按时报送率排名_{year}年",
        "reporting.ranking",
    )

if user is not None and user.can_admin():
    with st.expander("本局报送日历（在法定节假日之外增加放假日或调休上班日）"):
        own = calendar.calendar_days(the_store)
        if not own.empty:
            st.dataframe(
                own.assign(
                    is_workday=own["is_workday"].map({True: "调休上班", False: "放假"})
                ).rename(
                    columns={
                        "day": "日期",
                        "is_workday": "类型",
                        "note": "说明",
                        "added_by": "设置人",
                        "added_at": "设置时间",
                    }
                ),
                hide_index=True,
            )
        with st.form("reporting.calendar", clear_on_submit=True):
            day = st.date_input("日期", value=today, format="YYYY-MM-DD")
            kind = st.radio("类型", ["放假", "调休上班"], horizontal=True)
            note = st.text_input("说明", placeholder="如：局机关集中学习日")
            if st.form_submit_button("保存"):
                calendar.set_calendar_day(the_store, day, kind == "调休上班", note, user.username)
                st.rerun()
