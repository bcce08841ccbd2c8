"""The notice ledger on a tiny store: triggers, tiers over consecutive months and their reset,
rectification by the unit's staff and close-out by an administrator, each audited.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests import test_reporting
from tracker.access import audit
from tracker.access.accounts import User
from tracker.intake import ingest
from tracker.plan.reporting import ReportingRules
from tracker.progress.status import Thresholds
from tracker.supervision import ledger, rules
from tracker.supervision.ledger import LedgerError
from tracker.supervision.rules import SupervisionSettings

HEADER = "任务名称,年度目标,累计完成,序时目标,截至日期,牵头单位,所属地区"
# 甲科 makes no progress for three months (red), catches up in April (green), and in May falls
# 50 points behind its milestone plan (red again). 乙科 stays ahead all along.
MONTHS = [
    ("2022-01-31", "拆除任务,100,0,,{d},甲科,某区"),
    ("2022-02-28", "拆除任务,100,0,,{d},甲科,某区"),
    ("2022-03-31", "拆除任务,100,0,,{d},甲科,某区"),
    ("2022-04-30", "拆除任务,100,40,,{d},甲科,某区"),
    ("2022-05-31", "拆除任务,100,40,90,{d},甲科,某区"),
]
TODAY = date(2022, 6, 15)
ADMIN = User("admin", "王管理", "admin")
STAFF_JIA = User("zhang", "张三", "staff", units=("甲科",))
STAFF_YI = User("li", "李四", "staff", units=("乙科",))
VIEWER = User("leader", "局长", "viewer")


def upload(store, lines):
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    checked = ingest.prepare(store, data, "进度.csv", today=TODAY)
    assert checked.accepted, checked.problems.to_dict("records")
    ingest.commit(store, checked, "测试")


@pytest.fixture
def months_store(store):
    lines = []
    for day, line in MONTHS:
        lines.append(line.format(d=day))
        month = int(day[5:7])
        lines.append(f"供应任务,100,{month * 10},,{day},乙科,某区")
    upload(store, lines)
    rules.save(store, SupervisionSettings(black_list_size=0), "admin")
    return store


# the plan of four indicators and its reports: September's round has 住房保障科 late (by 3 days
# monthly, 1 day quarterly) and 燃气管理科 missing
cycle = test_reporting.cycle


def evaluate(store, period):
    return ledger.evaluate(store, period, "admin", Thresholds(), today=TODAY)


def test_tier_rises_over_consecutive_red_months_and_resets_after_a_green_one(months_store):
    for month in ("2022-01", "2022-02", "2022-03", "2022-04", "2022-05"):
        evaluate(months_store, month)
    found = ledger.entries(months_store, today=TODAY).sort_values("period")
    assert [(e.period.month, e.lead_unit, e.tier, e.tier_name) for e in found.itertuples()] == [
        (1, "甲科", 1, "提醒/通报"),
        (2, "甲科", 2, "约谈"),
        (3, "甲科", 3, "问责"),
        (5, "甲科", 1, "提醒/通报"),
    ]
    may = found.iloc[-1]
    assert list(may["kinds"]) == ["red_light"]
    assert list(may["details"]) == ["红灯：拆除任务完成40.0%，序时进度90.0%，落后50个百分点"]
    assert may["deadline"] == date(2022, 6, 30)  # 15 days from the day it was evaluated
    assert ledger.tally(months_store, "甲科", 2022) == "本年被通报 4 次，约谈 1 次，问责 1 次"
    assert ledger.tally(months_store, "乙科", 2022) == "本年被通报 0 次，约谈 0 次"


def test_tiers_of_period_query_lists_the_units_of_one_period(months_store):
    evaluate(months_store, "2022-01")
    evaluate(months_store, "2022-02")
    rows = months_store.query("supervision/tiers_of_period", period=date(2022, 2, 28))
    assert rows.to_dict("records") == [{"region": "某区", "lead_unit": "甲科", "tier": 2}]


def test_periods_are_evaluated_once_in_order_and_only_after_they_end(months_store):
    evaluate(months_store, "2022-02")
    with pytest.raises(LedgerError, match="2022年2月的督办台账已经生成过"):
        evaluate(months_store, "2022年2月")
    with pytest.raises(LedgerError, match="已生成至2022年2月，不能再生成2022年1月"):
        evaluate(months_store, "2022-01")
    with pytest.raises(LedgerError, match="2022年6月尚未结束"):
        evaluate(months_store, "2022-06")
    with pytest.raises(LedgerError, match="2023年还没有任何指标数据"):
        ledger.evaluate(months_store, "2023-01", "admin", Thresholds(), today=date(2023, 3, 1))
    records = audit.recent(months_store)
    assert (records["action"] == "ledger_run").sum() == 1


def test_black_list_and_unreported_triggers(store):
    upload(
        store,
        [
            "拆除任务,100,10,,2022-09-30,甲科,某区",
            "供应任务,100,60,,2022-09-30,乙科,某区",
            "备案任务,100,30,,2022-05-31,丙科,某区",
            "外区任务,100,10,,2022-09-30,甲科,他区",
        ],
    )
    rules.save(store, SupervisionSettings(black_list_size=1), "admin")
    found = ledger.find_triggers(store, date(2022, 9, 30), Thresholds(), rules.current(store))
    seen = {(t.region, t.lead_unit, t.kind) for t in found}
    assert seen == {
        ("某区", "甲科", "red_light"),
        ("某区", "甲科", "black_list"),  # the one place on 某区's 黑榜
        ("某区", "丙科", "unreported"),  # last report in May: more than 62 days old
        ("他区", "甲科", "red_light"),
        ("他区", "甲科", "black_list"),  # each region has its own 黑榜
    }
    # 乙科 is 15 points behind: a yellow light and below 某区's single 黑榜 place
    assert not any(t.lead_unit == "乙科" for t in found)


def test_staff_rectify_their_units_entries_and_an_admin_closes(months_store):
    evaluate(months_store, "2022-01")
    entry_id = int(ledger.entries(months_store, today=TODAY)["entry_id"].iloc[0])
    for user, message in (
        (STAFF_YI, "只有甲科的填报人员或管理员可以填写"),
        (VIEWER, "只有甲科的填报人员或管理员可以填写"),
    ):
        with pytest.raises(LedgerError, match=message):
            ledger.rectify(months_store, entry_id, "已整改", user)
    with pytest.raises(LedgerError, match="请填写整改情况"):
        ledger.rectify(months_store, entry_id, "  ", STAFF_JIA)
    with pytest.raises(LedgerError, match="尚未填写整改情况，不能销号"):
        ledger.close(months_store, entry_id, "同意销号", ADMIN)

    ledger.rectify(months_store, entry_id, "拆除队伍已进场，2月完成30%", STAFF_JIA)
    with pytest.raises(LedgerError, match="只有管理员可以销号"):
        ledger.close(months_store, entry_id, "同意销号", STAFF_JIA)
    ledger.close(months_store, entry_id, "整改到位，同意销号", ADMIN)
    entry = ledger.entries(months_store, entry_id=entry_id).iloc[0]
    assert (entry["state"], entry["rectified_by"], entry["closed_by"]) == (
        "closed",
        "zhang",
        "admin",
    )
    assert entry["rectification"] == "拆除队伍已进场，2月完成30%"
    with pytest.raises(LedgerError, match="已销号，不能再修改"):
        ledger.rectify(months_store, entry_id, "补充", STAFF_JIA)
    actions = audit.recent(months_store)["action"].tolist()
    assert actions[:2] == ["ledger_closed", "rectification"]


def test_entries_query_puts_open_and_overdue_first(months_store):
    for month in ("2022-01", "2022-02", "2022-03"):
        ledger.evaluate(months_store, month, "admin", Thresholds(), today=date(2022, 4, 10))
    by_period = ledger.entries(months_store).set_index("period")["entry_id"]
    ledger.rectify(months_store, int(by_period[date(2022, 1, 31)]), "已整改", STAFF_JIA)
    ledger.close(months_store, int(by_period[date(2022, 1, 31)]), "同意", ADMIN)
    ledger.rectify(months_store, int(by_period[date(2022, 3, 31)]), "已整改", STAFF_JIA)
    # on May 1 the deadline (April 25) has passed: February's entry, not rectified, is overdue
    found = ledger.entries(months_store, today=date(2022, 5, 1))
    assert [(e.period.month, e.state, e.overdue) for e in found.itertuples()] == [
        (2, "open", True),
        (3, "rectified", False),
        (1, "closed", False),
    ]
    assert ledger.entries(months_store, lead_unit="乙科").empty
    assert len(ledger.entries(months_store, year=2022, region="某区")) == 3


def test_late_and_missing_reports_of_the_round_are_triggers(cycle):
    rules.save(cycle, SupervisionSettings(black_list_size=0), "admin")
    ledger.evaluate(cycle, "2022-09", "admin", Thresholds(), today=date(2022, 10, 20))
    found = ledger.entries(cycle, today=date(2022, 10, 20)).set_index("lead_unit")
    reports = {
        unit: [d for d in details if d.startswith(("迟报", "未报"))]
        for unit, details in found["details"].items()
    }
    assert reports == {
        "燃气管理科": ["未报：2022年9月应报1项，未报1项"],
        "住房保障科": [
            "迟报：2022年9月迟报1项，最多迟3天",
            "迟报：2022年第三季度迟报1项，最多迟1天",
        ],
        "建设管理科": [],
    }
    assert "late_report" in found.loc["住房保障科", "kinds"]


def test_a_round_not_yet_due_gives_no_report_trigger(cycle):
    # on October 3 September's reports are not yet due: pending, not missing
    triggers = ledger.report_triggers(
        cycle, date(2022, 9, 30), datetime(2022, 10, 3), ReportingRules()
    )
    assert triggers == []
    assert ledger.report_triggers(
        cycle, date(2022, 9, 30), datetime(2022, 10, 20), ReportingRules()
    )
