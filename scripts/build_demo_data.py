"""Write the demo upload files into data/demo/.

The files are shaped like the spreadsheets a bureau's staff really upload (GBK CSV from Excel on
Chinese Windows, UTF-8 CSV with a BOM, XLSX with a title row and date cells, 1.04万 and full-width
digits in number cells) and are loaded through the ordinary upload path. Everything is written
from the tables below, so running the script twice gives byte-identical files.

    .venv/bin/python scripts/build_demo_data.py
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "demo"

REGION = "龙岗区"
CITY = "某市"

# Column order of the bureau's ledger template (工作台账).
LEDGER_COLUMNS = (
    "任务编号",
    "任务名称",
    "指标名称",
    "计量单位",
    "年度目标",
    "序时目标",
    "累计完成",
    "指标方向",
    "牵头单位",
    "责任领导",
    "任务类别",
    "所属领域",
    "所属地区",
    "进展情况",
    "存在问题",
    "下步措施",
)

# Leaders of the district bureau (局领导) and what they are in charge of.
DIRECTOR = "局长 周建华"
LI = "副局长 李明"  # 住房保障、房地产市场、物业管理
WANG = "副局长 王海涛"  # 建设管理、建筑市场、质量安全
LIU = "副局长 刘晓东"  # 燃气、城市更新
ZHAO = "副局长 赵文斌"  # 规划计划、建筑节能

KAOHE = "市对区考核任务"
ZHONGDIAN = "区重点工作"
GONGJIAN = "攻坚专班"

# What an on-track row's 存在问题 cell holds: people type all of these.
NOTHING_TO_REPORT = ("无", "/", "暂无", "无。", "")


@dataclass(frozen=True)
class Task:
    """One key task with one indicator, and its cumulative value at each quarter end."""

    code: str
    name: str
    indicator: str
    unit: str
    target: float
    values: tuple[float | None, ...]  # cumulative at each quarter end; None = not reported
    verb: str  # 累计{verb}{value}{unit}; empty when the detail text says it all
    lead: str
    leader: str
    category: str
    area: str
    details: tuple[str, ...]  # what was done, one per quarter
    issue: str = ""  # 存在问题 while behind the time schedule
    fix: str = ""  # 下步措施 while behind the time schedule
    keep: str = "继续加强调度，确保按期完成年度目标任务。"
    planned: tuple[float, ...] = ()  # milestone plan (序时目标), one per quarter
    direction: str = "越大越好"
    issue_by_q: dict[int, str] = field(default_factory=dict)
    fix_by_q: dict[int, str] = field(default_factory=dict)
    rate_places: int = 1


# ---------------------------------------------------------------------------------------------
# Longgang 2021: 19 key tasks, all complete at the year end.
# ---------------------------------------------------------------------------------------------

# fmt: off
TASKS_2021: tuple[Task, ...] = (
    Task(
        "2021-01", "地下综合管廊建设", "新建地下综合管廊", "公里", 13.94, (3.2, 7.6, 11.1, 19.3),
        "建成", "建设管理科", WANG, KAOHE, "经济发展",
        (
            "宝龙片区、大运新城片区管廊项目春节后全面复工，主体结构施工有序推进。",
            "宝龙片区管廊（一期）主体结构完工，坂田片区管廊进入管线入廊施工阶段。",
            "新增建成大运新城片区管廊3.5公里，平湖片区管廊主体基本完工。",
            "宝龙、大运新城、平湖、坂田等片区管廊全部完成竣工验收并移交运营管理单位。",
        ),
        issue="春节前后部分施工班组返岗慢，宝龙片区管廊基坑支护施工受降雨影响。",
        fix="督促施工单位增加作业面和施工班组，实行周调度、月通报，确保二季度追回进度。",
        keep="加强管廊施工质量安全监管，推动已建成管廊尽快投入运营。",
    ),
    Task(
        "2021-02", "公共住房新增筹集建设", "公共住房新增筹集建设量", "套", 10360,
        (1850, 4620, 7980, 10400),
        "筹集建设", "住房保障科", LI, KAOHE, "保障民生",
        (
            "通过城市更新配建、棚户区改造、人才住房专项用地等渠道筹集，已落实项目12个。",
            "新开工公共住房项目6个，另有4个项目完成规划设计方案审查。",
            "三季度集中开工龙城、坂田片区项目5个，累计落实项目31个。",
            "全年落实筹集建设项目38个，超额完成市下达目标任务。",
        ),
        issue="部分项目用地手续办理周期长，个别城市更新配建项目开工时间推迟。",
        fix="建立项目台账，逐一明确开工节点；协调规划土地部门加快办理用地手续。",
        keep="紧盯项目开工节点，确保年度任务按期完成。",
    ),
    Task(
        "2021-03", "公共住房供应", "公共住房供应量", "套", 2000, (620, 1530, 2870, 4280),
        "供应", "住房保障科", LI, KAOHE, "保障民生",
        (
            "完成2个人才住房项目配租，组织轮候家庭选房。",
            "完成1个安居型商品房项目认购和2批次公租房配租。",
            "已提前完成年度目标，继续推进新竣工项目配租。",
            "全年组织配租配售9批次，超额完成年度任务。",
        ),
        keep="加快已竣工项目验收和配租配售，提高房源使用效率。",
    ),
    Task(
        "2021-04", "筹集租赁住房", "租赁住房筹集量", "套", 24000, (5200, 11800, 19600, 25300),
        "筹集", "房地产市场监管科", LI, KAOHE, "保障民生",
        (
            "通过收购、租赁存量房屋及城中村规模化租赁改造等方式筹集房源。",
            "城中村规模化租赁项目签约加快，6月当月新增筹集3200套。",
            "完成布吉、南湾街道城中村规模化租赁改造项目备案。",
            "城中村规模化租赁改造项目全部完成备案并纳入租赁监管平台。",
        ),
        issue="城中村规模化租赁项目涉及业主多，逐栋签约协调难度大。",
        fix="联合街道逐栋上门沟通，推广“统租+改造”模式，加快签约进度。",
        keep="加强规模化租赁项目租金和房屋质量监管。",
    ),
    Task(
        "2021-05", "新开工住房", "新开工住房面积", "万平方米", 225, (48.6, 103.2, 171.5, 225.79),
        "新开工", "规划计划科", ZHAO, KAOHE, "经济发展",
        (
            "商品住房、公共住房项目春节后陆续复工，新开工项目9个。",
            "新开工项目21个，其中公共住房项目8个。",
            "协调解决3个项目施工许可问题，新开工项目累计34个。",
            "全年新开工住房项目46个，均已完成统计入库。",
        ),
        issue="部分项目施工图审查和施工许可办理滞后，开工时间推迟。",
        fix="实行“一项目一专班”，提前介入施工许可办理，推动项目尽快开工。",
        keep="持续跟踪项目开工节点，做好统计入库工作。",
        rate_places=2,
    ),
    Task(
        "2021-06", "城中村天然气管道改造", "城中村管道天然气改造", "个", 211, (38, 96, 162, 211),
        "完成改造", "燃气管理科", LIU, KAOHE, "安全发展",
        (
            "坪地、横岗街道城中村管道燃气改造全面铺开。",
            "完成平湖、布吉街道城中村主干管敷设，同步推进入户安装。",
            "剩余城中村改造项目全部进场施工，实行挂图作战。",
            "全区211个城中村天然气管道改造全部完成，实现城中村管道燃气全覆盖。",
        ),
        issue="部分城中村巷道狭窄、地下管线复杂，施工协调难度大，部分居民入户安装意愿不强。",
        fix="街道、社区联动做好入户动员，每周通报各街道改造进度。",
        keep="加强施工质量和安全管理，做好通气点火和用户安全用气宣传。",
    ),
    Task(
        "2021-07", "建筑废弃物综合利用", "建筑废弃物综合利用量", "万吨", 300, (62, 158, 241, 318),
        "综合利用", "建设管理科", WANG, ZHONGDIAN, "重点产业",
        (
            "全区在运营综合利用厂4家，加强工地出土和拆除废弃物去向管理。",
            "推进拆除工程建筑废弃物现场综合利用，新增现场处理点3个。",
            "综合利用再生产品在市政道路和公共住房项目中推广使用。",
            "全年建筑废弃物综合利用量超额完成目标，再生产品应用范围持续扩大。",
        ),
        issue="一季度部分综合利用厂设备检修，处理能力未完全释放。",
        fix="督促综合利用厂尽快恢复满负荷生产，引导拆除工程就地处理。",
        keep="加强综合利用厂日常监管，推动再生产品推广应用。",
    ),
    Task(
        "2021-08", "老旧小区改造", "老旧小区综合整治", "个", 46, (5, 17, 33, 48),
        "完成整治", "物业管理科", LI, ZHONGDIAN, "保障民生",
        (
            "完成年度改造清单确认和居民意愿征询，5个小区完成整治。",
            "二批次改造项目完成设计方案公示，12个小区进场施工。",
            "加装电梯、雨污分流、外立面整治等项目同步推进。",
            "全年完成48个老旧小区综合整治，惠及居民约1.6万户。",
        ),
        issue="改造方案需逐个小区征求业主意见，前期工作耗时较长；部分小区业主对加装电梯意见不统一。",
        fix="街道、社区协同做好群众工作，施工单位增加班组，倒排工期确保年底前完成。",
        issue_by_q={2: "部分项目受雨季影响停工，外立面整治进度偏慢。"},
        fix_by_q={2: "抢抓四季度施工黄金期，实行周调度，确保12月底前全部完工。"},
        keep="做好改造项目竣工验收和后续物业管理衔接。",
    ),
    Task(
        "2021-09", "燃气安全专项整治", "瓶装燃气用户入户安检", "户", 60000,
        (18200, 35600, 49800, 62350),
        "完成入户安检", "燃气管理科", LIU, KAOHE, "安全发展",
        (
            "开展瓶装液化石油气用户入户安检，同步排查餐饮场所燃气安全隐患。",
            "完成全区餐饮场所燃气安全隐患排查，整改隐患1260处。",
            "开展燃气安全“百日行动”，加大违法储存、使用瓶装燃气查处力度。",
            "全年排查整改燃气安全隐患4100余处，隐患整改率100％。",
        ),
        keep="持续开展燃气安全隐患排查整治，严厉打击违法违规经营行为。",
    ),
    Task(
        "2021-10", "建设工程质量安全", "工程质量安全监督检查", "项次", 1200, (310, 640, 930, 1265),
        "开展监督检查", "工程质量安全监督站", WANG, KAOHE, "安全发展",
        (
            "开展节后复工安全大检查，在建工地检查全覆盖。",
            "开展汛期安全、深基坑和高支模专项检查。",
            "开展工程质量安全“双随机”检查，发出整改通知书86份。",
            "全年未发生较大及以上建筑施工安全生产事故。",
        ),
        keep="持续开展质量安全隐患排查，压实参建各方主体责任。",
    ),
    Task(
        "2021-11", "棚户区改造", "棚户区改造开工", "套", 3000, (0, 1200, 2100, 3080),
        "开工", "城市更新科", LIU, ZHONGDIAN, "保障民生",
        (
            "2个棚改项目完成签约，正在办理开工前手续。",
            "龙城街道棚改项目1200套开工建设。",
            "布吉街道棚改项目一期900套开工。",
            "年度棚改项目全部开工建设。",
        ),
        issue="项目规划许可尚未取得，开工手续办理时间较长。",
        fix="协调规划部门并联审批，力争二季度实现开工。",
        issue_by_q={
            1: "布吉街道棚改项目签约率未达到开工条件。",
            2: "布吉街道棚改项目二期仍有少量住户未签约。",
        },
        fix_by_q={
            1: "街道成立签约工作组，逐户做好政策解释，三季度实现一期开工。",
            2: "依法依规推进未签约住户处置，确保四季度二期开工。",
        },
        keep="加强在建棚改项目质量安全监管。",
    ),
    Task(
        "2021-12", "装配式建筑", "新开工装配式建筑面积", "万平方米", 150,
        (26.5, 68.2, 118.4, 163.7),
        "新开工装配式建筑", "建筑市场监管科", WANG, ZHONGDIAN, "重点产业",
        (
            "新开工公共住房项目全部采用装配式建造。",
            "新增装配式建筑项目8个，其中工程总承包项目5个。",
            "组织装配式建筑项目观摩会，推广铝模、爬架等新技术应用。",
            "装配式建筑占新建建筑面积比例稳步提高。",
        ),
        issue="一季度新开工项目少，部分社会投资项目装配式方案论证时间长。",
        fix="提前介入项目方案审查，指导建设单位落实装配式建造要求。",
        keep="加强装配式建筑项目全过程质量监管。",
    ),
    Task(
        "2021-13", "绿色建筑", "新增绿色建筑面积", "万平方米", 300, (55, 140, 238, 312.6),
        "新增绿色建筑", "规划计划科", ZHAO, ZHONGDIAN, "重点产业",
        (
            "加强施工图审查环节绿色建筑标准执行情况检查。",
            "新增绿色建筑标识项目12个。",
            "推进政府投资项目按绿色建筑二星级以上标准建设。",
            "新建民用建筑全面执行绿色建筑标准。",
        ),
        issue="一季度竣工验收项目较少，绿色建筑面积统计偏低。",
        fix="加快项目竣工验收，做好绿色建筑面积统计。",
        keep="加强绿色建筑标准执行情况监督检查。",
    ),
    Task(
        "2021-14", "物业管理提升", "新增成立业主大会", "个", 40, (8, 17, 29, 42),
        "新增成立业主大会", "物业管理科", LI, ZHONGDIAN, "机制构建",
        (
            "指导街道、社区开展业主大会筹备工作。",
            "开展住宅小区物业服务质量检查，新成立业主大会9个。",
            "推进“红色物业”建设，物业项目党组织覆盖率持续提高。",
            "全年物业服务投诉量同比下降。",
        ),
        issue="部分小区业主参与度不高，业主大会筹备时间较长。",
        fix="发挥社区党委作用，推广电子投票，提高业主大会成立效率。",
        keep="持续开展物业服务质量检查。",
    ),
    Task(
        "2021-15", "房地产市场平稳健康发展", "房地产开发投资", "亿元", 520,
        (118, 265, 401, 536.8),
        "完成房地产开发投资", "房地产市场监管科", LI, ZHONGDIAN, "经济发展",
        (
            "加强重点项目入库统计服务，一季度开发投资开局良好。",
            "开展房地产市场秩序专项整治，查处违规销售行为。",
            "推动重点房地产项目加快建设、按期交付。",
            "房地产市场总体平稳，未发生重大风险事件。",
        ),
        issue="个别项目工程款支付进度偏慢，投资入库滞后。",
        fix="加强与统计部门对接，督促企业按月据实申报投资。",
        keep="做好重点项目投资统计和市场监测。",
    ),
    Task(
        "2021-16", "城市更新项目", "城市更新项目供应用地", "公顷", 45, (6.2, 18.5, 31.0, 46.3),
        "供应用地", "城市更新科", LIU, ZHONGDIAN, "经济发展",
        (
            "推进城市更新单元计划立项和专项规划审批。",
            "3个城市更新项目完成实施主体确认。",
            "加快已批项目土地移交和供应。",
            "年度城市更新供地任务全面完成。",
        ),
        issue="部分更新单元权利主体意见不统一，搬迁补偿谈判周期长。",
        fix="街道、社区协同做好权利主体协调，对重点项目实行挂点服务。",
        keep="加快已供地项目开工建设。",
    ),
    Task(
        "2021-17", "既有建筑节能改造", "既有建筑节能改造面积", "万平方米", 20, (3.1, 8.6, 14.2, 21.5),
        "完成节能改造", "规划计划科", ZHAO, ZHONGDIAN, "机制构建",
        (
            "确定年度改造项目清单，优先推进公共建筑节能改造。",
            "完成3个公共建筑空调、照明系统节能改造。",
            "推进学校、医院等公共建筑节能改造。",
            "改造项目均已完成节能量核定。",
        ),
        issue="部分业主单位改造资金未落实，参与积极性不高。",
        fix="推广合同能源管理模式，积极争取市级节能改造补助资金。",
        keep="做好改造项目节能量核定和后评估。",
    ),
    Task(
        "2021-18", "海绵城市", "海绵城市建设达标面积", "平方公里", 12, (2.1, 5.3, 9.4, 12.6),
        "建成达标区域", "建设管理科", WANG, ZHONGDIAN, "安全发展",
        (
            "编制年度海绵城市建设项目清单，落实项目建设单位。",
            "推进公园、道路、小区海绵化改造，完成项目评估。",
            "开展汛期海绵设施运行效果监测。",
            "海绵城市建设达标面积完成年度目标。",
        ),
        issue="部分项目海绵设施与主体工程同步施工，达标评估需待主体完工。",
        fix="督促建设单位同步推进海绵设施建设，及时组织达标评估。",
        keep="加强海绵设施运行维护管理。",
    ),
    Task(
        "2021-19", "保障性住房分配", "保障性住房配租配售", "户", 3500, (720, 1640, 2750, 3620),
        "配租配售", "住房保障科", LI, ZHONGDIAN, "机制构建",
        (
            "完成公租房轮候库资格审核，组织第一批次配租。",
            "完成第二、三批次配租，开展住房保障对象资格年审。",
            "清理违规占用保障房行为，收回房源重新配租。",
            "全年开展配租配售8批次，保障对象满意度较高。",
        ),
        issue="部分轮候家庭选房后放弃签约，需递补选房。",
        fix="优化递补选房流程，缩短房源空置时间。",
        keep="加强保障性住房后续使用管理。",
    ),
)

# ---------------------------------------------------------------------------------------------
# Longgang 2022: "3+6+13" key tasks, reported up to the third quarter.
# ---------------------------------------------------------------------------------------------

TASKS_2022: tuple[Task, ...] = (
    # 3 special task forces (攻坚专班)
    Task(
        "GJ-01", "地下综合管廊建设", "新建地下综合管廊", "公里", 12, (2.0, 5.1, 9.3),
        "建成", "建设管理科", DIRECTOR, GONGJIAN, "经济发展",
        (
            "宝龙片区管廊（二期）、坂田北片区管廊开工建设。",
            "坂田北片区管廊完成主体结构2.1公里，按倒排工期节点推进。",
            "平湖南片区管廊进入附属设施安装阶段，各节点均达到计划要求。",
        ),
        keep="按倒排工期节点推进，确保年底前完成12公里建设任务。",
        planned=(1.8, 4.8, 9.0),
    ),
    Task(
        "GJ-02", "城市更新项目", "城市更新项目供应用地", "公顷", 50, (6.8, 15.2, 28.5),
        "供应用地", "城市更新科", DIRECTOR, GONGJIAN, "经济发展",
        (
            "攻坚专班梳理年度供地项目清单14个，逐个明确供地时间节点。",
            "完成4个项目土地移交。",
            "新增完成坪地、横岗街道2个项目供地。",
        ),
        issue="部分项目搬迁补偿谈判未完成，土地无法按计划移交。",
        fix="专班每周召开协调会，对未签约权利主体逐户攻坚。",
        issue_by_q={
            2: "1、横岗街道2个更新单元仍有少量权利主体未签约，影响土地整体移交；"
            "2、个别项目历史用地手续不完善，需市规划和自然资源部门协调处理。",
        },
        fix_by_q={
            2: "1、专班每周召开协调会，对未签约权利主体实行“一户一策”；"
            "2、提请区政府协调市级部门，10月底前完成历史用地处置；"
            "3、对进度滞后项目实行挂牌督办。",
        },
    ),
    Task(
        "GJ-03", "城中村天然气管道改造", "城中村瓶改管入户", "户", 50000, (14800, 33600, 53200),
        "完成入户改造", "燃气管理科", LIU, GONGJIAN, "安全发展",
        (
            "完成坪地、龙岗街道城中村瓶改管入户安装。",
            "攻坚专班实行“日报告、周通报”，入户进度明显加快。",
            "已提前完成年度目标，转入通气点火和隐患复查。",
        ),
        keep="巩固瓶改管成果，防止已改造区域瓶装气回流。",
    ),
    # 6 tasks assessed by the city (市对区考核任务)
    Task(
        "KH-01", "公共住房新增筹集建设", "公共住房新增筹集建设量", "套", 12000, (2150, 5300, 9360),
        "筹集建设", "住房保障科", LI, KAOHE, "保障民生",
        (
            "落实筹集建设项目9个。",
            "龙城、吉华片区4个项目开工建设。",
            "新增开工项目6个，累计落实项目27个。",
        ),
        issue="一季度受疫情防控影响，部分项目开工推迟。",
        fix="建立项目开工倒排计划，逐项目落实责任人。",
        issue_by_q={1: "2个城市更新配建项目规划调整尚未批复。"},
        fix_by_q={1: "协调规划部门加快审批，争取三季度开工。"},
        keep="紧盯剩余项目开工节点，确保完成全年目标。",
    ),
    Task(
        "KH-02", "筹集租赁住房", "租赁住房筹集量", "套", 25000, (6800, 15900, 26100),
        "筹集", "房地产市场监管科", LI, KAOHE, "保障民生",
        (
            "推进城中村规模化租赁和非居住存量房屋改建租赁住房。",
            "完成3个非居住存量房屋改建项目认定。",
            "提前完成年度目标任务。",
        ),
        keep="做好已筹集房源的运营管理和租金监测。",
    ),
    Task(
        "KH-03", "新开工住房", "新开工住房面积", "万平方米", 230, (36.2, 88.5, 158.6),
        "新开工", "规划计划科", ZHAO, KAOHE, "经济发展",
        (
            "新开工项目7个。",
            "新开工项目累计18个，其中公共住房项目7个。",
            "新开工项目累计29个。",
        ),
        issue="受疫情影响，部分项目施工许可办理和进场施工推迟。",
        fix="对计划开工项目逐一跟踪，协调解决报建问题。",
        issue_by_q={
            2: "受房地产市场下行影响，部分社会投资商品住房项目开发企业资金紧张，推迟开工；"
            "2个公共住房项目施工许可办理滞后。",
        },
        fix_by_q={
            2: "1、逐个走访开发企业，协调解决项目融资和报建问题；"
            "2、公共住房项目实行并联审批，10月底前取得施工许可；"
            "3、每周跟踪新开工项目统计入库情况。",
        },
        planned=(40, 95, 165),
    ),
    Task(
        "KH-04", "公共住房供应", "公共住房供应量", "套", 3000, (520, 1260, 2350),
        "供应", "住房保障科", LI, KAOHE, "保障民生",
        (
            "完成1个人才住房项目配租。",
            "完成安居型商品房认购1批次。",
            "集中组织3个新竣工项目配租配售。",
        ),
        issue="年度供应房源集中在下半年竣工，上半年可供应房源少。",
        fix="督促在建项目按期竣工验收，竣工一批、供应一批。",
        keep="做好新竣工项目配租配售组织工作。",
    ),
    Task(
        "KH-05", "建设工程质量安全", "建筑施工安全生产事故起数", "起", 4, (0, 1, 1),
        "", "工程质量安全监督站", WANG, KAOHE, "安全发展",
        (
            "一季度未发生建筑施工安全生产事故，开展节后复工安全检查。",
            "5月发生1起一般事故（高处坠落），已按规定完成调查处理。",
            "7-9月未发生建筑施工安全生产事故，1-9月累计1起，控制在年度控制指标4起以内。",
        ),
        issue_by_q={1: "个别工地高处作业防护不到位，安全教育流于形式。"},
        fix_by_q={1: "对事故企业约谈并通报，开展高处作业专项整治。"},
        keep="持续开展安全隐患排查整治，严防事故发生。",
        direction="越小越好",
    ),
    Task(
        "KH-06", "装配式建筑", "新开工装配式建筑面积", "万平方米", 180, (32.4, 80.6, 141.2),
        "新开工装配式建筑", "建筑市场监管科", WANG, KAOHE, "重点产业",
        (
            "新开工公共住房项目全部采用装配式建造。",
            "新增装配式建筑项目9个。",
            "组织装配式建筑质量安全观摩会。",
        ),
        issue="上半年新开工项目偏少，装配式建筑面积增长慢。",
        fix="提前介入拟开工项目，落实装配式建造要求。",
        keep="加强装配式建筑构件进场质量检查。",
    ),
    # 13 district priorities (区重点工作)
    Task(
        "ZD-01", "老旧小区改造", "老旧小区综合整治", "个", 52, (6, 19, 41),
        "完成整治", "物业管理科", LI, ZHONGDIAN, "保障民生",
        (
            "完成年度改造清单确认和居民意愿征询。",
            "13个小区进场施工。",
            "三季度集中完工22个小区。",
        ),
        issue="改造前期需逐个小区征求业主意见，开工时间集中在下半年。",
        fix="街道、社区协同推进，分批次进场施工。",
        keep="做好完工项目验收和后续管理。",
    ),
    Task(
        "ZD-02", "建筑废弃物综合利用", "建筑废弃物综合利用量", "万吨", 320, (70, 158, 243),
        "综合利用", "建设管理科", WANG, ZHONGDIAN, "重点产业",
        (
            "全区综合利用厂正常运营。",
            "新增拆除工程现场处理点2个。",
            "再生产品在公共住房项目中推广应用。",
        ),
        issue="疫情期间工地停工，建筑废弃物产生量减少。",
        fix="引导复工项目优先就地综合利用。",
        keep="加强综合利用厂监管和再生产品推广。",
    ),
    Task(
        "ZD-03", "棚户区改造", "棚户区改造开工", "套", 3200, (300, 1050, 2200),
        "开工", "城市更新科", LIU, ZHONGDIAN, "保障民生",
        (
            "布吉街道棚改项目二期300套开工。",
            "龙城街道棚改项目二期750套开工。",
            "横岗街道棚改项目1150套开工。",
        ),
        issue="年度棚改项目签约和开工手续办理时间较长。",
        fix="加快签约和报建手续办理，分批次实现开工。",
        issue_by_q={
            2: "坪地街道棚改项目仍有12户未签约，1000套房源开工时间推迟至四季度。",
        },
        fix_by_q={
            2: "街道攻坚组逐户攻坚，依法依规推进未签约住户处置，力争11月底前开工。",
        },
    ),
    Task(
        "ZD-04", "绿色建筑", "新增绿色建筑面积", "万平方米", 320, (85, 190, 336),
        "新增绿色建筑", "规划计划科", ZHAO, ZHONGDIAN, "重点产业",
        (
            "新建民用建筑全面执行绿色建筑标准。",
            "新增绿色建筑标识项目10个。",
            "已提前完成年度目标。",
        ),
        keep="继续推动高星级绿色建筑项目建设。",
    ),
    Task(
        "ZD-05", "物业管理提升", "新增成立业主大会", "个", 45, (9, 20, 35),
        "新增成立业主大会", "物业管理科", LI, ZHONGDIAN, "机制构建",
        (
            "指导街道、社区开展业主大会筹备工作。",
            "推广业主大会电子投票，新成立业主大会11个。",
            "新成立业主大会15个。",
        ),
        issue="疫情期间线下会议受限，业主大会筹备放缓。",
        fix="推广电子投票，线上线下结合推进。",
        keep="加强业主大会、业主委员会运作指导。",
    ),
    Task(
        "ZD-06", "房地产市场平稳健康发展", "房地产开发投资", "亿元", 560, (121, 255, 392),
        "完成房地产开发投资", "房地产市场监管科", LI, ZHONGDIAN, "经济发展",
        (
            "加强重点项目投资统计服务。",
            "开展“保交楼”专项排查。",
            "推动重点项目加快建设，开发投资增速降幅收窄。",
        ),
        issue="房地产市场持续下行，部分企业资金紧张，投资意愿下降。",
        fix="逐个项目跟踪服务，推动已供地项目加快开工。",
        issue_by_q={
            2: "房地产市场下行压力较大，3个重点项目因企业资金链紧张放缓施工，投资入库不足。",
        },
        fix_by_q={
            2: "1、对3个重点项目实行“一项目一专班”，协调金融机构保障融资；"
            "2、推动年内新供地项目尽快开工形成投资。",
        },
    ),
    Task(
        "ZD-07", "既有建筑节能改造", "既有建筑节能改造面积", "万平方米", 30, (2.5, 6.3, 12),
        "完成节能改造", "规划计划科", ZHAO, ZHONGDIAN, "机制构建",
        (
            "确定年度改造项目清单。",
            "完成2个公共建筑节能改造。",
            "完成区属学校节能改造项目招标。",
        ),
        issue="改造资金未完全落实，部分项目尚未启动招标。",
        fix="积极争取市级补助资金，推广合同能源管理模式。",
        issue_by_q={
            1: "1、区财政改造资金尚未下达；2、部分项目改造方案仍在论证，尚未启动招标。",
            2: "1、区财政改造资金未全部到位，6个项目尚未开工；"
            "2、部分业主单位以不影响正常办公为由推迟施工。",
        },
        fix_by_q={
            1: "1、主动对接区财政局，争取三季度下达资金；2、加快方案论证，7月底前完成招标。",
            2: "1、提请区政府协调落实改造资金；"
            "2、对已招标项目督促10月进场施工；"
            "3、将进度情况纳入区重点工作月度通报。",
        },
    ),
    Task(
        "ZD-08", "海绵城市", "海绵城市建设达标面积", "平方公里", 15, (2.0, 4.6, 8.1),
        "建成达标区域", "建设管理科", WANG, ZHONGDIAN, "安全发展",
        (
            "编制年度海绵城市建设项目清单。",
            "推进公园、道路海绵化改造。",
            "完成龙城、宝龙片区海绵城市达标评估。",
        ),
        issue="部分项目海绵设施与主体工程同步建设，达标评估需待主体完工。",
        fix="督促建设单位同步推进海绵设施建设。",
        issue_by_q={
            2: "汛期暴雨天数多，道路海绵化改造工程多次停工；坂田片区达标评估资料不齐。",
        },
        fix_by_q={
            2: "抢抓四季度旱季施工窗口期，每周调度；督促建设单位补齐评估资料。",
        },
    ),
    Task(
        "ZD-09", "燃气安全专项整治", "瓶装燃气用户入户安检", "户", 65000, (17500, 33800, 50200),
        "完成入户安检", "燃气管理科", LIU, ZHONGDIAN, "安全发展",
        (
            "开展瓶装燃气用户入户安检。",
            "完成餐饮场所燃气安全隐患排查。",
            "开展燃气安全“百日行动”。",
        ),
        keep="持续开展燃气安全隐患排查整治。",
    ),
    Task(
        "ZD-10", "燃气基础设施建设", "新建燃气调压站", "座", 2, (0, 0, 0),
        "", "燃气管理科", LIU, ZHONGDIAN, "安全发展",
        (
            "龙城、坪地2座燃气调压站完成选址论证，用地预审办理中。",
            "选址涉及基本生态控制线，需履行线内建设项目审批程序。",
            "截至9月底2座调压站均未开工，用地手续仍在办理。",
        ),
        issue="调压站选址涉及基本生态控制线，用地手续办理周期长。",
        fix="协调规划和自然资源部门加快办理用地手续。",
        issue_by_q={
            2: "1、两座调压站选址均涉及基本生态控制线调整，用地手续尚未办结，项目无法开工；"
            "2、施工单位尚未确定。",
        },
        fix_by_q={
            2: "1、提请区政府专题协调，10月底前完成用地手续；"
            "2、同步开展施工招标，用地手续办结后立即进场；"
            "3、如年内确实无法完成，及时申请调整年度目标。",
        },
    ),
    Task(
        "ZD-11", "保障性住房分配", "保障性住房配租配售", "户", 4000, (810, 1720, 2680),
        "配租配售", "住房保障科", LI, ZHONGDIAN, "机制构建",
        (
            "完成公租房轮候家庭资格审核。",
            "组织第二批次配租。",
            "组织第三、四批次配租配售。",
        ),
        issue="部分轮候家庭放弃选房，递补选房耗时较长。",
        fix="优化递补选房流程。",
        issue_by_q={2: "2个项目竣工验收推迟，约600套房源未能按计划在三季度配租。"},
        fix_by_q={2: "督促建设单位10月完成竣工验收，11月组织集中配租。"},
    ),
    Task(
        "ZD-12", "住房租赁市场监管", "住房租赁合同网签备案", "宗", 60000, (14200, 29800, None),
        "完成网签备案", "房地产市场监管科", LI, ZHONGDIAN, "机制构建",
        (
            "推广住房租赁合同网签备案，街道租赁服务站同步受理。",
            "7月起网签备案数据由市住房租赁平台统一推送，需核对后报送。",
        ),
        issue="部分租赁企业网签备案意识不强。",
        fix="联合街道开展租赁企业专项检查。",
    ),
    Task(
        "ZD-13", "建筑市场秩序整治", "建筑市场执法检查", "项次", 800, (150, 312, 480),
        "开展执法检查", "建筑市场监管科", WANG, ZHONGDIAN, "机制构建",
        (
            "开展建筑市场“双随机”执法检查。",
            "开展违法发包、转包、挂靠专项整治。",
            "查处违法违规行为23宗。",
        ),
        issue="执法人员不足，疫情期间现场检查受限。",
        fix="抽调街道执法力量，开展联合检查。",
        issue_by_q={
            2: "执法人员抽调参与疫情防控，现场检查次数减少；部分项目停工无法检查。",
        },
        fix_by_q={
            2: "1、恢复“双随机”检查频次，每周不少于25项次；"
            "2、联合街道执法队开展交叉检查。",
        },
    ),
)

# fmt: on

# The one progress note that carries markup a user pasted from a web system; it must show as text.
PASTED_MARKUP = ("ZD-13", 1, "<b>注意</b>：7月起执法检查数据以市建筑市场监管平台导出数据为准。")


# ---------------------------------------------------------------------------------------------
# A city construction bureau (某市住建局), 2022, Q2 and Q3.
# ---------------------------------------------------------------------------------------------

CITY_COLUMNS = (
    "报告期",
    "任务编号",
    "任务名称",
    "指标名称",
    "计量单位",
    "年度目标",
    "累计完成",
    "牵头单位",
    "责任领导",
    "任务类别",
    "所属领域",
    "所属地区",
    "进展情况",
    "存在问题",
    "下步措施",
)


@dataclass(frozen=True)
class CityIndicator:
    code: str
    task: str
    indicator: str
    unit: str
    target: float
    values: tuple[float, float]  # 2022-06-30, 2022-09-30
    lead: str
    leader: str
    area: str
    notes: tuple[str, str]
    problems: tuple[str, str]
    steps: tuple[str, str]


# fmt: off
CITY_INDICATORS: tuple[CityIndicator, ...] = (
    CityIndicator(
        "CJ-01", "城建投资", "建设投资完成", "亿元", 90, (38.5, 62),
        "计划财务处", "副局长 孙志强", "经济发展",
        (
            "上半年完成城建投资38.5亿元，占年度计划的42.8%。",
            "1-9月累计完成城建投资62亿元，占年度计划90亿元的68.9%，低于序时进度6.1个百分点。",
        ),
        (
            "部分项目前期手续办理慢，资金拨付不及时。",
            "1、44个项目尚未开工，投资无法形成；2、地方专项债券资金到位时间晚于计划。",
        ),
        (
            "加快项目前期工作和资金拨付。",
            "开展城建重点项目“百日攻坚”行动，每周调度投资完成情况，确保完成全年投资计划。",
        ),
    ),
    CityIndicator(
        "CJ-02", "城建重点项目建设", "项目开工", "个", 268, (150, 224),
        "城建处", "副局长 郭建平", "经济发展",
        (
            "全市268个城建重点项目总投资183亿元，上半年已开工150个。",
            "全市268个城建重点项目总投资183亿元，已开工224个（其中竣工54个），"
            "140个在建项目按计划推进，44个尚未开工。",
        ),
        ("部分项目用地、规划手续未办结。", "44个未开工项目主要受征收拆迁和用地手续制约。"),
        ("逐个项目梳理开工条件。", "对未开工项目实行清单管理，逐项销号，力争年底前全部开工。"),
    ),
    CityIndicator(
        "CJ-02", "城建重点项目建设", "项目竣工", "个", 80, (21, 54),
        "城建处", "副局长 郭建平", "经济发展",
        ("上半年竣工项目21个。", "1-9月累计竣工项目54个。"),
        ("无", "部分项目收尾工程进度偏慢，竣工验收组织不及时。"),
        ("督促在建项目按节点推进。", "对年内计划竣工项目逐一明确验收时间，提前组织预验收。"),
    ),
    CityIndicator(
        "CJ-03", "征收拆迁", "征收拆迁", "万平方米", 330, (168, 275),
        "征收处", "副局长 何文军", "保障民生",
        (
            "上半年完成征收拆迁168万平方米。",
            "1-9月累计完成征收拆迁275万平方米，其中棚户区改造158万平方米、城中村改造50万平方米、"
            "农村拆迁67万平方米。",
        ),
        ("个别片区补偿安置方案争议较大。", "/"),
        ("做好群众工作，依法依规推进征收。", "加快剩余片区征收扫尾，及时移交净地。"),
    ),
    CityIndicator(
        "CJ-04", "燃气管网建设", "新建燃气管网", "公里", 35, (15.6, 28),
        "燃气处", "副局长 马立群", "安全发展",
        ("上半年新建燃气管网15.6公里。", "1-9月累计新建燃气管网28公里。"),
        ("无", "无"),
        ("加快主干管网施工。", "做好已建管网通气验收，加强燃气管网巡检。"),
    ),
    CityIndicator(
        "CJ-05", "房地产业平稳健康发展", "房地产施工面积", "万平方米", 600, (402.6, 494.4),
        "房地产业处", "副局长 郑红梅", "经济发展",
        ("上半年房地产施工面积402.6万平方米。", "1-9月房地产施工面积494.4万平方米。"),
        ("无", "无"),
        ("做好项目复工服务。", "推动已拿地项目加快开工。"),
    ),
    CityIndicator(
        "CJ-05", "房地产业平稳健康发展", "房地产竣工面积", "万平方米", 120, (31, 67),
        "房地产业处", "副局长 郑红梅", "经济发展",
        ("上半年房地产竣工面积31万平方米。", "1-9月房地产竣工面积67万平方米。"),
        ("部分项目工期延误。", "个别项目因企业资金紧张停工，影响竣工交付。"),
        ("督促项目按期竣工。", "落实“保交楼”措施，逐个项目盯办，确保按期交付。"),
    ),
    CityIndicator(
        "CJ-05", "房地产业平稳健康发展", "房地产开发投资", "亿元", 42, (19.8, 31.2),
        "房地产业处", "副局长 郑红梅", "经济发展",
        ("上半年完成房地产开发投资19.8亿元。", "1-9月完成房地产开发投资31.2亿元。"),
        ("暂无", "市场预期偏弱，新开工项目减少。"),
        ("加强投资统计服务。", "加强项目调度和统计入库服务。"),
    ),
)
# fmt: on


# ---------------------------------------------------------------------------------------------
# Numbers and notes
# ---------------------------------------------------------------------------------------------


def dec(value: float) -> Decimal:
    return Decimal(str(value))


def plain(value: float | Decimal) -> str:
    """25300 -> "25300", 19.30 -> "19.3"; never an exponent."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def grouped(value: float | Decimal) -> str:
    """25300 -> "25,300", 1234.5 -> "1,234.5"."""
    text = plain(value)
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}"
    return f"{whole}.{fraction}" if fraction else whole


def rate_text(actual: float, target: float, places: int = 1) -> str:
    """Completion rate as the reports write it: 19.3/13.94 -> "138.5", 4280/2000 -> "214"."""
    quantum = Decimal(1).scaleb(-places)
    rate = (dec(actual) / dec(target) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    text = format(rate, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def schedule(task: Task, q: int, quarters: int = 4) -> Decimal:
    """Share of the year due by the end of quarter q (0-based): the milestone plan where given."""
    if task.planned:
        return dec(task.planned[q]) / dec(task.target)
    return Decimal(q + 1) / quarters


def is_behind(task: Task, q: int) -> bool:
    actual = task.values[q]
    assert actual is not None
    if task.direction == "越小越好":
        return dec(actual) > dec(task.target)
    return dec(actual) / dec(task.target) < schedule(task, q)


QUARTER_LABELS = ("一季度", "上半年", "1-9月", "全年")


def progress_note(task: Task, q: int, amount: str | None = None) -> str:
    detail = task.details[q]
    actual = task.values[q]
    if not task.verb or actual is None:
        return detail
    shown = amount if amount is not None else f"{plain(actual)}{task.unit}"
    rate = rate_text(actual, task.target, task.rate_places)
    head = f"{QUARTER_LABELS[q]}累计{task.verb}{shown}，完成年度目标的{rate}%"
    if q == 3:
        head += "，超额完成年度任务" if dec(actual) > dec(task.target) else "，全面完成年度任务"
    return f"{head}。{detail}"


YEAR_END_STEPS = (
    "认真总结全年工作经验，谋划2022年目标任务。",
    "做好年度考核资料整理归档。",
    "巩固工作成效，建立长效机制。",
)


def problems_and_steps(task: Task, q: int, index: int, year_end: bool) -> tuple[str, str]:
    behind = is_behind(task, q)
    if q in task.issue_by_q:
        problems = task.issue_by_q[q]
    elif behind:
        problems = task.issue
    else:
        problems = NOTHING_TO_REPORT[(index + q) % len(NOTHING_TO_REPORT)]
    if q in task.fix_by_q:
        steps = task.fix_by_q[q]
    elif behind:
        steps = task.fix
    elif year_end:
        steps = YEAR_END_STEPS[index % len(YEAR_END_STEPS)]
    else:
        steps = task.keep
    if behind and not (problems and steps):
        raise ValueError(
            f"{task.code} is behind in quarter {q + 1} but has no problem or next steps"
        )
    return problems, steps


def ledger_rows(
    tasks: Sequence[Task], q: int, *, with_direction: bool = True, year_end: bool = False
) -> list[dict[str, object]]:
    """One row per task that reported at the end of quarter q, keyed by ledger column."""
    rows = []
    for index, task in enumerate(tasks):
        actual = task.values[q]
        if actual is None:
            continue
        problems, steps = problems_and_steps(task, q, index, year_end)
        rows.append(
            {
                "任务编号": task.code,
                "任务名称": task.name,
                "指标名称": task.indicator,
                "计量单位": task.unit,
                "年度目标": dec(task.target),
                "序时目标": dec(task.planned[q]) if task.planned else None,
                "累计完成": dec(actual),
                "指标方向": task.direction if with_direction else None,
                "牵头单位": task.lead,
                "责任领导": task.leader,
                "任务类别": task.category,
                "所属领域": task.area,
                "所属地区": REGION,
                "进展情况": progress_note(task, q),
                "存在问题": problems,
                "下步措施": steps,
            }
        )
    return rows


def row_for(rows: list[dict[str, object]], code: str) -> dict[str, object]:
    return next(r for r in rows if r["任务编号"] == code)


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


def cell_text(value: object, number: Callable[[Decimal], str], day: Callable[[date], str]) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, date):
        return day(value)
    return str(value)


def write_csv(
    path: Path,
    columns: Sequence[str],
    rows: Sequence[dict[str, object]],
    *,
    encoding: str,
    bom: bool = False,
    line_end: str = "\r\n",
    titles: Sequence[Sequence[str]] = (),
    number: Callable[[Decimal], str] = plain,
    day: Callable[[date], str] = date.isoformat,
    extra_blank_column: bool = False,
    trailing_blank_rows: int = 0,
) -> None:
    width = len(columns) + (1 if extra_blank_column else 0)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=line_end)
    for title in titles:
        writer.writerow([*title, *[""] * (width - len(title))])
    writer.writerow([*columns, *[""] * (width - len(columns))])
    for row in rows:
        cells = [cell_text(row.get(c), number, day) for c in columns]
        writer.writerow([*cells, *[""] * (width - len(cells))])
    for _ in range(trailing_blank_rows):
        writer.writerow([""] * width)
    data = buffer.getvalue().encode(encoding)  # strict: a character GBK lacks fails here
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write_xlsx(
    path: Path,
    columns: Sequence[str],
    rows: Sequence[dict[str, object]],
    *,
    title: str,
    subtitle: Sequence[str] = (),
    created: datetime,
    sheet_name: str,
    wrap_lists: bool = False,
) -> None:
    """A sheet laid out the way the office formats it: merged title, optional 填报单位 line."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"title": title, "author": "区住房和城乡建设局办公室", "created": created})
    sheet = book.add_worksheet(sheet_name)
    title_format = book.add_format(
        {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
    )
    header_format = book.add_format(
        {
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "bg_color": "#D9E1F2",
            "text_wrap": True,
        }
    )
    text_format = book.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
    number_format = book.add_format({"border": 1, "valign": "vcenter", "num_format": "General"})
    date_format = book.add_format({"border": 1, "valign": "vcenter", "num_format": "yyyy-mm-dd"})

    last = len(columns) - 1
    sheet.merge_range(0, 0, 0, last, title, title_format)
    sheet.set_row(0, 30)
    row_no = 1
    if subtitle:
        sheet.write_string(1, 0, subtitle[0])
        if len(subtitle) > 1:
            sheet.write_string(1, last - 2, subtitle[1])
        row_no = 2
    for col, name in enumerate(columns):
        sheet.write_string(row_no, col, name, header_format)
    header_row = row_no
    for row in rows:
        row_no += 1
        for col, name in enumerate(columns):
            value = row.get(name)
            if value is None:
                sheet.write_blank(row_no, col, None, text_format)
            elif isinstance(value, Decimal):
                sheet.write_number(row_no, col, float(value), number_format)
            elif isinstance(value, date):
                sheet.write_datetime(
                    row_no, col, datetime(value.year, value.month, value.day), date_format
                )
            else:
                text = str(value)
                if wrap_lists:  # "；2、" typed with Alt+Enter in the cell
                    text = re.sub(r"；(?=\d、)", "；\n", text)
                sheet.write_string(row_no, col, text, text_format)
    widths = {
        "任务名称": 22,
        "指标名称": 22,
        "牵头单位": 16,
        "责任领导": 14,
        "进展情况": 48,
        "存在问题": 36,
        "下步措施": 36,
    }
    for col, name in enumerate(columns):
        sheet.set_column(col, col, widths.get(name, 11))
    sheet.freeze_panes(header_row + 1, 3)
    book.close()


def slash_date(day: date) -> str:
    """Excel on Chinese Windows writes a date cell into CSV as 2021/3/31."""
    return f"{day.year}/{day.month}/{day.day}"


# ---------------------------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------------------------


def build_2021() -> list[str]:
    columns = ("截至日期", *LEDGER_COLUMNS)
    title = "2021年龙岗区住房和城乡建设局重点任务完成情况表"
    quarter_ends = (date(2021, 3, 31), date(2021, 6, 30), date(2021, 9, 30), date(2021, 12, 31))
    written = []

    def dated(q: int, **options: bool) -> list[dict[str, object]]:
        rows = ledger_rows(TASKS_2021, q, **options)
        for row in rows:
            row["截至日期"] = quarter_ends[q]
        return rows

    # Q1: GBK CSV saved from Excel: title line, 填报单位 line, CRLF, 2021/3/31 dates.
    rows = dated(0, with_direction=False)
    row_for(rows, "2021-08")["进展情况"] = str(row_for(rows, "2021-08")["进展情况"]) + "  "
    name = "2021Q1-龙岗区-重点任务.csv"
    write_csv(
        OUT / name,
        columns,
        rows,
        encoding="gbk",
        day=slash_date,
        titles=(
            [f"{title}（第一季度）"],
            ["填报单位：区住房和城乡建设局办公室", *[""] * 12, "填报日期：2021年4月8日"],
        ),
    )
    written.append(name)

    # Q2: GBK CSV, title line only, a stray empty column on the right and empty rows at the end.
    rows = dated(1, with_direction=False)
    name = "2021Q2-龙岗区-重点任务.csv"
    write_csv(
        OUT / name,
        columns,
        rows,
        encoding="gbk",
        day=slash_date,
        titles=([f"{title}（上半年）"],),
        extra_blank_column=True,
        trailing_blank_rows=2,
    )
    written.append(name)

    # Q3: XLSX with a merged title row, header in row 2 and real date cells.
    rows = dated(2)
    name = "2021Q3-龙岗区-重点任务.xlsx"
    write_xlsx(
        OUT / name,
        columns,
        rows,
        title=f"{title}（1-9月）",
        created=datetime(2021, 10, 9, 9, 30),
        sheet_name="重点任务台账",
    )
    written.append(name)

    # Q4: UTF-8 CSV with BOM, no title, thousands separators, 1.04万 and the tunnel in 米.
    rows = dated(3, year_end=True)
    tunnel = row_for(rows, "2021-01")
    tunnel.update({"计量单位": "米", "年度目标": dec(13940), "累计完成": dec(19300)})
    housing = row_for(rows, "2021-02")
    housing["累计完成"] = "1.04万"
    housing["进展情况"] = progress_note(TASKS_2021[1], 3, amount="1.04万套")
    rental = row_for(rows, "2021-04")
    rental["进展情况"] = progress_note(TASKS_2021[3], 3, amount="2.53万套")
    name = "2021Q4-龙岗区-重点任务.csv"
    write_csv(OUT / name, columns, rows, encoding="utf-8", bom=True, number=grouped)
    written.append(name)
    return written


def build_2022() -> list[str]:
    columns = ("报告期", *LEDGER_COLUMNS)
    title = "龙岗区住房和城乡建设局2022年“3+6+13”重点任务推进情况表"
    written = []

    def period(q: int, label: str) -> list[dict[str, object]]:
        rows = ledger_rows(TASKS_2022, q)
        for row in rows:
            row["报告期"] = label
        return rows

    # Q1: plain UTF-8 CSV (no BOM, LF line ends) with the period written 2022年第一季度.
    rows = period(0, "2022年第一季度")
    name = "2022Q1-龙岗区-重点任务.csv"
    write_csv(
        OUT / name, columns, rows, encoding="utf-8", line_end="\n", titles=([f"{title}（一季度）"],)
    )
    written.append(name)

    # Q2: XLSX, two lines above the header, period 2022Q2, numbered lists typed with Alt+Enter.
    rows = period(1, "2022Q2")
    code, quarter, pasted = PASTED_MARKUP
    assert quarter == 1
    target = row_for(rows, code)
    target["进展情况"] = f"{target['进展情况']}{pasted}"
    name = "2022Q2-龙岗区-重点任务.xlsx"
    write_xlsx(
        OUT / name,
        columns,
        rows,
        title=f"{title}（上半年）",
        subtitle=("填报单位：区住房和城乡建设局办公室", "填报时间：2022年7月6日"),
        created=datetime(2022, 7, 6, 15, 0),
        sheet_name="2022年二季度",
        wrap_lists=True,
    )
    written.append(name)

    # Q3: GBK CSV from Excel with the period written 2022年9月; one task did not report, and
    # the property management unit sent its rows on its own, after the deadline.
    rows = period(2, "2022年9月")
    late = [r for r in rows if r["牵头单位"] == LATE_UNIT]
    rows = [r for r in rows if r["牵头单位"] != LATE_UNIT]
    name = f"2022Q3-龙岗区-{LATE_UNIT}.csv"
    write_csv(OUT / name, columns, late, encoding="utf-8", bom=True)
    written.append(name)
    name = "2022Q3-龙岗区-重点任务.csv"
    write_csv(
        OUT / name,
        columns,
        rows,
        encoding="gbk",
        titles=([f"{title}（1-9月）"], ["填报单位：区住房和城乡建设局办公室"]),
    )
    written.append(name)
    return written


# ---------------------------------------------------------------------------------------------
# The rest of 2022's reporting cycle (reports/): Longgang's monthly reports between quarter
# ends, and the city bureau's first quarter
# ---------------------------------------------------------------------------------------------

MONTHS_BETWEEN = (1, 2, 4, 5, 7, 8)


def places(task: Task) -> int:
    """Decimals the task's own figures are written with."""
    return max(-dec(v).as_tuple().exponent for v in task.values if v is not None)


def month_value(task: Task, month: int) -> Decimal | None:
    """The cumulative value at a month end between quarter ends, on the straight line from the
    quarter end before (nothing at the year start) to the one after; None where that quarter's
    report never came."""
    q, step = divmod(month - 1, 3)
    after = task.values[q]
    if after is None:
        return None
    before = dec(task.values[q - 1]) if q else Decimal(0)
    value = before + (dec(after) - before) * (step + 1) / 3
    return value.quantize(Decimal(1).scaleb(-places(task)), rounding=ROUND_HALF_UP)


def month_row(task: Task, month: int, index: int) -> dict[str, object] | None:
    value = month_value(task, month)
    if value is None:
        return None
    planned = dec(MONTHLY_PLAN[task.code][month - 1]) if task.code in MONTHLY_PLAN else None
    rate = rate_text(float(value), task.target, task.rate_places)
    if task.verb:
        note = f"1-{month}月累计{task.verb}{plain(value)}{task.unit}，完成年度目标的{rate}%。"
    else:
        note = f"截至{month}月底，{task.indicator}{plain(value)}{task.unit}。"
    share = (planned if planned is not None else dec(task.target) * month / 12) / dec(task.target)
    behind = (
        value > dec(task.target)
        if task.direction == "越小越好"
        else value / dec(task.target) < share
    )
    return {
        "报告期": f"2022年{month}月",
        "任务编号": task.code,
        "任务名称": task.name,
        "指标名称": task.indicator,
        "计量单位": task.unit,
        "年度目标": dec(task.target),
        "序时目标": planned,
        "累计完成": value,
        "指标方向": task.direction,
        "牵头单位": task.lead,
        "责任领导": task.leader,
        "任务类别": task.category,
        "所属领域": task.area,
        "所属地区": REGION,
        "进展情况": note,
        "存在问题": (
            task.issue
            if behind and task.issue
            else NOTHING_TO_REPORT[(index + month) % len(NOTHING_TO_REPORT)]
        ),
        "下步措施": task.fix if behind and task.fix else task.keep,
    }


def build_monthly_2022() -> list[str]:
    """The office's monthly ledger for the months between quarter ends: UTF-8 CSV with a BOM
    and a title line, the period written 2022年1月."""
    columns = ("报告期", *LEDGER_COLUMNS)
    (OUT / "reports").mkdir(exist_ok=True)
    written = []
    for month in MONTHS_BETWEEN:
        rows = [
            row
            for index, task in enumerate(TASKS_2022)
            if (row := month_row(task, month, index)) is not None
        ]
        name = f"reports/2022-{month:02d}-龙岗区-重点任务月报.csv"
        write_csv(
            OUT / name,
            columns,
            rows,
            encoding="utf-8",
            bom=True,
            titles=([f"龙岗区住房和城乡建设局2022年重点任务推进情况月报（{month}月）"],),
        )
        written.append(name)
    return written


# ---------------------------------------------------------------------------------------------
# The 2022 plan (年度任务清单) and when each file landed (the reporting cycle)
# ---------------------------------------------------------------------------------------------

# Longgang reports every month, by the 5th of the month after (每月5日前报上月), rolled to the
# next working day over public holidays; the quarter-end files are the March, June and September
# reports and data/demo/reports/ holds the other months'. The September round is due on
# Saturday 10-08, a make-up working day after the National Day holiday: the office's file landed
# that morning, the property management unit's rows on 10-11, three days late (迟报3天), and
# 住房租赁合同网签备案 has not come since July (未报). The city bureau reports each quarter, by the
# 10th of the month after.
LATE_UNIT = "物业管理科"
LANDED = {
    "2021Q1-龙岗区-重点任务.csv": datetime(2021, 4, 8, 16, 20),
    "2021Q2-龙岗区-重点任务.csv": datetime(2021, 7, 7, 10, 5),
    "2021Q3-龙岗区-重点任务.xlsx": datetime(2021, 10, 11, 9, 40),
    "2021Q4-龙岗区-重点任务.csv": datetime(2022, 1, 7, 15, 30),
    "2022Q1-龙岗区-重点任务.csv": datetime(2022, 4, 6, 17, 10),  # due 04-06 after 清明
    "2022Q2-某市-城建重点工作.csv": datetime(2022, 7, 8, 11, 0),
    "2022Q2-龙岗区-重点任务.xlsx": datetime(2022, 7, 5, 15, 30),
    "2022Q3-某市-城建重点工作.csv": datetime(2022, 10, 10, 9, 0),
    f"2022Q3-龙岗区-{LATE_UNIT}.csv": datetime(2022, 10, 11, 10, 15),
    "2022Q3-龙岗区-重点任务.csv": datetime(2022, 10, 8, 11, 45),
    # the rest of the cycle (reports/)
    "2022-01-龙岗区-重点任务月报.csv": datetime(2022, 2, 7, 16, 0),  # due 02-07 after 春节
    "2022-02-龙岗区-重点任务月报.csv": datetime(2022, 3, 4, 10, 30),
    "2022-04-龙岗区-重点任务月报.csv": datetime(2022, 5, 5, 9, 50),  # due 05-05 after 劳动节
    "2022-05-龙岗区-重点任务月报.csv": datetime(2022, 6, 2, 15, 20),
    "2022-07-龙岗区-重点任务月报.csv": datetime(2022, 8, 4, 11, 10),
    "2022-08-龙岗区-重点任务月报.csv": datetime(2022, 9, 5, 9, 40),
    "2022Q1-某市-城建重点工作.csv": datetime(2022, 4, 8, 10, 0),  # due 04-11
}

# Who the office calls when a unit has not reported (fictional names and numbers).
CONTACTS = {
    "建设管理科": "陈晓 0755-28950101",
    "城市更新科": "黄志强 0755-28950102",
    "燃气管理科": "吴敏 0755-28950103",
    "住房保障科": "林芳 0755-28950104",
    "房地产市场监管科": "郑伟 0755-28950105",
    "规划计划科": "孙丽 0755-28950106",
    "工程质量安全监督站": "何军 0755-28950107",
    "建筑市场监管科": "马超 0755-28950108",
    "物业管理科": "罗婷 0755-28950109",
}
COOPERATING = {
    "GJ-01": "区城市更新和土地整备局、各街道办事处",
    "GJ-03": "深圳燃气集团龙岗分公司、各街道办事处",
    "KH-01": "区规划土地监察局",
    "KH-03": "区发展和改革局",
}
# 倒排工期: the planned cumulative value at each month end, worked back from the target; the
# quarter ends are the 序时目标 the quarterly files carry.
MONTHLY_PLAN = {
    "GJ-01": (0.5, 1.0, 1.8, 2.7, 3.7, 4.8, 6.1, 7.5, 9.0, 10.2, 11.2, 12),
    "KH-03": (10, 22, 40, 58, 76, 95, 118, 141, 165, 188, 210, 230),
}
PLAN_COLUMNS = (
    "任务编号",
    "任务名称",
    "指标名称",
    "计量单位",
    "指标类型",
    "指标方向",
    "年度目标",
    "最大值",
    "牵头单位",
    "配合单位",
    "责任领导",
    "联系人",
    "任务类别",
    "所属领域",
    "所属地区",
    "报送频次",
    *(f"{m}月" for m in range(1, 13)),
)
# The most a city indicator can reach: there are 268 key projects to start, so a projection at
# the pace of the first three quarters (224 by September, 298 by December) stops at 268.
CITY_MAXIMUM = {"项目开工": 268}


def build_plan_2022() -> list[str]:
    rows = []
    for task in TASKS_2022:
        assert not task.planned or tuple(MONTHLY_PLAN[task.code][2::3][:3]) == task.planned
        row: dict[str, object] = {
            "任务编号": task.code,
            "任务名称": task.name,
            "指标名称": task.indicator,
            "计量单位": task.unit,
            # 建筑施工安全生产事故起数 stays 累计值 (越小越好) as the quarterly files measure it
            "指标类型": "累计值",
            "指标方向": task.direction,
            "年度目标": dec(task.target),
            "牵头单位": task.lead,
            "配合单位": COOPERATING.get(task.code),
            "责任领导": task.leader,
            "联系人": CONTACTS[task.lead],
            "任务类别": task.category,
            "所属领域": task.area,
            "所属地区": REGION,
            "报送频次": "月报",
        }
        for month, value in enumerate(MONTHLY_PLAN.get(task.code, ()), start=1):
            row[f"{month}月"] = dec(value)
        rows.append(row)
    for item in CITY_INDICATORS:
        rows.append(
            {
                "任务编号": item.code,
                "任务名称": item.task,
                "指标名称": item.indicator,
                "计量单位": item.unit,
                "指标类型": "累计值",
                "指标方向": "越大越好",
                "年度目标": dec(item.target),
                "最大值": dec(CITY_MAXIMUM[item.indicator])
                if item.indicator in CITY_MAXIMUM
                else None,
                "牵头单位": item.lead,
                "责任领导": item.leader,
                "任务类别": "城建重点工作",
                "所属领域": item.area,
                "所属地区": CITY,
                "报送频次": "季报",
            }
        )
    (OUT / "plan").mkdir(exist_ok=True)
    name = "plan/2022-重点任务清单.xlsx"
    write_xlsx(
        OUT / name,
        PLAN_COLUMNS,
        rows,
        title="2022年重点任务清单（龙岗区“3+6+13”重点任务、某市城建重点工作）",
        created=datetime(2022, 1, 10, 9, 0),
        sheet_name="2022年任务清单",
    )
    return [name]


def write_landed() -> str:
    name = "landed.json"
    landed = {file: moment.isoformat(timespec="minutes") for file, moment in LANDED.items()}
    text = json.dumps(landed, ensure_ascii=False, indent=1, sort_keys=True)
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    return name


# The city bureau's first quarter: (cumulative at 2022-03-31, progress note), by indicator.
CITY_Q1 = {
    "建设投资完成": (16.2, "一季度完成城建投资16.2亿元，占年度计划的18.0%。"),
    "项目开工": (72, "全市268个城建重点项目中一季度已开工72个。"),
    "项目竣工": (8, "一季度竣工项目8个。"),
    "征收拆迁": (76, "一季度完成征收拆迁76万平方米。"),
    "新建燃气管网": (6.8, "一季度新建燃气管网6.8公里。"),
    "房地产施工面积": (351.2, "一季度房地产施工面积351.2万平方米。"),
    "房地产竣工面积": (12, "一季度房地产竣工面积12万平方米。"),
    "房地产开发投资": (9.1, "一季度完成房地产开发投资9.1亿元。"),
}


def build_city_q1() -> list[str]:
    rows = [
        {
            "报告期": "2022年第一季度",
            "任务编号": item.code,
            "任务名称": item.task,
            "指标名称": item.indicator,
            "计量单位": item.unit,
            "年度目标": dec(item.target),
            "累计完成": dec(CITY_Q1[item.indicator][0]),
            "牵头单位": item.lead,
            "责任领导": item.leader,
            "任务类别": "城建重点工作",
            "所属领域": item.area,
            "所属地区": CITY,
            "进展情况": CITY_Q1[item.indicator][1],
            "存在问题": "无",
            "下步措施": item.steps[0],
        }
        for item in CITY_INDICATORS
    ]
    name = "reports/2022Q1-某市-城建重点工作.csv"
    write_csv(
        OUT / name,
        CITY_COLUMNS,
        rows,
        encoding="utf-8",
        bom=True,
        titles=(["某市住房和城乡建设局2022年城建重点工作推进情况表（2022年第一季度）"],),
    )
    return [name]


def build_city() -> list[str]:
    written = []
    for q, (label, file_label) in enumerate(
        (("2022年第二季度", "2022Q2"), ("2022年第三季度", "2022Q3"))
    ):
        rows = []
        for item in CITY_INDICATORS:
            rows.append(
                {
                    "报告期": label,
                    "任务编号": item.code,
                    "任务名称": item.task,
                    "指标名称": item.indicator,
                    "计量单位": item.unit,
                    "年度目标": dec(item.target),
                    "累计完成": dec(item.values[q]),
                    "牵头单位": item.lead,
                    "责任领导": item.leader,
                    "任务类别": "城建重点工作",
                    "所属领域": item.area,
                    "所属地区": CITY,
                    "进展情况": item.notes[q],
                    "存在问题": item.problems[q],
                    "下步措施": item.steps[q],
                }
            )
        if q == 1:  # typed with a Chinese input method left in full-width mode
            investment = next(r for r in rows if r["指标名称"] == "建设投资完成")
            investment["累计完成"] = "６２"
        name = f"{file_label}-某市-城建重点工作.csv"
        write_csv(
            OUT / name,
            CITY_COLUMNS,
            rows,
            encoding="utf-8",
            bom=True,
            titles=([f"某市住房和城乡建设局2022年城建重点工作推进情况表（{label}）"],),
        )
        written.append(name)
    return written


README = """\
# 演示数据（data/demo）

Demo upload files for the key-task supervision dashboard, generated by `scripts/build_demo_data.py`;
they are loaded in file-name order through the same upload path as a staff member's file.

以下文件由 `scripts/build_demo_data.py` 生成（重新运行脚本即可重建），按文件名顺序导入，
与工作人员上传走同一校验和入库流程。每行是一个指标截至某日的年度累计完成情况。

## 龙岗区 2021 年（19 项重点任务，年底全部完成）

| 文件 | 格式 | 截至日期 |
|---|---|---|
| 2021Q1-龙岗区-重点任务.csv | GBK 编码 CSV，CRLF，标题行 + 填报单位行，日期写作 2021/3/31 | 2021-03-31 |
| 2021Q2-龙岗区-重点任务.csv | GBK 编码 CSV，CRLF，标题行，右侧多一空列，末尾两行空行 | 2021-06-30 |
| 2021Q3-龙岗区-重点任务.xlsx | XLSX，第 1 行合并标题，第 2 行表头，截至日期为日期单元格 | 2021-09-30 |
| 2021Q4-龙岗区-重点任务.csv | UTF-8（带 BOM）CSV，无标题行，数字带千分位 | 2021-12-31 |

2021Q4 文件复现的年度报告数据（完成率 = 累计完成 / 年度目标）：

| 任务 | 累计完成 | 年度目标 | 完成率 |
|---|---|---|---|
| 地下综合管廊建设 | 19,300 米（即 19.3 公里；前三季度以公里填报） | 13,940 米 | 138.5% |
| 公共住房新增筹集建设 | 1.04万（计量单位 套，即 10,400 套） | 10,360 套 | 100.4% |
| 公共住房供应 | 4,280 套 | 2,000 套 | 214% |
| 筹集租赁住房 | 25,300 套 | 24,000 套 | 105.4% |
| 新开工住房 | 225.79 万平方米 | 225 万平方米 | 100.35% |
| 城中村天然气管道改造 | 211 个 | 211 个 | 100% |

## 龙岗区 2022 年（“3+6+13”共 22 项：攻坚专班 3、市对区考核任务 6、区重点工作 13）

| 文件 | 格式 | 报告期 |
|---|---|---|
| 2022Q1-龙岗区-重点任务.csv | UTF-8（无 BOM）CSV，LF，标题行 | 2022年第一季度 |
| 2022Q2-龙岗区-重点任务.xlsx | XLSX，合并标题 + 填报单位行，第 3 行表头，单元格内换行 | 2022Q2 |
| 2022Q3-龙岗区-重点任务.csv | GBK 编码 CSV，CRLF，标题行 + 填报单位行 | 2022年9月 |

截至 2022 年 9 月底（序时进度 75%）：已完成 3 项，正常 9 项（含“建筑施工安全生产事故起数”，
越小越好，控制指标 4 起、实际 1 起），略滞后 4 项，滞后 3 项，严重滞后 1 项，无进展 1 项
（新建燃气调压站，累计完成 0），未报送 1 项（住房租赁合同网签备案，一、二季度有报送、三季度文件中没有）。
“新建地下综合管廊”和“新开工住房面积”填报了序时目标（倒排工期计划累计）。
二季度文件中“建筑市场秩序整治”的进展情况含有 `<b>注意</b>` 字样，应原样显示为文字。

## 某市住建局 2022 年城建重点工作

| 文件 | 格式 | 报告期 |
|---|---|---|
| 2022Q2-某市-城建重点工作.csv | UTF-8（带 BOM）CSV，标题行 | 2022年第二季度 |
| 2022Q3-某市-城建重点工作.csv | UTF-8（带 BOM）CSV，标题行，“６２”为全角数字 | 2022年第三季度 |

三季度末数据：建设投资完成 62 亿元，年度目标 90 亿元，完成 68.9%，低于序时进度（75%）6.1 个百分点；
268 个项目总投资 183 亿元，开工 224 个、竣工 54 个、140 个按计划推进、44 个未开工；
征收拆迁 275 万平方米（棚户区 158、城中村 50、农村 67）；新建燃气管网 28 公里；
房地产施工面积 494.4 万平方米、竣工面积 67 万平方米、开发投资 31.2 亿元。

## 2022 年任务清单与报送情况（plan/、reports/、landed.json）

`plan/2022-重点任务清单.xlsx` 是 2022 年任务清单：龙岗区 22 项重点任务（月报，“每月5日前报上月”），
管廊和新开工住房有逐月倒排计划；某市城建重点工作 8 个指标（季报，“每季度结束后次月10日前报上季度”），
其中“项目开工”的最大值为 268 个（全市重点项目总数），按前三季度进度推算全年不会超过 268 个。

`reports/` 是龙岗区季度之间各月的月报（1、2、4、5、7、8 月，UTF-8（带 BOM）CSV，标题行，报告期写作
2022年1月），各月累计数在相邻季末数之间按直线取值，3、6、9 月的月报即上表的季度文件；以及某市一季度的
城建重点工作（格式同二、三季度）。
`landed.json` 记录每个文件的入库时间，报送情况按它判断：

| 报送期 | 报送时限（遇节假日顺延） | 情况 |
|---|---|---|
| 2022年1月 | 2月7日（春节假期后） | 按时 |
| 2022年2月、4月、5月 | 3月7日、5月5日、6月6日 | 按时 |
| 2022年3月、6月 | 4月6日（清明后）、7月5日 | 按时 |
| 2022年7月、8月 | 8月5日、9月5日 | 房地产市场监管科“住房租赁合同网签备案”未报，其他按时 |
| 2022年9月 | 10月8日（国庆假期后的调休上班日） | 局办公室 10月8日报送，按时；物业管理科 10月11日报送，**迟报3天**；房地产市场监管科“住房租赁合同网签备案”**未报**，该指标进度为**未报送** |
| 2022年第一、二、三季度（某市） | 4月11日、7月11日、10月10日 | 按时 |

2022年10月及以后各期没有任何报送：到期后全部为未报。

## 某市住建局 2022 年城建重点项目台账（projects/）

| 文件 | 格式 | 截至日期 |
|---|---|---|
| projects/2022-某市-城建重点项目台账.csv | UTF-8（带 BOM）CSV，CRLF，标题行；268 个项目 1—9 月每月一报，共 2,412 行；40 个项目填了 1—12 月计划投资（倒排到月） | 2022-01-31 … 2022-09-30 |

由 `scripts/build_project_demo.py` 按固定随机种子生成（重新运行得到完全相同的文件），项目名称、责任单位、
所属地区（城东区、城西区、城南区、城北区、高新区、经开区、临江新区）均为虚构。看板从台账计算出的
9 月底数字与上表城建重点工作一致：268 个项目、总投资 183 亿元；已开工 224 个（其中竣工 54 个），
在建 170 个中 140 个亮绿灯按计划推进，44 个未开工；年度计划投资 90 亿元，完成 62 亿元，投资完成率
68.9%，落后序时进度（75%）6.1 个百分点。开工率 83.6%（224/268），年内计划竣工 80 个、已竣工 54 个，
竣工率 67.5%。亮灯：绿 212、黄 29、红 27。
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    written = [
        *build_2021(),
        *build_2022(),
        *build_monthly_2022(),
        *build_city(),
        *build_city_q1(),
        *build_plan_2022(),
        write_landed(),
    ]
    (OUT / "README.md").write_text(README, encoding="utf-8")
    for name in sorted(written):
        print(f"data/demo/{name}")
    print("data/demo/README.md")


if __name__ == "__main__":
    main()
