"""The year's plan: checked from a file or an edited table, saved as a version, read back.

A plan file goes through the same reader as a progress snapshot (tracker.intake.reading) and
its headers through the same matching (tracker.intake.fields); one bad row refuses the whole
plan and nothing is stored. A task with several milestones repeats its row, one milestone each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from tracker import sql
from tracker.access import audit
from tracker.intake import identity, units, values
from tracker.intake.fields import match_header, normalise
from tracker.intake.ingest import PROBLEM_COLUMNS, collect_problems, column_letter
from tracker.intake.reading import Grid, UnreadableFile, read_grid
from tracker.plan import years as plan_years
from tracker.plan.contract import (
    FREQUENCY_LABELS,
    KIND_LABELS,
    PLAN_ALIASES,
    PLAN_FIELD_BY_NAME,
    REQUIRED,
    month_of_header,
    parse_frequency,
    parse_kind,
)
from tracker.presentation import export
from tracker.presentation.formatting import format_quantity
from tracker.presentation.views import format_date
from tracker.store import Store

ITEM_COLUMNS = (
    "item_no",
    "match_key",
    "name_key",
    "task_code",
    "task",
    "indicator",
    "unit",
    "kind",
    "direction",
    "annual_target",
    "lead_unit",
    "cooperating_units",
    "leader",
    "contact",
    "category",
    "area",
    "region",
    "frequency",
    "planned_by_month",
    "maximum",
)
_TEXT = ("task_id", "cooperating_units", "leader", "contact", "category", "area", "region")


@dataclass
class CheckedPlan:
    """A plan that was read and checked: `problems` (nothing may be saved) or items to save."""

    file_name: str
    year: int | None
    problems: pd.DataFrame
    items: pd.DataFrame = field(default_factory=pd.DataFrame)
    milestones: pd.DataFrame = field(default_factory=pd.DataFrame)
    original: bytes = b""

    @property
    def accepted(self) -> bool:
        return self.problems.empty


def _problem(row, column, message) -> dict:
    return {"row": row, "column": column, "message": message}


def _refused(file_name: str, year: int | None, problems: list[dict]) -> CheckedPlan:
    return CheckedPlan(
        file_name, year, collect_problems([pd.DataFrame(problems, columns=PROBLEM_COLUMNS)])
    )


@dataclass
class _Header:
    row: int
    columns: dict[str, int]
    labels: dict[str, str]
    units: dict[str, str]
    months: dict[int, int]  # month -> column index
    month_labels: dict[int, str]


def _find_header(grid: Grid) -> _Header | str:
    best: list[str] = []
    for index, cells in enumerate(grid.top):
        names = {match_header(c, PLAN_ALIASES)[0] for c in cells} - {None}
        if set(REQUIRED) <= names:
            return _parse_header(index + 1, cells)
        if len(names) > len({match_header(c, PLAN_ALIASES)[0] for c in best} - {None}):
            best = cells
    found = "、".join(c for c in best if c.strip()) or "（无）"
    missing = "、".join(PLAN_FIELD_BY_NAME[n].chinese for n in REQUIRED)
    return f"任务清单缺少必填列（{missing}）。文件中找到的列：{found}。请按任务清单模板填写表头"


def _parse_header(row: int, cells: list[str]) -> _Header:
    header = _Header(row, {}, {}, {}, {}, {})
    for index, cell in enumerate(cells):
        label = f"{column_letter(index)}列「{cell.strip()}」"
        month = month_of_header(cell)
        if month is not None and month not in header.months:
            header.months[month] = index
            header.month_labels[month] = label
            continue
        name, unit = match_header(cell, PLAN_ALIASES)
        if name is None or name in header.columns:
            continue
        header.columns[name] = index
        header.labels[name] = label
        if unit:
            header.units[name] = unit
    return header


def check_file(data: bytes, file_name: str, year: int | None = None) -> CheckedPlan:
    """Read and check a plan file; `year` is the plan's year when the file has no 年度 column."""
    try:
        grid = read_grid(data, file_name)
    except (UnreadableFile, UnicodeDecodeError) as exc:
        message = str(exc) if isinstance(exc, UnreadableFile) else "文件中有无法识别的字符"
        return _refused(file_name, year, [_problem(None, None, message)])
    checked = check_grid(grid, file_name, year)
    checked.original = data
    return checked


def check_table(table: pd.DataFrame, year: int) -> CheckedPlan:
    """Check a plan edited in the app: the table's columns are the template's headers."""
    headers = [str(c) for c in table.columns]
    body = table.astype(object).where(table.notna(), "").map(lambda v: _cell_text(v))
    body.columns = range(len(headers))
    body.index = range(2, 2 + len(body))
    return check_grid(Grid(top=[headers], _body=body), "在线编辑", year)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date | datetime | pd.Timestamp):
        return pd.Timestamp(value).date().isoformat()
    return str(value).strip()


def check_grid(grid: Grid, file_name: str, year: int | None) -> CheckedPlan:
    header = _find_header(grid)
    if isinstance(header, str):
        return _refused(file_name, year, [_problem(None, None, header)])
    body = grid.body(header.row, max(len(c) for c in grid.top if c) if grid.top else 0)
    body = body[(body != "").any(axis=1)]
    if body.empty:
        return _refused(file_name, year, [_problem(header.row, None, "表头下面没有任务，请填写")])

    problems: list[dict] = []
    # cells as plain tuples (columns are positions 0..width-1): a Series per row is slow
    rows = [
        _check_row(number, cells, header, problems)
        for number, cells in zip(body.index, body.itertuples(index=False, name=None), strict=True)
    ]
    years = {r["year"] for r in rows if r["year"] is not None}
    if year is None:
        if len(years) == 1:
            year = years.pop()
        elif not years:
            problems.append(_problem(None, None, "请选择任务清单的年度（或在表中填写“年度”列）"))
        else:
            label = header.labels["year"]
            problems.append(
                _problem(None, label, f"一份任务清单只能是一个年度，文件中有 {sorted(years)}")
            )
    else:
        for r in rows:
            if r["year"] is not None and r["year"] != year:
                problems.append(
                    _problem(
                        r["row"],
                        header.labels["year"],
                        f"年度为 {r['year']}，与所选的 {year} 年不一致",
                    )
                )
    items, milestones = _group(rows, header, problems, year)
    if problems:
        return _refused(file_name, year, problems)
    return CheckedPlan(file_name, year, pd.DataFrame(columns=PROBLEM_COLUMNS), items, milestones)


def _check_row(number: int, cells: tuple, header: _Header, problems: list[dict]) -> dict:
    def text(name: str) -> str:
        return cells[header.columns[name]] if name in header.columns else ""

    def label(name: str) -> str:
        return header.labels.get(name, PLAN_FIELD_BY_NAME[name].chinese)

    def parsed(name: str, parse, default=None):
        if not text(name):
            return default
        try:
            return parse(text(name))
        except ValueError as exc:
            problems.append(_problem(number, label(name), str(exc)))
            return default

    row: dict = {"row": number}
    for name in ("task", "lead_unit"):
        row[name] = text(name)
        if not row[name]:
            problems.append(
                _problem(number, label(name), f"{PLAN_FIELD_BY_NAME[name].chinese}为空，请填写")
            )
    if any(text(name).startswith(EXAMPLE_MARK) for name in ("task_id", "task")):
        problems.append(
            _problem(number, label("task"), "这是模板中的示例行，请删除或改成本单位的任务后再上传")
        )
    row["indicator"] = text("indicator") or row["task"]
    row["unit"] = units.canonical(text("unit") or header.units.get("annual_target", ""))
    for name in _TEXT:
        row[name] = text(name) or None
    row["region"] = row["region"] or ""
    row["year"] = parsed("year", _parse_year)
    row["kind"] = parsed("kind", parse_kind, "cumulative")
    row["frequency"] = parsed("frequency", parse_frequency, "monthly")
    row["direction"] = parsed("direction", values.parse_direction)
    row["annual_target"] = parsed("annual_target", lambda t: _number(t, row["unit"]))
    row["target_written"] = bool(text("annual_target"))
    row["maximum"] = parsed("maximum", lambda t: _number(t, row["unit"]))
    row["planned_by_month"] = [None] * 12
    for month, index in header.months.items():
        if cells[index]:
            try:
                row["planned_by_month"][month - 1] = _number(cells[index], row["unit"])
            except ValueError as exc:
                problems.append(_problem(number, header.month_labels[month], str(exc)))
    row["milestone"] = text("milestone") or None
    row["milestone_due"] = parsed("milestone_due", values.parse_date)
    if row["milestone"] and row["milestone_due"] is None and not text("milestone_due"):
        problems.append(
            _problem(number, label("milestone_due"), "填写了节点名称，请同时填写计划完成日期")
        )
    if row["milestone_due"] is not None and not row["milestone"]:
        problems.append(
            _problem(number, label("milestone"), "填写了计划完成日期，请同时填写节点名称")
        )
    return row


def _parse_year(text: str) -> int:
    folded = values.fold(text).removesuffix("年")
    if not folded.isdigit() or not 2000 <= int(folded) <= 2100:
        raise ValueError(f"年度“{text}”应为四位年份，如 2022")
    return int(folded)


def _number(text: str, unit: str) -> float:
    value, inline = values.parse_number(text)
    if not np.isfinite(value):
        raise ValueError(f"应为数字，现为“{text}”")
    inline = units.canonical(inline)
    if inline and inline != unit:
        factor = units.conversion_factor(inline, unit)
        if factor is None:
            raise ValueError(f"单位“{inline}”与计量单位“{unit or '未填'}”不一致，且无法换算")
        value *= factor
    return value


def _group(rows: list[dict], header: _Header, problems: list[dict], year) -> tuple:
    """One item per indicator (region, task, indicator, lead unit); repeated rows add milestones.

    Grouped over plain rows, not a DataFrame group by group, so a province's plan of tens of
    thousands of indicators is checked in seconds."""
    frame = pd.DataFrame(rows)
    # the indicator's identity as uploads key it: its names and its lead unit
    name_keys = identity.name_keys(frame["region"], frame["task"], frame["indicator"])
    match_keys = identity.match_keys(name_keys, frame["lead_unit"])
    groups: dict[tuple[str, str], list[dict]] = {}
    for row, name_key, match_key in zip(rows, name_keys, match_keys, strict=True):
        row = row | {"name_key": name_key, "match_key": match_key}
        groups.setdefault((match_key, normalise(row["lead_unit"])), []).append(row)
    items, milestones = [], []
    for item_no, group in enumerate(groups.values(), start=1):
        first = group[0]
        item = {name: first.get(name) for name in ITEM_COLUMNS}
        item["item_no"] = item_no
        item["task_code"] = first["task_id"]
        item["target_written"] = any(r["target_written"] for r in group)
        for name in _AGREED:
            default = _DEFAULTS.get(name)
            given = [r[name] for r in group if not _blank(r[name]) and r[name] != default]
            if len({str(v) for v in given}) > 1:
                problems.append(
                    _problem(
                        int(group[-1]["row"]),
                        header.labels.get(name, PLAN_FIELD_BY_NAME[name].chinese),
                        f"同一指标（第 {'、'.join(str(r['row']) for r in group)} 行）的"
                        f"{PLAN_FIELD_BY_NAME[name].chinese}不一致，请统一",
                    )
                )
            if given:
                item[name if name != "task_id" else "task_code"] = given[0]
        planned = [
            next(
                (r["planned_by_month"][m] for r in group if r["planned_by_month"][m] is not None),
                None,
            )
            for m in range(12)
        ]
        # no monthly plan at all is none, not twelve blanks
        item["planned_by_month"] = planned if any(v is not None for v in planned) else None
        nodes = [r for r in group if r["milestone"] is not None]
        milestones.extend(
            {"match_key": item["match_key"], "name": n["milestone"], "due": n["milestone_due"]}
            for n in nodes
            if n["milestone_due"] is not None
        )
        _check_item(item, len(nodes), int(first["row"]), header, problems, year)
        items.append(item)
    item_frame = pd.DataFrame(items, columns=list(ITEM_COLUMNS))
    return item_frame, pd.DataFrame(milestones, columns=["match_key", "name", "due"])


# Fields an indicator's repeated rows (one per milestone) must agree on, and the values that
# mean "not written" for them.
_AGREED = (
    "task_id",
    "kind",
    "frequency",
    "annual_target",
    "direction",
    "unit",
    "leader",
    "maximum",
)
_DEFAULTS = {"kind": "cumulative", "frequency": "monthly"}


def _blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and np.isnan(value))


def _check_item(item: dict, node_count: int, row: int, header, problems, year) -> None:
    def label(name: str) -> str:
        return header.labels.get(name, PLAN_FIELD_BY_NAME[name].chinese)

    kind, target = item["kind"], item["annual_target"]
    if kind == "ceiling":
        if item["direction"] == "higher":
            problems.append(
                _problem(
                    row, label("direction"), "控制上限类指标越小越好，请把指标方向改为“越小越好”"
                )
            )
        item["direction"] = "lower"
    item["direction"] = item["direction"] or "higher"
    if kind == "milestone":
        if node_count == 0:
            problems.append(
                _problem(row, label("milestone"), "节点类指标请至少填写一个节点名称和计划完成日期")
            )
        item["annual_target"] = float(node_count)
        return
    if target is None or pd.isna(target):
        if not item["target_written"]:
            problems.append(_problem(row, label("annual_target"), "年度目标为空，请填写数字"))
        return
    if kind == "ceiling" and target < 0:
        problems.append(_problem(row, label("annual_target"), "控制上限不能为负数（可以为 0）"))
    elif kind != "ceiling" and target <= 0:
        problems.append(_problem(row, label("annual_target"), "年度目标必须大于 0"))
    maximum = item.get("maximum")
    if maximum is not None and not pd.isna(maximum) and maximum < target:
        problems.append(
            _problem(
                row,
                label("maximum"),
                f"最大值（最多可能达到的数）不能小于年度目标 {_plain(target)}，不适用时请留空",
            )
        )
    for month, planned in enumerate(item["planned_by_month"] or [], start=1):
        if planned is not None and planned < 0:
            problems.append(
                _problem(row, header.month_labels[month], f"{month}月计划累计不能为负数")
            )


# ---------------------------------------------------------------------------------------------
# Saving and reading back


def save(
    store: Store,
    checked: CheckedPlan,
    actor: str,
    *,
    effective_from: date | None = None,
    reason: str = "",
) -> int:
    """Store a checked plan as a new version of its year; returns the version id.

    Without `effective_from` the version replaces the year's plan from the first day of the year
    (TRACKER_YEAR_START_MONTH; a correction); with it, it is a target adjustment (调整目标) from that date, and needs a reason.
    """
    if not checked.accepted or checked.year is None:
        raise ValueError("a refused plan cannot be saved")
    year = checked.year
    start = plan_years.first_day(year)
    if effective_from is not None and effective_from != start:
        if plan_years.year_of(effective_from) != year:
            raise ValueError(
                f"调整生效日期须在 {year} 年度内（{start} 至 {plan_years.last_day(year)}）"
            )
        if not reason.strip():
            raise ValueError("年中调整目标请填写调整原因（如会议纪要或文件名）")
    with store.transaction() as cur:
        version_id = cur.execute(
            sql.load("plan/plan_version_insert"),
            {
                "year": year,
                "effective_from": effective_from or start,
                "reason": reason.strip(),
                "saved_at": datetime.now(),
                "saved_by": actor,
                "file_name": checked.file_name,
                "original": checked.original or None,
            },
        ).fetchone()[0]
        items = checked.items.copy()
        cur.register("plan_rows", items)
        cur.register("plan_nodes", checked.milestones)
        cur.execute(sql.load("plan/indicators_insert_for_plan"))
        cur.execute(sql.load("plan/plan_items_insert"), {"version_id": version_id})
        cur.execute(sql.load("plan/plan_milestones_insert"), {"version_id": version_id})
        cur.unregister("plan_rows")
        cur.unregister("plan_nodes")
        cur.execute(sql.load("plan/refresh_plan_windows"))
        what = "调整目标" if reason.strip() else "任务清单"
        audit.record(
            cur,
            actor,
            "plan_saved",
            f"{year} 年{what}第 {version_id} 版：{checked.file_name}，{len(items)} 个指标"
            + (f"，自 {effective_from} 起，原因：{reason.strip()}" if reason.strip() else ""),
        )
        store.bump_data_version(cur)
    return version_id


def items(store: Store, year: int, as_of: date | None = None) -> pd.DataFrame:
    """The plan's indicators in force on `as_of` (default: the latest version), in plan order."""
    return store.query("plan/plan_items_in_force", sort_by="item_no", year=year, as_of=as_of)


def versions(store: Store, year: int) -> pd.DataFrame:
    return store.query("plan/plan_versions", year=year)


def years(store: Store) -> list[int]:
    return [int(y) for y in store.query("plan/plan_years")["year"]]


def as_sheet(plan_items: pd.DataFrame, milestones: pd.DataFrame | None = None) -> pd.DataFrame:
    """The plan as the template lays it out: Chinese headers, one row per indicator (and node)."""
    rows = []
    for item in plan_items.to_dict("records"):
        base = {
            "任务编号": item.get("task_code") or "",
            "任务名称": item["task"],
            "指标名称": item["indicator"],
            "计量单位": item["unit"],
            "指标类型": KIND_LABELS[item["kind"]],
            "指标方向": "越小越好" if item["direction"] == "lower" else "越大越好",
            "年度目标": "" if item["kind"] == "milestone" else _plain(item["annual_target"]),
            "最大值": _plain(item.get("maximum")),
            "牵头单位": item["lead_unit"],
            "配合单位": item.get("cooperating_units") or "",
            "责任领导": item.get("leader") or "",
            "联系人": item.get("contact") or "",
            "任务类别": item.get("category") or "",
            "所属领域": item.get("area") or "",
            "所属地区": item.get("region") or "",
            "报送频次": FREQUENCY_LABELS[item["frequency"]],
        }
        planned = item.get("planned_by_month")
        planned = list(planned) if planned is not None else [None] * 12
        for month in range(1, 13):
            base[f"{month}月"] = _plain(planned[month - 1])
        nodes = (
            milestones[milestones["indicator_id"] == item["indicator_id"]]
            if milestones is not None and "indicator_id" in item
            else pd.DataFrame()
        )
        if nodes.empty:
            rows.append(base | {"节点名称": "", "计划完成日期": ""})
        for node in nodes.itertuples():
            rows.append(
                base
                | {"节点名称": node.name, "计划完成日期": pd.Timestamp(node.due).date().isoformat()}
            )
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


SHEET_COLUMNS = [
    "任务编号",
    "任务名称",
    "指标名称",
    "计量单位",
    "指标类型",
    "指标方向",
    "年度目标",
    "最大值",
    "牵头单位",
    "配合单位",
    "责任领导",
    "联系人",
    "任务类别",
    "所属领域",
    "所属地区",
    "报送频次",
    *(f"{m}月" for m in range(1, 13)),
    "节点名称",
    "计划完成日期",
]


TEMPLATE_NAME = "重点任务清单模板"
EXAMPLE_MARK = "示例"
_MILESTONE_EXAMPLE = {
    "任务编号": "示例-02",
    "任务名称": "示例：老旧小区改造",
    "指标名称": "老旧小区改造",
    "计量单位": "个",
    "指标类型": "节点",
    "指标方向": "越大越好",
    "牵头单位": "物业管理科",
    "责任领导": "副局长 李明",
    "联系人": "罗婷 0755-28950109",
    "任务类别": "区重点工作",
    "所属领域": "保障民生",
    "所属地区": "龙岗区",
    "报送频次": "季报",
}
_TEMPLATE_ROWS = (
    {
        "任务编号": "示例-01",
        "任务名称": "示例：地下综合管廊建设",
        "指标名称": "新建地下综合管廊",
        "计量单位": "公里",
        "指标类型": "累计值",
        "指标方向": "越大越好",
        "年度目标": "12",
        "牵头单位": "建设管理科",
        "配合单位": "区城市更新和土地整备局",
        "责任领导": "副局长 王海涛",
        "联系人": "陈晓 0755-28950101",
        "任务类别": "攻坚专班",
        "所属领域": "经济发展",
        "所属地区": "龙岗区",
        "报送频次": "月报",
        **{
            f"{m}月": v
            for m, v in enumerate(
                ("0.5", "1", "1.8", "2.7", "3.7", "4.8", "6.1", "7.5", "9", "10.2", "11.2", "12"),
                start=1,
            )
        },
    },
    _MILESTONE_EXAMPLE | {"节点名称": "改造方案批复", "计划完成日期": "2022-03-31"},
    _MILESTONE_EXAMPLE | {"节点名称": "全部开工", "计划完成日期": "2022-06-30"},
    {
        "任务编号": "示例-04",
        "任务名称": "示例：城建重点项目建设",
        "指标名称": "项目开工",
        "计量单位": "个",
        "指标类型": "累计值",
        "指标方向": "越大越好",
        "年度目标": "268",
        "最大值": "268",
        "牵头单位": "城建处",
        "责任领导": "副局长 郭建平",
        "任务类别": "城建重点工作",
        "所属领域": "经济发展",
        "所属地区": "某市",
        "报送频次": "季报",
    },
    {
        "任务编号": "示例-03",
        "任务名称": "示例：建设工程质量安全",
        "指标名称": "建筑施工安全生产事故起数",
        "计量单位": "起",
        "指标类型": "控制上限",
        "指标方向": "越小越好",
        "年度目标": "4",
        "牵头单位": "工程质量安全监督站",
        "责任领导": "副局长 王海涛",
        "任务类别": "市对区考核任务",
        "所属领域": "安全发展",
        "所属地区": "龙岗区",
        "报送频次": "月报",
    },
)


def template_frame() -> pd.DataFrame:
    """The plan's headers with example rows of each kind (refused if uploaded unchanged)."""
    return pd.DataFrame(list(_TEMPLATE_ROWS), columns=SHEET_COLUMNS).fillna("")


def template_csv() -> bytes:
    return export.to_csv_bytes(template_frame())


def template_xlsx() -> bytes:
    return export.to_xlsx_bytes(template_frame(), sheet_name="任务清单")


def _plain(value) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"{value:.10g}"


def milestones(store: Store, year: int, as_of: date | None = None) -> pd.DataFrame:
    return store.query("plan/plan_milestones_in_force", year=year, as_of=as_of)


def refuse(store: Store, checked: CheckedPlan, actor: str) -> None:
    """Write a refused plan to the audit log (the only thing a refusal stores)."""
    with store.transaction() as cur:
        audit.record(
            cur, actor, "plan_refused", f"{checked.file_name}：{len(checked.problems)} 处问题"
        )


def target_changes(store: Store, year: int) -> pd.DataFrame:
    """Targets adjusted mid-year: indicator, old_target, new_target, effective_from, reason."""
    return store.query("plan/target_changes", year=year)


def target_change_notes(
    store: Store, year: int, as_of: date, indicator_ids, lang: str = "zh"
) -> list[str]:
    """What a leader's page says where an indicator's target was adjusted by `as_of`, one line
    per change: "新建地下综合管廊：年度目标自2022年7月1日起由12公里调整为15公里（原因）"."""
    changes = target_changes(store, year)
    shown = changes[
        changes["indicator_id"].isin(set(indicator_ids))
        & (pd.to_datetime(changes["effective_from"]) <= pd.Timestamp(as_of))
    ]
    notes = []
    for change in shown.itertuples():
        old = format_quantity(change.old_target, change.unit, lang)
        new = format_quantity(change.new_target, change.unit, lang)
        since = format_date(change.effective_from, lang)
        notes.append(
            f"{change.indicator}: annual target changed from {old} to {new} on {since} "
            f"({change.reason})"
            if lang == "en"
            else f"{change.indicator}：年度目标自{since}起由{old}调整为{new}（{change.reason}）"
        )
    return notes
