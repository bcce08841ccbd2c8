"""Word documents in the layout of Chinese official documents (GB/T 9704-2012), with python-docx.

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; title 22 pt 方正小标宋简体; body 16 pt
仿宋_GB2312 at a fixed 28 pt line; 一、 headings in 黑体 and （一） in 楷体_GB2312; page numbers
"— 1 —" in 14 pt 宋体, right on odd pages and left on even ones. Chinese text takes the East
Asian font of a run (w:eastAsia), which python-docx's `font.name` does not set, so every run and
style here sets it explicitly. The fonts are on the bureau's PCs; the document only names them.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

TITLE_SIZE = Pt(22)
BODY_SIZE = Pt(16)
PAGE_NUMBER_SIZE = Pt(14)
TABLE_SIZE = Pt(11)
LINE_SPACING = Pt(28)

A4_SHORT, A4_LONG = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)


def set_font(run: Run, east_asian: str, size: Pt, bold: bool = False) -> None:
    """The font of a run for Chinese and Latin text alike."""
    run.font.name = east_asian
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _set_style_font(style, east_asian: str, size: Pt) -> None:
    style.font.name = east_asian
    style.font.size = size
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def new_document() -> Document:
    doc = Document()
    _set_style_font(doc.styles["Normal"], BODY_FONT, BODY_SIZE)
    section = doc.sections[0]
    _portrait(section)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_numbers(section)
    return doc


def _portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT


def _page_number_field(paragraph: Paragraph) -> None:
    """ "— 1 —": the page number as a field Word and WPS update, between em dashes."""

    def text(value: str) -> None:
        set_font(paragraph.add_run(value), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)

    text("— ")
    run = paragraph.add_run()
    set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._element.append(element)
    shown = paragraph.add_run("1")
    set_font(shown, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    end = paragraph.add_run()
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), "end")
    end._element.append(element)
    text(" —")


def _page_numbers(section) -> None:
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        _page_number_field(paragraph)


def _fixed(paragraph: Paragraph, indent: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 16 pt


def title(doc: Document, text: str) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(35)
    fmt.space_after = Pt(0)
    set_font(paragraph.add_run(text), TITLE_FONT, TITLE_SIZE)
    return paragraph


def centred(doc: Document, text: str, font: str = BODY_FONT) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fixed(paragraph, indent=False)
    set_font(paragraph.add_run(text), font, BODY_SIZE)
    return paragraph


def right(doc: Document, text: str) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fixed(paragraph, indent=False)
    paragraph.paragraph_format.right_indent = Pt(64)
    set_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
    return paragraph


def blank(doc: Document) -> Paragraph:
    paragraph = doc.add_paragraph()
    _fixed(paragraph, indent=False)
    return paragraph


def heading(doc: Document, text: str) -> Paragraph:
    """一、 level: 黑体, indented like body text."""
    paragraph = doc.add_paragraph()
    _fixed(paragraph)
    set_font(paragraph.add_run(text), HEADING_FONT, BODY_SIZE)
    return paragraph


def body(doc: Document, text: str, lead: str | None = None) -> Paragraph:
    """A body paragraph; `lead` starts it in 楷体 as a （一） heading run into its text."""
    paragraph = doc.add_paragraph()
    _fixed(paragraph)
    if lead:
        set_font(paragraph.add_run(lead), SUBHEADING_FONT, BODY_SIZE)
    if text:
        set_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
    return paragraph


def plain(doc: Document, text: str, font: str = BODY_FONT) -> Paragraph:
    """Body text without a first-line indent, as 附件 labels and addressees are set."""
    paragraph = doc.add_paragraph()
    _fixed(paragraph, indent=False)
    set_font(paragraph.add_run(text), font, BODY_SIZE)
    return paragraph


def landscape_section(doc: Document):
    """A new page turned to landscape, for a wide attachment table."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    # the portrait margins turned with the page: the bound edge stays at the top
    section.top_margin, section.bottom_margin = LEFT, RIGHT
    section.left_margin, section.right_margin = TOP, BOTTOM
    return section


def shade(cell: _Cell, colour_hex: str) -> None:
    """Fill a table cell, as a wall chart colours its light."""
    properties = cell._element.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), colour_hex.lstrip("#").upper())
    properties.append(fill)


def table(doc: Document, header: list[str], rows: list[list[str]], widths_mm: list[float]):
    """A bordered table, header row in 黑体, cells in 仿宋 at a size that fits a landscape page."""
    grid = doc.add_table(rows=1 + len(rows), cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    # Word reads the cell widths, LibreOffice and WPS the grid's column widths: set both
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    # row by row: Table.cell(r, c) walks the whole table on every call
    for r, (row, values) in enumerate(zip(grid.rows, [header, *rows], strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = Mm(widths_mm[c])
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(paragraph.add_run(value), HEADING_FONT if r == 0 else BODY_FONT, TABLE_SIZE)
    return grid


def to_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
