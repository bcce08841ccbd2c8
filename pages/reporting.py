"""报送情况: who has reported this round, who is late, who has not; the 催报 text; on-time trend."""

from datetime import date

import streamlit as st

from tracker.plan import calendar, plans, reporting, tables, years
from ui import auth, data
from ui.context import settings, store
from ui.i18n import lang, t
from ui.widgets import chart, table

the_store = store()
user = auth.guard("view")
rules = settings().reporting_rules()
version, hour = data.data_version(the_store), data.reporting_hour()
code = lang()

st.title(t("报送情况", "Reporting"))
planned_years = plans.years(the_store)
if not planned_years:
    st.info(
        t(
            "还没有年度任务清单：管理员在“任务清单”页面上传后，这里按清单列出各单位每期应报、"
            "按时、迟报和未报的情况。",
            "No plan yet: once an administrator uploads the year's plan on the Plan page, this "
            "page lists per unit and period what is due, on time, late and missing.",
        ),
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
        t("年度", "Year"),
        planned_years,
        index=planned_years.index(default_year),
        format_func=lambda y: years.year_name(y, code),
        key="reporting.year",
    )
    month = st.selectbox(
        t("报送期（月）", "Reporting round (month)"),
        years.months(),
        index=years.months().index(default_month),
        format_func=lambda m: tables.month_round_label(year, m, code),
        key="reporting.month",
        help=t(
            "每月的报送轮次：月报报该月，季报在季末月报该季度，周报报该月内结束的各周",
            "Each month's round: monthly reports for the month, quarterly ones in the quarter's "
            "last month, weekly ones for the weeks ending in the month",
        ),
    )
round_name = tables.month_round_label(year, month, code)

items = data.report_items(the_store, version, year, month, rules, hour)
if items.empty:
    quarter_ends = years.quarter_end_months()
    st.info(
        t(
            f"{round_name}没有应报送的任务（季报只在 {'、'.join(map(str, quarter_ends))} 月）。",
            f"Nothing is due in {round_name} (quarterly reports only in months "
            f"{', '.join(map(str, quarter_ends))}).",
        ),
        icon=":material/info:",
    )
    st.stop()
units = data.round_units(the_store, version, year, month, rules, hour)

rate = reporting.bureau_rate(units)
counts = units["state"].value_counts()
with st.container(horizontal=True, gap="medium"):
    st.metric(
        t("全局按时报送率", "Bureau on-time rate"),
        "—" if rate is None else f"{rate * 100:.1f}%",
        border=True,
    )
    st.metric(t("按时报送单位", "Units on time"), int(counts.get("on_time", 0)), border=True)
    st.metric(t("迟报单位", "Units late"), int(counts.get("late", 0)), border=True)
    st.metric(t("未报单位", "Units missing"), int(counts.get("missing", 0)), border=True)
    if counts.get("pending", 0):
        st.metric(t("未到时限", "Not due yet"), int(counts.get("pending", 0)), border=True)
deadlines = [rules.deadlines[f].describe(code) for f in ("monthly", "quarterly", "weekly")]
st.caption(
    t(
        "报送时限："
        + "；".join(deadlines)
        + "。遇法定节假日顺延至下一个工作日（调休上班日算工作日）。按时报送率按应报事项计算，"
        "未到时限的不计入；未报的事项在进度中显示为“未报送”，不按零计算。",
        "Deadlines: "
        + "; ".join(deadlines)
        + ". A deadline on a public holiday moves to the next working day (make-up working days "
        "count as working days). The on-time rate counts the items due whose deadline has "
        "passed; an item not reported shows as Not reported in progress, never as zero.",
    )
)

st.subheader(t("各单位报送情况", "By unit"))
table(
    data.reporting_units_table(the_store, version, year, month, rules, hour, code),
    t(f"报送情况_{round_name}", f"reporting_{round_name}"),
    "reporting.units",
)

waiting = reporting.not_reported(items)
st.subheader(t("未报送清单", "Not reported"))
if waiting.empty:
    st.success(
        t("本期应报事项均已报送。", "Everything due this round has been reported."),
        icon=":material/check_circle:",
    )
else:
    table(
        tables.items_table(waiting, code),
        t(f"未报送清单_{round_name}", f"not_reported_{round_name}"),
        "reporting.waiting",
    )
    st.markdown(
        t(
            "**催报通知**（可复制后通过工作群或短信发送）",
            "**Reminder** (in Chinese, to copy into the work group or a text message)",
        )
    )
    st.code(reporting.reminder_text(waiting), language=None, wrap_lines=True)

late = items[items["state"] == "late"]
if not late.empty:
    st.subheader(t("迟报事项", "Reported late"))
    table(
        tables.items_table(late, code),
        t(f"迟报事项_{round_name}", f"late_{round_name}"),
        "reporting.late",
    )

year_name = years.year_name(year, code)
st.subheader(t(f"{year_name}按时报送率走势", f"On-time rate in {year_name}"))
trend_chart = data.reporting_trend_chart(the_store, version, year, rules, hour, code)
if trend_chart is None:
    st.caption(t("本年度还没有到期的报送。", "Nothing of this year is due yet."))
else:
    chart(
        trend_chart,
        t(f"按时报送率走势_{year_name}", f"on_time_rate_{year_name}"),
        "reporting.trend",
    )
    st.subheader(t(f"{year_name}按时报送率排名", f"Units ranked by on-time rate, {year_name}"))
    table(
        data.reporting_ranking_table(the_store, version, year, rules, hour, code),
        t(f"按时报送率排名_{year_name}", f"on_time_ranking_{year_name}"),
        "reporting.ranking",
    )

if user is not None and user.can_admin():
    day_off, workday = t("放假", "Day off"), t("调休上班", "Make-up working day")
    with st.expander(
        t(
            "本局报送日历（在法定节假日之外增加放假日或调休上班日）",
            "The bureau's calendar (days off and make-up working days besides public holidays)",
        )
    ):
        own = calendar.calendar_days(the_store)
        if not own.empty:
            st.dataframe(
                own.assign(
                    is_workday=own["is_workday"].map({True: workday, False: day_off})
                ).rename(
                    columns={
                        "day": t("日期", "Date"),
                        "is_workday": t("类型", "Kind"),
                        "note": t("说明", "Note"),
                        "added_by": t("设置人", "Set by"),
                        "added_at": t("设置时间", "Set at"),
                    }
                ),
                hide_index=True,
            )
        with st.form("reporting.calendar", clear_on_submit=True):
            day = st.date_input(t("日期", "Date"), value=today, format="YYYY-MM-DD")
            kind = st.radio(t("类型", "Kind"), [day_off, workday], horizontal=True)
            note = st.text_input(
                t("说明", "Note"),
                placeholder=t("如：局机关集中学习日", "e.g. the bureau's study day"),
            )
            if st.form_submit_button(t("保存", "Save")):
                calendar.set_calendar_day(the_store, day, kind == workday, note, user.username)
                st.rerun()
