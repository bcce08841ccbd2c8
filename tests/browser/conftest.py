"""Headless Chromium against `streamlit run` on localhost, started and stopped by the tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser

# Expectations retry until this; a fresh CI machine draws pages slower than a warm one.
expect.set_options(timeout=20_000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(db_path: Path, log_path: Path | None = None, **env_overrides: str):
    """`streamlit run app.py` on a free port with its own store; yields the base URL. The
    server's output goes to `log_path` when given (for a test to read), else to a pipe."""
    port = _free_port()
    env = {**os.environ, "TRACKER_DB": str(db_path), **env_overrides}
    log = log_path.open("wb") if log_path is not None else None
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log or subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                    if reply.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                if log is not None:
                    log.flush()
                    output = log_path.read_text(errors="replace")
                else:
                    output = process.stdout.read().decode(errors="replace")
                raise RuntimeError(f"streamlit did not start:\n{output}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if log is not None:
            log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        # a failure, not a skip: a suite that passes without its browser tests proves too little
        pytest.fail("chromium is not installed: bash scripts/test.sh installs it (apt chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    yield opened
    context.close()


def wait_for_app(page, timeout_ms: int = 30_000) -> None:
    """Until Streamlit has run the script and stayed idle for a whole second from now.

    The app root says whether the script is running (data-test-script-state); a run that ends
    in a rerun shows "running" again, so idleness must last.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.evaluate("() => { window.__trackerIdleSince = null; }")  # idle from this call on
    page.wait_for_function(
        """() => {
            const now = Date.now();
            const app = document.querySelector('[data-testid="stApp"]');
            const idle = app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-testid="stStatusWidget"]');
            if (!idle) {
                window.__trackerIdleSince = null;
                return false;
            }
            window.__trackerIdleSince = window.__trackerIdleSince || now;
            return now - window.__trackerIdleSince > 1000;
        }""",
        polling=200,
        timeout=timeout_ms,
    )
