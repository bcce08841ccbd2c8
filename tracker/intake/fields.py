"""The upload contract: the fields of a progress snapshot and the headers that name them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import opencc


@dataclass(frozen=True)
class Field:
    name: str
    chinese: str
    english: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""


FIELDS: tuple[Field, ...] = (
    Field(
        "as_of",
        "截至日期",
        "as_of",
        aliases=("截止日期", "统计日期", "日期", "date"),
        example="2022-09-30",
    ),
    Field("period", "报告期", "period", aliases=("报告期间", "统计期", "期间"), example="2022Q3"),
    Field(
        "task",
        "任务名称",
        "task",
        required=True,
        aliases=("重点任务", "任务", "task_name"),
        example="地下综合管廊建设",
    ),
    Field("task_id", "任务编号", "task_id", aliases=("序号", "编号", "task_code"), example="A-01"),
    Field(
        "indicator",
        "指标名称",
        "indicator",
        aliases=("指标", "考核指标"),
        example="新建地下综合管廊",
    ),
    Field("unit", "计量单位", "unit", aliases=("单位",), example="公里"),
    Field(
        "annual_target",
        "年度目标",
        "annual_target",
        required=True,
        aliases=("年度目标值", "全年目标", "年度计划", "target"),
        example="20",
    ),
    Field(
        "actual",
        "累计完成",
        "actual",
        required=True,
        aliases=("累计完成值", "累计完成量", "完成值", "cumulative"),
        example="15.2",
    ),
    Field(
        "planned",
        "序时目标",
        "planned",
        aliases=("计划累计", "序时计划", "planned_to_date"),
        example="15",
    ),
    Field("direction", "指标方向", "direction", example="越大越好"),
    Field(
        "lead_unit", "牵头单位", "lead_unit", aliases=("责任单位", "牵头部门"), example="建设管理科"
    ),
    Field("leader", "责任领导", "leader", aliases=("领衔领导", "分管领导"), example="张三"),
    Field("category", "任务类别", "category", aliases=("类别",), example="区重点工作"),
    Field("area", "所属领域", "area", aliases=("领域",), example="安全发展"),
    Field("region", "所属地区", "region", aliases=("地区", "区域"), example="龙岗区"),
    Field(
        "progress_note",
        "进展情况",
        "progress_note",
        aliases=("工作进展", "进展"),
        example="已完成主体结构施工",
    ),
    Field("problems", "存在问题", "problems", aliases=("问题",), example="征地拆迁进度偏慢"),
    Field(
        "next_steps",
        "下步措施",
        "next_steps",
        aliases=("下一步措施", "下步工作"),
        example="倒排工期，每周调度",
    ),
)

FIELD_BY_NAME = {f.name: f for f in FIELDS}
NUMERIC_FIELDS = ("annual_target", "actual", "planned")
TEXT_FIELDS = (
    "task_id",
    "lead_unit",
    "leader",
    "category",
    "area",
    "progress_note",
    "problems",
    "next_steps",
)

_UNIT_IN_HEADER = re.compile(r"^(?P<name>[^()]+)\((?P<unit>[^()]+)\)$")


_TRADITIONAL_TO_SIMPLIFIED = opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters as Simplified: 年度目標 -> 年度目标, 臺北市 -> 台北市."""
    return _TRADITIONAL_TO_SIMPLIFIED.convert(text)


def normalise(text: object) -> str:
    """Fold full-width forms, case, spaces and Traditional characters, so that `年度目标 （ 公里 ）`,
    `年度目标(公里)` and `年度目標(公里)` match, and 臺北市 is 台北市.
    """
    folded = unicodedata.normalize("NFKC", str(text)).lower()
    return simplified(re.sub(r"\s+", "", folded))


def _header_key(text: object) -> str:
    # `Annual Target`, `annual_target` and `ANNUAL-TARGET` name the same field.
    return re.sub(r"[_\-]", "", normalise(text))


def alias_index(fields: tuple[Field, ...]) -> dict[str, str]:
    """Header key -> field name, for every name a header may use for one of `fields`."""
    index: dict[str, str] = {}
    for f in fields:
        for alias in (f.chinese, f.english, f.name, *f.aliases):
            index[_header_key(alias)] = f.name
    return index


_ALIASES = alias_index(FIELDS)


@dataclass(frozen=True)
class Contract:
    """The fields of one kind of upload (progress snapshots, project ledgers): what a column
    mapping offers, which fields are required, and the index of the headers naming them. Every
    contract asks for 截至日期 or 报告期 besides its required fields. `kind` names it where
    column mappings are remembered."""

    fields: tuple[Field, ...]
    aliases: dict[str, str]
    kind: str

    @classmethod
    def of(cls, fields: tuple[Field, ...], kind: str) -> Contract:
        return cls(fields, alias_index(fields), kind)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def match(self, header: object) -> tuple[str | None, str | None]:
        return match_header(header, self.aliases)


def match_header(
    header: object, aliases: dict[str, str] = _ALIASES
) -> tuple[str | None, str | None]:
    """The field a header names and the unit it carries, e.g. `年度目标(公里)` -> (annual_target, 公里).

    `aliases` is the upload contract's index unless another contract (the plan's) is given.
    """
    key = _header_key(header)
    if not key:
        return None, None
    if key in aliases:
        return aliases[key], None
    m = _UNIT_IN_HEADER.match(key)
    if m and m.group("name") in aliases:
        return aliases[m.group("name")], unicodedata.normalize("NFKC", str(header)).split("(")[
            -1
        ].rstrip(")").strip()
    return None, None


SNAPSHOT = Contract(FIELDS, _ALIASES, "snapshot")
