"""Filters, headline counts, rankings and display tables of the leaders' pages, on small frames."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tracker.presentation import export, views
from tracker.presentation.views import Selection
from tracker.progress import metrics


def row(indicator_id, task, status, gap, **values) -> dict:
    base = {
        "indicator_id": indicator_id,
        "year": 2022,
        "region": "龙岗区",
        "task_code": f"T-{indicator_id:02d}",
        "task": task,
        "indicator": task,
        "unit": "套",
        "direction": "higher",
        "lead_unit": "住房保障科",
        "leader": "副局长 李明",
        "category": "区重点工作",
        "area": "保障民生",
        "as_of": date(2022, 9, 30),
        "annual_target": 10000.0,
        "actual": 10000.0 * (0.75 + gap / 100),
        "planned": np.nan,
        "completion_rate": 0.75 + gap / 100,
        "schedule_rate": 0.75,
        "gap_points": float(gap),
        "status": status,
        "progress_note": "",
        "problems": "",
        "next_steps": "",
    }
    base.update(values)
    return base


@pytest.fixture
def status() -> pd.DataFrame:
    return pd.DataFrame(
        [
            row(1, "公共住房筹集", "complete", 30, category="攻坚专班"),
            row(2, "租赁住房", "on_track", 3, lead_unit="房地产市场监管科"),
            row(3, "棚户区改造", "slightly_behind", -6.25, lead_unit="城市更新科"),
            row(4, "海绵城市", "behind", -21, lead_unit="建设管理科", area="安全发展"),
            row(5, "燃气调压站", "seriously_behind", -75, lead_unit="燃气管理科", region="某市"),
            row(
                6,
                "网签备案",
                "no_data",
                -0.3,
                lead_unit="房地产市场监管科",
                as_of=date(2022, 6, 30),
                problems="<b>注意</b>",
            ),
        ]
    )


@pytest.mark.parametrize(
    ("choices", "expected_ids"),
    [
        ({}, [1, 2, 3, 4, 5, 6]),
        ({"lead_units": ("房地产市场监管科",)}, [2, 6]),
        ({"lead_units": ("房地产市场监管科", "城市更新科")}, [2, 3, 6]),
        ({"categories": ("区重点工作",), "areas": ("安全发展",)}, [4]),
        ({"regions": ("某市",)}, [5]),
        ({"regions": ("没有的地区",)}, []),
    ],
)
def test_filters_keep_rows_matching_every_choice(status, choices, expected_ids):
    kept = views.apply_filters(status, **choices)
    assert kept["indicator_id"].tolist() == expected_ids
    assert Selection(**choices).apply(status)["indicator_id"].tolist() == expected_ids
    assert list(kept.index) == list(range(len(kept)))


def test_filter_options_leave_out_blanks_and_sort(status):
    status.loc[0, "area"] = None
    status.loc[1, "area"] = "  "
    options = views.filter_options(status)
    assert options["areas"] == ["保障民生", "安全发展"]
    assert options["regions"] == ["某市", "龙岗区"]
    assert options["lead_units"] == sorted(set(status["lead_unit"]))


def test_selection_knows_when_it_narrows():
    assert not Selection().narrowed
    assert not Selection(regions=("某市",)).narrowed  # the scope, not a filter to clear
    assert Selection(lead_units=("住房保障科",)).narrowed


def test_dates_read_the_chinese_way():
    assert views.format_date(date(2022, 9, 30)) == "2022年9月30日"
    assert views.format_date(date(2022, 9, 30), "en") == "2022-09-30"
    assert views.format_date(None) == "—"


def test_headline_counts_and_changes_since_the_previous_snapshot(status):
    previous = status.assign(
        status=["on_track", "on_track", "behind", "behind", "behind", "slightly_behind"]
    )
    head = views.headline(status, previous)
    assert (head.tasks, head.indicators) == (6, 6)
    assert head.counts == {
        "complete": 1,
        "on_track": 1,
        "slightly_behind": 1,
        "behind": 1,
        "seriously_behind": 1,
        "no_data": 1,
    }
    assert head.tasks_change == 0
    assert head.count_changes == {
        "complete": 1,
        "on_track": -1,
        "slightly_behind": 0,
        "behind": -2,
        "seriously_behind": 1,
        "no_data": 1,
    }
    first = views.headline(status)
    assert first.count_changes is None and first.tasks_change is None


def test_a_task_counts_once_per_region_however_many_indicators(status):
    status.loc[1, "task"] = "公共住房筹集"
    assert views.task_count(status) == 5
    status.loc[1, "region"] = "某市"
    assert views.task_count(status) == 6


def test_chart_rows_are_the_worst_first_and_the_rest_are_counted(status):
    shown, hidden = views.worst_first(status, limit=3)
    assert shown["indicator_id"].tolist() == [6, 5, 4]  # not reported, then most behind
    assert hidden == 3
    everything, none_hidden = views.worst_first(status)
    assert len(everything) == 6 and none_hidden == 0


def test_chart_rows_name_their_region_where_regions_differ(status):
    labelled = views.labelled_by_region(status)
    assert labelled["task"].tolist()[3:5] == ["龙岗区｜海绵城市", "某市｜燃气调压站"]
    one_region = status[status["region"] == "龙岗区"]
    assert views.labelled_by_region(one_region)["task"].tolist()[0] == "公共住房筹集"


def test_changes_are_summarised(status):
    previous = status.assign(
        status=["on_track", "on_track", "behind", "behind", "behind", "slightly_behind"]
    )
    changes = metrics.changes_between(previous, status)
    assert views.change_summary(changes) == {"newly_complete": 1, "worse": 2, "better": 1}
    table = views.changes_table(changes)
    assert list(table.columns[:6]) == [
        "任务名称",
        "指标名称",
        "所属地区",
        "变化",
        "上期状态",
        "状态",
    ]
    first = table.iloc[0]
    assert (first["任务名称"], first["变化"], first["上期状态"], first["状态"]) == (
        "燃气调压站",
        "转差",
        "滞后",
        "严重滞后",
    )
    assert set(table["变化"]) == {"转差", "好转", "新完成"}
    assert "所属地区" in table.columns  # two regions


ROLLUP = pd.DataFrame(
    {
        "group_name": ["甲科", "乙科", "丙科", "丁科", "戊科"],
        "indicators": [3, 2, 2, 1, 1],
        "complete": [1, 0, 1, 0, 0],
        "on_track": [0, 2, 1, 0, 0],
        "slightly_behind": [1, 0, 0, 0, 0],
        "behind": [0, 0, 0, 0, 0],
        "seriously_behind": [1, 0, 0, 0, 0],
        "no_data": [0, 0, 0, 0, 1],
        "lagging": [2, 0, 0, 0, 0],
        "avg_completion_rate": [0.7, 0.8, 0.9, np.nan, np.nan],
        "avg_gap_points": [-20.0, 5.0, 15.0, np.nan, np.nan],
        "worst_gap_points": [-40.0, 2.0, 10.0, np.nan, np.nan],
    }
)


def test_units_are_ranked_by_average_gap_best_first():
    ranked = views.rank_groups(ROLLUP)
    assert ranked["group_name"].tolist() == ["丙科", "乙科", "甲科", "丁科", "戊科"]
    # nothing to compare (no gap): no rank
    assert ranked["rank"].tolist() == [1, 2, 3, pd.NA, pd.NA]


def test_ranks_are_shared_by_ties_and_then_skip():
    tied = pd.DataFrame(
        {
            "group_name": ["甲", "乙", "丙", "丁", "戊"],
            "indicators": 2,
            "complete": 0,
            "on_track": 2,
            "slightly_behind": 0,
            "behind": 0,
            "seriously_behind": 0,
            "no_data": 0,
            "lagging": [0, 0, 0, 0, 1],
            "avg_completion_rate": 0.8,
            # 乙 and 丙 are equal as shown to one decimal
            "avg_gap_points": [9.0, 5.04, 4.96, 1.0, 1.0],
            "worst_gap_points": [1.0, 1.0, 2.0, 0.0, -3.0],
        }
    )
    ranked = views.rank_groups(tied)
    assert ranked["group_name"].tolist() == ["甲", "丙", "乙", "丁", "戊"]
    assert ranked["rank"].tolist() == [1, 2, 2, 4, 5]
    best = views.commended(ranked)
    assert best["rank"].tolist() == [1, 2, 2, 4]  # ranked within the list: no gaps from others
    assert "并列" in views.RANK_RULE["zh"] and "1、2、2、4" in views.RANK_RULE["zh"]


def test_red_list_is_clean_units_and_black_list_the_lagging_or_silent():
    ranked = views.rank_groups(ROLLUP)
    assert views.commended(ranked)["group_name"].tolist() == ["丙科", "乙科"]
    worst = views.called_out(ranked)
    assert worst["group_name"].tolist() == ["甲科", "戊科"]
    assert worst["rank"].tolist() == [1, 2]
    assert views.commended(ranked, limit=1)["group_name"].tolist() == ["丙科"]


def test_worst_groups_for_a_chart_of_many_units():
    shown, hidden = views.worst_groups(ROLLUP, limit=2)
    assert shown["group_name"].tolist() == ["甲科", "乙科"]
    assert hidden == 3


def test_rollup_table_names_statuses_and_writes_gaps_in_points():
    table = views.rollup_table(views.rank_groups(ROLLUP), "lead_unit")
    assert list(table.columns) == [
        "名次", "牵头单位", "指标数", "已完成", "正常", "略滞后", "滞后", "严重滞后", "未报送",
        "滞后指标数", "平均完成率", "平均偏差", "最大落后",
    ]  # fmt: skip
    first = table.iloc[0]
    assert (first["牵头单位"], first["平均完成率"], first["平均偏差"], first["最大落后"]) == (
        "丙科",
        "90.0%",
        "超前15个百分点",
        "超前10个百分点",
    )
    assert table.iloc[-1]["平均偏差"] == "—"
    brief = views.rollup_table(ROLLUP, "region", "en", ("group", "lagging"))
    assert list(brief.columns) == ["Region", "Lagging"]  # no rank in an unranked roll-up


def test_status_table_writes_figures_as_reports_do(status):
    status.loc[0, ["unit", "actual", "annual_target", "completion_rate"]] = [
        "套",
        10400.0,
        10360.0,
        10400 / 10360,
    ]
    status.loc[1, ["unit", "actual", "annual_target"]] = ["起", 1.0, 4.0]
    status.loc[1, ["direction", "completion_rate"]] = ["lower", 0.25]
    table = views.status_table(status)
    first = table.iloc[0]
    assert first["累计完成"] == "1.04万套"
    assert first["年度目标"] == "1.036万套"  # never 1.04万 against 1.04万
    assert first["状态"] == "已完成"
    assert first["偏差"] == "超额完成0.4个百分点"
    assert table.iloc[1]["偏差"] == "控制在上限内"
    assert first["截至日期"] == "2022年9月30日"
    assert table.iloc[4]["偏差"] == "落后75个百分点"
    assert table.iloc[5]["存在问题"] == "<b>注意</b>"  # text stays text
    english = views.status_table(status, "en")
    assert english.iloc[4]["Status"] == "Seriously behind"
    assert english.iloc[4]["Gap"] == "75 pts behind"


def test_status_table_drops_the_region_column_for_one_region(status):
    assert "所属地区" in views.status_table(status).columns
    one = status[status["region"] == "龙岗区"]
    assert "所属地区" not in views.status_table(one).columns


def test_lagging_table_is_worst_first_with_unit_leader_gap_and_problems(status):
    status.loc[4, "problems"] = "用地手续尚未办结"
    table = views.lagging_table(status)
    assert table["指标名称"].tolist() == ["燃气调压站", "海绵城市", "棚户区改造"]
    assert list(table.columns) == [
        "指标名称", "牵头单位", "责任领导", "偏差", "完成率", "完成/目标", "所属地区", "状态",
        "序时进度", "存在问题",
    ]  # fmt: skip
    assert table.iloc[0]["存在问题"] == "用地手续尚未办结"
    assert table.iloc[0]["完成/目标"] == "0/1万套"
    assert table.iloc[1]["完成/目标"] == "0.54万/1万套"
    assert views.pinned_columns(table.columns) == ["指标名称"]


def test_summary_sentence_reads_like_a_bulletin(status):
    text = views.summary_sentence(status, date(2022, 9, 30), "龙岗区")
    assert text == (
        "截至2022年9月底，龙岗区6项任务中达到序时进度2项，占33.3%；滞后3项，其中严重滞后1项："
        "燃气调压站（某市燃气管理科，落后75个百分点）；未报送1项：网签备案（龙岗区房地产市场监管科）。"
    )
    one = status[status["region"] == "龙岗区"]
    assert "严重滞后" not in views.summary_sentence(one, date(2022, 9, 15))
    assert views.summary_sentence(one, date(2022, 9, 15)).startswith(
        "截至2022年9月15日，5项任务中达到序时进度2项，占40.0%；滞后2项；未报送1项：网签备案（房地产市场监管科）"
    )
    english = views.summary_sentence(one, date(2022, 9, 30), lang="en")
    assert english.startswith("As of the end of September 2022, 2 of 5 tasks are on or ahead")


def test_a_scope_holds_its_own_bureau_and_the_regions_below_it(status):
    from tracker.progress.regions import RegionTree

    tree = RegionTree.parse("龙岗区", "某市: 龙岗区, 福田区; 广东省: 某市")
    status.loc[3, "region"] = "福田区"
    status.loc[2, "region"] = "宝安区"  # in no hierarchy: its own bureau, never added in
    assert views.in_scope(status, tree, "龙岗区")["indicator_id"].tolist() == [1, 2, 6]
    assert views.in_scope(status, tree, "某市")["indicator_id"].tolist() == [1, 2, 4, 5, 6]
    branched = views.by_branch(views.in_scope(status, tree, "广东省"), tree, "广东省")
    assert set(branched["region"]) == {"某市"}  # districts count under their city
    # the province is offered only where it shows more than its city
    assert tree.scopes(["龙岗区", "福田区", "某市", "宝安区"]) == ["龙岗区", "某市", "宝安区"]
    assert tree.scopes(["龙岗区"]) == ["龙岗区"]


def test_downloaded_tables_keep_chinese_and_never_run_formulas(status):
    status.loc[2, "indicator"] = '=HYPERLINK("http://x")'
    data = export.to_csv_bytes(views.lagging_table(status))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "落后75个百分点" in text


def test_choosing_an_indicator(status):
    status.loc[1, "task"] = "公共住房筹集"
    assert views.task_options(status) == [
        "公共住房筹集",
        "棚户区改造",
        "海绵城市",
        "燃气调压站",
        "网签备案",
    ]
    assert views.indicator_options(status, "公共住房筹集") == [1, 2]
    assert views.default_indicator(status) == 5  # furthest behind
    on_track = status.assign(status="on_track")
    assert views.default_indicator(on_track) == 1
    assert views.default_indicator(status.iloc[0:0]) is None


QUARTERS = pd.DataFrame(
    {
        "indicator_id": [5] * 4,
        "year": [2022] * 4,
        "quarter": [1, 2, 3, 4],
        "quarter_end": pd.to_datetime(["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"]),
        "reported_on": [
            pd.Timestamp("2022-03-31"),
            pd.Timestamp("2022-06-30"),
            pd.Timestamp("2022-09-30"),
            pd.NaT,
        ],
        "actual": [36.2, 88.4, 158.6, np.nan],
        "increment": [36.2, 52.2, 70.2, np.nan],
        "planned": [40.0, np.nan, 165.0, np.nan],
        "schedule_rate": [40 / 230, 0.5, 165 / 230, 1.0],
        "annual_target": [230.0] * 4,
        "unit": ["万平方米"] * 4,
    }
)


def test_planned_line_uses_the_milestone_plan_where_given():
    assert views.planned_values(QUARTERS).tolist() == pytest.approx([40.0, 115.0, 165.0, 230.0])


def test_quarter_table():
    table = views.quarter_table(QUARTERS)
    assert table["季度"].tolist() == ["一季度", "二季度", "三季度", "四季度"]
    assert table["累计完成"].tolist() == ["36.2万平方米", "88.4万平方米", "158.6万平方米", "—"]
    assert table["本季新增"].tolist()[2] == "70.2万平方米"
    assert table["序时目标"].tolist()[1] == "115万平方米"
    assert table["完成率"].tolist()[2] == "69.0%"
    assert table["报送日期"].tolist()[3] == "—"


def test_a_counts_schedule_target_is_whole_rounded_up_to_what_keeps_it_on_schedule():
    # 2座 a year: 0.5座 by March is 1座; 4个 a year at 75% is 3个, not 4 from 3.0000000000000004
    stations = QUARTERS.assign(
        planned=np.nan, schedule_rate=[0.25, 0.5, 0.75, 1.0], annual_target=2.0, unit="座"
    )
    assert views.planned_values(stations).tolist() == [1.0, 1.0, 2.0, 2.0]
    assert views.quarter_table(stations)["序时目标"].tolist() == ["1座", "1座", "2座", "2座"]
    assert views.planned_values(stations.assign(annual_target=4.0, unit="个")).tolist() == [
        1.0,
        2.0,
        3.0,
        4.0,
    ]
    # a measured quantity keeps its share
    area = stations.assign(unit="平方米")
    assert views.quarter_table(area)["序时目标"].tolist()[0] == "0.5平方米"


def test_history_until_the_date_and_its_remarks():
    history = pd.DataFrame(
        {
            "as_of": [date(2022, 9, 30), date(2022, 6, 30), date(2022, 6, 30), date(2021, 12, 31)],
            "year": [2022, 2022, 2022, 2021],
            "annual_target": [230.0] * 4,
            "actual": [158.6, 88.4, 80.0, 225.79],
            "planned": [np.nan] * 4,
            "completion_rate": [0.69, 0.384, 0.348, 1.0035],
            "lead_unit": ["规划计划科"] * 4,
            "leader": ["副局长 赵文斌"] * 4,
            "progress_note": ["三季度", "二季度", "二季度（初报）", "全年"],
            "problems": [None, "<b>注意</b>", None, None],
            "next_steps": [None] * 4,
            "batch_id": [9, 7, 6, 4],
            "file_name": ["q3.csv", "q2b.xlsx", "q2a.xlsx", "q4.csv"],
            "uploaded_by": ["示例数据"] * 4,
            "uploaded_at": pd.to_datetime(["2022-10-08 09:00"] * 4),
            "undone": [False, False, False, False],
            "superseded": [False, False, True, False],
        }
    )
    kept = views.history_until(history, 2022, date(2022, 6, 30))
    assert kept["progress_note"].tolist() == ["二季度", "二季度（初报）"]
    table = views.history_table(kept, "万平方米")
    assert table["累计完成"].tolist() == ["88.4万平方米", "80万平方米"]
    assert table["备注"].tolist() == ["", "已被同日后续上传替代"]
    assert table["存在问题"].tolist() == ["<b>注意</b>", ""]
    assert table["上传时间"].tolist()[0] == "2022-10-08 09:00"


def test_years_table():
    years = pd.DataFrame(
        {
            "year": [2021, 2022],
            "as_of": [date(2021, 12, 31), date(2022, 9, 30)],
            "annual_target": [225.0, 230.0],
            "actual": [225.79, 158.6],
            "completion_rate": [225.79 / 225, 158.6 / 230],
        }
    )
    table = views.years_table(years, "万平方米")
    assert table.to_dict("records")[0] == {
        "年度": 2021,
        "截至日期": "2021年12月31日",
        "年度目标": "225万平方米",
        "累计完成": "225.79万平方米",
        "完成率": "100.4%",
    }


def test_column_widths_and_pinned_columns_follow_the_shown_names(status):
    table = views.status_table(status)
    widths = views.column_widths(table.columns)
    assert widths["完成率"] < widths["存在问题"]
    assert set(widths) == set(table.columns)
    assert views.pinned_columns(table.columns) == ["任务编号", "任务名称"]
    ranking = views.rollup_table(views.rank_groups(ROLLUP), "lead_unit", "en")
    assert views.pinned_columns(ranking.columns, "en") == ["Rank", "Lead unit"]
    english = views.column_widths(ranking.columns, "en")
    assert english["Complete"] >= views.STATUS_COUNT_WIDTH
    assert english["Average completion"] >= 8 * len("Average completion")


def test_a_named_table_is_headed_in_the_sessions_language():
    headers = {"unit": ("牵头单位", "Lead unit"), "due": ("应报", "Due")}
    columns = {"unit": ["甲科"], "due": [3]}
    assert views.named_table(columns, headers).columns.tolist() == ["牵头单位", "应报"]
    assert views.named_table(columns, headers, "en").columns.tolist() == ["Lead unit", "Due"]
    assert views.named_table(columns, headers, "en")["Due"].tolist() == [3]
