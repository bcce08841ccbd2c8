"""Reporting periods and deadlines over China's holidays and make-up working days."""

from datetime import date, datetime

import pytest

from tracker.plan import calendar
from tracker.plan.calendar import DEFAULT_RULES, DeadlineRule, WorkCalendar


def period(frequency, year, month, **options):
    return calendar.periods_ending_in(frequency, year, month, **options)


@pytest.mark.parametrize(
    ("rule", "year", "month", "expected"),
    [
        # 2022-10-05 is in the National Day holiday; Saturday 10-08 is a make-up working day
        (DeadlineRule("monthly", 5), 2022, 9, datetime(2022, 10, 9, 0, 0)),
        # 2022-07-05 is an ordinary Tuesday
        (DeadlineRule("monthly", 5), 2022, 6, datetime(2022, 7, 6, 0, 0)),
        # 2022-02-05 is in the Spring Festival holiday (1-31 to 2-6): the next working day is 2-7
        (DeadlineRule("monthly", 5), 2022, 1, datetime(2022, 2, 8, 0, 0)),
        # 2022-07-10 is a Sunday: Monday 07-11
        (DeadlineRule("quarterly", 10), 2022, 6, datetime(2022, 7, 12, 0, 0)),
        # a Saturday 2022-11-05 rolls to Monday 11-07
        (DeadlineRule("monthly", 5), 2022, 10, datetime(2022, 11, 8, 0, 0)),
    ],
)
def test_monthly_and_quarterly_deadlines_roll_to_the_next_working_day(rule, year, month, expected):
    (p,) = period(rule.frequency, year, month)
    assert calendar.deadline(rule, p, WorkCalendar()) == expected


def test_weekly_deadline_is_monday_noon_or_the_next_working_day():
    weeks = period("weekly", 2022, 9)
    assert [w.code for w in weeks] == ["2022-W35", "2022-W36", "2022-W37", "2022-W38"]
    assert weeks[0].start == date(2022, 8, 29)  # a week ending in September belongs to it
    rule = DEFAULT_RULES["weekly"]
    assert calendar.deadline(rule, weeks[1], WorkCalendar()) == datetime(
        2022, 9, 13, 12
    )  # 中秋 9-12
    assert calendar.deadline(rule, weeks[2], WorkCalendar()) == datetime(2022, 9, 19, 12)
    # the week to 10-02: 10-03 to 10-07 off, Saturday 10-08 works
    (last,) = [w for w in period("weekly", 2022, 10) if w.end == date(2022, 10, 2)]
    assert calendar.deadline(rule, last, WorkCalendar()) == datetime(2022, 10, 8, 12)


def test_a_bureau_can_add_a_day_off_and_a_make_up_day(store):
    (september,) = period("monthly", 2022, 9)
    rule = DeadlineRule("monthly", 5)
    # without its Saturday make-up day the next working day is Sunday 10-09 (also a make-up day)
    calendar.set_calendar_day(store, date(2022, 10, 8), False, "本局调休", "admin")
    assert calendar.deadline(rule, september, WorkCalendar.of_store(store)) == datetime(
        2022, 10, 10
    )
    calendar.set_calendar_day(store, date(2022, 10, 7), True, "集中填报日", "admin")
    assert calendar.deadline(rule, september, WorkCalendar.of_store(store)) == datetime(2022, 10, 8)
    days = calendar.calendar_days(store)
    assert days[["day", "is_workday", "note"]].values.tolist() == [
        [date(2022, 10, 7), True, "集中填报日"],
        [date(2022, 10, 8), False, "本局调休"],
    ]


def test_years_beyond_the_national_calendar_fall_back_to_weekdays():
    work = WorkCalendar()
    assert work.on_or_after(date(2099, 1, 3)) == date(2099, 1, 5)  # Saturday -> Monday


def test_january_and_february_reported_together():
    assert period("monthly", 2022, 1, jan_feb_together=True) == []
    (both,) = period("monthly", 2022, 2, jan_feb_together=True)
    assert (both.code, both.label, both.start, both.end) == (
        "2022-01~02",
        "2022年1-2月",
        date(2022, 1, 1),
        date(2022, 2, 28),
    )
    assert [p.code for p in period("monthly", 2022, 1)] == ["2022-01"]


def test_quarters_end_in_their_last_month_only():
    assert period("quarterly", 2022, 8) == []
    (q3,) = period("quarterly", 2022, 9)
    assert (q3.code, q3.label, q3.start) == ("2022Q3", "2022年第三季度", date(2022, 7, 1))


def test_quarters_are_the_bureau_s_own_in_a_year_from_another_month(monkeypatch):
    monkeypatch.setenv("TRACKER_YEAR_START_MONTH", "4")
    assert period("quarterly", 2022, 12) != [] and period("quarterly", 2023, 2) == []
    (fourth,) = period("quarterly", 2023, 3)
    assert (fourth.code, fourth.label, fourth.start, fourth.end) == (
        "2022FYQ4",
        "2022年度第四季度",
        date(2023, 1, 1),
        date(2023, 3, 31),
    )
    # from November, quarters end in January, April, July and October and cross the new year
    monkeypatch.setenv("TRACKER_YEAR_START_MONTH", "11")
    assert period("quarterly", 2022, 12) == []
    (first,) = period("quarterly", 2023, 1)
    assert (first.code, first.start, first.end) == (
        "2022FYQ1",
        date(2022, 11, 1),
        date(2023, 1, 31),
    )


def test_rules_read_as_a_bureau_writes_them():
    assert DEFAULT_RULES["monthly"].describe() == "每月5日前报上月"
    assert DEFAULT_RULES["weekly"].describe() == "每周一12时前报上周"
    assert DEFAULT_RULES["quarterly"].describe() == "每季度结束后次月10日前报上季度"
    with pytest.raises(ValueError):
        DeadlineRule("monthly", 31)


def test_rules_read_in_english_too():
    assert (
        DEFAULT_RULES["monthly"].describe("en") == "by the 5th of each month for the month before"
    )
    assert DEFAULT_RULES["weekly"].describe("en") == "by Monday 12:00 for the week before"
    assert (
        DEFAULT_RULES["quarterly"].describe("en") == "by the 10th of the month after each quarter"
    )
    ordinals = [
        DeadlineRule("monthly", d).describe("en").split()[2] for d in (1, 2, 3, 11, 12, 21, 22, 23)
    ]
    assert ordinals == ["1st", "2nd", "3rd", "11th", "12th", "21st", "22nd", "23rd"]


def test_round_periods_of_a_quarter_end_month_hold_every_frequency():
    rounds = calendar.round_periods(2022, 9, DEFAULT_RULES, WorkCalendar())
    assert rounds.groupby("frequency").size().to_dict() == {
        "monthly": 1,
        "quarterly": 1,
        "weekly": 4,
    }
    monthly = rounds[rounds["frequency"] == "monthly"].iloc[0]
    assert monthly["deadline_day"] == date(2022, 10, 8)
