"""Stores with known data, built in one place for every test that needs one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tracker import demo
from tracker.access import accounts, audit
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


def _open_copy(source: Path, folder: Path) -> Store:
    path = folder / source.name
    shutil.copy(source, path)
    return Store.open(path)


@pytest.fixture
def demo_store(demo_db_file, tmp_path):
    """The demo bureau in a store of the test's own, free to write to."""
    opened = _open_copy(demo_db_file, tmp_path)
    yield opened
    opened.close()


# The demo bureau's accounts in the page tests: an admin, zhang (staff of 建设管理科) and a leader.
PASSWORDS = {
    "admin": "admin password 1",
    "zhang": "staff password 1",
    "leader": "viewer password 1",
}


def add_accounts(store: Store) -> None:
    accounts.add_user(store, "admin", PASSWORDS["admin"], "admin", "王管理")
    accounts.add_user(store, "zhang", PASSWORDS["zhang"], "staff", "张三", units=["建设管理科"])
    accounts.add_user(store, "leader", PASSWORDS["leader"], "viewer", "李局长")


@pytest.fixture(scope="session")
def accounts_db_file(demo_db_file, tmp_path_factory) -> Path:
    """The demo bureau with the accounts of PASSWORDS, hashed once per run (argon2 is
    deliberately slow); copy it before writing."""
    path = tmp_path_factory.mktemp("accounts") / "demo_accounts.duckdb"
    shutil.copy(demo_db_file, path)
    built = Store.open(path)
    add_accounts(built)
    built.close()
    return path


@pytest.fixture
def app_store(accounts_db_file, tmp_path):
    """The demo bureau with accounts, in a store of the test's own."""
    opened = _open_copy(accounts_db_file, tmp_path)
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


def row_counts(store: Store) -> dict[str, int]:
    """Batches, indicators and snapshots stored: what a refused file must leave as it was."""
    cur = store.cursor()
    return {
        table: cur.execute(f"select count(*) from {table}").fetchone()[0]
        for table in ("batches", "indicators", "snapshots")
    }


NOTHING_STORED = {"batches": 0, "indicators": 0, "snapshots": 0}


def audit_actions(store: Store) -> list[str]:
    """The audit log's actions, oldest first."""
    return list(reversed(audit.recent(store)["action"].tolist()))


# Nine projects of two units on 2022-09-30, one of each case the lights and counts tell apart
# (tests/test_projects.py states what each should show). Amounts in 万元; P8 plans by month.
PROJECT_LEDGER = (
    "某市2022年重点项目台账\n"
    "项目编号,项目名称,项目阶段,总投资,年度计划投资,本年累计完成投资,计划开工日期,实际开工日期,"
    "计划竣工日期,实际竣工日期,责任单位,所属地区,截至日期,"
    + ",".join(f"{m}月计划投资" for m in range(1, 13))
    + "\n"
    "P1,滨江路改造工程,在建,8000,4000,3000,2022-01-15,2022-02-01,2023-12-31,,城建处,城北区,2022-09-30"
    + ","
    * 12
    + "\n"
    "P2,北站片区综合管廊,在建,16000,8000,1000,2021-03-01,2021-03-01,2023-06-30,,城建处,城北区,2022-09-30"
    + ","
    * 12
    + "\n"
    "P3,人民大道雨污分流,开工,8000,4000,2000,2022-04-01,2022-04-10,2023-10-31,,城建处,城北区,2022-09-30"
    + ","
    * 12
    + "\n"
    "P4,老城片区棚户区改造,谋划,4000,2000,0,2022-06-01,,2024-06-30,,城建处,城北区,2022-09-30"
    + ","
    * 12
    + "\n"
    "P5,解放路停车场,储备,4000,2000,0,2022-09-05,,2023-09-30,,城建处,城北区,2022-09-30"
    + ","
    * 12
    + "\n"
    "P6,南湖公园,储备,4000,2000,0,2022-11-01,,2023-12-31,,市政处,城南区,2022-09-30"
    + ","
    * 12
    + "\n"
    "P7,和平路桥梁,竣工,6000,3000,3000,2021-05-01,2021-05-01,2022-06-30,2022-06-20,市政处,城南区,2022-09-30"
    + ","
    * 12
    + "\n"
    "P8,文化路燃气管网,在建,2400,1200,950,2022-01-10,2022-01-10,2023-03-31,,市政处,城南区,2022-09-30,"
    + ",".join(["100"] * 12)
    + "\n"
    "P9,光明路绿道,在建,4000,2000,1800,2021-09-01,2021-09-01,2022-08-31,,市政处,城南区,2022-09-30"
    + "," * 12
    + "\n"
).encode("utf-8")


@pytest.fixture
def project_store(store):
    """An empty store with the nine projects of PROJECT_LEDGER stored."""
    from tracker.projects import ledger

    upload = ledger.prepare(store, PROJECT_LEDGER, "项目台账.csv")
    assert upload.accepted, upload.problems.to_dict("records")
    ledger.commit(store, upload, "测试")
    return store
