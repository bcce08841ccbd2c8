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


def test_status_carries_the_text_fields_so_a_text_correction_shows(db, tmp_path, capsys):
    main(["--db", db, "ingest", write(tmp_path, "好.csv", GOOD)])
    corrected = GOOD.replace("所属地区\n", "所属地区,责任领导,存在问题\n").replace(
        "龙岗区\n", "龙岗区,王海涛,征地偏慢\n"
    )
    assert main(["--db", db, "ingest", write(tmp_path, "改.csv", corrected)]) == 0
    capsys.readouterr()
    main(["--db", db, "status", "--format", "json"])
    row = json.loads(capsys.readouterr().out)[0]
    assert (row["leader"], row["problems"], row["progress_note"]) == ("王海涛", "征地偏慢", None)
    assert {"leader", "progress_note", "problems", "next_steps"} <= set(STATUS_FIELDS)


OTHER_UNIT = GOOD.replace("建设管理科", "住房保障科")


def test_ingest_as_a_staff_account_applies_its_rights_and_the_audit_says_so(db, tmp_path, capsys):
    from tracker.access import accounts, audit
    from tracker.store import Store

    store = Store.open(db)
    accounts.add_user(store, "zhang", "staff password 1", "staff", units=["建设管理科"])
    store.close()
    refused = main(["--db", db, "ingest", "--as", "zhang", write(tmp_path, "他.csv", OTHER_UNIT)])
    assert refused == 1
    assert "此行牵头单位为“住房保障科”" in capsys.readouterr().err
    assert main(["--db", db, "ingest", "--as", "zhang", write(tmp_path, "好.csv", GOOD)]) == 0
    assert main(["--db", db, "ingest", write(tmp_path, "他.csv", OTHER_UNIT)]) == 0
    assert main(["--db", db, "ingest", "--as", "nobody", write(tmp_path, "好.csv", GOOD)]) == 2
    store = Store.open(db)
    log = audit.recent(store)[["actor", "action", "detail"]].values.tolist()
    store.close()
    assert [a[:2] for a in log[:3]] == [
        ["命令行", "upload"],
        ["zhang", "upload"],
        ["zhang", "upload_refused"],
    ]
    assert log[0][2].endswith("（命令行，管理员权限）")
    assert log[1][2].endswith("（命令行，按该账户的权限）")


def test_indicators_are_listed_and_moved_from_the_command_line(db, tmp_path, capsys):
    main(["--db", db, "ingest", write(tmp_path, "好.csv", GOOD)])
    capsys.readouterr()
    assert main(["--db", db, "indicators", "list"]) == 0
    (listed,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (listed["task"], listed["lead_unit"]) == ("管廊", "建设管理科")
    assert main(["--db", db, "indicators", "move", listed["indicator_id"], "城建处"]) == 0
    assert "建设管理科 → 城建处" in capsys.readouterr().out
    assert main(["--db", db, "indicators", "move", listed["indicator_id"], "城建处"]) == 1
    assert "已属于“城建处”" in capsys.readouterr().err
