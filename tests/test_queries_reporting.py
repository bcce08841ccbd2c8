"""The reporting queries of queries/plan/ on tiny fixtures: rows in, expected rows out."""

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from tracker import sql

NOW = datetime(2022, 10, 20)


def _period(frequency, code, start, end, deadline) -> dict:
    return {
        "frequency": frequency,
        "round": "2022-09",
        "period": code,
        "period_label": code,
        "period_start": start,
        "period_end": end,
        "deadline": deadline,
        "deadline_day": (deadline - timedelta(microseconds=1)).date(),  # midnight: the day before
    }


# One monthly period and two weeks of the September 2022 round, deadlines as given.
PERIODS = pd.DataFrame(
    [
        _period("monthly", "2022-09", date(2022, 9, 1), date(2022, 9, 30), datetime(2022, 10, 9)),
        _period(
            "weekly", "2022-W37", date(2022, 9, 12), date(2022, 9, 18), datetime(2022, 9, 19, 12)
        ),
        _period(
            "weekly", "2022-W38", date(2022, 9, 19), date(2022, 9, 25), datetime(2022, 9, 26, 12)
        ),
    ]
)


@pytest.fixture
def reported(store):
    """Indicator 1 (monthly, 城建科) reported twice in September: by batch 2 on 10-11 and, the
    first to land, batch 3 on 10-08; batch 1 carried it earlier still but was undone, batch 4
    lands after $now. Indicator 2 (weekly, 住房科) reported in week 37 only, late, by its own
    staff; a report dated outside the round (08-31) counts for nothing."""
    cur = store.cursor()
    batches = [
        (datetime(2022, 10, 1), "admin", "undone"),
        (datetime(2022, 10, 11, 10), "admin", "stored"),
        (datetime(2022, 10, 8, 16), "admin", "stored"),
        (datetime(2022, 10, 25), "admin", "stored"),
        (datetime(2022, 9, 20, 9), "li", "stored"),
    ]
    for n, (at, by, state) in enumerate(batches, start=1):
        cur.execute(
            "insert into batches (batch_id, uploaded_at, uploaded_by, file_name, sha256,"
            " row_count, state) values (?, ?, ?, 'f.csv', ?, 1, ?)",
            [n, at, by, f"sha{n}", state],
        )
    for indicator_id, unit in ((1, "城建科"), (2, "住房科")):
        cur.execute(
            "insert into indicators (indicator_id, match_key, name_key, region, task, indicator,"
            " lead_unit, unit, direction, created_batch) values (?, ?, ?, '城北区', '任务', ?, ?,"
            " '个', 'higher', 1)",
            [indicator_id, f"k{indicator_id}", f"n{indicator_id}", f"指标{indicator_id}", unit],
        )
    for batch_id, indicator_id, as_of in (
        (1, 1, date(2022, 9, 30)),
        (2, 1, date(2022, 9, 30)),
        (3, 1, date(2022, 9, 16)),
        (4, 1, date(2022, 9, 30)),
        (5, 2, date(2022, 9, 16)),
        (5, 2, date(2022, 8, 31)),
    ):
        cur.execute(
            "insert into snapshots (batch_id, indicator_id, as_of, year, annual_target, actual,"
            " valid_to) values (?, ?, ?, 2022, 10, 1, ?)",
            [batch_id, indicator_id, as_of, date(2023, 1, 1)],
        )
    cur.execute(
        "insert into plan_versions (version_id, year, effective_from, saved_at, saved_by)"
        " values (1, 2022, '2022-01-01', '2022-01-01', 'admin')"
    )
    for indicator_id, unit, frequency in ((1, "城建科", "monthly"), (2, "住房科", "weekly")):
        cur.execute(
            "insert into plan_items (version_id, indicator_id, item_no, task, indicator, unit,"
            " kind, direction, lead_unit, region, frequency) values (1, ?, ?, '任务', ?, '个',"
            " 'cumulative', 'higher', ?, '城北区', ?)",
            [indicator_id, indicator_id, f"指标{indicator_id}", unit, frequency],
        )
    cur.execute(sql.load("plan/refresh_plan_windows"))  # as saving a plan version does
    cur.execute(
        "insert into users (username, role, units, password_hash, created_at, updated_at)"
        " values ('li', 'staff', ['住房科'], 'x', now(), now())"
    )
    return store


def test_report_states_take_the_first_stored_batch_that_landed_by_now(reported):
    out = reported.query("plan/report_states", frames={"periods": PERIODS}, year=2022, now=NOW)
    got = out.sort_values(["indicator_id", "period"])[
        ["indicator_id", "period", "landed_at", "landed_batch", "state", "late_days"]
    ]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        [1, "2022-09", datetime(2022, 10, 8, 16), 3, "on_time", None],
        [2, "2022-W37", datetime(2022, 9, 20, 9), 5, "late", 1],
        [2, "2022-W38", None, None, "missing", None],
    ]


def test_report_items_name_the_uploader_and_mark_uploads_on_a_units_behalf(reported):
    out = reported.query(
        "plan/report_items",
        reads={"states": "plan/report_states"},
        frames={"periods": PERIODS},
        year=2022,
        now=NOW,
    )
    got = out.sort_values(["indicator_id", "period"])[["period", "landed_by", "on_behalf"]]
    assert got.astype(object).where(got.notna(), None).values.tolist() == [
        ["2022-09", "admin", True],
        ["2022-W37", "li", False],  # staff of 住房科, its own unit
        ["2022-W38", None, False],
    ]


ITEMS = pd.DataFrame(
    [
        ["2022-08", "城北区", "城建科", "on_time", None],
        ["2022-09", "城北区", "城建科", "late", 3],
        ["2022-09", "城北区", "城建科", "late", 2],
        ["2022-09", "城北区", "城建科", "missing", None],
        ["2022-09", "城北区", "住房科", "pending", None],
        ["2022-09", "城南区", "城建科", "on_time", None],
    ],
    columns=["round", "region", "lead_unit", "state", "late_days"],
)


def test_reporting_counts_per_round_region_and_unit(store):
    out = store.query("plan/reporting_counts", frames={"states": ITEMS})
    got = out.sort_values(["round", "region", "lead_unit"]).values.tolist()
    assert got == [
        # round, region, lead_unit, due, on_time, late, late_days, missing, pending
        ["2022-08", "城北区", "城建科", 1, 1, 0, 0, 0, 0],
        ["2022-09", "城北区", "住房科", 1, 0, 0, 0, 0, 1],
        ["2022-09", "城北区", "城建科", 3, 0, 2, 5, 1, 0],
        ["2022-09", "城南区", "城建科", 1, 1, 0, 0, 0, 0],
    ]


OWED = pd.DataFrame(
    [
        ["城建科", "2022-W37", date(2022, 9, 18), "missing"],
        ["城建科", "2022-W38", date(2022, 9, 25), "pending"],
        ["城建科", "2022-W39", date(2022, 10, 2), "pending"],  # not ended on 09-28
        ["城建科", "2022-09", date(2022, 9, 30), "missing"],  # not ended either
        ["城建科", "2022-W36", date(2022, 9, 11), "late"],  # landed
        ["住房科", "2022-W37", date(2022, 9, 18), "missing"],  # another unit
    ],
    columns=["lead_unit", "period", "period_end", "state"],
)


@pytest.mark.parametrize(
    ("units", "expected"),
    [(["城建科"], [["城建科", "2022-W37"], ["城建科", "2022-W38"]]), ([], [])],
)
def test_items_owed_are_the_units_unlanded_reports_of_ended_periods(store, units, expected):
    out = store.query(
        "plan/items_owed", frames={"items": OWED}, today=date(2022, 9, 28), units=units
    )
    assert out.sort_values("period")[["lead_unit", "period"]].values.tolist() == expected


BY_UNIT_ITEMS = pd.DataFrame(
    [
        ["城北区", "城建科", "2022-W37", "on_time", None, True],
        ["城北区", "城建科", "2022-W37", "late", 2, False],
        ["城北区", "城建科", "2022-W37", "late", 3, True],
        ["城北区", "城建科", "2022-W38", "pending", None, False],
        ["城南区", "城建科", "2022-W37", "missing", None, False],
    ],
    columns=["region", "lead_unit", "period", "state", "late_days", "on_behalf"],
).assign(
    round="2022-09",
    period_label="第37周",
    frequency="weekly",
    deadline_day=date(2022, 9, 19),
    leader="王",
    contact="陈",
)


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        (
            None,
            [
                # region, period, due, on_time, late, late_days (most), missing, pending,
                # on_behalf, state, on_time_rate
                ["城北区", "2022-W37", 3, 1, 2, 3, 0, 0, 2, "late", 1 / 3],
                ["城北区", "2022-W38", 1, 0, 0, None, 0, 1, 0, "pending", None],
                ["城南区", "2022-W37", 1, 0, 0, None, 1, 0, 0, "missing", 0.0],
            ],
        ),
        ("城南区", [["城南区", "2022-W37", 1, 0, 0, None, 1, 0, 0, "missing", 0.0]]),
    ],
)
def test_reporting_by_unit_counts_each_units_period_in_a_region_or_all(store, region, expected):
    out = store.query("plan/reporting_by_unit", frames={"items": BY_UNIT_ITEMS}, region=region)
    got = out.sort_values(["region", "period"])[
        [
            "region",
            "period",
            "due",
            "on_time",
            "late",
            "late_days",
            "missing",
            "pending",
            "on_behalf",
            "state",
            "on_time_rate",
        ]
    ]
    assert got.astype(object).where(got.notna(), None).values.tolist() == expected
