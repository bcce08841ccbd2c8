"""The upload contract: every real-world form accepted, every refusal named, nothing half-stored."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from tracker.intake import ingest
from tracker.progress import metrics

HEADER = "任务名称,指标名称,计量单位,年度目标,累计完成,截至日期,牵头单位"
TUNNEL_Q3 = "地下综合管廊建设,新建管廊,公里,13.94,10.5,2021-09-30,建设管理科"
HOUSING_Q3 = "公共住房新增筹集建设,,套,10360,7800,2021-09-30,住房保障科"
TODAY = date(2022, 1, 15)


def csv_file(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return newline.join(lines).encode(encoding) + newline.encode(encoding)


def xlsx_file(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check(store, data: bytes, name: str = "进度.csv", **options) -> ingest.Upload:
    return ingest.prepare(store, data, name, today=TODAY, **options)


def store_file(store, data: bytes, name: str = "进度.csv") -> ingest.Stored:
    upload = check(store, data, name)
    assert upload.accepted, upload.problems.to_dict("records")
    return ingest.commit(store, upload, "测试")


def stored_rows(store) -> int:
    return store.cursor().execute("select count(*) from snapshots").fetchone()[0]


def batches(store) -> int:
    return store.cursor().execute("select count(*) from batches").fetchone()[0]


def status_of(store, as_of=date(2021, 9, 30)):
    return metrics.indicator_status(store, as_of).set_index("task")


# --- forms real files come in -------------------------------------------------------------------

GBK_WITH_TITLE = csv_file(
    "2021年重点攻坚任务完成情况表,,,,,,",
    "填报单位：区住房和城乡建设局,,,,,,",
    HEADER,
    TUNNEL_Q3,
    HOUSING_Q3,
    ",,,,,,",
    ",,,,,,",
    encoding="gbk",
    newline="\r\n",
)

ACCEPTED_FORMS = {
    "utf-8": csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3),
    "utf-8 with BOM": b"\xef\xbb\xbf" + csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3),
    "GBK, CRLF, title lines, trailing blank rows": GBK_WITH_TITLE,
    "GB18030 beyond GBK": csv_file(
        HEADER, TUNNEL_Q3, HOUSING_Q3.replace("住房保障科", "住房保障科䶮"), encoding="gb18030"
    ),
    "English headers, any case and spacing": csv_file(
        "Task, Indicator ,UNIT,Annual Target,actual,As_Of,lead_unit",
        TUNNEL_Q3,
        HOUSING_Q3,
    ),
    "full-width headers and digits": csv_file(
        "任务名称,指标名称,计量单位,年度目标,累计完成,截至日期,牵头单位".replace(
            "年度目标", "年度目标　"
        ),
        "地下综合管廊建设,新建管廊,公里,１３.９４,１０.５,２０２１-０９-３０,建设管理科",
        '公共住房新增筹集建设,,套,"10,360","7,800",2021/9/30,住房保障科',
    ),
    "thousands separators and 万": csv_file(
        HEADER,
        TUNNEL_Q3,
        '公共住房新增筹集建设,,套,"10,360",0.78万,2021年9月30日,住房保障科',
    ),
    "trailing blank columns": csv_file(
        HEADER + ",,",
        TUNNEL_Q3 + ",,",
        HOUSING_Q3 + ",,",
    ),
    "reporting period instead of a date": csv_file(
        "任务名称,指标名称,计量单位,年度目标,累计完成,报告期,牵头单位",
        TUNNEL_Q3.replace("2021-09-30", "2021年第三季度"),
        HOUSING_Q3.replace("2021-09-30", "2021Q3"),
    ),
}


@pytest.mark.parametrize("form", list(ACCEPTED_FORMS))
def test_real_world_forms_are_accepted_with_the_same_result(store, form):
    stored = store_file(store, ACCEPTED_FORMS[form])
    assert stored.rows_stored == 2
    status = status_of(store)
    assert status.loc["地下综合管廊建设", "actual"] == pytest.approx(10.5)
    assert status.loc["地下综合管廊建设", "unit"] == "公里"
    assert status.loc["公共住房新增筹集建设", "actual"] == pytest.approx(7800)
    assert (
        status.loc["公共住房新增筹集建设", "indicator"] == "公共住房新增筹集建设"
    )  # defaults to the task
    assert status.loc["公共住房新增筹集建设", "lead_unit"].startswith("住房保障科")


def test_xlsx_with_title_line_and_date_cells(store):
    data = xlsx_file(
        [
            ["2021年重点攻坚任务完成情况表"],
            ["任务名称", "计量单位", "年度目标", "累计完成", "截至日期", "牵头单位"],
            ["地下综合管廊建设", "公里", 13.94, 10.5, datetime(2021, 9, 30), "建设管理科"],
            [None, None, None, None, None, None],
        ]
    )
    upload = check(store, data, "进度.xlsx")
    assert upload.accepted, upload.problems.to_dict("records")
    assert list(upload.rows["source_row"]) == [3]
    ingest.commit(store, upload, "测试")
    assert status_of(store).loc["地下综合管廊建设", "as_of"] == date(2021, 9, 30)


def test_unit_in_the_header(store):
    store_file(
        store,
        csv_file(
            "任务名称,年度目标(公里),累计完成(米),截至日期,牵头单位",
            "地下综合管廊建设,13.94,10500,2021-09-30,建设管理科",
        ),
    )
    row = status_of(store).loc["地下综合管廊建设"]
    assert row["unit"] == "公里"
    assert row["actual"] == pytest.approx(10.5)


def test_values_are_converted_to_the_unit_history_is_kept_in(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3))
    store_file(
        store,
        csv_file(HEADER, '地下综合管廊建设,新建管廊,米,"13,940","19,300",2021-12-31,建设管理科'),
    )
    row = status_of(store, date(2021, 12, 31)).loc["地下综合管廊建设"]
    assert row["unit"] == "公里"
    assert row["actual"] == pytest.approx(19.3)
    assert row["completion_rate"] == pytest.approx(1.385, abs=5e-4)


def test_wan_in_a_unit_is_kept_in_the_base_unit_history_uses(store):
    store_file(store, csv_file(HEADER, HOUSING_Q3))
    store_file(
        store, csv_file(HEADER, "公共住房新增筹集建设,,万套,1.036,1.04,2021-12-31,住房保障科")
    )
    row = status_of(store, date(2021, 12, 31)).loc["公共住房新增筹集建设"]
    assert (row["unit"], row["actual"], row["annual_target"]) == (
        "套",
        pytest.approx(10400),
        pytest.approx(10360),
    )


# --- refusals: one file each, the row and column named, nothing stored ---------------------------

REFUSED = {
    "missing required column": (
        csv_file("任务名称,年度目标,截至日期", "地下综合管廊建设,13.94,2021-09-30"),
        1,
        None,
        "缺少必填列：累计完成。文件中找到的列：任务名称、年度目标、截至日期",
    ),
    "no date and no period column": (
        csv_file("任务名称,年度目标,累计完成", "地下综合管廊建设,13.94,10"),
        1,
        None,
        "截至日期 或 报告期",
    ),
    "text where a number belongs": (
        csv_file(HEADER, TUNNEL_Q3.replace("10.5", "约十公里")),
        2,
        "E列「累计完成」",
        "应为数字，现为“约十公里”",
    ),
    "infinite target": (
        csv_file(HEADER, TUNNEL_Q3.replace("13.94", "inf")),
        2,
        "D列「年度目标」",
        "应为数字，现为“inf”",
    ),
    "negative actual": (
        csv_file(HEADER, TUNNEL_Q3.replace("10.5", "-1")),
        2,
        "E列「累计完成」",
        "不能为负数",
    ),
    "zero target": (
        csv_file(HEADER, TUNNEL_Q3.replace("13.94", "0")),
        2,
        "D列「年度目标」",
        "必须大于 0",
    ),
    "negative target": (
        csv_file(HEADER, TUNNEL_Q3.replace("13.94", "-5")),
        2,
        "D列「年度目标」",
        "必须大于 0",
    ),
    "empty actual": (
        csv_file(HEADER, TUNNEL_Q3.replace("10.5", "")),
        2,
        "E列「累计完成」",
        "尚无进展请填 0",
    ),
    "impossible date": (
        csv_file(HEADER, TUNNEL_Q3.replace("2021-09-30", "2021-02-30")),
        2,
        "F列「截至日期」",
        "日期“2021-02-30”不存在",
    ),
    "unknown period": (
        csv_file("任务名称,年度目标,累计完成,报告期", "地下综合管廊建设,13.94,10,2021Q5"),
        2,
        "D列「报告期」",
        "无法识别报告期“2021Q5”",
    ),
    "no date in the row": (
        csv_file(HEADER, TUNNEL_Q3.replace("2021-09-30", "")),
        2,
        "F列「截至日期」",
        "至少填写一项",
    ),
    "empty task": (
        csv_file(HEADER, TUNNEL_Q3.replace("地下综合管廊建设", "")),
        2,
        "A列「任务名称」",
        "任务名称为空",
    ),
    "the same indicator twice for one date": (
        csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3, TUNNEL_Q3.replace("10.5", "11")),
        2,
        "A列「任务名称」",
        "与第 4 行是同一指标、同一日期",
    ),
    "unit of another family": (
        csv_file(HEADER, TUNNEL_Q3.replace(",公里,", ",公里,").replace("10.5", "10.5套")),
        2,
        "E列「累计完成」",
        "单位“套”与该指标已有的单位“公里”不一致",
    ),
    "unknown direction": (
        csv_file(HEADER + ",指标方向", TUNNEL_Q3 + ",差不多"),
        2,
        "H列「指标方向」",
        "指标方向“差不多”无法识别",
    ),
    "header only": (csv_file(HEADER, ",,,,,,"), 1, None, "没有数据行"),
    "binary renamed .csv": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        None,
        None,
        "不是文本格式",
    ),
    "xlsx renamed .csv": (xlsx_file([["任务名称"]]), None, None, "不是文本格式"),
    "empty file": (b"", None, None, "文件是空的"),
    "undecodable text": (b"\xff\xfe\xfd" * 2 + b"\x81", None, None, "无法识别"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refusals_name_row_and_column_and_store_nothing(store, case):
    data, row, column, message = REFUSED[case]
    upload = check(store, data)
    assert not upload.accepted
    found = upload.problems.iloc[0]
    assert message in found["message"]
    assert (None if pd.isna(found["row"]) else int(found["row"])) == row
    assert found["column"] == column
    with pytest.raises(ValueError):
        ingest.commit(store, upload, "测试")
    assert stored_rows(store) == 0 and batches(store) == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [("进度.xls", "另存为"), ("进度.pdf", "不支持的文件类型"), ("进度", "不支持的文件类型")],
)
def test_unknown_file_types(store, name, message):
    upload = check(store, b"whatever", name)
    assert message in upload.problems.iloc[0]["message"]


def test_a_broken_xlsx_is_refused(store):
    upload = check(store, b"PK\x03\x04 not really a zip", "进度.xlsx")
    assert "不是有效的 .xlsx" in upload.problems.iloc[0]["message"]


def test_a_zip_bomb_disguised_as_xlsx_is_refused(store):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    upload = check(store, buffer.getvalue(), "进度.xlsx")
    assert "异常庞大" in upload.problems.iloc[0]["message"]


def test_row_numbers_count_title_lines_as_the_spreadsheet_shows_them(store):
    upload = check(store, GBK_WITH_TITLE.replace(b"10.5", "约".encode("gbk")))
    assert list(upload.problems["row"]) == [4]


def test_every_problem_of_a_file_is_reported_at_once(store):
    upload = check(
        store,
        csv_file(
            HEADER,
            TUNNEL_Q3.replace("13.94", "abc"),
            HOUSING_Q3.replace("7800", "-2").replace("2021-09-30", "2021-09-31"),
            "城中村天然气管道改造,,个,0,10,2021-09-30,燃气管理科",
        ),
    )
    found = set(zip(upload.problems["row"], upload.problems["column"], strict=True))
    assert found == {
        (2, "D列「年度目标」"),
        (3, "E列「累计完成」"),
        (3, "F列「截至日期」"),
        (4, "D列「年度目标」"),
    }


def test_a_unit_conflicting_with_history_is_refused(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3))
    upload = check(
        store, csv_file(HEADER, TUNNEL_Q3.replace("公里", "套").replace("09-30", "12-31"))
    )
    assert "与该指标已有的单位“公里”不一致" in upload.problems.iloc[0]["message"]
    assert stored_rows(store) == 1


def test_staff_may_upload_only_their_own_units(store):
    upload = check(store, csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3), allowed_units={"住房保障科"})
    assert list(upload.problems["row"]) == [2]
    assert "此行牵头单位为“建设管理科”" in upload.problems.iloc[0]["message"]


def test_one_bad_row_refuses_the_whole_file(store):
    upload = check(store, csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3.replace("7800", "x")))
    assert not upload.accepted and upload.rows.empty


# --- warnings do not block ------------------------------------------------------------------------


def test_a_future_date_is_a_warning(store):
    upload = check(store, csv_file(HEADER, TUNNEL_Q3.replace("2021-09-30", "2022-03-31")))
    assert upload.accepted
    assert "晚于今天" in upload.warnings.iloc[0]["message"]


def test_a_fall_in_a_cumulative_value_is_a_warning(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3))
    upload = check(
        store, csv_file(HEADER, TUNNEL_Q3.replace("10.5", "9").replace("09-30", "12-31"))
    )
    assert upload.accepted
    assert "从 10.5 降到 9" in upload.warnings.iloc[0]["message"]
    assert upload.warnings.iloc[0]["row"] == 2


def test_a_new_year_starting_lower_is_not_a_fall(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3))
    upload = check(
        store, csv_file(HEADER, TUNNEL_Q3.replace("10.5", "1").replace("2021-09-30", "2022-01-10"))
    )
    assert upload.accepted and upload.warnings.empty


# --- snapshots are never overwritten ---------------------------------------------------------------


def test_the_identical_file_twice_stores_nothing_new(store):
    data = csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3)
    store_file(store, data)
    again = check(store, data)
    assert again.accepted and again.already_stored["batch_id"] == 1
    stored = ingest.commit(store, again, "测试")
    assert stored.batch_id is None and "未重复入库" in stored.message
    assert (stored_rows(store), batches(store)) == (2, 1)


def test_unchanged_rows_in_another_file_are_recognised(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3))
    resaved = check(
        store, b"\xef\xbb\xbf" + csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3, newline="\r\n")
    )
    assert resaved.summary()["unchanged"] == 2
    assert ingest.commit(store, resaved, "测试").batch_id is None
    assert batches(store) == 1


def test_a_later_batch_supersedes_and_history_stays(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3))
    corrected = check(store, csv_file(HEADER, TUNNEL_Q3.replace("10.5", "11.2"), HOUSING_Q3))
    assert corrected.summary() == {
        "rows": 2,
        "new_indicators": 0,
        "new": 0,
        "updated": 1,
        "unchanged": 1,
    }
    ingest.commit(store, corrected, "测试")
    assert status_of(store).loc["地下综合管廊建设", "actual"] == pytest.approx(11.2)
    tunnel = status_of(store).loc["地下综合管廊建设", "indicator_id"]
    history = metrics.snapshot_history(store, int(tunnel))
    assert list(history["actual"]) == [11.2, 10.5]
    assert list(history["superseded"]) == [False, True]


def test_undo_restores_what_was_there_before(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3))
    second = store_file(store, csv_file(HEADER, TUNNEL_Q3.replace("10.5", "12")))
    ingest.undo(store, second.batch_id, "管理员")
    assert status_of(store).loc["地下综合管廊建设", "actual"] == pytest.approx(10.5)
    with pytest.raises(ValueError, match="已经撤销过"):
        ingest.undo(store, second.batch_id, "管理员")


def test_indicators_keep_their_identity_across_uploads_and_years(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3))
    store_file(
        store, csv_file(HEADER, "地下综合管廊建设 ,新建管廊,公里,12,3,2022-03-31,建设管理科")
    )
    ids = store.cursor().execute("select count(*) from indicators").fetchone()[0]
    assert ids == 1


def test_text_from_uploads_is_stored_as_plain_text(store):
    store_file(
        store,
        csv_file(
            HEADER + ",进展情况",
            '<script>alert(1)</script>,x,公里,10,5,2021-09-30,建设管理科,"=HYPERLINK(""http://x"",""点我"")"',
        ),
    )
    row = status_of(store).reset_index().iloc[0]
    assert row["task"] == "<script>alert(1)</script>"
    assert row["progress_note"] == '=HYPERLINK("http://x","点我")'


def test_a_file_that_fails_while_storing_leaves_nothing(store, monkeypatch):
    upload = check(store, csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3))

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ingest.audit, "record", fail)
    stored = ingest.commit(store, upload, "测试")
    assert stored.failed and stored.batch_id is None
    cur = store.cursor()
    counts = [
        cur.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("batches", "indicators", "snapshots")
    ]
    assert counts == [0, 0, 0]
    assert store.data_version() == 0


# --- revisions: any change, exactly as written, lands -------------------------------------------

HOUSES = "保障性住房筹集,,套,200000,100000,2021-09-30,住房保障科"
INVESTMENT = "城建投资,,亿元,400000,327568.8,2021-09-30,计划财务处"


@pytest.mark.parametrize(
    ("first", "corrected", "revision"),
    [
        (HOUSES, HOUSES.replace("100000,", "100001,"), "累计完成 100000 → 100001"),
        (INVESTMENT, INVESTMENT.replace("327568.8", "327566.0"), "累计完成 327568.8 → 327566"),
        (TUNNEL_Q3, TUNNEL_Q3.replace("10.5", "10.51"), "累计完成 10.5 → 10.51"),
        (TUNNEL_Q3, TUNNEL_Q3.replace("13.94", "13.95"), "年度目标 13.94 → 13.95"),
    ],
    ids=["one unit", "0.01 of 亿元 written shorter", "0.01", "target"],
)
def test_a_small_correction_is_a_revision_that_lands(store, first, corrected, revision):
    store_file(store, csv_file(HEADER, first))
    upload = check(store, csv_file(HEADER, corrected))
    assert upload.summary()["updated"] == 1
    assert upload.rows["revision"].tolist() == [revision]
    assert ingest.commit(store, upload, "测试").rows_stored == 1
    new_value = float(revision.rsplit(" ", 1)[1])
    task = first.split(",")[0]
    assert new_value in status_of(store).loc[task, ["actual", "annual_target"]].tolist()


def test_a_text_only_correction_is_a_revision_that_lands(store):
    header = HEADER + ",责任领导,存在问题,进展情况"
    store_file(store, csv_file(header, TUNNEL_Q3 + ",王海涛,征地偏慢,主体完工"))
    upload = check(store, csv_file(header, TUNNEL_Q3 + ",李明,,主体完工"))
    assert upload.rows["revision"].tolist() == [
        "责任领导 王海涛 → 李明；存在问题 征地偏慢 → （空）"
    ]
    ingest.commit(store, upload, "测试")
    row = status_of(store).loc["地下综合管廊建设"]
    assert (row["leader"], row["progress_note"]) == ("李明", "主体完工")
    assert pd.isna(row["problems"])


def test_a_column_the_file_does_not_have_keeps_what_is_stored(store):
    store_file(store, csv_file(HEADER + ",责任领导", TUNNEL_Q3 + ",王海涛"))
    upload = check(store, csv_file(HEADER, TUNNEL_Q3.replace("10.5", "11")))
    assert upload.rows["revision"].tolist() == ["累计完成 10.5 → 11"]
    ingest.commit(store, upload, "测试")
    assert status_of(store).loc["地下综合管廊建设", "leader"] == "王海涛"


def test_an_identical_reupload_in_another_file_stores_nothing(store):
    header = HEADER + ",责任领导,存在问题"
    store_file(store, csv_file(header, TUNNEL_Q3 + ",王海涛,征地偏慢", HOUSES + ",李明,"))
    again = check(store, csv_file(header, HOUSES + ",李明,", TUNNEL_Q3 + ",王海涛,征地偏慢"))
    assert again.summary()["unchanged"] == 2 and set(again.rows["revision"]) == {""}
    stored = ingest.commit(store, again, "测试")
    assert stored.batch_id is None and "完全一致" in stored.message
    assert (stored_rows(store), batches(store)) == (2, 1)


# --- units: blank is no unit, 万亿 converts, conversions are exact --------------------------------


def test_a_blank_unit_in_the_first_row_is_not_a_unit(store):
    upload = check(
        store,
        csv_file(
            HEADER,
            TUNNEL_Q3.replace(",公里,", ",,").replace("2021-09-30", "2021-06-30"),
            TUNNEL_Q3,
            TUNNEL_Q3.replace(",公里,", ",,").replace("2021-09-30", "2021-12-31"),
        ),
    )
    assert upload.accepted, upload.problems.to_dict("records")
    assert set(upload.rows["unit"]) == {"公里"}


def test_an_indicator_stored_without_a_unit_takes_the_first_one_given(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3.replace(",公里,", ",,")))
    store_file(store, csv_file(HEADER, TUNNEL_Q3.replace("2021-09-30", "2021-12-31")))
    store_file(
        store, csv_file(HEADER, TUNNEL_Q3.replace("10.5", "19300米").replace("09-30", "12-31"))
    )
    row = status_of(store, date(2021, 12, 31)).loc["地下综合管廊建设"]
    assert (row["unit"], row["actual"]) == ("公里", 19.3)


@pytest.mark.parametrize(
    ("header", "cells", "target", "actual"),
    [
        ("年度目标(万亿元),累计完成", "0.04,327568.8亿", 400, 327568.8),
        ("年度目标,累计完成", "40000亿,3.275688万亿", 40000, 32756.88),
        ("年度目标(亿元),累计完成(万亿元)", "40000,3.275688", 40000, 32756.88),
    ],
)
def test_wan_yi_converts_exactly(store, header, cells, target, actual):
    store_file(
        store,
        csv_file(
            f"任务名称,计量单位,{header},截至日期,牵头单位",
            f"投资,亿元,{cells},2021-09-30,计划财务处",
        ),
    )
    row = status_of(store).loc["投资"]
    assert (row["unit"], row["annual_target"], row["actual"]) == ("亿元", target, actual)


def test_conversions_are_exact_decimals(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3.replace(",公里,", ",米,").replace("10.5", "1")))
    store_file(
        store,
        csv_file(
            HEADER,
            TUNNEL_Q3.replace(",公里,", ",米,")
            .replace("10.5", "19.3公里")
            .replace("09-30", "12-31"),
            "新开工住房,,平方米,2250000,225.79万平方米,2021-12-31,建设管理科",
        ),
    )
    status = status_of(store, date(2021, 12, 31))
    # as floats the products are 19300.000000000004 and 2257899.9999999995
    assert status.loc["地下综合管廊建设", "actual"] == 19300
    assert status.loc["新开工住房", "actual"] == 2257900
    same_again = check(
        store,
        csv_file(
            HEADER,
            TUNNEL_Q3.replace(",公里,", ",米,").replace("10.5", "19300").replace("09-30", "12-31"),
        ),
    )
    assert same_again.summary()["unchanged"] == 1


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ("1e15", "E列「累计完成」", "按该指标的单位“公里”为 1000000000000000，须小于 10的15次方"),
        ("20000000万亿", "E列「累计完成」", "须小于 10的15次方"),
        ("nan", "E列「累计完成」", "应为数字，现为“nan”"),
        ("-inf", "E列「累计完成」", "应为数字"),
    ],
)
def test_numbers_must_be_finite_and_below_10_to_the_15(store, cell, column, message):
    upload = check(store, csv_file(HEADER, TUNNEL_Q3.replace("10.5", cell)))
    problem = upload.problems.iloc[0]
    assert (problem["row"], problem["column"]) == (2, column)
    assert message in problem["message"]


# --- Traditional characters and near names ----------------------------------------------------


def test_traditional_headers_are_recognised(store):
    upload = check(
        store,
        csv_file(
            "任務名稱,指標名稱,計量單位,年度目標(公里),累計完成,截至日期,牽頭單位,責任領導,存在問題",
            "地下綜合管廊建設,新建管廊,公里,13.94,10.5,2021-09-30,建設管理科,王海濤,無",
        ),
    )
    assert upload.accepted, upload.problems.to_dict("records")
    assert set(upload.column_fields.values()) >= {"task", "annual_target", "lead_unit", "problems"}


def test_names_differing_only_by_traditional_or_full_width_forms_are_one_indicator(store):
    region_header = HEADER + ",所属地区"
    store_file(store, csv_file(region_header, TUNNEL_Q3 + ",台北市"))
    upload = check(
        store,
        csv_file(
            region_header,
            "地下綜合管廊建設,新建管廊,公里,13.94,11,2021-09-30,建設管理科,臺北市",
        ),
    )
    assert upload.summary() == {
        "rows": 1,
        "new_indicators": 0,
        "new": 0,
        "updated": 1,
        "unchanged": 0,
    }
    assert upload.warnings.empty


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            TUNNEL_Q3.replace("地下综合管廊建设", "地下综合管廊建设工程"),
            "A列「任务名称」",
            "任务名称“地下综合管廊建设工程”与已有的“地下综合管廊建设”相近，"
            "是否与已有的“地下综合管廊建设”为同一个？",
        ),
        (
            TUNNEL_Q3.replace("建设管理科", "建设管理处"),
            "G列「牵头单位」",
            "牵头单位“建设管理处”与已有的“建设管理科”相近",
        ),
    ],
)
def test_a_name_close_to_a_stored_one_is_asked_about(store, row, column, message):
    store_file(store, csv_file(HEADER, TUNNEL_Q3, HOUSING_Q3))
    upload = check(store, csv_file(HEADER, row.replace("09-30", "12-31")))
    assert upload.accepted and upload.summary()["new_indicators"] == 1
    near = upload.warnings[upload.warnings["message"].str.contains("相近")]
    assert near[["row", "column"]].values.tolist() == [[2, column]]
    assert message in near["message"].iloc[0]


def test_unrelated_new_names_are_not_asked_about(store):
    store_file(store, csv_file(HEADER, TUNNEL_Q3))
    upload = check(store, csv_file(HEADER, HOUSING_Q3))
    assert upload.accepted and upload.warnings.empty
