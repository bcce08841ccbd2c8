"""Turning an uploaded file into a bounded grid of text cells numbered as the spreadsheet shows them.

Every file, whatever it claims about itself, is read into at most MAX_ROWS rows, MAX_COLUMNS
columns and MAX_CELLS cells of at most MAX_CELL_CHARS characters each, or refused with a Chinese
message (`UnreadableFile`, with the row and column where there is one). With the upload limit of
20 MB that keeps the reading of any file well under 1 GiB (benchmark/hostile_files.py measures it).

CSV is decoded here in Python because DuckDB's reader cannot decode GBK offline: byte-order marks
(UTF-32 before UTF-16, whose mark is a prefix of UTF-32's), UTF-16/32 recognised by their zero
bytes, strict UTF-8, GB18030 when the text then reads as Chinese, and only then charset-normalizer
(which mistakes short GBK text for Korean, so it is asked last and a Korean answer is not taken).
Text that still looks garbled is refused with the encoding to save in.

XLSX is read with python-calamine, which ignores the `<dimension>` a sheet declares. It does hold
the used area of a sheet as one block of cells, so the cells' own positions are scanned first and
a file whose content lies beyond the limits is refused before calamine sees it.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from xml.etree import ElementTree

import charset_normalizer
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

HEADER_SEARCH_ROWS = 30
MAX_ROWS = 1_048_576  # as many as an Excel sheet has
MAX_COLUMNS = 1_000
MAX_CELLS = 12_000_000  # a 1,000,000-row sheet of 12 columns; calamine holds 32 bytes per cell
MAX_CELL_CHARS = 32_767  # the most Excel keeps in one cell
# An XLSX is a zip: refuse one that would unpack to far more than any real progress sheet.
MAX_XLSX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_XLSX_RATIO = 200
_CHUNK_ROWS = 65_536
_SAMPLE_BYTES = 256 * 1024

# The csv module's own field limit (131,072) raises mid-file; cells are measured after parsing.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

SAVE_AS_UTF8 = (
    "请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”，或在 WPS 中另存为 UTF-8 编码的 CSV 后重新上传"
)
CLEAN_COPY = (
    "请在 Excel 或 WPS 中新建一个工作簿，只把数据“选择性粘贴→数值”过去，另存为 .xlsx 或 .csv 后上传"
)


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says why in Chinese, and where if known."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row = row
        self.column = column


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: the column as the spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


@dataclass
class Grid:
    """Text cells: `top` holds the first rows (where the header is looked for), `body` the rest.

    Row numbers are 1-based and count every row, title lines and blank rows included, as a
    spreadsheet program shows them.
    """

    top: list[list[str]]
    _body: pd.DataFrame | None = None  # a table already in memory, indexed by row number
    _table: pa.Table | None = None  # every row from row 1, for XLSX
    _text: str | None = None  # the decoded CSV, parsed below the header on demand
    _delimiter: str = ","

    def body(self, header_row: int, width: int) -> pd.DataFrame:
        """Rows below `header_row`, as columns 0..width-1 of trimmed text, indexed by row number."""
        if self._body is not None:
            below = self._body.loc[self._body.index > header_row]
            return below.reindex(columns=range(width), fill_value="").fillna("")
        if self._table is not None:
            table = self._table.slice(header_row)
            first_row = header_row + 1
        else:
            table = _csv_body(self._text or "", header_row, width, self._delimiter)
            first_row = header_row + 1
        _check_cell_lengths(table, first_row)
        columns = {}
        for index in range(width):
            if index < table.num_columns:
                columns[str(index)] = pc.utf8_trim_whitespace(table.column(index))
            else:
                columns[str(index)] = pa.array([""] * table.num_rows, pa.string())
        frame = pa.table(columns).to_pandas() if columns else pd.DataFrame(index=range(0))
        frame.columns = range(width)
        frame.index = range(first_row, first_row + table.num_rows)
        return frame


def detect_kind(data: bytes, file_name: str) -> str:
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    if name.endswith(".xlsm"):
        raise UnreadableFile(f"不接收含宏的工作簿（.xlsm）。{CLEAN_COPY}")
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


# --- Text encodings ------------------------------------------------------------------------------

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32-le": "UTF-32",
    "utf-32-be": "UTF-32",
    "gb18030": "GBK/GB18030",
    "cp950": "Big5（繁体中文）",
    "cp932": "Shift-JIS（日文）",
}
# What Excel on Traditional-Chinese or Japanese Windows writes is the Microsoft superset.
_PREFERRED = {"big5": "cp950", "big5hkscs": "cp950", "shift_jis": "cp932", "gbk": "gb18030"}
_KOREAN = {"cp949", "euc_kr", "johab", "iso2022_kr"}
_NOT_TEXT = (
    "这不是文本格式的 CSV 文件（可能是改了扩展名的其他文件），请从 Excel 或 WPS 另存为 CSV 后上传"
)


def decode_text(data: bytes) -> str:
    """The text of a CSV file, or UnreadableFile naming the encoding to save it in."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data[len(bom) :], encoding), encoding)
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(_NOT_TEXT)
    if b"\x00" in data[:_SAMPLE_BYTES]:
        encoding = _wide_encoding(data)
        if encoding is None:
            raise UnreadableFile(_NOT_TEXT)
        return _checked(_decode(data, encoding), encoding)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    gb_text = _try_decode(data, "gb18030")
    if gb_text is not None and _chinese_share(gb_text[:_SAMPLE_BYTES]) >= 0.95:
        return _checked(gb_text, "gb18030")
    encoding = _detected_encoding(data[:_SAMPLE_BYTES])
    if encoding is None or (encoding in _KOREAN and gb_text is not None):
        encoding = "gb18030"
    if encoding == "gb18030" and gb_text is not None:
        return _checked(gb_text, encoding)
    return _checked(_decode(data, encoding), encoding)


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode(data: bytes, encoding: str) -> str:
    text = _try_decode(data, encoding)
    if text is None:
        raise UnreadableFile(f"无法识别文件的文字编码。{SAVE_AS_UTF8}")
    return text


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told apart by where the zero bytes fall."""
    sample = data[: _SAMPLE_BYTES - _SAMPLE_BYTES % 4]
    if len(sample) >= 4 and len(data) % 4 == 0:
        for encoding, zero_at in (("utf-32-le", 3), ("utf-32-be", 0)):
            if not any(sample[zero_at::4]):
                return encoding
    if len(data) % 2 == 0:
        even, odd = sample[0::2], sample[1::2]
        # Text with commas and digits has a zero beside every ASCII character.
        if even.count(0) > len(even) // 5 and odd.count(0) < len(odd) // 20:
            return "utf-16-be"
        if odd.count(0) > len(odd) // 5 and even.count(0) < len(even) // 20:
            return "utf-16-le"
    return None


def _detected_encoding(sample: bytes) -> str | None:
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        return None
    return _PREFERRED.get(best.encoding, best.encoding)


def _is_common_hanzi(char: str) -> bool:
    """In the everyday Simplified (GB2312) or Traditional (Big5) sets."""
    for encoding in ("gb2312", "big5"):
        try:
            char.encode(encoding)
            return True
        except UnicodeEncodeError:
            pass
    return False


def _chinese_share(text: str) -> float:
    """Share of the non-ASCII characters that are everyday Chinese characters or punctuation."""
    counts: dict[str, int] = {}
    for char in text:
        if char > "\x7f":
            counts[char] = counts.get(char, 0) + 1
    total = sum(counts.values())
    if not total:
        return 1.0
    chinese = sum(
        n
        for char, n in counts.items()
        if ("\u4e00" <= char <= "\u9fff" and _is_common_hanzi(char))
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
        or char in "“”‘’…—·"
    )
    return chinese / total


_GARBLED_MARKS = re.compile(r"[\ufffd\ue000-\uf8ff\x80-\x9f]|锟斤拷|烫烫烫|屯屯屯")
_UTF8_AS_LATIN1 = re.compile(r"[\xc2-\xef][\x80-\xbf\u0152-\u2122]")


def _checked(text: str, encoding: str) -> str:
    """The text, unless it reads as mojibake: then a refusal naming the encoding to save in."""
    sample = text[:_SAMPLE_BYTES]
    non_ascii = sum(1 for c in sample if c > "\x7f")
    garbled = len(_GARBLED_MARKS.findall(sample)) > max(2, non_ascii // 50)
    if not garbled and _UTF8_AS_LATIN1.search(sample):
        # UTF-8 bytes read as Latin-1 or Windows-1252 and saved again: "ä»»åŠ¡" for "任务".
        garbled = _try_latin1_round_trip(sample)
    if not garbled and encoding not in ("gb18030", "cp950", "cp932"):
        hanzi = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
        garbled = len(hanzi) >= 4 and _chinese_share("".join(hanzi)) < 0.5
    if garbled:
        read_as = _ENCODING_NAMES.get(encoding, encoding)
        raise UnreadableFile(
            f"文件中的文字是乱码（按 {read_as} 编码读取后仍无法辨认，可能在转换编码时已经损坏）。"
            f"{SAVE_AS_UTF8}"
        )
    return text


def _try_latin1_round_trip(sample: str) -> bool:
    for encoding in ("cp1252", "latin-1"):
        try:
            again = sample.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if any("\u4e00" <= c <= "\u9fff" for c in again):
            return True
    return False


# --- CSV -----------------------------------------------------------------------------------------


def _normalised_lines(text: str) -> str:
    """CR-only (old Mac) and mixed line ends read as LF, inside quoted cells too."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _delimiter_of(lines: list[str]) -> str:
    """Excel's "Unicode text" is tab-separated; everything else here is comma-separated."""
    tabs = sum(line.count("\t") for line in lines)
    commas = sum(line.count(",") for line in lines)
    return "\t" if tabs > commas else ","


def _read_csv(text: str) -> Grid:
    text = _normalised_lines(text)
    delimiter = _delimiter_of(text[:65536].split("\n")[:HEADER_SEARCH_ROWS])
    top = []
    for number, record in _records(text, delimiter):
        _check_width(len(record), number)
        for index, cell in enumerate(record):
            if len(cell) > MAX_CELL_CHARS:
                raise _too_long(number, index, len(cell))
        top.append(record)
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    return Grid(top=top, _text=text, _delimiter=delimiter)


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their line breaks (read as LF, see _normalised_lines), one at a
    time: an io.StringIO would first copy the whole file, 0.2 s for a million rows, to read the
    few rows above a header."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) as a spreadsheet numbers them; a quote left open is refused."""
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _quote_problem(number + 1, str(exc)) from None
        number += 1
        yield number, record


def _quote_problem(row: int, detail: str) -> UnreadableFile:
    if "end of data" in detail or "EOF" in detail:
        message = (
            '此行有一个没有配对的双引号（"），从这里到文件末尾会被当成一个单元格。'
            "请在该行找到这个引号，删除它或补上配对的引号后重新上传"
        )
    else:
        message = (
            "此行的双引号用法不对（引号中的内容后面紧跟了其他字符）。"
            "请删除多余的引号，或在 Excel/WPS 中打开后重新另存为 CSV 再上传"
        )
    return UnreadableFile(message, row=row)


def _check_width(width: int, row: int) -> None:
    if width > MAX_COLUMNS:
        raise UnreadableFile(
            f"此行有 {width:,} 列，超过可读取的 {MAX_COLUMNS:,} 列。请删除多余的列后重新上传",
            row=row,
        )


def _too_long(row: int, column: int, length: int) -> UnreadableFile:
    return UnreadableFile(
        f"单元格有 {length:,} 个字符，超过 Excel 单元格的上限 {MAX_CELL_CHARS:,} 个，"
        "请缩短内容后重新上传",
        row=row,
        column=f"{column_letter(column)}列",
    )


def _csv_body(text: str, header_row: int, width: int, delimiter: str) -> pa.Table:
    """Rows below the header: pyarrow for speed, the csv module where pyarrow cannot say where."""
    if text.count('"') % 2:
        # A quote left open: the csv module names its row; pyarrow would merge the rest.
        for _ in _records(text, delimiter):
            pass
    skip_lines = _lines_before_record(text, header_row, delimiter)
    names = [str(i) for i in range(width)]
    ragged = []
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(
                skip_rows=skip_lines, column_names=names, block_size=1 << 24
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
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
    if ragged:
        table = _csv_body_ragged(text, header_row, width, delimiter)
    _check_rows(header_row + table.num_rows)
    _check_merged_rows(table, header_row + 1, width, delimiter)
    return table


def _csv_body_ragged(text: str, header_row: int, width: int, delimiter: str) -> pa.Table:
    """Rows of differing lengths, padded or cut to `width`, converted a chunk at a time."""

    def rows() -> Iterator[list[str]]:
        for number, record in _records(text, delimiter):
            if number <= header_row:
                continue
            _check_width(len(record), number)
            _check_rows(number)
            yield (record + [""] * width)[:width]

    return _table_of(rows(), width)


def _table_of(rows: Iterable[list[str]], width: int) -> pa.Table:
    """Rows of text as an Arrow table, built in chunks so Python holds one chunk at a time."""
    chunks: list[list[pa.Array]] = []
    batch: list[list[str]] = []

    def flush() -> None:
        columns = list(zip(*batch, strict=True)) if batch else [()] * width
        chunks.append([pa.array(column, pa.string()) for column in columns])
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= _CHUNK_ROWS:
            flush()
    flush()
    names = [str(i) for i in range(width)]
    return pa.table(
        {
            name: pa.chunked_array([c[i] for c in chunks], pa.string())
            for i, name in enumerate(names)
        }
    )


def _check_rows(last_row: int) -> None:
    if last_row > MAX_ROWS:
        raise UnreadableFile(
            f"文件超过 {MAX_ROWS:,} 行（Excel 一个工作表的行数上限），请分成几个文件上传"
        )


def _check_merged_rows(table: pa.Table, first_row: int, width: int, delimiter: str) -> None:
    """A quoted cell holding whole lines of the file: a quote closed rows later merged them."""
    if width < 3:
        return
    whole_line = re.compile(rf"\n[^\n]*(?:{re.escape(delimiter)}[^\n]*){{{width - 1},}}")
    for index in range(table.num_columns):
        column = table.column(index)
        # the regular expression only on the cells with a line break, which are few or none
        with_breaks = pc.indices_nonzero(pc.match_substring(column, "\n"))
        if not len(with_breaks):
            continue
        suspects = pc.match_substring_regex(column.take(with_breaks), whole_line.pattern)
        if pc.any(suspects).as_py():
            position = with_breaks[pc.index(suspects, True).as_py()].as_py()
            raise UnreadableFile(
                "此单元格跨了好几行，里面是整行的数据，说明某个双引号没有正确配对，"
                "几行被并成了一行。请检查这几行中的引号后重新上传",
                row=first_row + position,
                column=f"{column_letter(index)}列",
            )


def _lines_before_record(text: str, record_count: int, delimiter: str) -> int:
    reader = csv.reader(_lines(text), delimiter=delimiter)
    for _ in range(record_count):
        next(reader, None)
    return reader.line_num


def _check_cell_lengths(table: pa.Table, first_row: int) -> None:
    for index in range(table.num_columns):
        lengths = pc.utf8_length(table.column(index))
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > MAX_CELL_CHARS:
            position = pc.index(lengths, longest).as_py()
            raise _too_long(first_row + position, index, longest)


# --- XLSX ----------------------------------------------------------------------------------------

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Cells are found by their position attribute; one holding something is not self-closing.
# calamine takes lower-case column letters and leading zeros too, so the patterns do.
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_WITH_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Za-z]{1,3})([0-9]{1,12})"[^>/]*>')
_ROW_TAG = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]{1,12})"')
_MAX_BOUND_UPDATES = 1_000  # per chunk; past that the chunk's cells are read one by one


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta | time):
        return str(value)
    return str(value).strip()


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise UnreadableFile(
            "文件不是有效的 .xlsx 表格（可能已损坏或改了扩展名），请在 Excel 或 WPS 中重新保存后上传"
        ) from None
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked / packed > MAX_XLSX_RATIO:
        archive.close()
        raise UnreadableFile("该 .xlsx 文件解压后异常庞大，疑似损坏或恶意文件，已拒收")
    return archive


def _refuse_active_content(names: list[str]) -> None:
    lowered = [n.lower() for n in names]
    if any(n.endswith("vbaproject.bin") for n in lowered):
        raise UnreadableFile(
            f"该文件含有宏（VBA 代码），可能是改了扩展名的 .xlsm，为安全起见不予接收。{CLEAN_COPY}"
        )
    if any(n.startswith("xl/externallinks/") for n in lowered):
        raise UnreadableFile(
            "该文件含有指向其他工作簿的外部链接，数值可能来自别处且不会随文件更新，为安全起见不予接收。"
            "请在 Excel 中用“数据→编辑链接→断开链接”（WPS：“数据→编辑链接→断开”）把公式变成数值，"
            f"或{CLEAN_COPY.removeprefix('请')}"
        )


def _sheet_choice(archive: zipfile.ZipFile) -> tuple[int, str | None]:
    """The sheet Excel opens on (its active tab, else the first) and the path of its XML."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError):
        return 0, None
    sheets = book.findall(f"{_MAIN_NS}sheets/{_MAIN_NS}sheet")
    view = book.find(f"{_MAIN_NS}bookViews/{_MAIN_NS}workbookView")
    try:
        active = int(view.get("activeTab", "0")) if view is not None else 0
    except ValueError:
        active = 0
    if not 0 <= active < len(sheets):
        active = 0  # a tab index past the sheets: Excel opens the first
    if not sheets:
        return 0, None
    rel_id = sheets[active].get(f"{_REL_NS}id")
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return active, None
    for rel in rels.findall(f"{_PKG_REL_NS}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return active, posixpath.normpath(path)
    return active, None


def _used_area(
    archive: zipfile.ZipFile, sheet_path: str | None, exact: bool = False
) -> tuple[int, int]:
    """Rows and columns up to the last cell holding something, from the cells' own positions.

    A regular expression finds only cells beyond the bounds known so far (the last row tag read,
    the rightmost column seen), so a well-formed sheet is scanned about as fast as it inflates
    and a cell put far away cannot hide. Row tags may run past the content (a formatted empty
    row); `exact` reads every cell's position instead, for when that estimate is over a limit.
    """
    names = archive.namelist()
    paths = (
        [sheet_path]
        if sheet_path in names
        else [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    )
    rows = columns = 0
    for path in paths:
        with archive.open(path) as stream:
            tail = b""
            while True:
                chunk = stream.read(1 << 22)
                data = tail + chunk
                if chunk:
                    cut = data.rfind(b"<")
                    data, tail = data[:cut], data[cut:]
                if exact:
                    rows, columns = _bounds_of(_CELL_WITH_REF.findall(data), rows, columns)
                else:
                    rows, columns = _bounds_in(data, rows, columns)
                if not chunk:
                    break
    return rows, columns


def _bounds_in(data: bytes, rows: int, columns: int) -> tuple[int, int]:
    row_tags = _ROW_TAG.findall(data, max(0, len(data) - 8192)) or _ROW_TAG.findall(data)
    if row_tags:
        rows = max(rows, int(row_tags[-1]))
    simple = b":c" not in data and data.count(b'<c r="') == (
        data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/")
    )
    if not simple:
        with_ref = _CELL_WITH_REF.findall(data)
        if len(with_ref) != len(_ANY_CELL.findall(data)):
            raise UnreadableFile(
                "该 .xlsx 文件的单元格缺少位置信息（可能由其他软件生成），"
                "请在 Excel 或 WPS 中打开后重新保存再上传"
            )
        return _bounds_of(with_ref, rows, columns)
    position = 0
    for _ in range(_MAX_BOUND_UPDATES):
        beyond = _cell_beyond(rows, columns).search(data, position)
        if beyond is None:
            return rows, columns
        rows, columns = _bounds_of([(beyond.group(1), beyond.group(2))], rows, columns)
        position = beyond.end()
    return _bounds_of(_CELL_WITH_REF.findall(data, position), rows, columns)


def _bounds_of(refs: list[tuple[bytes, bytes]], rows: int, columns: int) -> tuple[int, int]:
    for letters in {letters.upper() for letters, _ in refs}:
        columns = max(columns, _column_number(letters))
    if refs:
        rows = max(rows, max(int(digits) for _, digits in refs))
    return rows, columns


_BEYOND_CACHE: dict[tuple[int, int], re.Pattern] = {}


def _cell_beyond(rows: int, columns: int) -> re.Pattern:
    """Cells holding something to the right of `columns` or below `rows` (Excel's own layout)."""
    key = (rows, columns)
    if key not in _BEYOND_CACHE:
        letters = rb"[A-Za-z]{1,3}"
        # The lookahead picks the cells; the groups after it read their position.
        pattern = rb'<c r="(?=(?:%s)[0-9]+"|%s0*(?:%s)")([A-Za-z]{1,3})([0-9]+)"[^>/]*>' % (
            _letters_after(columns),
            letters,
            _number_above(rows),
        )
        _BEYOND_CACHE.clear()
        _BEYOND_CACHE[key] = re.compile(pattern)
    return _BEYOND_CACHE[key]


def _number_above(value: int) -> bytes:
    digits = str(value)
    greater = [rb"[1-9][0-9]{%d,}" % len(digits)]
    for i, d in enumerate(digits):
        if d != "9":
            rest = len(digits) - i - 1
            greater.append(digits[:i].encode() + b"[%d-9][0-9]{%d}" % (int(d) + 1, rest))
    return b"|".join(greater)


def _letters_after(columns: int) -> bytes:
    if columns == 0:
        return rb"[A-Za-z]{1,3}"
    name = column_letter(columns - 1)
    greater = [rb"[A-Za-z]{%d,3}" % (len(name) + 1)] if len(name) < 3 else []
    for i, letter in enumerate(name):
        if letter != "Z":
            after = chr(ord(letter) + 1)
            same = b"".join(b"[%s%s]" % (c.encode(), c.lower().encode()) for c in name[:i])
            rest = len(name) - i - 1
            greater.append(
                same
                + b"[%s-Z%s-z]" % (after.encode(), after.lower().encode())
                + rb"[A-Za-z]{%d}" % rest
            )
    return b"|".join(greater)


def _check_area(rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise UnreadableFile(
            f"工作表第 {rows:,} 行有内容，超过 Excel 的行数上限 {MAX_ROWS:,}，文件可能已损坏。"
            "请在 Excel 或 WPS 中重新保存后上传"
        )
    if columns > MAX_COLUMNS:
        raise UnreadableFile(
            f"工作表的 {column_letter(columns - 1)} 列有内容，超过可读取的 {MAX_COLUMNS:,} 列"
            f"（最右到 {column_letter(MAX_COLUMNS - 1)} 列）。请删除右侧多余的内容后重新上传"
        )
    if rows * columns > MAX_CELLS:
        raise UnreadableFile(
            f"工作表的内容从 A1 一直延伸到 {column_letter(columns - 1)}{rows}，"
            f"共 {rows * columns:,} 个单元格，超过可读取的 {MAX_CELLS:,} 个。"
            "请删除远处多余的内容（按 Ctrl+End 可以找到最后一个有内容的单元格），或分成几个文件上传"
        )


def _read_xlsx(data: bytes) -> Grid:
    import python_calamine

    with _open_zip(data) as archive:
        _refuse_active_content(archive.namelist())
        index, sheet_path = _sheet_choice(archive)
        try:
            rows, columns = _used_area(archive, sheet_path)
            if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
                rows, columns = _used_area(archive, sheet_path, exact=True)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
            raise UnreadableFile(
                "文件不是有效的 .xlsx 表格（内容已损坏），请在 Excel 或 WPS 中重新保存后上传"
            ) from None
    _check_area(rows, columns)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        worksheets = [
            i
            for i, meta in enumerate(book.sheets_metadata)
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        if not worksheets:
            raise UnreadableFile(
                "该 .xlsx 文件里没有工作表（只有图表等），请把数据放在工作表中后上传"
            )
        sheet = book.get_sheet_by_index(index if index in worksheets else worksheets[0])
        width = sheet.end[1] + 1 if sheet.end else 0
        _check_area(sheet.end[0] + 1 if sheet.end else 0, width)
        left_pad = [""] * (sheet.start[1] if sheet.start else 0)
        table = _table_of(
            (left_pad + [_cell_text(v) for v in row] for row in sheet.iter_rows()), width
        )
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises its own kinds, and ValueError, for a broken file
        raise UnreadableFile(
            f"无法打开该 .xlsx 表格（{type(exc).__name__}），请在 Excel 或 WPS 中重新保存后上传"
        ) from None
    head = table.slice(0, HEADER_SEARCH_ROWS)
    _check_cell_lengths(head, 1)
    top = [list(row.values()) for row in head.to_pylist()]
    return Grid(top=top, _table=table)
