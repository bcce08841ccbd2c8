"""The upload, history and admin pages in AppTest: preview before storing, problems listed,
column mapping remembered, undo restoring, accounts managed, and no exception anywhere.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from tests.conftest import PASSWORDS, audit_actions, row_counts
from tests.test_auth_ui import MUST_SIGN_IN, ok, sign_in, signed_in_page, titles
from tests.test_hostile_files import OPEN_QUOTE, macro_workbook
from tests.test_uploads import ADMIN as ADMIN_USER
from tests.test_uploads import OWN_MAPPING, zip_bomb
from tracker import demo
from tracker.access import accounts, audit
from tracker.access.accounts import User
from tracker.intake import uploads
from tracker.progress import metrics
from tracker.store import DISK_FULL_MESSAGE

UPLOAD, HISTORY, ADMIN, OVERVIEW = (
    "pages/upload.py",
    "pages/history.py",
    "pages/admin.py",
    "pages/overview.py",
)

# The demo bureau's 2022 tunnel indicator (9.3 of 12 km at the end of September: on track),
# as its lead unit's staff would send it again with the year's target reached.
TITLE = "建设管理科2022年重点任务推进情况表"
HEADER = "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位,所属地区,进展情况"
TUNNEL_DONE = (
    "2022/9/30,地下综合管廊建设,新建地下综合管廊,公里,12,12.5,建设管理科,龙岗区,提前完成年度目标"
)
TUNNEL_Q3 = ("地下综合管廊建设", date(2022, 9, 30))
OWN_HEADER = "统计截止,工作事项,考核内容,计量单位,全年任务数,完成数,牵头单位,所属地区"


def excel_csv(*lines: str) -> bytes:
    """A CSV as Excel on Chinese Windows saves it: GBK, CRLF, a title line above the header."""
    return "\r\n".join([TITLE + "," * (HEADER.count(",")), *lines, ""]).encode("gbk")


def actual_of(store, task: str, as_of: date) -> float:
    status = metrics.indicator_status(store, as_of)
    return float(status.loc[status["task"] == task, "actual"].iloc[0])


def metric_value(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


# A column that only that table has, to find it among the page's tables.
TABLES = {
    "preview": "变化",
    "problems": "问题及修改方法",
    "history": "批次",
    "accounts": "用户名",
    "audit": "操作",
}


def table(at, name: str):
    column = TABLES[name]
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, f"{len(found)} tables with a column {column}"
    return found[0]


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def upload(at, name: str, data: bytes, mime: str = "text/csv"):
    at.file_uploader[0].upload(name, data, mime)
    return ok(at)


# --- Upload --------------------------------------------------------------------------------------


def test_staff_see_a_preview_then_store_and_the_overview_changes_at_once(make_app, app_store):
    at = ok(make_app(app_store.path, **MUST_SIGN_IN))
    sign_in(at, "zhang")
    complete_before = int(metric_value(at, "已完成"))
    at.switch_page(UPLOAD)
    ok(at)
    before = row_counts(app_store)

    upload(at, "三季度进度.csv", excel_csv(HEADER, TUNNEL_DONE))
    assert texts(at.success) == [
        "检查通过：共 1 行：新指标 0 个，新增 0 行，更新 1 行，不变 0 行。确认无误后请点“确认入库”。"
    ]
    assert {m.label: m.value for m in at.metric} == {
        "新指标": "0",
        "新增记录": "0",
        "更新数值": "1",
        "不变": "0",
    }
    preview = table(at, "preview")
    assert preview[["行", "变化", "累计完成", "此前累计"]].to_dict("records") == [
        {"行": 3, "变化": "更新", "累计完成": 12.5, "此前累计": 9.3}
    ]
    assert row_counts(app_store) == before  # nothing is stored before the user confirms

    at.button(key="upload_commit").click()
    ok(at)
    batch = int(uploads.history(app_store, ADMIN_USER)["batch_id"].iloc[0])
    assert texts(at.success) == [f"已入库：批次 {batch}，1 行。总览等页面已按新数据显示。"]
    assert at.file_uploader[0].value is None  # the uploader is cleared for the next file
    assert not [d for d in at.dataframe if "变化" in d.value.columns]
    assert row_counts(app_store)["batches"] == before["batches"] + 1
    assert actual_of(app_store, *TUNNEL_Q3) == 12.5
    assert audit_actions(app_store)[-1] == "upload"

    at.switch_page(OVERVIEW)
    ok(at)
    assert int(metric_value(at, "已完成")) == complete_before + 1


def test_the_file_is_checked_once_however_often_the_page_reruns(make_app, app_store, monkeypatch):
    calls = []
    real_check = uploads.check
    monkeypatch.setattr(uploads, "check", lambda *a, **k: calls.append(a[3]) or real_check(*a, **k))
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    upload(at, "进度.csv", excel_csv(HEADER, TUNNEL_DONE))
    ok(at)
    ok(at)
    assert calls == ["进度.csv"]


def test_a_bad_file_lists_every_problem_stores_nothing_and_is_audited_once(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    before = row_counts(app_store)
    bad = excel_csv(
        HEADER,
        "2022/9/30,地下综合管廊建设,新建地下综合管廊,公里,十二,9.3,建设管理科,龙岗区,",
        "2022/13/30,城市更新项目,城市更新项目供应用地,公顷,50,-1,建设管理科,龙岗区,",
    )
    upload(at, "有错的表.csv", bad)
    assert texts(at.error) == [
        "文件未通过检查，共 3 处问题，未存入任何数据。请按下表修改后重新上传。"
    ]
    problems = table(at, "problems")
    assert problems[["行", "列"]].to_dict("records") == [
        {"行": 3, "列": "E列「年度目标」"},
        {"行": 4, "列": "A列「截至日期」"},
        {"行": 4, "列": "F列「累计完成」"},
    ]
    assert "下载问题清单（CSV）" in [b.label for b in at.get("download_button")]
    assert not [b for b in at.button if b.key == "upload_commit"]
    ok(at)
    assert row_counts(app_store) == before
    assert audit_actions(app_store).count("upload_refused") == 1


def test_staff_rows_for_another_unit_are_refused_with_the_rows_named(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    other = "2022/9/30,城市更新项目,城市更新项目供应用地,公顷,50,30,城市更新科,龙岗区,"
    upload(at, "进度.csv", excel_csv(HEADER, TUNNEL_DONE, other))
    problems = table(at, "problems")
    assert problems["行"].tolist() == [4]
    assert (
        problems["问题及修改方法"].iloc[0]
        == "您只能上传本单位（建设管理科）的数据，此行牵头单位为“城市更新科”，"
        "不能新建或修改其他单位的指标"
    )


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("进度.xlsx", zip_bomb(), "解压后异常庞大"),
        ("进度.csv", bytes(range(256)) * 64, "不是文本格式的 CSV"),
        ("进度.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "不支持旧版 .xls"),
        ("进度.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "另存为” .xlsx 或 .csv"),
        ("进度.xlsx", macro_workbook(), "含有宏"),
    ],
    ids=["zip-bomb", "binary-as-csv", "xls", "wps-et", "macros"],
)
def test_a_hostile_or_wrong_file_gets_a_clear_message(make_app, app_store, name, data, expected):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    before = row_counts(app_store)
    upload(at, name, data, "application/octet-stream")
    assert expected in table(at, "problems")["问题及修改方法"].iloc[0]
    assert row_counts(app_store) == before
    # a problem of the whole file has no row: the cell is blank, not "None"
    shown = next(d for d in at.dataframe if "问题及修改方法" in d.value.columns)
    assert pd.isna(shown.value["行"].iloc[0])
    assert shown.proto.HasField("placeholder") and shown.proto.placeholder == ""


def test_an_open_quote_is_refused_with_its_row(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    before = row_counts(app_store)
    upload(at, "进度.csv", OPEN_QUOTE)
    problem = table(at, "problems").iloc[0]
    assert problem["行"] == 3 and "没有配对的双引号" in problem["问题及修改方法"]
    assert row_counts(app_store) == before


def test_a_file_over_the_limit_is_refused_on_the_server(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD, TRACKER_MAX_UPLOAD_MB="1")
    upload(at, "大文件.csv", excel_csv(HEADER, TUNNEL_DONE) + b" " * (1024 * 1024))
    message = table(at, "problems")["问题及修改方法"].iloc[0]
    assert message.startswith("文件大小 1.0 MB，超过上限 1 MB")


def test_formulas_and_markup_show_as_text_in_the_preview(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    hostile = '2023/9/30,<script>alert(1)</script>,"=HYPERLINK(""x"")",个,1,1,建设管理科,龙岗区,<b>注意</b>'
    upload(at, "进度.csv", excel_csv(HEADER, hostile))
    preview = table(at, "preview")
    assert preview[["任务名称", "指标名称"]].iloc[0].tolist() == [
        "<script>alert(1)</script>",
        '=HYPERLINK("x")',
    ]
    at.button(key="upload_commit").click()
    ok(at)
    stored = (
        app_store.cursor()
        .execute("select task, indicator from indicators where task like '<script>%'")
        .fetchall()
    )
    assert stored == [("<script>alert(1)</script>", '=HYPERLINK("x")')]


def test_cancel_stores_nothing_and_clears_the_uploader(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    before = row_counts(app_store)
    upload(at, "进度.csv", excel_csv(HEADER, TUNNEL_DONE))
    at.button(key="upload_cancel").click()
    ok(at)
    assert texts(at.info) == ["已取消，未存入任何数据。"]
    assert at.file_uploader[0].value is None
    assert row_counts(app_store) == before


def test_the_same_file_twice_is_not_stored_twice(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    data = excel_csv(HEADER, TUNNEL_DONE)
    upload(at, "进度.csv", data)
    at.button(key="upload_commit").click()
    ok(at)
    upload(at, "进度.csv", data)
    assert any("再次确认不会重复入库" in i for i in texts(at.info))
    at.button(key="upload_commit").click()
    ok(at)
    assert len(uploads.history(app_store, ADMIN_USER)[lambda b: b["uploaded_by"] == "zhang"]) == 1


def test_a_commit_that_fails_midway_shows_an_error_and_stores_nothing(
    make_app, app_store, monkeypatch
):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    before = row_counts(app_store)
    upload(at, "进度.csv", excel_csv(HEADER, TUNNEL_DONE))

    def disk_full(*args, **kwargs):  # what DuckDB raises when the WAL cannot be written
        raise duckdb.TransactionException(
            'TransactionContext Error: Failed to commit: Could not write file "tracker.duckdb.wal": '
            "No space left on device"
        )

    monkeypatch.setattr(audit, "record", disk_full)
    at.button(key="upload_commit").click()
    ok(at)
    assert texts(at.error) == [DISK_FULL_MESSAGE]
    assert row_counts(app_store) == before


# --- Column mapping ------------------------------------------------------------------------------


def own_file(actual: str) -> bytes:
    row = f"2022-09-30,地下综合管廊建设,新建地下综合管廊,公里,12,{actual},建设管理科,龙岗区"
    return "\r\n".join([OWN_HEADER, row, ""]).encode("gbk")


def test_unknown_headers_are_mapped_by_the_user_and_remembered_for_the_next_upload(
    make_app, app_store
):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    upload(at, "本科室台账.csv", own_file("10"))
    assert texts(at.warning)[0].startswith("文件的表头与模板不一致")
    boxes = {box.label: box for box in at.selectbox}
    assert boxes["计量单位"].value == "unit" and boxes["完成数"].value is None
    for header, field in OWN_MAPPING.items():
        boxes[header].set_value(field)
    at.button(key="mapping_submit").click()
    ok(at)
    assert texts(at.success)[0].startswith("检查通过：共 1 行")
    assert texts(at.info)[0].startswith("按您选择的列对应检查：")
    at.button(key="upload_commit").click()
    ok(at)
    assert actual_of(app_store, *TUNNEL_Q3) == 10

    # Next time the same headers are mapped without asking.
    upload(at, "本科室台账.csv", own_file("11"))
    assert texts(at.info)[0].startswith("已自动套用本单位上次的列对应：")
    assert "完成数 → 累计完成" in texts(at.info)[0]
    assert texts(at.success)[0].startswith("检查通过")
    assert uploads.remembered_mapping(app_store, ["建设管理科"]) == OWN_MAPPING


def test_an_incomplete_mapping_is_explained_before_checking_again(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    upload(at, "本科室台账.csv", own_file("10"))
    boxes = {box.label: box for box in at.selectbox}
    boxes["工作事项"].set_value("task")
    at.button(key="mapping_submit").click()
    ok(at)
    assert "还没有对应必填字段：截至日期 或 报告期、年度目标、累计完成" in texts(at.error)


def test_an_admin_chooses_the_unit_a_mapping_is_remembered_for(make_app, app_store):
    at = signed_in_page(make_app, app_store, "admin", UPLOAD)
    at.selectbox(key="upload_admin_unit").set_value("建设管理科")
    ok(at)
    upload(at, "本科室台账.csv", own_file("10"))
    boxes = {box.label: box for box in at.selectbox}
    for header, field in OWN_MAPPING.items():
        boxes[header].set_value(field)
    at.button(key="mapping_submit").click()
    ok(at)
    at.button(key="upload_commit").click()
    ok(at)
    assert uploads.remembered_mapping(app_store, ["建设管理科"]) == OWN_MAPPING


def test_the_upload_page_offers_the_template_and_the_contract(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["下载模板（Excel）", "下载模板（CSV）"]
    assert at.file_uploader[0].label == "选择进度表文件（CSV 或 XLSX）"
    assert "20 MB" in at.file_uploader[0].help
    assert at.dataframe[0].value["表头"].tolist()[:3] == ["截至日期", "报告期", "任务名称"]
    assert "建设管理科" in at.caption[0].value


# --- History and undo ----------------------------------------------------------------------------


def store_bad_batch(store) -> int:
    """Staff store 93 km where 9.3 was meant."""
    staff = User("zhang", "张三", "staff", ("建设管理科",))
    bad = excel_csv(HEADER, TUNNEL_DONE.replace(",12.5,", ",93,"))
    checked = uploads.check(store, staff, bad, "三季度进度.csv", max_upload_mb=20)
    return uploads.store_upload(store, staff, checked).batch_id


def test_an_admin_undoes_a_batch_and_what_was_there_before_counts_again(make_app, app_store):
    batch = store_bad_batch(app_store)
    assert actual_of(app_store, *TUNNEL_Q3) == 93
    at = signed_in_page(make_app, app_store, "admin", HISTORY)
    history = table(at, "history")
    # an administrator sees every batch: the demo's report files and this one
    assert len(history) == len(demo.demo_files()) + len(demo.report_files()) + 1
    assert history.iloc[0][["批次", "上传人", "文件名", "行数", "状态"]].tolist() == [
        batch,
        "zhang",
        "三季度进度.csv",
        1,
        "已入库",
    ]
    assert at.selectbox(key="history_batch").value == batch
    assert "下载原始文件" in [b.label for b in at.get("download_button")]
    assert at.button(key="undo_batch").disabled  # only after ticking the confirmation

    at.checkbox(key=f"undo_confirm_{batch}").check()
    ok(at)
    at.button(key="undo_batch").click()
    ok(at)
    assert texts(at.success) == [f"已撤销批次 {batch}：该批数据不再计入，此前的数据恢复有效"]
    assert table(at, "history").iloc[0]["状态"] == "已撤销"
    assert actual_of(app_store, *TUNNEL_Q3) == 9.3
    assert audit_actions(app_store)[-1] == "undo"
    assert not [b for b in at.button if b.key == "undo_batch"]


def test_staff_see_the_history_but_cannot_undo(make_app, app_store):
    store_bad_batch(app_store)
    at = signed_in_page(make_app, app_store, "zhang", HISTORY)
    assert titles(at) == ["上传记录"]
    # this batch and the demo files (quarterly and monthly) with rows for 建设管理科; not the
    # city bureau's files
    files = table(at, "history")["文件名"].tolist()
    assert len(files) == 14 and files[0] == "三季度进度.csv"
    assert not [name for name in files if "某市" in name]
    assert "含本单位（建设管理科）数据的批次" in " ".join(c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "undo_batch"]
    assert not at.checkbox


# --- Accounts and audit --------------------------------------------------------------------------


def test_an_admin_adds_an_account_who_can_then_sign_in(make_app, app_store):
    at = signed_in_page(make_app, app_store, "admin", ADMIN)
    at.text_input(key="add_username").input("wang")
    at.text_input(key="add_display").input("王五")
    at.selectbox(key="add_role").set_value("staff")
    at.text_input(key="add_units").input("住房保障科、城市更新科")
    at.text_input(key="add_password").input("a good password")
    at.text_input(key="add_password_again").input("a good password")
    at.button(key="add_submit").click()
    ok(at)
    assert texts(at.success) == ["已新增账户 wang（填报人员）"]
    listed = table(at, "accounts")
    assert listed.set_index("用户名").loc["wang", "牵头单位"] == "住房保障科、城市更新科"
    assert accounts.get_user(app_store, "wang").units == ("住房保障科", "城市更新科")
    assert audit.recent(app_store).iloc[0][["actor", "action"]].tolist() == ["admin", "user_added"]

    at.sidebar.button(key="sign_out").click()
    ok(at)
    sign_in(at, "wang", "a good password")
    assert "填报人员 · 住房保障科、城市更新科" in [c.value for c in at.sidebar.caption]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"add_username": "王五", "add_password": "a good password"}, "用户名“王五”无效"),
        ({"add_username": "wang", "add_password": "short"}, "密码至少需要 8 个字符"),
        ({"add_username": "zhang", "add_password": "a good password"}, "账户“zhang”已存在"),
    ],
)
def test_a_refused_account_change_is_explained(make_app, app_store, fields, message):
    at = signed_in_page(make_app, app_store, "admin", ADMIN)
    for key, value in fields.items():
        at.text_input(key=key).input(value)
    at.text_input(key="add_password_again").input(fields["add_password"])
    at.selectbox(key="add_role").set_value("viewer")
    at.button(key="add_submit").click()
    ok(at)
    assert any(message in e for e in texts(at.error))


def test_an_admin_disables_enables_resets_and_changes_a_role(make_app, app_store):
    at = signed_in_page(make_app, app_store, "admin", ADMIN)
    at.selectbox(key="change_target").set_value("zhang")
    ok(at)
    at.button(key="disable_account").click()
    ok(at)
    assert accounts.get_user(app_store, "zhang").disabled
    at.button(key="enable_account").click()
    ok(at)
    assert not accounts.get_user(app_store, "zhang").disabled

    at.text_input(key="reset_password").input("a new password")
    at.text_input(key="reset_password_again").input("a new password")
    at.button(key="reset_submit").click()
    ok(at)
    assert texts(at.success) == ["已重置 zhang 的密码，并解除锁定"]
    accounts.authenticate(app_store, "zhang", "a new password")

    at.selectbox(key="role_zhang").set_value("staff")
    at.text_input(key="units_zhang").input("建设管理科、城市更新科")
    at.button(key="role_submit").click()
    ok(at)
    assert accounts.get_user(app_store, "zhang").units == ("建设管理科", "城市更新科")
    assert audit_actions(app_store)[-4:] == [
        "user_enabled",
        "password_reset",
        "sign_in",
        "role_changed",
    ]
    assert all(a == "admin" for a in audit.recent(app_store)["actor"].head(1))


def test_the_last_admin_cannot_disable_themself(make_app, app_store):
    at = signed_in_page(make_app, app_store, "admin", ADMIN)
    at.selectbox(key="change_target").set_value("admin")
    ok(at)
    at.button(key="disable_account").click()
    ok(at)
    assert any("不能停用最后一个启用的管理员账户" in e for e in texts(at.error))
    assert not accounts.get_user(app_store, "admin").disabled


def test_the_audit_log_is_shown_read_only_and_downloadable(make_app, app_store):
    at = signed_in_page(make_app, app_store, "admin", ADMIN)
    log = table(at, "audit")
    assert log.iloc[0][["操作人", "操作"]].tolist() == ["admin", "登录"]
    assert "新增账户" in log["操作"].tolist()
    assert not at.get("data_editor") and not at.get("arrow_data_frame_editor")
    labels = [b.label for b in at.get("download_button")]
    assert "下载审计日志（Excel）" in labels and "下载审计日志（CSV）" in labels
    assert PASSWORDS["admin"] not in log.to_string()


@pytest.mark.parametrize(
    "page, title", [(UPLOAD, "Upload"), (HISTORY, "Upload history"), (ADMIN, "Accounts and audit")]
)
def test_the_pages_in_english(make_app, app_store, page, title):
    at = signed_in_page(make_app, app_store, "admin", page, lang="en")
    assert titles(at) == [title]
