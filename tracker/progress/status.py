"""The status of an indicator against the time schedule: codes, labels, colours and thresholds."""

from __future__ import annotations

from dataclasses import dataclass

# Worst last, so that sorting by this order puts those to call out at the end of a ranking.
STATUS_ORDER: tuple[str, ...] = (
    "complete",
    "on_track",
    "slightly_behind",
    "behind",
    "seriously_behind",
    "no_data",
)

STATUS_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "complete": "已完成",
        "on_track": "正常",
        "slightly_behind": "略滞后",
        "behind": "滞后",
        "seriously_behind": "严重滞后",
        "no_data": "未报送",
    },
    "en": {
        "complete": "Complete",
        "on_track": "On track",
        "slightly_behind": "Slightly behind",
        "behind": "Behind",
        "seriously_behind": "Seriously behind",
        "no_data": "Not reported",
    },
}

# One colour per status, used by every chart and table; green-yellow-red as bureaus' wall charts.
STATUS_COLORS: dict[str, str] = {
    "complete": "#1a7f37",
    "on_track": "#4caf50",
    "slightly_behind": "#f2c744",
    "behind": "#f08c2e",
    "seriously_behind": "#d32f2f",
    "no_data": "#9e9e9e",
}

LAGGING: tuple[str, ...] = ("slightly_behind", "behind", "seriously_behind")


def status_label(code: str, lang: str = "zh") -> str:
    return STATUS_LABELS[lang].get(code, code)


# How the caption beside a 序时进度 names each rule.
SCHEDULE_RULE_LABELS: dict[str, dict[str, str]] = {
    "zh": {"month": "按月计", "day": "按日计", "jan_feb": "按月计，1–2月合并"},
    "en": {
        "month": "by month",
        "day": "by day",
        "jan_feb": "by month, January and February together",
    },
}


@dataclass(frozen=True)
class Thresholds:
    """Bands in percentage points behind the schedule, how old a snapshot may be, and how the
    time schedule (序时进度) counts the year.

    Defaults follow published practice: up to 10 points behind is slightly behind, 10 to 30
    behind, over 30 seriously behind.
    """

    slightly_behind_points: float = 10.0
    behind_points: float = 30.0
    stale_after_days: int = 62
    # 序时: the share of the year elapsed counted by month, by day, or by month with January
    # and February reported together ("jan_feb")
    schedule_rule: str = "month"

    def __post_init__(self) -> None:
        if not 0 < self.slightly_behind_points < self.behind_points:
            raise ValueError("阈值设置有误：略滞后阈值须大于 0 且小于滞后阈值")
        if self.stale_after_days < 1:
            raise ValueError("阈值设置有误：未报送天数须至少为 1 天")
        if self.schedule_rule not in ("month", "day", "jan_feb"):
            raise ValueError("序时进度规则须为 month（按月）、day（按日）或 jan_feb（1-2月合并）")
