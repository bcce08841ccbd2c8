"""What sessions share: the cached answers of the leaders' pages, never changed by one, and
the turns at running a page."""

from __future__ import annotations

import logging
import threading
import time

import pytest
import streamlit as st

from tracker.progress.status import Thresholds
from ui import context, data


@pytest.fixture(autouse=True)
def fresh_caches():
    # Outside a Streamlit server the caches warn that no script is running; that is expected.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_a_page_changing_its_answer_leaves_the_cached_one_alone(demo_store):
    version = demo_store.data_version()
    as_of = data.snapshot_dates(demo_store, version, data.years(demo_store, version)[-1])[-1]
    first = data.status(demo_store, version, as_of, Thresholds())
    expected = first.copy(deep=True)

    first["indicator"] = "changed by one page"
    first.loc[first.index[0], "annual_target"] = -1.0

    again = data.status(demo_store, version, as_of, Thresholds())
    assert not again.empty
    assert again.equals(expected)


def test_clearing_asks_the_store_again(demo_store, monkeypatch):
    version = demo_store.data_version()
    asked = []
    monkeypatch.setattr(data.metrics, "years", lambda store: asked.append(1) or [2022])

    data.years(demo_store, version)
    data.years(demo_store, version)
    data.clear()
    data.years(demo_store, version)

    assert len(asked) == 2


def test_only_a_few_script_runs_go_on_at_once():
    inside, most = [0], [0]
    lock = threading.Lock()

    def page_run() -> None:
        with context.run_slot():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            with lock:
                inside[0] -= 1

    crowd = [threading.Thread(target=page_run) for _ in range(3 * context.RUNS_AT_ONCE)]
    for thread in crowd:
        thread.start()
    for thread in crowd:
        thread.join(timeout=10)

    assert most[0] == context.RUNS_AT_ONCE
    assert inside[0] == 0
