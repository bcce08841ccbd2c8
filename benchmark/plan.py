"""Status and reporting at province scale with a plan: 20,000 plan indicators, 10 years of weekly
snapshots (benchmark/province.py), the plan of the last year checked, saved and then read by the
status query, the reporting cycle and the 报送情况 page (its server time under AppTest in process,
as benchmark/pages.py measures the leaders' pages).

    .venv/bin/python benchmark/plan.py [--runs 7] [--out benchmark/results-plan.md]
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

# Run as a script from the project root: make `tracker` and `benchmark` importable.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import streamlit.runtime.scriptrunner.script_runner as script_runner  # noqa: E402

from benchmark import pages, province  # noqa: E402
from tracker.plan import plans, reporting  # noqa: E402
from tracker.progress import metrics  # noqa: E402
from tracker.store import Store  # noqa: E402
from ui import data  # noqa: E402

AS_OF = date(province.LAST_YEAR, 9, 26)  # a Friday, when the weekly reports are in force


def timed(action, runs: int) -> tuple[float, float, float, object]:
    """(first run, median of the further runs, median CPU time of the further runs) in seconds,
    and the last result. CPU time is the process's, all of DuckDB's threads counted: on a busy
    machine it says more than the wall clock."""
    start, cpu_start = time.perf_counter(), time.process_time()
    result = action()
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    warm, cpu = [], []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = action()
        warm.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    if not warm:
        return first, first, first_cpu, result
    return first, statistics.median(warm), statistics.median(cpu), result


def reporting_page(path: Path, runs: int) -> tuple[float, float]:
    """The 报送情况 page's server time on the store at `path` (median of `runs` sessions): its
    first render just after new data landed (nothing cached applies) and in a later session."""
    os.environ["TRACKER_DB"] = str(path)
    os.environ["TRACKER_DEMO_ON_EMPTY"] = "false"
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    script_runner._mpa_v1 = pages._run_app_py
    page = "pages/reporting.py"
    pages._session(page).run()  # open the file and import everything once
    cold, warm = [], []
    for _ in range(runs):
        at = pages._session(page)
        data.clear()
        cold.append(pages._timed_run(at))
        warm.append(pages._timed_run(pages._session(page)))
    return statistics.median(cold), statistics.median(warm)


def plan_sheet(store: Store, year: int) -> pd.DataFrame:
    """The year's indicators as an office would type its plan: Chinese headers, weekly reports."""
    frame = (
        store.cursor()
        .execute(
            """
        select i.region as 所属地区, i.task as 任务名称, i.indicator as 指标名称,
               i.unit as 计量单位, i.lead_unit as 牵头单位, any_value(s.annual_target) as 年度目标,
               case i.direction when 'lower' then '越小越好' else '越大越好' end as 指标方向
        from indicators i join snapshots s using (indicator_id)
        where s.year = $year
        group by all
        order by min(i.indicator_id)
        """,
            {"year": year},
        )
        .df()
    )
    frame["年度目标"] = frame["年度目标"].map(lambda v: f"{v:.10g}")
    frame["报送频次"] = "周报"
    return frame.astype(str)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmark" / "results-plan.md")
    parser.add_argument("--regions", type=int, default=200, help="fewer for a quick trial")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="plan-benchmark-") as scratch:
        path = Path(scratch) / "province-10y.duckdb"
        print("generating 10 years of the province ...", flush=True)
        store = province.generate(path, years=10, regions=args.regions)
        year = province.LAST_YEAR
        _, without_plan, without_cpu, before = timed(
            lambda: metrics.indicator_status(store, AS_OF), args.runs
        )
        sheet = plan_sheet(store, year)
        check_seconds, _, check_cpu, checked = timed(lambda: plans.check_table(sheet, year), 0)
        assert checked.accepted, checked.problems.head()
        start = time.perf_counter()
        plans.save(store, checked, "benchmark")
        save_seconds = time.perf_counter() - start
        first, with_plan, with_cpu, status = timed(
            lambda: metrics.indicator_status(store, AS_OF), args.runs
        )
        assert len(status) == len(before) == len(checked.items)
        now = datetime(year, 10, 20)
        round_first, round_median, round_cpu, units = timed(
            lambda: reporting.reporting_by_unit(store, year, 9, now=now), args.runs
        )
        year_first, year_median, year_cpu, _ = timed(
            lambda: reporting.on_time_trend(store, year, now=now), args.runs
        )
        rows = store.cursor().execute("select count(*) from snapshots").fetchone()[0]
        store.close()
        page_cold, page_warm = reporting_page(path, args.runs)
    load_after = os.getloadavg()[0]

    lines = [
        "# Status and reporting with a plan at province scale",
        "",
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {load_before:.1f} before the run "
        f"and {load_after:.1f} after it, "
        f"{date.today()}. Generated by `benchmark/plan.py`: {rows:,} snapshot rows (10 years of "
        f"weekly reports), a {year} plan of {len(checked.items):,} indicators, weekly reporting.",
        "",
        "| measure | first run | median of further runs | CPU, median |",
        "|---|---:|---:|---:|",
        f"| status of all indicators, no plan (`metrics.indicator_status`, as of {AS_OF}) | | "
        f"{without_plan * 1000:.0f} ms | {without_cpu * 1000:.0f} ms |",
        f"| status of all indicators with the plan (kinds, plan targets, 未报送 from the plan) | "
        f"{first * 1000:.0f} ms | {with_plan * 1000:.0f} ms | {with_cpu * 1000:.0f} ms |",
        f"| plan check of {len(sheet):,} rows (`plans.check_table`) | {check_seconds:.1f} s | | "
        f"{check_cpu:.1f} s |",
        f"| plan save (`plans.save`) | {save_seconds:.1f} s | | |",
        f"| reporting round {year}-09: {len(units):,} unit-period rows "
        f"(`reporting.reporting_by_unit`) | {round_first * 1000:.0f} ms | "
        f"{round_median * 1000:.0f} ms | {round_cpu * 1000:.0f} ms |",
        f"| on-time trend of the year (`reporting.on_time_trend`, every round) | "
        f"{year_first * 1000:.0f} ms | {year_median * 1000:.0f} ms | {year_cpu * 1000:.0f} ms |",
        f"| 报送情况 page, first render after new data / in a later session (server time) | "
        f"{page_cold * 1000:.0f} ms | {page_warm * 1000:.0f} ms | |",
        "",
    ]
    text = "\n".join(lines)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
