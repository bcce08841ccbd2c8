import json

import numpy as np
import pandas as pd
import pytest

from tracker.presentation.charts import (
    FONT_FAMILY,
    against_ceiling,
    completion_vs_schedule,
    quarterly_progress,
    row_label,
    status_breakdown,
    status_donut,
)
from tracker.progress.status import STATUS_COLORS


def status_row(**values) -> dict:
    row = {
        "indicator_id": 0,
        "year": 2021,
        "region": "龙岗区",
        "task_code": "A-01",
        "task": "任务",
        "indicator": "指标",
        "unit": "套",
        "direction": "higher",
        "lead_unit": "住房保障科",
        "leader": "张三",
        "category": "区重点工作",
        "area": "保障民生",
        "as_of": pd.Timestamp("2021-09-30"),
        "annual_target": 100.0,
        "actual": 75.0,
        "planned": np.nan,
        "completion_rate": 0.75,
        "schedule_rate": 0.75,
        "gap_points": 0.0,
        "status": "on_track",
        "progress_note": "",
        "problems": "",
        "next_steps": "",
    }
    row.update(values)
    return row


@pytest.fixture
def status_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            status_row(
                indicator_id=1,
                task="地下综合管廊建设",
                indicator="新建地下综合管廊",
                unit="公里",
                annual_target=13.935,
                actual=19.3,
                completion_rate=1.385,
                schedule_rate=1.0,
                gap_points=38.5,
                status="complete",
            ),
            status_row(
                indicator_id=2,
                task="城市建设投资",
                indicator="城市建设投资",
                unit="元",
                annual_target=9e9,
                actual=6.2e9,
                completion_rate=0.689,
                schedule_rate=0.75,
                gap_points=-6.1,
                status="slightly_behind",
            ),
            status_row(
                indicator_id=3,
                task="城中村天然气管道改造",
                indicator="完成改造村数",
                unit="个",
                annual_target=211.0,
                actual=np.nan,
                completion_rate=np.nan,
                schedule_rate=0.75,
                gap_points=np.nan,
                status="no_data",
                as_of=pd.NaT,
            ),
            status_row(
                indicator_id=4,
                task="棚户区改造",
                indicator="拆除面积",
                unit="平方米",
                annual_target=1_000_000.0,
                actual=300_000.0,
                planned=600_000.0,
                completion_rate=0.3,
                schedule_rate=0.6,  # a milestone plan: not the 75% of the calendar
                gap_points=-30.5,
                status="seriously_behind",
            ),
        ]
    )


def bars_by_name(fig) -> dict:
    return {trace.name: trace for trace in fig.data if trace.type == "bar"}


def test_completion_chart_has_one_bar_trace_per_status_in_status_order(status_frame):
    fig = completion_vs_schedule(status_frame)
    bars = bars_by_name(fig)
    assert list(bars) == ["已完成", "略滞后", "严重滞后", "未报送"]
    assert bars["已完成"].marker.color == STATUS_COLORS["complete"]
    assert bars["略滞后"].marker.color == STATUS_COLORS["slightly_behind"]
    assert bars["严重滞后"].marker.color == STATUS_COLORS["seriously_behind"]
    assert bars["未报送"].marker.color == STATUS_COLORS["no_data"]
    assert sum(len(trace.x) for trace in bars.values()) == 4
    assert bars["已完成"].x[0] == pytest.approx(138.5)


def test_completion_chart_puts_missing_then_most_behind_at_the_top(status_frame):
    fig = completion_vs_schedule(status_frame)
    assert fig.layout.yaxis.autorange == "reversed"
    names = [label.split("<br>")[0] for label in fig.layout.yaxis.ticktext]
    assert names == ["完成改造村数", "拆除面积", "城市建设投资", "新建地下综合管廊"]
    assert all("住房保障科</span>" in label for label in fig.layout.yaxis.ticktext)
    bars = bars_by_name(fig)
    assert bars["未报送"].y == (0,)
    assert bars["未报送"].x == (0.0,)
    assert bars["未报送"].text == ("未报送",)
    assert bars["严重滞后"].y == (1,)
    assert bars["已完成"].y == (3,)


def test_completion_chart_labels_stay_clear_of_the_schedule_tick(status_frame):
    bars = bars_by_name(completion_vs_schedule(status_frame))
    # a long bar holds its percentage at its start, in a colour that reads on it
    assert bars["已完成"].textposition == ("inside",)
    assert bars["已完成"].insidetextanchor == "start"
    assert bars["已完成"].insidetextfont.color == "#ffffff"
    assert bars["略滞后"].insidetextfont.color != "#ffffff"  # dark text on yellow
    # a bar too short (here: none at all) has it past its end
    assert bars["未报送"].textposition == ("outside",)


def test_completion_chart_draws_each_rows_schedule_and_a_100_percent_line(status_frame):
    fig = completion_vs_schedule(status_frame)
    schedule = next(trace for trace in fig.data if trace.name == "序时进度")
    assert schedule.type == "scatter"
    assert list(schedule.x) == pytest.approx([75.0, 60.0, 75.0, 100.0])
    assert list(schedule.y) == [0, 1, 2, 3]
    assert [shape.x0 for shape in fig.layout.shapes] == [100]
    assert fig.layout.xaxis.ticksuffix == "%"
    # the order is explained on a second line, which a tablet's width does not cut
    assert fig.layout.xaxis.title.text.split("<br>")[0] == "完成率（%）"
    assert fig.layout.margin.b > 40


def test_completion_chart_hover_carries_formatted_numbers(status_frame):
    fig = completion_vs_schedule(status_frame)
    investment = bars_by_name(fig)["略滞后"].customdata[0]
    assert list(investment[1:7]) == [
        "62亿元",
        "90亿元",
        "68.9%",
        "75.0%",
        "落后6.1个百分点",
        "略滞后",
    ]
    assert "%{customdata[5]}" in bars_by_name(fig)["略滞后"].hovertemplate
    assert "偏差" in bars_by_name(fig)["略滞后"].hovertemplate


def test_completion_chart_in_english(status_frame):
    fig = completion_vs_schedule(status_frame, lang="en")
    assert list(bars_by_name(fig)) == [
        "Complete",
        "Slightly behind",
        "Seriously behind",
        "Not reported",
    ]
    assert bars_by_name(fig)["Slightly behind"].customdata[0][5] == "6.1 pts behind"
    assert any(trace.name == "Time schedule" for trace in fig.data)


def test_completion_chart_grows_with_rows_and_uses_cjk_fonts(status_frame):
    small = completion_vs_schedule(status_frame)
    many = pd.concat([status_frame] * 10, ignore_index=True)
    large = completion_vs_schedule(many)
    assert large.layout.height > small.layout.height
    assert large.layout.font.family.startswith("Noto Sans CJK SC")
    assert FONT_FAMILY.split(", ")[:3] == ["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC"]
    assert large.layout.legend.orientation == "h"
    assert large.layout.legend.y > 1


def test_row_labels_name_the_unit_and_wrap_long_names_without_cutting():
    label = row_label("城中村天然气管道瓶改管改造攻坚专项行动完成村数", "燃气管理科")
    lines = label.split("<br>")
    assert "".join(lines[:-1]) == "城中村天然气管道瓶改管改造攻坚专项行动完成村数"
    assert all("…" not in line for line in lines)
    assert lines[-1].endswith(">燃气管理科</span>")
    assert row_label("管廊", "建设管理科", "龙岗区").endswith(">龙岗区 建设管理科</span>")
    assert row_label("<b>x</b>", None) == "&lt;b&gt;x&lt;/b&gt;"


def test_ceilings_are_drawn_against_their_limit_not_as_completion():
    accidents = pd.DataFrame(
        [
            status_row(
                indicator="建筑施工安全生产事故起数",
                unit="起",
                direction="lower",
                actual=1.0,
                annual_target=4.0,
                completion_rate=0.25,
                gap_points=50.0,
                status="on_track",
                lead_unit="工程质量安全监督站",
            )
        ]
    )
    fig = against_ceiling(accidents)
    bar = fig.data[0]
    assert list(bar.x) == [25.0]
    assert bar.text == ("1起／上限4起",)
    assert fig.layout.shapes[0].x0 == 100  # the ceiling line
    assert "超前" not in json.dumps(fig.to_plotly_json(), ensure_ascii=False)


@pytest.fixture
def quarterly_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": 7,
            "year": 2021,
            "quarter": [1, 2, 3, 4],
            "quarter_end": pd.to_datetime(["2021-03-31", "2021-06-30", "2021-09-30", "2021-12-31"]),
            "actual": [400_000.0, 1_000_000.0, 1_500_000.0, np.nan],
            "increment": [400_000.0, 600_000.0, 500_000.0, np.nan],
            "planned": [np.nan, np.nan, 1_800_000.0, np.nan],
            "schedule_rate": [0.25, 0.5, 0.75, 1.0],
            "annual_target": 2_250_000.0,
            "unit": "平方米",
        }
    )


def traces_by_name(fig) -> dict:
    return {trace.name: trace for trace in fig.data}


def test_quarterly_progress_scales_the_axis_to_wan(quarterly_frame):
    fig = quarterly_progress(quarterly_frame)
    traces = traces_by_name(fig)
    assert fig.layout.yaxis.ticksuffix == "万平方米"
    assert list(traces["累计完成"].y) == pytest.approx([40.0, 100.0, 150.0])
    assert list(traces["累计完成"].x) == [1, 2, 3]
    assert list(fig.layout.xaxis.ticktext) == ["一季度", "二季度", "三季度", "四季度"]
    assert traces["累计完成"].customdata[2][1] == "150万平方米（完成率：66.7%）"


def test_quarterly_progress_plan_uses_milestones_else_schedule(quarterly_frame):
    traces = traces_by_name(quarterly_progress(quarterly_frame))
    # Q3 has a milestone plan (180万); other quarters follow the calendar share of 225万.
    assert list(traces["序时进度"].y) == pytest.approx([56.25, 112.5, 180.0, 225.0])
    target = traces["年度目标"]
    assert list(target.y) == pytest.approx([225.0, 225.0])
    assert target.line.dash == "dash"


def test_quarterly_increments_are_bars_on_the_same_axis(quarterly_frame):
    traces = traces_by_name(quarterly_progress(quarterly_frame))
    increments = traces["本季新增"]
    assert increments.type == "bar"
    assert list(increments.y[:3]) == pytest.approx([40.0, 60.0, 50.0])
    assert np.isnan(increments.y[3])
    assert increments.yaxis in (None, "y")
    assert increments.customdata[1][1] == "60万平方米"


def test_quarterly_projection_runs_from_last_actual_to_year_end(quarterly_frame):
    fig = quarterly_progress(quarterly_frame, projection=2_100_000.0)
    projection = traces_by_name(fig)["按当前进度预计全年"]
    assert list(projection.x) == [3, 4]
    assert list(projection.y) == pytest.approx([150.0, 210.0])
    assert projection.line.dash == "dot"
    assert projection.customdata[1][1] == "210万平方米"
    without = quarterly_progress(quarterly_frame)
    assert "按当前进度预计全年" not in traces_by_name(without)


def test_quarterly_progress_small_units_and_english(quarterly_frame):
    units = quarterly_frame.assign(
        actual=[1000.0, 2500.0, 4280.0, np.nan],
        increment=[1000.0, 1500.0, 1780.0, np.nan],
        planned=np.nan,
        annual_target=2000.0,
        unit="套",
    )
    fig = quarterly_progress(units)
    assert fig.layout.yaxis.ticksuffix == "套"
    assert list(traces_by_name(fig)["累计完成"].y) == pytest.approx([1000.0, 2500.0, 4280.0])
    english = quarterly_progress(quarterly_frame, lang="en")
    assert english.layout.yaxis.ticksuffix == " m²"
    assert list(english.layout.xaxis.ticktext) == ["Q1", "Q2", "Q3", "Q4"]
    assert list(traces_by_name(english)["Cumulative actual"].y) == pytest.approx(
        [400_000.0, 1_000_000.0, 1_500_000.0]
    )


def test_quarterly_amounts_in_english_read_in_bn_yuan_on_the_axis_and_in_the_hover(
    quarterly_frame,
):
    investment = quarterly_frame.assign(
        actual=[98.0, 203.5, 327.57, np.nan],
        increment=[98.0, 105.5, 124.07, np.nan],
        planned=np.nan,
        annual_target=400.0,
        unit="亿元",
    )
    fig = quarterly_progress(investment, lang="en")
    assert fig.layout.yaxis.ticksuffix == " bn yuan"
    actual = traces_by_name(fig)["Cumulative actual"]
    assert list(actual.y) == pytest.approx([9.8, 20.35, 32.757])
    assert actual.customdata[2][1].startswith("32.76 bn yuan")
    assert quarterly_progress(investment).layout.yaxis.ticksuffix == "亿元"


def test_quarterly_unit_with_wan_is_not_rescaled(quarterly_frame):
    in_wan = quarterly_frame.assign(
        actual=[40.0, 100.0, 225.79, np.nan],
        increment=[40.0, 60.0, 125.79, np.nan],
        planned=np.nan,
        annual_target=225.0,
        unit="万平方米",
    )
    fig = quarterly_progress(in_wan)
    assert fig.layout.yaxis.ticksuffix == "万平方米"
    assert traces_by_name(fig)["累计完成"].customdata[2][1].startswith("225.79万平方米")


def test_a_counts_schedule_line_is_whole_as_its_axis_and_the_quarter_table(quarterly_frame):
    stations = quarterly_frame.assign(
        actual=[0.0, 1.0, 1.0, np.nan],
        increment=[0.0, 1.0, 0.0, np.nan],
        planned=np.nan,
        annual_target=2.0,
        unit="座",
    )
    fig = quarterly_progress(stations)
    schedule = traces_by_name(fig)["序时进度"]
    assert list(schedule.y) == [1.0, 1.0, 2.0, 2.0]
    assert [quantity for _, quantity in schedule.customdata] == ["1座", "1座", "2座", "2座"]
    assert fig.layout.yaxis.tickformat == "d"
    english = quarterly_progress(stations, lang="en")
    assert list(english.layout.yaxis.ticktext)[:3] == ["0 sites", "1 site", "2 sites"]
    assert list(english.layout.yaxis.tickvals)[:3] == [0, 1, 2]
    assert [q for _, q in traces_by_name(english)["Time schedule"].customdata] == [
        "1 site", "1 site", "2 sites", "2 sites"
    ]  # fmt: skip


@pytest.fixture
def rollup_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_name": ["住房保障科", "燃气管理科", "建设管理科", None],
            "indicators": [4, 3, 5, 2],
            "complete": [3, 0, 1, 1],
            "on_track": [1, 1, 1, 1],
            "slightly_behind": [0, 0, 2, 0],
            "behind": [0, 0, 1, 0],
            "seriously_behind": [0, 2, 0, 0],
            "no_data": [0, 0, 0, 0],
            "lagging": [0, 2, 3, 0],
            "avg_completion_rate": [1.1, 0.4, 0.7, 0.9],
            "avg_gap_points": [10.0, -35.0, -8.0, 2.0],
            "worst_gap_points": [5.0, -40.0, -15.0, 0.0],
        }
    )


def test_status_breakdown_orders_groups_worst_first(rollup_frame):
    fig = status_breakdown(rollup_frame)
    assert list(fig.layout.yaxis.categoryarray) == [
        "建设管理科",
        "燃气管理科",
        "未填写",
        "住房保障科",
    ]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.barmode == "stack"


def test_status_breakdown_stacks_counts_per_status(rollup_frame):
    bars = bars_by_name(status_breakdown(rollup_frame))
    assert list(bars) == ["已完成", "正常", "略滞后", "滞后", "严重滞后"]
    assert list(bars["严重滞后"].x) == [0, 2, 0, 0]
    assert list(bars["已完成"].x) == [1, 0, 1, 3]
    assert bars["滞后"].marker.color == STATUS_COLORS["behind"]
    assert bars["略滞后"].customdata[0][1:] == ["2项", "40.0%"]
    assert bars["严重滞后"].text[0] == ""


def test_status_breakdown_breaks_ties_by_worst_gap():
    tied = pd.DataFrame(
        {
            "group_name": ["龙华区", "龙岗区"],
            "indicators": [2, 2],
            **{code: [0, 0] for code in ("complete", "on_track", "slightly_behind", "no_data")},
            "behind": [1, 1],
            "seriously_behind": [1, 1],
            "lagging": [2, 2],
            "avg_completion_rate": [0.5, 0.5],
            "avg_gap_points": [-30.0, -30.0],
            "worst_gap_points": [-35.0, -50.0],
        }
    )
    assert list(status_breakdown(tied, lang="en").layout.yaxis.categoryarray) == [
        "龙岗区",
        "龙华区",
    ]


def test_status_donut_uses_status_order_and_colours():
    fig = status_donut({"no_data": 1, "complete": 19, "behind": 2, "on_track": 0})
    pie = fig.data[0]
    assert list(pie.labels) == ["已完成", "滞后", "未报送"]
    assert list(pie.values) == [19, 2, 1]
    assert list(pie.marker.colors) == [
        STATUS_COLORS["complete"],
        STATUS_COLORS["behind"],
        STATUS_COLORS["no_data"],
    ]
    assert pie.hole > 0
    assert pie.customdata[0][1] == "86.4%"
    assert fig.layout.annotations[0].text == "共22项"


def test_status_donut_rejects_unknown_codes():
    with pytest.raises(ValueError, match="lagging"):
        status_donut({"lagging": 3})


@pytest.mark.parametrize(
    "build",
    [
        lambda: completion_vs_schedule(pd.DataFrame(columns=["status"])),
        lambda: quarterly_progress(pd.DataFrame(columns=["quarter"])),
        lambda: status_breakdown(pd.DataFrame(columns=["group_name"])),
        lambda: status_donut({}),
    ],
)
def test_empty_input_gives_a_no_data_figure(build):
    fig = build()
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "暂无数据"


def test_figures_serialise_for_the_browser(status_frame, quarterly_frame, rollup_frame):
    for fig in (
        completion_vs_schedule(status_frame),
        quarterly_progress(quarterly_frame, projection=2_100_000.0),
        status_breakdown(rollup_frame),
        status_donut({"complete": 1}),
    ):
        spec = json.loads(fig.to_json())
        assert spec["layout"]["font"]["family"] == FONT_FAMILY


def test_markup_in_uploaded_text_is_shown_as_characters():
    status = pd.DataFrame(
        [
            {
                "indicator_id": 1,
                "year": 2022,
                "region": "某区",
                "task_code": "A",
                "task": "<b>注意</b>",
                "indicator": "<a href='x'>点我</a>",
                "unit": "套",
                "direction": "higher",
                "lead_unit": "<i>科</i>",
                "leader": "",
                "category": "",
                "area": "",
                "as_of": None,
                "annual_target": 10.0,
                "actual": 5.0,
                "planned": None,
                "completion_rate": 0.5,
                "schedule_rate": 0.75,
                "gap_points": -25.0,
                "status": "behind",
                "progress_note": "",
                "problems": "",
                "next_steps": "",
            }
        ]
    )
    fig = completion_vs_schedule(status, title="<b>标题</b>")
    text = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
    assert "<b>注意</b>" not in text and "&lt;b&gt;注意&lt;/b&gt;" in text
    assert "<i>科</i>" not in text and "&lt;i&gt;科&lt;/i&gt;" in text
    assert "&lt;b&gt;标题&lt;/b&gt;" in text


def test_a_unit_with_markup_reaches_the_quarterly_chart_as_characters(quarterly_frame):
    marked = quarterly_frame.assign(unit="<b>座</b>")
    fig = quarterly_progress(marked, title="<a href='http://x'>点我</a>")
    drawn = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
    assert "<b>座" not in drawn and "<a href" not in drawn
    assert fig.layout.yaxis.ticksuffix == "万&lt;b&gt;座&lt;/b&gt;"
    assert traces_by_name(fig)["累计完成"].customdata[0][1].startswith("40万&lt;b&gt;座&lt;/b&gt;")


def test_a_missing_unit_is_not_written_as_none_in_the_completion_hover(status_frame):
    fig = completion_vs_schedule(status_frame.assign(unit=None))
    hover = [row[1] for trace in fig.data if trace.customdata for row in trace.customdata]
    assert hover and not any("None" in text or "nan" in text for text in hover)
