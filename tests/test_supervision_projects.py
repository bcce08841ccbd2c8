"""Key projects in the supervision loop: a red project opens or escalates its unit's ledger
entry, the project named; the bulletin gets a 重点项目 section computed from the projects."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from tracker.intake import ingest
from tracker.presentation.formatting import format_percent
from tracker.progress.status import Thresholds
from tracker.projects import figures
from tracker.projects.charts import money
from tracker.projects.rules import ProjectRules
from tracker.supervision import bulletin, ledger, rules
from tracker.supervision.rules import SupervisionSettings

SEPTEMBER = date(2022, 9, 30)
TODAY = date(2022, 10, 15)
# 城建处 is ahead on its one task, so only its projects can put it in the ledger; of its five
# projects in 城北区 (tests/conftest.py) P2 and P4 are red, P3 and P5 yellow.
TASKS = (
    "任务名称,年度目标,累计完成,截至日期,牵头单位,所属地区\n"
    "道路整治,100,90,2022-09-30,城建处,城北区\n"
    "绿道建设,100,80,2022-09-30,市政处,城南区\n"
).encode()


@pytest.fixture
def supervised(project_store):
    checked = ingest.prepare(project_store, TASKS, "任务.csv", today=TODAY)
    assert checked.accepted, checked.problems.to_dict("records")
    ingest.commit(project_store, checked, "测试")
    rules.save(project_store, SupervisionSettings(black_list_size=0), "admin")
    return project_store


def test_a_red_project_puts_its_unit_in_the_ledger_with_the_project_named(supervised):
    result = ledger.evaluate(supervised, "2022-09", "admin", Thresholds(), today=TODAY)
    assert (result.entries, result.triggers) == (1, 2)
    entry = ledger.entries(supervised, today=TODAY).iloc[0]
    assert (entry["region"], entry["lead_unit"], entry["tier"]) == ("城北区", "城建处", 1)
    assert list(entry["kinds"]) == ["project_red"]
    assert list(entry["details"]) == [
        "项目红灯：北站片区综合管廊（P2）投资完成为序时的17%",
        "项目红灯：老城片区棚户区改造（P4）计划开工逾期3个月",
    ]
    stored = (
        supervised.cursor()
        .execute("select project from ledger_triggers order by project")
        .fetchall()
    )
    assert stored == [("北站片区综合管廊",), ("老城片区棚户区改造",)]


def test_project_light_numbers_in_force_decide_the_triggers(supervised):
    # with red only below a tenth of the schedule and after six months, nothing is red
    lenient = SupervisionSettings(
        black_list_size=0, project_ratio_yellow=0.1, project_overdue_months=6
    )
    rules.save(supervised, lenient, "admin")
    assert ledger.project_triggers(supervised, SEPTEMBER, lenient) == []
    strict = SupervisionSettings(black_list_size=0, project_overdue_months=1)
    named = {t.project for t in ledger.project_triggers(supervised, SEPTEMBER, strict)}
    assert named == {"北站片区综合管廊", "老城片区棚户区改造", "光明路绿道"}


def _paragraphs(store, region, project_regions=None) -> list[str]:
    data = bulletin.draft(
        store, "2022-09", region, Thresholds(), today=TODAY, project_regions=project_regions
    )
    return bulletin.preview_lines(Document(io.BytesIO(data)))


def _section(lines: list[str], heading: str) -> list[str]:
    start = lines.index(heading) + 1
    end = next(i for i in range(start, len(lines)) if lines[i][1:2] == "、")
    return lines[start:end]


def test_bulletin_states_the_projects_headline_and_those_behind(supervised):
    lines = _paragraphs(supervised, "城北区")
    headings = [line for line in lines if line[1:2] == "、"]
    assert headings == [
        "一、总体情况",
        "二、重点项目推进情况",
        "三、进展较好的",
        "四、存在问题",
        "五、下步工作",
    ]
    frame = figures.projects_as_of(supervised, SEPTEMBER, ProjectRules())
    head = figures.summary(frame[frame["region"] == "城北区"], SEPTEMBER)
    overall, behind = _section(lines, "二、重点项目推进情况")
    assert overall == (
        f"（一）总体情况。截至2022年9月底，城北区共有重点项目5个，总投资{money(40000)}；"
        f"已开工3个，开工率{format_percent(head.start_rate)}；已竣工0个；"
        "在建项目按计划推进1个，尚未开工2个。"
        f"本年完成投资{money(6000)}，完成年度计划（{money(20000)}）的30.0%，"
        f"滞后序时进度（75.0%）45个百分点。按项目亮灯，红灯2个、黄灯2个、绿灯1个。"
    )
    assert head.projects == 5 and head.invested == 6000 and head.annual_plan == 20000
    assert behind == (
        "（二）滞后项目。老城片区棚户区改造（城建处，红灯）：计划开工逾期3个月；"
        "北站片区综合管廊（城建处，红灯）：投资完成为序时的17%；"
        "解放路停车场（城建处，黄灯）：本月计划开工未开工；"
        "人民大道雨污分流（城建处，黄灯）：投资完成为序时的67%。"
    )
    # no project of another region
    assert "南湖公园" not in "".join(lines) and "光明路绿道" not in "".join(lines)


def test_a_city_bulletin_takes_the_projects_of_its_regions_and_a_region_without_keeps_four(
    supervised,
):
    city = _paragraphs(supervised, "城南区", project_regions=("城南区", "城北区"))
    assert "共有重点项目9个" in _section(city, "二、重点项目推进情况")[0]
    checked = ingest.prepare(
        supervised,
        "任务名称,年度目标,累计完成,截至日期,牵头单位,所属地区\n安全检查,10,9,2022-09-30,安监科,某县\n".encode(),
        "某县.csv",
        today=TODAY,
    )
    ingest.commit(supervised, checked, "测试")
    alone = _paragraphs(supervised, "某县")
    assert "二、进展较好的" in alone and not any("重点项目" in line for line in alone)
