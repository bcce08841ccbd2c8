"""Time to the first chart in the browser: each leaders' page beside a bare page with one chart.

    .venv/bin/python benchmark/first_chart.py [--province PATH] [--rounds 5] [--skip-province]

Starts `streamlit run` three times on free localhost ports (a bare page holding one Plotly chart,
the app on the demo store, the app on the province store) and opens each page in headless
Chromium, taking turns round by round so that other work on the machine weighs on all alike.
Each visit is a new browser context, as a leader opening the link from a message. Times are read
in the page (performance.now(), from the start of navigation):

- first message: the first websocket message from the server;
- first element: the first element of the page's body on screen;
- chart element: the chart's container in the page (its message has arrived);
- chart drawn: Plotly has drawn the chart's traces.

Medians over the rounds. The aim: each page's chart drawn within 1.3x of the bare page's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmark import load, pages  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LEADER_PAGES = {
    "总览 Overview": "",
    "任务进度 Task progress": "task_progress",
    "单位排名 Units": "units",
    "地区对比 Regions": "regions",
}
AIM = 1.3
TIMEOUT_MS = 60_000
BARE_APP = """
import plotly.graph_objects as go
import streamlit as st

names = [f"指标{i}" for i in range(40)]
fig = go.Figure(go.Bar(x=[(i * 37) % 100 for i in range(40)], y=names, orientation="h"))
fig.update_layout(height=900)
st.plotly_chart(fig, width="stretch", theme=None)
"""
# Installed before any script of the page runs: note when the server first answers over the
# websocket, and when the first element, the chart's container and the chart's traces appear.
TIMING_SCRIPT = """
(() => {
  const t = (window.__firstChart = {bytes: 0});
  const Native = window.WebSocket;
  function Timed(url, protocols) {
    const ws = new Native(url, protocols);
    ws.addEventListener("message", (event) => {
      t.firstMessage = t.firstMessage || performance.now();
      t.bytes += event.data.byteLength || event.data.size || 0;
    });
    return ws;
  }
  Timed.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Timed[name] = Native[name];
  window.WebSocket = Timed;
  const look = () => {
    const now = performance.now();
    if (!t.firstElement && document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]'))
      t.firstElement = now;
    if (!t.chartElement && document.querySelector('[data-testid="stPlotlyChart"]')) {
      t.chartElement = now;
      t.bytesAtChartElement = t.bytes;
    }
    if (!t.chart && document.querySelector('.js-plotly-plot g.trace')) {
      t.chart = now;
      t.bytesAtChart = t.bytes;
    }
  };
  new MutationObserver(look).observe(document, {childList: true, subtree: true});
})();
"""
MEASURES = ("firstMessage", "firstElement", "chartElement", "chart")


def visit(browser, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        context.add_init_script(TIMING_SCRIPT)
        page = context.new_page()
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_function(
                "() => window.__firstChart && window.__firstChart.chart", timeout=TIMEOUT_MS
            )
        except PlaywrightTimeout:
            print(f"no chart within {TIMEOUT_MS // 1000} s: {url}", file=sys.stderr)
            return {}
        return page.evaluate("() => window.__firstChart")
    finally:
        context.close()


def measure(targets: dict[str, str], rounds: int) -> dict[str, list[dict[str, float]]]:
    results: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for url in targets.values():  # once each: the servers import and cache
                visit(browser, url)
            for round_number in range(rounds):
                print(f"round {round_number + 1} of {rounds} ...", file=sys.stderr)
                for name, url in targets.items():
                    results[name].append(visit(browser, url))
        finally:
            browser.close()
    return results


def table(results: dict[str, list[dict[str, float]]], rounds: int) -> str:
    bare = statistics.median(r["chart"] for r in results["bare"] if r)
    lines = [
        f"Milliseconds from navigation, median of {rounds} visits; ratio = chart drawn / bare page's.",
        "",
        "| page | first message | first element | chart element | chart drawn | ratio | kB before the chart | aim < 1.3x |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, all_visits in results.items():
        visits = [v for v in all_visits if v]
        if not visits:
            lines.append(f"| {name} | | | | no chart within {TIMEOUT_MS // 1000} s | | | **no** |")
            continue
        medians = {m: statistics.median(v[m] for v in visits) for m in MEASURES}
        kilobytes = statistics.median(v["bytesAtChart"] for v in visits) / 1024
        ratio = medians["chart"] / bare
        verdict = "" if name == "bare" else ("yes" if ratio < AIM else "**no**")
        lines.append(
            f"| {name} | {medians['firstMessage']:,.0f} | {medians['firstElement']:,.0f} "
            f"| {medians['chartElement']:,.0f} | {medians['chart']:,.0f} | {ratio:.2f}x "
            f"| {kilobytes:,.0f} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--province", type=Path, default=pages.DEFAULT_PROVINCE)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-province", action="store_true")
    args = parser.parse_args()

    servers = []
    with tempfile.TemporaryDirectory(prefix="tracker-first-chart-") as folder:
        work = Path(folder)
        bare_app = work / "bare.py"
        bare_app.write_text(BARE_APP, encoding="utf-8")
        stores = {"demo": pages.demo_store(work)}
        if not args.skip_province:
            stores["province"], _ = load.prepare_store(args.province, work, with_admin=False)
        try:
            server, base = load.start_server(None, work / "bare.log", app=bare_app)
            servers.append(server)
            targets = {"bare": base + "/"}
            for store_name, db in stores.items():
                server, base = load.start_server(db, work / f"{store_name}.log")
                servers.append(server)
                for page_name, path in LEADER_PAGES.items():
                    targets[f"{page_name}, {store_name}"] = f"{base}/{path}"
            started = time.perf_counter()
            results = measure(targets, args.rounds)
            print(f"measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        finally:
            for server in servers:
                load.stop_server(server)
    print(table(results, args.rounds))


if __name__ == "__main__":
    main()
