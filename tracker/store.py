"""The DuckDB file that holds batches, indicators and snapshots.

DuckDB allows one read-write process per file, and one connection shared by threads only through
cursors. So a process opens each file once (`Store.open`), every reader takes its own cursor, and
writers are serialised by a lock and run in one transaction each.

The store holds password hashes, the audit log and every original upload, so its folder is made
0700 and its file and write-ahead log 0600: no other local user may read them.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from itertools import pairwise
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from duckdb import _seam

from tracker import sql
from tracker.intake import identity

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "tracker.duckdb"
MIGRATIONS_DIR = sql.QUERIES_DIR / "migrations"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class StoreBusy(RuntimeError):
    """Another process holds the database file."""


DISK_FULL_MESSAGE = "服务器磁盘空间已满，本次未存入任何数据。请联系管理员清理数据所在的磁盘后再试"
BUSY_MESSAGE = (
    "数据库文件正被另一个程序（通常是正在运行的看板）占用，本次未存入任何数据。"
    "请在看板的“数据上传”页面上传，或先停止看板再用命令行导入"
)
CONFLICT_MESSAGE = "其他人正在同时上传，本次未存入任何数据，请稍后再点一次“确认入库”"
_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}

# Putting a few runs of rows in order by slicing them is much cheaper than taking every value of
# every column anew; each slice costs a few microseconds of Python, so beyond this many runs the
# rows are taken one by one.
MAX_SLICED_RUNS = 32


def sorted_rows(table: pa.Table, key: str) -> pa.Table:
    """`table` in ascending order of `key`, nulls last, ties in their order (as Table.sort_by).

    A query's rows mostly come as a few runs already in order, one per thread and per upload
    (status at province scale: ten runs of 20,000 rows); those are put together as slices.
    """
    order = pc.sort_indices(table, sort_keys=[(key, "ascending")]).to_numpy()
    run_starts = np.flatnonzero(np.diff(order) != 1) + 1
    if len(order) == 0 or len(run_starts) >= MAX_SLICED_RUNS:
        return table.take(order)
    bounds = [0, *run_starts.tolist(), len(order)]
    return pa.concat_tables(
        [table.slice(order[start], end - start) for start, end in pairwise(bounds)]
    )


def failure_message(exc: BaseException) -> str:
    """What a failed read or write of the store means for the user, in Chinese.

    DuckDB reports the operating system's error inside its own exception text (a full disk at
    commit arrives as a TransactionException), so the text is read as well as the type.
    """
    text = str(exc)
    lowered = text.lower()
    if (isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS) or any(
        mark in lowered for mark in ("no space left on device", "disk quota exceeded", "disk full")
    ):
        return DISK_FULL_MESSAGE
    if "could not set lock" in lowered or "conflicting lock" in lowered:
        return BUSY_MESSAGE
    if "permission denied" in lowered or "read-only" in lowered or "read only" in lowered:
        return (
            "数据库文件无法写入（权限不足或为只读），本次未存入任何数据。"
            "请联系管理员检查数据目录的权限"
        )
    if isinstance(exc, MemoryError | duckdb.OutOfMemoryException):
        return "服务器内存不足，本次未存入任何数据。请稍后再试，或把文件分成几个较小的文件上传"
    if isinstance(exc, duckdb.TransactionException) and "conflict" in lowered:
        return CONFLICT_MESSAGE
    return (
        f"写入数据库时出错（{type(exc).__name__}），本次未存入任何数据。"
        "请稍后再试；如仍出错，请联系管理员查看服务器日志"
    )


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--db` first, then the TRACKER_DB environment variable, then var/tracker.duckdb."""
    chosen = explicit or os.environ.get("TRACKER_DB") or DEFAULT_DB_PATH
    return Path(chosen).expanduser().resolve()


def migrations() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        found.append((int(path.name.split("_", 1)[0]), path))
    return found


def _make_private_dir(folder: Path) -> None:
    """Create the store's folder owner-only; tighten our own var/ of an older install too, but
    leave a folder someone chose with TRACKER_DB (it may be shared on purpose) as it is.
    """
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask
    elif folder == DEFAULT_DB_PATH.parent:
        os.chmod(folder, PRIVATE_DIR_MODE)


class Store:
    _open: dict[Path, Store] = {}
    _open_lock = threading.Lock()

    def __init__(self, path: Path):
        self.path = path
        self.wal_path = path.with_name(path.name + ".wal")
        _make_private_dir(path.parent)
        try:
            self._con = duckdb.connect(str(path))
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(
                    f"数据库文件 {path} 正被另一个程序（通常是正在运行的看板）占用，"
                    "命令行打不开它，未读取也未写入任何数据。"
                    "请在看板的“数据上传”页面上传，或先停止看板再用命令行导入。"
                ) from exc
            raise
        # pandas keeps text as Arrow large strings: with DuckDB's default 32-bit offsets every
        # result's text columns were copied once more on the way into pandas
        self._con.execute("set arrow_large_buffer_size = true")
        self._write_lock = threading.RLock()
        self._protect_files()
        self._migrate()

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> Store:
        """The process's one store for this file, opened and migrated on first use."""
        resolved = resolve_db_path(path)
        with cls._open_lock:
            if resolved not in cls._open:
                cls._open[resolved] = cls(resolved)
            return cls._open[resolved]

    def close(self) -> None:
        with self._open_lock:
            self._open.pop(self.path, None)
        self._con.close()

    def _protect_files(self) -> None:
        """Owner-only file and WAL. DuckDB creates the WAL afresh after each checkpoint with the
        process's umask, so this runs again after every commit (two syscalls).
        """
        for file in (self.path, self.wal_path):
            with suppress(FileNotFoundError):
                os.chmod(file, PRIVATE_FILE_MODE)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._con.cursor()

    def schema_version(self) -> int:
        cur = self.cursor()
        exists = cur.execute(
            "select count(*) from information_schema.tables where table_name = 'meta'"
        ).fetchone()[0]
        if not exists:
            return 0
        row = cur.execute("select value from meta where key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _applied_migrations(self) -> set[int]:
        """Migrations already run on this file. Each is recorded as `migration:NNN`, because
        numbers are handed out ahead and may land out of order: a store that has 007 must still
        get a 004 that arrives later. A store from before the records has run all up to its
        schema_version, in order."""
        current = self.schema_version()
        if not current:
            return set()
        keys = self.cursor().execute("select key from meta where key like 'migration:%'").fetchall()
        recorded = {int(key.split(":", 1)[1]) for (key,) in keys}
        return recorded or {version for version, _ in migrations() if version <= current}

    def _migrate(self) -> None:
        applied = self._applied_migrations()
        for version, path in migrations():
            if version in applied:
                continue
            with self.transaction() as cur:
                cur.execute(path.read_text(encoding="utf-8"))
                for done in applied | {version}:
                    cur.execute(
                        "insert or replace into meta values ($key, 'applied')",
                        {"key": f"migration:{done:03d}"},
                    )
                cur.execute(
                    "insert or replace into meta values ('schema_version', $v)",
                    {"v": str(max(applied | {version}))},
                )
            applied.add(version)
        self._refresh_indicator_keys()
        self._refresh_plan_windows()

    def _refresh_indicator_keys(self) -> None:
        """Indicator keys follow the code that folds names; recompute them when it has changed."""
        cur = self.cursor()
        found = cur.execute("select value from meta where key = 'key_version'").fetchone()
        if found and found[0] == identity.KEY_VERSION:
            return
        with self.transaction() as cur:
            identity.refresh_keys(cur)
            cur.execute(
                "insert or replace into meta values ('key_version', $v)",
                {"v": identity.KEY_VERSION},
            )

    def _refresh_plan_windows(self) -> None:
        """Plan items saved before their versions' windows were kept get them once."""
        cur = self.cursor()
        if not cur.execute("select count(*) from plan_items where valid_to is null").fetchone()[0]:
            return
        with self.transaction() as cur:
            cur.execute(sql.load("plan/refresh_plan_windows"))

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One writer at a time, all or nothing."""
        with self._write_lock:
            cur = self.cursor()
            cur.execute("begin transaction")
            try:
                yield cur
            except BaseException:
                cur.execute("rollback")
                raise
            else:
                cur.execute("commit")
                self._protect_files()
            finally:
                cur.close()

    def bump_data_version(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Called inside a write transaction so cached query results know the data changed."""
        cur.execute(
            "update meta set value = cast(cast(value as bigint) + 1 as varchar) "
            "where key = 'data_version'"
        )

    def data_version(self) -> int:
        return int(
            self.cursor().execute("select value from meta where key = 'data_version'").fetchone()[0]
        )

    def query(
        self,
        name: str,
        frames: dict[str, pd.DataFrame] | None = None,
        sort_by: str | None = None,
        reads: dict[str, str] | None = None,
        **params,
    ) -> pd.DataFrame:
        """Run the named query from queries/ with bound parameters, on a cursor of its own.

        `frames` are registered under their names for queries that read a computed frame.
        `reads` gives the named queries whose rows the query reads under a name (sql.reading).
        `sort_by` sorts the result in Arrow (sorted_rows), cheaper than an ORDER BY carrying text
        columns.
        """
        cur = self.cursor()
        try:
            for frame_name, frame in (frames or {}).items():
                cur.register(frame_name, frame)
            # Through Arrow: several times faster than .df() for text columns. Submitted as the
            # relation API's own terminals do (duckdb._seam, pinned with duckdb in
            # requirements.txt): the rows are gathered into Arrow on every thread as the query
            # runs, where `execute` gathers them on one and copies them once more after it (the
            # status query at province scale: 3-4 ms less), and without `sql`'s second parse and
            # bind and its parameter search in Python (about 7 ms before any row).
            text = sql.reading(name, reads) if reads else sql.load(name)
            result = _seam.submit(cur, text, params or None, "arrow").arrow_table()
            if sort_by:
                result = sorted_rows(result, sort_by)
            return result.to_pandas()
        finally:
            cur.close()

    def is_empty(self) -> bool:
        return self.cursor().execute("select count(*) from batches").fetchone()[0] == 0
