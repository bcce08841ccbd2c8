"""Lights under each rule preset, and the supervision settings: tiny inputs, expected lights."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tracker.access import audit
from tracker.intake import ingest
from tracker.progress import metrics
from tracker.progress.status import Thresholds
from tracker.supervision import rules
from tracker.supervision.rules import SettingsError, SupervisionSettings

# indicator_id, direction, completion, schedule, gap, status
#   -> expected light under points, ratio (1 / 0.5), milestone (schedule 3 months ago 0.5)
LIGHT_CASES = [
    (1, "higher", 0.80, 0.75, 5.0, "on_track", "green", "green", "green"),
    (2, "higher", 0.70, 0.75, -5.0, "slightly_behind", "yellow", "yellow", "yellow"),
    (3, "higher", 0.50, 0.75, -25.0, "behind", "yellow", "yellow", "yellow"),
    (4, "higher", 0.40, 0.75, -35.0, "seriously_behind", "red", "yellow", "red"),
    (5, "higher", 0.30, 0.75, -45.0, "seriously_behind", "red", "red", "red"),
    (6, "higher", 0.00, 0.75, -75.0, "seriously_behind", "red", "red", "red"),
    (7, "higher", 1.10, 0.75, 35.0, "complete", "green", "green", "green"),
    (8, "lower", 0.25, 0.75, 50.0, "on_track", "green", "green", "green"),
    (9, "lower", 1.25, 0.75, -50.0, "seriously_behind", "red", "red", "red"),
    (10, "higher", None, None, None, "no_data", "grey", "grey", "grey"),
]


def status_frame() -> pd.DataFrame:
    rows = [
        {
            "indicator_id": case[0],
            "region": "某区",
            "task_code": None,
            "task": f"任务{case[0]}",
            "indicator": f"指标{case[0]}",
            "unit": "个",
            "direction": case[1],
            "lead_unit": "甲科",
            "category": "重点",
            "as_of": date(2022, 9, 30),
            "annual_target": 100.0,
            "actual": None if case[2] is None else case[2] * 100,
            "completion_rate": case[2],
            "schedule_rate": case[3],
            "gap_points": case[4],
            "status": case[5],
            "problems": None,
            "next_steps": None,
        }
        for case in LIGHT_CASES
    ]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("rule, column", [("points", 6), ("ratio", 7), ("milestone", 8)])
def test_lights_query_gives_each_preset_its_light(store, rule, column):
    earlier = pd.DataFrame({"indicator_id": [c[0] for c in LIGHT_CASES], "schedule_rate": 0.5})
    lit = store.query(
        "supervision/lights",
        frames={"status": status_frame(), "earlier": earlier},
        sort_by="indicator_id",
        rule=rule,
        ratio_green=1.0,
        ratio_yellow=0.5,
        overdue_schedule=0.5,
    )
    assert dict(zip(lit["indicator_id"], lit["light"], strict=True)) == {
        c[0]: c[column] for c in LIGHT_CASES
    }
    applied = dict(zip(lit["indicator_id"], lit["rule_applied"], strict=True))
    assert applied[7] == "complete" and applied[10] == "no_data"
    # a ceiling is judged by the status bands under every preset
    assert applied[9] == "points"
    assert applied[2] == rule


def test_points_rule_is_the_status_bands(store):
    """Moving the status threshold moves the lights with it: there is one source of rules."""
    lines = [
        "任务名称,年度目标,累计完成,截至日期,牵头单位,所属地区",
        "落后35点,100,40,2022-09-30,甲科,某区",
    ]
    upload = ingest.prepare(store, ("\n".join(lines) + "\n").encode(), "a.csv")
    ingest.commit(store, upload, "测试")
    as_of = date(2022, 9, 30)
    default = rules.lights(store, as_of, Thresholds(), SupervisionSettings())
    wider = rules.lights(store, as_of, Thresholds(behind_points=40.0), SupervisionSettings())
    assert default["light"].tolist() == ["red"]
    assert wider["light"].tolist() == ["yellow"]
    assert "落后不超过40个百分点为黄灯" in wider["rule"].iloc[0]


def test_milestone_rule_reads_the_schedule_three_months_before(store):
    lines = [
        "任务名称,年度目标,累计完成,序时目标,截至日期,牵头单位,所属地区",
        "节点任务,100,30,40,2022-06-30,甲科,某区",
        "节点任务,100,38,70,2022-09-30,甲科,某区",
        "赶上节点,100,45,40,2022-06-30,甲科,某区",
        "赶上节点,100,60,70,2022-09-30,甲科,某区",
    ]
    upload = ingest.prepare(store, ("\n".join(lines) + "\n").encode(), "m.csv")
    ingest.commit(store, upload, "测试")
    lit = rules.lights(
        store, date(2022, 9, 30), Thresholds(), SupervisionSettings(light_rule="milestone")
    ).set_index("task")
    # 38% now is short of the 40% due by June: overdue three months, red
    assert lit.loc["节点任务", "light"] == "red"
    # 60% passes June's 40% but not September's 70%: this period's milestone missed, yellow
    assert lit.loc["赶上节点", "light"] == "yellow"


def test_settings_default_and_saved_with_an_audit_record(store):
    assert rules.current(store) == SupervisionSettings()
    chosen = SupervisionSettings(light_rule="ratio", ratio_yellow=0.6, black_list_size=5)
    rules.save(store, chosen, "admin")
    assert rules.current(store) == chosen
    record = audit.recent(store).iloc[0]
    assert record["action"] == "supervision_settings"
    assert "亮灯规则：按落后序时进度的百分点 → 按实际完成与序时进度之比" in record["detail"]
    assert "黑榜名额：3 → 5" in record["detail"]


def test_settings_current_query_gives_the_newest_row(store):
    rules.save(store, SupervisionSettings(rectify_days=10), "a")
    rules.save(store, SupervisionSettings(rectify_days=20, tier_names=("蓝色", "橙色")), "b")
    row = store.query("supervision/settings_current").iloc[0]
    assert (row["rectify_days"], list(row["tier_names"]), row["changed_by"]) == (
        20,
        ["蓝色", "橙色"],
        "b",
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"light_rule": "colour"}, "亮灯规则“colour”无效"),
        ({"ratio_yellow": 1.2}, "黄灯比值（1.2）须小于绿灯比值（1）"),
        ({"tier_names": ("提醒", " ")}, "督办层级名称不能为空"),
        ({"rectify_days": 0}, "整改期限须在 1 到 180 天之间"),
        ({"black_list_size": -1}, "黑榜名额须在 0 到 50 之间"),
    ],
)
def test_bad_settings_are_refused_in_chinese(changes, message):
    with pytest.raises(SettingsError, match=message):
        SupervisionSettings(**changes)


def test_tier_names_beyond_the_last_keep_the_last():
    settings = SupervisionSettings()
    assert [settings.tier_name(t) for t in (1, 2, 3, 4)] == ["提醒/通报", "约谈", "问责", "问责"]


def test_period_end_and_months_before():
    assert rules.period_end("2022-09") == date(2022, 9, 30)
    assert rules.period_end("2022年2月") == date(2022, 2, 28)
    assert rules.months_before(date(2022, 9, 30), 3) == date(2022, 6, 30)
    assert rules.months_before(date(2022, 2, 28), 3) == date(2021, 11, 30)
    assert metrics.year_elapsed(rules.months_before(date(2022, 9, 30), 3)) == 0.5
