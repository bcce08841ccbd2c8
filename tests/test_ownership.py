"""Every indicator has one owner: the same names under two lead units are two indicators, staff
create and change only their own units' indicators as stored, and only an administrator moves
an indicator to another unit, audited."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tracker.access import audit
from tracker.access.accounts import User
from tracker.intake import ingest, owners, uploads
from tracker.progress import metrics
from tracker.store import MIGRATIONS_DIR, Store

TODAY = date(2022, 10, 15)
ADMIN = User("admin", "管理员", "admin")
STAFF_A = User("zhang", "张三", "staff", ("建设管理科",))
STAFF_B = User("li", "李四", "staff", ("住房保障科",))
STAFF_AB = User("wang", "王五", "staff", ("建设管理科", "住房保障科"))

HEADER = "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位"
NO_UNIT_HEADER = "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成"
# The tunnel indicator of the issue: 建设管理科's 9.3 of 12 km.
TUNNEL_A = "2022-09-30,地下综合管廊建设,新建管廊,公里,12,9.3,建设管理科"
TUNNEL_B = "2022-09-30,地下综合管廊建设,新建管廊,公里,20,15.2,住房保障科"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def check(store, user, data):
    return uploads.check(store, user, data, "进度.csv", max_upload_mb=20, today=TODAY)


def store_as(store, user, *lines) -> ingest.Stored:
    upload = check(store, user, csv_bytes(*lines))
    assert upload.accepted, upload.problems.to_dict("records")
    return uploads.store_upload(store, user, upload)


def figures(store) -> dict[str, tuple[float, float]]:
    """lead unit -> (annual target, actual) of the tunnel indicator(s) on 2022-09-30."""
    status = metrics.indicator_status(store, date(2022, 9, 30))
    tunnel = status[status["task"] == "地下综合管廊建设"]
    return {
        unit: (float(target), float(actual))
        for unit, target, actual in zip(
            tunnel["lead_unit"], tunnel["annual_target"], tunnel["actual"], strict=True
        )
    }


def indicator_count(store) -> int:
    return store.cursor().execute("select count(*) from indicators").fetchone()[0]


# --- the same names under two units --------------------------------------------------------------


def test_two_units_with_the_same_names_in_one_file_are_two_indicators(store):
    upload = check(store, ADMIN, csv_bytes(HEADER, TUNNEL_A, TUNNEL_B))
    assert upload.accepted, upload.problems.to_dict("records")
    assert upload.summary()["new_indicators"] == 2
    uploads.store_upload(store, ADMIN, upload)
    assert figures(store) == {"建设管理科": (12, 9.3), "住房保障科": (20, 15.2)}


def test_the_same_indicator_twice_for_one_owner_is_still_refused(store):
    upload = check(store, ADMIN, csv_bytes(HEADER, TUNNEL_A, TUNNEL_B, TUNNEL_A))
    assert upload.problems["row"].tolist() == [2, 4]
    assert "请只保留一行" in upload.problems["message"].iloc[0]


def test_the_same_names_from_another_unit_in_a_later_file_do_not_touch_the_first(store):
    store_as(store, STAFF_A, HEADER, TUNNEL_A)
    upload = check(store, STAFF_B, csv_bytes(HEADER, TUNNEL_B))
    assert upload.summary()["new_indicators"] == 1
    # said in the preview, so nobody thinks the other unit's figures change
    assert "“建设管理科”已有同名指标" in upload.warnings["message"].iloc[0]
    uploads.store_upload(store, STAFF_B, upload)
    assert figures(store) == {"建设管理科": (12, 9.3), "住房保障科": (20, 15.2)}
    assert indicator_count(store) == 2


# --- staff: only their own units' indicators ----------------------------------------------------


def test_staff_of_b_naming_a_as_lead_unit_are_refused_and_a_is_unchanged(store):
    store_as(store, STAFF_A, HEADER, TUNNEL_A)
    upload = check(store, STAFF_B, csv_bytes(HEADER, TUNNEL_A.replace("9.3", "15.2")))
    assert not upload.accepted
    problem = upload.problems.iloc[0]
    assert (problem["row"], problem["column"]) == (2, "G列「牵头单位」")
    assert "您只能上传本单位（住房保障科）的数据，此行牵头单位为“建设管理科”" in problem["message"]
    assert figures(store) == {"建设管理科": (12, 9.3)}


def test_staff_rows_without_a_lead_unit_are_their_one_units(store):
    store_as(store, STAFF_A, HEADER, TUNNEL_A)
    # 住房保障科's staff use 建设管理科's names without saying whose: theirs, a new indicator
    upload = check(store, STAFF_B, csv_bytes(NO_UNIT_HEADER, TUNNEL_B.rsplit(",", 1)[0]))
    assert upload.accepted and upload.summary()["new_indicators"] == 1
    uploads.store_upload(store, STAFF_B, upload)
    # 建设管理科's staff correct their own the same way
    store_as(store, STAFF_A, NO_UNIT_HEADER, TUNNEL_A.rsplit(",", 1)[0].replace("9.3", "9.5"))
    assert figures(store) == {"建设管理科": (12, 9.5), "住房保障科": (20, 15.2)}


def test_staff_of_several_units_must_say_whose_row_it_is(store):
    upload = check(store, STAFF_AB, csv_bytes(NO_UNIT_HEADER, TUNNEL_A.rsplit(",", 1)[0]))
    assert not upload.accepted
    assert "您负责多个单位（住房保障科、建设管理科）" in upload.problems["message"].iloc[0]
    assert check(store, STAFF_AB, csv_bytes(HEADER, TUNNEL_A, TUNNEL_B)).accepted


def test_an_upload_checked_as_admin_is_checked_again_with_the_rights_it_is_stored_with(store):
    store_as(store, STAFF_A, HEADER, TUNNEL_A)
    as_admin = check(store, ADMIN, csv_bytes(HEADER, TUNNEL_A.replace("9.3", "15.2")))
    assert as_admin.accepted
    stored = uploads.store_upload(store, STAFF_B, as_admin)
    assert stored.batch_id is None and "重新检查发现问题" in stored.message
    assert figures(store) == {"建设管理科": (12, 9.3)}


# --- administrators -----------------------------------------------------------------------------


def test_an_admin_row_without_a_lead_unit_updates_the_one_indicator_of_those_names(store):
    store_as(store, STAFF_A, HEADER, TUNNEL_A)
    store_as(store, ADMIN, NO_UNIT_HEADER, TUNNEL_A.rsplit(",", 1)[0].replace("9.3", "9.6"))
    assert figures(store) == {"建设管理科": (12, 9.6)}


def test_an_admin_row_without_a_lead_unit_is_refused_for_a_new_or_ambiguous_indicator(store):
    new = check(store, ADMIN, csv_bytes(NO_UNIT_HEADER, TUNNEL_A.rsplit(",", 1)[0]))
    assert new.problems["message"].tolist() == [
        "文件中没有“牵头单位”列：这是新指标，请填写牵头单位"
    ]
    store_as(store, ADMIN, HEADER, TUNNEL_A, TUNNEL_B)
    blank = check(store, ADMIN, csv_bytes(HEADER, TUNNEL_A.replace(",建设管理科", ",")))
    assert "有多个单位（建设管理科、住房保障科）有同名指标" in blank.problems["message"].iloc[0]
    assert blank.problems["column"].iloc[0] == "G列「牵头单位」"


def test_an_admin_moves_an_indicator_with_its_history_and_it_is_audited(store):
    store_as(store, STAFF_A, HEADER, TUNNEL_A)
    (indicator_id,) = owners.list_indicators(store)["indicator_id"]
    message = owners.move_indicator(store, indicator_id, "住房保障科", "admin")
    assert (
        message
        == f"已移交指标 {indicator_id} “地下综合管廊建设 / 新建管廊”：建设管理科 → 住房保障科"
    )
    assert figures(store) == {"住房保障科": (12, 9.3)}
    record = audit.recent(store).iloc[0]
    assert (record["actor"], record["action"]) == ("admin", "indicator_moved")
    assert "建设管理科 → 住房保障科" in record["detail"]
    # the new owner's staff change it; the old owner's staff can only start one of their own
    store_as(store, STAFF_B, HEADER, TUNNEL_B.replace("20,15.2", "12,10"))
    assert figures(store) == {"住房保障科": (12, 10)}
    assert not check(store, STAFF_A, csv_bytes(HEADER, TUNNEL_B)).accepted
    assert owners.list_indicators(store, "住房保障科")["indicator_id"].tolist() == [indicator_id]


def test_a_move_onto_an_indicator_of_the_same_names_is_refused(store):
    store_as(store, ADMIN, HEADER, TUNNEL_A, TUNNEL_B)
    ids = owners.list_indicators(store, "建设管理科")["indicator_id"].tolist()
    with pytest.raises(ValueError, match="“住房保障科”已有同名指标"):
        owners.move_indicator(store, ids[0], "住房保障科", "admin")
    with pytest.raises(ValueError, match="已属于“建设管理科”"):
        owners.move_indicator(store, ids[0], " 建设管理科 ", "admin")
    with pytest.raises(ValueError, match="没有编号为 999 的指标"):
        owners.move_indicator(store, 999, "城建处", "admin")
    assert "indicator_moved" not in audit.recent(store)["action"].tolist()


# --- a store written before indicators had owners -----------------------------------------------


def old_store(path) -> None:
    """A store at schema version 2 in which 住房保障科's upload replaced 建设管理科's figures (the
    defect this version fixes): one indicator, rows of two units, the later one in force."""
    con = duckdb.connect(str(path))
    for number in (1, 2):
        (script,) = MIGRATIONS_DIR.glob(f"{number:03d}_*.sql")
        con.execute(script.read_text(encoding="utf-8"))
    con.execute("insert into meta values ('schema_version', '2')")
    con.execute(
        """
        insert into batches (uploaded_at, uploaded_by, file_name, sha256, row_count) values
            ('2022-10-01', 'zhang', 'a.csv', 'a', 2), ('2022-10-02', 'li', 'b.csv', 'b', 1);
        insert into indicators (match_key, region, task, indicator, unit, direction, created_batch)
            values (chr(31) || '地下综合管廊建设' || chr(31) || '新建管廊', '', '地下综合管廊建设',
                    '新建管廊', '公里', 'higher', 1);
        insert into snapshots values
            (1, 1, '2022-06-30', 2022, 12, 5.5, null, null, '建设管理科', null, null, null,
             null, null, null, 2, '2022-09-30'),
            (1, 1, '2022-09-30', 2022, 12, 9.3, null, null, '建设管理科', null, null, null,
             null, null, null, 3, '2022-09-30'),
            (2, 1, '2022-09-30', 2022, 20, 15.2, null, null, '住房保障科', null, null, null,
             null, null, null, 2, '2023-01-01');
        """
    )
    con.close()


def test_opening_an_old_store_gives_each_unit_its_own_figures_back(tmp_path):
    path = tmp_path / "old.duckdb"
    old_store(path)
    store = Store.open(path)
    try:
        assert figures(store) == {"建设管理科": (12, 9.3), "住房保障科": (20, 15.2)}
        listed = owners.list_indicators(store)
        assert listed["lead_unit"].tolist() == ["住房保障科", "建设管理科"]
        # the keys are the ones an upload computes: the next report of each unit finds its own
        upload = check(store, STAFF_A, csv_bytes(HEADER, TUNNEL_A.replace("9.3", "9.8")))
        assert upload.summary()["updated"] == 1
    finally:
        store.close()


def test_indicators_whose_names_now_fold_together_become_one(tmp_path):
    path = tmp_path / "old.duckdb"
    old_store(path)
    con = duckdb.connect(str(path))
    # the same unit's indicator once more, in Traditional characters and full-width spaces
    con.execute(
        """
        insert into batches (uploaded_at, uploaded_by, file_name, sha256, row_count)
            values ('2022-12-31', 'zhang', 'c.csv', 'c', 1);
        insert into indicators (match_key, region, task, indicator, unit, direction, created_batch)
            values ('x', '', '地下綜合管廊建設', '新建管廊', '公里', 'higher', 3);
        insert into snapshots values
            (3, 2, '2022-12-31', 2022, 12, 12.4, null, null, '建设管理科', null, null, null,
             null, null, null, 2, '2023-01-01');
        """
    )
    con.close()
    store = Store.open(path)
    try:
        assert owners.list_indicators(store, "建设管理科")["indicator_id"].tolist() == [1]
        status = metrics.indicator_status(store, date(2022, 12, 31)).set_index("lead_unit")
        assert status.loc["建设管理科", "actual"] == 12.4
        history = metrics.snapshot_history(store, 1)
        assert history["actual"].tolist() == [12.4, 9.3, 5.5]
        # the September row is in force until the December one, which came from the merged one
        valid_to = (
            store.cursor()
            .execute(
                "select valid_to from snapshots where indicator_id = 1 and batch_id = 1 "
                "and as_of = '2022-09-30'"
            )
            .fetchone()[0]
        )
        assert valid_to == date(2022, 12, 31)
    finally:
        store.close()
