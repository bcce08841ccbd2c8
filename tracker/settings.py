"""Deployment settings, read from TRACKER_* environment variables with defaults for an intranet."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.plan import years as plan_years
from tracker.plan.calendar import DeadlineRule
from tracker.plan.reporting import ReportingRules
from tracker.progress.regions import RegionTree
from tracker.progress.status import Thresholds

AUTH_METHODS = ("password", "oidc")
# 序时 rules: share of the year by month (default), by day, or by month with January and
# February reported together (the statistics bureau's convention).
SCHEDULE_RULES = ("month", "day", "jan_feb")

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off", "")


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"环境变量 {name} 的值“{raw}”无效：请填 true 或 false")


def _number(environ: Mapping[str, str], name: str, default: float, kind: type) -> float:
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw.strip())
    except ValueError:
        noun = "整数" if kind is int else "数字"
        raise ValueError(f"环境变量 {name} 的值“{raw}”无效：须为{noun}") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"环境变量 {name} 的值“{raw}”无效：须大于 0")
    return value


def _choice(environ: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return choices[0]
    if raw not in choices:
        raise ValueError(f"环境变量 {name} 的值“{environ[name]}”无效：须为 {' 或 '.join(choices)}")
    return raw


@dataclass(frozen=True)
class Settings:
    viewers_must_sign_in: bool = False
    session_idle_minutes: float = 30
    session_max_hours: int = 12
    auth: str = "password"
    max_upload_mb: int = 20
    status_slightly_behind: float = 10.0
    status_behind: float = 30.0
    stale_after_days: int = 62
    demo_on_empty_store: bool = True
    schedule_rule: str = "month"
    deadline_monthly_day: int = 5
    deadline_quarterly_day: int = 10
    deadline_weekly_weekday: int = 1
    deadline_weekly_hour: int = 12
    # The demo's district and its city; a bureau sets its own (see tracker.progress.regions).
    home_region: str = "龙岗区"
    region_hierarchy: str = "某市: 龙岗区, 城东区, 城西区, 城南区, 城北区, 高新区, 经开区, 临江新区"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        auth = environ.get("TRACKER_AUTH", "password").strip().lower() or "password"
        if auth not in AUTH_METHODS:
            raise ValueError(
                f"环境变量 TRACKER_AUTH 的值“{environ['TRACKER_AUTH']}”无效：须为 password 或 oidc"
            )
        settings = cls(
            viewers_must_sign_in=_flag(environ, "TRACKER_VIEWERS_MUST_SIGN_IN", False),
            # fractions allowed: a test or a kiosk may want seconds
            session_idle_minutes=_number(environ, "TRACKER_SESSION_IDLE_MINUTES", 30, float),
            session_max_hours=_number(environ, "TRACKER_SESSION_MAX_HOURS", 12, int),
            auth=auth,
            max_upload_mb=_number(environ, "TRACKER_MAX_UPLOAD_MB", 20, int),
            status_slightly_behind=_number(environ, "TRACKER_STATUS_SLIGHTLY_BEHIND", 10.0, float),
            status_behind=_number(environ, "TRACKER_STATUS_BEHIND", 30.0, float),
            stale_after_days=_number(environ, "TRACKER_STALE_AFTER_DAYS", 62, int),
            demo_on_empty_store=_flag(environ, "TRACKER_DEMO_ON_EMPTY", True),
            schedule_rule=_choice(environ, "TRACKER_SCHEDULE_RULE", SCHEDULE_RULES),
            deadline_monthly_day=_number(environ, "TRACKER_DEADLINE_MONTHLY_DAY", 5, int),
            deadline_quarterly_day=_number(environ, "TRACKER_DEADLINE_QUARTERLY_DAY", 10, int),
            deadline_weekly_weekday=_number(environ, "TRACKER_DEADLINE_WEEKLY_WEEKDAY", 1, int),
            deadline_weekly_hour=_number(environ, "TRACKER_DEADLINE_WEEKLY_HOUR", 12, int),
            home_region=environ.get("TRACKER_HOME_REGION", cls.home_region).strip(),
            region_hierarchy=environ.get("TRACKER_REGION_HIERARCHY", cls.region_hierarchy),
        )
        settings.reporting_rules()  # a deadline outside the month or week is refused here
        settings.regions()  # a hierarchy that cannot be read stops the start with its reason
        plan_years.start_month(environ)  # a month that is no month stops the start too
        # January and February reported as one period must fall in the same year
        if plan_years.start_month(environ) == 2 and settings.schedule_rule == "jan_feb":
            raise ValueError(
                "TRACKER_SCHEDULE_RULE=jan_feb（1-2月合并）不适用于自2月起的年度："
                "1月属上一年度，2月属新年度，不能合并报送"
            )
        if settings.status_slightly_behind >= settings.status_behind:
            raise ValueError(
                "环境变量 TRACKER_STATUS_SLIGHTLY_BEHIND 须小于 TRACKER_STATUS_BEHIND"
                f"（现为 {settings.status_slightly_behind:g} 与 {settings.status_behind:g}）"
            )
        return settings

    def reporting_rules(self) -> ReportingRules:
        try:
            deadlines = {
                "weekly": DeadlineRule(
                    "weekly", self.deadline_weekly_weekday, self.deadline_weekly_hour
                ),
                "monthly": DeadlineRule("monthly", self.deadline_monthly_day),
                "quarterly": DeadlineRule("quarterly", self.deadline_quarterly_day),
            }
        except ValueError:
            raise ValueError(
                "环境变量 TRACKER_DEADLINE_* 无效：月报、季报日期须在 1–28 日，"
                "周报星期须在 1–7，时刻须在 1–24 时"
            ) from None
        return ReportingRules(deadlines, jan_feb_together=self.schedule_rule == "jan_feb")

    def regions(self) -> RegionTree:
        return RegionTree.parse(self.home_region, self.region_hierarchy)

    def thresholds(self) -> Thresholds:
        return Thresholds(
            slightly_behind_points=self.status_slightly_behind,
            behind_points=self.status_behind,
            stale_after_days=self.stale_after_days,
            schedule_rule=self.schedule_rule,
        )
