"""The project ledger (重点项目台账) staff upload: its fields, checks, storing and undo.

A ledger is read like a progress snapshot (tracker.intake.reading, headers matched as in
tracker.intake.fields) and follows the same rules: staff upload only their own 责任单位's rows,
one bad row refuses the whole file with its row and column named, and a later upload for the
same project and date supersedes an earlier one, which stays in the history. Amounts are kept
in 万元; a header or a cell may give them in 元 or 亿元.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from tracker import sql
from tracker.access import audit
from tracker.intake import ingest, units, uploads, values
from tracker.intake.fields import FIELD_BY_NAME, Contract, Field, match_header, normalise
from tracker.intake.reading import UnreadableFile, read_grid
from tracker.plan import years
from tracker.presentation.formatting import format_number
from tracker.projects.rules import ProjectRules
from tracker.store import Store

MONEY_UNIT = "万元"
# How a row changes what is stored: a project not known before, a new date of a known project,
# the same project and date with other figures or text (it supersedes the stored report), or
# the same in every field.
CHANGE_LABELS = {"new_project": "新项目", "new": "新增", "updated": "更新", "unchanged": "不变"}
COMPARED_FIELDS = (
    "name", "nature", "scope", *("total_investment", "annual_plan", "invested"), "monthly_plan",
    "progress", "stage", *("planned_start", "actual_start", "planned_finish", "actual_finish"),
    "lead_unit", "leader", "problems",
)  # fmt: skip
NATURES = ("新建", "续建", "竣工")

FIELDS: tuple[Field, ...] = (
    FIELD_BY_NAME["as_of"],
    FIELD_BY_NAME["period"],
    Field(
        "code",
        "项目编号",
        "project_code",
        required=True,
        aliases=("项目代码", "编号", "code"),
        example="XM-2022-001",
    ),
    Field(
        "name",
        "项目名称",
        "project_name",
        required=True,
        aliases=("项目", "name"),
        example="城北污水处理厂扩建工程",
    ),
    Field("nature", "建设性质", "nature", aliases=("性质",), example="续建"),
    Field(
        "scope",
        "建设内容及规模",
        "scope",
        aliases=("建设内容", "建设规模", "主要建设内容", "建设内容和规模"),
        example="新增污水处理能力5万吨/日",
    ),
    Field(
        "total_investment",
        "总投资",
        "total_investment",
        required=True,
        aliases=("项目总投资", "计划总投资"),
        example="52000",
    ),
    Field(
        "annual_plan",
        "年度计划投资",
        "annual_plan",
        required=True,
        aliases=("本年计划投资", "年度投资计划", "年计划投资", "年度计划"),
        example="18000",
    ),
    Field(
        "invested",
        "本年累计完成投资",
        "invested",
        required=True,
        aliases=("累计完成投资", "本年完成投资", "年度累计完成投资", "今年累计完成投资"),
        example="12600",
    ),
    Field(
        "progress",
        "形象进度",
        "progress",
        aliases=("工程形象进度", "项目进展", "进展情况"),
        example="主体结构完成80%",
    ),
    Field("stage", "项目阶段", "stage", aliases=("阶段", "所处阶段"), example="在建"),
    Field(
        "planned_start",
        "计划开工日期",
        "planned_start",
        aliases=("计划开工时间", "计划开工"),
        example="2021-03-01",
    ),
    Field(
        "actual_start",
        "实际开工日期",
        "actual_start",
        aliases=("实际开工时间", "实际开工"),
        example="2021-03-15",
    ),
    Field(
        "planned_finish",
        "计划竣工日期",
        "planned_finish",
        aliases=("计划竣工时间", "计划竣工", "计划完工日期"),
        example="2023-06-30",
    ),
    Field(
        "actual_finish",
        "实际竣工日期",
        "actual_finish",
        aliases=("实际竣工时间", "实际竣工", "实际完工日期"),
        example="",
    ),
    Field(
        "lead_unit",
        "责任单位",
        "lead_unit",
        required=True,
        aliases=("牵头单位", "责任部门"),
        example="市政工程处",
    ),
    FIELD_BY_NAME["leader"],
    Field("region", "所属地区", "region", aliases=("地区", "区域", "所在区县"), example="城北区"),
    FIELD_BY_NAME["problems"],
)
FIELD_NAMES = {f.name: f for f in FIELDS}
CONTRACT = Contract.of(FIELDS, "project")
ALIASES = CONTRACT.aliases
AMOUNT_FIELDS = ("total_investment", "annual_plan", "invested")
DATE_FIELDS = ("planned_start", "actual_start", "planned_finish", "actual_finish")
TEXT_FIELDS = ("nature", "scope", "progress", "stage", "leader", "problems")
REQUIRED = tuple(f.name for f in FIELDS if f.required)
MONTHS = tuple(range(1, 13))

# Monthly planned investment (倒排到月): "1月", "1月计划", "计划投资1月", "1月计划投资(万元)".
_MONTH_HEADER = re.compile(
    r"^(?:计划投资)?(\d{1,2})月份?(?:计划)?(?:投资)?(?:计划)?(?:\((?P<unit>.+)\))?$"
)


@dataclass
class LedgerUpload:
    """A checked ledger: `problems` (nothing may be stored) or `rows` ready to store."""

    file_name: str
    sha256: str
    original: bytes
    problems: pd.DataFrame
    warnings: pd.DataFrame
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    already_stored: dict | None = None

    @property
    def accepted(self) -> bool:
        return self.problems.empty

    def summary(self) -> dict[str, int]:
        """Rows per change (see CHANGE_LABELS) and the projects new to the store."""
        changes = self.rows["change"].value_counts() if not self.rows.empty else pd.Series()
        counts = {change: int(changes.get(change, 0)) for change in CHANGE_LABELS}
        new_projects = self.rows.loc[self.rows["change"] == "new_project", "match_key"]
        return {"rows": len(self.rows), "projects": new_projects.nunique(), **counts}


@dataclass
class _Header:
    row: int
    columns: dict[str, int]
    labels: dict[str, str]
    units: dict[str, str]
    months: dict[int, int]  # month -> column index
    width: int


def _month_of(header: str) -> tuple[int, str] | None:
    m = _MONTH_HEADER.match(normalise(header))
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(1)), units.canonical(m.group("unit"))
    return None


def _parse_header(
    row: int, cells: list[str], mapping: dict[str, str | None]
) -> tuple[_Header, list[pd.DataFrame]]:
    header = _Header(row, {}, {}, {}, {}, len(cells))
    problems = []
    for index, cell in enumerate(cells):
        label = f"{ingest.column_letter(index)}列「{cell.strip()}」"
        month = None if cell in mapping else _month_of(cell)
        if month:
            header.months[month[0]] = index
            header.labels[f"month{month[0]}"] = label
            if month[1]:
                header.units[f"month{month[0]}"] = month[1]
            continue
        name, unit = (mapping[cell], None) if cell in mapping else match_header(cell, ALIASES)
        if name is None:
            continue
        if name in header.columns:
            problems.append(
                ingest.one_problem(
                    row,
                    label,
                    f"与{header.labels[name]}重复，都表示“{FIELD_NAMES[name].chinese}”，请删除或改名其中一列",
                )
            )
            continue
        header.columns[name] = index
        header.labels[name] = label
        if unit:
            header.units[name] = unit
    return header, problems


def _find_header(
    top: list[list[str]], mapping: dict[str, str | None]
) -> tuple[_Header | None, list[pd.DataFrame]]:
    """The first of the top rows naming every required field, headers in `mapping` read as the
    user mapped them; title lines above it are skipped."""
    best: tuple[int, list[str], set[str]] = (0, [], set())
    for index, cells in enumerate(top):
        named = {mapping[c] if c in mapping else match_header(c, ALIASES)[0] for c in cells}
        named -= {None}
        if set(REQUIRED) <= named and named & {"as_of", "period"}:
            return _parse_header(index + 1, cells, mapping)
        if len(named) > len(best[2]):
            best = (index + 1, cells, named)
    missing = [FIELD_NAMES[n].chinese for n in REQUIRED if n not in best[2]]
    if not best[2] & {"as_of", "period"}:
        missing.insert(0, "截至日期 或 报告期")
    found = [c.strip() for c in best[1] if c.strip()]
    message = (
        f"缺少必填列：{'、'.join(missing)}。文件中找到的列：{'、'.join(found) or '（无）'}。"
        "请按项目台账模板填写表头，或在上传页面把您的列对应到字段"
    )
    return None, [ingest.one_problem(best[0] or None, None, message)]


def _amounts(cells: pd.Series, label: str, header_unit: str, what: str, required: bool):
    """Amounts in 万元: `12,600`, `1.26亿`, `1.26亿元`, or in the header's unit (总投资(亿元))."""
    parsed, errors = values.parse_column(cells, values.parse_number)
    problems = []
    bad = errors.dropna()
    problems.append(ingest.problems_at(bad.index, label, bad.values))
    if required:
        empty = cells.index[cells == ""]
        problems.append(ingest.problems_at(empty, label, f"{what}为空，请填写金额（没有请填 0）"))
    ok = parsed.notna()
    number = pd.Series(np.nan, index=cells.index)
    number[ok] = [p[0] for p in parsed[ok]]
    inline = pd.Series("", index=cells.index, dtype=object)
    inline[ok] = [p[1] for p in parsed[ok]]
    # "1.26亿" carries its magnitude: parse_number has scaled it to 元.
    scaled = cells.str.contains("[万亿]", regex=True)
    given = values.map_unique(inline, units.canonical)
    given = given.where(given != "", np.where(scaled, "元", header_unit or MONEY_UNIT))
    factor = values.map_unique(given, lambda u: units.conversion_factor(u, MONEY_UNIT))
    unknown = ok & factor.isna()
    problems.append(
        ingest.problems_at(
            cells.index[unknown],
            label,
            [f"金额单位“{u}”无法换算为万元，请填写万元、元或亿元" for u in given[unknown]],
        )
    )
    amount = number * factor.astype(float)
    negative = amount < 0
    problems.append(ingest.problems_at(amount.index[negative], label, f"{what}不能为负数"))
    return amount, problems


def _dates(cells: pd.Series, label: str | None):
    parsed, errors = values.parse_column(cells, values.parse_date)
    bad = errors.dropna()
    return pd.to_datetime(parsed, errors="coerce"), [
        ingest.problems_at(bad.index, label, bad.values)
    ]


def prepare(
    store: Store,
    data: bytes,
    file_name: str,
    *,
    rules: ProjectRules | None = None,
    allowed_units: set[str] | None = None,
    today: date | None = None,
    column_mapping: dict[str, str | None] | None = None,
) -> LedgerUpload:
    """Check a ledger file against the contract, headers in `column_mapping` (header → field
    name, None: not imported) read as the user mapped them; stores nothing. An accepted file's
    rows say how each changes what is stored (see compare_with_store)."""
    rules = rules or ProjectRules()
    empty = pd.DataFrame(columns=ingest.PROBLEM_COLUMNS)
    upload = LedgerUpload(file_name, hashlib.sha256(data).hexdigest(), data, empty, empty)
    try:
        grid = read_grid(data, file_name)
    except UnreadableFile as exc:
        upload.problems = ingest.one_problem(None, None, str(exc))
        return upload
    except UnicodeDecodeError:
        upload.problems = ingest.one_problem(
            None, None, "文件中有无法识别的字符，请在 Excel 或 WPS 中另存为“CSV UTF-8”后上传"
        )
        return upload
    header, problems = _find_header(grid.top, column_mapping or {})
    if header is None or problems:
        upload.problems = ingest.collect_problems(problems)
        return upload
    body = grid.body(header.row, header.width)
    body = body[(body != "").any(axis=1)]
    if body.empty:
        upload.problems = ingest.one_problem(header.row, None, "表头下面没有数据行，请填写后再上传")
        return upload
    rows, problems, warnings = _check_rows(
        body, header, rules, allowed_units, today or date.today()
    )
    upload.problems = ingest.collect_problems(problems)
    upload.warnings = ingest.collect_problems(warnings)
    if upload.accepted:
        upload.rows = compare_with_store(store, rows)
        found = store.query("projects/batch_with_sha256", sha256=upload.sha256)
        upload.already_stored = None if found.empty else found.iloc[0].to_dict()
    return upload


def _text(body: pd.DataFrame, header: _Header, name: str) -> pd.Series:
    if name not in header.columns:
        return pd.Series("", index=body.index, dtype=object)
    return body[header.columns[name]]


def _check_rows(body, header, rules, allowed_units, today):
    label = header.labels
    problems: list[pd.DataFrame] = []
    warnings: list[pd.DataFrame] = []
    text = {f.name: _text(body, header, f.name) for f in FIELDS}

    for name in ("code", "name", "lead_unit"):
        blank = body.index[text[name] == ""]
        problems.append(
            ingest.problems_at(blank, label[name], f"{FIELD_NAMES[name].chinese}为空，请填写")
        )

    as_of = pd.Series(pd.NaT, index=body.index, dtype="datetime64[s]")
    for name, parse in (("as_of", values.parse_date), ("period", values.parse_period)):
        if name not in header.columns:
            continue
        parsed, errors = values.parse_column(text[name].where(as_of.isna(), ""), parse)
        as_of = as_of.fillna(pd.to_datetime(parsed, errors="coerce"))
        bad = errors.dropna()
        problems.append(ingest.problems_at(bad.index, label[name], bad.values))
    date_label = label.get("as_of") or label.get("period")
    missing_date = as_of.isna() & (text["as_of"] == "") & (text["period"] == "")
    problems.append(
        ingest.problems_at(
            body.index[missing_date], date_label, "截至日期和报告期都为空，请至少填写一项"
        )
    )
    warnings.append(
        ingest.problems_at(
            body.index[as_of > pd.Timestamp(today)], date_label, "日期晚于今天，请确认是否填错"
        )
    )

    amounts = {}
    for name in AMOUNT_FIELDS:
        what = FIELD_NAMES[name].chinese
        amounts[name], found = _amounts(
            text[name], label[name], units.canonical(header.units.get(name, "")), what, True
        )
        problems.extend(found)
    problems.append(
        ingest.problems_at(
            body.index[amounts["total_investment"] <= 0],
            label["total_investment"],
            "总投资必须大于 0",
        )
    )
    over = amounts["annual_plan"] > amounts["total_investment"]
    warnings.append(
        ingest.problems_at(body.index[over], label["annual_plan"], "年度计划投资大于总投资，请确认")
    )

    monthly = None
    if header.months:
        missing = [m for m in MONTHS if m not in header.months]
        if missing:
            problems.append(
                ingest.one_problem(
                    header.row,
                    None,
                    f"月度计划投资须有 1 月到 12 月共 12 列，缺少 {'、'.join(f'{m}月' for m in missing)}",
                )
            )
        else:
            columns = []
            for m in MONTHS:
                cells = body[header.months[m]]
                amount, found = _amounts(
                    cells,
                    label[f"month{m}"],
                    header.units.get(f"month{m}", ""),
                    f"{m}月计划投资",
                    False,
                )
                problems.extend(found)
                columns.append(amount)
            plan = pd.concat(columns, axis=1)
            given = plan.notna().any(axis=1)
            monthly = pd.Series(
                [
                    list(r) if g else None
                    for r, g in zip(plan.fillna(0.0).to_numpy(), given, strict=True)
                ],
                index=body.index,
                dtype=object,
            )
            off = given & ~np.isclose(
                plan.fillna(0.0).sum(axis=1), amounts["annual_plan"], rtol=1e-6
            )
            warnings.append(
                ingest.problems_at(
                    body.index[off],
                    label["annual_plan"],
                    "各月计划投资之和与年度计划投资不一致，请核对",
                )
            )

    dates = {}
    for name in DATE_FIELDS:
        dates[name], found = _dates(text[name], label.get(name))
        problems.extend(found)
    start, finish = dates["actual_start"], dates["actual_finish"]
    problems.append(
        ingest.problems_at(
            body.index[start > as_of], label.get("actual_start"), "实际开工日期晚于截至日期，请核对"
        )
    )
    problems.append(
        ingest.problems_at(
            body.index[finish > as_of],
            label.get("actual_finish"),
            "实际竣工日期晚于截至日期，请核对",
        )
    )
    problems.append(
        ingest.problems_at(
            body.index[finish.notna() & start.isna()],
            label.get("actual_finish"),
            "已填实际竣工日期，请同时填写实际开工日期",
        )
    )
    problems.append(
        ingest.problems_at(
            body.index[finish < start], label.get("actual_finish"), "实际竣工日期早于实际开工日期"
        )
    )
    problems.append(
        ingest.problems_at(
            body.index[dates["planned_finish"] < dates["planned_start"]],
            label.get("planned_finish"),
            "计划竣工日期早于计划开工日期",
        )
    )

    nature = text["nature"]
    bad_nature = body.index[(nature != "") & ~nature.isin(NATURES)]
    problems.append(
        ingest.problems_at(
            bad_nature,
            label.get("nature"),
            [f"建设性质“{nature[i]}”无法识别，请填 {'、'.join(NATURES)}" for i in bad_nature],
        )
    )
    stage = text["stage"]
    bad_stage = body.index[(stage != "") & ~stage.isin(rules.stages)]
    problems.append(
        ingest.problems_at(
            bad_stage,
            label.get("stage"),
            [
                f"项目阶段“{stage[i]}”不在本局的阶段中，请填 {'、'.join(rules.stages)}"
                for i in bad_stage
            ],
        )
    )

    if allowed_units is not None:
        allowed_keys = {normalise(u) for u in allowed_units}
        unit = text["lead_unit"]
        outside = body.index[~unit.map(normalise).isin(allowed_keys)]
        allowed = "、".join(sorted(allowed_units)) or "（无）"
        problems.append(
            ingest.problems_at(
                outside,
                label["lead_unit"],
                [
                    f"您只能上传本单位（{allowed}）的项目，此行责任单位为“{unit[i] or '空'}”"
                    for i in outside
                ],
            )
        )

    region = text["region"]
    match_key = (region.map(normalise) + "\x1f" + text["code"].map(normalise)).rename("match_key")
    rows = pd.DataFrame(
        {
            "source_row": body.index,
            "match_key": match_key,
            "region": region,
            "code": text["code"],
            "name": text["name"],
            "as_of": as_of,
            "year": years.years_of(as_of),
            "lead_unit": text["lead_unit"],
            **{name: amounts[name] for name in AMOUNT_FIELDS},
            "monthly_plan": monthly if monthly is not None else None,
            **{name: dates[name] for name in DATE_FIELDS},
            **{name: text[name].replace("", None) for name in TEXT_FIELDS},
        },
        index=body.index,
    )
    dated = rows[rows["as_of"].notna() & (rows["code"] != "")]
    twice = dated[dated.duplicated(["match_key", "as_of"], keep=False)]
    for _, group in twice.groupby(["match_key", "as_of"])["source_row"]:
        for row in group:
            others = "、".join(str(r) for r in group if r != row)
            problems.append(
                ingest.one_problem(
                    row, label["code"], f"与第 {others} 行是同一项目、同一日期，请只保留一行"
                )
            )
    return rows, problems, warnings


def _shown(value) -> str:
    if value is None or (not isinstance(value, (list, np.ndarray)) and pd.isna(value)):
        return "空"
    if isinstance(value, (list, np.ndarray)):
        return "/".join(format_number(v) for v in value)
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return pd.Timestamp(value).date().isoformat()
    return str(value)


def _same(old, new) -> bool:
    old_missing = old is None or (not isinstance(old, (list, np.ndarray)) and pd.isna(old))
    new_missing = new is None or (not isinstance(new, (list, np.ndarray)) and pd.isna(new))
    if old_missing or new_missing:
        return old_missing and new_missing
    if isinstance(old, (list, np.ndarray)) or isinstance(new, (list, np.ndarray)):
        return len(old) == len(new) and bool(np.allclose(list(old), list(new), rtol=1e-9))
    if isinstance(old, float) or isinstance(new, float):
        return bool(np.isclose(float(old), float(new), rtol=1e-9, atol=1e-9))
    if isinstance(old, (pd.Timestamp, datetime, date)):
        return pd.Timestamp(old).date() == pd.Timestamp(new).date()
    return old == new


def compare_with_store(store: Store, rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` with `change` (a key of CHANGE_LABELS) and `changes` ("本年累计完成投资：3000 →
    3200"), each against the report it would supersede."""
    stored = store.query(
        "projects/stored_for_incoming",
        frames={"incoming": rows[["source_row", "match_key", "as_of"]]},
    ).set_index("source_row")
    change, changes = [], []
    for row in rows.itertuples(index=False):
        before = stored.loc[row.source_row]
        if not before["known_project"]:
            change.append("new_project")
            changes.append("")
            continue
        if not before["reported"]:
            change.append("new")
            changes.append("")
            continue
        differ = [
            f"{FIELD_NAMES[name].chinese if name in FIELD_NAMES else '月度计划投资'}："
            f"{_shown(before[name])} → {_shown(getattr(row, name))}"
            for name in COMPARED_FIELDS
            if not _same(before[name], getattr(row, name))
        ]
        change.append("updated" if differ else "unchanged")
        changes.append("；".join(differ))
    return rows.assign(change=change, changes=changes)


@dataclass
class Stored:
    batch_id: int | None
    rows_stored: int
    message: str


def commit(
    store: Store,
    upload: LedgerUpload,
    uploaded_by: str,
    *,
    column_mapping: Mapping[str, str | None] | None = None,
    mapping_units: Iterable[str] = (),
) -> Stored:
    """Store an accepted ledger in one transaction; then remember the column mapping it was
    checked with for `mapping_units` (their next ledger with the same headers needs no mapping).
    """
    if not upload.accepted:
        raise ValueError("a refused upload cannot be stored")
    if upload.already_stored:
        b = upload.already_stored
        return Stored(
            None,
            0,
            f"该台账已于 {b['uploaded_at']:%Y-%m-%d %H:%M} 由 {b['uploaded_by']} 上传"
            f"（项目批次 {b['batch_id']}），未重复入库",
        )
    rows = upload.rows
    with store.transaction() as cur:
        batch_id = cur.execute(
            sql.load("projects/batch_insert"),
            {
                "uploaded_at": datetime.now(),
                "uploaded_by": uploaded_by,
                "file_name": upload.file_name,
                "sha256": upload.sha256,
                "row_count": len(rows),
                "original": upload.original,
            },
        ).fetchone()[0]
        rows = rows.drop(columns=["change", "changes"], errors="ignore")
        cur.register("incoming", rows.drop(columns=["monthly_plan"]))
        cur.execute(sql.load("projects/projects_insert_new"), {"batch_id": batch_id})
        cur.unregister("incoming")
        cur.register("incoming", rows)
        cur.execute(sql.load("projects/reports_insert"), {"batch_id": batch_id})
        cur.unregister("incoming")
        audit.record(
            cur, uploaded_by, "upload", f"项目批次 {batch_id}：{upload.file_name}，{len(rows)} 行"
        )
        store.bump_data_version(cur)
    if column_mapping:
        uploads.remember_mapping(store, mapping_units, column_mapping, contract=CONTRACT)
    return Stored(batch_id, len(rows), f"已入库：项目批次 {batch_id}，{len(rows)} 行")


def refuse(store: Store, upload: LedgerUpload, actor: str) -> None:
    """Write a refused ledger to the audit log (the only thing a refusal stores)."""
    with store.transaction() as cur:
        audit.record(
            cur,
            actor,
            "upload_refused",
            f"项目台账 {upload.file_name}：{len(upload.problems)} 处问题",
        )


def undo(store: Store, batch_id: int, actor: str) -> None:
    """Withdraw a ledger batch: its rows stop counting and what they superseded counts again."""
    with store.transaction() as cur:
        undone = cur.execute(
            sql.load("projects/batch_mark_undone"),
            {"batch_id": batch_id, "undone_at": datetime.now(), "undone_by": actor},
        ).fetchall()
        if not undone:
            raise ValueError(f"没有可撤销的项目批次 {batch_id}（不存在或已经撤销过）")
        audit.record(cur, actor, "undo", f"撤销项目批次 {batch_id}")
        store.bump_data_version(cur)


def refusal(message: str) -> pd.DataFrame:
    """A whole-file problem, such as a file over the size limit."""
    return ingest.one_problem(None, None, message)


def batches(store: Store, limit: int = 200) -> pd.DataFrame:
    """Ledger batches, newest first, without the files' bytes."""
    return store.query("projects/batches", limit=limit)


def template_frame() -> pd.DataFrame:
    """The ledger's Chinese headers with one example row, monthly plan columns included."""
    row = {f.chinese: f.example for f in FIELDS if f.name != "period"}
    row["截至日期"] = "2022-09-30"
    monthly = [1500] * 12
    row.update({f"{m}月计划投资": amount for m, amount in zip(MONTHS, monthly, strict=True)})
    return pd.DataFrame([row])
