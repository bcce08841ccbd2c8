"""The staff upload flow without the page: who may do what, the template, remembered column
mappings, the tables a page shows before and after storing, and the upload history.

Pages lay these out; every action here checks the user's role again, so a page reached by
some other way still cannot upload or undo for a role that lacks it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import re
from collections.abc import Iterable, Mapping

import duckdb
import pandas as pd

from tracker import sql
from tracker.access import accounts, audit
from tracker.access.accounts import User
from tracker.intake import ingest
from tracker.intake.fields import FIELD_BY_NAME, FIELDS, SNAPSHOT, Contract, normalise
from tracker.intake.reading import HEADER_SEARCH_ROWS, read_grid
from tracker.presentation import export
from tracker.store import CONFLICT_MESSAGE, Store

TEMPLATE_NAME = "进度快照上传模板"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"

RETRY_MESSAGE = CONFLICT_MESSAGE

# What each field means for someone filling the sheet; shown beside the template.
FIELD_NOTES: dict[str, str] = {
    "as_of": "与“报告期”至少填一项，如 2022-09-30",
    "period": "如 2022Q3、2022年第三季度、2022-09、2022年9月，按期末日期计",
    "task": "必填",
    "indicator": "不填则与任务名称相同；一个任务有多个指标时分行填写",
    "unit": "也可写在表头里，如“年度目标(公里)”；可写 万套、万平方米",
    "annual_target": "必填，大于 0 的数字",
    "actual": "必填，年初至今的累计数，尚无进展填 0",
    "planned": "倒排工期的计划累计数，可不填",
    "direction": "越大越好 或 越小越好（如事故起数），不填为越大越好",
    "lead_unit": "指标归属的单位；填报人员只能新建、修改本单位的指标，只负责一个单位的可不填",
}

_NOT_IMPORTED = ""


class NotAllowed(PermissionError):
    """The user's role does not allow this action; the message says so in Chinese."""


# --- Who may do what ---------------------------------------------------------------------------


def require_upload(user: User | None) -> User:
    if user is None or not user.can_upload():
        raise NotAllowed("只有填报人员和管理员可以上传数据")
    return user


def require_admin(user: User | None) -> User:
    if user is None or not user.can_admin():
        raise NotAllowed("只有管理员可以执行此操作")
    return user


def allowed_units(user: User) -> set[str] | None:
    """The lead units a user may upload rows for; None means any (administrators)."""
    require_upload(user)
    return None if user.role == "admin" else set(user.units)


# --- The template and the contract -------------------------------------------------------------

_NUMERIC_EXAMPLES = {"annual_target", "actual", "planned"}


def _example(name: str, text: str) -> object:
    if name in _NUMERIC_EXAMPLES:
        number = float(text)
        return int(number) if number.is_integer() else number
    if name == "as_of":
        return dt.date.fromisoformat(text)
    return text


def template_frame(lead_unit: str | None = None) -> pd.DataFrame:
    """The contract's Chinese headers with one example row (the user's own unit when given).

    The example's task starts with 示例 (ingest.EXAMPLE_MARK): a template uploaded unchanged is
    refused with that row named, so it can never write over real figures.
    """
    row = {f.chinese: _example(f.name, f.example) for f in FIELDS}
    task = FIELD_BY_NAME["task"].chinese
    row[task] = f"{ingest.EXAMPLE_MARK}：{row[task]}"
    if lead_unit:
        row[FIELD_BY_NAME["lead_unit"].chinese] = lead_unit
    return pd.DataFrame([row], columns=[f.chinese for f in FIELDS])


@functools.lru_cache(maxsize=64)
def template_csv(lead_unit: str | None = None) -> bytes:
    return export.to_csv_bytes(template_frame(lead_unit))


@functools.lru_cache(maxsize=64)
def template_xlsx(lead_unit: str | None = None) -> bytes:
    return export.to_xlsx_bytes(template_frame(lead_unit), sheet_name="进度快照")


def contract_table() -> pd.DataFrame:
    """One line per field for the page's filling instructions."""
    return pd.DataFrame(
        {
            "表头": [f.chinese for f in FIELDS],
            "英文表头": [f.english for f in FIELDS],
            "必填": ["是" if f.required else "" for f in FIELDS],
            "也可写作": ["、".join(f.aliases) for f in FIELDS],
            "说明": [FIELD_NOTES.get(f.name, "") for f in FIELDS],
        }
    )


# --- Checking a file ---------------------------------------------------------------------------


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def size_problem(size_bytes: int, max_upload_mb: float) -> str | None:
    """A message when a file is over the limit, checked on the server whatever the browser did."""
    if size_bytes <= max_upload_mb * 1024 * 1024:
        return None
    size_mb = max(size_bytes / 1024 / 1024, 0.1)
    return (
        f"文件大小 {size_mb:.1f} MB，超过上限 {max_upload_mb:g} MB，未存入任何数据。"
        "请删除多余的工作表、图片和空行，或分成几个文件上传"
    )


def _refused(file_name: str, data: bytes, message: str) -> ingest.Upload:
    problems = pd.DataFrame([{"row": None, "column": None, "message": message}])
    problems["row"] = problems["row"].astype("Int64")
    empty = pd.DataFrame(columns=ingest.PROBLEM_COLUMNS)
    # The bytes of a refused oversize file are not kept.
    return ingest.Upload(file_name, fingerprint(data), b"", problems, empty)


def check(
    store: Store,
    user: User,
    data: bytes,
    file_name: str,
    *,
    max_upload_mb: float,
    column_mapping: Mapping[str, str | None] | None = None,
    today: dt.date | None = None,
) -> ingest.Upload:
    """Check a file as this user may upload it; stores nothing. Refusals are not audited here."""
    require_upload(user)
    too_large = size_problem(len(data), max_upload_mb)
    if too_large:
        return _refused(file_name, data, too_large)
    return ingest.prepare(
        store,
        data,
        file_name,
        allowed_units=allowed_units(user),
        column_mapping=dict(column_mapping) if column_mapping else None,
        today=today,
    )


def record_refusal(store: Store, user: User, upload: ingest.Upload) -> None:
    ingest.refuse(store, upload, user.username)


def store_upload(
    store: Store,
    user: User,
    upload: ingest.Upload,
    *,
    column_mapping: Mapping[str, str | None] | None = None,
    mapping_units: Iterable[str] = (),
) -> ingest.Stored:
    """Store a checked upload in one transaction, re-checked with the same options if the data
    changed since it was checked; then remember the column mapping for the units it was used for.
    """
    require_upload(user)
    mapping = dict(column_mapping) if column_mapping else None
    try:
        stored = ingest.commit(
            store,
            upload,
            user.username,
            allowed_units=allowed_units(user),
            column_mapping=mapping,
        )
    except duckdb.TransactionException:
        # The transaction rolled back as a whole; nothing of this file is stored.
        return ingest.Stored(None, 0, RETRY_MESSAGE)
    if stored.batch_id is not None and mapping:
        remember_mapping(store, mapping_units, mapping)
    return stored


def summary_text(upload: ingest.Upload) -> str:
    s = upload.summary()
    return (
        f"共 {s['rows']} 行：新指标 {s['new_indicators']} 个，新增 {s['new']} 行，"
        f"更新 {s['updated']} 行，不变 {s['unchanged']} 行"
    )


def problems_table(problems: pd.DataFrame) -> pd.DataFrame:
    """Problems or warnings as the user sees them: row and column of their sheet, what to change."""
    table = pd.DataFrame(
        {
            "行": problems["row"].astype("Int64"),
            "列": problems["column"].fillna("").astype(str),
            "问题及修改方法": problems["message"].astype(str),
        }
    )
    return table.reset_index(drop=True)


def problems_csv(problems: pd.DataFrame) -> bytes:
    return export.to_csv_bytes(problems_table(problems))


CHANGE_LABELS = {"new_indicator": "新指标", "new": "新增", "updated": "更新", "unchanged": "不变"}


def preview_table(upload: ingest.Upload) -> pd.DataFrame:
    """The rows of an accepted upload, in the file's order, with what each changes: for an
    updated row, each revised field old → new."""
    rows = upload.rows
    if rows.empty:
        return pd.DataFrame(columns=["行", "变化", "任务名称", "指标名称", "截至日期"])
    change = rows["change"].where(
        ~(rows["indicator_id"].isna() & (rows["change"] == "new")), "new_indicator"
    )
    previous = (
        rows["previous_actual"]
        if "previous_actual" in rows
        else pd.Series(float("nan"), index=rows.index)
    )
    table = pd.DataFrame(
        {
            "行": rows["source_row"].astype("Int64"),
            "变化": change.map(CHANGE_LABELS),
            "任务名称": rows["task"],
            "指标名称": rows["indicator"],
            "所属地区": rows["region"],
            "截至日期": pd.to_datetime(rows["as_of"]).dt.date,
            "计量单位": rows["unit"],
            "年度目标": rows["annual_target"],
            "累计完成": rows["actual"],
            "此前累计": previous,
            "序时目标": rows["planned"],
            "牵头单位": rows["lead_unit"],
            "修改内容": rows["revision"],
        }
    )
    if not (table["所属地区"].astype(str).str.strip() != "").any():
        table = table.drop(columns="所属地区")
    if table["序时目标"].isna().all():
        table = table.drop(columns="序时目标")
    if not (table["修改内容"] != "").any():
        table = table.drop(columns="修改内容")
    return table.reset_index(drop=True)


# --- Column mapping ----------------------------------------------------------------------------


def needs_mapping(upload: ingest.Upload) -> bool:
    """True when the file was refused because its headers do not name the contract's fields."""
    if upload.accepted or upload.problems.empty:
        return False
    messages = upload.problems["message"].astype(str)
    return bool(
        messages.str.startswith("缺少必填列").any() or messages.str.contains("都表示").any()
    )


def _header_score(cells: list[str], mapping: Mapping[str, str | None], contract: Contract) -> int:
    return sum(1 for c in cells if (mapping[c] if c in mapping else contract.match(c)[0]))


# The column mapping below serves every kind of upload: `contract` is its fields (the progress
# snapshot's unless given, e.g. tracker.projects.ledger.CONTRACT).


def file_headers(
    data: bytes,
    file_name: str,
    mapping: Mapping[str, str | None] | None = None,
    contract: Contract = SNAPSHOT,
) -> list[str]:
    """The header cells of a file, as the mapping keys them (unstripped); [] when unreadable.

    The header is the top row naming the most known fields; when none is named at all, the
    first row about as wide as the widest (a title line above it has one cell).
    """
    mapping = mapping or {}
    try:
        grid = read_grid(data, file_name)
    except Exception:  # a file that cannot be read has no headers to map; check() says why
        return []
    rows = [list(r) for r in grid.top[:HEADER_SEARCH_ROWS]]
    if not rows:
        return []
    scores = [_header_score(r, mapping, contract) for r in rows]
    if max(scores) > 0:
        chosen = rows[scores.index(max(scores))]
    else:
        widths = [sum(1 for c in r if str(c).strip()) for r in rows]
        wide_enough = max(2, math.ceil(max(widths) / 2))
        chosen = next((r for r, w in zip(rows, widths, strict=True) if w >= wide_enough), rows[0])
    return [c for c in chosen if str(c).strip()]


def mapping_text(
    mapping: Mapping[str, str | None], headers: Iterable[str], contract: Contract = SNAPSHOT
) -> str:
    """The parts of a mapping that apply to these headers, in the file's order of its columns,
    e.g. 完成数 → 累计完成."""
    return "、".join(
        f"{str(h).strip()} → {field_label(mapping[h], contract)}"
        for h in dict.fromkeys(headers)
        if h in mapping
    )


def field_choices(contract: Contract = SNAPSHOT) -> list[str | None]:
    """Options for each header: not imported, then every field of the contract."""
    return [None, *contract.names]


def field_label(name: str | None, contract: Contract = SNAPSHOT) -> str:
    if not name:
        return "（不导入）"
    f = contract.field(name)
    return f"{f.chinese}（必填）" if f.required else f.chinese


def suggested_field(
    header: str, mapping: Mapping[str, str | None] | None = None, contract: Contract = SNAPSHOT
) -> str | None:
    mapping = mapping or {}
    return mapping[header] if header in mapping else contract.match(header)[0]


def mapping_problems(choices: Mapping[str, str | None], contract: Contract = SNAPSHOT) -> list[str]:
    """What is wrong with a header → field choice before the file is checked again."""
    problems = []
    used: dict[str, list[str]] = {}
    for header, name in choices.items():
        if name:
            used.setdefault(name, []).append(str(header).strip())
    for name, headers in used.items():
        if len(headers) > 1:
            problems.append(
                f"“{contract.field(name).chinese}”对应了多列（{'、'.join(headers)}），每个字段只能对应一列"
            )
    missing = [contract.field(n).chinese for n in contract.required if n not in used]
    if not ({"as_of", "period"} & used.keys()):
        missing.insert(0, "截至日期 或 报告期")
    if missing:
        problems.append(f"还没有对应必填字段：{'、'.join(missing)}")
    return problems


def mapping_overrides(
    choices: Mapping[str, str | None], contract: Contract = SNAPSHOT
) -> dict[str, str | None]:
    """Only the choices that differ from what the header already names, so a unit written in a
    header such as 年度目标(公里) is still read from it.
    """
    return {h: f for h, f in choices.items() if f != contract.match(h)[0]}


def mapping_units(user: User, chosen_unit: str | None = None) -> tuple[str, ...]:
    """The lead units a mapping is remembered for: a staff member's own, an admin's chosen one."""
    if user.role == "admin":
        return (chosen_unit,) if chosen_unit and chosen_unit.strip() else ()
    return tuple(user.units)


def _unit_keys(units: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(k for k in (normalise(u) for u in units) if k))


def remembered_mapping(
    store: Store, units: Iterable[str], contract: Contract = SNAPSHOT
) -> dict[str, str | None]:
    """The mapping used for these units' latest upload of this kind that needed one ({} when
    none)."""
    keys = _unit_keys(units)
    if not keys:
        return {}
    frame = store.query("column_mappings_for_units", units=keys, contract=contract.kind)
    mapping: dict[str, str | None] = {}
    for header, name in zip(frame["header"], frame["field"], strict=True):
        if name and name not in contract.names:
            continue  # a field no longer in the contract
        mapping.setdefault(header, name or None)
    return mapping


def remember_mapping(
    store: Store,
    units: Iterable[str],
    mapping: Mapping[str, str | None],
    now: dt.datetime | None = None,
    contract: Contract = SNAPSHOT,
) -> None:
    """Replace each unit's remembered mapping for this kind of upload with this one."""
    keys = _unit_keys(units)
    for name in mapping.values():
        if name and name not in contract.names:
            raise ValueError(f"unknown field {name!r}")
    if not keys or not mapping:
        return
    now = now or dt.datetime.now()
    with store.transaction() as cur:
        for unit in keys:
            cur.execute(
                sql.load("column_mappings_forget_unit"), {"unit": unit, "contract": contract.kind}
            )
            for header, name in mapping.items():
                cur.execute(
                    sql.load("column_mappings_insert"),
                    {
                        "contract": contract.kind,
                        "unit": unit,
                        "header": header,
                        "field": name or _NOT_IMPORTED,
                        "now": now,
                    },
                )


def lead_units(store: Store) -> list[str]:
    return store.query("lead_units")["lead_unit"].tolist()


# --- Upload history ----------------------------------------------------------------------------

STATE_LABELS = {"stored": "已入库", "undone": "已撤销"}


def history(store: Store, user: User, limit: int = 500) -> pd.DataFrame:
    """Batches the user may see (see _visible), newest first, without the files' bytes."""
    require_upload(user)
    batches = store.query("upload_history", limit=limit)
    return batches[_visible(store, user, batches)].reset_index(drop=True)


def _visible(store: Store, user: User, batches: pd.DataFrame) -> pd.Series:
    """Administrators see every batch; staff see what they uploaded and every batch with rows
    for their own lead units, so that one unit's files are not handed to another."""
    if user.can_admin() or batches.empty:
        return pd.Series(True, index=batches.index)
    units = store.query("batch_lead_units", batch_ids=batches["batch_id"].astype(int).tolist())
    for_own_units = units.loc[units["lead_unit"].map(user.may_upload_for), "batch_id"]
    return (batches["uploaded_by"] == user.username) | batches["batch_id"].isin(for_own_units)


def _when(values: pd.Series) -> pd.Series:
    """Times as text, blank where there is none (a table would show a missing time as None)."""
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d %H:%M").fillna("")


def history_table(batches: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "批次": batches["batch_id"].astype("Int64"),
            "上传时间": _when(batches["uploaded_at"]),
            "上传人": batches["uploaded_by"],
            "文件名": batches["file_name"],
            "行数": batches["row_count"].astype("Int64"),
            "状态": batches["state"].map(STATE_LABELS),
            "撤销时间": _when(batches["undone_at"]),
            "撤销人": batches["undone_by"].fillna(""),
        }
    )


def batch_label(batch: Mapping) -> str:
    state = "" if batch["state"] == "stored" else f"（{STATE_LABELS[batch['state']]}）"
    return (
        f"批次 {batch['batch_id']} · {batch['file_name']} · "
        f"{pd.Timestamp(batch['uploaded_at']):%Y-%m-%d %H:%M} · {batch['uploaded_by']}{state}"
    )


def original_file(store: Store, user: User, batch_id: int) -> tuple[str, bytes] | None:
    """The file a batch was stored from, byte for byte, with its name; None if there is no such
    batch or the user may not see it (see history)."""
    require_upload(user)
    found = store.query("batch_original", batch_id=int(batch_id))
    if found.empty or found["original"].iloc[0] is None or not _visible(store, user, found).all():
        return None
    return str(found["file_name"].iloc[0]), bytes(found["original"].iloc[0])


def mime_for(file_name: str) -> str:
    return XLSX_MIME if file_name.lower().endswith(".xlsx") else CSV_MIME


def undo_batch(store: Store, user: User, batch_id: int) -> str:
    """Withdraw a batch (admins only); what it superseded counts again. ValueError says why not."""
    require_admin(user)
    ingest.undo(store, int(batch_id), user.username)
    return f"已撤销批次 {batch_id}：该批数据不再计入，此前的数据恢复有效"


# --- Accounts and the audit log, for the admin page ---------------------------------------------

_UNIT_SEPARATORS = re.compile(r"[、，,;；\n]+")


def split_units(text: str) -> list[str]:
    """Lead units typed in one box, separated by 、 or commas or one per line."""
    return [u.strip() for u in _UNIT_SEPARATORS.split(text or "") if u.strip()]


def _account_state(disabled: bool, locked_until, now: dt.datetime) -> str:
    if disabled:
        return "已停用"
    if locked_until is not None and not pd.isna(locked_until) and pd.Timestamp(locked_until) > now:
        return f"锁定至 {pd.Timestamp(locked_until):%H:%M}"
    return "启用"


def accounts_table(store: Store, now: dt.datetime | None = None) -> pd.DataFrame:
    """Every account without its password hash, with Chinese columns and role names."""
    now = now or dt.datetime.now()
    users = accounts.list_users(store)
    return pd.DataFrame(
        {
            "用户名": users["username"],
            "显示名": users["display_name"],
            "角色": users["role"].map(accounts.ROLE_LABELS),
            "牵头单位": users["units"],
            "状态": [
                _account_state(d, lock, now)
                for d, lock in zip(users["disabled"], users["locked_until"], strict=True)
            ],
            "最近登录": _when(users["last_sign_in"]),
            "创建时间": _when(users["created_at"]),
        }
    )


def audit_table(store: Store, limit: int = 1000) -> pd.DataFrame:
    """The newest audit records first, with Chinese action names; read-only by construction."""
    records = audit.recent(store, limit=limit)
    return pd.DataFrame(
        {
            "时间": records["at"],
            "操作人": records["actor"],
            "操作": records["action"].map(lambda a: audit.ACTION_LABELS.get(a, a)),
            "详情": records["detail"],
        }
    )
