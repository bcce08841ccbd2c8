"""Lights (亮灯) and the settings of the supervision loop: which light rule is in force, the
黑榜 size, tier names and the rectification deadline.

The points rule is the status bands of tracker.progress.status (Thresholds): green at or ahead of
the schedule, yellow up to `behind_points` behind, red beyond or with no progress. So the lights
and the status shown on every page cannot disagree; its numbers are the status settings. The
ratio and milestone rules carry numbers of their own, chosen on the admin page.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from tracker import sql
from tracker.access import audit
from tracker.intake.values import parse_period
from tracker.plan import years as plan_years
from tracker.presentation import views
from tracker.presentation.formatting import format_number
from tracker.progress import metrics
from tracker.progress.status import Thresholds
from tracker.store import Store

LIGHT_RULES: dict[str, str] = {
    "points": "按落后序时进度的百分点",
    "ratio": "按实际完成与序时进度之比",
    "milestone": "按节点（序时目标）是否逾期",
}
ENGLISH_LIGHT_RULES: dict[str, str] = {
    "points": "by points behind the time schedule",
    "ratio": "by the ratio of actual to the time schedule",
    "milestone": "by planned-to-date targets overdue",
}
LIGHTS: tuple[str, ...] = ("green", "yellow", "red", "grey")
LIGHT_LABELS: dict[str, str] = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "未亮灯"}
ENGLISH_LIGHT_LABELS: dict[str, str] = {
    "green": "Green",
    "yellow": "Yellow",
    "red": "Red",
    "grey": "Not lit",
}


def light_rule_name(rule: str, lang: str = "zh") -> str:
    return (ENGLISH_LIGHT_RULES if lang == "en" else LIGHT_RULES)[rule]


def light_label(light: str, lang: str = "zh") -> str:
    return (ENGLISH_LIGHT_LABELS if lang == "en" else LIGHT_LABELS)[light]


LIGHT_COLORS: dict[str, str] = {
    "green": "#4caf50",
    "yellow": "#f2c744",
    "red": "#d32f2f",
    "grey": "#9e9e9e",
}

DEFAULT_TIER_NAMES: tuple[str, ...] = ("提醒/通报", "约谈", "问责")
MAX_TIER_NAME_CHARS = 20


class SettingsError(ValueError):
    """A settings change was refused; the message says why, in Chinese."""


@dataclass(frozen=True)
class SupervisionSettings:
    light_rule: str = "points"
    ratio_green: float = 1.0
    ratio_yellow: float = 0.5
    overdue_months: int = 3
    black_list_size: int = 3
    tier_names: tuple[str, ...] = field(default=DEFAULT_TIER_NAMES)
    rectify_days: int = 15
    # Projects are lit on their own numbers (Sanya 2022, investment): investment done ÷ planned
    # by the date, and months a planned start or completion is overdue.
    project_ratio_green: float = 1.0
    project_ratio_yellow: float = 0.5
    project_overdue_months: int = 3

    def __post_init__(self) -> None:
        if self.light_rule not in LIGHT_RULES:
            raise SettingsError(f"亮灯规则“{self.light_rule}”无效：须为 points、ratio 或 milestone")
        for what, green, yellow in (
            ("", self.ratio_green, self.ratio_yellow),
            ("项目", self.project_ratio_green, self.project_ratio_yellow),
        ):
            if not all(math.isfinite(v) and v > 0 for v in (green, yellow)):
                raise SettingsError(f"{what}比值须为大于 0 的数字")
            if yellow >= green:
                raise SettingsError(
                    f"{what}黄灯比值（{format_number(yellow)}）须小于{what}绿灯比值"
                    f"（{format_number(green)}）"
                )
        for what, months in (("", self.overdue_months), ("项目", self.project_overdue_months)):
            if not 1 <= months <= 11:
                raise SettingsError(f"{what}逾期红灯的月数须在 1 到 11 之间")
        if not 0 <= self.black_list_size <= 50:
            raise SettingsError("黑榜名额须在 0 到 50 之间（0 表示黑榜不作为督办触发条件）")
        if not self.tier_names or any(
            not name.strip() or len(name) > MAX_TIER_NAME_CHARS for name in self.tier_names
        ):
            raise SettingsError(f"督办层级名称不能为空，每个不超过 {MAX_TIER_NAME_CHARS} 个字")
        if not 1 <= self.rectify_days <= 180:
            raise SettingsError("整改期限须在 1 到 180 天之间")

    def tier_name(self, tier: int) -> str:
        """1st, 2nd, 3rd time …; a tier beyond the named ones keeps the last name."""
        return self.tier_names[min(tier, len(self.tier_names)) - 1]

    def describe_rule(self, thresholds: Thresholds, lang: str = "zh") -> str:
        """The rule in force, with its numbers, as the pages and the bulletin state it."""
        return describe(self.light_rule, self, thresholds, lang)

    def describe_project_rule(self, lang: str = "zh") -> str:
        """How projects are lit, with the numbers in force."""
        green = format_number(self.project_ratio_green)
        yellow = format_number(self.project_ratio_yellow)
        if lang == "en":
            return (
                "investment done ÷ planned by the date: green from "
                f"{green}, yellow from {yellow}, red below; a planned start or completion missed "
                f"is yellow, {self.project_overdue_months} months or more red"
            )
        return (
            f"项目按本年完成投资与序时计划投资之比亮灯：不低于{green}为绿灯，不低于{yellow}为黄灯，"
            f"低于{yellow}为红灯；计划开工或竣工日期已过未开工或未竣工为黄灯，"
            f"逾期{self.project_overdue_months}个月及以上为红灯"
        )


def describe(
    rule: str, settings: SupervisionSettings, thresholds: Thresholds, lang: str = "zh"
) -> str:
    if lang == "en":
        return _describe_in_english(rule, settings, thresholds)
    points = format_number(thresholds.behind_points)
    if rule == "points":
        return (
            f"{LIGHT_RULES['points']}：达到或超过序时进度为绿灯，落后不超过{points}个百分点为黄灯，"
            f"落后超过{points}个百分点或无进展为红灯"
        )
    if rule == "ratio":
        green, yellow = format_number(settings.ratio_green), format_number(settings.ratio_yellow)
        return (
            f"{LIGHT_RULES['ratio']}：比值不低于{green}为绿灯，不低于{yellow}为黄灯，"
            f"低于{yellow}为红灯"
        )
    if rule == "milestone":
        return (
            f"{LIGHT_RULES['milestone']}：本期未达序时目标为黄灯，"
            f"{settings.overdue_months}个月前的序时目标仍未达到为红灯"
        )
    if rule == "complete":
        return "已完成年度目标为绿灯"
    if rule == "no_data":
        return "本期未报送，不亮灯"
    raise ValueError(f"unknown light rule {rule!r}")


def _describe_in_english(rule: str, settings: SupervisionSettings, thresholds: Thresholds) -> str:
    points = format_number(thresholds.behind_points)
    green, yellow = format_number(settings.ratio_green), format_number(settings.ratio_yellow)
    texts = {
        "points": f"{ENGLISH_LIGHT_RULES['points']}: green on or ahead of the schedule, yellow "
        f"up to {points} points behind, red further behind or with no progress",
        "ratio": f"{ENGLISH_LIGHT_RULES['ratio']}: green from {green}, yellow from {yellow}, "
        "red below",
        "milestone": f"{ENGLISH_LIGHT_RULES['milestone']}: yellow when this period's target is "
        f"not met, red when the target of {settings.overdue_months} months ago is still not met",
        "complete": "green when the annual target is reached",
        "no_data": "not reported this period: not lit",
    }
    if rule not in texts:
        raise ValueError(f"unknown light rule {rule!r}")
    return texts[rule]


def current(store: Store) -> SupervisionSettings:
    """The settings in force: the newest saved, else the defaults."""
    rows = store.query("supervision/settings_current")
    if rows.empty:
        return SupervisionSettings()
    row = rows.iloc[0]
    return SupervisionSettings(
        light_rule=row["light_rule"],
        ratio_green=float(row["ratio_green"]),
        ratio_yellow=float(row["ratio_yellow"]),
        overdue_months=int(row["overdue_months"]),
        black_list_size=int(row["black_list_size"]),
        tier_names=tuple(row["tier_names"]),
        rectify_days=int(row["rectify_days"]),
        project_ratio_green=float(row["project_ratio_green"]),
        project_ratio_yellow=float(row["project_ratio_yellow"]),
        project_overdue_months=int(row["project_overdue_months"]),
    )


def save(store: Store, settings: SupervisionSettings, actor: str) -> None:
    """Put new settings in force, with an audit record in the same transaction."""
    before = current(store)
    with store.transaction() as cur:
        cur.execute(
            sql.load("supervision/settings_insert"),
            {
                "changed_at": datetime.now(),
                "changed_by": actor,
                "light_rule": settings.light_rule,
                "ratio_green": settings.ratio_green,
                "ratio_yellow": settings.ratio_yellow,
                "overdue_months": settings.overdue_months,
                "black_list_size": settings.black_list_size,
                "tier_names": list(settings.tier_names),
                "rectify_days": settings.rectify_days,
                "project_ratio_green": settings.project_ratio_green,
                "project_ratio_yellow": settings.project_ratio_yellow,
                "project_overdue_months": settings.project_overdue_months,
            },
        )
        audit.record(cur, actor, "supervision_settings", _changes(before, settings))


def _changes(before: SupervisionSettings, after: SupervisionSettings) -> str:
    names = {
        "light_rule": "亮灯规则",
        "ratio_green": "绿灯比值",
        "ratio_yellow": "黄灯比值",
        "overdue_months": "逾期红灯月数",
        "black_list_size": "黑榜名额",
        "tier_names": "督办层级",
        "rectify_days": "整改期限（天）",
        "project_ratio_green": "项目绿灯比值",
        "project_ratio_yellow": "项目黄灯比值",
        "project_overdue_months": "项目逾期红灯月数",
    }

    def shown(key: str, value) -> str:
        if key == "light_rule":
            return LIGHT_RULES[value]
        if key == "tier_names":
            return "、".join(value)
        return format_number(value)

    changed = [
        f"{label}：{shown(key, getattr(before, key))} → {shown(key, getattr(after, key))}"
        for key, label in names.items()
        if getattr(before, key) != getattr(after, key)
    ]
    return "；".join(changed) or "未改变"


def period_end(period: str | date) -> date:
    """'2022-09', '2022年9月' or a date -> the last day of that month."""
    if isinstance(period, date):
        return date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])
    return parse_period(period)


def months_before(day: date, months: int) -> date:
    """The last day of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return period_end(date(index // 12, index % 12 + 1, 1))


def lights(
    store: Store,
    as_of: date,
    thresholds: Thresholds,
    settings: SupervisionSettings,
    status: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every indicator of `as_of`'s year with its light and the rule that gave it.

    `status` is metrics.indicator_status for `as_of` when the caller already has it.
    """
    if status is None:
        status = metrics.indicator_status(store, as_of, thresholds)
    earlier = pd.DataFrame({"indicator_id": pd.Series(dtype="int64"), "schedule_rate": 0.0})
    overdue_schedule = 0.0
    if settings.light_rule == "milestone":
        due = months_before(as_of, settings.overdue_months)
        if plan_years.year_of(due) == plan_years.year_of(as_of):
            earlier = metrics.indicator_status(store, due, thresholds)[
                ["indicator_id", "schedule_rate"]
            ]
            overdue_schedule = metrics.year_elapsed(due, thresholds.schedule_rule)
    lit = store.query(
        "supervision/lights",
        frames={"status": status, "earlier": earlier},
        sort_by="indicator_id",
        rule=settings.light_rule,
        ratio_green=settings.ratio_green,
        ratio_yellow=settings.ratio_yellow,
        overdue_schedule=overdue_schedule,
    )
    descriptions = {
        rule: describe(rule, settings, thresholds) for rule in lit["rule_applied"].unique()
    }
    lit["rule"] = lit["rule_applied"].map(descriptions)
    return lit


LIGHT_TABLE_COLUMNS = (
    "task", "indicator", "region", "lead_unit", "status", "completion_rate", "schedule_rate",
    "gap_points",
)  # fmt: skip


LIGHT_COLUMN = {"zh": "亮灯", "en": "Light"}


def lights_table(lit: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Lights as shown and downloaded: the status table's columns, then the light and its rule."""
    table = views.status_table(lit, lang, LIGHT_TABLE_COLUMNS)
    table.insert(0, LIGHT_COLUMN[lang], [light_label(light, lang) for light in lit["light"]])
    return table
