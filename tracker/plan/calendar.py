"""Reporting periods and their deadlines over China's working-day calendar.

A deadline falls on a fixed day after the period ("每月5日前报上月", "每周一12时前报上周") and rolls
forward to the next working day over public holidays, counting the make-up working days
(调休上班) as working days. The national calendar comes from the chinese-calendar package; a
bureau adds its own days (an extra day off, a make-up day) in the store's calendar_days table.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import chinese_calendar
import pandas as pd

from tracker import sql
from tracker.access import audit
from tracker.plan import years
from tracker.store import Store

WEEKDAYS = "一二三四五六日"
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


_DESCRIPTIONS = {
    "zh": {
        "weekly": "每周{weekday}{by}前报上周",
        "monthly": "每月{day}日{by}前报上月",
        "quarterly": "每季度结束后次月{day}日{by}前报上季度",
    },
    "en": {
        "weekly": "by {weekday}{by} for the week before",
        "monthly": "by the {day}{by} of each month for the month before",
        "quarterly": "by the {day}{by} of the month after each quarter",
    },
}


def _ordinal(day: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@dataclass(frozen=True)
class DeadlineRule:
    """Reports of a period are due by `day` after it: the day of the next month (monthly and
    quarterly) or the weekday of the next week (weekly, 1 = Monday), before `hour` o'clock
    (24: by the end of that day)."""

    frequency: str
    day: int
    hour: int = 24

    def __post_init__(self) -> None:
        limit = 7 if self.frequency == "weekly" else 28
        if not 1 <= self.day <= limit or not 1 <= self.hour <= 24:
            raise ValueError(f"报送时限设置有误：{self.frequency} 第 {self.day} 日 {self.hour} 时")

    def describe(self, lang: str = "zh") -> str:
        """每月5日前报上月 (English: "by the 5th of each month for the month before")."""
        english = lang == "en"
        # a weekly rule's day is a weekday (1: Monday), the others' a day of the month
        weekly = self.frequency == "weekly"
        weekday = (ENGLISH_WEEKDAYS if english else WEEKDAYS)[self.day - 1] if weekly else ""
        by = "" if self.hour == 24 else f" {self.hour}:00" if english else f"{self.hour}时"
        day = _ordinal(self.day) if english else self.day
        return _DESCRIPTIONS[lang][self.frequency].format(weekday=weekday, day=day, by=by)


DEFAULT_RULES = {
    "weekly": DeadlineRule("weekly", 1, 12),
    "monthly": DeadlineRule("monthly", 5),
    "quarterly": DeadlineRule("quarterly", 10),
}


class WorkCalendar:
    """Working days: the bureau's own days first, then the national calendar, then weekdays
    (for years the national calendar does not cover yet)."""

    def __init__(self, own_days: dict[date, bool] | None = None):
        self.own_days = own_days or {}

    @classmethod
    def of_store(cls, store: Store) -> WorkCalendar:
        days = store.query("plan/calendar_days")
        return cls(
            {
                pd.Timestamp(d).date(): bool(w)
                for d, w in zip(days["day"], days["is_workday"], strict=True)
            }
        )

    def is_workday(self, day: date) -> bool:
        if day in self.own_days:
            return self.own_days[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    def on_or_after(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day


@dataclass(frozen=True)
class Period:
    frequency: str
    code: str  # 2022-09, 2022Q3, 2022-W38, 2022-01~02
    label: str  # 2022年9月, 2022年第三季度, 2022年第38周, 2022年1-2月
    start: date
    end: date


def _month_end(year: int, month: int) -> date:
    return date(year, month, month_calendar.monthrange(year, month)[1])


def round_code(year: int, month: int) -> str:
    """The month's reporting round, by calendar year: "2022-09"."""
    return f"{year}-{month:02d}"


def periods_ending_in(
    frequency: str, year: int, month: int, jan_feb_together: bool = False
) -> list[Period]:
    """The periods of a frequency that end in a month: the month's reporting round.

    With `jan_feb_together` (the statistics bureau's convention) January has no report of its
    own and February's covers both months.
    """
    end = _month_end(year, month)
    if frequency == "monthly":
        if jan_feb_together and month == 1:
            return []
        if jan_feb_together and month == 2:
            return [Period("monthly", f"{year}-01~02", f"{year}年1-2月", date(year, 1, 1), end)]
        return [
            Period(
                "monthly", f"{year}-{month:02d}", f"{year}年{month}月", date(year, month, 1), end
            )
        ]
    if frequency == "quarterly":
        # the bureau's quarters: in a year from April the first ends in June, the fourth in March
        if month not in years.quarter_end_months():
            return []
        q = years.quarter_end_months().index(month) + 1
        first_month = years.quarter_months(q)[0]
        first = date(year if first_month <= month else year - 1, first_month, 1)
        numeral = years.QUARTER_NUMERALS[q - 1]
        if years.start_month() == 1:
            code, label = f"{year}Q{q}", f"{year}年第{numeral}季度"
        else:
            bureau_year = years.year_of(end)
            code, label = f"{bureau_year}FYQ{q}", f"{bureau_year}年度第{numeral}季度"
        return [Period("quarterly", code, label, first, end)]
    sunday = date(year, month, 1) + timedelta(days=(6 - date(year, month, 1).weekday()))
    weeks = []
    while sunday <= end:
        iso_year, week, _ = sunday.isocalendar()
        weeks.append(
            Period(
                "weekly",
                f"{iso_year}-W{week:02d}",
                f"{iso_year}年第{week}周",
                sunday - timedelta(days=6),
                sunday,
            )
        )
        sunday += timedelta(days=7)
    return weeks


def deadline(rule: DeadlineRule, period: Period, work: WorkCalendar) -> datetime:
    """The moment reports of `period` are late from, rolled forward to a working day."""
    if rule.frequency == "weekly":
        nominal = period.end + timedelta(days=rule.day)
    else:
        after = period.end + timedelta(days=1)
        last = month_calendar.monthrange(after.year, after.month)[1]
        nominal = after.replace(day=min(rule.day, last))
    day = work.on_or_after(nominal)
    if rule.hour == 24:
        return datetime.combine(day + timedelta(days=1), time(0))
    return datetime.combine(day, time(rule.hour))


def deadline_day(moment: datetime) -> date:
    """The working day a deadline falls on (a deadline at midnight ends the day before)."""
    return (moment - timedelta(microseconds=1)).date()


def round_periods(
    year: int,
    month: int,
    rules: dict[str, DeadlineRule],
    work: WorkCalendar,
    jan_feb_together: bool = False,
) -> pd.DataFrame:
    """Every period of every frequency that ends in the month, with its deadline."""
    rows = []
    for frequency, rule in rules.items():
        for period in periods_ending_in(frequency, year, month, jan_feb_together):
            moment = deadline(rule, period, work)
            rows.append(
                {
                    "frequency": frequency,
                    "round": round_code(year, month),
                    "period": period.code,
                    "period_label": period.label,
                    "period_start": period.start,
                    "period_end": period.end,
                    "deadline": moment,
                    "deadline_day": deadline_day(moment),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "frequency",
            "round",
            "period",
            "period_label",
            "period_start",
            "period_end",
            "deadline",
            "deadline_day",
        ],
    )


def calendar_days(store: Store) -> pd.DataFrame:
    return store.query("plan/calendar_days")


def set_calendar_day(store: Store, day: date, is_workday: bool, note: str, actor: str) -> None:
    """Add (or change) a bureau's own day off or make-up working day; audited."""
    with store.transaction() as cur:
        cur.execute(
            sql.load("plan/calendar_day_set"),
            {
                "day": day,
                "is_workday": is_workday,
                "note": note,
                "added_by": actor,
                "added_at": datetime.now(),
            },
        )
        kind = "调休上班" if is_workday else "放假"
        audit.record(cur, actor, "calendar_changed", f"{day} 设为{kind}：{note}")
        store.bump_data_version(cur)
