"""Monday morning: many leaders' sessions at once against `streamlit run`, an upload landing midway.

    .venv/bin/python benchmark/load.py --sessions 30 [--spread 60] [--store PATH] [--upload]

Starts `streamlit run app.py` on a free localhost port against a copy of the province store
(benchmark/province.py builds it at --store once; later runs reuse it) and drives N sessions
through Streamlit's own websocket protocol, the BackMsg/ForwardMsg protobufs a browser exchanges
with the server. The sessions arrive evenly over --spread seconds (default 60: dozens of leaders
opening the overview within the same minute); --spread 0 starts them all at the same instant, the
worst case. Each session opens the overview, chooses one lead unit in the sidebar and opens task
progress; a page's time runs from the request to the last script-finished message
of its run (the server's work and the transfer of every element, not the browser's drawing).

With --upload, an administrator's session signs in, opens the upload page and, once half of the
leaders' pages are done, sends a file of 100,000 rows (the five first Fridays of the year after the
store's last, 20,000 indicators) exactly as the browser does: over HTTP to Streamlit's upload
endpoint, then the page's own check and its "确认入库" button, in the server process. Every leader
session then opens its page once more and must be offered the new year.

The server's peak memory is its VmHWM from /proc. Prints a summary, then, last, one JSON line:
{"sessions", "spread_s", "p50_ms", "p95_ms", "errors", "peak_rss_mb", ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import duckdb
import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmark import province  # noqa: E402
from tracker.store import Store  # noqa: E402

DEFAULT_STORE = Path(tempfile.gettempdir()) / "tracker-province-10y.duckdb"
UPLOAD_ROWS = 100_000
PAGE_TIMEOUT_S = 180
UPLOAD_TIMEOUT_S = 600
ADMIN = "loadbench"
ADMIN_PASSWORD = "Load-bench-2026!"
DONE = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)


@dataclass
class Visit:
    step: str
    started: float  # seconds since the load began
    ms: float
    error: str = ""


@dataclass
class Run:
    """What one script run sent: widgets by key, alerts, and whether it raised."""

    widgets: dict[str, object] = field(default_factory=dict)
    alerts: list[object] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)


def _key_of(widget_id: str) -> str:
    # Widget ids read "$$ID-<hash>-<user key>"; the key is what the page code names.
    return widget_id.split("-", 2)[2] if widget_id.count("-") >= 2 else widget_id


class Session:
    """One browser tab's conversation with the server, over its websocket."""

    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.query_string = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.session_id = ""

    @classmethod
    async def open(cls, base: str, xsrf: str = "") -> Session:
        protocols = ["streamlit", xsrf] if xsrf else ["streamlit"]
        headers = {"Cookie": f"_streamlit_xsrf={xsrf}"} if xsrf else None
        ws = await websockets.connect(
            base.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=protocols,
            additional_headers=headers,
            max_size=None,
            ping_interval=None,
        )
        return cls(ws)

    async def run(self, page: str = "", widgets: list | None = None) -> Run:
        """Ask for a script run of `page` (url path, "" for the default) as the browser does."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        if page:
            state.page_script_hash = self.pages[page]
            state.page_name = page
        for widget in widgets or ():
            state.widget_states.widgets.append(widget)
        await self.ws.send(back.SerializeToString())
        return await asyncio.wait_for(self._until_finished(), PAGE_TIMEOUT_S)

    async def _until_finished(self) -> Run:
        run = Run()
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                name = element.WhichOneof("type")
                body = getattr(element, name)
                if name == "exception":
                    run.exceptions.append(f"{body.type}: {body.message}")
                elif name == "alert":
                    run.alerts.append(body)
                elif getattr(body, "id", ""):
                    run.widgets[_key_of(body.id)] = body
            elif kind == "script_finished":
                if (
                    msg.script_finished
                    == ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR
                ):
                    run.exceptions.append("compile error")
                    return run
                if msg.script_finished in DONE:
                    return run
                run = Run()  # finished early for a rerun: the next run's elements count

    async def close(self) -> None:
        await self.ws.close()


def _state(widget_id: str, **value) -> object:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    for name, content in value.items():
        if name == "string_array_value":
            state.string_array_value.data.extend(content)
        elif name == "file_uploader_state_value":
            state.file_uploader_state_value.CopyFrom(content)
        else:
            setattr(state, name, content)
    return state


async def _timed(session: Session, step: str, t0: float, visits: list[Visit], **kwargs) -> Run:
    started = time.perf_counter()
    try:
        run = await session.run(**kwargs)
        error = "; ".join(run.exceptions)
    except Exception as exc:  # a timeout or a dropped connection is an error of the load
        run, error = Run(), f"{type(exc).__name__}: {exc}"
    visits.append(Visit(step, started - t0, (time.perf_counter() - started) * 1000, error))
    return run


@dataclass
class Shared:
    t0: float = 0.0
    visits: list[Visit] = field(default_factory=list)
    pages_done: int = 0
    half_done: asyncio.Event = field(default_factory=asyncio.Event)
    upload_done: asyncio.Event = field(default_factory=asyncio.Event)
    half: int = 0
    new_year_seen: int = 0


async def leader(
    number: int, session: Session, shared: Shared, new_year: int | None, arrives_s: float
) -> None:
    """Arrives `arrives_s` after the load begins; overview, one lead unit chosen, task progress;
    after an upload, the page once more."""
    await asyncio.sleep(arrives_s)

    async def step(name: str, **kwargs) -> Run:
        run = await _timed(session, name, shared.t0, shared.visits, **kwargs)
        shared.pages_done += 1
        if shared.pages_done >= shared.half:
            shared.half_done.set()
        return run

    first = await step("overview")
    units = first.widgets.get("filters.lead_units.widget")
    if units is None:
        shared.visits[-1].error = shared.visits[-1].error or "no lead unit filter on the overview"
        return
    chosen = [_state(units.id, string_array_value=[units.options[number % len(units.options)]])]
    await step("filter change", widgets=chosen)
    await step("task progress", page="task_progress", widgets=chosen)
    if new_year is None:
        return
    await asyncio.wait_for(shared.upload_done.wait(), UPLOAD_TIMEOUT_S)
    after = await step("after the upload", page="task_progress", widgets=chosen)
    years = after.widgets.get("filters.year.widget")
    if years is not None and any(str(new_year) in option for option in years.options):
        shared.new_year_seen += 1


def _put_file(base: str, xsrf: str, upload_url: str, name: str, data: bytes) -> None:
    boundary = uuid.uuid4().hex
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            f'Content-Disposition: form-data; name="UploadedFile"; filename="{name}"\r\n'.encode(),
            b"Content-Type: text/csv\r\n\r\n",
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    url = upload_url if upload_url.startswith("http") else base + upload_url
    request = urllib.request.Request(
        url,
        data=body,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": xsrf,
            "Cookie": f"_streamlit_xsrf={xsrf}",
        },
    )
    with urllib.request.urlopen(request, timeout=120) as reply:
        if reply.status not in (200, 204):
            raise RuntimeError(f"upload endpoint answered {reply.status}")


@dataclass
class UploadResult:
    check_s: float = math.nan
    store_s: float = math.nan
    started: float = math.nan  # seconds since the load began
    error: str = ""


async def uploader_ready(base: str, xsrf: str) -> tuple[Session, str]:
    """An administrator's session, signed in, on the upload page; returns it and the uploader id."""
    session = await Session.open(base, xsrf)
    await session.run()
    form = await session.run(page="sign_in")
    await session.run(
        page="sign_in",
        widgets=[
            _state(form.widgets["sign_in_username"].id, string_value=ADMIN),
            _state(form.widgets["sign_in_password"].id, string_value=ADMIN_PASSWORD),
            _state(form.widgets["sign_in_submit"].id, trigger_value=True),
        ],
    )
    if "upload" not in session.pages:
        raise RuntimeError("signing in did not open the upload page")
    page = await session.run(page="upload")
    uploader = next((w for k, w in page.widgets.items() if k.startswith("upload_file_")), None)
    if uploader is None:
        raise RuntimeError("no file uploader on the upload page")
    return session, uploader.id


async def upload(
    session: Session, uploader_id: str, base: str, xsrf: str, data: bytes, shared: Shared
) -> UploadResult:
    from streamlit.proto.Common_pb2 import FileUploaderState

    result = UploadResult()
    await asyncio.wait_for(shared.half_done.wait(), UPLOAD_TIMEOUT_S)
    began = time.perf_counter()
    result.started = began - shared.t0
    try:
        name = "第1至5周全省重点任务进展.csv"
        ask = BackMsg()
        ask.file_urls_request.request_id = uuid.uuid4().hex
        ask.file_urls_request.session_id = session.session_id
        ask.file_urls_request.file_names.append(name)
        await session.ws.send(ask.SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(session.ws.recv(), PAGE_TIMEOUT_S))
            if msg.WhichOneof("type") == "file_urls_response":
                urls = msg.file_urls_response.file_urls[0]
                break
        await asyncio.to_thread(_put_file, base, xsrf, urls.upload_url, name, data)
        state = FileUploaderState()
        info = state.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        file_state = _state(uploader_id, file_uploader_state_value=state)
        checked = await session.run(page="upload", widgets=[file_state])
        result.check_s = time.perf_counter() - began
        if "upload_commit" not in checked.widgets:
            problems = [a.body for a in checked.alerts] + checked.exceptions
            raise RuntimeError(f"the file was not accepted: {problems}")
        committing = time.perf_counter()
        commit = _state(checked.widgets["upload_commit"].id, trigger_value=True)
        stored = await session.run(page="upload", widgets=[file_state, commit])
        result.store_s = time.perf_counter() - committing
        if not any(a.format == Alert.SUCCESS for a in stored.alerts):
            raise RuntimeError(f"not stored: {[a.body for a in stored.alerts] + stored.exceptions}")
    except Exception as exc:
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        shared.upload_done.set()
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _xsrf_cookie(base: str) -> str:
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as reply:
        cookie = SimpleCookie(reply.headers.get("Set-Cookie", ""))
    return cookie["_streamlit_xsrf"].value if "_streamlit_xsrf" in cookie else ""


def start_server(
    db: Path | None, log: Path, app: Path = ROOT / "app.py"
) -> tuple[subprocess.Popen, str]:
    """`streamlit run app` on a free localhost port, serving `db`; returns it and its base URL."""
    port = _free_port()
    env = {**os.environ, "TRACKER_DEMO_ON_EMPTY": "false"}
    if db is not None:
        env["TRACKER_DB"] = str(db)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.read().strip() == b"ok":
                    return server, base
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"streamlit did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.3)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return math.nan


def prepare_store(source: Path, work: Path, with_admin: bool) -> tuple[Path, int]:
    """A copy of the store to serve (the benchmark never changes `source`), and its last year."""
    if not source.exists():
        print(f"generating the province store at {source} (ten years, once) ...", file=sys.stderr)
        province.generate(source, years=10).close()
    # Bring the cached store up to the current schema once, so the server does not migrate a
    # copy of ten years of rows on its first run.
    Store.open(source).close()
    db = work / "province.duckdb"
    shutil.copyfile(source, db)
    with duckdb.connect(str(db), read_only=True) as con:
        (last_year,) = con.execute("select max(year) from snapshots").fetchone()
    if with_admin:
        subprocess.run(
            [sys.executable, "-m", "tracker", "--db", str(db), "users", "add", ADMIN]
            + ["--role", "admin", "--name", "压测管理员", "--password-stdin"],
            input=ADMIN_PASSWORD + "\n",
            text=True,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return db, last_year


async def load(
    base: str, sessions: int, spread_s: float, upload_data: bytes | None, new_year: int | None
) -> dict:
    xsrf = _xsrf_cookie(base)
    # One visit before the load, as a server that has been up since morning: the store is open
    # and the modules imported; the cached query results stay those of that one visit.
    warm = await Session.open(base)
    await warm.run()
    await warm.close()

    shared = Shared(half=math.ceil(3 * sessions / 2))
    uploading = None
    if upload_data is not None:
        uploading = await uploader_ready(base, xsrf)
    leaders = [await Session.open(base) for _ in range(sessions)]
    shared.t0 = time.perf_counter()
    tasks = [
        leader(i, s, shared, new_year, arrives_s=i * spread_s / sessions)
        for i, s in enumerate(leaders)
    ]
    if uploading is not None:
        tasks.append(upload(uploading[0], uploading[1], base, xsrf, upload_data, shared))
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    wall = time.perf_counter() - shared.t0
    for session in leaders + ([uploading[0]] if uploading else []):
        await session.close()
    failures = [f"{type(o).__name__}: {o}" for o in outcomes if isinstance(o, BaseException)]
    upload_result = next((o for o in outcomes if isinstance(o, UploadResult)), None)
    return {"shared": shared, "failures": failures, "upload": upload_result, "wall_s": wall}


def percentile(values: list[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def summary(
    sessions: int, spread_s: float, outcome: dict, peak: float, new_year: int | None
) -> dict:
    shared: Shared = outcome["shared"]
    times = [v.ms for v in shared.visits]
    errors = [v.error for v in shared.visits if v.error] + outcome["failures"]
    cpu = outcome["server_cpu_s"]
    print(
        f"{sessions} sessions arriving over {spread_s:g} s, {len(times)} pages in"
        f" {outcome['wall_s']:.1f} s; the server used"
        f" {cpu:.1f} s of CPU ({cpu / max(len(times), 1) * 1000:,.0f} ms a page), load average"
        f" {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    for step in ("overview", "filter change", "task progress", "after the upload"):
        ms = [v.ms for v in shared.visits if v.step == step]
        if ms:
            print(
                f"  {step:<17} p50 {statistics.median(ms):>7,.0f} ms  "
                f"p95 {percentile(ms, 0.95):>7,.0f} ms  max {max(ms):>7,.0f} ms",
                file=sys.stderr,
            )
    for error in errors[:5]:
        print(f"  error: {error}", file=sys.stderr)
    result = {
        "sessions": sessions,
        "spread_s": spread_s,
        "p50_ms": round(statistics.median(times)) if times else None,
        "p95_ms": round(percentile(times, 0.95)) if times else None,
        "max_ms": round(max(times)) if times else None,
        "errors": len(errors),
        "peak_rss_mb": round(peak),
        "server_cpu_ms_per_page": round(cpu / max(len(times), 1) * 1000),
    }
    done: UploadResult | None = outcome["upload"]
    if new_year is not None:
        if done is None or done.error:
            result["errors"] += 1
            print(f"  upload failed: {done.error if done else 'never ran'}", file=sys.stderr)
        else:
            during = [
                v.ms
                for v in shared.visits
                if v.started * 1000 + v.ms >= done.started * 1000
                and v.started <= done.started + done.check_s + done.store_s
            ]
            print(
                f"  upload of {UPLOAD_ROWS:,} rows at {done.started:.1f} s: check {done.check_s:.1f} s,"
                f" store {done.store_s:.1f} s; {len(during)} pages overlapped it, the slowest"
                f" {max(during, default=0):,.0f} ms; {shared.new_year_seen} of {sessions}"
                f" sessions then offered {new_year}",
                file=sys.stderr,
            )
            result.update(
                upload_check_s=round(done.check_s, 2),
                upload_store_s=round(done.store_s, 2),
                slowest_during_upload_ms=round(max(during, default=0)),
                saw_new_data=shared.new_year_seen,
            )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, required=True)
    parser.add_argument(
        "--spread",
        type=float,
        default=60.0,
        help="seconds over which the sessions arrive, evenly; 0: all at the same instant",
    )
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--upload", action="store_true", help=f"{UPLOAD_ROWS:,} rows land midway")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 200:
        parser.error("--sessions must be between 1 and 200")
    if args.spread < 0:
        parser.error("--spread must be 0 or more seconds")

    with tempfile.TemporaryDirectory(prefix="tracker-load-") as folder:
        work = Path(folder)
        db, last_year = prepare_store(args.store, work, with_admin=args.upload)
        new_year = last_year + 1 if args.upload else None
        upload_data = None
        if args.upload:
            upload_file = work / "upload.csv"
            province.write_upload_file(upload_file, rows=UPLOAD_ROWS, year=new_year)
            upload_data = upload_file.read_bytes()
        server, base = start_server(db, work / "server.log")
        try:
            cpu_before = cpu_seconds(server.pid)
            outcome = asyncio.run(load(base, args.sessions, args.spread, upload_data, new_year))
            outcome["server_cpu_s"] = cpu_seconds(server.pid) - cpu_before
            peak = peak_rss_mb(server.pid)
        finally:
            stop_server(server)
        result = summary(args.sessions, args.spread, outcome, peak, new_year)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
