"""Server time of the leaders' pages: each page's first render and a filter change, in process.

    .venv/bin/python benchmark/pages.py [--province PATH] [--runs 5] [--skip-province]

Each page runs through app.py under Streamlit's AppTest, so the time is that of the script run on
the server (the store's queries, the tables and figures, and Streamlit's messages), without the
network and the browser's drawing. Three times per page, each the median of --runs sessions:

- first render, cold: a session opens the page just after new data landed (every cached query
  result is invalid, as after an upload or an undo);
- first render, warm: another session opens the page with the cached results in place;
- filter change: in that session, one lead unit is chosen in the sidebar.

The demo store is built from data/demo; the province store (200 regions x 100 indicators, weekly
for ten years, 10.4 million snapshot rows) is made by benchmark/province.py at --province once
and reused by later runs.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script from the project root: make `tracker`, `ui` and `benchmark` importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
import streamlit.runtime.scriptrunner.script_runner as script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmark import province  # noqa: E402
from tracker import demo  # noqa: E402
from tracker.store import Store  # noqa: E402
from ui import data  # noqa: E402

PAGES = {
    "总览 Overview": "pages/overview.py",
    "任务进度 Task progress": "pages/task_progress.py",
    "单位排名 Units": "pages/units.py",
    "地区对比 Regions": "pages/regions.py",
}
UNIT_FILTER = "filters.lead_units.widget"
AIMS = {"demo": 0.3, "province": 1.0}
DEFAULT_PROVINCE = Path(tempfile.gettempdir()) / "tracker-province-10y.duckdb"


def _run_app_py(main_script_path: str) -> None:
    # A server leaves Streamlit's legacy pages/ mode on its first run (see ui.auth.guard);
    # AppTest enters it on every run, so each run here goes straight to app.py as on a server.
    code = compile(Path(main_script_path).read_text(encoding="utf-8"), main_script_path, "exec")
    exec(code, {"__name__": "__main__", "__file__": main_script_path})


def _timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the page raised: {[e.value for e in at.exception]}")
    return elapsed


def _session(page: str) -> AppTest:
    """A new session that has opened the overview, ready to switch to `page`."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.switch_page(page)
    return at


def measure_page(page: str, runs: int) -> dict[str, float]:
    cold, warm, change = [], [], []
    for _ in range(runs):
        at = _session(page)
        data.clear()  # as after an upload: data_version moved, nothing cached applies
        cold.append(_timed_run(at))
        at = _session(page)
        warm.append(_timed_run(at))
        units = at.multiselect(key=UNIT_FILTER)
        units.set_value([units.options[0]])
        change.append(_timed_run(at))
    return {
        "cold": statistics.median(cold),
        "warm": statistics.median(warm),
        "change": statistics.median(change),
    }


def measure_store(path: Path, runs: int) -> dict[str, dict[str, float]]:
    os.environ["TRACKER_DB"] = str(path)
    os.environ["TRACKER_DEMO_ON_EMPTY"] = "false"
    st.cache_data.clear()
    st.cache_resource.clear()
    _session(PAGES["总览 Overview"]).run()  # open the file and import everything once
    return {name: measure_page(page, runs) for name, page in PAGES.items()}


def demo_store(folder: Path) -> Path:
    path = folder / "demo.duckdb"
    built = Store.open(path)
    for _ in demo.load(built):
        pass
    built.close()
    return path


def province_store(path: Path) -> Path:
    if not path.exists():
        print(f"generating the province store at {path} (ten years, once) ...", file=sys.stderr)
        province.generate(path, years=10).close()
    return path


def store_size(path: Path) -> str:
    opened = Store.open(path)
    try:
        cur = opened.cursor()
        rows = cur.execute("select count(*) from snapshots").fetchone()[0]
        indicators = cur.execute("select count(*) from indicators").fetchone()[0]
    finally:
        opened.close()
    return f"{rows:,} snapshot rows, {indicators:,} indicators"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def table(results: dict[str, dict[str, dict[str, float]]], sizes: dict[str, str], runs: int) -> str:
    lines = [
        f"Server time per page (median of {runs} sessions; AppTest in process).",
        "",
        "| page | store | first render, cold | first render, warm | filter change | aim |",
        "|---|---|---:|---:|---:|---|",
    ]
    for store_name, pages in results.items():
        aim = AIMS[store_name]
        for page, times in pages.items():
            worst = max(times.values())
            verdict = "yes" if worst < aim else "**no**"
            lines.append(
                f"| {page} | {store_name} | {_ms(times['cold'])} | {_ms(times['warm'])} "
                f"| {_ms(times['change'])} | < {aim:g} s: {verdict} |"
            )
    lines.append("")
    for store_name, size in sizes.items():
        lines.append(f"- {store_name}: {size}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--province", type=Path, default=DEFAULT_PROVINCE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-province", action="store_true")
    args = parser.parse_args()

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    script_runner._mpa_v1 = _run_app_py
    results, sizes = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        stores = {"demo": demo_store(Path(folder))}
        if not args.skip_province:
            stores["province"] = province_store(args.province)
        for name, path in stores.items():
            sizes[name] = store_size(path)
            print(f"measuring {name} ({sizes[name]}) ...", file=sys.stderr)
            results[name] = measure_store(path, args.runs)
    print(table(results, sizes, args.runs))


if __name__ == "__main__":
    main()
