"""Province-scale progress data for the benchmark, generated inside DuckDB.

A province of 200 regions (cities' districts and counties), each running the same 100 indicators
of 20 key tasks, reporting every Friday. One year is about 1.04 million snapshot rows, ten years
about 10.4 million. Every value comes from a hash of the indicator and the year, so the same
arguments always give the same store.

The store is made with `Store.open`, so the schema is the real one; rows go in one year at a time
in date order, as weekly uploads would have put them there.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from tracker.intake.fields import normalise
from tracker.store import Store

LAST_YEAR = 2025
UPLOADER = "省住建厅汇总"
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Measure:
    name: str
    unit: str
    base_target: float  # a mid-sized region's annual target
    decimals: int = 0
    direction: str = "higher"


@dataclass(frozen=True)
class Task:
    code: str
    name: str
    category: str
    area: str
    lead_unit: str
    measures: tuple[Measure, ...]


M = Measure
TASKS: tuple[Task, ...] = (
    Task(
        "A-01",
        "地下综合管廊建设",
        "攻坚专班",
        "经济发展",
        "城建科",
        (
            M("新建地下综合管廊", "公里", 20, 1),
            M("管廊投资完成额", "亿元", 8, 2),
            M("入廊管线长度", "公里", 35, 1),
            M("管廊项目开工", "个", 6),
            M("管廊项目竣工验收", "个", 4),
        ),
    ),
    Task(
        "A-02",
        "公共住房新增筹集建设",
        "攻坚专班",
        "保障民生",
        "住房保障科",
        (
            M("公共住房新增筹集", "套", 10000),
            M("公共住房开工", "套", 6000),
            M("公共住房竣工", "套", 4000),
            M("人才住房筹集", "套", 2500),
            M("安居型商品房筹集", "套", 1500),
        ),
    ),
    Task(
        "A-03",
        "建筑施工安全整治",
        "攻坚专班",
        "安全发展",
        "安全监督站",
        (
            M("建筑施工生产安全事故", "起", 6, 0, "lower"),
            M("较大及以上安全事故", "起", 2, 0, "lower"),
            M("在建工地安全隐患整改", "项", 1200),
            M("安全生产专项检查", "次", 300),
            M("施工人员安全培训", "人次", 20000),
        ),
    ),
    Task(
        "B-01",
        "公共住房供应",
        "市对区考核任务",
        "保障民生",
        "住房保障科",
        (
            M("公共住房供应", "套", 3000),
            M("公租房分配", "套", 1200),
            M("保障性租赁住房分配", "套", 1800),
            M("共有产权住房供应", "套", 600),
            M("住房保障受益家庭", "户", 5000),
        ),
    ),
    Task(
        "B-02",
        "筹集租赁住房",
        "市对区考核任务",
        "保障民生",
        "房地产市场科",
        (
            M("筹集租赁住房", "套", 25000),
            M("城中村规模化租赁改造", "套", 8000),
            M("非居住存量房屋改建租赁住房", "套", 3000),
            M("租赁住房网签备案", "套", 40000),
            M("培育住房租赁企业", "家", 20),
        ),
    ),
    Task(
        "B-03",
        "新开工住房",
        "市对区考核任务",
        "经济发展",
        "建设管理科",
        (
            M("新开工住房面积", "万平方米", 225, 2),
            M("商品住房新开工面积", "万平方米", 150, 2),
            M("保障性住房新开工面积", "万平方米", 60, 2),
            M("住房竣工面积", "万平方米", 180, 2),
            M("房地产开发投资", "亿元", 90, 2),
        ),
    ),
    Task(
        "B-04",
        "城中村天然气管道改造",
        "市对区考核任务",
        "安全发展",
        "燃气管理科",
        (
            M("城中村天然气管道改造", "个", 211),
            M("新建燃气管网", "公里", 28, 1),
            M("瓶装气用户转管道气", "户", 30000),
            M("燃气老旧管网更新", "公里", 40, 1),
            M("燃气安全隐患整治", "处", 800),
        ),
    ),
    Task(
        "B-05",
        "老旧小区改造",
        "市对区考核任务",
        "保障民生",
        "城市更新科",
        (
            M("老旧小区改造开工", "个", 120),
            M("老旧小区改造完工", "个", 80),
            M("既有住宅加装电梯", "部", 300),
            M("改造惠及居民", "户", 40000),
            M("老旧小区改造投资", "亿元", 12, 2),
        ),
    ),
    Task(
        "B-06",
        "棚户区改造",
        "市对区考核任务",
        "保障民生",
        "征收办",
        (
            M("棚户区改造开工", "套", 5000),
            M("棚户区改造基本建成", "套", 3000),
            M("征收拆迁面积", "万平方米", 158, 2),
            M("棚改货币化安置", "户", 1500),
            M("棚改项目投资", "亿元", 25, 2),
        ),
    ),
    Task(
        "C-01",
        "城市更新",
        "区重点工作",
        "重点产业",
        "城市更新科",
        (
            M("城市更新单元计划立项", "个", 10),
            M("城市更新拆除用地", "公顷", 50, 1),
            M("城市更新供应用地", "公顷", 30, 1),
            M("城市更新固定资产投资", "亿元", 60, 2),
            M("城中村拆除面积", "万平方米", 50, 2),
        ),
    ),
    Task(
        "C-02",
        "建筑业高质量发展",
        "区重点工作",
        "重点产业",
        "建筑业管理科",
        (
            M("建筑业总产值", "亿元", 500, 2),
            M("新签合同额", "亿元", 600, 2),
            M("新增资质升级建筑企业", "家", 30),
            M("培育龙头建筑企业", "家", 5),
            M("建筑业税收", "亿元", 40, 2),
        ),
    ),
    Task(
        "C-03",
        "装配式建筑推广",
        "区重点工作",
        "重点产业",
        "科技设计科",
        (
            M("新开工装配式建筑面积", "万平方米", 120, 2),
            M("装配式建筑示范项目", "个", 8),
            M("预制构件生产基地", "个", 3),
            M("装配式装修面积", "万平方米", 30, 2),
            M("BIM技术应用项目", "个", 20),
        ),
    ),
    Task(
        "C-04",
        "绿色建筑",
        "区重点工作",
        "重点产业",
        "科技设计科",
        (
            M("新建绿色建筑面积", "万平方米", 300, 2),
            M("既有建筑节能改造", "万平方米", 40, 2),
            M("可再生能源建筑应用面积", "万平方米", 50, 2),
            M("星级绿色建筑标识项目", "个", 15),
            M("超低能耗建筑面积", "万平方米", 5, 2),
        ),
    ),
    Task(
        "C-05",
        "海绵城市建设",
        "区重点工作",
        "安全发展",
        "城建科",
        (
            M("海绵城市达标面积", "平方公里", 12, 2),
            M("黑臭水体整治", "条", 6),
            M("易涝点整治", "处", 25),
            M("新建雨水管网", "公里", 30, 1),
            M("城市内涝积水点", "处", 10, 0, "lower"),
        ),
    ),
    Task(
        "C-06",
        "物业管理提升",
        "区重点工作",
        "机制构建",
        "物业管理科",
        (
            M("物业服务覆盖小区", "个", 300),
            M("业主委员会组建", "个", 120),
            M("红色物业示范小区", "个", 40),
            M("物业服务投诉", "件", 500, 0, "lower"),
            M("专项维修资金归集", "亿元", 3, 2),
        ),
    ),
    Task(
        "C-07",
        "房地产市场平稳健康发展",
        "区重点工作",
        "经济发展",
        "房地产市场科",
        (
            M("商品房销售面积", "万平方米", 400, 2),
            M("商品房网签备案", "套", 30000),
            M("保交楼项目交付", "套", 8000),
            M("房地产信访积案化解", "件", 200),
            M("房地产投诉", "件", 1500, 0, "lower"),
        ),
    ),
    Task(
        "C-08",
        "农村危房改造",
        "区重点工作",
        "保障民生",
        "村镇建设科",
        (
            M("农村危房改造", "户", 600),
            M("农房抗震改造", "户", 300),
            M("传统村落保护修缮", "个", 10),
            M("生活垃圾收运覆盖行政村", "个", 100),
            M("美丽宜居村庄创建", "个", 20),
        ),
    ),
    Task(
        "C-09",
        "工程建设领域欠薪治理",
        "区重点工作",
        "机制构建",
        "建筑市场科",
        (
            M("欠薪投诉案件", "件", 150, 0, "lower"),
            M("欠薪案件办结", "件", 200),
            M("农民工实名制覆盖项目", "个", 400),
            M("开设工资专用账户项目", "个", 400),
            M("工资保证金缴存", "亿元", 2, 2),
        ),
    ),
    Task(
        "C-10",
        "智慧住建",
        "区重点工作",
        "机制构建",
        "信息中心",
        (
            M("工程建设审批事项网办", "项", 80),
            M("施工图数字化审查项目", "个", 300),
            M("智慧工地建设", "个", 150),
            M("住房保障业务网办", "件", 20000),
            M("CIM平台数据接入图层", "层", 60),
        ),
    ),
    Task(
        "C-11",
        "市政设施建设",
        "区重点工作",
        "安全发展",
        "市政科",
        (
            M("市政道路新建改造", "公里", 40, 1),
            M("城市桥梁安全检测", "座", 120),
            M("城市照明设施改造", "盏", 5000),
            M("新增公园绿地", "公顷", 30, 1),
            M("老旧供水管网改造", "公里", 60, 1),
        ),
    ),
)
del M

CITIES = (
    "江城",
    "云川",
    "临海",
    "青阳",
    "安平",
    "长宁",
    "白沙",
    "金川",
    "南岭",
    "东陵",
    "西江",
    "凤鸣",
    "石门",
    "龙泉",
    "清河",
    "望湖",
    "桐乡",
    "玉溪",
    "嘉禾",
    "丰泽",
)
DISTRICTS = (
    "主城区",
    "东城区",
    "西城区",
    "南湖区",
    "北山区",
    "新区",
    "高新区",
    "经开区",
    "滨江区",
    "东湖县",
)
LEADERS = (
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周涛",
    "吴军",
    "徐丽",
    "孙强",
    "胡斌",
    "朱红",
    "高翔",
    "林峰",
    "何平",
    "郭亮",
    "马超",
    "罗琳",
)
PROGRESS_NOTES = (
    "按计划推进",
    "已完成主体结构施工",
    "正在开展前期工作",
    "已完成招标",
    "项目已全面开工",
    "部分项目进入验收阶段",
    "正在加快推进",
    "已完成阶段性目标",
)
PROBLEMS = (
    "征地拆迁进度偏慢",
    "资金到位不及时",
    "审批手续尚未办结",
    "施工受天气影响",
    "部分项目前期工作滞后",
)
NEXT_STEPS = (
    "倒排工期，每周调度",
    "加快办理审批手续",
    "协调资金尽快到位",
    "加密督导检查",
    "挂图作战，专班推进",
)

MAX_REGIONS = len(CITIES) * len(DISTRICTS)
MAX_INDICATORS_PER_REGION = sum(len(t.measures) for t in TASKS)


def region_names(count: int) -> list[str]:
    """Districts city by city: 江城市主城区, 江城市东城区, ..., 丰泽市东湖县."""
    if not 1 <= count <= MAX_REGIONS:
        raise ValueError(f"regions must be 1..{MAX_REGIONS}")
    return [city + "市" + district for city in CITIES for district in DISTRICTS][:count]


def catalogue(indicators_per_region: int) -> pd.DataFrame:
    """The indicators every region runs, task by task.

    A smaller province takes the first measure of every task before the second of any, so even
    ten indicators span ten tasks and include a "lower is better" one.
    """
    if not 1 <= indicators_per_region <= MAX_INDICATORS_PER_REGION:
        raise ValueError(f"indicators_per_region must be 1..{MAX_INDICATORS_PER_REGION}")
    entries = []
    for task_no, task in enumerate(TASKS):
        for rank, measure in enumerate(task.measures):
            entries.append(
                {
                    "pick_order": rank * len(TASKS) + task_no,
                    "task_no": task_no,
                    "rank": rank,
                    "task_code": task.code,
                    "task": task.name,
                    "task_key": normalise(task.name),
                    "indicator": measure.name,
                    "indicator_key": normalise(measure.name),
                    "unit": measure.unit,
                    "direction": measure.direction,
                    "base_target": float(measure.base_target),
                    "decimals": measure.decimals,
                    "category": task.category,
                    "area": task.area,
                    "lead_unit": task.lead_unit,
                    "lead_unit_key": normalise(task.lead_unit),
                }
            )
    chosen = pd.DataFrame(entries).nsmallest(indicators_per_region, "pick_order")
    chosen = chosen.sort_values(["task_no", "rank"]).reset_index(drop=True)
    chosen.insert(0, "position", range(1, len(chosen) + 1))
    return chosen.drop(columns=["pick_order", "rank"])


def fridays(first_year: int, last_year: int) -> tuple[date, date]:
    """The first and last Friday of the span of years."""
    first = date(first_year, 1, 1)
    first += timedelta(days=(4 - first.weekday()) % 7)
    last = date(last_year, 12, 31)
    last -= timedelta(days=(last.weekday() - 4) % 7)
    return first, last


def _stage(
    cur: duckdb.DuckDBPyConnection,
    regions: int,
    indicators_per_region: int,
    first_year: int,
    last_year: int,
) -> None:
    """Temporary tables the rows are drawn from: indicators, weeks and each indicator's yearly plan."""
    names = region_names(regions)
    cur.register(
        "bench_regions",
        pd.DataFrame(
            {
                "region_no": range(1, regions + 1),
                "region": names,
                "region_key": [normalise(n) for n in names],
            }
        ),
    )
    cur.register("bench_catalogue", catalogue(indicators_per_region))
    first_friday, last_friday = fridays(first_year, last_year)
    # Uniform in [0, 1) from a hash: deterministic, and independent for each salt.
    cur.execute(
        "create or replace temp macro bench_uniform(a, b, salt) as (hash(a, b, salt) % 1000003) / 1000003.0"
    )
    cur.execute(
        "create or replace temp macro bench_pick(items, a, b) as items[1 + (hash(a, b) % len(items))::bigint]"
    )
    cur.execute(
        """
        create or replace temp table bench_indicators as
        select
            (r.region_no - 1) * $per_region + c.position as indicator_id,
            r.region_key || chr(31) || c.task_key || chr(31) || c.indicator_key as name_key,
            -- as tracker/intake/identity.py keys an indicator: its names and its owner
            r.region_key || chr(31) || c.task_key || chr(31) || c.indicator_key
                || chr(31) || c.lead_unit_key as match_key,
            r.region, c.task_code, c.task, c.indicator, c.unit, c.direction, c.category, c.area,
            c.lead_unit,
            bench_pick($leaders, r.region_no, c.task_no) as leader,
            -- regions differ in size: targets from half to twice the catalogue's
            c.base_target * (0.5 + 1.5 * bench_uniform(r.region_no, 0, 0)) as target_scale,
            c.decimals::integer as decimals
        from bench_regions r cross join bench_catalogue c
        """,
        {"per_region": indicators_per_region, "leaders": list(LEADERS)},
    )
    cur.execute(
        """
        create or replace temp table bench_weeks as
        select
            d::date as as_of,
            year(d)::smallint as year,
            row_number() over (order by d) as batch_id,
            -- the time schedule by month, as the status query computes it
            (month(d) - 1 + day(d) / day(last_day(d::date))) / 12 as elapsed
        from generate_series($first::timestamp, $last::timestamp, interval 7 day) t(d)
        """,
        {"first": first_friday, "last": last_friday},
    )
    cur.execute(
        """
        create or replace temp table bench_plans as
        select
            i.indicator_id, y.year, i.direction, i.decimals,
            greatest(
                round(i.target_scale * (0.8 + 0.4 * bench_uniform(i.indicator_id, y.year, 1)), i.decimals),
                1
            ) as annual_target,
            -- year-end completion between 60% and 135% of the target
            0.6 + 0.75 * bench_uniform(i.indicator_id, y.year, 2) as pace,
            -- early or late starters: progress follows elapsed ^ shape after a delay
            0.6 + 0.7 * bench_uniform(i.indicator_id, y.year, 3) as shape,
            0.15 * greatest(bench_uniform(i.indicator_id, y.year, 4) - 0.5, 0) as delay,
            -- some indicators carry a milestone plan (序时目标)
            bench_uniform(i.indicator_id, y.year, 5) < 0.3 and i.direction = 'higher' as has_plan,
            0.8 + 0.5 * bench_uniform(i.indicator_id, y.year, 6) as plan_shape
        from bench_indicators i
        cross join (select distinct year from bench_weeks) y
        """
    )


_ROWS = """
    select
        w.batch_id,
        p.indicator_id,
        w.as_of,
        w.year,
        p.annual_target,
        case p.direction
            when 'lower' then round(p.annual_target * p.pace * w.elapsed, p.decimals)
            else round(
                p.annual_target * p.pace
                    * power(greatest(w.elapsed - p.delay, 0) / (1 - p.delay), p.shape),
                p.decimals
            )
        end as actual,
        case when p.has_plan then round(p.annual_target * power(w.elapsed, p.plan_shape), p.decimals) end
            as planned,
        i.task_code, i.lead_unit, i.leader, i.category, i.area,
        bench_pick($notes, p.indicator_id, w.as_of) as progress_note,
        i.region, i.task, i.indicator, i.unit, i.direction,
        -- the weekly file lists every indicator in id order under one header row
        (p.indicator_id + 1)::integer as source_row
    from bench_weeks w
    join bench_plans p using (year)
    join bench_indicators i using (indicator_id)
    where w.year = $year and w.as_of <= $until
"""

# Problems and next steps are written only where an indicator is more than 10 points behind.
_WITH_REMARKS = f"""
    select
        *,
        case when lagging then bench_pick($problems, indicator_id, year) end as problems,
        case when lagging then bench_pick($next_steps, indicator_id, year) end as next_steps
    from (
        select r.*, direction = 'higher' and actual / annual_target < w.elapsed - 0.1 as lagging
        from ({_ROWS}) r join bench_weeks w using (batch_id)
    )
"""

_TEXT_LISTS = {
    "notes": list(PROGRESS_NOTES),
    "problems": list(PROBLEMS),
    "next_steps": list(NEXT_STEPS),
}


def generate(
    path: str | os.PathLike,
    years: int = 10,
    regions: int = 200,
    indicators_per_region: int = 100,
    last_year: int = LAST_YEAR,
) -> Store:
    """A new store at `path` holding `years` years of weekly snapshots ending with `last_year`."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; the generator only fills a new store")
    store = Store.open(path)
    first_year = last_year - years + 1
    cur = store.cursor()
    try:
        cur.execute("set enable_progress_bar = false")
        _stage(cur, regions, indicators_per_region, first_year, last_year)
        indicator_count = regions * indicators_per_region
        cur.execute("begin transaction")
        cur.execute(
            """
            insert into batches (batch_id, uploaded_at, uploaded_by, file_name, sha256, row_count)
            select
                batch_id,
                as_of + interval 17 hour,
                $by,
                strftime(as_of, '%Y-%m-%d') || '全省重点任务进展.csv',
                sha256(strftime(as_of, '%Y-%m-%d') || $by),
                $rows
            from bench_weeks
            order by batch_id
            """,
            {"by": UPLOADER, "rows": indicator_count},
        )
        cur.execute(
            """
            insert into indicators (
                indicator_id, match_key, name_key, region, task, indicator, lead_unit, unit,
                direction, created_batch
            )
            select
                indicator_id, match_key, name_key, region, task, indicator, lead_unit, unit,
                direction, 1
            from bench_indicators
            order by indicator_id
            """
        )
        # The ids were given explicitly; move the sequences past them for later uploads.
        cur.execute("select max(nextval('batch_id_seq')) from bench_weeks")
        cur.execute("select max(nextval('indicator_id_seq')) from bench_indicators")
        cur.execute("commit")
        for year in range(first_year, last_year + 1):
            cur.execute("begin transaction")
            cur.execute(
                f"""
                insert into snapshots by name
                select batch_id, indicator_id, as_of, year, annual_target, actual, planned,
                       task_code, lead_unit, leader, category, area,
                       progress_note, problems, next_steps, source_row,
                       -- in force until the next Friday's report, the last one until new year
                       least(as_of + 7, make_date(year + 1, 1, 1)) as valid_to,
                       -- every indicator reports every Friday: its first report is the year's first
                       year(as_of - 7) < year as first_in_year
                from ({_WITH_REMARKS})
                order by batch_id, indicator_id
                """,
                {"year": year, "until": date(year, 12, 31), **_TEXT_LISTS},
            )
            cur.execute("commit")
        with store.transaction() as tx:
            store.bump_data_version(tx)
        cur.execute("checkpoint")
    finally:
        cur.close()
    return store


UPLOAD_HEADERS = {
    "as_of": "截至日期",
    "region": "所属地区",
    "task_code": "任务编号",
    "task": "任务名称",
    "indicator": "指标名称",
    "unit": "计量单位",
    "direction": "指标方向",
    "annual_target": "年度目标",
    "planned": "序时目标",
    "actual": "累计完成",
    "lead_unit": "牵头单位",
    "leader": "责任领导",
    "category": "任务类别",
    "area": "所属领域",
    "progress_note": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步措施",
}


def write_upload_file(
    path: str | os.PathLike,
    rows: int = 1_000_000,
    year: int = LAST_YEAR,
    regions: int = 200,
    indicators_per_region: int = 100,
) -> Path:
    """A province's combined ledger as staff would upload it: Excel's "CSV UTF-8" (BOM, CRLF).

    Every indicator on each Friday from the start of `year`, dates as Excel writes them
    (2025/1/3), whole numbers without a decimal point; 20,000 indicators x 50 Fridays is a
    million rows.
    """
    path = Path(path)
    indicator_count = regions * indicators_per_region
    weeks_needed = -(-rows // indicator_count)
    con = duckdb.connect()
    try:
        con.execute("set enable_progress_bar = false")
        _stage(con, regions, indicators_per_region, year, year)
        weeks = [
            d for (d,) in con.execute("select as_of from bench_weeks order by as_of").fetchall()
        ]
        if weeks_needed > len(weeks):
            raise ValueError(f"{rows} rows need more Fridays than {year} has")
        columns = ",\n".join(
            f'{_upload_cell(name)} as "{header}"' for name, header in UPLOAD_HEADERS.items()
        )
        unfinished = path.with_name(path.name + ".part")
        quoted = str(unfinished).replace("'", "''")
        con.execute(
            f"""
            copy (
                select {columns}
                from ({_WITH_REMARKS}) r
                order by batch_id, indicator_id
                limit {int(rows)}
            ) to '{quoted}' (header, delimiter ',', new_line '\r\n')
            """,
            {"year": year, "until": weeks[weeks_needed - 1], **_TEXT_LISTS},
        )
    finally:
        con.close()
    with path.open("wb") as out, unfinished.open("rb") as body:
        out.write(UTF8_BOM)
        shutil.copyfileobj(body, out, length=1 << 22)
    unfinished.unlink()
    return path


def _upload_cell(name: str) -> str:
    """The SQL for one upload column as a spreadsheet would show it."""
    if name == "as_of":
        return "strftime(r.as_of, '%Y/%-m/%-d')"
    if name == "direction":
        return "case r.direction when 'lower' then '越小越好' else '越大越好' end"
    if name in ("annual_target", "planned", "actual"):
        return f"case when r.{name} = trunc(r.{name}) then r.{name}::bigint::varchar else r.{name}::varchar end"
    return f"r.{name}"
