"""Hostile and odd files: every one is read whole and right, or refused with a message; the store
never holds part of a file and no failure reaches the user as a traceback."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from tests.conftest import NOTHING_STORED, row_counts
from tracker.__main__ import main
from tracker.access import audit
from tracker.intake import ingest, reading
from tracker.store import BUSY_MESSAGE, CONFLICT_MESSAGE, DISK_FULL_MESSAGE, failure_message

TODAY = date(2022, 1, 15)
HEADER = "任务名称,指标名称,计量单位,年度目标,累计完成,截至日期,牵头单位"
ROWS = [
    "地下综合管廊建设,新建管廊,公里,13.94,10.5,2021-09-30,建设管理科",
    "公共住房新增筹集建设,,套,10360,7800,2021-09-30,住房保障科",
    "城中村天然气管道改造,,个,211,150,2021-09-30,燃气管理科",
]
ENGLISH_HEADER = "task,indicator,unit,annual_target,actual,as_of,lead_unit"
TRADITIONAL_ROWS = [
    "臺北市捷運環狀線,新建路線,公里,12,9.3,2021-09-30,捷運工程局",
    "社會住宅興辦,,戶,2000,1650,2021-09-30,都市發展局",
]
JAPANESE_ROWS = [
    "東京都道路整備,新設,キロ,12,9.3,2021-09-30,建設局",
    "都営住宅建替え,,戸,2000,1650,2021-09-30,住宅政策本部",
]
# The Chinese in a shared string whose <dimension> claims the whole sheet.
DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def text_file(lines: list[str], encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def check(store, data: bytes, name: str = "进度.csv") -> ingest.Upload:
    return ingest.prepare(store, data, name, today=TODAY)


def read_rows(store, data: bytes, name: str = "进度.csv") -> list[tuple]:
    upload = check(store, data, name)
    assert upload.accepted, upload.problems.to_dict("records")
    return list(
        upload.rows[["source_row", "task", "indicator", "annual_target", "actual"]].itertuples(
            index=False, name=None
        )
    )


def refusal(store, data: bytes, name: str = "进度.csv") -> dict:
    upload = check(store, data, name)
    assert not upload.accepted
    with pytest.raises(ValueError):
        ingest.commit(store, upload, "测试")
    found = upload.problems.iloc[0].to_dict()
    found["row"] = None if pd.isna(found["row"]) else int(found["row"])
    return found


def xlsx_file(rows: list[list[object]], sheets: int = 1) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for index in range(1, sheets):
        book.create_sheet(f"说明{index}").append(["这里不是数据"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change: dict[str, object]) -> bytes:
    """The same XLSX with members replaced (bytes), rewritten (a function) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            edit = change.get(info.filename)
            target.writestr(info, edit(content) if callable(edit) else (edit or content))
        for name, content in change.items():
            if name not in source.namelist():
                target.writestr(name, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
XLSX_ROWS = [HEADER.split(",")] + [
    [f"任务{i}", "", "套", 100, i, "2021-09-30", "住房保障科"] for i in range(50)
]


# --- Line endings and long cells --------------------------------------------------------------


@pytest.mark.parametrize(
    "newline", ["\r", "\r\n", "mixed"], ids=["CR only", "CRLF", "CR, LF and CRLF mixed"]
)
def test_any_line_ending_reads_the_same_rows(store, newline):
    reference = read_rows(store, text_file([HEADER, *ROWS]))
    if newline == "mixed":
        data = (HEADER + "\r" + ROWS[0] + "\n" + ROWS[1] + "\r\n" + ROWS[2] + "\r").encode()
    else:
        data = text_file([HEADER, *ROWS], newline=newline)
    assert read_rows(store, data) == reference


def test_a_quoted_note_with_line_breaks_stays_one_cell(store):
    header = HEADER + ",进展情况"
    rows = [ROWS[0] + ',"一是完成主体结构，\r二是完成验收\r\n三是移交"', ROWS[1] + ",顺利"]
    upload = check(store, text_file([header, *rows], newline="\r"))
    assert upload.accepted, upload.problems.to_dict("records")
    assert list(upload.rows["source_row"]) == [2, 3]
    assert upload.rows["progress_note"].iloc[0] == "一是完成主体结构，\n二是完成验收\n三是移交"


def test_a_cell_over_131072_characters_is_refused_with_its_row_and_column(store):
    huge = "很" * 131_073
    found = refusal(
        store, text_file([HEADER + ",进展情况", ROWS[0] + ",正常", ROWS[1] + "," + huge])
    )
    assert (found["row"], found["column"]) == (3, "H列")
    assert "131,073 个字符" in found["message"] and "32,767" in found["message"]


def test_a_cell_within_excels_limit_is_kept_whole(store):
    note = "进" * reading.MAX_CELL_CHARS
    upload = check(store, text_file([HEADER + ",进展情况", ROWS[0] + "," + note]))
    assert upload.accepted
    assert upload.rows["progress_note"].iloc[0] == note


def test_a_header_row_wider_than_the_column_limit_is_refused(store):
    wide = HEADER + "," * reading.MAX_COLUMNS
    found = refusal(store, text_file([wide, *ROWS]))
    assert found["row"] == 1 and "超过可读取的 1,000 列" in found["message"]


def test_more_rows_than_a_sheet_holds_are_refused(store, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    assert "行数上限" in refusal(store, text_file([HEADER, *ROWS]))["message"]


# --- Quotes ---------------------------------------------------------------------------------------


def test_an_unterminated_quote_is_refused_with_its_row(store):
    found = refusal(store, b"2021\xe5\xb9\xb4\n" + OPEN_QUOTE)
    assert found["row"] == 4
    assert "没有配对的双引号" in found["message"]


def test_a_quote_closed_rows_later_is_refused_not_merged(store):
    rows = [ROWS[0], ROWS[1].replace("公共住房", '"公共住房'), ROWS[2] + '"', ROWS[0]]
    found = refusal(store, text_file([HEADER, *rows]))
    assert (found["row"], found["column"]) == (3, "A列")
    assert "并成了一行" in found["message"]


# --- Encodings ------------------------------------------------------------------------------------

SIMPLIFIED = [HEADER, *ROWS]


@pytest.mark.parametrize(
    "encoding",
    [
        "utf-8-sig",
        "gb18030",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
    ],
)
def test_unicode_and_gb_encodings_read_the_same_rows(store, encoding):
    reference = read_rows(store, text_file(SIMPLIFIED))
    assert read_rows(store, text_file(SIMPLIFIED, encoding=encoding, newline="\r\n")) == reference


def test_utf32_with_a_byte_order_mark_is_not_read_as_utf16(store):
    data = text_file(SIMPLIFIED, encoding="utf-32")
    assert data.startswith(b"\xff\xfe\x00\x00")
    assert read_rows(store, data)[0][1] == "地下综合管廊建设"


def test_excel_unicode_text_is_tab_separated_utf16(store):
    lines = [line.replace(",", "\t") for line in SIMPLIFIED]
    assert read_rows(store, text_file(lines, encoding="utf-16", newline="\r\n")) == read_rows(
        store, text_file(SIMPLIFIED)
    )


@pytest.mark.parametrize(
    ("lead_unit", "detected"), [("城建科", "cp949"), ("科", "big5")], ids=["as Korean", "as Big5"]
)
def test_a_short_gbk_file_is_read_as_gbk_whatever_a_detector_calls_it(store, lead_unit, detected):
    data = f"task,annual_target,actual,as_of,lead_unit\n管廊,1,1,2021-09-30,{lead_unit}\n"
    data = data.encode("gbk")
    assert reading.charset_normalizer.from_bytes(data).best().encoding == detected
    assert read_rows(store, data) == [(2, "管廊", "管廊", 1.0, 1.0)]


@pytest.mark.parametrize(
    ("encoding", "rows"),
    [("big5", TRADITIONAL_ROWS), ("cp950", TRADITIONAL_ROWS), ("shift_jis", JAPANESE_ROWS)],
)
def test_big5_and_shift_jis_are_decoded_not_read_as_gbk(store, encoding, rows):
    expected = [row.split(",")[0] for row in rows]
    found = read_rows(store, text_file([ENGLISH_HEADER, *rows], encoding=encoding, newline="\r\n"))
    assert [row[1] for row in found] == expected


def test_traditional_chinese_saved_as_gbk_stays_gbk(store):
    found = read_rows(store, text_file([ENGLISH_HEADER, *TRADITIONAL_ROWS], encoding="gbk"))
    assert found[0][1] == "臺北市捷運環狀線"


@pytest.mark.parametrize(
    "garbled",
    [
        "\n".join(SIMPLIFIED).encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
        "\n".join(SIMPLIFIED).encode("gbk").decode("utf-8", errors="replace").encode("utf-8"),
        ("\n".join(SIMPLIFIED).replace("管廊", "锟斤拷锟斤拷")).encode("utf-8"),
    ],
    ids=["UTF-8 read as Windows-1252", "GBK read as UTF-8", "锟斤拷"],
)
def test_mojibake_is_refused_naming_the_encoding_to_save_in(store, garbled):
    found = refusal(store, garbled)
    assert "乱码" in found["message"] and "CSV UTF-8" in found["message"]


# --- XLSX -------------------------------------------------------------------------------------


def test_a_declared_dimension_larger_than_the_sheet_costs_nothing(store):
    data = rezip(
        xlsx_file(XLSX_ROWS),
        {SHEET: lambda xml: DIMENSION.sub(b'<dimension ref="A1:XFD1048576"/>', xml)},
    )
    assert len(read_rows(store, data, "进度.xlsx")) == 50


def test_a_declared_dimension_smaller_than_the_sheet_still_reads_every_row(store):
    data = rezip(
        xlsx_file(XLSX_ROWS), {SHEET: lambda xml: DIMENSION.sub(b'<dimension ref="A1:R2"/>', xml)}
    )
    rows = read_rows(store, data, "进度.xlsx")
    assert [r[0] for r in rows] == list(range(2, 52))


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>', "XFD 列"),
        ('<row r="3"><c r="xfd3"><v>1</v></c></row>', "XFD 列"),
        ('<row r="3"><c r="Z1048000"><v>1</v></c></row>', "Z1048000"),
    ],
    ids=["far corner", "lower-case column letters", "a cell far below its row tag"],
)
def test_content_far_from_the_data_is_refused_before_it_is_laid_out(store, cell, message):
    data = rezip(
        xlsx_file(XLSX_ROWS),
        {SHEET: lambda xml: xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>")},
    )
    assert message in refusal(store, data, "进度.xlsx")["message"]


def test_a_formatted_empty_cell_far_away_is_not_content(store):
    cell = b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    data = rezip(
        xlsx_file(XLSX_ROWS),
        {SHEET: lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>")},
    )
    assert len(read_rows(store, data, "进度.xlsx")) == 50


def test_an_active_tab_past_the_sheets_opens_the_first(store):
    data = rezip(
        xlsx_file(XLSX_ROWS, sheets=2),
        {"xl/workbook.xml": lambda xml: re.sub(rb'activeTab="\d+"', b'activeTab="7"', xml)},
    )
    assert len(read_rows(store, data, "进度.xlsx")) == 50


def test_the_active_tab_is_the_sheet_read(store):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx_file(XLSX_ROWS, sheets=2)))
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    assert "缺少必填列" in refusal(store, buffer.getvalue(), "进度.xlsx")["message"]


def test_leading_empty_columns_keep_their_letters(store):
    shifted = [[None, None, *row] for row in XLSX_ROWS[:3]]
    shifted[2][5] = "约"
    found = refusal(store, xlsx_file(shifted), "进度.xlsx")
    assert (found["row"], found["column"]) == (3, "F列「年度目标」")


def test_a_cell_over_the_limit_in_xlsx_is_refused_with_its_place(store):
    rows = [list(r) for r in XLSX_ROWS[:3]]
    data = rezip(
        xlsx_file(rows),
        {
            SHEET: lambda xml: xml.replace(
                b"</sheetData>",
                b'<row r="4"><c r="B4" t="inlineStr"><is><t>'
                + "长".encode() * 40_000
                + b"</t></is></c></row></sheetData>",
            )
        },
    )
    found = refusal(store, data, "进度.xlsx")
    assert (found["row"], found["column"]) == (4, "B列")


# --- Macros and external links --------------------------------------------------------------------


def macro_workbook() -> bytes:
    """An .xlsm renamed .xlsx: a workbook carrying a VBA project."""
    return rezip(xlsx_file(XLSX_ROWS), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA"})


OPEN_QUOTE = text_file([HEADER, ROWS[0], ROWS[1].replace("公共住房", '"公共住房'), ROWS[2]])


def test_a_macro_workbook_renamed_xlsx_is_refused(store):
    found = refusal(store, macro_workbook(), "进度.xlsx")
    assert "宏" in found["message"] and "选择性粘贴" in found["message"]
    assert row_counts(store) == NOTHING_STORED


def test_an_xlsm_is_refused_by_its_name(store):
    assert "宏" in refusal(store, xlsx_file(XLSX_ROWS), "进度.xlsm")["message"]


def test_a_workbook_with_external_links_is_refused(store):
    data = rezip(
        xlsx_file(XLSX_ROWS),
        {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"},
    )
    found = refusal(store, data, "进度.xlsx")
    assert "外部链接" in found["message"] and "断开链接" in found["message"]


# --- Whatever a reader or the store raises is a refusal -------------------------------------------


def test_an_unexpected_error_while_reading_is_a_refusal(store, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("xl/sharedStrings.xml")

    monkeypatch.setattr(ingest, "read_grid", broken)
    found = refusal(store, text_file(SIMPLIFIED))
    assert "读取或检查文件时出错（KeyError）" in found["message"]


DISK_FULL = duckdb.TransactionException(
    'TransactionContext Error: Failed to commit: Could not write file "tracker.duckdb.wal": '
    "No space left on device"
)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (DISK_FULL, DISK_FULL_MESSAGE),
        (OSError(28, "No space left on device"), DISK_FULL_MESSAGE),
        (
            duckdb.IOException(
                'IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held'
            ),
            BUSY_MESSAGE,
        ),
        (duckdb.TransactionException("Conflict on tuple deletion!"), CONFLICT_MESSAGE),
        (duckdb.IOException("Permission denied"), "权限不足"),
        (RuntimeError("boom"), "写入数据库时出错（RuntimeError）"),
    ],
    ids=[
        "disk full in DuckDB",
        "disk full from the OS",
        "locked",
        "conflict",
        "read-only",
        "other",
    ],
)
def test_each_store_failure_has_its_own_message(error, message):
    assert message in failure_message(error)


def test_a_full_disk_while_storing_stores_nothing_and_is_audited(store, monkeypatch):
    upload = check(store, text_file(SIMPLIFIED))

    def disk_full(cur):
        raise DISK_FULL

    monkeypatch.setattr(store, "bump_data_version", disk_full)
    stored = ingest.commit(store, upload, "王五")
    assert stored.failed and stored.message == DISK_FULL_MESSAGE
    assert row_counts(store) == NOTHING_STORED
    record = audit.recent(store).iloc[0]
    assert (record["actor"], record["action"]) == ("王五", "upload_refused")
    assert "磁盘空间已满" in record["detail"]


def test_the_command_line_says_disk_full_and_exits_1_without_a_traceback(
    tmp_path, monkeypatch, capsys
):
    path = tmp_path / "进度.csv"
    path.write_bytes(text_file(SIMPLIFIED))

    def disk_full(self, cur):
        raise DISK_FULL

    monkeypatch.setattr("tracker.store.Store.bump_data_version", disk_full)
    assert main(["--db", str(tmp_path / "t.duckdb"), "ingest", str(path)]) == 1
    err = capsys.readouterr().err
    assert DISK_FULL_MESSAGE in err and "Traceback" not in err


def test_the_command_line_refuses_a_hostile_file_with_exit_1_and_an_audit_record(tmp_path, capsys):
    path = tmp_path / "进度.xlsx"
    path.write_bytes(rezip(xlsx_file(XLSX_ROWS), {"xl/vbaProject.bin": b"VBA"}))
    db = str(tmp_path / "t.duckdb")
    assert main(["--db", db, "ingest", str(path)]) == 1
    assert "宏" in capsys.readouterr().err
    from tracker.store import Store

    opened = Store.open(db)
    try:
        assert audit.recent(opened)["action"].tolist() == ["upload_refused"]
        assert row_counts(opened) == NOTHING_STORED
    finally:
        opened.close()


def test_an_unreadable_path_is_a_message(tmp_path, capsys):
    folder = tmp_path / "不是文件.csv"
    folder.mkdir()
    assert main(["--db", str(tmp_path / "t.duckdb"), "ingest", str(folder)]) == 1
    assert "文件不存在" in capsys.readouterr().err


HOLD_STORE = (
    "import duckdb, sys, time\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "print('holding', flush=True)\n"
    "time.sleep(120)\n"
)


def test_the_app_says_so_when_another_program_holds_the_store(make_app, tmp_path):
    db = tmp_path / "tracker.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_STORE, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        at = make_app(db)
        at.run()
        assert not at.exception
        assert "正被另一个程序" in at.error[0].value
    finally:
        holder.kill()
        holder.wait()


def test_one_row_repeated_thousands_of_times_gets_short_messages(store):
    upload = check(store, text_file([HEADER, *[ROWS[0]] * 3000]))
    messages = upload.problems["message"]
    assert len(messages) == 3000
    assert messages.iloc[0] == "与第 3、4、5、6、7 等 2999 行是同一指标、同一日期，请只保留一行"
    assert messages.str.len().max() < 60


def test_a_merged_cell_is_found_past_other_cells_with_line_breaks():
    # a note may hold a line break; a cell holding whole lines of the file may not
    table = pa.table(
        {
            "0": ["a", "b", "c", "d", "e"],
            "1": ["ok", "第一行\n第二行", "plain", "x\n2022,燃气,10,12", "y\nz"],
            "2": ["1", "2", "3", "4", "5"],
            "3": ["1", "2", "3", "4", "5"],
        }
    )
    with pytest.raises(reading.UnreadableFile) as refused:
        reading._check_merged_rows(table, first_row=2, width=4, delimiter=",")
    assert (refused.value.row, refused.value.column) == (5, "B列")
    reading._check_merged_rows(table.slice(0, 3), first_row=2, width=4, delimiter=",")


@pytest.mark.parametrize("text", ["", "a,b\n", "a,b\nc,d", '"x\ny",z\n\nlast'])
def test_csv_lines_are_read_one_at_a_time_and_give_back_the_text(text):
    lines = list(reading._lines(text))
    assert "".join(lines) == text
    assert all(line.endswith("\n") for line in lines[:-1])
