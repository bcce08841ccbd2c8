"""Stores with known data, built in one place for every test that needs one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tracker import demo
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path):
    """An empty, migrated store of the test's own."""
    opened = Store.open(tmp_path / "tracker.duckdb")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory) -> Path:
    """A store file holding the demo bureau, built once per test run; copy it before writing."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    built = Store.open(path)
    for _ in demo.load(built):
        pass
    built.close()
    return path


@pytest.fixture
def demo_store(demo_db_file, tmp_path):
    """The demo bureau in a store of the test's own, free to write to."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    opened = Store.open(path)
    yield opened
    opened.close()


@pytest.fixture
def make_app(monkeypatch):
    """An AppTest of app.py on the given store file, with fresh Streamlit caches and settings.

    `TRACKER_*` settings are passed as keyword arguments, e.g. TRACKER_DEMO_ON_EMPTY="false".
    """
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    # AppTest puts Streamlit back into its legacy pages/ mode before every run, which a server
    # leaves for good on its first run (see ui.auth.guard); runs here go through app.py as on a
    # server that has served a page, and tests of the cold-server case run a page file directly.
    original_init = PagesManager.__init__

    def init_as_served(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_as_served)

    def make(db_path: Path, **settings: str) -> AppTest:
        monkeypatch.setenv("TRACKER_DB", str(db_path))
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        st.cache_data.clear()
        st.cache_resource.clear()
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)

    return make
