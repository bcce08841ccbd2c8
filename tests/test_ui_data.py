"""What sessions share: the cached answers of the leaders' pages, never changed by one, and
the turns at running a page."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

import pytest
import streamlit as st

from tracker.plan import reporting
from tracker.plan.reporting import ReportingRules
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


def test_the_year_of_reporting_is_counted_once_per_data_version_and_hour(demo_store, monkeypatch):
    counted = []
    year_counts = data.reporting.year_counts
    monkeypatch.setattr(
        data.reporting,
        "year_counts",
        lambda store, year, **kw: counted.append(year) or year_counts(store, year, **kw),
    )
    rules, version = ReportingRules(), demo_store.data_version()
    ten, eleven = datetime(2026, 11, 29, 10), datetime(2026, 11, 29, 11)

    first = data.reporting_counts(demo_store, version, 2022, rules, ten)
    data.reporting_counts(demo_store, version, 2022, rules, ten)  # the trend, then the ranking
    data.reporting_counts(demo_store, version, 2022, rules, eleven)  # a deadline may have passed
    data.reporting_counts(demo_store, version + 1, 2022, rules, eleven)  # a report landed

    assert counted == [2022, 2022, 2022]
    assert reporting.trend_of(first).set_index("round").loc["2022-09", "rate"] == pytest.approx(0.9)
    assert data.reporting_hour().minute == 0


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
