"""The notice ledger (督办台账): triggers per period, escalating tiers, rectification, close-out.

Evaluating a month finds, per lead unit, its triggers: a red light, a place in the 黑榜 (the
bottom `black_list_size` units of its region), reports late or missing in the month's
reporting round (tracker.plan.reporting; where the year has no plan, an indicator whose status
is 未报送), and a red key project, for its 责任单位 in its 所属地区, the project named. A unit
with any trigger gets one entry for the period. Its tier counts consecutive evaluated periods with a
trigger: one more than its tier in the previous evaluated period, or 1 when it had no entry
then. Periods are evaluated in order, so that previous period is always known.

Staff of the unit write the rectification (整改情况); an administrator closes the entry (销号).
Every step is audited in the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd

from tracker import sql
from tracker.access import audit
from tracker.access.accounts import User
from tracker.plan import reporting
from tracker.plan import years as plan_years
from tracker.plan.reporting import ReportingRules
from tracker.presentation import views
from tracker.presentation.formatting import format_percent, format_points
from tracker.progress import metrics
from tracker.progress.status import Thresholds
from tracker.projects import figures
from tracker.projects.rules import ProjectRules
from tracker.store import Store
from tracker.supervision import rules

TRIGGER_LABELS: dict[str, str] = {
    "red_light": "红灯",
    "black_list": "黑榜",
    "unreported": "未报送",
    "late_report": "迟报",
    "project_red": "项目红灯",
}
STATE_LABELS: dict[str, str] = {"open": "待整改", "rectified": "已整改待销号", "closed": "已销号"}
ENGLISH_STATE_LABELS: dict[str, str] = {
    "open": "Open",
    "rectified": "Rectified, to close",
    "closed": "Closed",
}
UNNAMED_UNIT = "（未填写牵头单位）"
MAX_TEXT_CHARS = 2000


class LedgerError(ValueError):
    """A ledger action was refused; the message says why, in Chinese."""


@dataclass(frozen=True)
class Trigger:
    region: str
    lead_unit: str
    kind: str
    detail: str
    indicator_id: int | None = None
    indicator: str | None = None
    project_id: int | None = None
    project: str | None = None


@dataclass(frozen=True)
class Evaluation:
    period: date
    entries: int
    triggers: int

    @property
    def message(self) -> str:
        month = f"{self.period.year}年{self.period.month}月"
        if not self.entries:
            return f"{month}督办台账已生成：没有单位触发督办"
        return f"{month}督办台账已生成：{self.entries}个单位、{self.triggers}项触发督办"


def _unit(value: object) -> str:
    return value if isinstance(value, str) and value.strip() else UNNAMED_UNIT


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def month_label(day: date, lang: str = "zh") -> str:
    """2022年9月 (English: 2022-09)."""
    return f"{day:%Y-%m}" if lang == "en" else f"{day.year}年{day.month}月"


def report_triggers(
    store: Store, as_of: date, now: datetime, reporting_rules: ReportingRules
) -> list[Trigger] | None:
    """Late and missing reports of the month's reporting round, per unit; None when nothing
    was due (the year has no plan, or no period ends in the month).
    """
    units = reporting.reporting_by_unit(
        store, plan_years.year_of(as_of), as_of.month, now=now, rules=reporting_rules
    )
    if units.empty:
        return None
    found = []
    for row in units.itertuples(index=False):
        unit = _unit(row.lead_unit)
        if row.missing:
            detail = f"未报：{row.period_label}应报{int(row.due)}项，未报{int(row.missing)}项"
            found.append(Trigger(row.region, unit, "unreported", detail))
        if row.late:
            detail = f"迟报：{row.period_label}迟报{int(row.late)}项，最多迟{int(row.late_days)}天"
            found.append(Trigger(row.region, unit, "late_report", detail))
    return found


def find_triggers(
    store: Store,
    as_of: date,
    thresholds: Thresholds,
    settings: rules.SupervisionSettings,
    status: pd.DataFrame | None = None,
    now: datetime | None = None,
    reporting_rules: ReportingRules = ReportingRules(),
) -> list[Trigger]:
    """Every trigger of the month ending `as_of`, per lead unit, from the status query and the
    reporting cycle as they stand at `now`.
    """
    if status is None:
        status = metrics.indicator_status(store, as_of, thresholds)
    lit = rules.lights(store, as_of, thresholds, settings, status)
    reports = report_triggers(store, as_of, now or datetime.now(), reporting_rules)
    found: list[Trigger] = list(reports or [])
    for row in lit.itertuples(index=False):
        if row.light == "red":
            detail = (
                f"红灯：{row.indicator}完成{format_percent(row.completion_rate)}，"
                f"序时进度{format_percent(row.schedule_rate)}，{format_points(row.gap_points)}"
            )
            kind = "red_light"
        elif row.status == "no_data" and reports is None:
            detail = f"未报送：{row.indicator}{month_label(as_of)}进度未报送"
            kind = "unreported"
        else:
            continue
        found.append(
            Trigger(row.region, _unit(row.lead_unit), kind, detail, row.indicator_id, row.indicator)
        )
    found += project_triggers(store, as_of, settings)
    if settings.black_list_size:
        for region, rows in status.groupby("region", sort=True):
            ranked = views.rank_groups(metrics.rollup(store, rows, "lead_unit"))
            worst = views.called_out(ranked, settings.black_list_size)
            for place, unit in enumerate(worst.itertuples(index=False), start=1):
                detail = f"黑榜第{place}位：滞后指标{int(unit.lagging)}项"
                if unit.no_data:
                    detail += f"、未报送{int(unit.no_data)}项"
                found.append(Trigger(region, _unit(unit.group_name), "black_list", detail))
    return found


def project_triggers(
    store: Store, as_of: date, settings: rules.SupervisionSettings
) -> list[Trigger]:
    """A red light on a key project of `as_of`'s year, for its 责任单位 in its 所属地区, with why:
    "项目红灯：城北污水处理厂扩建工程（XM-001）计划开工逾期3个月"."""
    lit = figures.projects_as_of(store, as_of, ProjectRules.from_settings(settings))
    red = lit[lit["light"] == "red"]
    if red.empty:
        return []
    reasons = figures.light_reasons(red)
    return [
        Trigger(
            _text(row.region),
            _unit(row.lead_unit),
            "project_red",
            f"项目红灯：{row.name}（{row.code}）{reason}",
            project_id=int(row.project_id),
            project=row.name,
        )
        for row, reason in zip(red.itertuples(index=False), reasons, strict=True)
    ]


def evaluated_periods(store: Store) -> list[date]:
    return [
        p.date() if hasattr(p, "date") else p
        for p in store.query("supervision/periods_evaluated")["period"]
    ]


def evaluate(
    store: Store,
    period: str | date,
    actor: str,
    thresholds: Thresholds,
    today: date | None = None,
    reporting_rules: ReportingRules = ReportingRules(),
) -> Evaluation:
    """Open or escalate ledger entries for the month `period`; refused if already evaluated,
    if a later month already was, or if the month has not ended yet.
    """
    as_of = rules.period_end(period)
    now = datetime.now() if today is None else datetime.combine(today, time())
    today = now.date()
    if as_of >= today:
        raise LedgerError(f"{month_label(as_of)}尚未结束，月末之后才能生成该月督办台账")
    done = evaluated_periods(store)
    if as_of in done:
        raise LedgerError(f"{month_label(as_of)}的督办台账已经生成过")
    if done and done[0] > as_of:
        raise LedgerError(
            f"督办台账须按月份顺序生成：已生成至{month_label(done[0])}，不能再生成{month_label(as_of)}"
        )
    status = metrics.indicator_status(store, as_of, thresholds)
    if status.empty:
        year = plan_years.year_name(plan_years.year_of(as_of))
        raise LedgerError(f"{year}还没有任何指标数据，无法生成{month_label(as_of)}督办台账")
    settings = rules.current(store)
    triggers = find_triggers(store, as_of, thresholds, settings, status, now, reporting_rules)
    previous = store.query("supervision/tiers_of_period", period=done[0]) if done else None
    earlier_tier = (
        {(r.region, r.lead_unit): int(r.tier) for r in previous.itertuples(index=False)}
        if previous is not None
        else {}
    )
    by_unit: dict[tuple[str, str], list[Trigger]] = {}
    for trigger in triggers:
        by_unit.setdefault((trigger.region, trigger.lead_unit), []).append(trigger)
    deadline = today + timedelta(days=settings.rectify_days)
    with store.transaction() as cur:
        for (region, unit), found in sorted(by_unit.items()):
            tier = earlier_tier.get((region, unit), 0) + 1
            entry_id = cur.execute(
                sql.load("supervision/entry_insert"),
                {
                    "period": as_of,
                    "region": region,
                    "lead_unit": unit,
                    "tier": tier,
                    "tier_name": settings.tier_name(tier),
                    "opened_at": now,
                    "deadline": deadline,
                },
            ).fetchone()[0]
            for trigger in found:
                cur.execute(
                    sql.load("supervision/trigger_insert"),
                    {
                        "entry_id": entry_id,
                        "kind": trigger.kind,
                        "indicator_id": trigger.indicator_id,
                        "indicator": trigger.indicator,
                        "detail": trigger.detail,
                        "project_id": trigger.project_id,
                        "project": trigger.project,
                    },
                )
        cur.execute(
            sql.load("supervision/period_insert"),
            {"period": as_of, "run_at": now, "run_by": actor, "light_rule": settings.light_rule},
        )
        result = Evaluation(as_of, len(by_unit), len(triggers))
        audit.record(cur, actor, "ledger_run", result.message)
        store.bump_data_version(cur)
    return result


def entries(
    store: Store,
    *,
    entry_id: int | None = None,
    region: str | None = None,
    lead_unit: str | None = None,
    year: int | None = None,
    period: date | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Ledger entries, open first and overdue first (see queries/supervision/entries.sql); `year`
    is the bureau's (tracker.plan.years)."""
    return store.query(
        "supervision/entries",
        today=today or date.today(),
        entry_id=entry_id,
        region=region,
        lead_unit=lead_unit,
        period=period,
        **_year_bounds(year),
    )


def _year_bounds(year: int | None) -> dict[str, date | None]:
    if year is None:
        return {"year_from": None, "year_to": None}
    return {"year_from": plan_years.first_day(year), "year_to": plan_years.last_day(year)}


def _entry(store: Store, entry_id: int) -> pd.Series:
    found = entries(store, entry_id=entry_id)
    if found.empty:
        raise LedgerError(f"督办事项 {entry_id} 不存在")
    return found.iloc[0]


def _checked_text(text: str, what: str) -> str:
    cleaned = str(text).strip()
    if not cleaned:
        raise LedgerError(f"请填写{what}")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise LedgerError(f"{what}不能超过 {MAX_TEXT_CHARS} 个字（现为 {len(cleaned)} 个字）")
    return cleaned


def rectify(store: Store, entry_id: int, text: str, user: User) -> None:
    """The unit's staff write (or rewrite, until it is closed) the rectification report."""
    entry = _entry(store, entry_id)
    if not user.may_upload_for(entry["lead_unit"]):
        raise LedgerError(f"只有{entry['lead_unit']}的填报人员或管理员可以填写该事项的整改情况")
    if entry["state"] == "closed":
        raise LedgerError("该事项已销号，不能再修改整改情况")
    cleaned = _checked_text(text, "整改情况")
    with store.transaction() as cur:
        cur.execute(
            sql.load("supervision/entry_rectify"),
            {
                "entry_id": entry_id,
                "rectification": cleaned,
                "at": datetime.now(),
                "actor": user.username,
            },
        )
        audit.record(
            cur,
            user.username,
            "rectification",
            f"{entry['lead_unit']}（{month_label(entry['period'])}，事项 {entry_id}）",
        )
        store.bump_data_version(cur)


def close(store: Store, entry_id: int, note: str, user: User) -> None:
    """An administrator closes (销号) an entry whose rectification has been written."""
    if not user.can_admin():
        raise LedgerError("只有管理员可以销号")
    entry = _entry(store, entry_id)
    if entry["state"] == "closed":
        raise LedgerError("该事项已经销号")
    if entry["state"] != "rectified":
        raise LedgerError("该单位尚未填写整改情况，不能销号")
    cleaned = _checked_text(note, "销号意见")
    with store.transaction() as cur:
        cur.execute(
            sql.load("supervision/entry_close"),
            {"entry_id": entry_id, "at": datetime.now(), "actor": user.username, "note": cleaned},
        )
        audit.record(
            cur,
            user.username,
            "ledger_closed",
            f"{entry['lead_unit']}（{month_label(entry['period'])}，事项 {entry_id}）：{cleaned}",
        )
        store.bump_data_version(cur)


def tally(
    store: Store, lead_unit: str, year: int, region: str | None = None, lang: str = "zh"
) -> str:
    """ "本年被通报 3 次，约谈 1 次" (English: "called out 3 times this year, 约谈 1"): every
    entry is a call-out; then the second tier always and higher tiers where reached, named as the
    settings name them now.
    """
    counts = store.query(
        "supervision/unit_tally", region=region, lead_unit=lead_unit, **_year_bounds(year)
    )
    names = rules.current(store).tier_names
    entries = int(counts["entries"].sum())
    parts = [
        f"called out {entries} time{'' if entries == 1 else 's'} this year"
        if lang == "en"
        else f"本年被通报 {entries} 次"
    ]
    for tier in range(2, len(names) + 1):
        # the last named tier also counts the tiers beyond it
        reached = counts["tier"] >= tier if tier == len(names) else counts["tier"] == tier
        n = int(counts.loc[reached, "entries"].sum())
        if tier == 2 or n:
            parts.append(f"{names[tier - 1]} {n}" if lang == "en" else f"{names[tier - 1]} {n} 次")
    return (", " if lang == "en" else "，").join(parts)


def months_to_evaluate(store: Store, today: date | None = None) -> list[date]:
    """Months that may be evaluated next, oldest first: ended, after the last evaluated one, in
    a year with data.
    """
    today = today or date.today()
    done = evaluated_periods(store)
    months = [end for year in sorted(metrics.years(store)) for end in plan_years.month_ends(year)]
    return [m for m in months if m < today and (not done or m > done[0])]


LEDGER_HEADERS = {
    "entry_id": ("编号", "No."),
    "period": ("期次", "Month"),
    "region": ("地区", "Region"),
    "lead_unit": ("牵头单位", "Lead unit"),
    "tier": ("督办层级", "Tier"),
    "details": ("触发情况", "Why (as recorded)"),
    "deadline": ("整改期限", "Rectify by"),
    "state": ("状态", "State"),
    "rectification": ("整改情况", "Rectification"),
    "close_note": ("销号意见", "Close-out note"),
}


def _state_label(state: str, overdue: bool, lang: str = "zh") -> str:
    if lang == "en":
        return ENGLISH_STATE_LABELS[state] + (" (overdue)" if overdue else "")
    return STATE_LABELS[state] + ("（逾期未整改）" if overdue else "")


def ledger_table(found: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Entries as leaders read them, overdue ones marked. What triggered an entry is kept as it
    was recorded, in Chinese; the tiers as the settings name them."""
    tiers = zip(found["tier"], found["tier_name"], strict=True)
    columns = {
        "entry_id": found["entry_id"].astype(int).tolist(),
        "period": [month_label(p, lang) for p in found["period"]],
        "region": found["region"].tolist(),
        "lead_unit": found["lead_unit"].tolist(),
        "tier": [f"{t} ({n})" if lang == "en" else f"第{t}次（{n}）" for t, n in tiers],
        "details": ["；".join(d) for d in found["details"]],
        "deadline": [views.format_date(d, lang) for d in found["deadline"]],
        "state": [
            _state_label(s, o, lang) for s, o in zip(found["state"], found["overdue"], strict=True)
        ],
        "rectification": found["rectification"].fillna("").tolist(),
        "close_note": found["close_note"].fillna("").tolist(),
    }
    return views.named_table(columns, LEDGER_HEADERS, lang)


def entry_label(entry: pd.Series, lang: str = "zh") -> str:
    return (
        f"{entry['entry_id']}｜{month_label(entry['period'], lang)}｜{entry['region']}"
        f"{entry['lead_unit']}｜{entry['tier_name']}｜{_state_label(entry['state'], False, lang)}"
    )
