"""The monthly bulletin (月度通报) and the supervision notice (督办函), drafted as Word documents.

Every figure is taken from the status query for the period's last day and the one region (the
key projects from the projects query, of the region and the regions below it), and written as the
bureau writes it (tracker.presentation.formatting); the wording around the
figures is fixed, and the reasons and next steps are the units' own 存在问题 and 下步措施.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
from docx import Document

from tracker.access import audit
from tracker.plan import reporting
from tracker.plan import years as plan_years
from tracker.plan.reporting import ReportingRules
from tracker.presentation import views
from tracker.presentation.formatting import (
    format_number,
    format_percent,
    format_quantity,
)
from tracker.progress import metrics
from tracker.progress.status import LAGGING, Thresholds, status_label
from tracker.projects import figures
from tracker.projects.charts import money
from tracker.projects.rules import ProjectRules
from tracker.store import Store
from tracker.supervision import ledger, rules
from tracker.supervision import official_docx as od

CHINESE_NUMERALS = "一二三四五六七八九十"
# red and yellow projects named in the text; the rest are counted and left to the project list
PROJECTS_LISTED = 10
MONEY_UNITS = ("元", "万元", "亿元")


class BulletinError(ValueError):
    """The bulletin cannot be drafted; the message says why, in Chinese."""


def _numeral(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (enough for the headings of a bulletin)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        (CHINESE_NUMERALS[tens - 1] if tens > 1 else "")
        + "十"
        + (CHINESE_NUMERALS[ones - 1] if ones else "")
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _said(value: object) -> bool:
    """Whether a free-text field says something: "无", "暂无" and "/" say nothing."""
    return _text(value).rstrip("。.") not in ("", "无", "暂无", "/", "-", "—")


def points_behind(gap_points: float) -> str:
    """-6.11 -> "6.1个百分点", as 滞后序时进度6.1个百分点 reads."""
    return f"{format_number(-gap_points, 1)}个百分点"


def points_ahead(gap_points: float) -> str:
    return f"{format_number(gap_points, 1)}个百分点"


@dataclass(frozen=True)
class Facts:
    """What the bulletin says, from the status query of one region on the period's last day."""

    region: str
    as_of: date
    status: pd.DataFrame
    lights: pd.DataFrame
    settings: rules.SupervisionSettings
    rule_text: str
    ranked: pd.DataFrame
    entries: pd.DataFrame
    # the month's reporting round per unit (tracker.plan.reporting); empty without a plan
    reports: pd.DataFrame
    # key projects of the region and the regions below it (tracker.projects.figures); may be empty
    projects: pd.DataFrame
    project_rules: ProjectRules
    schedule_rate: float  # 序时进度 of the period's last day, by the rule in force

    @property
    def counts(self) -> dict[str, int]:
        return metrics.status_counts(self.status)

    @property
    def at_or_ahead(self) -> int:
        return self.counts["complete"] + self.counts["on_track"]

    @property
    def lagging(self) -> int:
        return sum(self.counts[code] for code in LAGGING)

    @property
    def month(self) -> str:
        return f"{self.as_of.year}年{self.as_of.month}月"

    @property
    def year(self) -> str:
        """The bureau's year of the period: 2022年, or 2022年度 in a year from another month."""
        return plan_years.year_name(plan_years.year_of(self.as_of))


def regions(store: Store, as_of: date, thresholds: Thresholds) -> list[str]:
    status = metrics.indicator_status(store, as_of, thresholds)
    return sorted(status["region"].dropna().unique().tolist())


def gather(
    store: Store,
    period: str | date,
    region: str,
    thresholds: Thresholds,
    today: date | None = None,
    reporting_rules: ReportingRules = ReportingRules(),
    project_regions: tuple[str, ...] | None = None,
) -> Facts:
    """What the bulletin of `region` says; its key projects are those of `project_regions`
    (the region's scope: itself and the regions below it), by default of the region alone."""
    as_of = rules.period_end(period)
    now = datetime.now() if today is None else datetime.combine(today, time())
    everything = metrics.indicator_status(store, as_of, thresholds)
    status = everything[everything["region"] == region].reset_index(drop=True)
    if status.empty:
        known = "、".join(sorted(everything["region"].dropna().unique())) or "（无）"
        raise BulletinError(
            f"{as_of.year}年{as_of.month}月没有“{region}”的指标数据；该期有数据的地区：{known}"
        )
    settings = rules.current(store)
    lit = rules.lights(store, as_of, thresholds, settings, status)
    ranked = views.rank_groups(metrics.rollup(store, status, "lead_unit"))
    project_rules = ProjectRules.from_settings(settings)
    projects = figures.projects_as_of(store, as_of, project_rules)
    projects = projects[projects["region"].isin(project_regions or (region,))]
    return Facts(
        region=region,
        as_of=as_of,
        status=status,
        lights=lit,
        settings=settings,
        rule_text=settings.describe_rule(thresholds),
        ranked=ranked,
        entries=ledger.entries(store, region=region, year=plan_years.year_of(as_of), today=today),
        reports=reporting.reporting_by_unit(
            store,
            plan_years.year_of(as_of),
            as_of.month,
            now=now,
            region=region,
            rules=reporting_rules,
        ),
        projects=projects.reset_index(drop=True),
        project_rules=project_rules,
        schedule_rate=metrics.year_elapsed(as_of, thresholds.schedule_rule),
    )


def _name(row) -> str:
    """The task, and its indicator where the indicator says more than the task's name."""
    if row.indicator == row.task or str(row.indicator).startswith(row.task):
        return row.task
    return f"{row.task}（{row.indicator}）"


def _figure(row) -> str:
    """ "完成392亿元，完成年度目标的70.0%"; a ceiling: "为1起，控制在4起以内"."""
    if row.direction == "lower":
        return (
            f"为{format_quantity(row.actual, row.unit)}，"
            f"控制在{format_quantity(row.annual_target, row.unit)}以内"
        )
    return (
        f"完成{format_quantity(row.actual, row.unit)}，"
        f"完成年度目标（{format_quantity(row.annual_target, row.unit)}）的"
        f"{format_percent(row.completion_rate)}"
    )


def _overview(doc: Document, f: Facts) -> None:
    c = f.counts
    tasks = views.task_count(f.status)
    n = len(f.status)
    share = format_percent(f.at_or_ahead / n)
    parts = [
        f"{f.year}{f.region}共有重点任务{tasks}项、考核指标{n}个。"
        f"截至{f.month}底（序时进度{format_percent(f.schedule_rate)}），"
        f"达到序时进度{f.at_or_ahead}项，占{share}，其中已完成年度目标{c['complete']}项；"
        f"滞后序时进度{f.lagging}项，其中略滞后{c['slightly_behind']}项、"
        f"滞后{c['behind']}项、严重滞后{c['seriously_behind']}项"
    ]
    if c["no_data"]:
        parts.append(f"；未报送{c['no_data']}项")
    lights = f.lights["light"].value_counts()
    parts.append(
        f"。{rules.LIGHT_RULES[f.settings.light_rule]}亮灯，绿灯{int(lights.get('green', 0))}项、"
        f"黄灯{int(lights.get('yellow', 0))}项、红灯{int(lights.get('red', 0))}项。"
    )
    od.body(doc, "".join(parts))
    money = f.status[
        f.status["unit"].isin(MONEY_UNITS) & (f.status["status"] != "no_data")
    ].sort_values("indicator_id")
    if not money.empty:
        lines = [f"{row.indicator}{_figure(row)}" for row in money.itertuples(index=False)]
        od.body(doc, "投资方面，" + "；".join(lines) + "。")


def _projects(doc: Document, f: Facts) -> None:
    """The key projects: the headline as 项目总览 computes it, then the red and yellow projects,
    furthest behind first, with why and the unit's own 存在问题."""
    head = figures.summary(f.projects, f.as_of, f.project_rules)
    lights = head.lights
    started = f"已开工{head.started}个"
    if head.start_rate is not None:
        started += f"，开工率{format_percent(head.start_rate)}"
    finished = f"已竣工{head.completed}个"
    if head.completion_rate is not None:
        finished += f"，竣工率{format_percent(head.completion_rate)}"
    text = (
        f"截至{f.month}底，{f.region}共有重点项目{head.projects}个，"
        f"总投资{money(head.total_investment)}；{started}；{finished}；"
        f"在建项目按计划推进{head.on_schedule}个，尚未开工{head.not_started}个。"
        f"本年完成投资{money(head.invested)}"
    )
    if head.investment_rate is not None:
        text += (
            f"，完成年度计划（{money(head.annual_plan)}）的{format_percent(head.investment_rate)}"
        )
        if head.gap_points is not None and round(head.gap_points, 1) < 0:
            text += (
                f"，滞后序时进度（{format_percent(head.schedule_rate)}）"
                f"{points_behind(head.gap_points)}"
            )
        elif head.gap_points is not None:
            text += f"，达到序时进度（{format_percent(head.schedule_rate)}）"
    text += (
        f"。按项目亮灯，红灯{lights['red']}个、黄灯{lights['yellow']}个、绿灯{lights['green']}个。"
    )
    od.body(doc, text, lead="（一）总体情况。")
    behind = figures.behind_first(f.projects)
    behind = behind[behind["light"] != "green"]
    if behind.empty:
        od.body(doc, "本期没有亮红灯或黄灯的项目。", lead="（二）滞后项目。")
        return
    shown = behind.head(PROJECTS_LISTED)
    lines = []
    for row, reason in zip(
        shown.itertuples(index=False), figures.light_reasons(shown), strict=True
    ):
        line = (
            f"{row.name}（{_text(row.lead_unit) or '未填写责任单位'}，"
            f"{figures.LIGHT_LABELS[row.light]}）：{reason}"
        )
        if _said(row.problems):
            line += f"，存在问题：{_text(row.problems).rstrip('。')}"
        lines.append(line)
    text = "；".join(lines) + "。"
    if len(behind) > len(shown):
        text += f"另有{len(behind) - len(shown)}个项目亮红灯或黄灯，详见看板“项目清单”。"
    od.body(doc, text, lead="（二）滞后项目。")


def _good(doc: Document, f: Facts) -> None:
    done = f.status[f.status["status"] == "complete"].sort_values(
        "completion_rate", ascending=False
    )
    ahead = f.status[f.status["status"] == "on_track"].sort_values("gap_points", ascending=False)
    number = 0
    for rows, lead in (
        (done, "已完成年度目标的任务。"),
        (ahead, "达到或超过序时进度的任务。"),
    ):
        if rows.empty:
            continue
        number += 1
        lines = []
        for row in rows.itertuples(index=False):
            line = f"{_name(row)}{_figure(row)}（{_text(row.lead_unit) or '未填写牵头单位'}）"
            if row.status == "on_track" and row.direction == "higher" and row.gap_points > 0:
                line += f"，超序时进度{points_ahead(row.gap_points)}"
            lines.append(line)
        od.body(doc, "；".join(lines) + "。", lead=f"（{_numeral(number)}）{lead}")
    if not number:
        od.body(doc, "本期没有达到序时进度的任务。")


def _problems(doc: Document, f: Facts) -> None:
    behind = f.status[f.status["status"].isin(LAGGING)]
    if behind.empty and not f.counts["no_data"]:
        od.body(doc, "本期没有滞后序时进度的任务。")
        return
    # units in the order of their worst gap
    order = behind.groupby("lead_unit", dropna=False)["gap_points"].min().sort_values()
    number = 0
    for unit in order.index:
        rows = (
            behind[behind["lead_unit"] == unit]
            if isinstance(unit, str)
            else behind[behind["lead_unit"].isna()]
        )
        number += 1
        pieces = []
        for row in rows.sort_values("gap_points").itertuples(index=False):
            text = (
                f"{_name(row)}{_figure(row)}，滞后序时进度{points_behind(row.gap_points)}"
                f"（{status_label(row.status)}）"
            )
            if _said(row.problems):
                text += f"。存在问题：{_text(row.problems).rstrip('。')}"
            pieces.append(text)
        od.body(
            doc,
            "；".join(pieces) + "。",
            lead=f"（{_numeral(number)}）{_text(unit) or '未填写牵头单位'}。",
        )
    missing = f.status[f.status["status"] == "no_data"]
    if not missing.empty:
        number += 1
        names = "、".join(
            f"{_text(r.lead_unit) or '未填写牵头单位'}“{r.indicator}”"
            for r in missing.itertuples(index=False)
        )
        od.body(doc, f"{names}{f.month}进度未报送。", lead=f"（{_numeral(number)}）未报送情况。")


def _next_steps(doc: Document, f: Facts) -> None:
    this_period = f.entries[f.entries["period"] == f.as_of]
    number = 0
    if not this_period.empty:
        number += 1
        tiers = this_period.groupby("tier_name", sort=False).size()
        tier_text = "、".join(f"{name}{int(count)}个" for name, count in tiers.items())
        units = "、".join(this_period["lead_unit"])
        deadline = this_period["deadline"].min()
        od.body(
            doc,
            f"本期共有{len(this_period)}个单位列入督办台账（{tier_text}）：{units}。"
            f"请上述单位于{deadline.year}年{deadline.month}月{deadline.day}日前"
            "在看板“督办台账”中填报整改情况。",
            lead=f"（{_numeral(number)}）抓好督办整改。",
        )
    earlier_open = f.entries[(f.entries["period"] < f.as_of) & (f.entries["state"] != "closed")]
    if not earlier_open.empty:
        number += 1
        od.body(
            doc,
            f"往期督办事项尚有{len(earlier_open)}项未销号，其中逾期未整改"
            f"{int(earlier_open['overdue'].sum())}项。",
            lead=f"（{_numeral(number)}）落实往期督办事项。",
        )
    behind = f.status[f.status["status"].isin(LAGGING) & f.status["next_steps"].map(_said)]
    if not behind.empty:
        number += 1
        od.body(doc, "", lead=f"（{_numeral(number)}）滞后任务下步措施。")
        for r in behind.sort_values("gap_points").itertuples(index=False):
            unit = _text(r.lead_unit) or "未填写牵头单位"
            od.body(doc, f"{unit}（{r.task}）：{_text(r.next_steps).rstrip('。')}。")
    if not number:
        od.body(doc, "各单位继续按序时进度推进各项任务。")


def _lists(doc: Document, f: Facts) -> None:
    size = max(f.settings.black_list_size, 1)
    best = views.commended(f.ranked, size)
    worst = views.called_out(f.ranked, size)
    od.heading(doc, "红榜")
    if best.empty:
        od.body(doc, "本期没有全部指标达到序时进度的单位。")
    for rank, row in enumerate(best.itertuples(index=False), start=1):
        od.body(
            doc,
            f"{rank}. {_text(row.group_name) or '未填写牵头单位'}：指标{int(row.indicators)}个，"
            f"平均超序时进度{points_ahead(row.avg_gap_points)}。",
        )
    od.heading(doc, "黑榜")
    if worst.empty:
        od.body(doc, "本期没有滞后或未报送指标的单位。")
    for rank, row in enumerate(worst.itertuples(index=False), start=1):
        text = f"{rank}. {_text(row.group_name) or '未填写牵头单位'}：滞后指标{int(row.lagging)}个"
        if int(row.seriously_behind):
            text += f"（其中严重滞后{int(row.seriously_behind)}个）"
        if pd.notna(row.worst_gap_points) and row.worst_gap_points < 0:
            text += f"，最多滞后序时进度{points_behind(row.worst_gap_points)}"
        if int(row.no_data):
            text += f"，未报送{int(row.no_data)}个"
        od.body(doc, text + "。")


def _progress_table(doc: Document, f: Facts) -> None:
    od.plain(doc, "附件1", od.HEADING_FONT)
    od.centred(doc, f"{f.region}{f.year}重点任务进展情况表（截至{f.month}底）", od.TITLE_FONT)
    header = [
        "序号", "任务名称", "指标", "牵头单位", "年度目标", "累计完成", "完成率", "序时进度",
        "偏差", "状态", "亮灯",
    ]  # fmt: skip
    rows = []
    for i, row in enumerate(f.lights.itertuples(index=False), start=1):
        reported = row.status != "no_data"
        rows.append(
            [
                str(i),
                row.task,
                row.indicator,
                _text(row.lead_unit),
                format_quantity(row.annual_target, row.unit),
                format_quantity(row.actual, row.unit) if reported else "未报送",
                format_percent(row.completion_rate) if reported else "—",
                format_percent(row.schedule_rate) if reported else "—",
                (
                    (
                        f"滞后{points_behind(row.gap_points)}"
                        if row.gap_points < 0
                        else f"超前{points_ahead(row.gap_points)}"
                    )
                    if reported and round(row.gap_points, 1) != 0
                    else ("持平" if reported else "—")
                ),
                status_label(row.status),
                rules.LIGHT_LABELS[row.light],
            ]
        )
    grid = od.table(doc, header, rows, [9, 30, 32, 24, 22, 22, 18, 18, 24, 14, 12])
    for table_row, light in zip(grid.rows[1:], f.lights["light"], strict=True):
        od.shade(table_row.cells[-1], rules.LIGHT_COLORS[light])
    od.plain(doc, f"亮灯规则：{f.rule_text}。", od.BODY_FONT)


def _reporting_table(doc: Document, f: Facts) -> None:
    od.plain(doc, "附件2", od.HEADING_FONT)
    od.centred(doc, f"{f.region}各单位{f.month}报送情况", od.TITLE_FONT)
    if f.reports.empty:
        _reported_status_table(doc, f)
        return
    header = [
        "序号",
        "牵头单位",
        "报告期",
        "应报",
        "按时",
        "迟报",
        "最多迟报天数",
        "未报",
        "按时报送率",
    ]
    rows = [
        [
            str(i),
            row.lead_unit,
            row.period_label,
            str(int(row.due)),
            str(int(row.on_time)),
            str(int(row.late)),
            str(int(row.late_days)) if pd.notna(row.late_days) else "—",
            str(int(row.missing)),
            format_percent(row.on_time_rate) if pd.notna(row.on_time_rate) else "—",
        ]
        for i, row in enumerate(f.reports.itertuples(index=False), start=1)
    ]
    od.table(doc, header, rows, [12, 40, 30, 18, 18, 18, 30, 18, 41])
    od.plain(doc, "按时、迟报、未报按各单位报送时限（节假日顺延）判定；未报不计为零进展。")


def _reported_status_table(doc: Document, f: Facts) -> None:
    """Without a plan, what the status query knows: indicators reported or not by month end."""
    header = ["序号", "牵头单位", "应报指标", "已报送", "未报送", "最近报送日期", "未报送指标"]
    rows = []
    units = f.status.assign(lead_unit=f.status["lead_unit"].fillna("未填写牵头单位"))
    for i, (unit, group) in enumerate(units.groupby("lead_unit", sort=True), start=1):
        missing = group[group["status"] == "no_data"]
        latest = group["as_of"].dropna().max()
        rows.append(
            [
                str(i),
                unit,
                str(len(group)),
                str(len(group) - len(missing)),
                str(len(missing)),
                views.format_date(latest) if pd.notna(latest) else "—",
                "、".join(missing["indicator"]) or "—",
            ]
        )
    od.table(doc, header, rows, [12, 40, 20, 20, 20, 36, 77])


def _ledger_table(doc: Document, f: Facts) -> None:
    od.plain(doc, "附件3", od.HEADING_FONT)
    od.centred(doc, f"{f.region}督办台账{f.month}变化情况", od.TITLE_FONT)
    shown = f.entries[(f.entries["period"] == f.as_of) | (f.entries["state"] != "closed")]
    if shown.empty:
        od.plain(doc, "本期没有新增或未销号的督办事项。")
        return
    header = ["序号", "期次", "牵头单位", "督办层级", "触发情况", "整改期限", "状态"]
    rows = []
    for i, entry in enumerate(shown.itertuples(index=False), start=1):
        state = ledger.STATE_LABELS[entry.state] + ("（逾期）" if entry.overdue else "")
        if entry.period == f.as_of:
            state = "本期新增，" + state
        rows.append(
            [
                str(i),
                f"{entry.period.year}年{entry.period.month}月",
                entry.lead_unit,
                f"第{entry.tier}次（{entry.tier_name}）",
                "；".join(entry.details),
                views.format_date(entry.deadline),
                state,
            ]
        )
    od.table(doc, header, rows, [12, 22, 28, 26, 85, 26, 26])


def document(f: Facts, number: str | None = None) -> Document:
    doc = od.new_document()
    od.title(doc, f"{f.region}重点任务推进情况通报")
    od.centred(doc, f"（{f.month}）")
    od.centred(doc, number or f"督办通报〔{f.as_of.year}〕{f.as_of.month}号")
    od.blank(doc)
    sections = [("总体情况", _overview)]
    if not f.projects.empty:
        sections.append(("重点项目推进情况", _projects))
    sections += [("进展较好的", _good), ("存在问题", _problems), ("下步工作", _next_steps)]
    for number, (name, write) in enumerate(sections, start=1):
        od.heading(doc, f"{_numeral(number)}、{name}")
        write(doc, f)
    _lists(doc, f)
    od.blank(doc)
    od.plain(doc, f"附件：1．{f.region}{f.year}重点任务进展情况表")
    od.plain(doc, f"　　　2．{f.region}各单位{f.month}报送情况")
    od.plain(doc, f"　　　3．{f.region}督办台账{f.month}变化情况")
    for attachment in (_progress_table, _reporting_table, _ledger_table):
        od.landscape_section(doc)
        attachment(doc, f)
    return doc


def draft(
    store: Store,
    period: str | date,
    region: str,
    thresholds: Thresholds,
    number: str | None = None,
    today: date | None = None,
    reporting_rules: ReportingRules = ReportingRules(),
    project_regions: tuple[str, ...] | None = None,
) -> bytes:
    """The bulletin of `region` for the month `period`, as .docx bytes (see gather)."""
    facts = gather(store, period, region, thresholds, today, reporting_rules, project_regions)
    return od.to_bytes(document(facts, number))


def record_drafted(store: Store, actor: str, region: str, as_of: date) -> None:
    with store.transaction() as cur:
        audit.record(cur, actor, "bulletin_drafted", f"{region}{as_of.year}年{as_of.month}月")


def preview(docx_bytes: bytes) -> list[str]:
    """The paragraphs of the main text (up to the attachments), as the page previews them."""
    return preview_lines(Document(io.BytesIO(docx_bytes)))


def preview_lines(doc: Document) -> list[str]:
    lines = []
    for paragraph in doc.paragraphs:
        if paragraph.text == "附件1":
            break
        lines.append(paragraph.text)
    return lines


def notice_letter(store: Store, entry_id: int, today: date | None = None) -> bytes:
    """督办函: one page to one unit from its ledger entry: its triggers, the tier and the deadline."""
    found = ledger.entries(store, entry_id=entry_id, today=today)
    if found.empty:
        raise BulletinError(f"督办事项 {entry_id} 不存在")
    entry = found.iloc[0]
    period = entry["period"]
    month = f"{period.year}年{period.month}月"
    doc = od.new_document()
    od.title(doc, "督 办 函")
    od.centred(doc, f"督办〔{period.year}〕{period.month}-{entry_id}号")
    od.blank(doc)
    od.plain(doc, f"{entry['lead_unit']}：")
    od.body(
        doc,
        f"根据{entry['region']}{period.year}年重点任务{month}推进情况，你单位牵头的以下事项"
        f"列入督办台账，本次为连续第{entry['tier']}次督办（{entry['tier_name']}）：",
    )
    for i, detail in enumerate(entry["details"], start=1):
        od.body(doc, f"{i}．{detail}。")
    deadline = entry["deadline"]
    od.body(
        doc,
        f"请你单位认真分析原因，落实整改措施，于{deadline.year}年{deadline.month}月{deadline.day}日前"
        "在看板“督办台账”中填报整改情况，整改完成后予以销号。",
    )
    od.blank(doc)
    od.right(doc, f"{entry['region']}重点任务督办办公室")
    issued = pd.Timestamp(entry["opened_at"]).date()
    od.right(doc, f"{issued.year}年{issued.month}月{issued.day}日")
    return od.to_bytes(doc)


def months_with_data(store: Store) -> list[date]:
    """Month ends from the year's first month to the latest report of each year with data,
    newest first."""
    months = []
    for year in metrics.years(store):
        months += plan_years.month_ends(year, through=metrics.resolve_as_of(store, year=year))
    return sorted(months, reverse=True)
