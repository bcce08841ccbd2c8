"""Plotly figures for the dashboard: pure functions from data frames to figures, Chinese by default.

Colours and status names come from tracker.progress.status, numbers in hover texts from
tracker.presentation.formatting, so a chart reads the same as the tables beside it.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from tracker.plan import years
from tracker.presentation.formatting import (
    MISSING,
    axis_scale,
    display_width,
    format_gap,
    format_pair,
    format_percent,
    format_quantity,
    is_count_unit,
    unit_label,
)
from tracker.presentation.views import planned_values
from tracker.progress.status import STATUS_COLORS, STATUS_ORDER, status_label

FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

# Row labels wrap at this many columns (a Chinese character takes two) to leave room for bars.
ROW_LABEL_WIDTH = 24

ACTUAL_COLOR = "#1f5fa8"
INCREMENT_COLOR = "#9ecae1"
PLANNED_COLOR = "#7f7f7f"
TARGET_COLOR = "#c0392b"
SCHEDULE_MARKER_COLOR = "#263238"
# A bar at least this share of the axis holds its percentage inside, in a colour that reads on it.
INSIDE_LABEL_SHARE = 0.12
TEXT_ON_STATUS = {
    "complete": "#ffffff",
    "on_track": "#10281a",
    "slightly_behind": "#3a2c00",
    "behind": "#2b1600",
    "seriously_behind": "#ffffff",
    "no_data": "#212121",
}

TEXT = {
    "zh": {
        "no_data": "暂无数据",
        "schedule": "序时进度",
        # two lines, so that the order is explained on a tablet too
        "completion_axis": "完成率（%）<br>未报送在上，其余由落后到超前",
        "actual": "累计完成",
        "target": "年度目标",
        "completion": "完成率",
        "gap": "偏差",
        "status": "状态",
        "lead_unit": "牵头单位",
        "increment": "本季新增",
        "projection": "按当前进度预计全年",
        "indicator_count": "指标数",
        "count_unit": "项",
        "share": "占比",
        "not_specified": "未填写",
        "total": "共{total}项",
        "ceiling": "控制上限",
        "ceiling_axis": "占控制上限（%）",
        "of_ceiling": "上限",
    },
    "en": {
        "no_data": "No data",
        "schedule": "Time schedule",
        "completion_axis": "Completion (%)<br>not reported first, then most behind first",
        "actual": "Cumulative actual",
        "target": "Annual target",
        "completion": "Completion",
        "gap": "Gap",
        "status": "Status",
        "lead_unit": "Lead unit",
        "increment": "Added this quarter",
        "projection": "Projected year end at current pace",
        "indicator_count": "Indicators",
        "count_unit": "",
        "share": "share",
        "not_specified": "Not specified",
        "total": "{total}<br>in total",
        "ceiling": "Ceiling",
        "ceiling_axis": "Share of the ceiling (%)",
        "of_ceiling": "ceiling",
    },
}


def _text(lang: str, key: str) -> str:
    return TEXT[lang][key]


def _field(lang: str, name: str, value: str) -> str:
    """One hover line, "名称：值" in Chinese and "Name: value" in English."""
    return f"{name}{'：' if lang == 'zh' else ': '}{value}"


def _aside(lang: str, text: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _present(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _text_or_dash(value: object) -> str:
    return plain(str(value)) if _present(value) and str(value).strip() else MISSING


# Pixels kept above the plot for the legend; more rows push the plot down (Plotly's automargin).
LEGEND_ROOM = 52
TITLE_ROOM = 28


def _apply_layout(fig: go.Figure, height: int, title: str | None, bottom: int = 40) -> go.Figure:
    """Fonts, size and margins; the legend sits on top, just above the plot.

    A title is written as the legend's own title, so title and legend entries are one box that
    grows upwards as the entries wrap on a narrow screen, and the two never overlap. A figure
    without traces (no data) keeps an ordinary title.
    """
    top = LEGEND_ROOM + (TITLE_ROOM if title else 0)
    plot_height = max(height - top - bottom, 1)
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": 13},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        height=height,
        margin={"l": 10, "r": 24, "t": top, "b": bottom},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            # a fixed few pixels above the plot, not a share of its height
            "y": 1 + 6 / plot_height,
            "xanchor": "left",
            "x": 0,
            "title": {"text": ""},
        },
    )
    if title and fig.data:
        fig.update_layout(
            showlegend=True,
            legend_title={"text": plain(title), "side": "top", "font": {"size": 16}},
        )
    elif title:
        fig.update_layout(title={"text": plain(title), "x": 0, "xanchor": "left"})
    return fig


def _empty_figure(lang: str, title: str | None, height: int = 300) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=_text(lang, "no_data"),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        font={"size": 16, "color": STATUS_COLORS["no_data"]},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _apply_layout(fig, height, title)


def plain(text: str) -> str:
    """Uploaded text as Plotly shows it: its tags (`<b>`, `<a href>`) as characters, not markup."""
    return html.escape(text, quote=False)


def _label_text(task: object, indicator: object) -> str:
    task_text = str(task) if _present(task) else ""
    indicator_text = str(indicator) if _present(indicator) else ""
    if not indicator_text or indicator_text == task_text:
        return task_text
    if not task_text:
        return indicator_text
    return f"{task_text} · {indicator_text}"


def indicator_label(task: object, indicator: object) -> str:
    """The row label "任务 · 指标", or the task alone when the indicator repeats it or is missing."""
    return plain(_label_text(task, indicator))


def _wrapped(text: str, width: int) -> list[str]:
    """Text in lines of at most `width` columns (a Chinese character takes two); nothing cut."""
    lines, line = [], ""
    for ch in text:
        if line and display_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def row_label(indicator: object, lead_unit: object, region: object = None) -> str:
    """A chart row's label: the indicator in full (wrapped, never cut), and beneath it, smaller,
    the unit responsible, led by the region where regions differ ("龙岗区 燃气管理科")."""
    name = str(indicator) if _present(indicator) else ""
    owner = " ".join(str(v) for v in (region, lead_unit) if _present(v) and str(v).strip())
    lines = [plain(line) for line in _wrapped(name, ROW_LABEL_WIDTH)]
    if owner:
        lines.append(f'<span style="font-size:11px;color:#5f6b76">{plain(owner)}</span>')
    return "<br>".join(lines)


def _row_labels(rows: pd.DataFrame) -> list[str]:
    regions = rows["region"] if rows["region"].nunique() > 1 else [None] * len(rows)
    names = [
        i if _present(i) and str(i).strip() else t
        for t, i in zip(rows["task"], rows["indicator"], strict=True)
    ]
    return [
        row_label(name, unit, region)
        for name, unit, region in zip(names, rows["lead_unit"], regions, strict=True)
    ]


def _row_height(labels: list[str]) -> int:
    """Pixels per chart row: room for the label's lines."""
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    return 16 + 15 * lines


def _status_codes(statuses: pd.Series) -> pd.Series:
    # A status outside the known codes cannot be coloured or named: show it as not reported.
    return statuses.where(statuses.isin(STATUS_ORDER), "no_data")


def completion_vs_schedule(
    status_df: pd.DataFrame, lang: str = "zh", title: str | None = None
) -> go.Figure:
    """Completion rate per indicator as horizontal bars, against its time schedule.

    Rows run from the top: indicators not reported first, then by gap from most behind to most
    ahead. One bar trace per status (in STATUS_ORDER, only those present) so the legend names
    the statuses; the schedule of each row is a vertical tick; a dashed line marks 100%.
    """
    if status_df.empty:
        return _empty_figure(lang, title)

    rows = status_df.assign(status=_status_codes(status_df["status"]))
    rows = rows.assign(_reported=rows["status"] != "no_data").sort_values(
        ["_reported", "gap_points", "completion_rate"],
        na_position="first",
        kind="stable",
    )
    rows = rows.reset_index(drop=True)
    positions = list(range(len(rows)))
    full_labels = [
        indicator_label(t, i) for t, i in zip(rows["task"], rows["indicator"], strict=True)
    ]

    customdata = [
        [
            full_label,
            plain(format_quantity(row.actual, row.unit, lang)),
            plain(format_quantity(row.annual_target, row.unit, lang)),
            format_percent(row.completion_rate),
            format_percent(row.schedule_rate),
            format_gap(row.gap_points, row.completion_rate, row.direction, lang),
            status_label(row.status, lang),
            _text_or_dash(row.lead_unit),
        ]
        for full_label, row in zip(full_labels, rows.itertuples(index=False), strict=True)
    ]
    hover_fields = ("actual", "target", "completion", "schedule", "gap", "status", "lead_unit")
    hovertemplate = (
        "<b>%{customdata[0]}</b><br>"
        + "<br>".join(
            _field(lang, _text(lang, key), f"%{{customdata[{position}]}}")
            for position, key in enumerate(hover_fields, start=1)
        )
        + "<extra></extra>"
    )

    # A row without data keeps its place with a zero-length bar, so it is seen to be missing.
    completion_percent = (rows["completion_rate"].astype(float) * 100).where(rows["_reported"], 0.0)
    completion_percent = completion_percent.fillna(0.0)
    bar_text = [
        status_label("no_data", lang) if code == "no_data" else data[3]
        for code, data in zip(rows["status"], customdata, strict=True)
    ]

    # completion_percent has no gaps, so the maximum is a number even where schedules are missing
    widest = max(
        pd.concat([completion_percent, rows["schedule_rate"].astype(float) * 100]).max(), 100.0
    )
    fig = go.Figure()
    _add_status_bars(
        fig,
        rows["status"],
        lang,
        x=completion_percent.tolist(),
        customdata=customdata,
        hovertemplate=hovertemplate,
        text=bar_text,
        # inside the start of a bar long enough, past the end of a short one: never under the
        # schedule tick, which stands near the bar's end
        textposition=[
            "inside" if share >= widest * INSIDE_LABEL_SHARE else "outside"
            for share in completion_percent
        ],
        insidetextanchor="start",
        constraintext="none",
    )
    fig.add_trace(
        go.Scatter(
            x=(rows["schedule_rate"].astype(float) * 100).tolist(),
            y=positions,
            mode="markers",
            name=_text(lang, "schedule"),
            marker={
                "symbol": "line-ns-open",
                "size": 20,
                "color": SCHEDULE_MARKER_COLOR,
                "line": {"width": 3, "color": SCHEDULE_MARKER_COLOR},
            },
            customdata=customdata,
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>"
                + _field(lang, _text(lang, "schedule"), "%{customdata[4]}")
                + "<extra></extra>"
            ),
        )
    )
    fig.add_vline(x=100, line_dash="dash", line_color=PLANNED_COLOR, line_width=1)
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(
        title_text=_text(lang, "completion_axis"),
        ticksuffix="%",
        # room right of the longest bar for its percentage
        range=[0, widest * 1.15],
        zeroline=True,
    )
    labels = _row_labels(rows)
    fig.update_yaxes(
        tickmode="array",
        tickvals=positions,
        ticktext=labels,
        autorange="reversed",
        automargin=True,
    )
    # the axis title takes two lines
    height = max(340, 140 + _row_height(labels) * len(rows))
    return _apply_layout(fig, height=height, title=title, bottom=62)


def _add_status_bars(fig: go.Figure, statuses: pd.Series, lang: str, **per_row) -> None:
    """Horizontal bars at positions 0..n-1, one trace per status so the legend names the colours.

    Each keyword is passed to every trace; a list of one value per row is split among them."""
    rows = statuses.reset_index(drop=True)
    for code in STATUS_ORDER:
        members = rows.index[rows == code].tolist()
        if not members:
            continue
        chosen = {
            name: [value[i] for i in members] if isinstance(value, list) else value
            for name, value in per_row.items()
        }
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=members,
                name=status_label(code, lang),
                marker_color=STATUS_COLORS[code],
                insidetextfont={"color": TEXT_ON_STATUS[code]},
                cliponaxis=False,
                **chosen,
            )
        )


def against_ceiling(
    status_df: pd.DataFrame, lang: str = "zh", title: str | None = None
) -> go.Figure:
    """Lower-is-better indicators (accidents, a ceiling not to exceed): the actual value as a
    share of its ceiling, with the ceiling drawn at 100%. Not a completion bar: 1 accident of a
    ceiling of 4 is a short bar well inside the line, not "25% done"."""
    if status_df.empty:
        return _empty_figure(lang, title)
    rows = status_df.assign(status=_status_codes(status_df["status"])).reset_index(drop=True)
    positions = list(range(len(rows)))
    share = (rows["actual"].astype(float) / rows["annual_target"].astype(float) * 100).fillna(0.0)
    texts = []
    for row in rows.itertuples(index=False):
        actual, ceiling = format_pair(row.actual, row.annual_target, row.unit, lang)
        texts.append(
            f"{actual} / {_text(lang, 'of_ceiling')} {ceiling}"
            if lang == "en"
            else f"{actual}／{_text(lang, 'of_ceiling')}{ceiling}"
        )
    fig = go.Figure()
    _add_status_bars(
        fig,
        rows["status"],
        lang,
        x=share.tolist(),
        text=[plain(text) for text in texts],
        textposition="outside",
        hovertemplate="%{text}<extra></extra>",
    )
    fig.add_vline(
        x=100,
        line_color=TARGET_COLOR,
        line_width=2,
        annotation_text=_text(lang, "ceiling"),
        annotation_position="top",
    )
    labels = _row_labels(rows)
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(
        title_text=_text(lang, "ceiling_axis"),
        ticksuffix="%",
        range=[0, max(share.max(), 100.0) * 1.35],
    )
    fig.update_yaxes(
        tickmode="array", tickvals=positions, ticktext=labels, autorange="reversed", automargin=True
    )
    height = max(200, 150 + _row_height(labels) * len(rows))
    return _apply_layout(fig, height=height, title=title)


def _last_present(values: pd.Series) -> object:
    present = values.dropna()
    return present.iloc[-1] if not present.empty else None


def quarterly_progress(
    quarterly_df: pd.DataFrame,
    projection: float | None = None,
    lang: str = "zh",
    title: str | None = None,
    ceiling: bool = False,
) -> go.Figure:
    """One indicator across the quarters of its year.

    For a ceiling (lower is better) the target line is the ceiling and no schedule is drawn:
    nothing is planned to be used up by the quarter.

    Quarter increments are bars on the same y axis as the cumulative lines, so both read in the
    unit on the axis title. The x axis holds quarter ends at positions 1..4; position 4 is the
    year end, where the optional dotted projection from the last reported quarter ends. Quarters
    are the bureau's own (tracker.plan.years): in a year from April, 一季度 is April to June.
    """
    if quarterly_df.empty:
        return _empty_figure(lang, title)

    rows = quarterly_df.sort_values("quarter").reset_index(drop=True)
    quarters = rows["quarter"].astype(int).tolist()
    quarter_names = [years.quarter_label(q, lang) for q in quarters]
    unit = _last_present(rows["unit"])
    unit = unit if isinstance(unit, str) else ""
    target = _last_present(rows["annual_target"])
    actual = rows["actual"].astype(float)
    increment = rows["increment"].astype(float)
    planned = planned_values(rows)
    has_projection = projection is not None and math.isfinite(projection)
    reported = rows.index[actual.notna()]

    every_value = [*actual, *increment, *planned, target, projection if has_projection else None]
    divisor, suffix = axis_scale(every_value, unit, lang)

    def scaled(values: pd.Series) -> list[float]:
        return (values / divisor).tolist()

    def quantity(value: object) -> str:
        return plain(format_quantity(value, unit, lang))

    def hover(name: str) -> str:
        return f"%{{customdata[0]}}<br>{_field(lang, name, '%{customdata[1]}')}<extra></extra>"

    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=quarters,
            y=scaled(increment),
            name=_text(lang, "increment"),
            marker_color=INCREMENT_COLOR,
            customdata=[[n, quantity(v)] for n, v in zip(quarter_names, increment, strict=True)],
            hovertemplate=hover(_text(lang, "increment")),
        )
    )
    if not ceiling:
        fig.add_trace(
            go.Scatter(
                x=quarters,
                y=scaled(planned),
                mode="lines+markers",
                name=_text(lang, "schedule"),
                line={"color": PLANNED_COLOR, "width": 2},
                marker={"symbol": "circle-open", "size": 8},
                customdata=[[n, quantity(v)] for n, v in zip(quarter_names, planned, strict=True)],
                hovertemplate=hover(_text(lang, "schedule")),
            )
        )
    target_name = _text(lang, "ceiling" if ceiling else "target")
    if target is not None:
        fig.add_trace(
            go.Scatter(
                x=[0.5, 4.5],
                y=[float(target) / divisor] * 2,
                mode="lines",
                name=target_name,
                line={"color": TARGET_COLOR, "dash": "dash", "width": 2},
                customdata=[["", quantity(target)]] * 2,
                hovertemplate=_field(lang, target_name, "%{customdata[1]}") + "<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[quarters[i] for i in reported],
            y=scaled(actual[reported]),
            mode="lines+markers",
            name=_text(lang, "actual"),
            line={"color": ACTUAL_COLOR, "width": 3},
            marker={"size": 9},
            customdata=[
                [
                    quarter_names[i],
                    quantity(actual[i])
                    + _aside(
                        lang,
                        _field(
                            lang,
                            _text(lang, "completion"),
                            format_percent(actual[i] / target if target else None),
                        ),
                    ),
                ]
                for i in reported
            ],
            hovertemplate=hover(_text(lang, "actual")),
        )
    )
    if has_projection and not reported.empty and quarters[reported[-1]] < 4:
        last = reported[-1]
        year_end_name = years.quarter_label(4, lang)
        fig.add_trace(
            go.Scatter(
                x=[quarters[last], 4],
                y=[actual[last] / divisor, projection / divisor],
                mode="lines+markers",
                name=_text(lang, "projection"),
                line={"color": ACTUAL_COLOR, "dash": "dot", "width": 2},
                marker={"symbol": "circle-open", "size": 8},
                customdata=[
                    [quarter_names[last], quantity(actual[last])],
                    [year_end_name, quantity(projection)],
                ],
                hovertemplate=hover(_text(lang, "projection")),
            )
        )

    # a year from another month names each quarter's months under it
    ticks = [years.quarter_name(q, lang) for q in range(1, 5)]
    if years.start_month() != 1:
        ticks = [f"{name}<br>{years.quarter_span(q, lang)}" for q, name in enumerate(ticks, 1)]
    fig.update_xaxes(
        tickmode="array",
        tickvals=[1, 2, 3, 4],
        ticktext=ticks,
        range=[0.5, 4.5],
    )
    largest = max((float(v) for v in every_value if _present(v)), default=0.0) / divisor
    whole_ticks = is_count_unit(unit) and not suffix
    step = max(1, math.ceil(largest / 6)) if whole_ticks and largest <= 12 else None
    fig.update_yaxes(
        # on the ticks rather than as a title, which Plotly would turn on its side
        ticksuffix=plain(
            f"{suffix}{unit}" if lang == "zh" else f" {suffix or unit_label(unit, lang)}".rstrip()
        ),
        # things counted whole: no "0.5座"
        tickformat="d" if whole_ticks else None,
        dtick=step,
        rangemode="tozero",
        exponentformat="none",
        separatethousands=lang == "en",
    )
    if step and lang == "en":
        # a few whole counts, each written out so that one reads in the singular: "1 site"
        counts = list(range(0, math.ceil(largest) + step + 1, step))
        ticks = [plain(format_quantity(n, unit, lang)) for n in counts]
        fig.update_yaxes(tickmode="array", tickvals=counts, ticktext=ticks, ticksuffix=None)
    fig.update_layout(bargap=0.5)
    return _apply_layout(fig, height=420, title=title)


def status_breakdown(
    rollup_df: pd.DataFrame, lang: str = "zh", title: str | None = None
) -> go.Figure:
    """Status counts per group (lead unit, region, …) as stacked horizontal bars.

    Groups run from the top worst first: most lagging indicators, then the worst gap.
    """
    if rollup_df.empty:
        return _empty_figure(lang, title)

    rows = rollup_df.assign(
        group_name=[
            plain(str(name)) if _present(name) else _text(lang, "not_specified")
            for name in rollup_df["group_name"]
        ]
    ).sort_values(
        ["lagging", "worst_gap_points", "group_name"],
        ascending=[False, True, True],
        na_position="last",
        kind="stable",
    )
    groups = rows["group_name"].tolist()
    count_unit = _text(lang, "count_unit")

    fig = go.Figure()
    for code in STATUS_ORDER:
        counts = rows[code].fillna(0).astype(int)
        if counts.sum() == 0:
            continue
        label = status_label(code, lang)
        shares = [
            format_percent(count / total if total else None)
            for count, total in zip(counts, rows["indicators"], strict=True)
        ]
        fig.add_trace(
            go.Bar(
                orientation="h",
                x=counts.tolist(),
                y=groups,
                name=label,
                marker_color=STATUS_COLORS[code],
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                customdata=[
                    [group, f"{count}{count_unit}", share]
                    for group, count, share in zip(groups, counts, shares, strict=True)
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>"
                    + _field(lang, label, "%{customdata[1]}")
                    + _aside(lang, _field(lang, _text(lang, "share"), "%{customdata[2]}"))
                    + "<extra></extra>"
                ),
            )
        )
    fig.update_layout(barmode="stack", bargap=0.3, legend_traceorder="normal")
    # Counts are whole numbers: on a short axis, a tick per indicator rather than 0, 1, 1, 2, 2.
    largest = int(rows["indicators"].max()) if rows["indicators"].notna().any() else 0
    fig.update_xaxes(
        title_text=_text(lang, "indicator_count"),
        tickformat="d",
        rangemode="tozero",
        dtick=1 if largest <= 10 else None,
    )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=groups,
        autorange="reversed",
        automargin=True,
    )
    return _apply_layout(fig, height=max(260, 110 + 32 * len(groups)), title=title)


def status_donut(counts: dict[str, int], lang: str = "zh", title: str | None = None) -> go.Figure:
    """Share of indicators per status, in STATUS_ORDER, with the total in the hole."""
    unknown = set(counts) - set(STATUS_ORDER)
    if unknown:
        raise ValueError(f"unknown status codes: {sorted(unknown)}")
    codes = [code for code in STATUS_ORDER if counts.get(code, 0) > 0]
    total = sum(counts[code] for code in codes)
    if total == 0:
        return _empty_figure(lang, title)

    count_unit = _text(lang, "count_unit")
    fig = go.Figure(
        go.Pie(
            labels=[status_label(code, lang) for code in codes],
            values=[counts[code] for code in codes],
            marker={
                "colors": [STATUS_COLORS[code] for code in codes],
                "line": {"color": "#ffffff", "width": 2},
            },
            hole=0.55,
            sort=False,
            direction="clockwise",
            textinfo="value",
            customdata=[
                [f"{counts[code]}{count_unit}", format_percent(counts[code] / total)]
                for code in codes
            ],
            hovertemplate=_field(lang, "%{label}", "%{customdata[0]}")
            + _aside(lang, "%{customdata[1]}")
            + "<extra></extra>",
        )
    )
    fig.add_annotation(
        text=_text(lang, "total").format(total=total),
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font={"size": 18},
    )
    return _apply_layout(fig, height=340, title=title)
