"""The project pages under AppTest, on the demo bureau (268 projects of the city bureau)."""

from __future__ import annotations

import json

import pytest

from tests.test_auth_ui import ok, open_page, signed_in_app, signed_in_page
from tests.test_pages_leaders import cards
from tracker.intake import uploads
from tracker.projects import figures

OVERVIEW, PROJECTS, DETAIL, LIST, UPLOAD = (
    "pages/overview.py",
    "pages/projects.py",
    "pages/project_detail.py",
    "pages/project_list.py",
    "pages/project_upload.py",
)


def test_the_overview_of_projects_shows_the_city_bureaus_figures(make_app, demo_db_file):
    at = open_page(make_app, demo_db_file, PROJECTS)
    assert at.title[0].value == "项目总览"
    shown = cards(at)
    assert shown["重点项目"] == "268个"
    assert shown["已开工"] == "224个"
    assert shown["已竣工"] == "54个"
    assert shown["在建按计划推进"] == "140个"
    assert shown["尚未开工"] == "44个"
    assert shown["总投资"] == "183亿元"
    assert shown["本年完成投资"] == "62亿元"
    assert shown["投资完成率"] == "68.9%"
    rate = next(m for m in at.metric if m.label == "投资完成率")
    assert rate.proto.delta == "落后6.1个百分点"
    assert "截至2022年9月30日，序时进度75.0%" in at.caption[0].value
    pipeline = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert pipeline["data"][0]["x"] == ["谋划", "储备", "开工", "在建", "竣工"]
    assert sum(int(n.removesuffix("个")) for n in pipeline["data"][0]["text"]) == 268
    behind = next(d.value for d in at.dataframe if "亮灯原因" in d.value.columns)
    assert behind["亮灯"].iloc[0] == "红灯"
    assert set(behind["亮灯"]) == {"红灯", "黄灯"}
    assert at.get("download_button")[0].proto.label == "下载作战图（A3 PDF）"
    assert (
        "亮灯规则（督办设置）：项目按本年完成投资与序时计划投资之比亮灯：不低于1为绿灯"
        in " ".join(c.value for c in at.caption)
    )


def test_a_region_filter_narrows_every_figure(make_app, demo_db_file):
    at = open_page(make_app, demo_db_file, PROJECTS)
    at.multiselect(key="projects.regions").select("城东区")
    ok(at)
    from tracker.store import Store

    store = Store.open(demo_db_file)
    try:
        frame = figures.projects_as_of(store, figures.latest_date(store))
    finally:
        store.close()
    expected = int((frame["region"] == "城东区").sum())
    assert cards(at)["重点项目"] == f"{expected}个"
    assert expected < 268


def test_the_detail_page_shows_a_projects_months_and_milestones(make_app, demo_db_file):
    at = open_page(make_app, demo_db_file, DETAIL)
    assert at.title[0].value == "项目详情"
    chosen = at.selectbox(key="projects.detail").value
    assert at.query_params["project"] == [chosen] or at.query_params["project"] == chosen
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    gantt, months = charts
    assert [trace["name"] for trace in gantt["data"]] == ["计划工期", "实际工期"]
    # the today line is a shape, its label a separate annotation
    assert gantt["layout"]["shapes"][0]["x0"] == "2022-09-30"
    assert gantt["layout"]["annotations"][0]["text"] == "今天 9月30日"
    assert len(months["data"][0]["x"]) == 9  # January to September


def test_the_list_filters_by_light_and_downloads(make_app, demo_db_file):
    at = open_page(make_app, demo_db_file, LIST)
    table = next(d.value for d in at.dataframe if "项目编号" in d.value.columns)
    assert len(table) == 268
    at.multiselect(key="project_list.lights").select("red")
    ok(at)
    table = next(d.value for d in at.dataframe if "项目编号" in d.value.columns)
    assert set(table["亮灯"]) == {"红灯"} and 0 < len(table) < 268
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载 CSV", "下载 Excel"]


def english(make_app, path, page):
    at = make_app(path)
    at.query_params["lang"] = "en"
    ok(at)
    at.switch_page(page)
    return ok(at)


def test_english_sessions_read_the_project_pages_in_english(make_app, demo_db_file):
    at = english(make_app, demo_db_file, PROJECTS)
    assert at.title[0].value == "Key projects"
    shown = cards(at)
    assert (shown["Key projects"], shown["Started"], shown["Not started"]) == ("268", "224", "44")
    assert (shown["Total investment"], shown["Invested this year"]) == (
        "18.3 bn yuan",
        "6.2 bn yuan",
    )
    rate = next(m for m in at.metric if m.label == "Investment rate")
    assert rate.proto.delta == "6.1 pts behind"
    assert at.caption[0].value == "As of 2022-09-30, time schedule 75.0%"
    assert at.sidebar.multiselect(key="projects.regions").label == "Region"
    behind = next(d.value for d in at.dataframe if "Why" in d.value.columns)
    assert set(behind["Light"]) == {"Red", "Yellow"}
    assert behind["Why"].str.contains("overdue|of schedule|due this month").all()
    assert "城" in "".join(behind["Region"])  # typed names stay as typed
    units = next(d.value for d in at.dataframe if "Unit" in d.value.columns and "Red" in d.value)
    assert units["Gap"].str.endswith(("behind", "ahead", "level")).all()
    pipeline = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert pipeline["layout"]["yaxis"]["title"]["text"] == "Projects"
    # the bureau's stages stay as it names them
    assert pipeline["data"][0]["x"] == ["谋划", "储备", "开工", "在建", "竣工"]
    assert at.get("download_button")[0].proto.label == "Download wall chart (A3 PDF)"
    every_text = " ".join(
        [e.value for e in (*at.caption, *at.subheader, *at.title)] + [m.label for m in at.metric]
    )
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in every_text)

    at.switch_page(DETAIL)
    ok(at)
    assert at.title[0].value == "Project detail"
    gantt, months = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert [trace["name"] for trace in gantt["data"]] == ["Planned", "Actual"]
    assert gantt["layout"]["annotations"][0]["text"] == "Today Sep 30"
    facts = next(d.value for d in at.dataframe if "Item" in d.value.columns)
    assert "Problems" in facts["Item"].tolist()

    at.switch_page(LIST)
    ok(at)
    assert at.title[0].value == "Project list"
    at.multiselect(key="project_list.lights").select("red")
    ok(at)
    table = next(d.value for d in at.dataframe if "Code" in d.value.columns)
    assert set(table["Light"]) == {"Red"}
    assert at.caption[0].value.endswith("red first; the table downloads as CSV or Excel.")


LEDGER = (
    "项目编号,项目名称,总投资,年度计划投资,本年累计完成投资,责任单位,所属地区,截至日期\n"
    "CJ2022-001,新项目,1000,100,80,建设管理科,城东区,2022-10-31\n"
).encode()


def test_staff_upload_a_ledger_for_their_own_unit_only(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD)
    at.file_uploader[0].upload("台账.csv", LEDGER, "text/csv")
    ok(at)
    at.button(key="project_upload.confirm").click()
    ok(at)
    assert "已入库：项目批次 2，1 行" in at.success[0].value
    other = LEDGER.replace("建设管理科".encode(), "市政工程处".encode())
    at.file_uploader[0].upload("别的.csv", other, "text/csv")
    ok(at)
    problems = next(d.value for d in at.dataframe if "问题及修改方法" in d.value.columns)
    assert problems["行"].tolist() == [2]
    assert "您只能上传本单位（建设管理科）的项目" in problems["问题及修改方法"].iloc[0]


def test_viewers_do_not_get_the_upload_page(make_app, demo_db_file):
    at = ok(make_app(demo_db_file))
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(UPLOAD)


OWN_HEADERS = (
    "编码,工程名称,总投,今年计划,今年完成,负责处室,所属地区,截至日期\n"
    "CJ2022-001,新项目,1000,100,80,建设管理科,城东区,2022-10-31\n"
).encode()


def test_staff_map_their_columns_and_see_what_will_be_stored_in_english(make_app, app_store):
    at = signed_in_page(make_app, app_store, "zhang", UPLOAD, lang="en")
    assert at.title[0].value == "Project ledger upload"
    at.file_uploader[0].upload("台账.csv", OWN_HEADERS, "text/csv")
    ok(at)
    assert at.warning[0].value.startswith("The headers do not match the template")
    captions = " ".join(c.value for c in at.caption)
    assert "缺少必填列：项目编号、项目名称、总投资" in captions  # the refusal, in Chinese
    boxes = {s.label: s for s in at.selectbox if str(s.key).startswith("project_mapping_")}
    assert set(boxes) == {
        "编码",
        "工程名称",
        "总投",
        "今年计划",
        "今年完成",
        "负责处室",
        "所属地区",
        "截至日期",
    }
    assert (boxes["所属地区"].value, boxes["截至日期"].value) == ("region", "as_of")  # recognised
    for header, field in (
        ("编码", "code"),
        ("工程名称", "name"),
        ("总投", "total_investment"),
        ("今年计划", "annual_plan"),
        ("今年完成", "invested"),
        ("负责处室", "lead_unit"),
    ):
        boxes[header].set_value(field)
    at.button(key="project_mapping_submit").click()
    ok(at)
    assert "Checked with your column mapping: 编码 → 项目编号（必填）" in at.info[0].value
    assert cards(at) == {"New projects": "1", "New dates": "0", "Updated": "0", "Unchanged": "0"}
    preview = next(d.value for d in at.dataframe if "What changes" in d.value.columns)
    assert preview[["Row", "Change", "Code", "Region"]].values.tolist() == [
        [2, "New project", "CJ2022-001", "城东区"]
    ]
    at.button(key="project_upload.confirm").click()
    ok(at)
    assert "已入库：项目批次 2，1 行" in at.success[0].value
    # next month's ledger with the same headers passes with the mapping remembered for the unit
    november = OWN_HEADERS.replace(b"2022-10-31", b"2022-11-30").replace(b",80,", b",90,")
    at.file_uploader[0].upload("台账11月.csv", november, "text/csv")
    ok(at)
    assert not at.warning
    assert "Applied your unit's last column mapping: 编码 → 项目编号（必填）" in at.info[0].value
    assert cards(at)["New dates"] == "1"
    at.button(key="project_upload.confirm").click()
    ok(at)
    assert "已入库：项目批次 3，1 行" in at.success[0].value
    # the progress sheets' mapping of the unit is another one
    assert uploads.remembered_mapping(app_store, ["建设管理科"]) == {}


def test_the_schedule_rule_in_force_spreads_the_projects_annual_plans(
    make_app, demo_db_file, monkeypatch
):
    monkeypatch.setenv("TRACKER_SCHEDULE_RULE", "day")
    at = open_page(make_app, demo_db_file, PROJECTS)
    assert "截至2022年9月30日，序时进度74.8%" in at.caption[0].value  # 273 of 365 days
    assert "序时进度 74.8%（按日计）" in [c.value for c in at.sidebar.caption]


@pytest.mark.parametrize("page", [PROJECTS, LIST, DETAIL, UPLOAD])
def test_each_project_page_reads_the_rules_in_force_at_one_place(
    make_app, app_store, monkeypatch, page
):
    """Read once a run, so every part of a page works to the same stages and light numbers."""
    import traceback

    from tracker.projects import rules as project_rules

    callers = []
    read = project_rules.current

    def counted(store):
        caller = traceback.extract_stack(limit=3)[0]
        callers.append(f"{caller.filename}:{caller.lineno}")
        return read(store)

    monkeypatch.setattr(project_rules, "current", counted)
    at = signed_in_app(make_app, app_store, "zhang")
    callers.clear()  # the overview's wall chart button, on the way in
    at.switch_page(page)
    ok(at)
    assert len(callers) >= 1
    assert len(set(callers)) == 1, callers
