"""`python -m tracker projects ...` and `wallchart`: exit codes, messages and output."""

import json
import unicodedata

import pypdf
import pytest

from tracker.__main__ import main

from .conftest import PROJECT_LEDGER

BAD = "项目编号,项目名称,总投资,年度计划投资,本年累计完成投资,责任单位,截至日期\nA,甲,abc,1,1,城建处,2022-09-30\n"


@pytest.fixture
def ledger_file(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_bytes(PROJECT_LEDGER)
    return str(path)


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.duckdb")


def test_import_then_summary_as_json(db, ledger_file, capsys):
    assert main(["--db", db, "projects", "import", ledger_file]) == 0
    assert "已入库：项目批次 1，9 行" in capsys.readouterr().out
    args = ["--db", db, "projects", "summary", "--as-of", "2022-09-30", "--format", "json"]
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["projects"], result["started"], result["completed"]) == (9, 6, 1)
    assert (result["on_schedule"], result["not_started"]) == (2, 3)
    assert result["by_stage"] == {"谋划": 1, "储备": 2, "开工": 1, "在建": 4, "竣工": 1}
    assert (result["annual_plan"], result["invested"], result["amount_unit"]) == (
        28200,
        11750,
        "万元",
    )
    assert result["schedule_rate"] == pytest.approx(0.75)
    assert main([*args, "--region", "城南区"]) == 0
    assert json.loads(capsys.readouterr().out)["projects"] == 4


def test_a_refused_ledger_names_row_and_column_and_exits_1(db, tmp_path, capsys):
    path = tmp_path / "坏.csv"
    path.write_text(BAD, encoding="utf-8")
    assert main(["--db", db, "projects", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "坏.csv: 第2行、C列「总投资」：应为数字，现为“abc”" in err
    assert "未存入任何数据" in err
    assert main(["--db", db, "projects", "summary"]) == 1
    assert "库中还没有项目台账" in capsys.readouterr().err


def test_an_unknown_region_is_said_so(db, ledger_file, capsys):
    main(["--db", db, "projects", "import", ledger_file])
    assert main(["--db", db, "projects", "summary", "--region", "火星"]) == 1
    assert "没有所属地区为“火星”的项目" in capsys.readouterr().err


def test_wallchart_without_chromium_says_what_to_install(
    db, ledger_file, tmp_path, monkeypatch, capsys
):
    main(["--db", db, "projects", "import", ledger_file])
    monkeypatch.setenv("TRACKER_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "wall.pdf"
    assert main(["--db", db, "wallchart", "--out", str(out)]) == 4
    assert "apt-get install chromium" in capsys.readouterr().err
    assert not out.exists()


def _text(page) -> str:
    # Chromium's CJK fonts map some characters to Kangxi radicals; NFKC folds them back.
    return unicodedata.normalize("NFKC", page.extract_text()).replace("\n", "")


def test_wallchart_is_one_a3_landscape_page_with_the_figures(demo_db_file, tmp_path, capsys):
    out = tmp_path / "作战图.pdf"
    code = main(
        ["--db", str(demo_db_file), "wallchart", "--as-of", "2022-09-30", "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)
    text = _text(reader.pages[0])
    for words in ("作战图", "截至2022年9月30日", "序时进度 75.0%", "268个", "224个", "54个"):
        assert words in text
    for words in ("183亿元", "62亿元", "68.9%", "落后6.1个百分点", "红榜", "黑榜", "今天 9月30日"):
        assert words in text
