"""Key projects: the ledger upload, the counts, rates and lights, and the demo's figures."""

import json
import re
from datetime import date

import pytest

from tracker.access import audit
from tracker.intake import uploads
from tracker.presentation.formatting import format_percent, format_points
from tracker.projects import charts, figures, ledger, views
from tracker.projects import rules as project_rules
from tracker.projects.rules import ProjectRules
from tracker.supervision import rules as supervision
from tracker.supervision.rules import SettingsError, SupervisionSettings

from .conftest import PROJECT_LEDGER

AS_OF = date(2022, 9, 30)
HEADER = (
    "项目编号,项目名称,项目阶段,总投资,年度计划投资,本年累计完成投资,"
    "计划开工日期,实际开工日期,责任单位,截至日期\n"
)


def _csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def _stored_rows(store) -> int:
    return store.cursor().execute("select count(*) from project_reports").fetchone()[0]


@pytest.fixture
def as_of(project_store):
    return figures.projects_as_of(project_store, AS_OF).set_index("code")


# --- Lights and counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "phase", "light"),
    [
        ("P1", "under_way", "green"),  # investment exactly at 序时
        ("P2", "under_way", "red"),  # investment a sixth of 序时
        ("P3", "under_way", "yellow"),  # two thirds of 序时
        ("P4", "not_started", "red"),  # planned start missed three months ago
        ("P5", "not_started", "yellow"),  # planned start missed this month
        ("P6", "not_started", "green"),  # planned start still ahead
        ("P7", "completed", "green"),
        ("P8", "under_way", "green"),  # ahead of its monthly plan
        ("P9", "under_way", "yellow"),  # investment fine, completion missed last month
    ],
)
def test_each_project_gets_its_phase_and_light(as_of, code, phase, light):
    assert as_of.loc[code, "phase"] == phase
    assert as_of.loc[code, "light"] == light


def test_investment_is_measured_against_the_monthly_plan_where_given(as_of):
    assert as_of.loc["P8", "planned_to_date"] == pytest.approx(900)  # nine months of 100
    assert as_of.loc["P8", "investment_ratio"] == pytest.approx(950 / 900)
    assert as_of.loc["P1", "planned_to_date"] == pytest.approx(3000)  # 4000 × 75%


def test_months_late_count_calendar_months(as_of):
    assert as_of.loc["P4", "start_months_late"] == 3
    assert as_of.loc["P5", "start_months_late"] == 0
    assert as_of.loc["P9", "finish_months_late"] == 1
    assert charts.light_text(as_of.loc["P4"]) == "红灯：计划开工逾期3个月"
    assert charts.light_text(as_of.loc["P5"]) == "黄灯：本月计划开工未开工"
    assert charts.light_text(as_of.loc["P2"]) == "红灯：投资完成为序时的17%"


def test_summary_counts_rates_and_investment(project_store):
    frame = figures.projects_as_of(project_store, AS_OF)
    head = figures.summary(frame, AS_OF)
    assert (head.projects, head.started, head.completed, head.under_way) == (9, 6, 1, 5)
    assert (head.on_schedule, head.not_started) == (2, 3)
    assert head.start_rate == pytest.approx(6 / 9)  # all nine planned to start by December
    assert head.completion_rate == pytest.approx(1 / 2)  # P7 done, P9 due in 2022
    assert head.annual_plan == 28200 and head.invested == 11750
    assert head.schedule_rate == pytest.approx(0.75)
    assert head.gap_points == pytest.approx((11750 / 28200 - 0.75) * 100)
    assert head.lights == {"red": 2, "yellow": 3, "green": 4}
    assert head.by_stage == {"谋划": 1, "储备": 2, "开工": 1, "在建": 4, "竣工": 1}


def test_stages_are_a_setting_and_unknown_ones_count_apart(project_store):
    rules = ProjectRules(stages=("签约", "开工", "投产", "达产"))
    frame = figures.projects_as_of(project_store, AS_OF, rules)
    stages = figures.pipeline(frame, rules)
    assert stages["stage"].tolist()[:4] == ["签约", "开工", "投产", "达产"]
    assert dict(zip(stages["stage"], stages["projects"], strict=True))["开工"] == 1
    assert stages["projects"].sum() == 9


def test_by_unit_puts_the_furthest_behind_first(project_store):
    units = figures.by_dimension(figures.projects_as_of(project_store, AS_OF), "lead_unit")
    assert units["lead_unit"].tolist() == ["城建处", "市政处"]
    first = units.iloc[0]
    assert (first["projects"], first["red"], first["yellow"], first["green"]) == (5, 2, 2, 1)
    assert first["investment_rate"] == pytest.approx(6000 / 20000)


def test_behind_first_orders_red_then_yellow_then_green(project_store):
    ordered = figures.behind_first(figures.projects_as_of(project_store, AS_OF))
    assert ordered["code"].tolist()[:2] == ["P4", "P2"]  # months late before investment
    assert ordered["light"].tolist() == ["red"] * 2 + ["yellow"] * 3 + ["green"] * 4


def test_stages_are_a_deployment_setting_and_light_numbers_the_supervision_settings(
    project_store,
):
    saved = SupervisionSettings(project_ratio_green=0.9, project_ratio_yellow=0.3)
    supervision.save(project_store, saved, "admin")
    rules = project_rules.current(project_store, {"TRACKER_PROJECT_STAGES": "签约/开工/投产/达产"})
    assert rules == ProjectRules(("签约", "开工", "投产", "达产"), 0.9, 0.3, 3)
    assert (
        "项目绿灯比值：1 → 0.9；项目黄灯比值：0.5 → 0.3"
        in audit.recent(project_store).iloc[0]["detail"]
    )
    with pytest.raises(ValueError, match="重复的阶段"):
        project_rules.current(project_store, {"TRACKER_PROJECT_STAGES": "开工/开工"})


def test_project_light_numbers_are_checked_as_the_task_ones():
    with pytest.raises(SettingsError, match="项目黄灯比值（1.2）须小于项目绿灯比值（1）"):
        SupervisionSettings(project_ratio_yellow=1.2)
    with pytest.raises(SettingsError, match="项目逾期红灯的月数"):
        SupervisionSettings(project_overdue_months=0)


def test_a_saved_light_number_relights_the_projects(project_store):
    before = figures.projects_as_of(project_store, AS_OF, project_rules.current(project_store))
    supervision.save(project_store, SupervisionSettings(project_overdue_months=1), "admin")
    after = figures.projects_as_of(project_store, AS_OF, project_rules.current(project_store))
    late = before["start_months_late"].fillna(before["finish_months_late"]).fillna(0) >= 1
    assert (before.loc[late, "light"] != "red").any()
    assert (after.loc[late, "light"] == "red").all()


# --- The ledger upload ---------------------------------------------------------------------------


def test_amounts_in_yuan_or_yi_are_kept_in_wan(store):
    data = (
        "项目编号,项目名称,总投资(亿元),年度计划投资,本年累计完成投资,责任单位,截至日期\n"
        "A,甲,1.2,1.5亿,3,000万,城建处,2022-09-30\n"
    ).encode()
    data = data.replace(b"3,000\xe4\xb8\x87", b'"3,000\xe4\xb8\x87"')
    upload = ledger.prepare(store, data, "a.csv")
    assert upload.accepted, upload.problems.to_dict("records")
    row = upload.rows.iloc[0]
    assert (row["total_investment"], row["annual_plan"], row["invested"]) == (12000, 15000, 3000)


REFUSALS = [
    # (line, column label, words in the message)
    ("A,甲,在建,abc,100,10,,,城建处,2022-09-30", "D列「总投资」", "应为数字"),
    ("A,甲,在建,100,100,-1,,,城建处,2022-09-30", "F列「本年累计完成投资」", "不能为负数"),
    ("A,甲,在建,0,100,10,,,城建处,2022-09-30", "D列「总投资」", "必须大于 0"),
    ("A,甲,在建,100,100,10,,2022-13-01,城建处,2022-09-30", "H列「实际开工日期」", "不存在"),
    ("A,甲,在建,100,100,10,,2022-10-01,城建处,2022-09-30", "H列「实际开工日期」", "晚于截至日期"),
    ("A,甲,投产,100,100,10,,,城建处,2022-09-30", "C列「项目阶段」", "谋划、储备、开工、在建、竣工"),
    ("A,,在建,100,100,10,,,城建处,2022-09-30", "B列「项目名称」", "为空"),
]


@pytest.mark.parametrize(("line", "column", "words"), REFUSALS)
def test_a_bad_row_refuses_the_file_naming_row_and_column(store, line, column, words):
    good = "B,乙,在建,100,100,10,,,城建处,2022-09-30"
    upload = ledger.prepare(store, _csv(good, line), "bad.csv")
    assert not upload.accepted
    problem = upload.problems.iloc[0]
    assert (problem["row"], problem["column"]) == (3, column)
    assert words in problem["message"]
    ledger.refuse(store, upload, "tester")
    assert _stored_rows(store) == 0


def test_the_same_project_twice_for_one_date_is_refused(store):
    line = "A,甲,在建,100,100,10,,,城建处,2022-09-30"
    upload = ledger.prepare(store, _csv(line, line), "twice.csv")
    assert upload.problems["row"].tolist() == [2, 3]
    assert "同一项目、同一日期" in upload.problems["message"].iloc[0]


def test_a_missing_required_column_lists_what_was_found(store):
    upload = ledger.prepare(
        store, "项目编号,项目名称,截至日期\nA,甲,2022-09-30\n".encode(), "x.csv"
    )
    message = upload.problems["message"].iloc[0]
    assert "缺少必填列：总投资、年度计划投资、本年累计完成投资、责任单位" in message
    assert "项目编号、项目名称、截至日期" in message


def test_staff_upload_only_their_own_units_projects(store):
    data = _csv(
        "A,甲,在建,100,100,10,,,城建处,2022-09-30", "B,乙,在建,100,100,10,,,市政处,2022-09-30"
    )
    upload = ledger.prepare(store, data, "x.csv", allowed_units={"城建处"})
    assert upload.problems["row"].tolist() == [3]
    assert "您只能上传本单位（城建处）的项目" in upload.problems["message"].iloc[0]
    assert ledger.prepare(store, data, "x.csv", allowed_units={"城建处", "市政处"}).accepted


def test_a_later_upload_supersedes_and_undo_restores(project_store):
    fixed = PROJECT_LEDGER.decode().replace(",3000,2022-01-15", ",3600,2022-01-15").encode()
    stored = ledger.commit(project_store, ledger.prepare(project_store, fixed, "更正.csv"), "测试")
    p1 = figures.projects_as_of(project_store, AS_OF).set_index("code").loc["P1"]
    assert p1["invested"] == 3600
    history = figures.history(project_store, p1["project_id"])
    assert history["invested"].tolist() == [3600]  # one date: the latest batch only
    ledger.undo(project_store, stored.batch_id, "管理员")
    p1 = figures.projects_as_of(project_store, AS_OF).set_index("code").loc["P1"]
    assert p1["invested"] == 3000
    with pytest.raises(ValueError, match="没有可撤销的项目批次"):
        ledger.undo(project_store, stored.batch_id, "管理员")


def test_the_preview_says_how_each_row_changes_what_is_stored(project_store):
    changed = (
        PROJECT_LEDGER.decode()
        .replace(",3000,2022-01-15", ",3600,2022-01-15")  # P1 invested more
        .replace("P9,光明路绿道", "P10,光明路绿道")  # a project not seen before
        .replace(
            "P7,和平路桥梁,竣工,6000,3000,3000,2021-05-01",
            "P7,和平路桥梁,竣工,6000,3000,3000,2021-05-02",
        )
    )
    # and P2 reported again a month later
    later = "P2,北站片区综合管廊,在建,16000,8000,1500,2021-03-01,2021-03-01,2023-06-30,,城建处,城北区,2022-10-31"
    upload = ledger.prepare(project_store, (changed + later + "," * 12 + "\n").encode(), "x.csv")
    assert upload.accepted, upload.problems.to_dict("records")
    changes = dict(zip(upload.rows["code"], upload.rows["change"], strict=False))
    assert changes["P1"] == "updated" and changes["P10"] == "new_project"
    assert changes["P3"] == "unchanged" and changes["P8"] == "unchanged"  # P8 plans by month
    assert upload.rows.loc[upload.rows["as_of"] == "2022-10-31", "change"].tolist() == ["new"]
    assert upload.summary() == {
        "rows": 10, "projects": 1, "new_project": 1, "new": 1, "updated": 2, "unchanged": 6,
    }  # fmt: skip
    table = views.preview_table(upload.rows).set_index("项目编号")
    assert table.loc["P1", "修改内容"] == "本年累计完成投资：3000 → 3600"
    assert table.loc["P7", "修改内容"] == "计划开工日期：2021-05-01 → 2021-05-02"
    assert table.loc["P10", "变化"] == "新项目" and table.loc["P3", "变化"] == "不变"
    assert ledger.commit(project_store, upload, "测试").rows_stored == 10


def test_a_column_mapping_reads_the_users_own_headers(store):
    data = (
        "编码,工程名称,总投,今年计划,今年完成,负责处室,日期,备注\n"
        "A,甲,100,50,20,城建处,2022-09-30,无关\n"
    ).encode()
    refused = ledger.prepare(store, data, "x.csv")
    assert refused.problems["message"].iloc[0].startswith("缺少必填列：项目编号、项目名称、总投资")
    mapping = {
        "编码": "code",
        "工程名称": "name",
        "总投": "total_investment",
        "今年计划": "annual_plan",
        "今年完成": "invested",
        "负责处室": "lead_unit",
        "备注": None,
    }
    upload = ledger.prepare(store, data, "x.csv", column_mapping=mapping)
    assert upload.accepted, upload.problems.to_dict("records")
    row = upload.rows.iloc[0]
    assert (row["code"], row["lead_unit"], row["invested"]) == ("A", "城建处", 20)
    choices = {**mapping, "日期": "as_of"}
    assert uploads.mapping_problems(choices, ledger.CONTRACT) == []
    assert uploads.mapping_problems({**choices, "编码": None}, ledger.CONTRACT) == [
        "还没有对应必填字段：项目编号"
    ]
    assert uploads.mapping_problems({**choices, "备注": "name"}, ledger.CONTRACT) == [
        "“项目名称”对应了多列（工程名称、备注），每个字段只能对应一列"
    ]


def test_the_same_file_is_not_stored_twice(project_store):
    again = ledger.prepare(project_store, PROJECT_LEDGER, "again.csv")
    assert again.accepted and again.already_stored
    assert ledger.commit(project_store, again, "测试").batch_id is None


def test_the_template_reads_back_without_problems(store):
    from tracker.presentation import export

    data = export.to_csv_bytes(ledger.template_frame())
    assert ledger.prepare(store, data, "模板.csv").accepted


# --- The demo bureau -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_projects(demo_db_file):
    from tracker.store import Store

    store = Store.open(demo_db_file)
    try:
        return figures.projects_as_of(store, AS_OF)
    finally:
        store.close()


def test_the_city_bureaus_projects_reproduce_its_report(demo_projects):
    head = figures.summary(demo_projects, AS_OF)
    assert (head.projects, head.started, head.completed) == (268, 224, 54)
    assert (head.on_schedule, head.not_started) == (140, 44)
    assert charts.money(head.total_investment) == "183亿元"
    assert charts.money(head.invested) == "62亿元"
    assert charts.money(head.annual_plan) == "90亿元"
    assert format_percent(head.investment_rate) == "68.9%"
    assert format_percent(head.schedule_rate) == "75.0%"
    assert format_points(head.gap_points) == "落后6.1个百分点"
    assert head.planned_to_complete == 80  # the 项目竣工 indicator's annual target
    assert demo_projects["name"].is_unique and demo_projects["region"].nunique() >= 5


def test_the_wall_chart_lights_each_task_by_its_worst_indicator_under_the_bureaus_rule(
    demo_store,
):
    from tracker.progress.status import Thresholds
    from tracker.projects import wallchart
    from tracker.supervision import rules as supervision

    lit = supervision.lights(demo_store, AS_OF, Thresholds(), supervision.current(demo_store))
    tasks = wallchart.task_lights(lit).set_index("task")["light"]
    assert len(tasks) == lit[["lead_unit", "task"]].drop_duplicates().shape[0]
    # 新建燃气调压站 has made no progress: red, whatever its task's other indicators show
    gas = lit.loc[lit["indicator"] == "新建燃气调压站", "task"].iloc[0]
    assert tasks[gas] == "red"
    worst = lit.groupby("task")["light"].agg(lambda ls: max(ls, key=wallchart.LIGHT_RANK.get))
    assert tasks.sort_index().tolist() == worst.reindex(tasks.index).sort_index().tolist()


def test_wallchart_takes_the_scope_of_the_page(project_store):
    from tracker.projects import wallchart

    def projects_card(page: str) -> str:
        return re.search(r'class="value">(\d+个)</div><div class="label">重点项目<', page)[1]

    district = wallchart.build_html(project_store, AS_OF, regions=("城北区",))
    assert "<h1>城北区 · " in district and projects_card(district) == "5个"
    city = wallchart.build_html(
        project_store, AS_OF, regions=("某市", "城北区", "城南区"), title="某市"
    )
    assert "<h1>某市 · " in city and projects_card(city) == "9个"
    unit = wallchart.build_html(project_store, AS_OF, units=("市政处",))
    assert projects_card(unit) == "4个" and "北站片区综合管廊" not in unit


def test_the_investment_chart_leaves_room_for_the_longest_bars_percentage(project_store):
    groups = figures.by_dimension(figures.projects_as_of(project_store, AS_OF), "region")
    fig = charts.investment_against_schedule(groups, "所属地区")
    widest = max(groups["investment_rate"].max(), groups["schedule_rate"].max()) * 100
    low, high = fig.layout.xaxis.range
    assert low == 0 and high >= widest * 1.15
    assert fig.data[0].cliponaxis is False


def test_each_months_report_is_drawn_under_its_own_month(project_store):
    project_id = int(figures.projects_as_of(project_store, AS_OF)["project_id"].iloc[0])
    history = figures.history(project_store, project_id)
    fig = charts.months(history)
    first = history["as_of"].iloc[0]
    for trace in fig.data:
        # a report of 31 January sits mid-January, not beside the tick of 1 February
        assert (trace.xperiod, trace.xperiodalignment) == ("M1", "middle")
        assert trace.customdata[0][0] == first.isoformat()
    assert fig.layout.xaxis.ticklabelmode == "period"


BOLD, LINK = "<b>隧道</b>", "<a href='http://x'>点我</a>"


def test_markup_in_project_names_reaches_the_charts_as_characters(project_store):
    frame = figures.projects_as_of(project_store, AS_OF)
    frame = frame.assign(name=BOLD + frame["name"], lead_unit=LINK, stage=BOLD)
    figures_drawn = [
        charts.milestones(frame, AS_OF, title=LINK),
        charts.investment_against_schedule(figures.by_dimension(frame, "lead_unit"), "责任单位"),
        charts.pipeline(figures.pipeline(frame)),
    ]
    for fig in figures_drawn:
        drawn = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
        assert "<b>隧道" not in drawn and "<a href" not in drawn
    gantt, units, stages = figures_drawn
    assert gantt.data[0].y[0].startswith("&lt;b&gt;隧道&lt;/b&gt;")
    assert gantt.layout.title.text == "&lt;a href='http://x'&gt;点我&lt;/a&gt;"
    assert units.data[0].y[0] == "&lt;a href='http://x'&gt;点我&lt;/a&gt;"
    assert "&lt;b&gt;隧道&lt;/b&gt;" in stages.data[0].x
