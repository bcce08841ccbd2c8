"""Tables for download, opened by Excel and WPS users: CSV with a BOM, and XLSX.

Text is data, never a formula: a cell such as `=HYPERLINK(...)` or `@SUM(A1)` must show as text
and never run (OWASP, CSV injection). The index of the frame is not exported.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import re

import numpy as np
import pandas as pd
import xlsxwriter

from tracker.presentation.formatting import display_width

# Characters with which a spreadsheet starts a formula (OWASP CSV injection guidance).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

MIN_COLUMN_WIDTH = 6
MAX_COLUMN_WIDTH = 50
# Widths are estimated from the first rows only, which keeps a large export fast.
ROWS_SAMPLED_FOR_WIDTH = 2000

DEFAULT_SHEET_NAME = "数据"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise_text(value: object) -> object:
    """Prefix formula-like text with a single quote; anything else is returned unchanged."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def _neutralised_column(column: pd.Series) -> pd.Series:
    # Numbers, dates and booleans keep their dtype, so a negative number is written as a number.
    if (
        pd.api.types.is_numeric_dtype(column)
        or pd.api.types.is_datetime64_any_dtype(column)
        or pd.api.types.is_timedelta64_dtype(column)
    ):
        return column
    return column.astype(object).map(neutralise_text)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM and CRLF line ends, which Excel and WPS open without garbling Chinese."""
    plain = df.reset_index(drop=True)  # a duplicated index would break the rebuild below
    columns = {
        position: _neutralised_column(plain.iloc[:, position]) for position in range(df.shape[1])
    }
    safe = pd.DataFrame(columns, index=plain.index)
    safe.columns = [neutralise_text(str(name)) for name in df.columns]
    text = safe.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _cell_text_for_width(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return "0000-00-00"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _column_width(header: str, values: pd.Series) -> int:
    # Excel's width unit is one Latin character; a Chinese character needs two.
    sample = values.head(ROWS_SAMPLED_FOR_WIDTH).dropna()
    widest = max(
        (display_width(_cell_text_for_width(v)) for v in sample),
        default=0,
    )
    widest = max(widest, display_width(header))
    return min(max(widest + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)


def _safe_sheet_name(name: str) -> str:
    # Excel refuses sheet names with []:*?/\ or longer than 31 characters.
    cleaned = _SHEET_NAME_FORBIDDEN.sub("_", name).strip("'")[:31]
    return cleaned or DEFAULT_SHEET_NAME


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and not math.isfinite(value)


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = DEFAULT_SHEET_NAME) -> bytes:
    """One sheet: bold frozen header with a filter, widths fitted to Chinese text, typed cells.

    Text is always stored as a string cell (never a formula or a hyperlink), numbers as numbers,
    dates as dates; missing values are left blank.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    worksheet = workbook.add_worksheet(_safe_sheet_name(sheet_name))
    header_format = workbook.add_format(
        {"bold": True, "bg_color": "#F2F2F2", "border": 1, "valign": "vcenter"}
    )
    # quote_prefix is what Excel itself stores for text typed as 'text: editing keeps it text.
    formula_like_format = workbook.add_format({"quote_prefix": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})

    def write_text(row: int, col: int, text: str, cell_format=None) -> None:
        if looks_like_formula(text):
            cell_format = formula_like_format
        worksheet.write_string(row, col, text, cell_format)

    headers = [str(name) for name in df.columns]
    for col, header in enumerate(headers):
        write_text(0, col, header, header_format)
        worksheet.set_column(col, col, _column_width(header, df.iloc[:, col]))

    for row, values in enumerate(df.itertuples(index=False, name=None), start=1):
        for col, value in enumerate(values):
            if _is_blank(value):
                continue
            if isinstance(value, str):
                write_text(row, col, value)
            elif isinstance(value, bool | np.bool_):
                worksheet.write_boolean(row, col, bool(value))
            elif isinstance(value, numbers.Real):
                worksheet.write_number(row, col, float(value))
            elif isinstance(value, dt.datetime):
                has_time = value.time() != dt.time(0, 0)
                cell_format = datetime_format if has_time else date_format
                worksheet.write_datetime(row, col, value, cell_format)
            elif isinstance(value, dt.date):
                worksheet.write_datetime(row, col, value, date_format)
            else:
                write_text(row, col, str(value))

    if headers:
        worksheet.freeze_panes(1, 0)
        worksheet.autofilter(0, 0, len(df), len(headers) - 1)
    workbook.close()
    return buffer.getvalue()
