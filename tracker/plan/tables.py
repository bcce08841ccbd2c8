"""What the 报送情况 and 任务清单 pages show: tables with Chinese headers and the on-time chart."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from tracker.plan import years
from tracker.plan.contract import FREQUENCY_LABELS, KIND_LABELS
from tracker.plan.reporting import STATE_LABELS
from tracker.presentation.formatting import format_percent


def _day(value) -> str:
    if value is None or pd.isna(value):
        return ""
    day = pd.Timestamp(value).date()
    return f"{day.year}年{day.month}月{day.day}日"


def _moment(value) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def state_text(state: str, late_days) -> str:
    """按时, 迟报3天, 未报, 待报."""
    if state == "late" and late_days is not None and not pd.isna(late_days):
        return f"迟报{int(late_days)}天"
    return STATE_LABELS[state]


def units_table(units: pd.DataFrame) -> pd.DataFrame:
    """One row per lead unit and period, as the office reads it."""
    return pd.DataFrame(
        {
            "牵头单位": units["lead_unit"],
            "所属地区": units["region"],
            "报送期": units["period_label"],
            "报送时限": units["deadline_day"].map(_day),
            "应报": units["due"],
            "按时": units["on_time"],
            "迟报": units["late"],
            "未报": units["missing"],
            "报送情况": [
                state_text(s, d) for s, d in zip(units["state"], units["late_days"], strict=True)
            ],
            "按时报送率": units["on_time_rate"].map(
                lambda r: format_percent(r) if pd.notna(r) else "—"
            ),
            "代报": units["on_behalf"].map(lambda n: f"{n} 项" if n else ""),
            "责任领导": units["leader"].fillna(""),
            "联系人": units["contact"].fillna(""),
        }
    )


def items_table(items: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator and period: who owes what, by when, and when it landed."""
    return pd.DataFrame(
        {
            "牵头单位": items["lead_unit"],
            "任务编号": items["task_code"].fillna(""),
            "任务名称": items["task"],
            "指标名称": items["indicator"],
            "报送期": items["period_label"],
            "报送时限": items["deadline_day"].map(_day),
            "报送情况": [
                state_text(s, d) for s, d in zip(items["state"], items["late_days"], strict=True)
            ],
            "报送时间": items["landed_at"].map(_moment),
            "代报": items["on_behalf"].map(lambda b: "是" if b else ""),
            "责任领导": items["leader"].fillna(""),
            "联系人": items["contact"].fillna(""),
        }
    )


def ranking_table(ranking: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "名次": ranking["rank"],
            "牵头单位": ranking["lead_unit"],
            "所属地区": ranking["region"],
            "应报（已到期）": ranking["judged"],
            "按时": ranking["on_time"],
            "迟报": ranking["late"],
            "迟报天数合计": ranking["late_days"],
            "未报": ranking["missing"],
            "按时报送率": ranking["rate"].map(format_percent),
        }
    )


def round_label(round_code: str) -> str:
    year, month = round_code.split("-")
    return f"{year}年{int(month)}月"


def trend_figure(trend: pd.DataFrame) -> go.Figure:
    """The bureau's on-time rate per reporting round, with the counts in the hover text."""
    labels = [round_label(r) for r in trend["round"]]
    hover = [
        f"{label}：按时 {o}、迟报 {lt}、未报 {m}，按时报送率 {format_percent(r)}"
        for label, o, lt, m, r in zip(
            labels, trend["on_time"], trend["late"], trend["missing"], trend["rate"], strict=True
        )
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
        yaxis={"range": [0, 110], "ticksuffix": "%", "title": "按时报送率"},
        xaxis={"type": "category"},
        showlegend=False,
    )
    return fig


def plan_table(items: pd.DataFrame) -> pd.DataFrame:
    """The plan in force as leaders read it (the editable sheet is plans.as_sheet)."""
    return pd.DataFrame(
        {
            "任务编号": items["task_code"].fillna(""),
            "任务名称": items["task"],
            "指标名称": items["indicator"],
            "指标类型": items["kind"].map(KIND_LABELS),
            "年度目标": [
                "" if k == "milestone" or pd.isna(v) else f"{v:,.10g}{u}"
                for k, v, u in zip(
                    items["kind"], items["annual_target"], items["unit"], strict=True
                )
            ],
            "最大值": [
                "" if pd.isna(v) else f"{v:,.10g}{u}"
                for v, u in zip(items["maximum"], items["unit"], strict=True)
            ],
            "牵头单位": items["lead_unit"],
            "配合单位": items["cooperating_units"].fillna(""),
            "责任领导": items["leader"].fillna(""),
            "联系人": items["contact"].fillna(""),
            "任务类别": items["category"].fillna(""),
            "报送频次": items["frequency"].map(FREQUENCY_LABELS),
        }
    )


def versions_table(versions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "版本": versions["version_id"],
            "生效日期": versions["effective_from"].map(_day),
            "调整原因": versions["reason"].fillna(""),
            "保存时间": versions["saved_at"].map(_moment),
            "保存人": versions["saved_by"],
            "来源": versions["file_name"],
            "指标数": versions["indicators"],
        }
    )


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "任务名称": changes["task"],
            "指标名称": changes["indicator"],
            "原目标": changes["old_target"].map(lambda v: f"{v:,.10g}"),
            "调整后目标": changes["new_target"].map(lambda v: f"{v:,.10g}"),
            "生效日期": changes["effective_from"].map(_day),
            "调整原因": changes["reason"],
        }
    )


def today_round(today: date) -> tuple[int, int]:
    """The round the office chases on `today`: last month's (reports come in after a month),
    as (plan year, month)."""
    last_month = today.replace(day=1) - timedelta(days=1)
    return years.year_of(last_month), last_month.month
