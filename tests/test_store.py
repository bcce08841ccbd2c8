import shutil
import subprocess
import sys

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import sql
from tracker.store import DEFAULT_DB_PATH, Store, migrations, resolve_db_path, sorted_rows

from .conftest import ROOT


def test_a_new_store_is_migrated_to_the_latest_schema(store):
    latest = migrations()[-1][0]
    assert store.schema_version() == latest
    tables = {
        r[0]
        for r in store.cursor()
        .execute("select table_name from information_schema.tables")
        .fetchall()
    }
    assert {"batches", "indicators", "snapshots", "users", "audit_log", "meta"} <= tables


def test_reopening_does_not_migrate_twice(tmp_path):
    path = tmp_path / "t.duckdb"
    Store.open(path).close()
    again = Store.open(path)
    assert again.schema_version() == migrations()[-1][0]
    again.close()


def test_the_database_path_comes_from_option_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("TRACKER_DB", raising=False)
    assert resolve_db_path() == DEFAULT_DB_PATH
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "env.duckdb"))
    assert resolve_db_path() == tmp_path / "env.duckdb"
    assert resolve_db_path(tmp_path / "opt.duckdb") == tmp_path / "opt.duckdb"


def test_a_transaction_is_all_or_nothing(store):
    with pytest.raises(RuntimeError), store.transaction() as cur:
        cur.execute("insert into meta values ('probe', '1')")
        raise RuntimeError("interrupted")
    assert (
        store.cursor().execute("select count(*) from meta where key = 'probe'").fetchone()[0] == 0
    )


@pytest.mark.parametrize("name", sql.names())
def test_every_named_query_parses(name):
    assert duckdb.extract_statements(sql.load(name))


def test_unknown_query_names_are_refused():
    with pytest.raises(KeyError):
        sql.load("drop_everything")


def test_a_second_process_is_refused_clearly_while_the_app_holds_the_file(store, tmp_path):
    data = tmp_path / "进度.csv"
    data.write_text("任务名称,年度目标,累计完成,截至日期\n管廊,10,5,2021-09-30\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(store.path), "ingest", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "正被另一个程序" in result.stderr and "未读取也未写入任何数据" in result.stderr
    assert "Traceback" not in result.stderr
    assert store.cursor().execute("select count(*) from snapshots").fetchone()[0] == 0


def held_back(tmp_path, monkeypatch, name: str):
    """The migrations without the one named, as the store will find them; returns a function
    that lets that one land."""
    from tracker import store as store_module

    late_file = next(path for _, path in migrations() if path.name == name)
    folder = tmp_path / "migrations"
    folder.mkdir()
    for _, path in migrations():
        if path != late_file:
            shutil.copy(path, folder / path.name)
    monkeypatch.setattr(store_module, "MIGRATIONS_DIR", folder)
    return lambda: shutil.copy(late_file, folder / late_file.name)


def test_a_migration_that_lands_after_a_higher_one_still_runs(tmp_path, monkeypatch):
    real = migrations()
    # lands after higher ones are in use; none of them, nor the refreshes on opening, build on it
    land = held_back(tmp_path, monkeypatch, "010_project_supervision.sql")
    late_version = 10
    Store.open(tmp_path / "t.duckdb").close()
    land()
    reopened = Store.open(tmp_path / "t.duckdb")
    fresh = Store.open(tmp_path / "fresh.duckdb")
    try:
        assert _tables(reopened) == _tables(fresh)
        assert reopened.schema_version() == real[-1][0] > late_version
    finally:
        reopened.close()
        fresh.close()
    Store.open(tmp_path / "t.duckdb").close()  # nothing runs twice


def test_the_mappings_remembered_before_mappings_per_contract_stay_the_progress_sheets(
    tmp_path, monkeypatch
):
    from tracker.intake import uploads
    from tracker.projects import ledger

    land = held_back(tmp_path, monkeypatch, "013_column_mappings_per_contract.sql")
    before = Store.open(tmp_path / "t.duckdb")
    with before.transaction() as cur:
        cur.execute(
            "insert into column_mappings values ('建设管理科', '完成数', 'actual', now()::timestamp)"
        )
    before.close()
    land()
    after = Store.open(tmp_path / "t.duckdb")
    try:
        assert uploads.remembered_mapping(after, ["建设管理科"]) == {"完成数": "actual"}
        assert uploads.remembered_mapping(after, ["建设管理科"], ledger.CONTRACT) == {}
    finally:
        after.close()


def _tables(store) -> set[str]:
    return {r[0] for r in store.cursor().execute("show tables").fetchall()}


def mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_the_store_folder_file_and_wal_are_readable_by_the_owner_only(tmp_path):
    opened = Store.open(tmp_path / "var" / "tracker.duckdb")
    try:
        with opened.transaction() as cur:
            # keep the WAL: DuckDB would fold a small one into the file at once
            cur.execute("set checkpoint_threshold = '1GB'")
            cur.execute("insert into meta values ('probe', '1')")
        assert opened.wal_path.exists()
        assert mode(tmp_path / "var") == 0o700
        assert mode(opened.path) == 0o600
        assert mode(opened.wal_path) == 0o600
    finally:
        opened.close()


def test_an_existing_store_file_is_made_private_when_opened(tmp_path):
    path = tmp_path / "old.duckdb"
    Store.open(path).close()
    path.chmod(0o644)
    reopened = Store.open(path)
    try:
        assert mode(path) == 0o600
    finally:
        reopened.close()


def _runs_of(keys: list) -> pa.Table:
    return pa.table(
        {"key": pa.array(keys, pa.int64()), "label": [f"第{i}行" for i in range(len(keys))]}
    )


@settings(max_examples=200, deadline=None)
@given(
    runs=st.lists(
        st.lists(st.one_of(st.none(), st.integers(-5, 60)), max_size=12).map(
            lambda run: sorted(run, key=lambda k: (k is None, k))
        ),
        max_size=40,
    )
)
def test_sorted_rows_orders_as_arrow_sorts_whatever_the_runs(runs):
    # runs already in order, in any order of runs, with ties and nulls; more runs than are
    # sliced take the other way
    table = _runs_of([key for run in runs for key in run])
    assert sorted_rows(table, "key").equals(table.sort_by("key"))


def test_sorted_rows_puts_a_few_runs_in_order_as_slices_of_the_table():
    table = pa.concat_tables([_runs_of(list(range(100, 200))), _runs_of(list(range(100)))])
    result = sorted_rows(table, "key")
    assert result["key"].to_pylist() == list(range(200))
    # slices share the query's buffers: nothing was copied
    assert result["label"].num_chunks == 2
    assert sorted_rows(_runs_of([]), "key").num_rows == 0


def test_text_comes_out_of_the_store_as_large_strings_as_pandas_keeps_it(store):
    table = store.cursor().sql("select '住建局' as unit").to_arrow_table()
    assert table.schema.field("unit").type == pa.large_string()
