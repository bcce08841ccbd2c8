import csv
import io
import json

import pytest

from tracker.__main__ import STATUS_FIELDS, main

GOOD = "2021年重点任务表\n任务名称,计量单位,年度目标,累计完成,截至日期,牵头单位,所属地区\n管廊,公里,13.94,19.3,2021-12-31,建设管理科,龙岗区\n"
BAD = "任务名称,年度目标,累计完成,截至日期\n管廊,abc,-1,2021-09-30\n"


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.duckdb")


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_ingest_stores_a_file_and_exits_0(db, tmp_path, capsys):
    assert main(["--db", db, "ingest", write(tmp_path, "好.csv", GOOD, "gbk")]) == 0
    assert "已入库：批次 1，1 行" in capsys.readouterr().out


def test_ingest_refuses_with_row_column_and_message_and_exits_1(db, tmp_path, capsys):
    assert main(["--db", db, "ingest", write(tmp_path, "坏.csv", BAD)]) == 1
    err = capsys.readouterr().err
    assert "坏.csv: 第2行、B列「年度目标」：应为数字，现为“abc”" in err
    assert "坏.csv: 第2行、C列「累计完成」：累计完成不能为负数" in err
    assert "未存入任何数据" in err
    main(["--db", db, "status"])
    assert "库中还没有数据" in capsys.readouterr().err


def test_ingest_of_several_files_reports_each(db, tmp_path, capsys):
    code = main(
        [
            "--db",
            db,
            "ingest",
            write(tmp_path, "好.csv", GOOD),
            write(tmp_path, "坏.csv", BAD),
            str(tmp_path / "无.csv"),
        ]
    )
    assert code == 1
    captured = capsys.readouterr()
    assert "好.csv: 已入库" in captured.out
    assert "无.csv: 文件不存在" in captured.err


def test_status_as_csv_has_one_row_per_indicator_with_rates_as_fractions(db, tmp_path, capsys):
    main(["--db", db, "ingest", write(tmp_path, "好.csv", GOOD)])
    capsys.readouterr()
    assert main(["--db", db, "status", "--year", "2021"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == STATUS_FIELDS
    assert rows[0]["as_of"] == "2021-12-31"
    assert float(rows[0]["completion_rate"]) == pytest.approx(1.385, abs=5e-4)
    assert rows[0]["status"] == "complete"


def test_status_as_json(db, tmp_path, capsys):
    main(["--db", db, "ingest", write(tmp_path, "好.csv", GOOD)])
    capsys.readouterr()
    assert main(["--db", db, "status", "--as-of", "2021-12-31", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["task"] == "管廊" and rows[0]["as_of"] == "2021-12-31"
    assert rows[0]["schedule_rate"] == 1.0


def test_status_refuses_an_as_of_outside_the_year(db, tmp_path, capsys):
    main(["--db", db, "ingest", write(tmp_path, "好.csv", GOOD)])
    assert main(["--db", db, "status", "--as-of", "2021-12-31", "--year", "2022"]) == 2


def test_demo_loads_once(db, capsys):
    assert main(["--db", db, "demo"]) == 0
    assert "2021Q1-龙岗区-重点任务.csv: 已入库" in capsys.readouterr().out
    assert main(["--db", db, "demo"]) == 0
    assert "库中已有数据" in capsys.readouterr().err
