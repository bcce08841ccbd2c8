"""Numbers written the way a Chinese report writes them: 1.04万套, 62亿元, 138.5%, 落后6.1个百分点."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

MISSING = "—"

TEN_THOUSAND = 1e4
HUNDRED_MILLION = 1e8

# A unit such as 万平方米 or 亿元 already carries its magnitude and must not be rescaled again.
MAGNITUDE_CHARACTERS = ("万", "亿")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


def _rounded(value: float, decimals: int) -> Decimal:
    # Through repr so that 1.0035 * 100 rounds to 100.35 and not to the binary 100.34999….
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def _trimmed(number: Decimal, min_decimals: int = 0, thousands: bool = False) -> str:
    """Fixed-point text without trailing zeros, keeping at least `min_decimals` decimals."""
    if number == 0:
        number = abs(number)  # no "-0" after rounding a tiny negative value
    text = f"{number:,f}" if thousands else f"{number:f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0").ljust(min_decimals, "0")
    return f"{whole}.{decimals}" if decimals else whole


def _unit_text(unit: object) -> str:
    # Units come from data frames, where a missing one is None, NaN or pd.NA.
    return unit if isinstance(unit, str) else ""


# Units as an English reader writes them; a unit not listed is shown as it was typed.
ENGLISH_UNITS = {
    "公里": "km", "千米": "km", "米": "m", "平方米": "m²", "平方公里": "km²", "公顷": "ha",
    "亩": "mu", "元": "yuan", "套": "units", "户": "households", "座": "sites", "个": "",
    "项": "items", "项次": "items", "次": "times", "起": "cases", "宗": "parcels", "家": "firms",
    "栋": "buildings", "台": "machines", "辆": "vehicles", "人": "people", "所": "schools",
    "间": "rooms", "吨": "t", "立方米": "m³", "千瓦": "kW",
}  # fmt: skip
# ... and a count of exactly one in the singular: "1 site", "1 person".
ENGLISH_SINGULAR = {
    "units": "unit", "households": "household", "sites": "site", "items": "item",
    "times": "time", "cases": "case", "parcels": "parcel", "firms": "firm",
    "buildings": "building", "machines": "machine", "vehicles": "vehicle", "people": "person",
    "schools": "school", "rooms": "room",
}  # fmt: skip
ENGLISH_PLURAL = {one: many for many, one in ENGLISH_SINGULAR.items()}

# In English a figure kept in 万 or 亿 of something reads in the thing itself, scaled as an English
# reader of a bureau's figures expects: 62.1亿元 is "6.21 bn yuan", 768万元 "7.68 m yuan", 5000元
# "5,000 yuan"; 120万平方米 "1.2 million m²", 3.5万套 "35,000 units".
YUAN_PER_UNIT = {"元": 1, "万元": 1e4, "亿元": 1e8, "万亿元": 1e12}
ENGLISH_MONEY_SCALES = ((1e9, "bn yuan"), (1e6, "m yuan"), (1, "yuan"))
PER_MAGNITUDE = (("万亿", 1e12), ("万", 1e4), ("亿", 1e8))
ENGLISH_SCALES = ((1e9, "bn"), (1e6, "million"), (1, ""))


def is_money_unit(unit: object) -> bool:
    return _unit_text(unit).strip() in YUAN_PER_UNIT


def _english_scales(unit: object) -> tuple[float, tuple[tuple[float, str], ...]] | None:
    """(how many of the thing one of `unit` is, the English scales with their labels), for money
    and for a listed unit with 万/亿; None for a unit read as it is."""
    text = _unit_text(unit).strip()
    if text in YUAN_PER_UNIT:
        return YUAN_PER_UNIT[text], ENGLISH_MONEY_SCALES
    for prefix, per_unit in PER_MAGNITUDE:
        base = ENGLISH_UNITS.get(text.removeprefix(prefix)) if text.startswith(prefix) else None
        if base is not None:
            return per_unit, tuple(
                (step, f"{name} {base}".strip()) for step, name in ENGLISH_SCALES
            )
    return None


def unit_label(unit: object, lang: str = "zh") -> str:
    """The unit as shown: as typed in Chinese; in English the thing itself, whatever its
    magnitude: 万平方米 reads "m²" and 亿元 "yuan" (their figures say million or bn, see
    magnitude_of)."""
    text = _unit_text(unit)
    if lang != "en":
        return text
    scaled = _english_scales(text)
    if scaled:
        return scaled[1][-1][1]
    return ENGLISH_UNITS.get(text, text)


def unit_has_magnitude(unit: object) -> bool:
    return _unit_text(unit).startswith(MAGNITUDE_CHARACTERS)


def format_number(value: float | None, decimals: int = 2, lang: str = "zh") -> str:
    """A plain number with up to `decimals` decimals; English adds thousands separators."""
    if _is_missing(value):
        return MISSING
    return _trimmed(_rounded(value, decimals), thousands=lang == "en")


def magnitude_of(value: float, unit: object = "", lang: str = "zh") -> tuple[float, str]:
    """(divisor, suffix) a Chinese report writes `value` in: 9999 stays as it is, 10,400 is in
    万, and 99,999,999 reads 1亿 rather than 10000万. A unit with 万/亿 is not rescaled.

    In English money and units with 万/亿 are rescaled, from whatever unit they are in: 62.1 in
    亿元 is divided by 10 and reads in "bn yuan", 0.995 in 亿元 (99.5 m) by 0.01 and reads in
    "m yuan", 120 in 万平方米 by 100 and reads in "million m²"."""
    if _is_missing(value):
        return 1.0, ""
    if lang == "en":
        scaled = _english_scales(unit)
        return _english_scale(value, *scaled) if scaled else (1.0, "")
    if unit_has_magnitude(unit):
        return 1.0, ""
    number = _rounded(value, 2)
    divisor, magnitude = 1.0, ""
    for step, suffix in ((TEN_THOUSAND, "万"), (HUNDRED_MILLION, "亿")):
        if abs(number) < TEN_THOUSAND:
            break
        divisor, magnitude = step, suffix
        number = _rounded(float(value) / step, 2)
    return divisor, magnitude


def _english_scale(
    value: float, per_unit: float, scales: tuple[tuple[float, str], ...]
) -> tuple[float, str]:
    things = abs(float(value)) * per_unit
    for step, label in scales:
        # 999,999,999 yuan reads 1 bn rather than 1,000 m
        if _rounded(things / step, 2) >= 1:
            return step / per_unit, label
    return 1 / per_unit, scales[-1][1]


def format_quantity(
    value: float | None,
    unit: object = "",
    lang: str = "zh",
    decimals: int = 2,
    magnitude: tuple[float, str] | None = None,
) -> str:
    """10400, "套" -> "1.04万套"; 6.2e9, "元" -> "62亿元"; English: "10,400 units",
    "6.2 bn yuan".

    `magnitude` (from magnitude_of) writes several values of one column in the same 万 or 亿
    (in English, the same bn or m yuan).
    """
    if _is_missing(value):
        return MISSING
    unit = _unit_text(unit)
    if lang == "en" and _english_scales(unit):
        divisor, label = magnitude or magnitude_of(value, unit, lang)
        if float(value) == 0:
            divisor, label = 1.0, unit_label(unit, lang)  # "0 yuan", never "0 bn yuan"
        return f"{format_number(float(value) / divisor, decimals, lang)} {label}".rstrip()
    if lang == "en":
        number = format_number(value, decimals, lang="en")
        unit = unit_label(unit, lang)
        if number == "1":
            unit = ENGLISH_SINGULAR.get(unit, unit)
        return f"{number} {unit}" if unit else number
    divisor, suffix = magnitude or magnitude_of(value, unit)
    if float(value) == 0:
        suffix = ""  # "0套", never "0万套"
    return f"{_trimmed(_rounded(float(value) / divisor, decimals))}{suffix}{unit}"


# Enough to tell apart any two figures of up to eight digits written in 万.
MAX_DECIMALS = 6


def format_pair(
    first: float | None, second: float | None, unit: object = "", lang: str = "zh"
) -> tuple[str, str]:
    """Two figures of one indicator (actual and target) in the same 万 or 亿, with as many
    decimals as it takes to show that they differ: 10,400 and 10,360 套 read 1.04万套 and
    1.036万套, never 1.04万 twice."""
    present = [v for v in (first, second) if not _is_missing(v)]
    magnitude = (
        magnitude_of(max(present, key=lambda v: abs(float(v))), unit, lang) if present else None
    )
    decimals = 2
    while True:
        pair = (
            format_quantity(first, unit, lang, decimals, magnitude),
            format_quantity(second, unit, lang, decimals, magnitude),
        )
        if pair[0] != pair[1] or len(present) < 2 or float(first) == float(second):
            return pair
        if decimals >= MAX_DECIMALS:
            return pair
        decimals += 1


def format_against(actual: float | None, target: float | None, unit: object, lang: str) -> str:
    """ "actual / target" in one cell, in one unit and one magnitude, neither rounded away:
    "0.936万/1.2万套", "9,360 / 12,000 units", "4.5 / 6.21 bn yuan"."""
    done, goal = format_column([actual, target], unit, lang)
    if lang == "en":
        number, _, written = done.partition(" ")
        if written and goal.endswith((f" {written}", f" {ENGLISH_PLURAL.get(written, written)}")):
            done = number
        return f"{done} / {goal}"
    written = unit_label(unit, lang)
    if written and done != MISSING:
        done = done.removesuffix(written)
    return f"{done}/{goal}"


def format_column(values: Iterable[float | None], unit: object = "", lang: str = "zh") -> list[str]:
    """One indicator's figures down a column, all in one magnitude (the largest one's), so that
    a column never mixes 1850套 with 1.04万套: it reads 0.185万套 and 1.04万套."""
    values = list(values)
    present = [abs(float(v)) for v in values if not _is_missing(v)]
    magnitude = magnitude_of(max(present), unit, lang) if present else None
    decimals = MAX_DECIMALS if magnitude and magnitude[0] > 1 else 2
    return [format_quantity(v, unit, lang, decimals, magnitude) for v in values]


def format_percent(rate: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage, one decimal as reports write it: 1.385 -> "138.5%", 2.14 -> "214.0%".

    `decimals=2` keeps a second decimal where it says something: 1.0035 -> "100.35%".
    """
    if _is_missing(rate):
        return MISSING
    return f"{_trimmed(_rounded(float(rate) * 100, decimals), min_decimals=1)}%"


def format_points(gap_points: float | None, lang: str = "zh") -> str:
    """A gap against the schedule: -6.1 -> "落后6.1个百分点"; 3.2 -> "超前3.2个百分点"; 0 -> "持平"."""
    if _is_missing(gap_points):
        return MISSING
    rounded = _rounded(gap_points, 1)
    if rounded == 0:
        return "持平" if lang == "zh" else "level"
    size = _trimmed(abs(rounded))
    if lang == "en":
        points = "pt" if size == "1" else "pts"
        return f"{size} {points} {'behind' if rounded < 0 else 'ahead'}"
    return f"{'落后' if rounded < 0 else '超前'}{size}个百分点"


def format_gap(
    gap_points: float | None,
    completion_rate: float | None,
    direction: object = "higher",
    lang: str = "zh",
) -> str:
    """The gap as a report words it: a target reached is "超额完成6.4个百分点" (beyond 100%),
    not "超前31.4个百分点" against the schedule; a ceiling (lower is better) is kept or exceeded,
    never "ahead"; otherwise points against the schedule (format_points)."""
    if direction == "lower":
        if _is_missing(completion_rate):
            return MISSING
        within = float(completion_rate) <= 1
        if lang == "en":
            return "within the ceiling" if within else "over the ceiling"
        return "控制在上限内" if within else "超过上限"
    if not _is_missing(completion_rate) and float(completion_rate) >= 1:
        excess = _rounded((float(completion_rate) - 1) * 100, 1)
        if excess == 0:
            return "完成目标" if lang == "zh" else "target met"
        size = _trimmed(excess)
        if lang == "en":
            return f"{size} pts over target"
        return f"超额完成{size}个百分点"
    return format_points(gap_points, lang)


# Units that count whole things: their axes tick at whole numbers and projections are rounded.
COUNT_UNITS = frozenset(
    (
        "个",
        "座",
        "套",
        "户",
        "起",
        "项",
        "次",
        "项次",
        "宗",
        "家",
        "栋",
        "台",
        "辆",
        "人",
        "所",
        "间",
    )
)


def is_count_unit(unit: object) -> bool:
    return _unit_text(unit).strip() in COUNT_UNITS


def axis_scale(
    values: Iterable[float | None], unit: object = "", lang: str = "zh"
) -> tuple[float, str]:
    """(divisor, suffix) so that axis ticks read in 万 or 亿, which plotly cannot format by itself.

    Divide the plotted values by the divisor and put the suffix before the unit in the axis
    title. A unit that already carries 万/亿 is left as it is. In English only money is
    rescaled, and the suffix ("bn yuan") takes the unit's place (magnitude_of).
    """
    finite = [abs(float(v)) for v in values if not _is_missing(v)]
    largest = max(finite, default=0.0)
    if lang == "en":
        return magnitude_of(largest, unit, lang)
    if unit_has_magnitude(unit):
        return 1.0, ""
    if largest >= HUNDRED_MILLION:
        return HUNDRED_MILLION, "亿"
    if largest >= TEN_THOUSAND:
        return TEN_THOUSAND, "万"
    return 1.0, ""


def display_width(text: str) -> int:
    """Width in columns of a monospaced grid, where a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def truncate_display(text: str, max_width: int) -> str:
    """Cut text to at most `max_width` columns, marking the cut with an ellipsis."""
    if display_width(text) <= max_width:
        return text
    kept, width = [], 1  # the ellipsis takes one column
    for ch in text:
        width += display_width(ch)
        if width > max_width:
            break
        kept.append(ch)
    return "".join(kept) + "…"
