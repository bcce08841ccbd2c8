"""Units of measure and conversion within a family (套/万套, 米/公里, 平方米/万平方米, 元/万元/亿元)."""

from __future__ import annotations

import unicodedata

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
_MULTIPLES = {"公里": ("米", 1000.0), "平方公里": ("平方米", 1_000_000.0)}

_PREFIXES = {"万": 1e4, "亿": 1e8}


def canonical(unit: str | None) -> str:
    if unit is None:
        return ""
    text = unicodedata.normalize("NFKC", str(unit)).strip()
    return _SPELLINGS.get(text.lower(), text)


def base_and_factor(unit: str | None) -> tuple[str, float]:
    """The family's base unit and how many base units one `unit` is: 万平方米 -> (平方米, 10000)."""
    name = canonical(unit)
    factor = 1.0
    if len(name) > 1 and name[0] in _PREFIXES:
        factor = _PREFIXES[name[0]]
        name = canonical(name[1:])
    if name in _MULTIPLES:
        base, multiple = _MULTIPLES[name]
        return base, factor * multiple
    return name, factor


def conversion_factor(from_unit: str | None, to_unit: str | None) -> float | None:
    """Multiply a value in `from_unit` by this to get `to_unit`; None when they cannot convert."""
    from_base, from_factor = base_and_factor(from_unit)
    to_base, to_factor = base_and_factor(to_unit)
    if from_base != to_base:
        return None
    return from_factor / to_factor
