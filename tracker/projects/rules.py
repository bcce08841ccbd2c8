"""How a bureau counts its projects: its list of stages and its light rule, read from settings.

Provinces name the stages differently (谋划/储备/开工/在建/竣工, or 签约/开工/投产/达产), and
cities light investment differently; both are settings with published practice as defaults.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_STAGES = ("谋划", "储备", "开工", "在建", "竣工")
# Sanya 2022, investment: green at or above the time schedule, yellow down to half of it.
DEFAULT_GREEN_RATIO = 1.0
DEFAULT_RED_RATIO = 0.5
# Dates: a planned start or completion missed this month is yellow, three months red.
RED_AFTER_MONTHS = 3

_SEPARATORS = re.compile(r"[/、，,;；\s]+")


@dataclass(frozen=True)
class ProjectRules:
    stages: tuple[str, ...] = DEFAULT_STAGES
    green_ratio: float = DEFAULT_GREEN_RATIO
    red_ratio: float = DEFAULT_RED_RATIO
    red_after_months: int = RED_AFTER_MONTHS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> ProjectRules:
        """TRACKER_PROJECT_STAGES (e.g. 签约/开工/投产/达产), TRACKER_PROJECT_GREEN_RATIO and
        TRACKER_PROJECT_RED_RATIO (investment done ÷ planned by the date)."""
        raw_stages = environ.get("TRACKER_PROJECT_STAGES", "").strip()
        stages = tuple(s for s in _SEPARATORS.split(raw_stages) if s) or DEFAULT_STAGES
        if len(set(stages)) != len(stages):
            raise ValueError(f"环境变量 TRACKER_PROJECT_STAGES 的值“{raw_stages}”有重复的阶段")
        green = _ratio(environ, "TRACKER_PROJECT_GREEN_RATIO", DEFAULT_GREEN_RATIO)
        red = _ratio(environ, "TRACKER_PROJECT_RED_RATIO", DEFAULT_RED_RATIO)
        if red >= green:
            raise ValueError(
                "环境变量 TRACKER_PROJECT_RED_RATIO 须小于 TRACKER_PROJECT_GREEN_RATIO"
                f"（现为 {red:g} 与 {green:g}）"
            )
        return cls(stages=stages, green_ratio=green, red_ratio=red)


def _ratio(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"环境变量 {name} 的值“{raw}”无效：须为数字") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"环境变量 {name} 的值“{raw}”无效：须大于 0")
    return value
