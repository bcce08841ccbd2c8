"""Turning an uploaded file into a grid of text cells numbered the way the spreadsheet shows them.

Excel and WPS on Chinese Windows save CSV as GBK; others save UTF-8 with or without a BOM. The
CSV is decoded here in Python (BOM, strict UTF-8, then GB18030) because DuckDB's reader cannot
decode GBK offline, and charset guessers mistake short GBK text for Korean.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

HEADER_SEARCH_ROWS = 30
# An XLSX is a zip: refuse one that would unpack to far more than any real progress sheet.
MAX_XLSX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_XLSX_RATIO = 200


class UnreadableFile(ValueError):
    """The file cannot be read as a table at all; the message says why, in Chinese."""


@dataclass
class Grid:
    """Text cells: `top` holds the first rows (where the header is looked for), `rows(start)` the rest.

    Row numbers are 1-based and count every row, title lines and blank rows included, as a
    spreadsheet program shows them.
    """

    top: list[list[str]]
    _body: pd.DataFrame | None = None  # all rows, indexed by row number; built lazily for CSV
    _text: str | None = None

    def body(self, header_row: int, width: int) -> pd.DataFrame:
        """Rows below `header_row`, as columns 0..width-1 of trimmed text, indexed by row number."""
        if self._body is not None:
            below = self._body.loc[self._body.index > header_row]
            below = below.reindex(columns=range(width), fill_value="")
            return below.fillna("")
        return _csv_body(self._text or "", header_row, width)


def detect_kind(data: bytes, file_name: str) -> str:
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    if name.endswith(".xls"):
        raise UnreadableFile(
            "不支持旧版 .xls 文件，请在 Excel 或 WPS 中“另存为” .xlsx 或 .csv 后再上传"
        )
    raise UnreadableFile(
        f"不支持的文件类型“{file_name}”，请在 Excel 或 WPS 中把进度表“另存为” .xlsx 或 .csv 后上传"
    )


def read_grid(data: bytes, file_name: str) -> Grid:
    if not data:
        raise UnreadableFile("文件是空的，请检查是否选错了文件")
    if detect_kind(data, file_name) == "xlsx":
        return _read_xlsx(data)
    return _read_csv(decode_text(data))


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:65536] or data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            "这不是文本格式的 CSV 文件（可能是改了扩展名的其他文件），请从 Excel 或 WPS 另存为 CSV 后上传"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "无法识别文件的文字编码，请在 Excel 或 WPS 中另存为“CSV UTF-8”后上传"
        ) from None


def _read_csv(text: str) -> Grid:
    reader = csv.reader(io.StringIO(text))
    top = []
    for record in reader:
        top.append(record)
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    return Grid(top=top, _text=text)


def _csv_body(text: str, header_row: int, width: int) -> pd.DataFrame:
    """Parse rows below the header; pyarrow for speed, the csv module when rows are ragged."""
    skip_lines = _lines_before_record(text, header_row)
    names = [str(i) for i in range(width)]
    ragged = []
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(
                skip_rows=skip_lines, column_names=names, block_size=1 << 24
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=lambda row: ragged.append(row) or "skip",
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        ragged.append(None)
    if not ragged:
        trimmed = pa.table({n: pc.utf8_trim_whitespace(table[n]) for n in names})
        frame = trimmed.to_pandas()
        frame.columns = range(width)
        frame.index = range(header_row + 1, header_row + 1 + len(frame))
        return frame
    records = list(csv.reader(io.StringIO(text)))[header_row:]
    frame = pd.DataFrame(
        [[c.strip() for c in (r + [""] * width)[:width]] for r in records], dtype=str
    )
    frame.index = range(header_row + 1, header_row + 1 + len(frame))
    return frame


def _lines_before_record(text: str, record_count: int) -> int:
    reader = csv.reader(io.StringIO(text))
    for _ in range(record_count):
        next(reader, None)
    return reader.line_num


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableFile(
            "文件不是有效的 .xlsx 表格（可能已损坏或改了扩展名），请在 Excel 或 WPS 中重新保存后上传"
        ) from None
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        packed = max(1, sum(info.compress_size for info in archive.infolist()))
        if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked / packed > MAX_XLSX_RATIO:
            raise UnreadableFile("该 .xlsx 文件解压后异常庞大，疑似损坏或恶意文件，已拒收")


def _read_xlsx(data: bytes) -> Grid:
    import openpyxl

    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise UnreadableFile(
            f"无法打开该 .xlsx 表格（{type(exc).__name__}），请在 Excel 或 WPS 中重新保存后上传"
        ) from None
    try:
        sheet = book.active
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        first_row = sheet.min_row or 1
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
    frame.index = range(first_row, first_row + len(frame))
    top = [list(r) for r in frame.head(HEADER_SEARCH_ROWS).itertuples(index=False)]
    # Leading empty rows are not yielded by openpyxl; pad `top` so its positions are row numbers.
    top = [[] for _ in range(first_row - 1)] + top
    return Grid(top=top, _body=frame)
