"""The shared filters: defaults, a shared link, persistence across pages, and escaping text."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui.widgets import escape_markdown

YEAR = "filters.year.widget"
AS_OF = "filters.as_of.widget"
UNITS = "filters.lead_units.widget"
SCOPE = "filters.scope.widget"
CATEGORIES = "filters.categories.widget"


def filters_script():
    """A page that draws the shared filters unless told it is another page, and shows them."""
    import os

    import streamlit as st

    from tracker.store import Store
    from ui import filters

    store = Store.open(os.environ["TRACKER_DB"])
    if st.session_state.get("other_page"):
        st.write("another page")
    else:
        view = filters.sidebar(store)
        st.session_state["seen"] = view


@pytest.fixture
def filters_app(demo_db_file, tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    monkeypatch.setenv("TRACKER_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(**params) -> AppTest:
        at = AppTest.from_function(filters_script, default_timeout=30)
        for key, value in params.items():
            at.query_params[key] = value
        return at

    yield make
    from tracker.store import Store

    Store.open(path).close()


def seen(at):
    return at.session_state["seen"]


def param(at, key: str) -> list[str]:
    """A URL parameter as a list, however AppTest holds it."""
    value = at.query_params.get(key, [])
    return value if isinstance(value, list) else [value]


def test_defaults_are_the_latest_year_and_snapshot(filters_app):
    at = filters_app().run()
    assert not at.exception
    view = seen(at)
    assert (view.year, view.as_of, view.latest) == (2022, date(2022, 9, 30), date(2022, 9, 30))
    assert not view.selection.narrowed
    assert at.selectbox(key=YEAR).options == ["2022年", "2021年"]
    # the demo reports monthly in 2022
    assert at.selectbox(key=AS_OF).options[:4] == [
        "2022年9月30日",
        "2022年8月31日",
        "2022年7月31日",
        "2022年6月30日",
    ]
    assert len(at.selectbox(key=AS_OF).options) == 9
    # the latest date is not pinned in the link, so a link to "the latest" follows new uploads
    assert param(at, "year") == ["2022"]
    assert param(at, "as_of") == []
    assert any("序时进度 75.0%" in c.value for c in at.sidebar.caption)


def test_a_shared_link_restores_the_view(filters_app):
    at = filters_app(as_of="2022-06-30", unit=["住房保障科", "城市更新科"], region="某市").run()
    view = seen(at)
    assert (view.year, view.as_of) == (2022, date(2022, 6, 30))
    assert view.selection.lead_units == ("住房保障科", "城市更新科")
    assert view.scope == "某市"
    # the city with every district below it (the demo's tasks lie in 龙岗区, its projects in others)
    assert {"某市", "龙岗区", "城东区"} <= set(view.selection.regions)
    assert "广东省" not in view.selection.regions
    assert param(at, "region") == ["某市"]
    assert at.multiselect(key=UNITS).value == ["住房保障科", "城市更新科"]
    assert param(at, "as_of") == ["2022-06-30"]
    assert param(at, "unit") == ["住房保障科", "城市更新科"]


def test_a_year_in_the_link_opens_that_years_latest_report(filters_app):
    at = filters_app(year="2021").run()
    assert seen(at).as_of == date(2021, 12, 31)
    # 2021 has one region only: no choice of view is drawn
    assert SCOPE not in [w.key for w in at.sidebar.selectbox]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"as_of": "2022-13-01"},
        {"year": "1999"},
        {"as_of": "2022-05-05"},  # not a snapshot date
        {"unit": "没有这个单位"},
    ],
)
def test_a_broken_link_falls_back_to_the_defaults(filters_app, params):
    at = filters_app(**params).run()
    assert not at.exception
    view = seen(at)
    assert (view.year, view.as_of) == (2022, date(2022, 9, 30))
    assert not view.selection.narrowed


def test_choosing_a_year_moves_the_date_to_that_years_latest(filters_app):
    at = filters_app().run()
    at.selectbox(key=AS_OF).set_value(date(2022, 6, 30)).run()
    assert seen(at).as_of == date(2022, 6, 30)
    at.selectbox(key=YEAR).set_value(2021).run()
    assert (seen(at).year, seen(at).as_of) == (2021, date(2021, 12, 31))
    assert param(at, "year") == ["2021"]
    assert param(at, "as_of") == []


def test_choices_survive_a_page_that_does_not_draw_them(filters_app):
    at = filters_app().run()
    at.selectbox(key=AS_OF).set_value(date(2022, 6, 30)).run()
    at.multiselect(key=UNITS).select("住房保障科").run()
    at.session_state["other_page"] = True
    at.run()
    assert not at.sidebar.selectbox
    at.session_state["other_page"] = False
    at.run()
    view = seen(at)
    assert view.as_of == date(2022, 6, 30)
    assert view.selection.lead_units == ("住房保障科",)
    assert at.multiselect(key=UNITS).value == ["住房保障科"]


def test_clearing_the_filters(filters_app):
    at = filters_app(unit="住房保障科", category="攻坚专班").run()
    assert seen(at).selection.narrowed
    at.button(key="filters.clear").click().run()
    assert not seen(at).selection.narrowed
    assert param(at, "unit") == param(at, "category") == []
    assert not [b for b in at.button if b.key == "filters.clear"]


def test_filters_are_drawn_only_where_they_can_choose(filters_app):
    at = filters_app().run()
    keys = {w.key for w in at.sidebar.multiselect}
    assert keys == {CATEGORIES, "filters.areas.widget", UNITS}
    # the home bureau's own tasks by default; its city is a view of its own
    assert at.selectbox(key=SCOPE).options == ["龙岗区（本局）", "某市（含下辖地区）"]
    assert seen(at).scope == "龙岗区"
    assert seen(at).selection.regions == ("龙岗区",)
    assert param(at, "region") == []
    # unit choices are those of the view: no city 处 in the district's list
    assert "城建处" not in at.multiselect(key=UNITS).options


def test_an_empty_store_draws_no_filters(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "empty.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_function(filters_script, default_timeout=30).run()
    assert not at.exception
    assert not seen(at).has_data
    assert not at.sidebar.selectbox
    assert any("暂无数据" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("龙岗区", "龙岗区"),
        ("<b>注意</b>", r"\<b\>注意\<\/b\>"),
        ("**粗体** _斜体_", r"\*\*粗体\*\* \_斜体\_"),
        (":red[警告] $x$", r"\:red\[警告\] \$x\$"),
        ("1. 第一\n2. 第二", "1\\. 第一  \n2\\. 第二"),
        ("[链接](javascript:alert(1))", r"\[链接\]\(javascript\:alert\(1\)\)"),
    ],
)
def test_text_from_uploads_is_escaped_for_markdown(text, escaped):
    assert escape_markdown(text) == escaped
