"""From an uploaded file to stored snapshot rows, or to a list of what the user must change.

`prepare` reads and checks a file against the store without writing anything; `commit` stores a
prepared upload in one transaction. One bad row refuses the whole file; warnings do not.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker import sql
from tracker.access import audit
from tracker.intake import identity, units, values
from tracker.intake.fields import (
    FIELD_BY_NAME,
    NUMERIC_FIELDS,
    TEXT_FIELDS,
    match_header,
    normalise,
)
from tracker.intake.reading import Grid, UnreadableFile, read_grid
from tracker.plan import matching, years
from tracker.store import Store, failure_message

log = logging.getLogger(__name__)

PROBLEM_COLUMNS = ["row", "column", "message"]

# The template's example rows start their task with this: a file still holding one is refused.
EXAMPLE_MARK = "示例"


@dataclass
class Upload:
    """A checked file: either `problems` (nothing may be stored) or rows ready to store."""

    file_name: str
    sha256: str
    original: bytes
    problems: pd.DataFrame
    warnings: pd.DataFrame
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    already_stored: dict | None = None
    data_version: int = -1
    column_fields: dict[str, str] = field(default_factory=dict)
    # The lead units the file was checked for (None: any, an administrator's rights).
    allowed_units: frozenset[str] | None = None

    @property
    def accepted(self) -> bool:
        return self.problems.empty

    @property
    def new_rows(self) -> pd.DataFrame:
        if self.rows.empty or not (self.rows["change"] == "unchanged").any():
            return self.rows  # not a copy of a million rows to drop none of them
        return self.rows[self.rows["change"] != "unchanged"]

    def summary(self) -> dict[str, int]:
        if self.rows.empty:
            return {"rows": 0, "new_indicators": 0, "new": 0, "updated": 0, "unchanged": 0}
        changes = self.rows["change"].value_counts()
        return {
            "rows": len(self.rows),
            "new_indicators": int(
                self.rows.loc[self.rows["indicator_id"].isna(), "match_key"].nunique()
            ),
            "new": int(changes.get("new", 0)),
            "updated": int(changes.get("updated", 0)),
            "unchanged": int(changes.get("unchanged", 0)),
        }


# Problems and warnings are frames of PROBLEM_COLUMNS: the row and column as the user sees them
# in the spreadsheet (row None: the whole file), and what to change, in Chinese. Every reader of
# an uploaded sheet (snapshots, plans, project ledgers) builds them with these four.


def problems_at(rows, column, messages) -> pd.DataFrame:
    """One problem per row in `rows`, all in `column`, with one message or one per row."""
    frame = pd.DataFrame({"row": rows, "column": column, "message": messages})
    return frame[PROBLEM_COLUMNS]


def one_problem(row: int | None, column: str | None, message: str) -> pd.DataFrame:
    """A single problem; row and column None for one of the whole file."""
    return pd.DataFrame(
        [{"row": row, "column": column, "message": message}], columns=PROBLEM_COLUMNS
    )


def collect_problems(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Problems found by several checks, whole-file ones first, then by row."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["row"] = out["row"].astype("Int64")
    return out.sort_values("row", kind="stable", na_position="first").reset_index(drop=True)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as Excel and WPS name it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- Every failure is a refusal ------------------------------------------------------------------
# Whatever reading, checking or storing raises reaches the user as a message, never as a traceback,
# and leaves nothing stored (the write is one transaction).

_CHECK_FAILED = (
    "读取或检查文件时出错（{kind}），未存入任何数据。请在 Excel 或 WPS 中打开文件、重新保存后再上传；"
    "如仍出错，请把文件发给管理员"
)


def _refused_on_failure(prepare_file):
    @functools.wraps(prepare_file)
    def checked(store: Store, data: bytes, file_name: str, **options) -> Upload:
        try:
            return prepare_file(store, data, file_name, **options)
        except UnreadableFile as exc:
            message = one_problem(exc.row, exc.column, str(exc))
        except MemoryError:
            message = one_problem(
                None, None, "文件太大，服务器内存不足以检查它，请分成几个较小的文件上传"
            )
        except Exception as exc:
            log.exception("checking %s failed", file_name)
            reason = failure_message(exc) if _from_store(exc) else None
            message = one_problem(
                None, None, reason or _CHECK_FAILED.format(kind=type(exc).__name__)
            )
        empty = pd.DataFrame(columns=PROBLEM_COLUMNS)
        digest = hashlib.sha256(data).hexdigest()
        return Upload(file_name, digest, data, collect_problems([message]), empty)

    return checked


def _from_store(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.Error | OSError)


def _failed_on_error(commit_upload):
    @functools.wraps(commit_upload)
    def stored(store: Store, upload: Upload, uploaded_by: str, **options) -> Stored:
        if not upload.accepted:
            return commit_upload(store, upload, uploaded_by, **options)  # raises ValueError
        try:
            return commit_upload(store, upload, uploaded_by, **options)
        except Exception as exc:
            log.exception("storing %s failed", upload.file_name)
            message = failure_message(exc)
        _audit_quietly(store, uploaded_by, f"{upload.file_name}：入库失败，{message}")
        return Stored(None, 0, message, failed=True)

    return stored


def _audit_quietly(store: Store, actor: str, detail: str) -> None:
    """Record a refusal if the store can still be written (a full disk may refuse this too)."""
    try:
        with store.transaction() as cur:
            audit.record(cur, actor, "upload_refused", detail)
    except Exception:
        log.exception("could not record in the audit log: %s", detail)


@dataclass
class _Header:
    row: int
    columns: dict[str, int]  # field -> column index
    labels: dict[str, str]  # field -> "E列「累计完成」" as the user sees it
    units: dict[str, str]  # field -> unit given in the header, e.g. 年度目标(公里)
    problems: pd.DataFrame
    width: int


def _find_header(grid: Grid, mapping: dict[str, str]) -> _Header:
    """The first row among the top rows that names the required fields; title lines are skipped."""
    required = {f.name for f in FIELD_BY_NAME.values() if f.required}
    best: tuple[int, int, list[str]] = (-1, 0, [])
    for index, cells in enumerate(grid.top):
        matched = {match_header(c)[0] if c not in mapping else mapping[c] for c in cells} - {None}
        if required <= matched and matched & {"as_of", "period"}:
            return _parse_header(index + 1, cells, mapping)
        if len(matched) > best[1]:
            best = (index, len(matched), cells)
    found = [c for c in (best[2] or next((r for r in grid.top if any(r)), [])) if c.strip()]
    header_row = best[0] + 1 if best[0] >= 0 else None
    if header_row is not None:
        parsed = _parse_header(header_row, best[2], mapping)
        missing = [
            FIELD_BY_NAME[n].chinese
            for n in ("task", "annual_target", "actual")
            if n not in parsed.columns
        ]
        if not ({"as_of", "period"} & parsed.columns.keys()):
            missing.insert(0, "截至日期 或 报告期")
    else:
        missing = ["截至日期 或 报告期", "任务名称", "年度目标", "累计完成"]
    message = (
        f"缺少必填列：{'、'.join(missing)}。文件中找到的列：{'、'.join(found) or '（无）'}。"
        "请按模板填写表头，或在上传页面把您的列对应到字段"
    )
    return _Header(header_row or 1, {}, {}, {}, one_problem(header_row, None, message), 0)


def _parse_header(row: int, cells: list[str], mapping: dict[str, str]) -> _Header:
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    header_units: dict[str, str] = {}
    problems = []
    for index, cell in enumerate(cells):
        name, unit = (mapping[cell], None) if cell in mapping else match_header(cell)
        if name is None:
            continue
        label = f"{column_letter(index)}列「{cell.strip()}」"
        if name in columns:
            problems.append(
                one_problem(
                    row,
                    label,
                    f"与{labels[name]}重复，都表示“{FIELD_BY_NAME[name].chinese}”，请删除或改名其中一列",
                )
            )
            continue
        columns[name] = index
        labels[name] = label
        if unit:
            header_units[name] = unit
    return _Header(row, columns, labels, header_units, collect_problems(problems), len(cells))


def _texts(body: pd.DataFrame, header: _Header) -> dict[str, pd.Series]:
    """Each field's cells; the fields the file lacks share one column of "" (a million rows of
    it is 8 MB, and a file lacks a dozen fields)."""
    blank = pd.Series("", index=body.index, dtype=object)
    return {
        name: body[header.columns[name]] if name in header.columns else blank
        for name in FIELD_BY_NAME
    }


def _plain_numbers(cells: pd.Series) -> pd.Series:
    """Cells that are plain numbers (thousands separators allowed) as floats, others NaN."""
    folded = pa.array(cells.str.replace(",", "", regex=False), type=pa.string())
    try:  # the common case, a clean column, in one pass
        parsed = pc.cast(pc.if_else(pc.equal(folded, ""), None, folded), pa.float64())
        return pd.Series(parsed.to_numpy(zero_copy_only=False), index=cells.index)
    except pa.ArrowInvalid:
        return pd.to_numeric(
            pd.Series(folded, index=cells.index).replace("", None), errors="coerce"
        )


def _numbers(
    cells: pd.Series, label: str, required: bool, what: str
) -> tuple[pd.Series, pd.Series, pd.Series, list]:
    """Numbers and any unit written in the cell (`1.04万`, `19.3公里`); problems for the rest.

    A plain number becomes the float nearest to it as written, which is what float parsing gives;
    a scaled one (`1.04万`) is scaled as a decimal first, so it is exactly 10400. `scale_only`
    marks cells scaled without a unit of their own (`327568.8亿`).
    """
    value = _plain_numbers(cells)
    value = value.where(np.isfinite(value))  # "inf" and "nan" are not numbers a bureau reports
    inline_unit = pd.Series("", index=cells.index, dtype=object)
    scale_only = pd.Series(False, index=cells.index)
    slow = value.isna() & (cells != "")
    problems = []
    if slow.any():
        parsed, errors = values.parse_column(cells[slow], values.parse_decimal)
        ok = errors.isna()
        value.loc[parsed.index[ok]] = [float(p[0]) for p in parsed[ok]]
        inline_unit.loc[parsed.index[ok]] = [p[1] for p in parsed[ok]]
        bare = parsed.index[ok][[p[1] == "" for p in parsed[ok]]]
        scale_only.loc[bare] = cells[bare].str.contains("[万亿萬億]", regex=True)
        bad = errors[~ok]
        problems.append(problems_at(bad.index, label, bad.values))
    if required:
        empty = cells.index[cells == ""]
        problems.append(
            problems_at(
                empty,
                label,
                f"{what}为空，请填写数字" + ("（尚无进展请填 0）" if what == "累计完成" else ""),
            )
        )
    return value, inline_unit, scale_only, problems


@_refused_on_failure
def prepare(
    store: Store,
    data: bytes,
    file_name: str,
    *,
    allowed_units: set[str] | None = None,
    column_mapping: dict[str, str] | None = None,
    today: date | None = None,
) -> Upload:
    """Check a file against the contract, the store's history and the uploader's rights; stores
    nothing. `allowed_units` are the lead units whose indicators the uploader may create or
    change (a staff member's units); None means any unit (an administrator).
    """
    digest = hashlib.sha256(data).hexdigest()
    empty = pd.DataFrame(columns=PROBLEM_COLUMNS)
    allowed = None if allowed_units is None else frozenset(allowed_units)
    upload = Upload(
        file_name,
        digest,
        data,
        empty,
        empty,
        data_version=store.data_version(),
        allowed_units=allowed,
    )
    try:
        grid = read_grid(data, file_name)
    except UnreadableFile as exc:
        upload.problems = one_problem(exc.row, exc.column, str(exc))
        return upload
    except UnicodeDecodeError:
        upload.problems = one_problem(
            None, None, "文件中有无法识别的字符，请在 Excel 或 WPS 中另存为“CSV UTF-8”后上传"
        )
        return upload

    header = _find_header(grid, column_mapping or {})
    upload.column_fields = {label: name for name, label in header.labels.items()}
    if not header.problems.empty or not header.columns:
        upload.problems = header.problems
        return upload

    body = grid.body(header.row, header.width)
    del grid  # the cells now live in `body`; a million-row grid is 60 MB of Arrow more
    filled = (body != "").any(axis=1)
    if not filled.all():  # a copy of every cell only where there are blank rows to drop
        body = body[filled]
    if body.empty:
        upload.problems = one_problem(header.row, None, "表头下面没有数据行，请填写后再上传")
        return upload

    rows, problems, warnings = _check_rows(store, body, header, allowed, today or date.today())
    del body
    upload.problems = collect_problems(problems)
    if upload.problems.empty:
        upload.rows = _compare_with_store(store, rows, set(header.columns))
        warnings += _falls(store, upload.rows, header)
        duplicate = _same_file_stored(store, digest)
        if duplicate:
            upload.already_stored = duplicate
    upload.warnings = collect_problems(warnings)
    return upload


def _check_rows(store, body, header, allowed_units, today):
    label = header.labels
    problems: list[pd.DataFrame] = []
    warnings: list[pd.DataFrame] = []
    text = _texts(body, header)

    task = text["task"]
    problems.append(problems_at(task.index[task == ""], label["task"], "任务名称为空，请填写"))
    example = task.str.startswith(EXAMPLE_MARK)
    problems.append(
        problems_at(
            task.index[example],
            label["task"],
            "这是模板中的示例行，请删除后再上传（示例数据不能入库）",
        )
    )
    indicator = (
        text["indicator"].where(text["indicator"] != "", task)
        if "indicator" in header.columns
        else task
    )
    region = text["region"]

    # Snapshot date: 截至日期 where given, otherwise the end of the reporting period.
    as_of = pd.Series(pd.NaT, index=body.index, dtype="datetime64[s]")
    for name, parse in (("as_of", values.parse_date), ("period", values.parse_period)):
        if name not in header.columns:
            continue
        cells = text[name].where(as_of.isna(), "")
        parsed, errors = values.parse_column(cells, parse)
        as_of = as_of.fillna(pd.to_datetime(parsed, errors="coerce"))
        bad = errors.dropna()
        problems.append(problems_at(bad.index, label[name], bad.values))
    date_label = label.get("as_of") or label.get("period")
    missing_date = as_of.isna() & (text["as_of"] == "") & (text["period"] == "")
    problems.append(
        problems_at(body.index[missing_date], date_label, "截至日期和报告期都为空，请至少填写一项")
    )
    future = as_of > pd.Timestamp(today)
    warnings.append(problems_at(body.index[future], date_label, "日期晚于今天，请确认是否填错"))

    numbers = {}
    for name in NUMERIC_FIELDS:
        if name not in header.columns:
            numbers[name] = (
                pd.Series(np.nan, index=body.index),
                pd.Series("", index=body.index, dtype=object),
                pd.Series("", index=body.index, dtype=object),
                pd.Series(False, index=body.index),
            )
            continue
        value, inline_unit, scale_only, found = _numbers(
            text[name], label[name], FIELD_BY_NAME[name].required, FIELD_BY_NAME[name].chinese
        )
        numbers[name] = (value, inline_unit, text[name], scale_only)
        problems.extend(found)
    target, actual, planned = (numbers[n][0] for n in NUMERIC_FIELDS)
    problems.append(problems_at(body.index[actual < 0], label["actual"], "累计完成不能为负数"))
    if "planned" in header.columns:
        problems.append(
            problems_at(body.index[planned < 0], label["planned"], "序时目标不能为负数")
        )

    direction, direction_errors = values.parse_column(text["direction"], values.parse_direction)
    bad = direction_errors.dropna()
    problems.append(problems_at(bad.index, label.get("direction"), bad.values))

    rows = pd.DataFrame(
        {
            "source_row": body.index,
            "region": region.values,
            "task": task.values,
            "indicator": indicator.values,
            "as_of": as_of.values,
            "annual_target": target.values,
            "actual": actual.values,
            "planned": planned.values,
        },
        index=body.index,
    )
    for name in TEXT_FIELDS:
        rows[name] = text[name].replace("", None).values

    # the year's plan, where there is one, says which indicators exist and who owns them
    plan = matching.plan_indicators(
        store, [int(y) for y in years.years_of(as_of.dropna()).unique()]
    )
    matching.by_code(rows, plan)
    # keys as codes and distinct values: a million rows name a few thousand indicators
    name_codes, names = identity.name_key_codes(rows["region"], rows["task"], rows["indicator"])
    rows["name_key"] = identity.keyed(name_codes, names, rows.index)

    named = store.query(
        "indicators_by_name_key", frames={"incoming_names": pd.DataFrame({"name_key": names})}
    )
    problems.extend(_apply_owners(rows, named, allowed_units, label))
    key_codes, keys = identity.match_key_codes(name_codes, names, rows["lead_unit"])
    rows["match_key"] = identity.keyed(key_codes, keys, rows.index)
    rows["key_code"] = key_codes
    outside, warned = matching.outside_plan(rows, plan, allowed_units, label["task"])
    problems.extend(outside)
    warnings.extend(warned)
    # a ceiling (控制上限) of the plan may be 0, as in 零事故; any other target must be positive
    zero_allowed = matching.ceilings(rows, plan)
    problems.append(
        problems_at(
            body.index[(target < 0) | ((target == 0) & ~zero_allowed)],
            label["annual_target"],
            "年度目标必须大于 0",
        )
    )
    known = _known_indicators(keys, named)
    problems.extend(_rights(rows, known, allowed_units, label))
    warnings.extend(_same_names_elsewhere(rows, named, label))
    problems.extend(_apply_units(rows, text["unit"], numbers, header, known))
    warnings.extend(_near_names(store, rows, label))
    problems.extend(_apply_directions(rows, known, direction, label))

    dated = rows[rows["as_of"].notna()]
    duplicated = dated[dated.duplicated(["match_key", "as_of"], keep=False)]
    if not duplicated.empty:
        groups = duplicated.groupby(["match_key", "as_of"])["source_row"].agg(list)
        rows_named, messages = [], []
        for group in groups:
            for row in group:
                # At most five other rows named: a file of one row repeated stays a short list.
                others = [str(r) for r in group[:6] if r != row][:5]
                more = f"等 {len(group) - 1} 行" if len(group) > 6 else "行"
                rows_named.append(row)
                messages.append(
                    f"与第 {'、'.join(others)} {more}是同一指标、同一日期，请只保留一行"
                )
        problems.append(problems_at(rows_named, label["task"], messages))
    rows["year"] = years.years_of(rows["as_of"])
    return rows, problems, warnings


def _apply_owners(rows, named, allowed_units, label) -> list[pd.DataFrame]:
    """Each row's lead unit (the owner of the indicator it names) into rows["lead_unit"].

    Where the cell is blank: a staff member's one unit (refused for several); for an
    administrator, the owner of the one stored indicator with these names (refused for a new
    indicator, and where several units have an indicator of these names).
    """
    owner = rows["lead_unit"].fillna("")
    blank = owner == ""
    column = label.get("lead_unit", "牵头单位")
    if not blank.any():
        return []
    if allowed_units is not None:
        if len(allowed_units) == 1:
            rows.loc[blank, "lead_unit"] = next(iter(allowed_units))
            return []
        return [
            problems_at(
                rows.index[blank],
                column,
                f"牵头单位为空。您负责多个单位（{'、'.join(sorted(allowed_units))}），"
                "请填写本行属于哪个单位",
            )
        ]
    owners = named.groupby("name_key", sort=False)["lead_unit"].agg(list)
    found = rows.loc[blank, "name_key"].map(owners)
    single = found.map(lambda o: isinstance(o, list) and len(o) == 1).astype(bool)
    rows.loc[single[single].index, "lead_unit"] = [o[0] for o in found[single]]
    unresolved = found[~single]
    return [
        problems_at(
            unresolved.index,
            column,
            [
                f"牵头单位为空，且有多个单位（{'、'.join(o)}）有同名指标，请填写本行属于哪个单位"
                if isinstance(o, list)
                else f"{'牵头单位为空' if 'lead_unit' in label else '文件中没有“牵头单位”列'}："
                "这是新指标，请填写牵头单位"
                for o in unresolved
            ],
        )
    ]


# How alike two names must be (difflib's ratio) to ask whether they are the same one.
NEAR_NAME_RATIO = 0.8
_NEAR_NAME_KINDS = (
    ("region", "所属地区"),
    ("lead_unit", "牵头单位"),
    ("task", "任务名称"),
    ("indicator", "指标名称"),
)


def _near_names(store: Store, rows: pd.DataFrame, label: dict) -> list[pd.DataFrame]:
    """New indicators whose region, lead unit, task or indicator name is close to a stored one
    without being the same (龙岗 beside 龙岗区): asked about once per name, on its first row, rather
    than silently made a second indicator. Names that differ only by Traditional or full-width
    forms are the same name already (identity.name_keys)."""
    new = rows[rows["indicator_id"].isna()]
    if new.empty:
        return []
    stored = store.query("indicator_names")
    found = []
    for name, chinese in _NEAR_NAME_KINDS:
        known: dict[str, str] = {}
        for value in stored[name].dropna().unique():
            known.setdefault(normalise(value), value)
        # a near name almost always starts as the stored one does; compare within that group
        by_start: dict[str, list[str]] = {}
        for key in known:
            if key:
                by_start.setdefault(key[0], []).append(key)
        firsts = new[name].fillna("").drop_duplicates()
        if name == "indicator":  # an indicator named after its task is asked about as the task
            firsts = firsts[firsts != new.loc[firsts.index, "task"]]
        for row, value in firsts.items():
            key = normalise(value)
            if not key or key in known:
                continue
            close = difflib.get_close_matches(
                key, by_start.get(key[0], []), n=1, cutoff=NEAR_NAME_RATIO
            )
            if close:
                other = known[close[0]]
                found.append(
                    one_problem(
                        row,
                        label.get(name, chinese),
                        f"{chinese}“{value}”与已有的“{other}”相近，是否与已有的“{other}”为同一个？"
                        f"如是，请改为“{other}”后重新上传；如不是，可以直接入库",
                    )
                )
    return found


def _known_indicators(keys: np.ndarray, named: pd.DataFrame) -> pd.DataFrame:
    """Stored id, owner, unit and direction per distinct match key of the upload (`keys`, in the
    order of rows["key_code"]), empty where the indicator is new."""
    found = named.drop(columns="name_key").drop_duplicates("match_key")
    return pd.DataFrame({"match_key": keys}).merge(found, on="match_key", how="left")


def _rights(rows, known, allowed_units, label) -> list[pd.DataFrame]:
    """Staff may change only indicators their units own, as stored, and create only their own."""
    if allowed_units is None:
        return []
    stored_owner = pd.Series(_per_key(rows, known["lead_unit"]), index=rows.index)
    owner = stored_owner.where(stored_owner.notna(), rows["lead_unit"]).fillna("")
    allowed_keys = {normalise(u) for u in allowed_units}
    outside = (owner != "") & ~values.map_unique(owner, normalise).isin(allowed_keys)
    allowed = "、".join(sorted(allowed_units)) or "（无）"
    return [
        problems_at(
            rows.index[outside],
            label.get("lead_unit", "牵头单位"),
            [
                f"您只能上传本单位（{allowed}）的数据，此行牵头单位为“{u}”，"
                "不能新建或修改其他单位的指标"
                for u in owner[outside]
            ],
        )
    ]


def _same_names_elsewhere(rows, named, label) -> list[pd.DataFrame]:
    """A new indicator whose names another unit already uses: said once, so nobody thinks the
    other unit's figures were changed."""
    new = rows[rows["lead_unit"].notna() & ~rows["match_key"].isin(named["match_key"])]
    new = new.drop_duplicates("match_key")
    others = named.groupby("name_key", sort=False)["lead_unit"].agg("、".join)
    elsewhere = new["name_key"].map(others).dropna()
    return [
        problems_at(
            elsewhere.index,
            label.get("lead_unit", "牵头单位"),
            [
                f"“{units_}”已有同名指标；本行作为“{rows.at[i, 'lead_unit']}”的指标另行入库，"
                f"不会改动“{units_}”的数据"
                for i, units_ in elsewhere.items()
            ],
        )
    ]


def _per_key(rows: pd.DataFrame, column: pd.Series) -> np.ndarray:
    """Each row's value of `column` for its indicator: aligned by match key."""
    return column.to_numpy(dtype=object)[rows["key_code"].to_numpy()]


def _first_in_file(rows: pd.DataFrame, column: str) -> np.ndarray:
    """Each row's value of `column` in the first row of the file for the same indicator."""
    first_rows = rows.groupby("key_code", sort=False)[column].first()
    return first_rows.reindex(rows["key_code"]).to_numpy(dtype=object)


# Larger numbers than a bureau reports, and where a float stops holding every decimal digit.
MAX_NUMBER = 1e15


def _converted(cell_and_factor: str) -> float:
    cell, factor = cell_and_factor.split("\x1f")
    return float(values.parse_decimal(cell)[0] * Decimal(factor))


def _apply_units(rows, unit_cells, numbers, header, known) -> list[pd.DataFrame]:
    """Convert every value to the indicator's stored unit (for a new one, or one stored without a
    unit, the first unit given for it in the file: a blank cell is no unit). Conversions are
    decimal, so 19.3公里 is 19300 米 exactly."""
    row_unit = values.map_unique(unit_cells, units.canonical)
    inline_target_unit = values.map_unique(numbers["annual_target"][1], units.canonical)
    header_target_unit = units.canonical(header.units.get("annual_target", ""))
    given_unit = row_unit.where(row_unit != "", header_target_unit or inline_target_unit)
    rows["unit_given"] = given_unit.to_numpy()
    first_given = given_unit.where(given_unit != "").groupby(rows["key_code"], sort=False).first()
    first_given = first_given.reindex(rows["key_code"]).fillna("").to_numpy()
    stored = pd.Series(_per_key(rows, known["unit"]), index=rows.index)
    rows["unit"] = stored.where(stored.notna() & (stored != ""), first_given)
    rows["indicator_id"] = _per_key(rows, known["indicator_id"])

    problems = []
    for name in NUMERIC_FIELDS:
        if name not in header.columns:
            continue
        value, inline_unit, cells, scale_only = numbers[name]
        given = values.map_unique(inline_unit, units.canonical)
        # `327568.8亿` in a column of 亿元 means 327568.8亿元: the cell's 万/亿 scale the number in
        # the base unit of the unit it is written in (元), not in 亿元 itself.
        given = given.where(given != "", units.canonical(header.units.get(name, "")) or row_unit)
        given = given.where(given != "", rows["unit"])
        if scale_only.any():
            given = given.where(~scale_only, values.map_unique(given, units.base_unit))
        # decided once per distinct pair of units: comparing a million Decimal objects is slow
        codes, pairs = values.factorize_pairs(given, rows["unit"])
        factor_of = [units.exact_factor(written, stored) for written, stored in pairs]
        factors = pd.Series(np.array([*factor_of, None], dtype=object)[codes], index=rows.index)
        not_one = np.array([f is not None and f != 1 for f in factor_of] + [False])[codes]
        convertible = factors.notna()
        rows[name] = value.where(convertible)
        scaled = convertible & value.notna() & not_one
        if scaled.any():
            keyed = cells[scaled] + "\x1f" + factors[scaled].astype(str)
            rows.loc[scaled, name] = values.map_unique(keyed, _converted).astype(float)
        conflict = ~convertible & value.notna()
        problems.append(
            problems_at(
                rows.index[conflict],
                header.labels[name],
                [
                    f"单位“{g or '未填'}”与该指标已有的单位“{s or '未填'}”不一致，且无法换算，请改用“{s or '未填'}”"
                    for g, s in zip(given[conflict], rows["unit"][conflict], strict=True)
                ],
            )
        )
        too_large = rows[name].abs() >= MAX_NUMBER
        problems.append(
            problems_at(
                rows.index[too_large],
                header.labels[name],
                [
                    f"数值过大：按该指标的单位“{u or '未填'}”为 {values.number_text(v)}，"
                    "须小于 10的15次方（1000万亿），请检查位数和单位"
                    for v, u in zip(rows[name][too_large], rows["unit"][too_large], strict=True)
                ],
            )
        )
    return problems


def _apply_directions(rows, known, given, label) -> list[pd.DataFrame]:
    """`given` is each row's direction as the file says it (None where blank)."""
    stored = pd.Series(_per_key(rows, known["direction"]), index=rows.index)
    conflict = stored.notna() & given.notna() & (stored != given)
    rows["direction"] = stored.where(stored.notna(), given).fillna("higher")
    conflict |= stored.isna() & (rows["direction"] != _first_in_file(rows, "direction"))
    return [
        problems_at(
            rows.index[conflict],
            label.get("direction"),
            "指标方向与该指标已有的方向不一致，请保持同一指标的方向不变",
        )
    ]


# What a later upload for the same indicator and date may revise, in the order the preview names
# them. The lead unit is not among them: it is part of which indicator a row is.
REVISED_FIELDS = (
    "annual_target",
    "actual",
    "planned",
    "task_id",
    "leader",
    "category",
    "area",
    "progress_note",
    "problems",
    "next_steps",
)
_REVISION_TEXT_CHARS = 30


def _shown(name: str, value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "（空）"
    if name in NUMERIC_FIELDS:
        return values.number_text(value)
    text = str(value)
    return text if len(text) <= _REVISION_TEXT_CHARS else text[:_REVISION_TEXT_CHARS] + "…"


def _compare_with_store(store: Store, rows: pd.DataFrame, given: set[str]) -> pd.DataFrame:
    """Mark each row new, updated or unchanged (in `rows` itself, which is returned) against the
    stored row in force for the same indicator and date. Any difference in a number (exactly, as the user wrote it) or in a text
    field is a revision; `revision` says what changed, old → new. A field whose column the file
    does not have (`given` are the fields it has) keeps its stored value.
    """
    incoming = rows[["indicator_id", "as_of", "source_row"]].dropna(subset=["indicator_id"])
    current = store.query("snapshots_for_incoming", frames={"incoming": incoming})
    rows["change"] = "new"
    rows["revision"] = ""
    if current.empty:
        return rows
    current = current.set_index("source_row")
    matched = rows["source_row"].isin(current.index)
    old = current.reindex(rows["source_row"]).set_axis(rows.index)
    revisions = []
    for name in REVISED_FIELDS:
        if name not in given:
            rows.loc[matched, name] = old.loc[matched, name]
            continue
        before, after = old[name], rows[name]
        differs = matched & ~(before.isna() & after.isna()) & ~(before == after)
        if differs.any():
            label = FIELD_BY_NAME[name].chinese
            revisions.append(
                pd.Series(
                    [
                        f"{label} {_shown(name, b)} → {_shown(name, a)}"
                        for b, a in zip(before[differs], after[differs], strict=True)
                    ],
                    index=rows.index[differs],
                )
            )
    if revisions:
        joined = pd.concat(revisions).groupby(level=0, sort=False).agg("；".join)
        rows.loc[joined.index, "revision"] = joined
    rows.loc[matched, "change"] = np.where(
        rows.loc[matched, "revision"] != "", "updated", "unchanged"
    )
    rows["previous_actual"] = old["actual"].where(matched)
    return rows


def _falls(store: Store, rows: pd.DataFrame, header: _Header) -> list[pd.DataFrame]:
    """Warn where a cumulative value is lower than the one before it in the same year."""
    incoming = rows[["key_code", "indicator_id", "as_of", "year", "actual", "source_row"]]
    falls = store.query("cumulative_falls", frames={"incoming": incoming})
    if falls.empty:
        return []
    return [
        problems_at(
            falls["source_row"],
            header.labels["actual"],
            [
                f"累计完成从 {values.number_text(b)} 降到 {values.number_text(a)}，"
                "累计值一般不会下降，请确认"
                for b, a in zip(falls["before"], falls["actual"], strict=True)
            ],
        )
    ]


def _same_file_stored(store: Store, digest: str) -> dict | None:
    found = store.query("batch_with_sha256", sha256=digest)
    return None if found.empty else found.iloc[0].to_dict()


# What snapshots_insert and indicators_fill_unit read of the frame `changed`.
_INSERTED_COLUMNS = (
    "match_key",
    "indicator_id",
    "unit",
    "as_of",
    "year",
    *NUMERIC_FIELDS,
    *TEXT_FIELDS,
    "source_row",
)


def _as_arrow(rows: pd.DataFrame, columns: tuple[str, ...]) -> pa.Table:
    """The columns as Arrow, text as dictionaries: a million rows name a few thousand indicators,
    units and owners, and DuckDB then reads each distinct text once instead of a Python object
    per row."""
    arrays = {}
    for name in columns:
        column = rows[name]
        if name == "indicator_id":  # object: stored ids, None for new indicators
            arrays[name] = pa.array(column.to_numpy(), pa.int64(), from_pandas=True)
        elif column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            codes, uniques = pd.factorize(column)
            arrays[name] = pa.DictionaryArray.from_arrays(
                pa.array(codes, pa.int32(), mask=codes < 0),
                pa.array(np.asarray(uniques, dtype=object), pa.string()),
            )
        else:
            arrays[name] = pa.array(column.to_numpy(), from_pandas=True)  # NaN is NULL
    return pa.table(arrays)


@dataclass
class Stored:
    batch_id: int | None
    rows_stored: int
    message: str
    failed: bool = False  # the store could not be written; `message` says why


@_failed_on_error
def commit(
    store: Store,
    upload: Upload,
    uploaded_by: str,
    *,
    uploaded_at: datetime | None = None,
    detail: str = "",
    **prepare_options,
) -> Stored:
    """Store an accepted upload in one transaction. Checks it again if the data changed since
    `prepare`, or if it was checked for other rights than the ones it is stored with.

    `uploaded_at` is when the file landed, now unless given (the demo replays its bureau's dates).
    `detail` is added to the audit record (e.g. how the command line acted).
    """
    if not upload.accepted:
        raise ValueError("a refused upload cannot be stored")
    allowed = prepare_options.get("allowed_units")
    with store.transaction() as cur:
        if store.data_version() != upload.data_version or upload.allowed_units != (
            None if allowed is None else frozenset(allowed)
        ):
            upload = prepare(store, upload.original, upload.file_name, **prepare_options)
            if not upload.accepted:
                audit.record(
                    cur,
                    uploaded_by,
                    "upload_refused",
                    f"{upload.file_name}: 数据已变化，重新检查未通过{detail}",
                )
                return Stored(
                    None, 0, "在您确认前，其他人更新了数据，重新检查发现问题，请重新上传查看"
                )
        if upload.already_stored:
            b = upload.already_stored
            return Stored(
                None,
                0,
                f"该文件已于 {b['uploaded_at']:%Y-%m-%d %H:%M} 由 {b['uploaded_by']} 上传（批次 {b['batch_id']}），未重复入库",
            )
        changed = upload.new_rows
        if changed.empty:
            return Stored(None, 0, "文件内容与已有数据完全一致，没有新增或更新的记录")
        batch_id = cur.execute(
            sql.load("batch_insert"),
            {
                "uploaded_at": uploaded_at or datetime.now(),
                "uploaded_by": uploaded_by,
                "file_name": upload.file_name,
                "sha256": upload.sha256,
                "row_count": len(changed),
                "original": upload.original,
            },
        ).fetchone()[0]
        # one row per indicator first: filtering first would copy every row of a new upload
        firsts = changed.drop_duplicates("match_key")
        new_indicators = firsts[firsts["indicator_id"].isna()]
        cur.register("new_indicators", new_indicators)
        cur.execute(sql.load("indicators_insert_new"), {"batch_id": batch_id})
        cur.unregister("new_indicators")
        cur.register("changed", _as_arrow(changed, _INSERTED_COLUMNS))
        cur.execute(sql.load("snapshots_insert"), {"batch_id": batch_id})
        cur.execute(sql.load("indicators_fill_unit"))
        cur.unregister("changed")
        cur.execute(
            sql.load("refresh_validity"),
            {"batch_id": batch_id, "indicator_ids": [], "year_start_month": years.start_month()},
        )
        audit.record(
            cur,
            uploaded_by,
            "upload",
            f"批次 {batch_id}：{upload.file_name}，{len(changed)} 行{detail}",
        )
        store.bump_data_version(cur)
    return Stored(batch_id, len(changed), f"已入库：批次 {batch_id}，{len(changed)} 行")


def undo(store: Store, batch_id: int, actor: str) -> None:
    """Withdraw a batch: its rows stop counting and what they superseded counts again."""
    with store.transaction() as cur:
        undone = cur.execute(
            sql.load("batch_mark_undone"),
            {"batch_id": batch_id, "undone_at": datetime.now(), "undone_by": actor},
        ).fetchall()
        if not undone:
            raise ValueError(f"没有可撤销的批次 {batch_id}（不存在或已经撤销过）")
        cur.execute(
            sql.load("refresh_validity"),
            {"batch_id": batch_id, "indicator_ids": [], "year_start_month": years.start_month()},
        )
        audit.record(cur, actor, "undo", f"撤销批次 {batch_id}")
        store.bump_data_version(cur)


def refuse(store: Store, upload: Upload, actor: str, detail: str = "") -> None:
    """Write a refused upload to the audit log (the only thing a refusal stores)."""
    _audit_quietly(store, actor, f"{upload.file_name}：{len(upload.problems)} 处问题{detail}")
