import math

import pytest

from tracker.presentation.formatting import (
    axis_scale,
    display_width,
    format_against,
    format_column,
    format_pair,
    format_percent,
    format_points,
    format_quantity,
    truncate_display,
    unit_label,
)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (10400, "套", "1.04万套"),
        (25300, "套", "2.53万套"),
        (2257900, "平方米", "225.79万平方米"),
        (6.2e9, "元", "62亿元"),
        (3.12e9, "元", "31.2亿元"),
        (19.3, "公里", "19.3公里"),
        (4280, "套", "4280套"),
        (211, "个", "211个"),
        (225.79, "万平方米", "225.79万平方米"),
        (62, "亿元", "62亿元"),
        (9999, "套", "9999套"),
        (99_999_999, "元", "1亿元"),
        (-12345, "元", "-1.23万元"),
        (10400, "", "1.04万"),
        (10400, None, "1.04万"),
        (10400, float("nan"), "1.04万"),
        (0, "套", "0套"),
        (-0.001, "", "0"),
    ],
)
def test_format_quantity_chinese(value, unit, expected):
    assert format_quantity(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (10400, "套", "10,400 units"),
        (2257900, "平方米", "2,257,900 m²"),
        (19.3, "公里", "19.3 km"),
        (4280, "", "4,280"),
        (1234.567, "元", "1,234.57 yuan"),
    ],
)
def test_format_quantity_english_uses_thousands_separators(value, unit, expected):
    assert format_quantity(value, unit, lang="en") == expected


@pytest.mark.parametrize("missing", [None, float("nan"), math.inf])
def test_missing_values_show_a_dash(missing):
    assert format_quantity(missing, "套") == "—"
    assert format_percent(missing) == "—"
    assert format_points(missing) == "—"


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (1.385, "138.5%"),
        (1.0035, "100.4%"),
        (1.004, "100.4%"),
        (0.68888, "68.9%"),
        (2.14, "214.0%"),
        (0.689, "68.9%"),
        (1.0, "100.0%"),
        (0, "0.0%"),
        (19.3 / 13.935, "138.5%"),
    ],
)
def test_format_percent(rate, expected):
    assert format_percent(rate) == expected


@pytest.mark.parametrize(
    ("rate", "expected"), [(1.0035, "100.35%"), (225.79 / 225, "100.35%"), (2.14, "214.0%")]
)
def test_format_percent_with_two_decimals(rate, expected):
    assert format_percent(rate, decimals=2) == expected


@pytest.mark.parametrize(
    ("gap", "zh", "en"),
    [
        ((0.689 - 0.75) * 100, "落后6.1个百分点", "6.1 pts behind"),
        (3.2, "超前3.2个百分点", "3.2 pts ahead"),
        (-10, "落后10个百分点", "10 pts behind"),
        (1.0, "超前1个百分点", "1 pt ahead"),
        (0, "持平", "level"),
        (-0.04, "持平", "level"),
    ],
)
def test_format_points(gap, zh, en):
    assert format_points(gap) == zh
    assert format_points(gap, lang="en") == en


@pytest.mark.parametrize(
    ("values", "unit", "expected"),
    [
        ([1, 2257900], "平方米", (1e4, "万")),
        ([6.2e9, 9e9], "元", (1e8, "亿")),
        ([4280, None, float("nan")], "套", (1.0, "")),
        ([-50_000], "元", (1e4, "万")),
        ([225.79], "万平方米", (1.0, "")),
        ([6.2e9], "亿元", (1.0, "")),
        ([], "", (1.0, "")),
    ],
)
def test_axis_scale(values, unit, expected):
    assert axis_scale(values, unit) == expected


def test_truncate_display_counts_chinese_characters_as_two_columns():
    assert display_width("管廊ab") == 6
    assert truncate_display("城中村天然气管道改造", 9) == "城中村天…"
    assert display_width(truncate_display("城中村天然气管道改造", 9)) <= 9
    assert truncate_display("管廊", 4) == "管廊"


def test_a_pair_shows_the_difference_a_rounding_would_hide():
    from tracker.presentation.formatting import format_against, format_pair

    assert format_pair(10400, 10360, "套") == ("1.04万套", "1.036万套")
    assert format_pair(10400, 10400, "套") == ("1.04万套", "1.04万套")
    assert format_pair(62, 90, "亿元") == ("62亿元", "90亿元")
    assert format_against(9360, 12000, "套", "zh") == "0.936万/1.2万套"
    assert format_against(158.6, 230, "万平方米", "zh") == "158.6/230万平方米"
    assert format_against(9360, 12000, "套", "en") == "9,360 / 12,000 units"


def test_one_magnitude_down_a_column():
    from tracker.presentation.formatting import format_column

    assert format_column([1850, 10400, None], "套") == ["0.185万套", "1.04万套", "—"]
    assert format_column([36.2, 158.6], "万平方米") == ["36.2万平方米", "158.6万平方米"]


def test_the_gap_reads_as_a_report_words_it():
    from tracker.presentation.formatting import format_gap

    assert format_gap(114, 2.14, "higher") == "超额完成114个百分点"
    assert format_gap(0, 1.0, "higher") == "完成目标"
    assert format_gap(-6.1, 0.689, "higher") == "落后6.1个百分点"
    assert format_gap(50, 0.25, "lower") == "控制在上限内"
    assert format_gap(-50, 1.25, "lower") == "超过上限"
    assert format_gap(14, 2.14, "higher", "en") == "114 pts over target"


def test_english_sessions_read_units_in_english():
    assert format_quantity(10400, "套", "en") == "10,400 units"
    assert format_quantity(12, "万平方米", "en") == "120,000 m²"
    assert format_quantity(392, "亿元", "en") == "39.2 bn yuan"
    assert format_against(0, 2, "座", "en") == "0 / 2 sites"
    # a unit nobody listed stays as typed, and Chinese sessions keep every unit as typed
    assert format_quantity(3, "处", "en") == "3 处"
    assert format_quantity(10400, "套", "zh") == "1.04万套"


def test_english_counts_one_in_the_singular():
    assert format_quantity(1, "座", "en") == "1 site"
    assert format_quantity(1, "人", "en") == "1 person"
    assert format_quantity(1.5, "座", "en") == "1.5 sites"
    assert format_quantity(2, "座", "en") == "2 sites"
    assert format_quantity(1, "公里", "en") == "1 km"
    assert format_against(1, 2, "座", "en") == "1 / 2 sites"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (120, "万平方米", "1.2 million m²"),
        (3.5, "万套", "35,000 units"),
        (15, "亿平方米", "1.5 bn m²"),
        (2.4, "万个", "24,000"),
        (0, "万平方米", "0 m²"),
    ],
)
def test_english_reads_units_with_wan_and_yi_in_the_thing_itself(value, unit, expected):
    assert format_quantity(value, unit, "en") == expected
    assert unit_label("万平方米", "en") == "m²"
    # one scale down a column and on a chart axis: ticks in million m², the title says so
    assert format_against(60, 120, "万平方米", "en") == "0.6 / 1.2 million m²"
    assert axis_scale([60, 120], "万平方米", "en") == (100, "million m²")


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (62.1, "亿元", "6.21 bn yuan"),
        (621000, "万元", "6.21 bn yuan"),
        (6.21e9, "元", "6.21 bn yuan"),
        (768, "万元", "7.68 m yuan"),
        (0.995, "亿元", "99.5 m yuan"),
        (999_999_999, "元", "1 bn yuan"),  # not "1,000 m yuan"
        (50, "万元", "500,000 yuan"),
        (0, "亿元", "0 yuan"),
        (-3.5, "亿元", "-350 m yuan"),
    ],
)
def test_english_amounts_read_in_bn_or_m_yuan_whatever_unit_they_were_kept_in(
    value, unit, expected
):
    assert format_quantity(value, unit, "en") == expected


def test_english_amounts_of_one_indicator_share_a_scale_and_chinese_keep_their_unit():
    assert format_against(45, 62.1, "亿元", "en") == "4.5 / 6.21 bn yuan"
    assert format_pair(62.1, 62.1001, "亿元", "en") == ("6.21 bn yuan", "6.21001 bn yuan")
    assert format_column([1.85, 62.13], "亿元", "en") == ["0.185 bn yuan", "6.213 bn yuan"]
    assert axis_scale([400, 327.57], "亿元", "en") == (10, "bn yuan")
    assert unit_label("亿元", "en") == "yuan"
    assert format_quantity(62.1, "亿元") == "62.1亿元"
    assert format_quantity(768, "万元") == "768万元"
    assert format_against(45, 62.1, "亿元", "zh") == "45/62.1亿元"
