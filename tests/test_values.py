from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from tracker.intake import units, values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25,300", (25300.0, "")),
        ("１.０４万", (10400.0, "")),
        ("1.04万套", (10400.0, "套")),
        ("19.3公里", (19.3, "公里")),
        ("６２", (62.0, "")),
        (" 2,257,900 ", (2257900.0, "")),
        ("0.5亿", (5e7, "")),
        ("-3", (-3.0, "")),
    ],
)
def test_numbers_as_staff_type_them(text, expected):
    assert values.parse_number(text) == expected


@pytest.mark.parametrize("text", ["约二十", "abc", "1.2.3", "12-3", "N/A"])
def test_text_is_not_a_number(text):
    with pytest.raises(ValueError, match="应为数字"):
        values.parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-09-30", date(2021, 9, 30)),
        ("2021/9/30", date(2021, 9, 30)),
        ("2021.9.30", date(2021, 9, 30)),
        ("2021年9月30日", date(2021, 9, 30)),
        ("20210930", date(2021, 9, 30)),
        ("2021-09-30 00:00:00", date(2021, 9, 30)),
        ("２０２１-０９-３０", date(2021, 9, 30)),
    ],
)
def test_dates(text, expected):
    assert values.parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-02-30", "2021-13-01", "2022年2月29日"])
def test_impossible_dates_are_named(text):
    with pytest.raises(ValueError, match="不存在"):
        values.parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021Q3", date(2021, 9, 30)),
        ("2021-Q1", date(2021, 3, 31)),
        ("2021 q4", date(2021, 12, 31)),
        ("2021年第三季度", date(2021, 9, 30)),
        ("2021年三季度", date(2021, 9, 30)),
        ("2021年第2季度", date(2021, 6, 30)),
        ("2021-09", date(2021, 9, 30)),
        ("2021/2", date(2021, 2, 28)),
        ("2021年9月", date(2021, 9, 30)),
        ("2024年2月", date(2024, 2, 29)),
        ("2021年1-9月", date(2021, 9, 30)),
        ("2021年前三季度", date(2021, 9, 30)),
        ("2021年上半年", date(2021, 6, 30)),
        ("2021年", date(2021, 12, 31)),
        ("2021年度", date(2021, 12, 31)),
    ],
)
def test_periods_end_on_their_last_day(text, expected):
    assert values.parse_period(text) == expected


@pytest.mark.parametrize("text", ["2021Q5", "2021年13月", "第三季度", "上个月"])
def test_unknown_periods(text):
    with pytest.raises(ValueError, match="报告期"):
        values.parse_period(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("越大越好", "higher"),
        ("越小越好", "lower"),
        ("Higher", "higher"),
        ("lower", "lower"),
        ("负向", "lower"),
    ],
)
def test_directions(text, expected):
    assert values.parse_direction(text) == expected


def test_parse_column_reports_each_bad_cell_and_skips_empty_ones():
    cells = pd.Series(["2021-09-30", "", "2021-02-30", "2021-09-30"], index=[3, 4, 5, 6])
    parsed, errors = values.parse_column(cells, values.parse_date)
    assert parsed[3] == date(2021, 9, 30) and parsed[6] == date(2021, 9, 30)
    assert pd.isna(parsed[4]) and pd.isna(errors[4])
    assert "不存在" in errors[5]


@pytest.mark.parametrize(
    ("source", "target", "factor"),
    [
        ("米", "公里", 0.001),
        ("公里", "米", 1000.0),
        ("km", "米", 1000.0),
        ("万套", "套", 10000.0),
        ("平方米", "万平方米", 1e-4),
        ("㎡", "平方米", 1.0),
        ("亿元", "万元", 10000.0),
        ("元", "亿元", 1e-8),
        ("套", "套", 1.0),
        ("", "", 1.0),
    ],
)
def test_units_convert_within_a_family(source, target, factor):
    assert units.conversion_factor(source, target) == pytest.approx(factor)


@pytest.mark.parametrize(
    ("source", "target"), [("套", "公里"), ("户", "个"), ("", "套"), ("亿元", "平方米")]
)
def test_units_of_different_families_do_not_convert(source, target):
    assert units.conversion_factor(source, target) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50.12万亿", (Decimal("50120000000000"), "")),
        ("1.04万套", (Decimal("10400"), "套")),
        ("3.275688万亿元", (Decimal("3275688000000"), "元")),
        ("327568.8", (Decimal("327568.8"), "")),
    ],
)
def test_numbers_are_read_exactly_as_written(text, expected):
    assert values.parse_decimal(text) == expected


@pytest.mark.parametrize(
    ("source", "target", "factor"),
    [
        ("万亿元", "亿元", Decimal(10000)),
        ("萬億元", "亿元", Decimal(10000)),
        ("万亿元", "元", Decimal(10) ** 12),
        ("公里", "米", Decimal(1000)),
        ("万平方米", "平方米", Decimal(10000)),
    ],
)
def test_conversion_factors_are_exact(source, target, factor):
    assert units.exact_factor(source, target) == factor


@pytest.mark.parametrize(
    ("value", "text"), [(327568.8, "327568.8"), (100001.0, "100001"), (1e-05, "0.00001")]
)
def test_numbers_are_shown_as_written(value, text):
    assert values.number_text(value) == text


def test_pairs_are_coded_once_each_and_a_missing_side_is_no_pair():
    written = pd.Series(["公里", "米", None, "公里", "米"], dtype=object)
    stored = pd.Series(["米", "米", "米", "米", None], dtype=object)
    codes, pairs = values.factorize_pairs(written, stored)
    assert [pairs[c] if c >= 0 else None for c in codes] == [
        ("公里", "米"),
        ("米", "米"),
        None,
        ("公里", "米"),
        None,
    ]
    assert len(pairs) == 2
