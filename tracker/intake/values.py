"""Reading one cell as staff type it: numbers, dates, reporting periods, directions.

Each parser takes the cell's text and returns a value or raises ValueError with the Chinese
message a user sees; `parse_column` applies a parser to the distinct values of a column only,
which keeps a million-row upload fast.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from tracker.intake.fields import simplified

_NUMBER = re.compile(
    r"^(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?P<scale>万亿|万|亿)?(?P<unit>[^\d.+-]*)$"
)
_SCALES = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def fold(text: str) -> str:
    """Full-width digits and letters to half-width, spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse_decimal(text: str) -> tuple[Decimal, str]:
    """`25,300` -> 25300; `１.０４万` -> 10400; `50.12万亿` -> 50120000000000; `19.3公里` ->
    (19.3, 公里). Returns (value exactly as written, unit text)."""
    folded = simplified(fold(text)).replace(",", "")
    m = _NUMBER.match(folded)
    if not m:
        raise ValueError(f"应为数字，现为“{text}”")
    return Decimal(m.group("num")) * _SCALES.get(m.group("scale") or "", 1), m.group("unit")


def parse_number(text: str) -> tuple[float, str]:
    """parse_decimal as the nearest float: `1.04万` is exactly 10400.0."""
    value, unit = parse_decimal(text)
    return float(value), unit


def number_text(value: float) -> str:
    """A stored number as the user wrote it: 327568.8, 100001, 0.00001 (no rounding, no exponent)."""
    text = format(Decimal(repr(float(value))), "f")
    return text.removesuffix(".0")


def _checked_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"日期“{text}”不存在，请检查年月日") from None


_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(text: str) -> date:
    # Spaces are kept: they separate a time of day from the date.
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).strip())
    for form in _DATE_FORMS:
        m = form.match(folded)
        if m:
            return _checked_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    raise ValueError(f"无法识别日期“{text}”，请写成 2022-09-30 或 2022年9月30日")


def _month_end(year: int, month: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"报告期“{text}”的月份不存在")
    return date(year, month, calendar.monthrange(year, month)[1])


_PERIOD_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], date]], ...] = (
    (
        re.compile(r"^(\d{4})[-/ ]?q([1-4])$", re.I),
        lambda m, t: _month_end(int(m[1]), 3 * int(m[2]), t),
    ),
    (
        re.compile(r"^(\d{4})年?第?([一二三四1-4])季度?$"),
        lambda m, t: _month_end(int(m[1]), 3 * _CN_DIGITS[m[2]], t),
    ),
    (
        re.compile(r"^(\d{4})年?前([一二三1-3])季度$"),
        lambda m, t: _month_end(int(m[1]), 3 * _CN_DIGITS[m[2]], t),
    ),
    (re.compile(r"^(\d{4})年?上半年$"), lambda m, t: _month_end(int(m[1]), 6, t)),
    (re.compile(r"^(\d{4})年?(?:下半年|全年|年度)?$"), lambda m, t: _month_end(int(m[1]), 12, t)),
    (re.compile(r"^(\d{4})年?1-(\d{1,2})月$"), lambda m, t: _month_end(int(m[1]), int(m[2]), t)),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), lambda m, t: _month_end(int(m[1]), int(m[2]), t)),
    (
        re.compile(r"^(\d{4})年(\d{1,2})月(?:份|末|底)?$"),
        lambda m, t: _month_end(int(m[1]), int(m[2]), t),
    ),
)


def parse_period(text: str) -> date:
    """A reporting period to the date it ends: 2021Q3, 2021年第三季度, 2021-09, 2021年9月 -> 2021-09-30."""
    folded = fold(text)
    for form, end in _PERIOD_FORMS:
        m = form.match(folded)
        if m:
            return end(m, text)
    raise ValueError(f"无法识别报告期“{text}”，请写成 2022Q3、2022年第三季度、2022-09 或 2022年9月")


_DIRECTIONS = {
    "越大越好": "higher",
    "越高越好": "higher",
    "正向": "higher",
    "higher": "higher",
    "越小越好": "lower",
    "越低越好": "lower",
    "负向": "lower",
    "反向": "lower",
    "lower": "lower",
}


def parse_direction(text: str) -> str:
    direction = _DIRECTIONS.get(fold(text).lower())
    if direction is None:
        raise ValueError(f"指标方向“{text}”无法识别，请填“越大越好”或“越小越好”")
    return direction


def map_unique(cells: pd.Series, func: Callable[[str], object]) -> pd.Series:
    """`cells.map(func)`, calling `func` once per distinct value: uploads repeat a few values a lot."""
    codes, uniques = pd.factorize(cells)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[: len(uniques)] = [func(u) for u in uniques]
    return pd.Series(mapped[codes], index=cells.index, dtype=object)  # code -1 (missing) -> None


def factorize_pairs(left: pd.Series, right: pd.Series) -> tuple[np.ndarray, list[tuple]]:
    """Each row's code for its (left, right) pair, -1 where either is missing, and the distinct
    pairs: cheaper than joining a million pairs of strings into one and factorizing that."""
    left_codes, left_uniques = pd.factorize(left)
    right_codes, right_uniques = pd.factorize(right)
    width = max(len(right_uniques), 1)
    valid = (left_codes >= 0) & (right_codes >= 0)
    codes = np.full(len(left), -1, dtype=np.intp)
    codes[valid], uniques = pd.factorize(
        left_codes[valid].astype(np.int64) * width + right_codes[valid]
    )
    return codes, [(left_uniques[c // width], right_uniques[c % width]) for c in uniques]


def parse_column(cells: pd.Series, parse: Callable[[str], object]) -> tuple[pd.Series, pd.Series]:
    """Parse the non-empty cells; returns (values, error messages), both aligned with `cells`."""
    codes, uniques = pd.factorize(cells)
    parsed = np.empty(len(uniques) + 1, dtype=object)
    errors = np.empty(len(uniques) + 1, dtype=object)
    for i, text in enumerate(uniques):
        if text == "":
            continue
        try:
            parsed[i] = parse(text)
        except ValueError as exc:
            errors[i] = str(exc)
    return (
        pd.Series(parsed[codes], index=cells.index, dtype=object),
        pd.Series(errors[codes], index=cells.index, dtype=object),
    )
