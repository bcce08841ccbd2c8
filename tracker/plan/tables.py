"""What the 报送情况 and 任务清单 pages show: tables and the on-time chart, in Chinese or English.

The office's own words stay as written (units, tasks, leaders, reasons); headers and fixed values
(states, kinds, frequencies) follow the session's language. In English a period is named by its
code (2022-09, 2022Q3, 2022-W38), as the command line writes it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from tracker.plan import calendar, years
from tracker.plan.contract import FREQUENCY_LABELS, KIND_LABELS
from tracker.plan.reporting import STATE_LABELS
from tracker.presentation import views
from tracker.presentation.formatting import format_percent

ENGLISH_STATES = {"on_time": "On time", "late": "Late", "missing": "Missing", "pending": "Not due"}
ENGLISH_KINDS = {
    "cumulative": "Cumulative",
    "period_end": "Level at report date",
    "ceiling": "Ceiling",
    "milestone": "Milestones",
}
ENGLISH_FREQUENCIES = {"weekly": "Weekly", "monthly": "Monthly", "quarterly": "Quarterly"}

# header key -> (Chinese, English)
HEADERS = {
    "lead_unit": ("牵头单位", "Lead unit"),
    "region": ("所属地区", "Region"),
    "period": ("报送期", "Period"),
    "deadline": ("报送时限", "Deadline"),
    "due": ("应报", "Due"),
    "on_time": ("按时", "On time"),
    "late": ("迟报", "Late"),
    "missing": ("未报", "Missing"),
    "state": ("报送情况", "State"),
    "rate": ("按时报送率", "On-time rate"),
    "on_behalf": ("代报", "By the office"),
    "leader": ("责任领导", "Leader"),
    "contact": ("联系人", "Contact"),
    "task_code": ("任务编号", "Task no."),
    "task": ("任务名称", "Task"),
    "indicator": ("指标名称", "Indicator"),
    "landed_at": ("报送时间", "Reported at"),
    "rank": ("名次", "Rank"),
    "judged": ("应报（已到期）", "Due (deadline passed)"),
    "late_days": ("迟报天数合计", "Days late in all"),
    "kind": ("指标类型", "Kind"),
    "annual_target": ("年度目标", "Annual target"),
    "maximum": ("最大值", "Maximum"),
    "cooperating_units": ("配合单位", "Cooperating units"),
    "category": ("任务类别", "Category"),
    "frequency": ("报送频次", "Frequency"),
    "version": ("版本", "Version"),
    "effective_from": ("生效日期", "In force from"),
    "reason": ("调整原因", "Reason"),
    "saved_at": ("保存时间", "Saved at"),
    "saved_by": ("保存人", "Saved by"),
    "source": ("来源", "Source"),
    "indicators": ("指标数", "Indicators"),
    "old_target": ("原目标", "Target before"),
    "new_target": ("调整后目标", "Target after"),
}


def _named(columns: dict[str, object], lang: str) -> pd.DataFrame:
    return views.named_table(columns, HEADERS, lang)


def _day(value, lang: str = "zh") -> str:
    return "" if value is None or pd.isna(value) else views.format_date(value, lang)


def _moment(value) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def state_text(state: str, late_days, lang: str = "zh") -> str:
    """按时, 迟报3天, 未报, 待报 (English: On time, Late 3 days, Missing, Not due)."""
    if state != "late" or late_days is None or pd.isna(late_days):
        return (ENGLISH_STATES if lang == "en" else STATE_LABELS)[state]
    days = int(late_days)
    if lang == "en":
        return f"Late {days} day" if days == 1 else f"Late {days} days"
    return f"迟报{days}天"


def _states(frame: pd.DataFrame, lang: str) -> list[str]:
    return [state_text(s, d, lang) for s, d in zip(frame["state"], frame["late_days"], strict=True)]


def _due(frame: pd.DataFrame, lang: str) -> dict[str, object]:
    """The period owed and its deadline; in English the period by its code."""
    return {
        "period": frame["period"] if lang == "en" else frame["period_label"],
        "deadline": frame["deadline_day"].map(lambda d: _day(d, lang)),
    }


def _who_answers(frame: pd.DataFrame) -> dict[str, object]:
    return {"leader": frame["leader"].fillna(""), "contact": frame["contact"].fillna("")}


def units_table(units: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per lead unit and period, as the office reads it."""
    return _named(
        {
            "lead_unit": units["lead_unit"],
            "region": units["region"],
            **_due(units, lang),
            "due": units["due"],
            "on_time": units["on_time"],
            "late": units["late"],
            "missing": units["missing"],
            "state": _states(units, lang),
            "rate": units["on_time_rate"].map(lambda r: format_percent(r) if pd.notna(r) else "—"),
            "on_behalf": units["on_behalf"].map(
                lambda n: (str(n) if lang == "en" else f"{n} 项") if n else ""
            ),
            **_who_answers(units),
        },
        lang,
    )


def items_table(items: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per indicator and period: who owes what, by when, and when it landed."""
    return _named(
        {
            "lead_unit": items["lead_unit"],
            "task_code": items["task_code"].fillna(""),
            "task": items["task"],
            "indicator": items["indicator"],
            **_due(items, lang),
            "state": _states(items, lang),
            "landed_at": items["landed_at"].map(_moment),
            "on_behalf": items["on_behalf"].map(
                lambda b: ("yes" if lang == "en" else "是") if b else ""
            ),
            **_who_answers(items),
        },
        lang,
    )


def ranking_table(ranking: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    return _named(
        {
            "rank": ranking["rank"],
            "lead_unit": ranking["lead_unit"],
            "region": ranking["region"],
            "judged": ranking["judged"],
            "on_time": ranking["on_time"],
            "late": ranking["late"],
            "late_days": ranking["late_days"],
            "missing": ranking["missing"],
            "rate": ranking["rate"].map(format_percent),
        },
        lang,
    )


def round_label(round_code: str, lang: str = "zh") -> str:
    """A reporting round, "2022-09": 2022年9月 (English: the code itself)."""
    if lang == "en":
        return round_code
    year, month = round_code.split("-")
    return f"{year}年{int(month)}月"


def month_round_label(year: int, month: int, lang: str = "zh") -> str:
    """The round of month `month` of the (bureau's) year `year`: 2022年9月 (English: 2022-09)."""
    return round_label(calendar.round_code(years.calendar_year(year, month), month), lang)


def trend_figure(trend: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """The bureau's on-time rate per reporting round, with the counts in the hover text."""
    labels = [round_label(r, lang) for r in trend["round"]]
    rows = zip(
        labels, trend["on_time"], trend["late"], trend["missing"], trend["rate"], strict=True
    )
    hover = [
        f"{label}: {o} on time, {lt} late, {m} missing; on-time rate {format_percent(r)}"
        if lang == "en"
        else f"{label}：按时 {o}、迟报 {lt}、未报 {m}，按时报送率 {format_percent(r)}"
        for label, o, lt, m, r in rows
    ]
    fig = go.Figure(
        go.Scatter(
            x=labels,
            y=trend["rate"] * 100,
            mode="lines+markers+text",
            text=[format_percent(r) for r in trend["rate"]],
            textposition="top center",
            hovertext=hover,
            hoverinfo="text",
            line={"color": "#1f6feb"},
        )
    )
    fig.update_layout(
        height=320,
        margin={"l": 40, "r": 20, "t": 30, "b": 40},
        yaxis={
            "range": [0, 110],
            "ticksuffix": "%",
            "title": HEADERS["rate"][1 if lang == "en" else 0],
        },
        xaxis={"type": "category"},
        showlegend=False,
    )
    return fig


def _quantity(value, unit: str) -> str:
    return "" if pd.isna(value) else f"{value:,.10g}{unit}"


def plan_table(items: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The plan in force as leaders read it (the editable sheet is plans.as_sheet)."""
    kinds = ENGLISH_KINDS if lang == "en" else KIND_LABELS
    frequencies = ENGLISH_FREQUENCIES if lang == "en" else FREQUENCY_LABELS
    return _named(
        {
            "task_code": items["task_code"].fillna(""),
            "task": items["task"],
            "indicator": items["indicator"],
            "kind": items["kind"].map(kinds),
            "annual_target": [
                "" if k == "milestone" else _quantity(v, u)
                for k, v, u in zip(
                    items["kind"], items["annual_target"], items["unit"], strict=True
                )
            ],
            "maximum": [
                _quantity(v, u) for v, u in zip(items["maximum"], items["unit"], strict=True)
            ],
            "lead_unit": items["lead_unit"],
            "cooperating_units": items["cooperating_units"].fillna(""),
            **_who_answers(items),
            "category": items["category"].fillna(""),
            "frequency": items["frequency"].map(frequencies),
        },
        lang,
    )


def versions_table(versions: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    return _named(
        {
            "version": versions["version_id"],
            "effective_from": versions["effective_from"].map(lambda d: _day(d, lang)),
            "reason": versions["reason"].fillna(""),
            "saved_at": versions["saved_at"].map(_moment),
            "saved_by": versions["saved_by"],
            "source": versions["file_name"],
            "indicators": versions["indicators"],
        },
        lang,
    )


def changes_table(changes: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    return _named(
        {
            "task": changes["task"],
            "indicator": changes["indicator"],
            "old_target": changes["old_target"].map(lambda v: f"{v:,.10g}"),
            "new_target": changes["new_target"].map(lambda v: f"{v:,.10g}"),
            "effective_from": changes["effective_from"].map(lambda d: _day(d, lang)),
            "reason": changes["reason"],
        },
        lang,
    )


def today_round(today: date) -> tuple[int, int]:
    """The round the office chases on `today`: last month's (reports come in after a month),
    as (plan year, month)."""
    last_month = today.replace(day=1) - timedelta(days=1)
    return years.year_of(last_month), last_month.month
