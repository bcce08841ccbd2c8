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


def month_ends(year: int, through: date | None = None, start: int | None = None) -> list[date]:
    """The last day of each month of `year`, in order, up to the month of `through` if given."""
    start = start or start_month()
    ends = [last_of_month(date(calendar_year(year, m, start), m, 1)) for m in months(start)]
    return [d for d in ends if through is None or d <= last_of_month(through)]


def last_of_month(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


QUARTER_NUMERALS = ("一", "二", "三", "四")
MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def quarter_end_months(start: int | None = None) -> list[int]:
    """The months a quarter of the year ends in: [6, 9, 12, 3] for a year from April."""
    return months(start)[2::3]


def quarter_months(quarter: int, start: int | None = None) -> tuple[int, int]:
    """The first and last month of the year's `quarter` (1–4): (4, 6) for the first quarter of a
    year that starts in April."""
    in_quarter = months(start)[(quarter - 1) * 3 : quarter * 3]
    return in_quarter[0], in_quarter[-1]


def quarter_span(quarter: int, lang: str = "zh", start: int | None = None) -> str:
    """The months of the quarter as a report writes them: 4–6月, 次年1–3月 (the quarter lies in
    the next calendar year), 11月–次年1月; Apr–Jun."""
    start = start or start_month()
    first, last = quarter_months(quarter, start)
    if lang == "en":
        return f"{MONTH_ABBREVIATIONS[first - 1]}–{MONTH_ABBREVIATIONS[last - 1]}"
    if first > last:
        return f"{first}月–次年{last}月"
    return f"{'次年' if first < start else ''}{first}–{last}月"


def quarter_name(quarter: int, lang: str = "zh") -> str:
    return f"{QUARTER_NUMERALS[quarter - 1]}季度" if lang == "zh" else f"Q{quarter}"


def quarter_label(quarter: int, lang: str = "zh", start: int | None = None) -> str:
    """一季度 (Q1) in a year from January; elsewhere with its months: 一季度（4–6月）, Q1 (Apr–Jun)."""
    start = start or start_month()
    name = quarter_name(quarter, lang)
    if start == 1:
        return name
    span = quarter_span(quarter, lang, start)
    return f"{name}（{span}）" if lang == "zh" else f"{name} ({span})"


def year_name(year: int, lang: str = "zh", start: int | None = None) -> str:
    """The year in short, as a document or a selector names it: 2022年 (2022) in a year from
    January, else 2022年度 (2022/23)."""
    if (start or start_month()) == 1:
        return f"{year}年" if lang == "zh" else str(year)
    return f"{year}年度" if lang == "zh" else f"{year}/{str(year + 1)[-2:]}"


def year_label(year: int, lang: str = "zh", start: int | None = None) -> str:
    """2022年 (2022) in a year from January; elsewhere the bureau's year with its months:
    2022年度（2022年4月–2023年3月）, 2022/23 (Apr 2022–Mar 2023)."""
    start = start or start_month()
    if start == 1:
        return f"{year}年" if lang == "zh" else str(year)
    end = last_day(year, start)
    if lang == "en":
        first, last = MONTH_ABBREVIATIONS[start - 1], MONTH_ABBREVIATIONS[end.month - 1]
        return f"{year_name(year, lang, start)} ({first} {year}–{last} {year + 1})"
    return f"{year_name(year, lang, start)}（{year}年{start}月–{year + 1}年{end.month}月）"
