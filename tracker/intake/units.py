"""Units of measure and conversion within a family (套/万套, 米/公里, 平方米/万平方米,
元/万元/亿元/万亿元). Factors are exact decimals, so 19.3 公里 is 19300 米, not 19300.000000000004.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from tracker.intake.fields import simplified

# Spellings folded to one name before families are looked up.
_SPELLINGS = {
    "km": "公里",
    "千米": "公里",
    "m": "米",
    "m2": "平方米",
    "m²": "平方米",
    "平米": "平方米",
    "㎡": "平方米",
    "km2": "平方公里",
    "万m2": "万平方米",
    "万㎡": "万平方米",
}

# Units that are a multiple of another without a 万/亿 prefix.
_MULTIPLES = {"公里": ("米", Decimal(1000)), "平方公里": ("平方米", Decimal(1_000_000))}

# Longest first: 万亿 is a prefix of its own, not 万 of 亿元.
_PREFIXES = {"万亿": Decimal(10) ** 12, "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}


def canonical(unit: str | None) -> str:
    """One spelling per unit: full-width forms and Traditional characters folded (萬套 -> 万套)."""
    if unit is None:
        return ""
    text = simplified(unicodedata.normalize("NFKC", str(unit)).strip())
    return _SPELLINGS.get(text.lower(), text)


def base_and_factor(unit: str | None) -> tuple[str, Decimal]:
    """The family's base unit and how many base units one `unit` is: 万平方米 -> (平方米, 10000)."""
    name = canonical(unit)
    factor = Decimal(1)
    for prefix, multiple in _PREFIXES.items():
        if len(name) > len(prefix) and name.startswith(prefix):
            factor = multiple
            name = canonical(name[len(prefix) :])
            break
    if name in _MULTIPLES:
        base, multiple = _MULTIPLES[name]
        return base, factor * multiple
    return name, factor


def base_unit(unit: str | None) -> str:
    return base_and_factor(unit)[0]


def exact_factor(from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """Multiply a value in `from_unit` by this to get `to_unit`; None when they cannot convert."""
    from_base, from_factor = base_and_factor(from_unit)
    to_base, to_factor = base_and_factor(to_unit)
    if from_base != to_base:
        return None
    return from_factor / to_factor


def conversion_factor(from_unit: str | None, to_unit: str | None) -> float | None:
    """exact_factor as the nearest float."""
    factor = exact_factor(from_unit, to_unit)
    return None if factor is None else float(factor)
