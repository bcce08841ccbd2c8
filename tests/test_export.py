import csv
import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tracker.presentation.export import to_csv_bytes, to_xlsx_bytes

HYPERLINK = '=HYPERLINK("http://x","点我")'
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "任务名称": [HYPERLINK, "@SUM(A1)", SCRIPT, "-5", "地下综合管廊建设", "\tcmd"],
            "累计完成": [19.3, -5.5, np.nan, 10400.0, 2257900.0, 0.0],
            "项目数": [1, 2, 3, 4, 5, 6],
            "截至日期": pd.to_datetime(
                ["2021-12-31", None, "2021-03-31", "2021-06-30", "2021-09-30", "2021-09-30"]
            ),
            "存在问题": ["+1 万元缺口", None, "征地拆迁进度偏慢", "", "a=b", "\r\nx"],
        }
    )


def read_csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_bom_and_crlf_line_ends():
    data = to_csv_bytes(pd.DataFrame({"任务名称": ["管廊", "公共住房"], "累计完成": [19.3, 10400]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "任务名称,累计完成\r\n管廊,19.3\r\n公共住房,10400.0\r\n"


def test_csv_prefixes_formula_like_text_and_keeps_numbers(table):
    rows = read_csv_rows(to_csv_bytes(table))
    assert rows[0] == ["任务名称", "累计完成", "项目数", "截至日期", "存在问题"]
    names = [row[0] for row in rows[1:]]
    assert names == ["'" + HYPERLINK, "'@SUM(A1)", SCRIPT, "'-5", "地下综合管廊建设", "'\tcmd"]
    # A negative number is a number, not text starting with "-".
    assert rows[2][1] == "-5.5"
    assert rows[1][1] == "19.3"
    assert rows[1][3] == "2021-12-31"
    assert rows[1][4] == "'+1 万元缺口"
    assert rows[5][4] == "a=b"
    assert rows[6][4] == "'\r\nx"


def test_csv_neutralises_formula_like_headers():
    rows = read_csv_rows(to_csv_bytes(pd.DataFrame({"=1+1": [1]})))
    assert rows[0] == ["'=1+1"]


def test_csv_leaves_numbers_in_mixed_columns_alone():
    rows = read_csv_rows(to_csv_bytes(pd.DataFrame({"值": [-3, "-3", "=A1"]}, dtype=object)))
    assert [row[0] for row in rows[1:]] == ["-3", "'-3", "'=A1"]


def load_sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_stores_formula_like_text_as_strings(table):
    sheet = load_sheet(to_xlsx_bytes(table))
    cells = [sheet.cell(row=r, column=1) for r in range(2, 8)]
    assert [c.value for c in cells] == [
        HYPERLINK,
        "@SUM(A1)",
        SCRIPT,
        "-5",
        "地下综合管廊建设",
        "\tcmd",
    ]
    assert all(c.data_type == "s" for c in cells)
    # Excel's own marker for text typed with a leading quote: editing the cell keeps it text.
    assert cells[0].quotePrefix
    assert not cells[2].quotePrefix
    assert sheet.cell(row=2, column=5).value == "+1 万元缺口"
    assert sheet.cell(row=2, column=5).data_type == "s"


def test_xlsx_writes_no_formula_anywhere(table):
    data = to_xlsx_bytes(table)
    sheet = load_sheet(data)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False).active
    assert formulas.cell(row=2, column=1).value == HYPERLINK


def test_xlsx_keeps_numbers_and_dates_typed(table):
    sheet = load_sheet(to_xlsx_bytes(table))
    assert sheet.cell(row=2, column=2).value == pytest.approx(19.3)
    assert sheet.cell(row=3, column=2).value == pytest.approx(-5.5)
    assert sheet.cell(row=3, column=2).data_type == "n"
    assert sheet.cell(row=4, column=2).value is None
    assert sheet.cell(row=2, column=3).value == 1
    assert sheet.cell(row=2, column=4).value == dt.datetime(2021, 12, 31)
    assert sheet.cell(row=2, column=4).number_format == "yyyy-mm-dd"
    assert sheet.cell(row=3, column=4).value is None


def test_xlsx_header_is_bold_frozen_and_sized_for_chinese(table):
    sheet = load_sheet(to_xlsx_bytes(table, sheet_name="2021年进度"))
    assert sheet.title == "2021年进度"
    assert [c.value for c in sheet[1]] == list(table.columns)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    # 存在问题 holds 8 Chinese characters: about 16 columns wide, more than the short 项目数.
    problems_width = sheet.column_dimensions["E"].width
    count_width = sheet.column_dimensions["C"].width
    assert problems_width >= 16
    assert count_width < problems_width
    assert sheet.column_dimensions["A"].width <= 51


def test_xlsx_sheet_name_is_made_valid():
    sheet = load_sheet(to_xlsx_bytes(pd.DataFrame({"a": [1]}), sheet_name="一季度/二季度[汇总]"))
    assert sheet.title == "一季度_二季度_汇总_"


def test_xlsx_of_empty_frame_has_header_only():
    sheet = load_sheet(to_xlsx_bytes(pd.DataFrame(columns=["任务名称", "累计完成"])))
    assert [c.value for c in sheet[1]] == ["任务名称", "累计完成"]
    assert sheet.max_row == 1
