"""The A3 wall chart (作战图) for 挂图作战: one landscape page read from two metres.

It is an HTML page with print CSS and Plotly inlined (no network), printed to PDF by headless
Chromium. It shows the headline figures of the projects and tasks, a grid of lights by unit and
task, the stage pipeline, the 红榜 and 黑榜, the Gantt of the projects furthest behind with a
today line, and the date with its time schedule.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from tracker.presentation.charts import FONT_FAMILY
from tracker.presentation.formatting import (
    format_number,
    format_percent,
    format_points,
    truncate_display,
)
from tracker.progress import metrics
from tracker.progress.status import Thresholds
from tracker.projects import charts, figures
from tracker.projects import rules as project_rules
from tracker.projects.rules import ProjectRules
from tracker.store import Store
from tracker.supervision import rules as supervision

# A3 landscape, 420 × 297 mm: Chromium prints it as 1191 × 842 pt.
PX_PER_MM = 96 / 25.4
GANTT_ROWS = 14
GRID_UNITS = 12
GRID_TASKS_PER_UNIT = 9
BOARD_ROWS = 5
PRINT_TIMEOUT_SECONDS = 120

LIGHT_RANK = {"grey": 0, "green": 1, "yellow": 2, "red": 3}
COLORS = {**charts.LIGHT_COLORS, "grey": "#9e9e9e"}


class ChromiumMissing(RuntimeError):
    """No Chromium to print with; the message says what to install, in Chinese."""


def chromium_path() -> str | None:
    explicit = os.environ.get("TRACKER_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def task_lights(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per lead unit and task: the worst light among the task's indicators, whose lights
    come from the bureau's light rule (tracker.supervision.rules.lights)."""
    if indicators.empty:
        return pd.DataFrame(columns=["lead_unit", "task", "light", "rank"])
    lit = indicators.assign(
        lead_unit=indicators["lead_unit"].fillna("未填写"),
        light=indicators["light"].where(indicators["light"].isin(LIGHT_RANK.keys()), "grey"),
    )
    lit["rank"] = lit["light"].map(LIGHT_RANK)
    worst = lit.sort_values("rank", ascending=False).drop_duplicates(["lead_unit", "task"])
    return worst[["lead_unit", "task", "light", "rank"]].reset_index(drop=True)


def _figure_html(fig: go.Figure, width_mm: float, height_mm: float) -> str:
    fig.update_layout(
        width=round(width_mm * PX_PER_MM), height=round(height_mm * PX_PER_MM), autosize=False
    )
    return fig.to_html(
        full_html=False, include_plotlyjs=False, config={"staticPlot": True, "displaylogo": False}
    )


def _card(value: str, label: str, tone: str = "") -> str:
    return f'<div class="card {tone}"><div class="value">{_e(value)}</div><div class="label">{_e(label)}</div></div>'


def _grid(lights: pd.DataFrame, projects: pd.DataFrame) -> str:
    """Units with their tasks as coloured tiles and their projects' lights; most red first."""
    units = {}
    for unit, group in lights.groupby("lead_unit"):
        units[unit] = {
            "tasks": group.sort_values("rank", ascending=False),
            "rank": group["rank"].sum(),
        }
    project_lights = (
        projects.groupby("lead_unit")["light"].value_counts().unstack(fill_value=0)
        if not projects.empty
        else pd.DataFrame()
    )
    for unit in project_lights.index:
        units.setdefault(unit, {"tasks": lights.iloc[0:0], "rank": 0})
    red = project_lights.get("red", pd.Series(dtype=int))
    order = sorted(units, key=lambda u: (-int(red.get(u, 0)), -units[u]["rank"], u))
    rows = []
    for unit in order[:GRID_UNITS]:
        tasks = units[unit]["tasks"]
        tiles = "".join(
            f'<span class="tile" style="background:{COLORS[t.light]}">{_e(truncate_display(t.task, 12))}</span>'
            for t in tasks.head(GRID_TASKS_PER_UNIT).itertuples()
        )
        if len(tasks) > GRID_TASKS_PER_UNIT:
            tiles += f'<span class="more">等{len(tasks)}项</span>'
        counts = ""
        if unit in project_lights.index:
            counts = "".join(
                f'<span class="dot" style="background:{COLORS[c]}"></span>{int(project_lights.loc[unit].get(c, 0))}'
                for c in ("red", "yellow", "green")
            )
        rows.append(
            f"<tr><th>{_e(truncate_display(unit, 14))}</th><td>{tiles or '—'}</td>"
            f'<td class="counts">{counts or "—"}</td></tr>'
        )
    hidden = len(order) - GRID_UNITS
    more = f'<p class="note">另有{hidden}个单位未列出</p>' if hidden > 0 else ""
    return (
        '<table class="grid"><thead><tr><th>责任单位</th><th>重点任务</th><th>项目（红/黄/绿）</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
    )


def _boards(units: pd.DataFrame) -> str:
    """红榜: units furthest ahead of the schedule on investment; 黑榜: furthest behind."""
    ranked = units.dropna(subset=["gap_points"])
    ahead = ranked[ranked["gap_points"] >= 0].sort_values("gap_points", ascending=False)
    behind = ranked[ranked["gap_points"] < 0].sort_values("gap_points")

    def board(rows: pd.DataFrame, css: str, title: str) -> str:
        items = "".join(
            f"<li><b>{_e(truncate_display(str(r.lead_unit), 14))}</b>"
            f"<span>{format_percent(r.investment_rate)} · {format_points(r.gap_points)}</span></li>"
            for r in rows.head(BOARD_ROWS).itertuples()
        )
        return f'<div class="board {css}"><h3>{title}</h3><ol>{items or "<li>无</li>"}</ol></div>'

    return board(ahead, "red-board", "红榜 · 投资超序时") + board(
        behind, "black-board", "黑榜 · 投资慢序时"
    )


CSS = """
@page { size: A3 landscape; margin: 8mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html, body { margin: 0; padding: 0; height: 280mm; overflow: hidden; }
body { font-family: %(font)s; color: #1b1b1b; width: 404mm; height: 280mm; overflow: hidden; }
header { display: flex; justify-content: space-between; align-items: baseline;
         border-bottom: 1.2mm solid #b71c1c; padding-bottom: 2mm; height: 17mm; }
h1 { font-size: 30pt; margin: 0; color: #b71c1c; letter-spacing: 2pt; }
.when { font-size: 20pt; font-weight: bold; }
.cards { display: flex; gap: 3mm; margin: 3mm 0; height: 29mm; }
.card { flex: 1 1 auto; border: 0.6mm solid #cfd8dc; border-radius: 2mm; padding: 1.5mm 2mm; text-align: center; }
.card .value { font-size: 27pt; font-weight: bold; line-height: 1.1; white-space: nowrap; }
.card .label { font-size: 12pt; color: #37474f; }
.card.red .value { color: #c62828; } .card.green .value { color: #2e7d32; }
.card.amber .value { color: #b26a00; }
.row { display: flex; gap: 4mm; }
.panel h2 { font-size: 17pt; margin: 0 0 1.5mm 0; border-left: 1.5mm solid #b71c1c; padding-left: 2mm; }
.grid { border-collapse: collapse; width: 100%%; font-size: 12pt; }
.grid th, .grid td { border-bottom: 0.3mm solid #e0e0e0; padding: 0.8mm 1mm; text-align: left; vertical-align: middle; }
.grid th { white-space: nowrap; font-size: 12pt; }
.tile { display: inline-block; color: #fff; border-radius: 1mm; padding: 0.3mm 1.2mm; margin: 0.4mm; font-size: 10.5pt; }
.more, .note { font-size: 10pt; color: #546e7a; }
.counts { white-space: nowrap; font-size: 13pt; font-weight: bold; }
.dot { display: inline-block; width: 3.6mm; height: 3.6mm; border-radius: 50%%; margin: 0 0.8mm 0 2mm; vertical-align: middle; }
.board { border-radius: 2mm; padding: 1.5mm 3mm; margin-bottom: 3mm; }
.board h3 { margin: 0 0 1mm 0; font-size: 16pt; }
.board ol { margin: 0; padding-left: 7mm; font-size: 13pt; }
.board li span { float: right; }
.red-board { background: #ffebee; border: 0.6mm solid #c62828; } .red-board h3 { color: #c62828; }
.black-board { background: #eceff1; border: 0.6mm solid #212121; }
.legend { font-size: 11pt; color: #37474f; }
"""


def build_html(
    store: Store,
    as_of: date,
    *,
    regions: tuple[str, ...] = (),
    units: tuple[str, ...] = (),
    title: str | None = None,
    rules: ProjectRules | None = None,
    thresholds: Thresholds | None = None,
) -> str:
    """The wall chart as one self-contained HTML page (Plotly inlined), of the tasks and projects
    in `regions` (a page's scope: a bureau and the regions below it) and of `units`, each empty
    for all. `title` names the scope in the heading (by default the one region asked for)."""
    rules = rules or project_rules.current(store)
    thresholds = thresholds or Thresholds()
    light_rule = supervision.current(store)
    projects = figures.projects_as_of(store, as_of, rules)
    indicators = supervision.lights(store, as_of, thresholds, light_rule)
    if regions:
        projects = projects[projects["region"].isin(regions)]
        indicators = indicators[indicators["region"].isin(regions)]
    if units:
        projects = projects[projects["lead_unit"].isin(units)]
        indicators = indicators[indicators["lead_unit"].isin(units)]
    if title is None and len(regions) == 1:
        title = regions[0]
    head = figures.summary(projects, as_of, rules)
    lights = task_lights(indicators)
    task_counts = lights["light"].value_counts() if not lights.empty else pd.Series(dtype=int)
    schedule = format_percent(metrics.year_elapsed(as_of, rules.schedule_rule))
    where = f"{title} · " if title else ""
    cards = "".join(
        [
            _card(f"{head.projects}个", "重点项目"),
            _card(
                f"{head.started}个", f"已开工 · 开工率{format_percent(head.start_rate)}", "green"
            ),
            _card(
                f"{head.completed}个",
                f"已竣工 · 竣工率{format_percent(head.completion_rate)}",
                "green",
            ),
            _card(f"{head.on_schedule}个", "在建项目按计划推进"),
            _card(f"{head.not_started}个", "尚未开工", "red" if head.not_started else ""),
            _card(charts.money(head.total_investment), "总投资"),
            _card(
                f"{charts.money(head.invested)}",
                f"完成投资 · 年度计划{charts.money(head.annual_plan)}",
            ),
            _card(
                format_percent(head.investment_rate),
                f"投资完成率 · {format_points(head.gap_points)}",
                "red" if (head.gap_points or 0) < 0 else "green",
            ),
            _card(
                f"{lights['task'].nunique() if not lights.empty else 0}项",
                f"重点任务 · 红{int(task_counts.get('red', 0))} 黄{int(task_counts.get('yellow', 0))}",
                "amber",
            ),
        ]
    )
    pipeline = charts.pipeline(figures.pipeline(projects, rules), font_size=15)
    pipeline.update_layout(margin={"l": 10, "r": 10, "t": 20, "b": 30})
    behind = figures.behind_first(projects)
    behind = behind[behind["light"] != "green"].head(GANTT_ROWS)
    if behind.empty:
        gantt_html = '<p class="note">没有亮黄灯或红灯的项目</p>'
    else:
        gantt = charts.milestones(behind, as_of, font_size=14)
        gantt.update_layout(margin={"l": 10, "r": 20, "t": 30, "b": 30})
        gantt_html = _figure_html(gantt, 250, 118)
    units = (
        figures.by_dimension(projects, "lead_unit")
        if not projects.empty
        else pd.DataFrame(columns=["lead_unit", "gap_points", "investment_rate"])
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>作战图 {as_of.isoformat()}</title>
<style>{CSS % {"font": FONT_FAMILY}}</style>
<script>{_plotly_js()}</script></head>
<body>
<header><h1>{_e(where)}重点任务和重点项目作战图</h1>
<div class="when">截至{as_of.year}年{as_of.month}月{as_of.day}日 · 序时进度 {schedule}</div></header>
<section class="cards">{cards}</section>
<div class="row">
  <section class="panel" style="width: 150mm"><h2>各单位亮灯情况</h2>{_grid(lights, projects)}
    <p class="legend">任务亮灯{_e(light_rule.describe_rule(thresholds))}，灰为未报送；项目：投资完成低于序时的{_e(format_number(rules.green_ratio))}倍黄灯、低于{_e(format_number(rules.red_ratio))}倍红灯，计划开工或竣工逾期黄灯、逾期{rules.red_after_months}个月以上红灯</p></section>
  <section class="panel" style="width: 250mm">
    <div class="row">
      <div style="width: 130mm"><h2>项目推进阶段</h2>{_figure_html(pipeline, 130, 85)}</div>
      <div style="width: 116mm"><h2>红榜 · 黑榜</h2>{_boards(units)}</div>
    </div>
    <h2>滞后项目工期（计划与实际）</h2>{gantt_html}
  </section>
</div>
</body></html>"""


@cache
def _plotly_js() -> str:
    # Inlined so that the page prints without any network.
    return get_plotlyjs()


def print_pdf(page: str) -> bytes:
    """Print an HTML page to PDF with headless Chromium."""
    browser = chromium_path()
    if browser is None:
        raise ChromiumMissing(
            "未找到 Chromium 浏览器，无法生成 PDF 作战图。请管理员安装："
            "apt-get install chromium fonts-noto-cjk（或用 TRACKER_CHROMIUM 指定浏览器路径）"
        )
    with tempfile.TemporaryDirectory(prefix="wallchart-") as folder:
        source = Path(folder) / "wallchart.html"
        target = Path(folder) / "wallchart.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            "--virtual-time-budget=10000",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        done = subprocess.run(
            command, capture_output=True, timeout=PRINT_TIMEOUT_SECONDS, check=False
        )
        if not target.exists():
            raise RuntimeError(
                "Chromium 未能生成 PDF："
                + done.stderr.decode(errors="replace").strip().splitlines()[-1:][0]
                if done.stderr
                else "Chromium 未能生成 PDF"
            )
        return target.read_bytes()


def pdf(
    store: Store,
    as_of: date,
    *,
    regions: tuple[str, ...] = (),
    units: tuple[str, ...] = (),
    title: str | None = None,
    rules: ProjectRules | None = None,
    thresholds: Thresholds | None = None,
) -> bytes:
    """The wall chart as an A3 landscape PDF (see build_html for the scope)."""
    return print_pdf(
        build_html(
            store,
            as_of,
            regions=regions,
            units=units,
            title=title,
            rules=rules,
            thresholds=thresholds,
        )
    )
