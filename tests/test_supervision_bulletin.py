"""The monthly bulletin and the 督办函 read back with python-docx: GB/T 9704 layout, East Asian
fonts, the four sections, and figures equal to the status query of 龙岗区 in 2022年9月.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from tests import test_reporting
from tracker.__main__ import main
from tracker.presentation.formatting import format_percent
from tracker.progress import metrics
from tracker.progress.status import Thresholds
from tracker.store import Store
from tracker.supervision import bulletin, ledger

SEPTEMBER = date(2022, 9, 30)
# a plan with September's reports on time, late and missing (see tests/test_reporting.py)
cycle = test_reporting.cycle
# what data/demo/README.md gives for 龙岗区 at the end of September 2022
DEMO_COUNTS = {
    "complete": 3,
    "on_track": 9,
    "slightly_behind": 4,
    "behind": 3,
    "seriously_behind": 2,
    "no_data": 1,
}


@pytest.fixture(scope="module")
def drafted(demo_db_file, tmp_path_factory):
    """The demo bulletin with July to September in the ledger, and the status it was drawn from."""
    path = tmp_path_factory.mktemp("bulletin") / "demo.duckdb"
    path.write_bytes(demo_db_file.read_bytes())
    store = Store.open(path)
    try:
        for month in ("2022-07", "2022-08", "2022-09"):
            ledger.evaluate(store, month, "admin", Thresholds())
        data = bulletin.draft(store, "2022-09", "龙岗区", Thresholds())
        status = metrics.indicator_status(store, SEPTEMBER)
        entry = ledger.entries(store, region="龙岗区", period=SEPTEMBER).iloc[0]
        letter = bulletin.notice_letter(store, int(entry["entry_id"]))
    finally:
        store.close()
    return Document(io.BytesIO(data)), status, entry, Document(io.BytesIO(letter))


def mm(*lengths) -> tuple[float, ...]:
    # Word keeps lengths in twentieths of a point: 37 mm comes back as 36.99…
    return tuple(round(length.mm, 1) for length in lengths)


def main_text(doc) -> str:
    return "\n".join(bulletin.preview_lines(doc))


def all_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_gbt9704_page_and_fonts(drafted):
    doc = drafted[0]
    first = doc.sections[0]
    assert mm(first.page_width, first.page_height) == (210, 297)
    assert mm(first.top_margin, first.bottom_margin) == (37, 35)
    assert mm(first.left_margin, first.right_margin) == (28, 26)
    title = doc.paragraphs[0].runs[0]
    assert title.font.size == Pt(22)
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    fonts = {}
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            if run.text.strip():
                # every run names its East Asian font: python-docx's font.name alone does not
                east_asian = run._element.rPr.rFonts.get(qn("w:eastAsia"))
                assert east_asian, run.text
                fonts.setdefault(run.text, east_asian)
    assert fonts["一、总体情况"] == "黑体"
    assert fonts["（一）已完成年度目标的任务。"] == "楷体_GB2312"
    body = next(p for p in doc.paragraphs if p.text.startswith("2022年龙岗区共有"))
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28)
    odd, even = first.footer.paragraphs[0], first.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —"
    assert "PAGE" in odd._element.xml
    assert odd.runs[0].font.size == Pt(14)
    assert odd.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_four_sections_lists_and_attachments(drafted):
    doc = drafted[0]
    headings = [p.text for p in doc.paragraphs if p.runs and p.runs[0].font.name == "黑体"]
    for expected in (
        "一、总体情况",
        "二、进展较好的",
        "三、存在问题",
        "四、下步工作",
        "红榜",
        "黑榜",
    ):
        assert expected in headings
    assert [p.text for p in doc.paragraphs if p.text.startswith("附件")][1:] == [
        "附件1",
        "附件2",
        "附件3",
    ]
    for section in doc.sections[1:]:
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert section.page_width > section.page_height
    assert len(doc.sections) == 4 and len(doc.tables) == 3


def test_counts_equal_the_status_query(drafted):
    doc, status, _, _ = drafted
    longgang = status[status["region"] == "龙岗区"]
    counts = metrics.status_counts(longgang)
    assert counts == DEMO_COUNTS
    text = main_text(doc)
    at_or_ahead = counts["complete"] + counts["on_track"]
    share = format_percent(at_or_ahead / len(longgang))
    assert f"共有重点任务22项、考核指标{len(longgang)}个" in text
    assert (
        f"达到序时进度{at_or_ahead}项，占{share}，其中已完成年度目标{counts['complete']}项" in text
    )
    assert (
        f"滞后序时进度9项，其中略滞后{counts['slightly_behind']}项、滞后{counts['behind']}项、"
        f"严重滞后{counts['seriously_behind']}项；未报送{counts['no_data']}项"
    ) in text
    # each unit behind, with its gap as the bureau writes it and its own reason
    assert "滞后序时进度35个百分点（严重滞后）。存在问题：1、区财政改造资金未全部到位" in text
    assert "海绵城市完成8.1平方公里，完成年度目标（15平方公里）的54.0%" in text
    assert "滞后序时进度6.3个百分点" in text  # 棚户区改造: 68.75% against 75%
    # the progress table has one row per indicator, its light as the cell's fill
    table = doc.tables[0]
    assert len(table.rows) == 1 + len(longgang)
    lights = [row.cells[-1].text for row in table.rows[1:]]
    assert lights.count("红灯") == 2 and lights.count("未亮灯") == 1
    fill = table.rows[1].cells[-1]._element.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "4CAF50"


def test_no_figure_of_another_region(drafted):
    doc, status, _, _ = drafted
    text = all_text(doc)
    others = status[status["region"] != "龙岗区"]
    for name in set(others["task"]) | set(others["lead_unit"]):
        assert name not in text
    for figure in ("62亿元", "68.9%", "90亿元", "6.1个百分点", "某市"):
        assert figure not in text
    # every percentage in the main text is one of 龙岗区's rates or the schedule
    longgang = status[status["region"] == "龙岗区"]
    known = {format_percent(r) for r in longgang["completion_rate"]} | {"75.0%", "54.5%"}
    assert set(re.findall(r"\d+(?:\.\d+)?%", main_text(doc))) <= known


def test_notice_letter_names_the_unit_tier_and_deadline(drafted):
    _, _, entry, letter = drafted
    text = "\n".join(p.text for p in letter.paragraphs)
    assert letter.paragraphs[0].text == "督 办 函"
    assert f"{entry['lead_unit']}：" in text
    assert f"连续第{entry['tier']}次督办（{entry['tier_name']}）" in text
    deadline = entry["deadline"]
    assert f"于{deadline.year}年{deadline.month}月{deadline.day}日前" in text
    for detail in entry["details"]:
        assert detail in text
    assert mm(letter.sections[0].top_margin) == (37,)


def test_a_region_without_data_is_refused(demo_store):
    with pytest.raises(
        bulletin.BulletinError, match="没有“某县”的指标数据；该期有数据的地区：某市、龙岗区"
    ):
        bulletin.draft(demo_store, "2022-09", "某县", Thresholds())


def test_command_line_lights_ledger_and_bulletin(demo_db_file, tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    assert main(["--db", str(db), "lights", "--period", "2022-09", "--region", "龙岗区"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 22
    assert {r["light"] for r in rows} == {"green", "yellow", "red", "grey"}
    assert rows[0]["rule"].startswith("按落后序时进度的百分点")

    assert main(["--db", str(db), "ledger", "--evaluate", "2022-09", "--unit", "规划计划科"]) == 0
    out = capsys.readouterr()
    entries = json.loads(out.out)
    assert "2022年9月督办台账已生成" in out.err
    assert [(e["period"], e["lead_unit"], e["tier"]) for e in entries] == [
        ("2022-09-30", "规划计划科", 1)
    ]

    out_file = tmp_path / "通报.docx"
    args = ["--db", str(db), "bulletin", "--period", "2022-09", "--region", "龙岗区"]
    assert main([*args, "--out", str(out_file)]) == 0
    assert Document(str(out_file)).paragraphs[0].text == "龙岗区重点任务推进情况通报"
    assert main(["--db", str(db), "lights", "--period", "2022-13"]) == 2
    assert "月份不存在" in capsys.readouterr().err


def test_reporting_attachment_reads_the_reporting_cycle_where_there_is_a_plan(cycle):
    drafted = bulletin.draft(cycle, "2022-09", "龙岗区", Thresholds(), today=date(2022, 10, 20))
    table = Document(io.BytesIO(drafted)).tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][-1] == "按时报送率"
    assert ["燃气管理科", "2022年9月", "1", "0", "0", "—", "1", "0.0%"] in [r[1:] for r in rows]
    assert ["住房保障科", "2022年9月", "1", "0", "1", "3", "0", "0.0%"] in [r[1:] for r in rows]
    assert ["建设管理科", "2022年9月", "1", "1", "0", "—", "0", "100.0%"] in [r[1:] for r in rows]
