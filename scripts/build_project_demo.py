"""Write the city bureau's key-project ledger into data/demo/projects/.

The city construction bureau of the demo reported at the end of September 2022: 268 projects
with 183亿元 of total investment, 224 started, 54 completed, 140 under way on schedule, 44 not
started, and 62亿元 invested of a 90亿元 annual plan (68.9%, 6.1 points behind a 75% schedule).
This script makes up 268 plausible projects whose figures, computed by the dashboard from the
ledger, are exactly those; with the monthly reports January to September that led there. It
draws from a seeded random generator, so running it twice gives byte-identical files.

    .venv/bin/python scripts/build_project_demo.py
"""

from __future__ import annotations

import calendar
import csv
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "demo" / "projects"
FILE_NAME = "2022-某市-城建重点项目台账.csv"
YEAR = 2022
AS_OF = date(YEAR, 9, 30)
MONTHS = range(1, 10)

# The report's figures, in 万元 and counts.
TOTAL_INVESTMENT = 1_830_000
GROUPS = {
    # group: (projects, annual plan, invested by the end of September)
    "completed": (54, 150_000, 150_000),
    "on_schedule": (140, 480_000, 384_000),
    "behind": (30, 180_000, 86_000),
    "not_started": (44, 90_000, 0),
}
# Not started: planned start still ahead (green), missed within three months (yellow), or longer (red).
NOT_STARTED_SPLIT = {"ahead": 18, "missed_recently": 12, "missed_long": 14}
# Under way and planned to complete in 2022 (with the 54 completed: 80 planned to complete).
ON_SCHEDULE_FINISHING = 16
BEHIND_FINISH_MISSED = (5, 5)  # missed this month, missed three months or more
# Projects of the on-schedule group whose plan is given month by month (倒排到月).
MONTHLY_PLANNED = 40

UNITS = (
    ("市政工程处", "副局长 郭建平"),
    ("城建处", "副局长 郭建平"),
    ("住房保障处", "副局长 何文军"),
    ("城市更新处", "副局长 何文军"),
    ("燃气处", "副局长 马立群"),
    ("园林绿化处", "副局长 马立群"),
    ("市城投集团", "局长 陈卫东"),
    ("市交投集团", "局长 陈卫东"),
)
DISTRICTS = ("城东区", "城西区", "城南区", "城北区", "高新区", "经开区", "临江新区")
PLACES = (
    "滨江路", "人民大道", "解放路", "建设路", "长江路", "和平路", "文化路", "新华路", "光明路",
    "春晖路", "青年路", "学府路", "科技大道", "迎宾大道", "朝阳路", "东风路", "金桥路", "翠湖",
    "龙山", "凤凰山", "西溪", "南湖", "北站片区", "老城片区", "高铁新城", "临港片区",
)  # fmt: skip
KINDS = (
    ("道路改造工程", "市政工程处", "改造道路{n}公里"),
    ("道路新建工程", "市交投集团", "新建城市主干道{n}公里"),
    ("桥梁新建工程", "市交投集团", "新建桥梁1座，长{m}米"),
    ("污水处理厂扩建工程", "城建处", "新增污水处理能力{n}万吨/日"),
    ("雨污分流改造工程", "城建处", "改造雨污管网{n}公里"),
    ("综合管廊工程", "城建处", "建设地下综合管廊{n}公里"),
    ("棚户区改造项目", "城市更新处", "改造棚户区{m}户"),
    ("老旧小区改造项目", "城市更新处", "改造老旧小区{n}个、{m}户"),
    ("城中村改造项目", "城市更新处", "改造城中村住房{m}户"),
    ("保障性租赁住房项目", "住房保障处", "建设保障性租赁住房{m}套"),
    ("公共租赁住房项目", "住房保障处", "建设公共租赁住房{m}套"),
    ("燃气管网改造工程", "燃气处", "改造燃气管网{n}公里"),
    ("燃气管网新建工程", "燃气处", "新建燃气管网{n}公里"),
    ("公园建设工程", "园林绿化处", "建设公园绿地{n}公顷"),
    ("绿道建设工程", "园林绿化处", "建设绿道{n}公里"),
    ("停车场建设项目", "市城投集团", "新建公共停车位{m}个"),
    ("片区综合开发项目", "市城投集团", "片区土地整理及配套设施{n}公顷"),
)
PROBLEMS = (
    "征地拆迁未完成，影响施工作业面",
    "用地手续尚未办结",
    "地方专项债券资金到位晚于计划",
    "施工许可办理滞后",
    "管线迁改协调进度慢",
    "设计方案调整，施工图审查未通过",
    "施工单位人员、机械投入不足",
)
HEADERS = (
    "项目编号", "项目名称", "建设性质", "建设内容及规模", "总投资(万元)", "年度计划投资(万元)",
    "本年累计完成投资(万元)", "形象进度", "项目阶段", "计划开工日期", "实际开工日期",
    "计划竣工日期", "实际竣工日期", "责任单位", "责任领导", "所属地区", "存在问题", "截至日期",
    *[f"{m}月计划投资" for m in range(1, 13)],
)  # fmt: skip


@dataclass
class Project:
    code: str
    name: str
    scope: str
    unit: str
    leader: str
    district: str
    group: str
    plan: int = 0
    invested: int = 0  # by the end of September
    total: int = 0
    planned_start: date | None = None
    actual_start: date | None = None
    planned_finish: date | None = None
    actual_finish: date | None = None
    monthly: list[int] = field(default_factory=list)
    problem: str = ""
    curve: float = 1.0


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def allocate(rng: random.Random, total: int, count: int, step: int, minimum: int) -> list[int]:
    """`count` multiples of `step`, each at least `minimum`, summing exactly to `total`."""
    units = total // step
    floor_units = minimum // step
    weights = [rng.lognormvariate(0, 0.8) for _ in range(count)]
    spare = units - floor_units * count
    raw = [spare * w / sum(weights) for w in weights]
    shares = [int(r) for r in raw]
    by_remainder = sorted(range(count), key=lambda i: raw[i] - shares[i], reverse=True)
    for i in by_remainder[: spare - sum(shares)]:
        shares[i] += 1
    return [(floor_units + s) * step for s in shares]


def some_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def make_projects(rng: random.Random) -> list[Project]:
    names = [(p, k) for p in PLACES for k in KINDS]
    rng.shuffle(names)
    groups = [g for g, (n, _, _) in GROUPS.items() for _ in range(n)]
    rng.shuffle(groups)
    projects = []
    for number, (group, (place, (kind, unit, scope))) in enumerate(
        zip(groups, names, strict=False), start=1
    ):
        district = DISTRICTS[rng.randrange(len(DISTRICTS))]
        leader = dict(UNITS)[unit]
        scope_text = scope.format(n=rng.randint(2, 30), m=rng.randint(3, 40) * 50)
        projects.append(
            Project(
                code=f"CJ{YEAR}-{number:03d}",
                name=f"{district}{place}{kind}",
                scope=scope_text,
                unit=unit,
                leader=leader,
                district=district,
                group=group,
                curve=rng.uniform(0.8, 1.6),
            )
        )
    return projects


def set_money(rng: random.Random, projects: list[Project]) -> None:
    for group, (count, plan, invested) in GROUPS.items():
        members = [p for p in projects if p.group == group]
        assert len(members) == count
        for p, amount in zip(members, allocate(rng, plan, count, 4, 400), strict=True):
            p.plan = amount
        if group == "completed":
            for p in members:
                p.invested = p.plan
        elif group == "on_schedule":
            base = [p.plan * 3 // 4 for p in members]
            extra = allocate(rng, invested - sum(base), count, 1, 0)
            for p, b, e in zip(members, base, extra, strict=True):
                p.invested = b + e
        elif group == "behind":
            ratios = [rng.uniform(0.35, 0.9) for _ in members]
            raw = [r * p.plan * 0.75 for r, p in zip(ratios, members, strict=True)]
            scale = invested / sum(raw)
            amounts = [int(r * scale) for r in raw]
            amounts[0] += invested - sum(amounts)
            for p, a in zip(members, amounts, strict=True):
                p.invested = a
                assert 0 < a < p.plan * 0.75, (p.code, a, p.plan)
    raw = [p.plan * rng.uniform(1.2, 4.0) for p in projects]
    scale = TOTAL_INVESTMENT / sum(raw)
    for p, r in zip(projects, raw, strict=True):
        p.total = max(p.plan, int(r * scale))
    largest = max(projects, key=lambda p: p.total)
    largest.total += TOTAL_INVESTMENT - sum(p.total for p in projects)


def set_dates(rng: random.Random, projects: list[Project]) -> None:
    on_schedule = [p for p in projects if p.group == "on_schedule"]
    behind = [p for p in projects if p.group == "behind"]
    not_started = [p for p in projects if p.group == "not_started"]
    for p in projects:
        if p.group == "not_started":
            continue
        begun_before = rng.random() < 0.55
        if begun_before:
            p.actual_start = some_day(rng, date(2019, 3, 1), date(2021, 11, 30))
        else:
            p.actual_start = some_day(rng, date(YEAR, 1, 10), date(YEAR, 8, 31))
        p.planned_start = p.actual_start - timedelta(days=rng.choice((0, 0, 7, 15, 30)))
        p.planned_finish = some_day(rng, date(YEAR + 1, 3, 1), date(YEAR + 3, 12, 31))
    for p in [p for p in projects if p.group == "completed"]:
        p.actual_start = min(p.actual_start, date(2021, 12, 31))
        p.planned_start = min(p.planned_start, p.actual_start)
        p.actual_finish = some_day(rng, date(YEAR, 1, 15), date(YEAR, 9, 25))
        p.planned_finish = p.actual_finish + timedelta(days=rng.choice((-20, 0, 0, 10, 30)))
    for p in on_schedule[:ON_SCHEDULE_FINISHING]:
        p.planned_finish = some_day(rng, date(YEAR, 10, 10), date(YEAR, 12, 31))
    this_month, long_ago = BEHIND_FINISH_MISSED
    for p in behind[:this_month]:
        p.planned_finish = some_day(rng, date(YEAR, 9, 1), date(YEAR, 9, 29))
    for p in behind[this_month : this_month + long_ago]:
        p.planned_finish = some_day(rng, date(YEAR, 3, 1), date(YEAR, 6, 30))
    for p in behind[this_month + long_ago :]:
        p.planned_finish = max(p.planned_finish, date(YEAR + 1, 1, 15))
    for p in behind[: this_month + long_ago]:
        p.actual_start = min(p.actual_start, date(2021, 6, 30))
        p.planned_start = min(p.planned_start, p.actual_start)
    splits = NOT_STARTED_SPLIT
    for i, p in enumerate(not_started):
        if i < splits["ahead"]:
            p.planned_start = some_day(rng, date(YEAR, 10, 8), date(YEAR, 12, 20))
        elif i < splits["ahead"] + splits["missed_recently"]:
            p.planned_start = some_day(rng, date(YEAR, 7, 1), date(YEAR, 9, 28))
        else:
            p.planned_start = some_day(rng, date(YEAR, 1, 5), date(YEAR, 6, 30))
        p.planned_finish = some_day(rng, date(YEAR + 1, 6, 1), date(YEAR + 3, 6, 30))
        p.problem = PROBLEMS[rng.randrange(3)]
    for p in behind:
        p.problem = PROBLEMS[rng.randrange(len(PROBLEMS))]


def set_monthly_plans(rng: random.Random, projects: list[Project]) -> None:
    """The first on-schedule projects plan month by month: three quarters of the year's plan by
    the end of September, like the even plan the others are measured against."""
    for p in [p for p in projects if p.group == "on_schedule"][-MONTHLY_PLANNED:]:
        by_september = allocate(rng, p.plan * 3 // 4, 9, 1, 0)
        rest = allocate(rng, p.plan - p.plan * 3 // 4, 3, 1, 0)
        p.monthly = by_september + rest


def invested_by(p: Project, day: date) -> int:
    """Cumulative investment this year by `day`, rising to the September figure."""
    if p.actual_start is None or p.actual_start > day:
        return 0
    start = max(p.actual_start, date(YEAR, 1, 1))
    end = p.actual_finish or AS_OF
    if day >= end:
        return p.invested
    share = ((day - start).days + 1) / ((end - start).days + 1)
    return int(p.invested * share**p.curve)


def stage_on(p: Project, day: date) -> str:
    if p.actual_finish is not None and p.actual_finish <= day:
        return "竣工"
    if p.actual_start is not None and p.actual_start <= day:
        return "开工" if p.actual_start.year == YEAR else "在建"
    return "储备" if p.planned_start and p.planned_start > AS_OF else "谋划"


def progress_on(p: Project, day: date, stage: str) -> str:
    if stage == "竣工":
        return "已完工，竣工验收备案完成"
    if stage in ("谋划", "储备"):
        return "前期手续办理中" if stage == "谋划" else "施工图设计完成，施工招标准备中"
    share = invested_by(p, day) / max(p.plan, 1)
    if share < 0.2:
        return "完成场地平整，桩基施工中"
    if share < 0.5:
        return "基础施工完成，主体结构施工中"
    return f"主体结构完成约{min(95, int(share * 100)) // 5 * 5}%"


def nature(p: Project) -> str:
    if p.planned_finish and p.planned_finish.year == YEAR:
        return "竣工"
    if p.actual_start is not None and p.actual_start.year < YEAR:
        return "续建"
    return "新建"


def text(day: date | None) -> str:
    return day.isoformat() if day else ""


def rows(projects: list[Project]):
    for month in MONTHS:
        day = month_end(YEAR, month)
        for p in projects:
            stage = stage_on(p, day)
            started = p.actual_start if p.actual_start and p.actual_start <= day else None
            finished = p.actual_finish if p.actual_finish and p.actual_finish <= day else None
            yield [
                p.code,
                p.name,
                nature(p),
                p.scope,
                p.total,
                p.plan,
                invested_by(p, day),
                progress_on(p, day, stage),
                stage,
                text(p.planned_start),
                text(started),
                text(p.planned_finish),
                text(finished),
                p.unit,
                p.leader,
                p.district,
                p.problem if p.group in ("behind", "not_started") else "",
                day.isoformat(),
                *(p.monthly or [""] * 12),
            ]


def build() -> list[Project]:
    rng = random.Random(20220930)
    projects = make_projects(rng)
    set_money(rng, projects)
    set_dates(rng, projects)
    set_monthly_plans(rng, projects)
    return projects


def main() -> None:
    projects = build()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["某市住房和城乡建设局2022年城建重点项目台账（1-9月）"])
    writer.writerow(HEADERS)
    writer.writerows(rows(projects))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / FILE_NAME).write_bytes(buffer.getvalue().encode("utf-8-sig"))
    print(f"{OUT / FILE_NAME}: {len(projects)} projects, {len(projects) * len(MONTHS)} rows")


if __name__ == "__main__":
    main()
