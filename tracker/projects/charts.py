"""Plotly figures of the projects: the stage pipeline, investment against the time schedule, the
milestone Gantt and one project's months. Pure functions from frames to figures, in Chinese or
(`lang="en"`) English; names the bureau typed stay as typed.

On a date axis the "today" line is a shape and its label a separate annotation: plotly's
add_vline with an annotation fails there (it averages the dates).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
import plotly.graph_objects as go

from tracker.presentation.charts import FONT_FAMILY, plain
from tracker.presentation.formatting import (
    format_percent,
    format_points,
    format_quantity,
    truncate_display,
)
from tracker.projects.figures import LIGHT_LABELS, light_reason, stage_label

LIGHT_COLORS = {"green": "#2e7d32", "yellow": "#f2b705", "red": "#d32f2f"}
PLANNED_COLOR = "#b0bec5"
STAGE_COLOR = "#1f5fa8"
INVESTED_COLOR = "#1f5fa8"
SCHEDULE_COLOR = "#263238"
TODAY_COLOR = "#c62828"
NAME_WIDTH = 30


def _layout(fig: go.Figure, height: int, title: str | None, font_size: int = 13) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": font_size},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        height=height,
        margin={"l": 10, "r": 24, "t": 64 if title else 36, "b": 36},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left"},
        title={"text": plain(title), "x": 0, "xanchor": "left"} if title else None,
    )
    return fig


def _w(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def _wan(amount: float, lang: str = "zh") -> str:
    """An amount kept in 万元 as a report writes it: 620000 -> 62亿元, 768 -> 768万元, 0 -> 0万元;
    in English as a task's amounts read: 6.2 bn yuan, 7.68 m yuan."""
    if lang == "en":
        return format_quantity(amount, "万元", lang)
    return "0万元" if amount == 0 else format_quantity(amount * 1e4, "元")


def money(amount: float, lang: str = "zh") -> str:
    return _wan(amount, lang)


def pipeline(
    stages: pd.DataFrame, title: str | None = None, font_size: int = 13, lang: str = "zh"
) -> go.Figure:
    """Projects per stage, in the bureau's order of stages, left to right."""
    fig = go.Figure(
        go.Bar(
            x=[plain(stage_label(s, lang)) for s in stages["stage"]],
            y=stages["projects"],
            text=[f"{n}" if lang == "en" else f"{n}个" for n in stages["projects"]],
            textposition="outside",
            marker_color=STAGE_COLOR,
            hovertemplate=_w("%{x}：%{y}个", "%{x}: %{y}", lang) + "<extra></extra>",
            cliponaxis=False,
        )
    )
    fig.update_yaxes(title_text=_w("项目数（个）", "Projects", lang), rangemode="tozero")
    fig.update_layout(showlegend=False)
    return _layout(fig, 320, title, font_size)


def investment_against_schedule(
    groups: pd.DataFrame, dimension_label: str, title: str | None = None, lang: str = "zh"
) -> go.Figure:
    """Per unit or region (rows of figures.by_dimension): investment completion as a bar and the
    time schedule as a tick; furthest behind at the top."""
    rows = groups.iloc[::-1]
    names = [
        plain(truncate_display(str(n), NAME_WIDTH))
        for n in rows.iloc[:, 0].fillna(_w("未填写", "(blank)", lang))
    ]
    custom = [
        [_wan(i, lang), _wan(p, lang), format_percent(s), format_points(g, lang)]
        for i, p, s, g in zip(
            rows["invested"],
            rows["annual_plan"],
            rows["schedule_rate"],
            rows["gap_points"],
            strict=True,
        )
    ]
    colors = [
        LIGHT_COLORS["green"]
        if g >= 0
        else LIGHT_COLORS["yellow"]
        if g >= -10
        else LIGHT_COLORS["red"]
        for g in rows["gap_points"].fillna(0)
    ]
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=rows["investment_rate"] * 100,
        orientation="h",
        marker_color=colors,
        name=_w("投资完成率", "Investment rate", lang),
        text=[format_percent(r) for r in rows["investment_rate"]],
        textposition="outside",
        cliponaxis=False,
        customdata=custom,
        hovertemplate=(
            _w(
                f"{dimension_label}：%{{y}}<br>完成投资：%{{customdata[0]}}"
                "<br>年度计划：%{customdata[1]}<br>完成率：%{x:.1f}%"
                "<br>序时进度：%{customdata[2]}<br>%{customdata[3]}",
                f"{dimension_label}: %{{y}}<br>Invested: %{{customdata[0]}}"
                "<br>Annual plan: %{customdata[1]}<br>Rate: %{x:.1f}%"
                "<br>Schedule: %{customdata[2]}<br>%{customdata[3]}",
                lang,
            )
            + "<extra></extra>"
        ),
    )
    fig.add_scatter(
        y=names,
        x=rows["schedule_rate"] * 100,
        mode="markers",
        marker={
            "symbol": "line-ns-open",
            "size": 18,
            "line": {"width": 3},
            "color": SCHEDULE_COLOR,
        },
        name=_w("序时进度", "Schedule", lang),
        hovertemplate=_w("序时进度：", "Schedule: ", lang) + "%{x:.1f}%<extra></extra>",
    )
    widest = pd.concat([rows["investment_rate"], rows["schedule_rate"]]).max() * 100
    fig.update_xaxes(
        title_text=_w("投资完成率（%）", "Investment rate (%)", lang),
        # room right of the longest bar for its percentage
        range=[0, (widest if widest > 0 else 100.0) * 1.15],
    )
    return _layout(fig, max(260, 60 + 34 * len(rows)), title)


def _ms(start: date, end: date) -> float:
    return (datetime.combine(end, time()) - datetime.combine(start, time())).total_seconds() * 1000


def milestones(
    projects: pd.DataFrame,
    today: date,
    title: str | None = None,
    font_size: int = 13,
    lang: str = "zh",
) -> go.Figure:
    """Planned (grey) against actual (coloured by the light) from start to completion, one row per
    project in the order given, top down; an actual bar still running ends at `today`."""
    rows = projects.iloc[::-1]
    labels = [plain(truncate_display(str(n), NAME_WIDTH)) for n in rows["name"]]
    fig = go.Figure()
    planned = rows["planned_start"].notna() & rows["planned_finish"].notna()
    fig.add_bar(
        y=[lab for lab, keep in zip(labels, planned, strict=True) if keep],
        base=[d.isoformat() for d in rows.loc[planned, "planned_start"]],
        x=[
            _ms(s, f)
            for s, f in zip(
                rows.loc[planned, "planned_start"], rows.loc[planned, "planned_finish"], strict=True
            )
        ],
        orientation="h",
        marker_color=PLANNED_COLOR,
        name=_w("计划工期", "Planned", lang),
        offsetgroup="planned",
        hovertemplate="%{y}<br>"
        + _w("计划：%{base|%Y-%m-%d} 起", "Planned from %{base|%Y-%m-%d}", lang)
        + "<extra></extra>",
    )
    started = rows["actual_start"].notna()
    ends = [f if f is not None else today for f in rows.loc[started, "actual_finish"]]
    fig.add_bar(
        y=[lab for lab, keep in zip(labels, started, strict=True) if keep],
        base=[d.isoformat() for d in rows.loc[started, "actual_start"]],
        x=[
            max(_ms(s, e), 864e5)
            for s, e in zip(rows.loc[started, "actual_start"], ends, strict=True)
        ],
        orientation="h",
        marker_color=[LIGHT_COLORS.get(c, STAGE_COLOR) for c in rows.loc[started, "light"]],
        name=_w("实际工期", "Actual", lang),
        offsetgroup="actual",
        hovertemplate="%{y}<br>"
        + _w("实际：%{base|%Y-%m-%d} 起", "Actual from %{base|%Y-%m-%d}", lang)
        + "<extra></extra>",
    )
    fig.update_xaxes(type="date", tickformat=_w("%Y年%-m月", "%b %Y", lang))
    fig.update_yaxes(categoryorder="array", categoryarray=labels)
    fig.update_layout(barmode="group", bargap=0.25)
    add_today_line(fig, today, font_size, lang)
    return _layout(fig, max(200, 100 + 30 * len(rows)), title, font_size)


def add_today_line(fig: go.Figure, today: date, font_size: int = 13, lang: str = "zh") -> None:
    """A vertical line at `today` across the plot, labelled above it (see the module's note)."""
    fig.add_shape(
        type="line",
        x0=today.isoformat(),
        x1=today.isoformat(),
        xref="x",
        y0=0,
        y1=1,
        yref="paper",
        line={"color": TODAY_COLOR, "width": 2, "dash": "dash"},
    )
    fig.add_annotation(
        x=today.isoformat(),
        xref="x",
        y=1,
        yref="paper",
        yanchor="bottom",
        text=_w(f"今天 {today.month}月{today.day}日", f"Today {today:%b} {today.day}", lang),
        showarrow=False,
        font={"color": TODAY_COLOR, "size": font_size},
    )


def months(history: pd.DataFrame, title: str | None = None, lang: str = "zh") -> go.Figure:
    """One project's investment this year across its reports, against what was planned by then.

    Each report is drawn in the middle of its month, under that month's label: a report as of
    31 January belongs to January, not to the tick of 1 February beside it."""
    dates = [d.isoformat() for d in history["as_of"]]
    in_its_month = {"xperiod": "M1", "xperiodalignment": "middle"}
    fig = go.Figure()
    fig.add_bar(
        x=dates,
        **in_its_month,
        y=history["invested"],
        name=_w("本年累计完成投资（万元）", "Invested this year (10k yuan)", lang),
        marker_color=INVESTED_COLOR,
        # the report's own date: the point stands mid-month
        customdata=[[d, _wan(v, lang)] for d, v in zip(dates, history["invested"], strict=True)],
        hovertemplate="%{customdata[0]}<br>"
        + _w("累计完成：", "Invested: ", lang)
        + "%{customdata[1]}<extra></extra>",
    )
    fig.add_scatter(
        x=dates,
        **in_its_month,
        y=history["planned_to_date"],
        mode="lines+markers",
        name=_w("序时计划投资（万元）", "Planned by date (10k yuan)", lang),
        line={"color": SCHEDULE_COLOR, "dash": "dot"},
        # the report's own date: the point stands mid-month
        customdata=[
            [d, _wan(v, lang)] for d, v in zip(dates, history["planned_to_date"], strict=True)
        ],
        hovertemplate="%{customdata[0]}<br>"
        + _w("序时计划：", "Planned: ", lang)
        + "%{customdata[1]}<extra></extra>",
    )
    fig.update_xaxes(
        type="date", tickformat=_w("%Y年%-m月", "%b %Y", lang), ticklabelmode="period", dtick="M1"
    )
    fig.update_yaxes(title_text=_w("万元", "10k yuan", lang), rangemode="tozero")
    return _layout(fig, 340, title)


def light_text(row) -> str:
    """`红灯：计划开工逾期3个月` for tables and hover texts."""
    reason = light_reason(row)
    return f"{LIGHT_LABELS[row['light']]}：{reason}" if reason else LIGHT_LABELS[row["light"]]
