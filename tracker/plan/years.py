"""The bureau's year (年度) where it does not start in January (TRACKER_YEAR_START_MONTH).

A year is named by the calendar year it starts in: with a start in April, 2022年度 runs from
2022-04-01 to 2023-03-31. The share of the year elapsed (序时), the plan year a report belongs to
and when a year's last report stops counting all follow it. The start must stay as it was once
reports are stored: each report is filed under its year when it lands.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date

import pandas as pd

SETTING = "TRACKER_YEAR_START_MONTH"


def start_month(environ: Mapping[str, str] = os.environ) -> int:
    """The first month of the year, 1 (January) unless set."""
    raw = environ.get(SETTING, "").strip()
    if not raw:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= 12:
        raise ValueError(f"环境变量 {SETTING} 的值“{raw}”无效：须为 1 至 12 的月份")
    return int(raw)


def year_of(day: date, start: int | None = None) -> int:
    """The year `day` belongs to: 2023-03-31 is in 2022年度 when the year starts in April."""
    start = start or start_month()
    return day.year if day.month >= start else day.year - 1


def years_of(days: pd.Series, start: int | None = None) -> pd.Series:
    """year_of for a column of timestamps."""
    start = start or start_month()
    return days.dt.year - (days.dt.month < start).astype(int)


def first_day(year: int, start: int | None = None) -> date:
    return date(year, start or start_month(), 1)


def last_day(year: int, start: int | None = None) -> date:
    return date.fromordinal(first_day(year + 1, start).toordinal() - 1)


def months(start: int | None = None) -> list[int]:
    """The months of the year in order: [4, 5, …, 12, 1, 2, 3] for a start in April."""
    start = start or start_month()
    return [(start - 1 + i) % 12 + 1 for i in range(12)]


def calendar_year(year: int, month: int, start: int | None = None) -> int:
    """The calendar year of `month` of the bureau's `year`: February of 2022年度 is in 2023
    when the year starts in April."""
    return year if month >= (start or start_month()) else year + 1
