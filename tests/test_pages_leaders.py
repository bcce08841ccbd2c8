"""The leaders' pages under AppTest, on the demo bureau and on an empty store.

Figures asserted here are those of the demo files (data/demo/README.md): at the end of 2022 Q3,
Longgang district has 22 indicators: 3 complete, 9 on track, 4 slightly behind, 3 behind,
2 seriously behind (one with no progress at all) and 1 not reported.
"""

from __future__ import annotations

import json

import pytest

from tests.test_auth_ui import ok
from tracker.intake import ingest
from tracker.store import Store

OVERVIEW, TASK, UNITS, REGIONS = (
    "pages/overview.py",
    "pages/task_progress.py",
    "pages/units.py",
    "pages/regions.py",
)
LEADER_PAGES = (OVERVIEW, TASK, UNITS, REGIONS)
TITLES = {OVERVIEW: "总览", TASK: "任务进度", UNITS: "单位排名", REGIONS: "地区对比"}
NEW_HOUSING = 5  # 新开工住房 · 新开工住房面积, reported in 2021 and 2022
MARKET_ORDER = 24  # 建筑市场秩序整治: its 2022 Q2 note holds "<b>注意</b>"
# the demo's monthly reports of 2022, latest first
MONTH_ENDS_2022 = ((9, 30), (8, 31), (7, 31), (6, 30), (5, 31), (4, 30), (3, 31), (2, 28), (1, 31))


def open_page(make_app, path, page=OVERVIEW, **params):
    at = make_app(path)
    for key, value in params.items():
        at.query_params[key] = value
    ok(at)
    if page != OVERVIEW:
        at.switch_page(page)
        ok(at)
    return at


def cards(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def card_changes(at) -> dict[str, str]:
    return {m.label: m.proto.delta for m in at.metric}


def charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def table_with(at, column: str):
    """The first table on the page that has this column."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


def texts(at) -> str:
    """Everything written on the page as markdown, captions, text and alerts."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "text", "info", "warning", "success")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def demo_path(demo_store):
    return demo_store.path


@pytest.mark.parametrize("page", LEADER_PAGES)
def test_every_page_draws_a_chart_on_the_demo(make_app, demo_path, page):
    # the city's view, which holds the district: region comparison has something to compare
    at = open_page(make_app, demo_path, page, region="某市")
    assert at.title[0].value == TITLES[page]
    assert "截至2022年9月30日" in at.caption[0].value
    assert charts(at), "a chart on every leaders' page"
    assert at.download_button, "every table can be downloaded"
    assert {b.label for b in at.download_button} <= {
        "下载 CSV",
        "下载 Excel",
        "下载作战图（A3 PDF）",
    }


@pytest.mark.parametrize("page", LEADER_PAGES)
def test_an_empty_store_says_what_to_do_next(make_app, tmp_path, page):
    at = make_app(tmp_path / "empty.duckdb", TRACKER_DEMO_ON_EMPTY="false")
    ok(at)
    if page != OVERVIEW:
        at.switch_page(page)
        ok(at)
    assert at.title[0].value == TITLES[page]
    message = at.info[0].value
    assert "数据上传" in message and "python -m tracker demo" in message
    assert not at.get("plotly_chart") and not at.dataframe and not at.metric


def test_overview_headline_for_longgang_at_the_end_of_q3(make_app, demo_path):
    at = open_page(make_app, demo_path, region="龙岗区")
    assert cards(at) == {
        "重点任务": "22",
        "已完成": "3",
        "正常": "9",
        "略滞后": "4",
        "滞后": "3",
        "严重滞后": "2",
        "未报送": "1",
    }
    changes = card_changes(at)
    # the demo reports monthly: the previous report is August's
    assert (changes["已完成"], changes["严重滞后"], changes["未报送"]) == ("3", "0", "1")
    assert "与上期（2022年8月31日）比较" in at.caption[0].value


def test_overview_opens_on_the_home_bureau_alone(make_app, demo_path):
    # the city's 5 tasks are not added to the district's 22
    at = open_page(make_app, demo_path)
    assert cards(at)["重点任务"] == "22"
    assert "22项重点任务共22项指标" in texts(at)
    assert "城建投资" not in json.dumps(charts(at), ensure_ascii=False)


def test_overview_says_who_is_behind_in_a_sentence(make_app, demo_path):
    at = open_page(make_app, demo_path)
    summary = at.markdown[0].value.replace("\\", "")
    assert summary.startswith(
        "截至2022年9月底，龙岗区22项任务中达到序时进度12项，占54.5%；滞后9项，其中严重滞后2项："
        "新建燃气调压站（燃气管理科，落后75个百分点）、既有建筑节能改造面积（规划计划科，落后35个百分点）"
    )
    assert summary.endswith("未报送1项：住房租赁合同网签备案（房地产市场监管科）。")


def test_the_city_view_shows_its_district_side_by_side_and_the_total(make_app, demo_path):
    at = open_page(make_app, demo_path, region="某市")
    assert cards(at) == {
        "重点任务": "27",
        "已完成": "3",
        "正常": "13",
        "略滞后": "7",
        "滞后": "4",
        "严重滞后": "2",
        "未报送": "1",
    }
    assert card_changes(at)["略滞后"] == "-3"
    side = table_with(at, "平均偏差").set_index("地区")
    assert side.index.tolist() == ["某市（本级）", "龙岗区", "合计"]
    assert side["指标数"].tolist() == [8, 22, 30]
    assert side.loc["某市（本级）", "名次"] == ""  # the city's own bureau is not ranked
    assert side.loc["龙岗区", "名次"] == "1"


def test_overview_chart_is_coloured_by_status_with_the_schedule(make_app, demo_path):
    at = open_page(make_app, demo_path, region="某市")
    spec = charts(at)[0]
    traces = {trace["name"]: trace for trace in spec["data"]}
    assert list(traces) == ["已完成", "正常", "略滞后", "滞后", "严重滞后", "未报送", "序时进度"]
    assert traces["严重滞后"]["marker"]["color"] == "#d32f2f"
    investment = traces["略滞后"]["customdata"]
    row = next(r for r in investment if r[0] == "城建投资 · 建设投资完成")
    assert row[1:6] == ["62亿元", "90亿元", "68.9%", "75.0%", "落后6.1个百分点"]
    # the accident ceiling is drawn against its limit in a chart of its own
    assert len(traces["序时进度"]["x"]) == 29
    assert "截至2022年9月30日" in spec["layout"]["legend"]["title"]["text"]
    labels = spec["layout"]["yaxis"]["ticktext"]
    assert any(
        label.startswith("建设投资完成<br>") and "某市 计划财务处" in label for label in labels
    )
    ceiling = charts(at)[1]
    assert ceiling["data"][0]["text"] == ["1起／上限4起"]


def test_overview_lists_the_lagging_with_unit_leader_gap_and_problems(make_app, demo_path):
    at = open_page(make_app, demo_path)
    lagging = table_with(at, "存在问题")
    assert len(lagging) == 9
    first = lagging.iloc[0]
    assert first[["指标名称", "牵头单位", "责任领导", "偏差", "完成率", "完成/目标"]].tolist() == [
        "新建燃气调压站",
        "燃气管理科",
        "副局长 刘晓东",
        "落后75个百分点",
        "0.0%",
        "0/2座",
    ]
    assert list(lagging.columns[:6]) == [
        "指标名称",
        "牵头单位",
        "责任领导",
        "偏差",
        "完成率",
        "完成/目标",
    ]
    assert first["存在问题"].startswith("1、两座调压站选址均涉及基本生态控制线调整")


def test_overview_shows_what_changed_since_the_previous_report(make_app, demo_path):
    at = open_page(make_app, demo_path)
    changes = table_with(at, "变化")
    newly = changes[changes["变化"] == "新完成"]["任务名称"].tolist()
    assert sorted(newly) == sorted(["筹集租赁住房", "绿色建筑", "城中村天然气管道改造"])
    worse = changes[changes["变化"] == "转差"]
    assert worse.iloc[0][["任务名称", "上期状态", "状态"]].tolist() == [
        "住房租赁市场监管",
        "略滞后",
        "未报送",
    ]
    assert "新完成3项，状态转差1项，状态好转2项" in texts(at)


def test_the_first_report_of_a_year_has_nothing_to_compare(make_app, demo_path):
    at = open_page(make_app, demo_path, as_of="2022-01-31")
    assert set(card_changes(at).values()) == {""}
    assert "本年第一期数据，暂无上期可比" in texts(at)


def test_2021_all_nineteen_tasks_complete(make_app, demo_path):
    at = open_page(make_app, demo_path, year="2021")
    assert cards(at)["重点任务"] == "19"
    assert cards(at)["已完成"] == "19"
    assert all(
        cards(at)[label] == "0" for label in ("正常", "略滞后", "滞后", "严重滞后", "未报送")
    )
    assert not [f for f in at.dataframe if "下步措施" in f.value.columns]  # drawn on request
    at.toggle(key="overview.show_all").set_value(True)
    ok(at)
    every = table_with(at, "下步措施").set_index("任务名称")
    assert len(every) == 19
    assert every.loc["地下综合管廊建设", "完成率"] == "138.5%"
    assert every.loc["公共住房供应", "完成率"] == "214.0%"
    assert every.loc["筹集租赁住房", "累计完成"] == "2.53万套"
    assert every.loc["公共住房新增筹集建设", "累计完成"] == "1.04万套"
    assert every.loc["新开工住房", "累计完成"] == "225.79万平方米"
    assert "没有落后于序时进度的指标" in texts(at)


def test_filters_in_the_link_hold_across_pages(make_app, demo_path):
    at = open_page(make_app, demo_path, unit="住房保障科")
    assert cards(at)["重点任务"] == "3"
    assert at.multiselect(key="filters.lead_units.widget").value == ["住房保障科"]
    at.switch_page(UNITS)
    ok(at)
    ranking = table_with(at, "平均完成率")
    assert ranking["牵头单位"].tolist() == ["住房保障科"]
    assert at.query_params["unit"] in ("住房保障科", ["住房保障科"])
    at.switch_page(TASK)
    ok(at)
    assert at.selectbox(key="task.task.widget").options == [
        "公共住房新增筹集建设",
        "公共住房供应",
        "保障性住房分配",
    ]


def test_a_view_chosen_on_one_page_holds_on_the_next(make_app, demo_path):
    at = open_page(make_app, demo_path, UNITS)
    at.selectbox(key="filters.scope.widget").set_value("某市")
    ok(at)
    at.switch_page(OVERVIEW)
    ok(at)
    assert cards(at)["重点任务"] == "27"
    assert at.selectbox(key="filters.scope.widget").value == "某市"


def test_filters_that_match_nothing_say_so(make_app, demo_path):
    at = open_page(make_app, demo_path, unit="住房保障科", category="没有的类别")
    at.multiselect(key="filters.lead_units.widget").set_value(["住房保障科"])
    at.multiselect(key="filters.categories.widget").set_value(["攻坚专班"])
    ok(at)
    assert "没有符合当前筛选条件的指标" in at.warning[0].value
    assert not at.get("plotly_chart")


def test_english_switch(make_app, demo_path):
    at = open_page(make_app, demo_path, lang="en", region="龙岗区")
    assert at.title[0].value == "Overview"
    assert cards(at)["Complete"] == "3"
    assert cards(at)["Seriously behind"] == "2"
    lagging = table_with(at, "Problems")
    assert lagging.iloc[0]["Gap"] == "75 pts behind"
    assert lagging.iloc[0]["Actual / target"] == "0 / 2 sites"  # units in English too
    names = [trace["name"] for trace in charts(at)[0]["data"]]
    assert "Time schedule" in names and "On track" in names
    at.switch_page(TASK)
    ok(at)
    assert cards(at)["Annual target"] == "2 sites"
    assert "Unit: sites" in at.text[0].value
    at.switch_page(UNITS)
    ok(at)
    assert at.title[0].value == "Units"


def test_task_progress_across_quarters(make_app, demo_path):
    at = open_page(make_app, demo_path, TASK, indicator=str(NEW_HOUSING))
    assert at.selectbox(key="task.task.widget").value == "新开工住房"
    assert cards(at) == {
        "累计完成": "158.6万平方米",
        "年度目标": "230万平方米",
        "完成率": "69.0%",
        "按当前进度预计全年": "211.47万平方米",
    }
    assert card_changes(at)["完成率"] == "落后2.8个百分点"
    spec = charts(at)[0]
    traces = {trace["name"]: trace for trace in spec["data"]}
    assert traces["累计完成"]["y"] == pytest.approx([36.2, 88.5, 158.6])
    assert traces["本季新增"]["y"][:3] == pytest.approx([36.2, 52.3, 70.1])
    assert traces["序时进度"]["y"] == pytest.approx([40.0, 95.0, 165.0, 230.0])
    assert traces["年度目标"]["y"] == pytest.approx([230.0, 230.0])
    assert traces["按当前进度预计全年"]["y"][-1] == pytest.approx(158.6 / 0.75)
    assert spec["layout"]["yaxis"]["ticksuffix"] == "万平方米"
    quarters = table_with(at, "本季新增")
    assert quarters["累计完成"].tolist() == ["36.2万平方米", "88.5万平方米", "158.6万平方米", "—"]
    history = table_with(at, "来源文件")
    assert history["截至日期"].tolist() == [f"2022年{m}月{d}日" for m, d in MONTH_ENDS_2022]
    years = table_with(at, "年度")
    assert years["年度"].tolist() == [2021, 2022]
    assert years["完成率"].tolist() == ["100.4%", "69.0%"]
    assert at.query_params["indicator"] in (str(NEW_HOUSING), [str(NEW_HOUSING)])


def test_task_progress_plans_the_quarter_in_progress_at_its_report_date(make_app, demo_path):
    at = open_page(make_app, demo_path, TASK, as_of="2022-08-31", indicator=str(NEW_HOUSING))
    assert cards(at)["累计完成"] == "135.2万平方米"
    traces = {trace["name"]: trace for trace in charts(at)[0]["data"]}
    # the monthly plan's 141万 by the end of August, as status compares; not the 165万 planned
    # for the end of September
    assert traces["序时进度"]["y"] == pytest.approx([40.0, 95.0, 141.0, 230.0])
    quarters = table_with(at, "本季新增")
    assert quarters["序时目标"].tolist()[2] == "141万平方米"


def test_task_progress_opens_on_the_indicator_furthest_behind(make_app, demo_path):
    at = open_page(make_app, demo_path, TASK)
    assert at.selectbox(key="task.task.widget").value == "燃气基础设施建设"
    assert ":red-badge[:material/error: 严重滞后]" in [m.value for m in at.markdown]


def test_text_from_uploads_is_shown_as_text(make_app, demo_path):
    at = open_page(make_app, demo_path, TASK, as_of="2022-06-30", indicator=str(MARKET_ORDER))
    note = next(e.value for e in at.text if "执法检查" in e.value)
    assert "<b>注意</b>" in note
    assert not any("<b>" in m.value for m in at.markdown)
    history = table_with(at, "来源文件")
    assert "<b>注意</b>" in history.iloc[0]["进展情况"]


def test_units_red_and_black_lists(make_app, demo_path):
    at = open_page(make_app, demo_path, UNITS)
    ranking = table_with(at, "平均完成率")
    assert len(ranking) == 9  # the district's units only
    # 1 accident against a ceiling of 4 is kept, not "ahead": no rank, not on the red list
    safety = ranking.set_index("牵头单位").loc["工程质量安全监督站"]
    assert (safety["名次"], safety["平均偏差"]) == ("", "—")
    assert ranking["名次"].tolist()[:3] == ["1", "2", "3"]
    red = table_with(at, "平均偏差")
    assert "工程质量安全监督站" not in red["牵头单位"].tolist()
    assert red["名次"].tolist() == [str(i) for i in range(1, len(red) + 1)]
    black = table_with(at, "最大落后")
    assert black["牵头单位"].tolist()[:2] == ["规划计划科", "燃气管理科"]
    assert black["名次"].tolist()[:2] == ["1", "2"]
    assert any("并列" in c.value for c in at.caption)
    breakdown = charts(at)[0]
    assert [t["name"] for t in breakdown["data"]] == [
        "已完成",
        "正常",
        "略滞后",
        "滞后",
        "严重滞后",
        "未报送",
    ]


def test_units_of_a_city_view_are_ranked_within_one_bureau(make_app, demo_path):
    at = open_page(make_app, demo_path, UNITS, region="某市")
    assert at.selectbox(key="units.bureau.widget").value == "某市"
    ranking = table_with(at, "平均完成率")
    assert set(ranking["牵头单位"]) == {"计划财务处", "城建处", "征收处", "燃气处", "房地产业处"}


def test_a_unit_opens_its_own_tasks(make_app, demo_path):
    at = open_page(make_app, demo_path, UNITS)
    assert at.selectbox(key="units.unit.widget").value == "规划计划科"
    at.selectbox(key="units.unit.widget").set_value("住房保障科")
    ok(at)
    own = table_with(at, "下步措施")
    assert own["任务名称"].tolist() == ["公共住房新增筹集建设", "公共住房供应", "保障性住房分配"]
    assert len(charts(at)[1]["data"][-1]["y"]) == 3
    at.button(key="units.only").click()
    ok(at)
    assert at.multiselect(key="filters.lead_units.widget").value == ["住房保障科"]
    at.switch_page(OVERVIEW)
    ok(at)
    assert cards(at)["重点任务"] == "3"


def test_regions_compares_the_regions_below_the_view(make_app, demo_path):
    at = open_page(make_app, demo_path, REGIONS, region="某市")
    ranking = table_with(at, "平均完成率").set_index("地区")
    assert ranking.index.tolist() == ["某市（本级）", "龙岗区", "合计"]
    assert ranking.loc["龙岗区", ["指标数", "已完成", "严重滞后", "未报送"]].tolist() == [
        22,
        3,
        2,
        1,
    ]
    spec = charts(at)[0]
    assert sorted(spec["data"][0]["y"]) == ["某市（本级）", "龙岗区"]  # no total bar
    assert at.selectbox(key="regions.region.widget").value == "龙岗区"
    lagging = table_with(at, "存在问题")
    assert "新建燃气调压站" in set(lagging["指标名称"])


def test_regions_of_a_district_shows_it_among_its_city_s_regions(make_app, demo_path):
    at = open_page(make_app, demo_path, REGIONS)
    assert "龙岗区无下级地区，以下是它在某市各地区中的位置" in at.caption[1].value
    ranking = table_with(at, "平均完成率").set_index("地区")
    assert ranking.index.tolist() == ["某市（本级）", "龙岗区", "合计"]
    assert sorted(charts(at)[0]["data"][0]["y"]) == ["某市（本级）", "龙岗区"]
    assert at.selectbox(key="regions.region.widget").value == "龙岗区"


def test_regions_of_a_bureau_without_neighbours_says_there_is_nothing_to_compare(
    make_app, demo_path
):
    at = make_app(demo_path, TRACKER_REGION_HIERARCHY="")
    ok(at)
    at.switch_page(REGIONS)
    ok(at)
    assert "无可比的地区" in at.info[0].value
    assert not at.get("plotly_chart")


def test_new_data_shows_without_a_restart(make_app, demo_path):
    at = open_page(make_app, demo_path, region="龙岗区")
    assert cards(at)["已完成"] == "3"
    late = (
        "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位,所属地区\n"
        "2022-10-31,燃气基础设施建设,新建燃气调压站,座,2,2,燃气管理科,龙岗区\n"
    ).encode()
    store = Store.open(demo_path)
    upload = ingest.prepare(store, late, "补报.csv")
    assert upload.accepted, upload.problems.to_dict("records")
    ingest.commit(store, upload, "测试")
    ok(at)
    # the new date is the latest: the view moves to it and the station is complete
    assert "截至2022年10月31日" in at.caption[0].value
    assert cards(at)["已完成"] == "4"


def test_a_page_served_on_its_own_reruns_through_app_py(make_app, demo_path, monkeypatch):
    # Streamlit's legacy pages/ mode, as on a server's first request for /units after a restart:
    # the page leaves the mode and reruns through app.py, which draws the shared filters.
    monkeypatch.undo()
    at = make_app(demo_path)
    at.query_params["unit"] = "住房保障科"
    at.switch_page(UNITS)  # before any run: the page file is served without app.py
    ok(at)
    assert at.title[0].value == "单位排名"
    assert at.multiselect(key="filters.lead_units.widget").value == ["住房保障科"]
    ranking = table_with(at, "平均完成率")
    assert set(ranking["牵头单位"]) == {"住房保障科"}


def test_task_progress_shows_the_bureau_s_own_quarters(make_app, store, monkeypatch):
    monkeypatch.setenv("TRACKER_YEAR_START_MONTH", "4")
    reports = (
        "截至日期,任务名称,指标名称,计量单位,年度目标,累计完成,牵头单位\n"
        "2022-06-30,管廊,新建管廊,公里,100,10,建设科\n"
        "2022-09-30,管廊,新建管廊,公里,100,25,建设科\n"
    ).encode()
    upload = ingest.prepare(store, reports, "进度.csv")
    assert upload.accepted, upload.problems.to_dict("records")
    ingest.commit(store, upload, "测试")
    at = open_page(make_app, store.path, TASK)
    assert at.selectbox(key="filters.year.widget").value == 2022
    assert at.selectbox(key="filters.year.widget").options == ["2022年度"]
    assert "序时进度 50.0%（按月计，年度自4月起）" in [c.value for c in at.sidebar.caption]
    spec = charts(at)[0]
    assert spec["layout"]["legend"]["title"]["text"].startswith(
        "新建管廊：2022年度（2022年4月–2023年3月）"
    )
    assert spec["layout"]["xaxis"]["ticktext"][:2] == ["一季度<br>4–6月", "二季度<br>7–9月"]
    quarters = table_with(at, "本季新增")
    assert quarters["季度"].tolist()[0] == "一季度（4–6月）"
    assert quarters["累计完成"].tolist() == ["10公里", "25公里", "—", "—"]
