"""How a bureau counts its projects: its list of stages and its light numbers.

Provinces name the stages differently (谋划/储备/开工/在建/竣工, or 签约/开工/投产/达产): a
deployment setting. The light numbers are supervision settings, chosen on 督办设置 with the task
light rule and audited with it (tracker.supervision.rules), so both are set in one place.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.settings import Settings
from tracker.store import Store
from tracker.supervision import rules as supervision

DEFAULT_STAGES = ("谋划", "储备", "开工", "在建", "竣工")
_DEFAULTS = supervision.SupervisionSettings()

_SEPARATORS = re.compile(r"[/、，,;；\s]+")


@dataclass(frozen=True)
class ProjectRules:
    stages: tuple[str, ...] = DEFAULT_STAGES
    # investment done ÷ planned by the date: green from `green_ratio`, red below `red_ratio`
    green_ratio: float = _DEFAULTS.project_ratio_green
    red_ratio: float = _DEFAULTS.project_ratio_yellow
    # a planned start or completion missed this month is yellow, this many months red
    red_after_months: int = _DEFAULTS.project_overdue_months
    # how an annual plan without monthly values is spread over the year (TRACKER_SCHEDULE_RULE)
    schedule_rule: str = "month"

    @classmethod
    def from_settings(
        cls, settings: supervision.SupervisionSettings, environ: Mapping[str, str] = os.environ
    ) -> ProjectRules:
        """The stages of TRACKER_PROJECT_STAGES (e.g. 签约/开工/投产/达产) with the light numbers
        of `settings` and the deployment's 序时 rule."""
        raw_stages = environ.get("TRACKER_PROJECT_STAGES", "").strip()
        stages = tuple(s for s in _SEPARATORS.split(raw_stages) if s) or DEFAULT_STAGES
        if len(set(stages)) != len(stages):
            raise ValueError(f"环境变量 TRACKER_PROJECT_STAGES 的值“{raw_stages}”有重复的阶段")
        return cls(
            stages=stages,
            green_ratio=settings.project_ratio_green,
            red_ratio=settings.project_ratio_yellow,
            red_after_months=settings.project_overdue_months,
            schedule_rule=Settings.from_env(environ).schedule_rule,
        )


def current(store: Store, environ: Mapping[str, str] = os.environ) -> ProjectRules:
    """The rules in force: the deployment's stages and the supervision settings' light numbers."""
    return ProjectRules.from_settings(supervision.current(store), environ)
