"""Speed of the key projects at scale: 5,000 projects reported every month for five years.

    .venv/bin/python benchmark/projects.py [--store PATH] [--runs 5]

Measures, each the median of --runs:
- 项目总览's server time under AppTest through app.py (as benchmark/pages.py does): the first
  render after new data landed (cold), another session's first render (warm), and choosing one
  region in the sidebar (filter change);
- the A3 wall chart from the store to PDF bytes (the HTML, then Chromium printing it).

The store (300,000 ledger rows) is generated at --store once and reused.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
import streamlit.runtime.scriptrunner.script_runner as script_runner  # noqa: E402

from benchmark.pages import _run_app_py, _session  # noqa: E402
from tracker import sql  # noqa: E402
from tracker.projects import figures, wallchart  # noqa: E402
from tracker.store import Store  # noqa: E402

PROJECTS = 5_000
FIRST_YEAR, YEARS = 2018, 5
REGIONS = 20
UNITS = 40
PAGE = "pages/projects.py"
REGION_FILTER = "projects.regions"
DEFAULT_STORE = Path(tempfile.gettempdir()) / "tracker-projects-5y.duckdb"
AIMS = {"page": 1.0, "wallchart": 15.0}


def _month_ends() -> list[date]:
    ends = pd.date_range(f"{FIRST_YEAR}-01-01", periods=YEARS * 12, freq="ME")
    return [d.date() for d in ends]


def generate(path: Path, seed: int = 7) -> Store:
    """One batch per month, each reporting every project: invested rises through each year."""
    rng = np.random.default_rng(seed)
    store = Store.open(path)
    codes = [f"XM{i:05d}" for i in range(1, PROJECTS + 1)]
    regions = [f"第{(i % REGIONS) + 1:02d}区" for i in range(PROJECTS)]
    units = [f"责任单位{(i % UNITS) + 1:02d}" for i in range(PROJECTS)]
    plan = rng.integers(500, 50_000, PROJECTS).astype(float)
    pace = rng.uniform(0.4, 1.3, PROJECTS)
    start = pd.to_datetime(f"{FIRST_YEAR}-01-01") + pd.to_timedelta(
        rng.integers(-400, YEARS * 365, PROJECTS), unit="D"
    )
    planned_start = start - pd.to_timedelta(rng.integers(0, 120, PROJECTS), unit="D")
    planned_finish = planned_start + pd.to_timedelta(rng.integers(300, 1500, PROJECTS), unit="D")
    with store.transaction() as cur:
        identities = pd.DataFrame({"region": regions, "code": codes})
        cur.register("identities", identities)
        cur.execute(
            "insert into projects (match_key, region, code, created_batch) "
            "select region || chr(31) || code, region, code, 1 from identities"
        )
        cur.unregister("identities")
        for month_end in _month_ends():
            batch_id = cur.execute(
                sql.load("projects/batch_insert"),
                {
                    "uploaded_at": pd.Timestamp(month_end),
                    "uploaded_by": "benchmark",
                    "file_name": f"{month_end:%Y-%m}.csv",
                    "sha256": f"{month_end}",
                    "row_count": PROJECTS,
                    "original": None,
                },
            ).fetchone()[0]
            day = pd.Timestamp(month_end)
            started = start <= day
            share = month_end.month / 12
            rows = pd.DataFrame(
                {
                    "match_key": [f"{r}\x1f{c}" for r, c in zip(regions, codes, strict=True)],
                    "source_row": np.arange(PROJECTS) + 2,
                    "as_of": day,
                    "year": month_end.year,
                    "name": [f"{r}重点项目{c}" for r, c in zip(regions, codes, strict=True)],
                    "nature": "续建",
                    "scope": None,
                    "total_investment": plan * 3,
                    "annual_plan": plan,
                    "invested": np.where(started, np.round(plan * share * pace), 0.0),
                    "monthly_plan": None,
                    "progress": "主体结构施工",
                    "stage": np.where(started, "在建", "储备"),
                    "planned_start": planned_start,
                    "actual_start": pd.Series(start).where(started),
                    "planned_finish": planned_finish,
                    "actual_finish": pd.Series(planned_finish).where(planned_finish <= day),
                    "lead_unit": units,
                    "leader": None,
                    "problems": None,
                }
            )
            rows.loc[
                rows["actual_finish"].notna() & rows["actual_start"].isna(), "actual_start"
            ] = rows["planned_start"]
            cur.register("incoming", rows)
            cur.execute(sql.load("projects/reports_insert"), {"batch_id": batch_id})
            cur.unregister("incoming")
        store.bump_data_version(cur)
    return store


def _timed(run) -> tuple[float, float]:
    """Wall-clock and CPU seconds (all threads of this process) of one call. On a shared
    machine the wall clock also counts waiting for a core; the CPU time does not."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def measure_page(runs: int) -> dict[str, tuple[float, float]]:
    times = {"cold": [], "warm": [], "change": []}
    for _ in range(runs):
        at = _session(PAGE)
        st.cache_data.clear()
        times["cold"].append(_timed(at.run))
        at = _session(PAGE)
        times["warm"].append(_timed(at.run))
        regions = at.multiselect(key=REGION_FILTER)
        regions.set_value([regions.options[0]])
        times["change"].append(_timed(at.run))
        if at.exception:
            raise RuntimeError(f"the page raised: {[e.value for e in at.exception]}")
    return {name: _medians(values) for name, values in times.items()}


def measure_wallchart(store: Store, runs: int) -> dict[str, tuple[float, float]]:
    """The HTML in process; the printing's CPU time is Chromium's (its child processes)."""
    as_of = figures.latest_date(store)
    html, printed, total = [], [], []
    for _ in range(runs):
        built: list[str] = []
        html.append(_timed(lambda built=built: built.append(wallchart.build_html(store, as_of))))
        before = os.times()
        wall = _timed(lambda page=built[0]: wallchart.print_pdf(page))[0]
        after = os.times()
        chromium_cpu = (after.children_user + after.children_system) - (
            before.children_user + before.children_system
        )
        printed.append((wall, chromium_cpu))
        total.append((html[-1][0] + wall, html[-1][1] + chromium_cpu))
    return {"html": _medians(html), "print": _medians(printed), "total": _medians(total)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if not args.store.exists():
        print(f"generating {args.store} ...", file=sys.stderr)
        generate(args.store).close()
    store = Store.open(args.store)
    rows = store.cursor().execute("select count(*) from project_reports").fetchone()[0]
    chart = measure_wallchart(store, args.runs)
    store.close()

    os.environ["TRACKER_DB"] = str(args.store)
    os.environ["TRACKER_DEMO_ON_EMPTY"] = "false"
    script_runner._mpa_v1 = _run_app_py
    st.cache_data.clear()
    st.cache_resource.clear()
    _session(PAGE).run()  # open the file and import everything once
    page = measure_page(args.runs)

    def ms(pair: tuple[float, float]) -> str:
        return f"{pair[0] * 1000:,.0f} ms | {pair[1] * 1000:,.0f} ms"

    print(
        f"{PROJECTS:,} projects, {rows:,} ledger rows ({YEARS} years, monthly); median of {args.runs}."
    )
    print(f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n")
    print("| measure | wall clock | CPU | aim (wall clock) |\n|---|---:|---:|---|")
    for name, value in page.items():
        verdict = "met" if value[0] < AIMS["page"] else "**not met**"
        print(f"| 项目总览 server time, {name} | {ms(value)} | < 1 s: {verdict} |")
    print(f"| 作战图 HTML (figures, charts, Plotly inlined) | {ms(chart['html'])} | |")
    print(f"| 作战图 printed by Chromium | {ms(chart['print'])} | |")
    verdict = "met" if chart["total"][0] < AIMS["wallchart"] else "**not met**"
    print(f"| 作战图, store to PDF | {ms(chart['total'])} | < 15 s: {verdict} |")


if __name__ == "__main__":
    main()
