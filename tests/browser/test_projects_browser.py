"""项目总览 in headless Chromium: the page draws, and its button downloads the A3 wall chart."""

from __future__ import annotations

import shutil
import unicodedata

import pypdf
import pytest

from tests.browser.conftest import running_app, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(demo_db_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("projects_browser") / "tracker.duckdb"
    shutil.copy(demo_db_file, path)
    with running_app(path) as base:
        yield base


def test_the_wall_chart_downloads_as_one_a3_page(app_url, browser, tmp_path):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    try:
        page = context.new_page()
        page.goto(app_url + "/projects")
        wait_for_app(page)
        page.get_by_text("268个").first.wait_for(timeout=30_000)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)
        with page.expect_download(timeout=90_000) as download_info:
            page.get_by_role("button", name="下载作战图（A3 PDF）").click()
        download = download_info.value
        assert download.suggested_filename == "作战图_2022-09-30.pdf"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        reader = pypdf.PdfReader(saved)
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (1191, 842)
        text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())
        assert "作战图" in text and "268个" in text
    finally:
        context.close()
