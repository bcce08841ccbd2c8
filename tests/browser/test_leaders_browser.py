"""The leaders' pages in headless Chromium against `streamlit run`, on a copy of the demo store.

Every page is opened at a laptop's 1280 x 800 and a tablet's 820 x 1180, in Chinese and in
English, checked for its headline and a drawn Plotly chart, and photographed whole into
$TRACKER_SCREENSHOTS (else the test's temporary folder) to be looked at; the data and account
pages are photographed too, signed in as an administrator. Downloads are checked byte by byte.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import running_app, wait_for_app
from tracker.access import accounts
from tracker.presentation import views
from tracker.store import Store

pytestmark = pytest.mark.browser

UTF8_BOM = b"\xef\xbb\xbf"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SIZES = {"1280": {"width": 1280, "height": 800}, "tablet": {"width": 820, "height": 1180}}
# (url path, {language: (title, a heading on the page)}, text drawn in its first chart, the
# same in both languages or given for each)
PAGES = (
    ("", {"zh": ("总览", "滞后指标"), "en": ("Overview", "Lagging indicators")}, "54.0%"),
    (
        "task_progress",
        {"zh": ("任务进度", "历次报送"), "en": ("Task progress", "Reports this year")},
        {"zh": "三季度", "en": "Q3"},
    ),
    ("units", {"zh": ("单位排名", "红榜"), "en": ("Units", "Commended")}, "规划计划科"),
    (
        "regions?region=某市",
        {"zh": ("地区对比", "地区排名表"), "en": ("Regions", "Regions ranked")},
        "龙岗区",
    ),
)
PHOTOGRAPHING = bool(os.environ.get("TRACKER_SCREENSHOTS"))
AS_OF_LINE = {"zh": "截至2022年9月30日", "en": "As of 2022-09-30"}
ADMIN_PASSWORD = "admin password 1"
# (Chinese title, English title, file name) of the pages an administrator adds
DATA_PAGES = (
    ("数据上传", "Upload", "upload"),
    ("上传记录", "Upload history", "history"),
    ("账户与审计", "Accounts and audit", "admin"),
)


@pytest.fixture(scope="module")
def app_url(demo_db_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("leaders_browser") / "tracker.duckdb"
    shutil.copy(demo_db_file, path)
    store = Store.open(path)
    try:
        accounts.add_user(store, "admin", ADMIN_PASSWORD, "admin", "王管理")
    finally:
        store.close()
    with running_app(path) as base:
        yield base


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("TRACKER_SCREENSHOTS")
    chosen = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


@pytest.fixture
def browser_context(browser):
    opened = []

    def make(size: str = "1280"):
        context = browser.new_context(viewport=SIZES[size], locale="zh-CN", accept_downloads=True)
        opened.append(context)
        return context.new_page()

    yield make
    for context in opened:
        context.close()


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.locator('[data-testid="stTitle"], h1').first.wait_for(timeout=30_000)
    wait_for_app(page)


def by_key(page, key: str):
    """The element a page drew with `key=`: Streamlit marks it with the class st-key-<key>."""
    return page.locator(f".st-key-{key.replace('.', '-')}")


def wait_for_charts(page) -> None:
    page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg').first.wait_for(
        timeout=30_000
    )


def whole_page_shot(page, path: Path) -> None:
    """Streamlit scrolls inside its main block: stretch the viewport to it for the picture."""
    height = page.evaluate(
        """() => Math.max(...['stMain', 'stSidebarContent'].map(id => {
            const e = document.querySelector(`[data-testid="${id}"]`);
            return e ? e.scrollHeight : 0;
        }))"""
    )
    size = page.viewport_size
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height, size["height"]), 8000)}
    )
    page.wait_for_timeout(1500)  # charts and tables are redrawn after a resize
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def test_a_cold_server_serves_the_overview_first(app_url, browser_context):
    # Streamlit serves files of pages/ on their own until the process has run app.py once;
    # the first visit goes to the root so the direct links below use app.py's navigation.
    page = browser_context()
    open_page(page, app_url + "/")
    expect(page.get_by_role("heading", name="总览")).to_be_visible()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("path", "words", "in_chart"), PAGES)
def test_every_page_draws_with_a_chart(
    app_url, browser_context, screenshots, path, words, in_chart, size, lang
):
    if lang == "en" and not PHOTOGRAPHING:
        pytest.skip("the English pages are checked under AppTest; photographed on request")
    page = browser_context(size)
    joiner = "&" if "?" in path else "?"
    open_page(page, f"{app_url}/{path}{joiner}lang={lang}")
    wait_for_charts(page)
    title, heading = words[lang]
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.get_by_text(heading, exact=True).first).to_be_visible()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(AS_OF_LINE[lang])
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first).to_contain_text(
        in_chart[lang] if isinstance(in_chart, dict) else in_chart
    )
    name = (path or "overview").split("?")[0]
    whole_page_shot(page, screenshots / f"{name}_{lang}_{size}.png")
    assert (screenshots / f"{name}_{lang}_{size}.png").stat().st_size > 10_000


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return document.documentElement.scrollWidth <= window.innerWidth
                && main.scrollWidth <= main.clientWidth;
        }"""
    )


@pytest.mark.parametrize("size", SIZES)
def test_a_director_sees_who_is_behind_without_scrolling_sideways(app_url, browser_context, size):
    page = browser_context(size)
    open_page(page, app_url + "/")
    viewport = page.viewport_size
    if size == "tablet":  # the sidebar starts folded on a tablet, leaving the page its width
        expect(page.locator('[data-testid="stSidebar"]')).to_have_attribute(
            "data-collapsed", "true"
        )
    summary = by_key(page, "overview.summary")
    expect(summary).to_contain_text("截至2022年9月底，龙岗区22项任务中达到序时进度12项，占54.5%")
    expect(summary).to_contain_text("新建燃气调压站（燃气管理科，落后75个百分点）")
    box = summary.bounding_box()
    assert box["y"] + box["height"] <= viewport["height"]  # in the first screen
    assert box["x"] + box["width"] <= viewport["width"]
    behind = page.locator('[data-testid="stDataFrame"]').first  # the behind list comes first
    table_box = behind.bounding_box()
    assert table_box["y"] < viewport["height"]  # the behind list starts in the first screen
    assert table_box["x"] + table_box["width"] <= viewport["width"]
    # what the director reads first fits the table's width: indicator, unit, leader, gap,
    # completion, actual / target, status (the grid draws on a canvas; widths are the page's own)
    first = ["指标名称", "牵头单位", "责任领导", "偏差", "完成率", "完成/目标", "状态"]
    widths = views.column_widths(first)
    assert sum(widths[name] for name in first) <= table_box["width"]
    assert no_sideways_scroll(page)


def test_data_pages_speak_one_language(app_url, browser_context, screenshots):
    # Every page in both languages at both sizes when photographing; else what is checked.
    checked = {("upload", "zh"), ("history", "en")}
    for size in SIZES if PHOTOGRAPHING else ["1280"]:
        page = browser_context(size)
        open_page(page, app_url + "/")
        show_sidebar(page)
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="登录").click()
        wait_for_app(page)
        page.get_by_label("用户名").fill("admin")
        page.get_by_label("密码", exact=True).fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("heading", name="总览", exact=True).wait_for(timeout=30_000)
        wait_for_app(page)
        for lang in ("zh", "en"):
            if lang == "en":
                show_sidebar(page)
                page.get_by_role("radio", name="English").click()
                nav = page.locator('[data-testid="stSidebarNav"]')
                nav.get_by_role("link", name="Overview", exact=True).wait_for(timeout=30_000)
                wait_for_app(page)
            for zh, en, name in DATA_PAGES:
                if not PHOTOGRAPHING and (name, lang) not in checked:
                    continue
                show_sidebar(page)
                title = zh if lang == "zh" else en
                nav = page.locator('[data-testid="stSidebarNav"]')
                nav.get_by_role("link", name=title, exact=True).click()
                page.get_by_role("heading", name=title, exact=True).wait_for(timeout=30_000)
                wait_for_app(page)
                if name == "upload" and lang == "zh":
                    uploader = page.locator('[data-testid="stFileUploaderDropzone"]')
                    english = uploader.get_by_text(
                        re.compile(r"^Upload$|per file|Browse files|Drag and drop")
                    )
                    assert english.count() >= 2  # Streamlit's own words, still in the page
                    for i in range(english.count()):
                        expect(english.nth(i)).not_to_be_visible()
                    drawn = uploader.evaluate(
                        """e => [...e.querySelectorAll('p, span')].map(
                            x => getComputedStyle(x, '::after').content).join('')"""
                    )
                    assert "选择文件" in drawn and "每个文件不超过 20 MB" in drawn
                    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                        {"name": "空表.csv", "mimeType": "text/csv", "buffer": b"a,b\n1,2\n"}
                    )
                    page.get_by_text("空表.csv").first.wait_for()
                    size_text = page.get_by_text(re.compile(r"^[0-9.]+\s?[KM]?B$"))
                    for i in range(size_text.count()):  # the file's size in bytes
                        expect(size_text.nth(i)).not_to_be_visible()
                if name == "history" and lang == "en":
                    history = page.locator('[data-testid="stDataFrame"]').first
                    expect(history).to_be_visible()
                    assert page.get_by_text("已入库").count() == 0
                if size == "tablet":  # photographed as the tablet shows it, sidebar folded
                    hide_sidebar(page)
                whole_page_shot(page, screenshots / f"{name}_{lang}_{size}.png")


def show_sidebar(page) -> None:
    if page.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed") == "true":
        page.locator('[data-testid="stExpandSidebarButton"]').first.click()
        page.wait_for_timeout(400)


def hide_sidebar(page) -> None:
    if page.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed") == "false":
        page.locator('[data-testid="stSidebarCollapseButton"] button').click(force=True)
        page.wait_for_timeout(400)


def test_a_table_downloads_as_csv_for_excel(app_url, browser_context, tmp_path):
    page = browser_context()
    open_page(page, app_url + "/")
    with page.expect_download() as download_info:
        by_key(page, "overview.lagging.csv").get_by_role("button", name="下载 CSV").click()
    download = download_info.value
    assert download.suggested_filename == "滞后指标_2022-09-30.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(UTF8_BOM)
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("指标名称,牵头单位,责任领导,偏差,完成率,完成/目标")
    assert "新建燃气调压站,燃气管理科,副局长 刘晓东,落后75个百分点,0.0%,0/2座" in text


def test_a_table_downloads_as_xlsx(app_url, browser_context, tmp_path):
    page = browser_context()
    open_page(page, app_url + "/units")
    with page.expect_download() as download_info:
        by_key(page, "units.ranking.xlsx").get_by_role("button", name="下载 Excel").click()
    download = download_info.value
    assert download.suggested_filename == "单位排名_2022-09-30.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    import openpyxl

    sheet = openpyxl.load_workbook(saved).active
    assert [cell.value for cell in sheet[1]][:2] == ["名次", "牵头单位"]


def test_a_chart_downloads_as_a_picture_from_its_toolbar(app_url, browser_context, tmp_path):
    page = browser_context()
    open_page(page, app_url + "/")
    wait_for_charts(page)
    chart = by_key(page, "overview.completion")
    chart.hover()
    button = chart.get_by_role("button", name="Download plot as a PNG")
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == "完成率与序时进度_2022-09-30.png"
    saved = tmp_path / "chart.png"
    download.save_as(saved)
    assert saved.read_bytes().startswith(PNG_SIGNATURE)


def test_text_from_an_upload_shows_as_text(app_url, browser_context):
    page = browser_context()
    open_page(page, app_url + "/task_progress?as_of=2022-06-30&indicator=24")
    note = page.get_by_text("<b>注意</b>", exact=False).first
    expect(note).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stMain"] b', has_text="注意").count() == 0


def test_a_shared_link_opens_the_same_view_and_filters_follow_the_pages(app_url, browser_context):
    page = browser_context()
    open_page(page, app_url + "/units?unit=住房保障科")
    wait_for_charts(page)
    expect(page.get_by_role("heading", name="单位排名", exact=True)).to_be_visible()
    page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name="总览", exact=True
    ).click()
    page.get_by_role("heading", name="总览", exact=True).wait_for(timeout=30_000)
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["unit"] == ["住房保障科"]
    cards = page.locator('[data-testid="stMetric"]').filter(has_text="重点任务")
    expect(cards.locator('[data-testid="stMetricValue"]')).to_have_text("3")


def test_the_english_switch_keeps_the_chosen_date(app_url, browser_context):
    page = browser_context()
    open_page(page, app_url + "/?as_of=2022-06-30")
    page.get_by_role("radio", name="English").click()
    page.get_by_role("heading", name="Overview", exact=True).wait_for(timeout=30_000)
    wait_for_app(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("As of 2022-06-30")
    assert not page.locator('[data-testid="stException"]').count()
