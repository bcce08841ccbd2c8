"""Province-scale benchmark: the status query at one and ten years of history, side by side with
a plain pandas computation of the same answer, and the ingest of a million-row upload.

    .venv/bin/python benchmark/run.py [--years-small 1 --years-large 10] [--out benchmark/results.md]

Stores are generated in a temporary directory and removed afterwards; with --keep they go to
--data-dir (benchmark/stores/) and are reused by the next run (delete them after a schema change).

The tables replace the part of --out above its END_OF_TABLES line; what follows that line (notes
on earlier runs, the other benchmarks' sections) is kept.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

# Run as a script from the project root: make `tracker` and `benchmark` importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402

from benchmark import pandas_reference, province  # noqa: E402
from tracker.intake import ingest  # noqa: E402
from tracker.progress import metrics  # noqa: E402
from tracker.progress.status import Thresholds  # noqa: E402
from tracker.store import Store  # noqa: E402

AIM_HISTORY_RATIO = 1.5
AIM_SPEED_UP = 10.0
AIM_INGEST_SECONDS = 10.0
AIM_INGEST_VS_READ_CSV = 3.0
UPLOAD_ROWS = 1_000_000


@dataclass
class Timing:
    first: float
    warm: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.warm)

    @property
    def fastest(self) -> float:
        return min(self.warm)


def seconds_of(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


@dataclass
class StatusMeasure:
    years: int
    rows: int
    indicators: int
    as_of: date
    generated_seconds: float | None
    sql: Timing
    pandas_load_seconds: float
    pandas: Timing
    statuses_agree: int


def build_store(path: Path, years: int) -> float | None:
    """Generate the store unless a kept one is there; the seconds it took, or None if reused."""
    if path.exists():
        print(f"reusing {path}", flush=True)
        return None
    print(f"generating {years_label(years)} into {path} ...", flush=True)
    start = time.perf_counter()
    province.generate(path, years=years).close()
    return time.perf_counter() - start


def measure_status(
    path: Path, years: int, generated: float | None, warm_runs: int
) -> StatusMeasure:
    """The first call of each, then warm runs taking turns, so other work on the machine weighs
    on both alike."""
    thresholds = Thresholds()
    store = Store.open(path)
    try:
        cur = store.cursor()
        rows = cur.execute("select count(*) from snapshots").fetchone()[0]
        indicators = cur.execute("select count(*) from indicators").fetchone()[0]
        cur.close()
        as_of = metrics.resolve_as_of(store)
    finally:
        store.close()
    print(f"{years}y: {rows:,} rows, status as of {as_of}", flush=True)

    # a store opened afresh: the first run starts with DuckDB's buffers empty
    store = Store.open(path)
    try:
        sql_first, sql_result = seconds_of(
            partial(metrics.indicator_status, store, as_of, thresholds)
        )
    finally:
        store.close()

    print(f"{years}y: loading the pandas frames ...", flush=True)
    store = Store.open(path)
    try:
        load_seconds, frames = seconds_of(partial(pandas_reference.load_frames, store))
        compute = partial(pandas_reference.indicator_status, frames, as_of, thresholds)
        pandas_first, pandas_result = seconds_of(compute)
        query = partial(metrics.indicator_status, store, as_of, thresholds)
        print(f"{years}y: {warm_runs} warm runs of each ...", flush=True)
        sql_warm, pandas_warm = [], []
        for _ in range(warm_runs):
            sql_warm.append(seconds_of(query)[0])
            pandas_warm.append(seconds_of(compute)[0])
    finally:
        store.close()

    joined = sql_result[["indicator_id", "status"]].merge(
        pandas_result[["indicator_id", "status"]],
        on="indicator_id",
        suffixes=("_sql", "_pandas"),
    )
    return StatusMeasure(
        years=years,
        rows=rows,
        indicators=indicators,
        as_of=as_of,
        generated_seconds=generated,
        sql=Timing(sql_first, sql_warm),
        pandas_load_seconds=load_seconds,
        pandas=Timing(pandas_first, pandas_warm),
        statuses_agree=int((joined["status_sql"] == joined["status_pandas"]).sum()),
    )


@dataclass
class IngestRun:
    prepare: float
    commit: float
    # CPU seconds of this process (all its threads): hardly moved by other work on the machine
    cpu: float
    # DuckDB alone reading the same file into a table of a new database file, in the same run
    read_csv: float

    @property
    def total(self) -> float:
        return self.prepare + self.commit


def read_csv_seconds(upload: Path, work_dir: Path) -> float:
    """DuckDB's own `read_csv` of the file into a table of a new database file: the engine's
    speed, with none of the upload contract's checks."""
    path = work_dir / "read-csv.duckdb"
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        start = time.perf_counter()
        con.execute("create table upload as select * from read_csv($path)", {"path": str(upload)})
        return time.perf_counter() - start
    finally:
        con.close()
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)


def measure_ingest(upload: Path, work_dir: Path, runs: int) -> list[IngestRun]:
    """Prepare and commit the upload into a new empty store, `runs` times, each beside DuckDB's
    read_csv of the same file, so that both meet the same load on the machine."""
    data = upload.read_bytes()
    measured = []
    for run in range(1, runs + 1):
        print(f"ingest run {run}: DuckDB read_csv ...", flush=True)
        engine = read_csv_seconds(upload, work_dir)
        path = work_dir / f"ingest-{run}.duckdb"
        path.unlink(missing_ok=True)
        store = Store.open(path)
        try:
            print(f"ingest run {run}: prepare ...", flush=True)
            cpu_start = time.process_time()
            start = time.perf_counter()
            prepared = ingest.prepare(store, data, upload.name)
            prepared_at = time.perf_counter()
            if not prepared.accepted:
                first = prepared.problems.iloc[0]
                raise RuntimeError(f"upload refused at row {first['row']}: {first['message']}")
            stored = ingest.commit(store, prepared, "benchmark")
            committed_at = time.perf_counter()
            cpu = time.process_time() - cpu_start
            if stored.rows_stored != UPLOAD_ROWS:
                raise RuntimeError(f"expected {UPLOAD_ROWS} rows stored: {stored.message}")
        finally:
            store.close()
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
        measured.append(IngestRun(prepared_at - start, committed_at - prepared_at, cpu, engine))
        del prepared
        gc.collect()
    return measured


def machine(load_before: float) -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    threads = duckdb.connect().execute("select current_setting('threads')").fetchone()[0]
    return {
        "CPU": cpu,
        "cores": str(len(os.sched_getaffinity(0))),
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "duckdb": f"{duckdb.__version__} (threads={threads})",
        "pandas": pd.__version__,
        "pyarrow": pa.__version__,
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        # other work on the machine skews timings; the load average shows how much there was
        "load average (1 min), start / end": f"{load_before:.2f} / {os.getloadavg()[0]:.2f}",
    }


def seconds(value: float) -> str:
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


def times(ratio: float) -> str:
    return f"{ratio:.1f}x" if ratio >= 1 else f"{ratio:.2f}x"


def years_label(years: int) -> str:
    return f"{years} year" if years == 1 else f"{years} years"


def verdict(met: bool) -> str:
    return "yes" if met else "**no**"


def status_section(small: StatusMeasure, large: StatusMeasure, warm_runs: int) -> list[str]:
    def column(m: StatusMeasure) -> str:
        return f"{years_label(m.years)} ({m.rows:,} rows)"

    def row(label: str, pick: Callable[[StatusMeasure], float]) -> str:
        a, b = pick(small), pick(large)
        return f"| {label} | {seconds(a)} | {seconds(b)} | {b / a:.2f}x |"

    small_speed_up, large_speed_up = (m.pandas.median / m.sql.median for m in (small, large))
    lines = [
        "## Status query",
        "",
        f"Status of all {large.indicators:,} indicators as of the latest snapshot ({large.as_of}), "
        f'default thresholds. "first" is the first call after opening the store file (the '
        f'operating system may still cache the file); "median" is over {warm_runs} further runs, '
        "SQL and pandas taking turns so that other work on the machine weighs on both alike; "
        "the fastest warm run is the one least disturbed by such work.",
        "",
        "- **SQL**: `metrics.indicator_status`, end to end: queries/indicator_status_as_of.sql on "
        "the store file, result to a DataFrame.",
        "- **pandas**: benchmark/pandas_reference.py computing the same answer on frames already in "
        "memory. Loading those frames from the store is shown apart and is not in the comparison.",
        "",
        f"| measure | {column(small)} | {column(large)} | ratio |",
        "|---|---:|---:|---:|",
        row("SQL, first", lambda m: m.sql.first),
        row("SQL, median", lambda m: m.sql.median),
        row("SQL, fastest warm run", lambda m: m.sql.fastest),
        row("pandas computation, first", lambda m: m.pandas.first),
        row("pandas computation, median", lambda m: m.pandas.median),
        row("pandas computation, fastest warm run", lambda m: m.pandas.fastest),
        row("pandas: loading the frames (not compared)", lambda m: m.pandas_load_seconds),
        f"| speed-up: pandas median / SQL median | {times(small_speed_up)} "
        f"| {times(large_speed_up)} | |",
        f"| statuses equal, SQL vs pandas | {small.statuses_agree:,} of {small.indicators:,} "
        f"| {large.statuses_agree:,} of {large.indicators:,} | |",
    ]
    if small.generated_seconds is not None and large.generated_seconds is not None:
        lines.append(row("generating the store", lambda m: m.generated_seconds))
    return lines


def report(
    small: StatusMeasure,
    large: StatusMeasure,
    upload: Path,
    ingest_runs: list[IngestRun],
    warm_runs: int,
    facts: dict[str, str],
) -> str:
    history_ratio = large.sql.median / small.sql.median
    speed_up = large.pandas.median / large.sql.median
    median_run = sorted(ingest_runs, key=lambda r: r.total)[len(ingest_runs) // 2]
    engine_ratio = statistics.median(r.total / r.read_csv for r in ingest_runs)
    lines = [
        "# Province-scale benchmark",
        "",
        f"{large.indicators:,} indicators (200 regions x 100), one snapshot each every Friday: "
        f"{small.rows:,} rows for {years_label(small.years)}, {large.rows:,} rows for "
        f"{years_label(large.years)}. Generated by benchmark/province.py; run with "
        "`.venv/bin/python benchmark/run.py`.",
        "",
        "## Aims",
        "",
        "| aim | figure | met |",
        "|---|---:|---|",
        f"| status query: {years_label(large.years)} of history cost under {AIM_HISTORY_RATIO}x "
        f"of {years_label(small.years)} (ratio of medians) | {history_ratio:.2f}x "
        f"| {verdict(history_ratio < AIM_HISTORY_RATIO)} |",
        f"| status query at {large.rows / 1e6:.1f}M rows at least {AIM_SPEED_UP:.0f}x faster than "
        f"pandas (pandas median / SQL median) | {times(speed_up)} "
        f"| {verdict(speed_up >= AIM_SPEED_UP)} |",
        f"| a {UPLOAD_ROWS:,}-row file ingested (prepare + commit) in under "
        f"{AIM_INGEST_SECONDS:.0f} s (median of {len(ingest_runs)} runs) "
        f"| {median_run.total:.1f} s | {verdict(median_run.total < AIM_INGEST_SECONDS)} |",
        f"| the same file prepared and committed within {AIM_INGEST_VS_READ_CSV:.0f}x of DuckDB's "
        f"`read_csv` into a table (median of the runs' ratios) | {engine_ratio:.1f}x "
        f"| {verdict(engine_ratio <= AIM_INGEST_VS_READ_CSV)} |",
        "",
        *status_section(small, large, warm_runs),
        "",
        f"## Ingest: a {UPLOAD_ROWS:,}-row CSV upload into an empty store",
        "",
        f"{upload.stat().st_size / 1e6:,.0f} MB, UTF-8 with BOM, CRLF, "
        f"{len(province.UPLOAD_HEADERS)} columns of the upload contract (20,000 indicators x 50 "
        "Fridays), written by `province.write_upload_file`. `ingest.prepare` (read and check) "
        "then `ingest.commit` (one transaction); the file is in memory as bytes beforehand, as an "
        "upload is. Each run first times DuckDB's own `read_csv` of the same file into a table of "
        "a new database file (no checks at all). benchmark/profile_ingest.py shows where "
        "`prepare` spends its time.",
        "",
        "| run | prepare | commit | total | rows/s | CPU time (all threads) | DuckDB read_csv "
        "| total / read_csv |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {number} | {run.prepare:.1f} s | {run.commit:.1f} s | {run.total:.1f} s "
            f"| {UPLOAD_ROWS / run.total:,.0f} | {run.cpu:.1f} s | {run.read_csv:.2f} s "
            f"| {run.total / run.read_csv:.1f}x |"
            for number, run in enumerate(ingest_runs, 1)
        ),
        f"| median | {median_run.prepare:.1f} s | {median_run.commit:.1f} s | "
        f"{median_run.total:.1f} s | {UPLOAD_ROWS / median_run.total:,.0f} | {median_run.cpu:.1f} s "
        f"| {median_run.read_csv:.2f} s | {engine_ratio:.1f}x |",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in facts.items()),
        "",
    ]
    return "\n".join(lines)


END_OF_TABLES = "<!-- end of the tables benchmark/run.py writes; what follows is kept -->"


def with_notes_kept(tables: str, out: Path) -> str:
    """`tables` and, after END_OF_TABLES, what `out` already holds below that line."""
    earlier = out.read_text(encoding="utf-8") if out.exists() else ""
    _, marker, notes = earlier.partition(END_OF_TABLES)
    if not marker:
        notes = "\n"
    return f"{tables.rstrip()}\n\n{END_OF_TABLES}{notes}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years-small", type=int, default=1)
    parser.add_argument("--years-large", type=int, default=10)
    parser.add_argument("--warm-runs", type=int, default=11)
    parser.add_argument("--ingest-runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmark" / "results.md")
    parser.add_argument(
        "--keep", action="store_true", help="keep the stores in --data-dir and reuse them"
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT / "benchmark" / "stores")
    args = parser.parse_args()
    if args.warm_runs < 5:
        parser.error("--warm-runs must be at least 5")

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="province-benchmark-") as scratch:
        data_dir = args.data_dir if args.keep else Path(scratch)
        data_dir.mkdir(parents=True, exist_ok=True)
        measures = []
        for years in (args.years_small, args.years_large):
            path = data_dir / f"province-{years}y.duckdb"
            generated = build_store(path, years)
            measures.append(measure_status(path, years, generated, args.warm_runs))

        upload = data_dir / "upload-1m.csv"
        if not upload.exists():
            print(f"writing {upload} ...", flush=True)
            province.write_upload_file(upload, rows=UPLOAD_ROWS)
        ingest_runs = measure_ingest(upload, data_dir, args.ingest_runs)
        text = report(*measures, upload, ingest_runs, args.warm_runs, machine(load_before))

    args.out.write_text(with_notes_kept(text, args.out), encoding="utf-8")
    print()
    print(text)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
