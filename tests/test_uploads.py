"""The upload flow without the page: roles, template, bad files, mapping memory, history, undo,
and that a file lands whole or not at all, also when two staff store at the same moment.
"""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import date, datetime

import duckdb
import openpyxl
import pandas as pd
import pytest

from tests.conftest import NOTHING_STORED, audit_actions, row_counts
from tracker.access import accounts, audit
from tracker.access.accounts import User
from tracker.intake import ingest, uploads
from tracker.intake.uploads import NotAllowed
from tracker.presentation import export
from tracker.progress import metrics

TODAY = date(2022, 10, 15)
MAX_MB = 20

ADMIN = User("admin", "管理员", "admin")
STAFF = User("zhang", "张三", "staff", ("建设管理科",))
OTHER_STAFF = User("li", "李四", "staff", ("住房保障科",))
VIEWER = User("leader", "局长", "viewer")

HEADER = "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位"
TUNNEL_Q2 = "2022-06-30,地下综合管廊建设,新建管廊,公里,12,5.5,建设管理科"
TUNNEL_Q3 = "2022-09-30,地下综合管廊建设,新建管廊,公里,12,9.3,建设管理科"
RENEWAL_Q3 = "2022-09-30,城市更新,供应用地,公顷,50,28.5,建设管理科"
HOUSING_Q3 = "2022-09-30,公共住房筹集,新增筹集,套,10360,7800,住房保障科"

# The same rows under a unit's own headers, which the contract does not know.
OWN_HEADER = "统计截止,工作事项,考核内容,计量单位,全年任务数,完成数,牵头单位"
OWN_MAPPING = {
    "统计截止": "as_of",
    "工作事项": "task",
    "考核内容": "indicator",
    "全年任务数": "annual_target",
    "完成数": "actual",
}


def csv_bytes(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check(store, user, data, name="进度.csv", **options):
    return uploads.check(store, user, data, name, max_upload_mb=MAX_MB, today=TODAY, **options)


def store_file(store, user, data, name="进度.csv", **options) -> ingest.Stored:
    upload = check(store, user, data, name, **options)
    assert upload.accepted, upload.problems.to_dict("records")
    return uploads.store_upload(store, user, upload, **options)


def actual_of(store, task: str, as_of: date) -> float | None:
    status = metrics.indicator_status(store, as_of)
    found = status.loc[status["task"] == task, "actual"]
    return None if found.empty or pd.isna(found.iloc[0]) else float(found.iloc[0])


# --- Roles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "user", [VIEWER, None, User("gone", "", "staff", ("建设管理科",), disabled=True)]
)
def test_no_upload_action_runs_for_a_user_who_may_not_upload(store, user):
    data = csv_bytes(HEADER, TUNNEL_Q3)
    with pytest.raises(NotAllowed, match="只有填报人员和管理员"):
        check(store, user, data)
    upload = ingest.prepare(store, data, "进度.csv", today=TODAY)
    with pytest.raises(NotAllowed):
        uploads.store_upload(store, user, upload)
    assert row_counts(store) == NOTHING_STORED


def test_only_an_admin_may_undo(store):
    stored = store_file(store, STAFF, csv_bytes(HEADER, TUNNEL_Q3))
    for user in (STAFF, VIEWER, None):
        with pytest.raises(NotAllowed, match="只有管理员"):
            uploads.undo_batch(store, user, stored.batch_id)
    assert uploads.history(store, ADMIN)["state"].tolist() == ["stored"]


def test_staff_rows_for_another_unit_are_refused_with_the_rows_named(store):
    upload = check(store, STAFF, csv_bytes(HEADER, TUNNEL_Q3, HOUSING_Q3, RENEWAL_Q3))
    assert not upload.accepted
    problems = upload.problems
    assert problems["row"].tolist() == [3]
    assert problems["column"].iloc[0] == "G列「牵头单位」"
    assert (
        "建设管理科" in problems["message"].iloc[0] and "住房保障科" in problems["message"].iloc[0]
    )
    assert row_counts(store) == NOTHING_STORED


def test_an_admin_uploads_for_every_unit(store):
    stored = store_file(store, ADMIN, csv_bytes(HEADER, TUNNEL_Q3, HOUSING_Q3))
    assert stored.rows_stored == 2


def test_a_unit_written_in_full_width_forms_is_still_the_staff_members_own(store):
    staff = User("wang", "", "staff", ("第1项目部",))
    stored = store_file(
        store, staff, csv_bytes(HEADER, "2022-09-30,管廊,管廊,公里,12,9,第１项目部")
    )
    assert stored.rows_stored == 1


# --- Template ----------------------------------------------------------------------------------


def without_example_mark(data: bytes, kind: str) -> bytes:
    """The template as a user fills it: the example row kept, its 示例 mark removed."""
    if kind == "csv":
        return data.decode("utf-8-sig").replace("示例：", "").encode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(data))
    cell = book.active["C2"]
    cell.value = cell.value.removeprefix("示例：")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_cannot_write_until_its_example_is_replaced(store, kind):
    data = uploads.template_csv() if kind == "csv" else uploads.template_xlsx()
    upload = ingest.prepare(store, data, f"模板.{kind}", today=TODAY)
    assert upload.problems.to_dict("records") == [
        {
            "row": 2,
            "column": "C列「任务名称」",
            "message": "这是模板中的示例行，请删除后再上传（示例数据不能入库）",
        }
    ]
    assert set(upload.column_fields.values()) == {f.name for f in uploads.FIELDS}
    # every other value of the example passes the checks the template documents
    filled = ingest.prepare(store, without_example_mark(data, kind), f"模板.{kind}", today=TODAY)
    assert filled.problems.empty and filled.warnings.empty
    assert filled.summary()["rows"] == 1


def test_the_template_has_chinese_headers_and_one_example_row():
    frame = pd.read_csv(io.BytesIO(uploads.template_csv()), encoding="utf-8-sig", dtype=str)
    assert list(frame.columns)[:3] == ["截至日期", "报告期", "任务名称"]
    assert len(frame) == 1
    assert uploads.template_csv().startswith(b"\xef\xbb\xbf")
    sheet = openpyxl.load_workbook(io.BytesIO(uploads.template_xlsx())).active
    assert [c.value for c in sheet[1]][:3] == ["截至日期", "报告期", "任务名称"]
    assert sheet.max_row == 2
    assert isinstance(sheet["A2"].value, datetime)  # a real date cell, as Excel users enter it


def test_a_staff_members_template_carries_their_own_unit_and_cannot_write_unchanged(store):
    """Uploaded unchanged by another unit's staff, it once replaced that unit's figures."""
    data = uploads.template_csv(STAFF.units[0])
    for user in (STAFF, OTHER_STAFF, ADMIN):
        assert "示例行" in check(store, user, data).problems["message"].iloc[0]
    filled = without_example_mark(data, "csv")
    assert check(store, STAFF, filled).accepted
    assert not check(store, OTHER_STAFF, filled).accepted
    assert row_counts(store) == NOTHING_STORED


# --- Bad files ---------------------------------------------------------------------------------


def zip_bomb() -> bytes:
    """A small file named .xlsx that would unpack to 300 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                entry.write(chunk)
    return buffer.getvalue()


BINARY = bytes(range(256)) * 64  # e.g. an image renamed to .csv
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("进度.xlsx", zip_bomb(), "解压后异常庞大"),
        ("进度.csv", BINARY, "不是文本格式的 CSV"),
        ("进度.csv", xlsx_bytes([["任务名称"]]), "不是文本格式的 CSV"),
        ("进度.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "不支持旧版 .xls"),
        ("进度.pdf", PDF, "不支持的文件类型"),
        ("进度.xlsx", b"PK\x03\x04 truncated", "不是有效的 .xlsx"),
        ("进度.csv", b"", "文件是空的"),
    ],
    ids=["zip-bomb", "binary-as-csv", "xlsx-as-csv", "xls", "pdf", "broken-xlsx", "empty"],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_stored(store, name, data, expected):
    upload = check(store, STAFF, data, name)
    assert not upload.accepted
    assert len(upload.problems) == 1
    assert expected in upload.problems["message"].iloc[0]
    assert row_counts(store) == NOTHING_STORED


def test_the_zip_bomb_is_small_and_refused_before_unpacking():
    assert len(zip_bomb()) < 2 * 1024 * 1024


def test_a_file_over_the_limit_is_refused_on_the_server_without_reading_it(store):
    data = csv_bytes(HEADER, TUNNEL_Q3) + b"," * (2 * 1024 * 1024)
    upload = uploads.check(store, STAFF, data, "大文件.csv", max_upload_mb=1)
    assert not upload.accepted
    assert upload.problems["message"].iloc[0].startswith("文件大小 2.0 MB，超过上限 1 MB")
    assert upload.original == b""  # the refused bytes are not kept in the session
    assert row_counts(store) == NOTHING_STORED
    with pytest.raises(ValueError):
        ingest.commit(store, upload, STAFF.username)


@pytest.mark.parametrize(
    "size, limit, refused", [(1024 * 1024, 1, False), (1024 * 1024 + 1, 1, True), (0, 1, False)]
)
def test_size_limit_edges(size, limit, refused):
    assert (uploads.size_problem(size, limit) is not None) is refused


FORMULA = '=HYPERLINK("http://example.com","点击")'
SCRIPT = "<script>alert(1)</script>"


def test_formulas_and_markup_in_cells_are_stored_and_shown_as_plain_text(store):
    data = csv_bytes(
        HEADER + ",进展情况",
        f'2022-09-30,"{SCRIPT}",新建管廊,公里,12,9.3,建设管理科,"{FORMULA.replace(chr(34), chr(34) * 2)}"',
        "2022-09-30,+SUM(A1:A9),@cmd,公里,12,9.3,建设管理科,<b>注意</b>",
    )
    upload = check(store, STAFF, data)
    assert upload.accepted, upload.problems
    preview = uploads.preview_table(upload)
    assert preview["任务名称"].tolist() == [SCRIPT, "+SUM(A1:A9)"]
    uploads.store_upload(store, STAFF, upload)

    stored = (
        store.cursor()
        .execute(
            "select i.task, i.indicator, s.progress_note from snapshots s join indicators i using (indicator_id) order by s.source_row"
        )
        .fetchall()
    )
    assert stored == [(SCRIPT, "新建管廊", FORMULA), ("+SUM(A1:A9)", "@cmd", "<b>注意</b>")]
    exported = export.to_csv_bytes(pd.DataFrame(stored, columns=["任务", "指标", "进展"])).decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in exported and "'+SUM" in exported and "'@cmd" in exported


# --- Preview -----------------------------------------------------------------------------------


def test_the_preview_names_new_indicators_new_dates_updated_and_unchanged_rows(store):
    store_file(
        store,
        STAFF,
        csv_bytes(HEADER, TUNNEL_Q2, "2022-09-30,地下综合管廊建设,新建管廊,公里,12,9,建设管理科"),
    )
    upload = check(
        store,
        STAFF,
        csv_bytes(
            HEADER,
            TUNNEL_Q2,  # unchanged
            TUNNEL_Q3,  # 9 -> 9.3
            RENEWAL_Q3,  # a new indicator
            "2022-03-31,地下综合管廊建设,新建管廊,公里,12,2,建设管理科",  # a new date
        ),
    )
    assert upload.summary() == {
        "rows": 4,
        "new_indicators": 1,
        "new": 2,
        "updated": 1,
        "unchanged": 1,
    }
    preview = uploads.preview_table(upload)
    assert preview["行"].tolist() == [2, 3, 4, 5]
    assert preview["变化"].tolist() == ["不变", "更新", "新指标", "新增"]
    assert preview.loc[1, "此前累计"] == 9 and preview.loc[1, "累计完成"] == 9.3
    assert preview["修改内容"].tolist() == ["", "累计完成 9 → 9.3", "", ""]
    assert uploads.summary_text(upload) == "共 4 行：新指标 1 个，新增 2 行，更新 1 行，不变 1 行"


def test_a_fall_in_a_cumulative_value_is_a_warning_in_the_preview(store):
    store_file(store, STAFF, csv_bytes(HEADER, TUNNEL_Q3))
    upload = check(
        store, STAFF, csv_bytes(HEADER, "2022-10-10,地下综合管廊建设,新建管廊,公里,12,8,建设管理科")
    )
    assert upload.accepted
    warnings = uploads.problems_table(upload.warnings)
    assert list(warnings.columns) == ["行", "列", "问题及修改方法"]
    assert warnings["行"].tolist() == [2]
    assert "从 9.3 降到 8" in warnings["问题及修改方法"].iloc[0]


def test_the_problem_list_downloads_as_csv_with_row_column_and_what_to_change(store):
    upload = check(
        store,
        STAFF,
        csv_bytes(
            HEADER,
            "2022-09-30,管廊,管廊,公里,十二,9,建设管理科",
            "2022-13-01,管廊,管廊2,公里,12,-1,建设管理科",
        ),
    )
    table = pd.read_csv(io.BytesIO(uploads.problems_csv(upload.problems)), encoding="utf-8-sig")
    assert list(table.columns) == ["行", "列", "问题及修改方法"]
    assert table["行"].tolist() == [2, 3, 3]
    assert table["列"].tolist() == ["E列「年度目标」", "A列「截至日期」", "F列「累计完成」"]


# --- Column mapping ----------------------------------------------------------------------------


def own_headers_file(*rows: str) -> bytes:
    return csv_bytes("建设管理科2022年重点任务进度表,,,,,,", OWN_HEADER, *rows)


OWN_ROW = "2022-09-30,地下综合管廊建设,新建管廊,公里,12,9.3,建设管理科"


def test_headers_the_contract_does_not_know_ask_for_a_mapping(store):
    data = own_headers_file(OWN_ROW)
    upload = check(store, STAFF, data)
    assert uploads.needs_mapping(upload)
    headers = uploads.file_headers(data, "进度.csv")
    assert headers == OWN_HEADER.split(",")  # the title line above is skipped
    assert [uploads.suggested_field(h) for h in headers] == [
        None,
        None,
        None,
        "unit",
        None,
        None,
        "lead_unit",
    ]


def test_a_refusal_for_bad_values_does_not_ask_for_a_mapping(store):
    upload = check(store, STAFF, csv_bytes(HEADER, "2022-09-30,管廊,管廊,公里,十二,9,建设管理科"))
    assert not uploads.needs_mapping(upload)


def test_headers_of_a_file_with_no_known_header_are_the_first_wide_row():
    data = csv_bytes("My report,,", "Name,Goal,Done", "a,1,2")
    assert uploads.file_headers(data, "x.csv") == ["Name", "Goal", "Done"]
    assert uploads.file_headers(b"\0\0", "x.csv") == []


def test_a_mapping_is_checked_before_the_file_is_checked_again():
    choices = {"统计截止": "as_of", "工作事项": "task", "完成数": "actual", "另一列": "actual"}
    problems = uploads.mapping_problems(choices)
    assert problems == [
        "“累计完成”对应了多列（完成数、另一列），每个字段只能对应一列",
        "还没有对应必填字段：年度目标",
    ]
    assert uploads.mapping_problems({**OWN_MAPPING, "计量单位": "unit"}) == []
    assert uploads.mapping_problems(
        {"工作事项": "task", "全年任务数": "annual_target", "完成数": "actual"}
    ) == ["还没有对应必填字段：截至日期 或 报告期"]


def test_only_choices_that_differ_from_the_header_are_kept_so_header_units_still_count():
    choices = {"年度目标(公里)": "annual_target", "完成数": "actual", "单位": None}
    assert uploads.mapping_overrides(choices) == {"完成数": "actual", "单位": None}


def test_a_mapped_upload_is_stored_and_remembered_for_the_units_next_upload(store):
    data = own_headers_file(OWN_ROW)
    upload = check(store, STAFF, data, column_mapping=OWN_MAPPING)
    assert upload.accepted, upload.problems
    stored = uploads.store_upload(
        store, STAFF, upload, column_mapping=OWN_MAPPING, mapping_units=uploads.mapping_units(STAFF)
    )
    assert stored.rows_stored == 1

    remembered = uploads.remembered_mapping(store, STAFF.units)
    assert remembered == OWN_MAPPING
    # Next quarter's file with the same headers passes with the remembered mapping, unasked.
    next_file = own_headers_file("2022-12-31,地下综合管廊建设,新建管廊,公里,12,12.1,建设管理科")
    assert check(store, STAFF, next_file, column_mapping=remembered).accepted
    assert "完成数 → 累计完成" in uploads.mapping_text(remembered, OWN_HEADER.split(","))
    # Another unit's memory is its own.
    assert uploads.remembered_mapping(store, OTHER_STAFF.units) == {}


def test_a_remembered_mapping_is_matched_however_the_unit_is_written_and_replaced_as_a_whole(store):
    uploads.remember_mapping(store, ["建设管理科"], {"完成数": "actual", "备注": None})
    assert uploads.remembered_mapping(store, [" 建设管理科 "]) == {"完成数": "actual", "备注": None}
    uploads.remember_mapping(store, ["建设管理科"], {"完成量": "actual"})
    assert uploads.remembered_mapping(store, ["建设管理科"]) == {"完成量": "actual"}
    with pytest.raises(ValueError):
        uploads.remember_mapping(store, ["建设管理科"], {"完成量": "no_such_field"})


def test_progress_sheets_and_project_ledgers_remember_their_own_mappings(store):
    from tracker.projects import ledger

    uploads.remember_mapping(store, ["建设管理科"], {"完成数": "actual"})
    uploads.remember_mapping(
        store, ["建设管理科"], {"总投": "total_investment", "备注": None}, contract=ledger.CONTRACT
    )
    assert uploads.remembered_mapping(store, ["建设管理科"]) == {"完成数": "actual"}
    assert uploads.remembered_mapping(store, ["建设管理科"], ledger.CONTRACT) == {
        "总投": "total_investment",
        "备注": None,
    }
    # replacing one kind's mapping leaves the other's
    uploads.remember_mapping(store, ["建设管理科"], {"完成量": "actual"})
    assert uploads.remembered_mapping(store, ["建设管理科"], ledger.CONTRACT) == {
        "总投": "total_investment",
        "备注": None,
    }
    # each kind's fields only
    with pytest.raises(ValueError):
        uploads.remember_mapping(store, ["建设管理科"], {"总投": "total_investment"})
    with pytest.raises(ValueError):
        uploads.remember_mapping(
            store, ["建设管理科"], {"完成量": "actual"}, contract=ledger.CONTRACT
        )


def test_an_admin_remembers_a_mapping_for_the_unit_they_chose():
    assert uploads.mapping_units(ADMIN, "住房保障科") == ("住房保障科",)
    assert uploads.mapping_units(ADMIN, None) == ()
    assert uploads.mapping_units(STAFF, "住房保障科") == ("建设管理科",)


def test_a_refused_upload_does_not_remember_its_mapping(store):
    bad = own_headers_file("2022-09-30,地下综合管廊建设,新建管廊,公里,12,9.3,住房保障科")
    assert not check(store, STAFF, bad, column_mapping=OWN_MAPPING).accepted
    assert uploads.remembered_mapping(store, STAFF.units) == {}


# --- Storing: whole or not at all --------------------------------------------------------------


def test_a_failure_in_the_middle_of_storing_leaves_nothing_behind(store, monkeypatch):
    upload = check(store, STAFF, csv_bytes(HEADER, TUNNEL_Q3, RENEWAL_Q3))
    version = store.data_version()

    def broken_record(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "record", broken_record)
    stored = uploads.store_upload(store, STAFF, upload)
    assert stored.failed and "未存入任何数据" in stored.message
    assert row_counts(store) == NOTHING_STORED
    assert store.data_version() == version
    monkeypatch.undo()
    # The same file stores normally once the fault is gone.
    assert uploads.store_upload(store, STAFF, upload).rows_stored == 2


def test_a_transaction_conflict_asks_the_user_to_retry_and_stores_nothing(store, monkeypatch):
    upload = check(store, STAFF, csv_bytes(HEADER, TUNNEL_Q3))

    def conflict(*args, **kwargs):
        raise duckdb.TransactionException("Conflict on update")

    monkeypatch.setattr(ingest, "commit", conflict)
    stored = uploads.store_upload(store, STAFF, upload)
    assert stored.batch_id is None and stored.message == uploads.RETRY_MESSAGE
    assert row_counts(store) == NOTHING_STORED


def test_two_staff_storing_at_the_same_moment_both_land_whole(store):
    """Both files are checked against the same data, then stored at once from two threads."""
    tunnel = check(store, STAFF, csv_bytes(HEADER, TUNNEL_Q2, TUNNEL_Q3, RENEWAL_Q3))
    housing = check(
        store,
        OTHER_STAFF,
        csv_bytes(HEADER, HOUSING_Q3, "2022-09-30,保障房分配,分配套数,套,3000,2100,住房保障科"),
    )
    assert tunnel.accepted and housing.accepted
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def store_as(user, upload):
        start.wait()
        try:
            results[user.username] = uploads.store_upload(store, user, upload)
        except Exception as exc:  # recorded so the test shows it rather than a silent thread
            results[user.username] = exc

    threads = [
        threading.Thread(target=store_as, args=(STAFF, tunnel)),
        threading.Thread(target=store_as, args=(OTHER_STAFF, housing)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    outcomes = [results[u] for u in ("zhang", "li")]
    assert all(isinstance(o, ingest.Stored) for o in outcomes), outcomes
    # The store's write lock lets one finish before the other starts: both land, whole.
    assert [o.rows_stored for o in outcomes] == [3, 2]
    assert row_counts(store) == {"batches": 2, "indicators": 4, "snapshots": 5}
    assert sorted(uploads.history(store, ADMIN)["uploaded_by"]) == ["li", "zhang"]
    assert audit_actions(store).count("upload") == 2


def test_two_uploads_of_the_same_indicator_both_land_and_the_later_one_counts(store):
    first = check(store, STAFF, csv_bytes(HEADER, TUNNEL_Q3))
    second = check(
        store,
        ADMIN,
        csv_bytes(HEADER, "2022-09-30,地下综合管廊建设,新建管廊,公里,12,9.8,建设管理科"),
    )
    uploads.store_upload(store, STAFF, first)
    # `second` was checked before `first` was stored: storing re-checks it against the new data.
    stored = uploads.store_upload(store, ADMIN, second)
    assert stored.rows_stored == 1
    assert actual_of(store, "地下综合管廊建设", date(2022, 9, 30)) == 9.8


def test_the_same_file_twice_is_not_stored_twice(store):
    data = csv_bytes(HEADER, TUNNEL_Q3)
    store_file(store, STAFF, data)
    again = uploads.store_upload(store, STAFF, check(store, STAFF, data))
    assert again.batch_id is None
    assert "未重复入库" in again.message or "完全一致" in again.message
    assert row_counts(store)["batches"] == 1


# --- History and undo --------------------------------------------------------------------------


def test_history_lists_who_uploaded_what_and_the_original_comes_back_byte_for_byte(store):
    gbk = csv_bytes("2022年重点任务进度表", HEADER, TUNNEL_Q3, encoding="gbk", newline="\r\n")
    stored = store_file(store, STAFF, gbk, "三季度进度.csv")
    table = uploads.history_table(uploads.history(store, STAFF))
    assert table[["批次", "上传人", "文件名", "行数", "状态"]].to_dict("records") == [
        {
            "批次": stored.batch_id,
            "上传人": "zhang",
            "文件名": "三季度进度.csv",
            "行数": 1,
            "状态": "已入库",
        }
    ]
    assert uploads.original_file(store, STAFF, stored.batch_id) == ("三季度进度.csv", gbk)
    assert uploads.original_file(store, ADMIN, stored.batch_id) == ("三季度进度.csv", gbk)
    assert uploads.original_file(store, ADMIN, 999) is None
    assert (
        uploads.mime_for("a.XLSX") == uploads.XLSX_MIME and uploads.mime_for("a.csv") == "text/csv"
    )


def test_staff_see_only_batches_for_their_own_units(store):
    tunnel = store_file(store, STAFF, csv_bytes(HEADER, TUNNEL_Q3), "管廊.csv")
    housing = store_file(
        store,
        OTHER_STAFF,
        csv_bytes(HEADER, "2022-09-30,保障性住房建设,筹集保障性住房,套,5000,4100,住房保障科"),
        "保障房.csv",
    )
    # an administrator's bureau-wide file has rows for both units
    both = store_file(
        store,
        ADMIN,
        csv_bytes(
            HEADER,
            "2022-06-30,地下综合管廊建设,新建地下综合管廊,公里,12,5,建设管理科",
            "2022-06-30,保障性住房建设,筹集保障性住房,套,5000,2000,住房保障科",
        ),
        "全局.csv",
    )

    def seen(user):
        return uploads.history(store, user)["file_name"].tolist()

    assert seen(ADMIN) == ["全局.csv", "保障房.csv", "管廊.csv"]
    assert seen(STAFF) == ["全局.csv", "管廊.csv"]
    assert seen(OTHER_STAFF) == ["全局.csv", "保障房.csv"]
    assert uploads.original_file(store, OTHER_STAFF, tunnel.batch_id) is None
    assert uploads.original_file(store, STAFF, housing.batch_id) is None
    assert uploads.original_file(store, STAFF, both.batch_id)[0] == "全局.csv"
    for user in (VIEWER, None):
        with pytest.raises(NotAllowed):
            uploads.history(store, user)
        with pytest.raises(NotAllowed):
            uploads.original_file(store, user, tunnel.batch_id)


def test_undo_restores_what_was_there_before(store):
    store_file(store, STAFF, csv_bytes(HEADER, TUNNEL_Q3))
    bad = store_file(
        store,
        STAFF,
        csv_bytes(HEADER, "2022-09-30,地下综合管廊建设,新建管廊,公里,12,93,建设管理科"),
    )
    assert actual_of(store, "地下综合管廊建设", date(2022, 9, 30)) == 93
    version = store.data_version()

    message = uploads.undo_batch(store, ADMIN, bad.batch_id)
    assert message.startswith(f"已撤销批次 {bad.batch_id}")
    assert actual_of(store, "地下综合管廊建设", date(2022, 9, 30)) == 9.3
    assert store.data_version() > version  # cached pages see the change at once
    table = uploads.history_table(uploads.history(store, ADMIN))
    assert table["状态"].tolist() == ["已撤销", "已入库"]
    assert table["撤销人"].iloc[0] == "admin"
    with pytest.raises(ValueError, match="已经撤销过"):
        uploads.undo_batch(store, ADMIN, bad.batch_id)
    assert audit_actions(store)[-1] == "undo"


def test_a_batch_label_names_the_file_time_and_uploader():
    batch = {
        "batch_id": 7,
        "file_name": "a.csv",
        "uploaded_at": datetime(2022, 9, 30, 8, 5),
        "uploaded_by": "zhang",
        "state": "undone",
    }
    assert uploads.batch_label(batch) == "批次 7 · a.csv · 2022-09-30 08:05 · zhang（已撤销）"


# --- Accounts and audit, for the admin page ----------------------------------------------------


def test_the_accounts_table_never_shows_a_password_hash(store):
    accounts.add_user(store, "admin", "admin password 1", "admin", "王管理")
    accounts.add_user(
        store, "zhang", "staff password 1", "staff", "张三", units=["建设管理科", "城市更新科"]
    )
    accounts.disable_user(store, "zhang", actor="admin")
    table = uploads.accounts_table(store)
    assert list(table.columns) == [
        "用户名",
        "显示名",
        "角色",
        "牵头单位",
        "状态",
        "最近登录",
        "创建时间",
    ]
    assert table[["用户名", "角色", "牵头单位", "状态"]].to_dict("records") == [
        {"用户名": "admin", "角色": "管理员", "牵头单位": "", "状态": "启用"},
        {
            "用户名": "zhang",
            "角色": "填报人员",
            "牵头单位": "建设管理科、城市更新科",
            "状态": "已停用",
        },
    ]
    assert "argon2" not in table.to_string()


def test_the_audit_table_names_actions_in_chinese_newest_first(store):
    accounts.add_user(store, "admin", "admin password 1", "admin")
    store_file(store, ADMIN, csv_bytes(HEADER, TUNNEL_Q3))
    ingest.refuse(store, check(store, ADMIN, b""), "admin")
    table = uploads.audit_table(store)
    assert table["操作"].tolist() == ["上传被拒", "上传", "新增账户"]
    assert list(table.columns) == ["时间", "操作人", "操作", "详情"]


@pytest.mark.parametrize(
    "text, units",
    [
        ("建设管理科、城市更新科", ["建设管理科", "城市更新科"]),
        (" 建设管理科 ,住房保障科；\n", ["建设管理科", "住房保障科"]),
        ("", []),
    ],
)
def test_units_typed_in_one_box(text, units):
    assert uploads.split_units(text) == units


def test_lead_units_are_those_of_stored_rows(store):
    store_file(store, ADMIN, csv_bytes(HEADER, TUNNEL_Q3, HOUSING_Q3))
    assert uploads.lead_units(store) == ["住房保障科", "建设管理科"]
