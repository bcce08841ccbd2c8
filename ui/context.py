"""The process's store and settings, shared by every session of the app."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from tracker import demo
from tracker.settings import Settings
from tracker.store import Store, StoreBusy


@st.cache_resource
def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource
def store() -> Store:
    """One DuckDB connection per process; every reader takes its own cursor from it."""
    try:
        opened = Store.open()
    except StoreBusy:
        # Not cached: the next visit tries again, and opens once the other program is done.
        st.error(
            "数据库文件正被另一个程序（例如正在运行的命令行导入）占用，看板暂时无法打开。"
            "请等它结束后刷新页面；如一直如此，请联系管理员。",
            icon=":material/lock:",
        )
        st.stop()
    if settings().demo_on_empty_store:
        demo.load_if_empty(opened)
    return opened


# How many script runs go on at once. Past a few, more threads only share the same cores and the
# one interpreter lock: every page of a crowd then finishes late, each holding its frames in
# memory all the while. The others wait their turn, first come first served.
RUNS_AT_ONCE = 4


@st.cache_resource
def _run_slots() -> threading.Semaphore:
    return threading.Semaphore(RUNS_AT_ONCE)


@contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the process's run slots for the duration of a script run."""
    slots = _run_slots()
    slots.acquire()
    try:
        yield
    finally:
        slots.release()
