"""The plan's contract (年度任务清单): its fields, the headers that name them, and its words.

Fields the plan shares with a progress snapshot are the snapshot contract's own (same headers,
same aliases); the plan adds kind, the most the indicator can reach (最大值), cooperating units, contact, reporting frequency, milestones
and the planned cumulative value at each month end (columns 1月 … 12月).
"""

from __future__ import annotations

import re

from tracker.intake.fields import FIELD_BY_NAME, Field, alias_index, normalise

_SHARED = (
    "task_id",
    "task",
    "indicator",
    "unit",
    "annual_target",
    "direction",
    "lead_unit",
    "leader",
    "category",
    "area",
    "region",
)

PLAN_FIELDS: tuple[Field, ...] = (
    Field("year", "年度", "year", aliases=("计划年度", "年份"), example="2022"),
    *(FIELD_BY_NAME[name] for name in _SHARED),
    Field("kind", "指标类型", "kind", aliases=("指标性质", "类型", "指标类别"), example="累计值"),
    Field(
        "maximum",
        "最大值",
        "maximum",
        aliases=("最大可能值", "可达最大值", "最多可达"),
        example="",
    ),
    Field(
        "cooperating_units",
        "配合单位",
        "cooperating_units",
        aliases=("协办单位", "配合部门"),
        example="规划土地监察局",
    ),
    Field(
        "contact",
        "联系人",
        "contact",
        aliases=("联系方式", "联系电话", "联系人及电话"),
        example="陈晓 0755-28900001",
    ),
    Field(
        "frequency",
        "报送频次",
        "frequency",
        aliases=("报送频率", "填报频次", "报送周期"),
        example="月报",
    ),
    Field("milestone", "节点名称", "milestone", aliases=("节点", "里程碑"), example=""),
    Field(
        "milestone_due",
        "计划完成日期",
        "milestone_due",
        aliases=("节点日期", "计划完成时间", "完成时限"),
        example="",
    ),
)

PLAN_FIELD_BY_NAME = {f.name: f for f in PLAN_FIELDS}
PLAN_ALIASES = alias_index(PLAN_FIELDS)
REQUIRED = ("task", "lead_unit")

_MONTH_HEADER = re.compile(r"^(?:计划)?(\d{1,2})月(?:末|底)?(?:计划)?(?:累计)?(?:\(.*\))?$")


def month_of_header(header: object) -> int | None:
    """`1月`, `3月计划`, `12月末` name the planned cumulative value at that month's end."""
    m = _MONTH_HEADER.match(normalise(header))
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(1))
    return None


KINDS = ("cumulative", "period_end", "ceiling", "milestone")
KIND_LABELS = {
    "cumulative": "累计值",
    "period_end": "期末值",
    "ceiling": "控制上限",
    "milestone": "节点",
}
_KIND_WORDS = {
    "cumulative": ("累计值", "累计", "累计数", "cumulative"),
    "period_end": ("期末值", "期末", "时点值", "时点", "periodend", "level", "rate"),
    "ceiling": ("控制上限", "上限", "控制值", "控制数", "ceiling"),
    "milestone": ("节点", "节点类", "里程碑", "milestone"),
}
_KIND_BY_WORD = {normalise(w).replace("_", ""): k for k, ws in _KIND_WORDS.items() for w in ws}

FREQUENCIES = ("weekly", "monthly", "quarterly")
FREQUENCY_LABELS = {"weekly": "周报", "monthly": "月报", "quarterly": "季报"}
_FREQUENCY_WORDS = {
    "weekly": ("周报", "每周", "周", "weekly", "week"),
    "monthly": ("月报", "每月", "月", "monthly", "month"),
    "quarterly": ("季报", "每季", "每季度", "季", "季度", "quarterly", "quarter"),
}
_FREQUENCY_BY_WORD = {normalise(w): k for k, ws in _FREQUENCY_WORDS.items() for w in ws}


def parse_kind(text: str) -> str:
    if not text.strip():
        return "cumulative"
    found = _KIND_BY_WORD.get(normalise(text).replace("_", ""))
    if found is None:
        raise ValueError(f"指标类型“{text}”无法识别，请填 累计值、期末值、控制上限 或 节点")
    return found


def parse_frequency(text: str) -> str:
    if not text.strip():
        return "monthly"
    found = _FREQUENCY_BY_WORD.get(normalise(text))
    if found is None:
        raise ValueError(f"报送频次“{text}”无法识别，请填 周报、月报 或 季报")
    return found
