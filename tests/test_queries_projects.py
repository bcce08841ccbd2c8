"""Each query of queries/projects/ on a tiny fixture: rows in, expected rows out."""

from datetime import date, datetime

import pandas as pd
import pytest

from tracker import sql
from tracker.progress import metrics


def _batch(cur, batch_id: int, state: str = "stored", sha: str = "x") -> None:
    """Batches take their ids from the sequence, as uploads do: call in id order from 1."""
    got = cur.execute(
        "insert into project_batches (uploaded_at, uploaded_by, file_name, sha256, row_count, state)"
        " values (?, 'u', 'f.csv', ?, 1, ?) returning batch_id",
        [datetime(2022, 10, 1, 9, batch_id), sha, state],
    ).fetchone()[0]
    assert got == batch_id


def _project(cur, project_id: int, code: str) -> None:
    got = cur.execute(
        "insert into projects (match_key, region, code, created_batch) values (?, '城北区', ?, 1)"
        " returning project_id",
        [f"城北区\x1f{code}", code],
    ).fetchone()[0]
    assert got == project_id


def _report(cur, batch_id, project_id, as_of, invested, **extra) -> None:
    row = {
        "batch_id": batch_id,
        "project_id": project_id,
        "as_of": as_of,
        "year": as_of.year,
        "name": f"项目{project_id}",
        "total_investment": 1000.0,
        "annual_plan": 120.0,
        "invested": float(invested),
        "lead_unit": "城建处",
        "monthly_plan": None,
        "planned_start": None,
        "actual_start": date(2021, 1, 1),
        "planned_finish": None,
        "actual_finish": None,
        **extra,
    }
    columns = ", ".join(row)
    cur.execute(
        f"insert into project_reports ({columns}) values ({', '.join('?' * len(row))})",
        list(row.values()),
    )


@pytest.fixture
def reports(store):
    """Project 1 reported in August and September (September twice, by batches 2 and 3, and 3
    is undone); project 2 only by undone batch 3; project 3 in 2021 only."""
    cur = store.cursor()
    for batch_id, state in ((1, "stored"), (2, "stored"), (3, "undone")):
        _batch(cur, batch_id, state, sha=f"sha{batch_id}")
    for project_id in (1, 2, 3):
        _project(cur, project_id, f"P{project_id}")
    _report(cur, 1, 1, date(2022, 8, 31), 60)
    _report(cur, 1, 1, date(2022, 9, 30), 80)
    _report(cur, 2, 1, date(2022, 9, 30), 95)
    _report(cur, 3, 1, date(2022, 9, 30), 10)
    _report(cur, 3, 2, date(2022, 9, 30), 10)
    _report(cur, 1, 3, date(2021, 12, 31), 120)
    return store


def _params(**extra):
    return {
        "green_ratio": 1.0,
        "red_ratio": 0.5,
        "red_after_months": 3,
        "year": 2022,
        "year_start_month": 1,
        "schedule_rule": "month",
        **extra,
    }


def _history(project_id, **extra):
    return {"project_id": project_id, "year_start_month": 1, "schedule_rule": "month", **extra}


def test_projects_as_of_takes_the_latest_stored_report_of_the_year(reports):
    out = reports.query("projects/projects_as_of", as_of=date(2022, 9, 30), **_params())
    assert out[["project_id", "invested", "planned_to_date", "phase", "light"]].to_dict(
        "records"
    ) == [
        {
            "project_id": 1,
            "invested": 95.0,
            "planned_to_date": 90.0,
            "phase": "under_way",
            "light": "green",
        }
    ]
    # mid-September: the August report, judged on its own date: 60 ÷ (120 × 8/12) = 0.75
    august = reports.query("projects/projects_as_of", as_of=date(2022, 9, 15), **_params())
    assert august[["invested", "light"]].values.tolist() == [[60.0, "yellow"]]
    assert august["investment_ratio"].iloc[0] == pytest.approx(0.75)


def test_projects_as_of_lights_dates_on_the_asked_date(store):
    cur = store.cursor()
    _batch(cur, 1)
    for project_id, planned_start in (
        (1, date(2022, 9, 1)),
        (2, date(2022, 6, 30)),
        (3, date(2022, 12, 1)),
    ):
        _project(cur, project_id, f"P{project_id}")
        _report(
            cur, 1, project_id, date(2022, 9, 30), 0, actual_start=None, planned_start=planned_start
        )
    out = store.query("projects/projects_as_of", as_of=date(2022, 9, 30), **_params())
    out = out.sort_values("project_id")
    assert out["start_months_late"].tolist()[:2] == [0, 3]
    assert pd.isna(out["start_months_late"].iloc[2])
    assert out["light"].tolist() == ["yellow", "red", "green"]
    assert out["investment_ratio"].isna().all()  # not started: only the dates count


def test_project_history_keeps_one_report_per_date_from_the_latest_stored_batch(reports):
    out = reports.query("projects/project_history", **_history(1))
    assert out[["as_of", "invested", "planned_to_date", "batch_id"]].values.tolist() == [
        [date(2022, 8, 31), 60.0, 80.0, 1],
        [date(2022, 9, 30), 95.0, 90.0, 2],
    ]


@pytest.mark.parametrize(
    ("rule", "share"),
    [
        ("month", (1 + 15 / 28) / 12),  # January, and 15 of February's 28 days
        ("day", 46 / 365),
        ("jan_feb", 46 / 59 * 2 / 12),  # January and February one period of 59 days
    ],
)
def test_an_annual_plan_is_spread_by_the_schedule_rule_in_force(store, rule, share):
    cur = store.cursor()
    _batch(cur, 1)
    _project(cur, 1, "P1")
    _report(cur, 1, 1, date(2022, 2, 15), 5)
    out = store.query("projects/project_history", **_history(1, schedule_rule=rule))
    assert out["planned_to_date"].iloc[0] == pytest.approx(120 * share)
    assert metrics.year_elapsed(date(2022, 2, 15), rule) == pytest.approx(share)


def test_monthly_plans_give_the_planned_investment(store):
    cur = store.cursor()
    _batch(cur, 1)
    _project(cur, 1, "P1")
    _report(cur, 1, 1, date(2022, 3, 15), 5, monthly_plan=[10.0] * 6 + [20.0] * 6)
    out = store.query("projects/project_history", **_history(1))
    assert out["planned_to_date"].iloc[0] == pytest.approx(10 + 10 + 10 * 15 / 31)
    # a year from April: April to February in full, then half of March (the plan by calendar month)
    april = store.query("projects/project_history", **_history(1, year_start_month=4))
    assert april["planned_to_date"].iloc[0] == pytest.approx(
        10 * 3 + 20 * 6 + 10 * 2 + 10 * 15 / 31
    )


@pytest.mark.parametrize(
    ("day", "start", "rule", "expected"),
    [
        (date(2022, 4, 30), 4, "month", 100),  # the first month of a year from April
        (date(2023, 3, 31), 4, "month", 1200),
        (date(2022, 3, 31), 1, "month", 300),
        (date(2022, 11, 15), 11, "month", 50),
        (date(2022, 4, 30), 4, "day", 1200 * 30 / 365),  # 30 of the year's 365 days
        (
            date(2024, 2, 29),
            4,
            "day",
            1200 * 335 / 366,
        ),  # the year from April 2023 has a 29 February
        (date(2023, 2, 28), 4, "jan_feb", 1200 * 11 / 12),  # April to February
    ],
)
def test_without_a_monthly_plan_the_share_of_the_year_counts_from_its_first_month(
    store, day, start, rule, expected
):
    planned = store.cursor().execute(
        "select project_planned_to_date(null::double[], 1200, $d, $start, $rule)",
        {"d": day, "start": start, "rule": rule},
    )
    assert planned.fetchone()[0] == pytest.approx(expected)


def test_report_dates_and_years_count_stored_batches_only(reports):
    dates = reports.query("projects/report_dates", year=2022)["as_of"].tolist()
    assert dates == [date(2022, 9, 30), date(2022, 8, 31)]
    assert reports.query("projects/report_years")["year"].tolist() == [2022, 2021]


def test_batch_queries(reports):
    assert reports.query("projects/batch_with_sha256", sha256="sha2")["batch_id"].tolist() == [2]
    assert reports.query("projects/batch_with_sha256", sha256="sha3").empty  # undone
    assert reports.query("projects/batches", limit=2)["batch_id"].tolist() == [3, 2]
    cur = reports.cursor()
    undone = cur.execute(
        sql.load("projects/batch_mark_undone"),
        {"batch_id": 2, "undone_at": datetime(2022, 10, 2), "undone_by": "admin"},
    ).fetchall()
    assert undone == [(2,)]
    again = cur.execute(
        sql.load("projects/batch_mark_undone"),
        {"batch_id": 2, "undone_at": datetime(2022, 10, 2), "undone_by": "admin"},
    ).fetchall()
    assert again == []
    new_id = cur.execute(
        sql.load("projects/batch_insert"),
        {
            "uploaded_at": datetime(2022, 10, 3),
            "uploaded_by": "u",
            "file_name": "g.csv",
            "sha256": "s",
            "row_count": 2,
            "original": b"",
        },
    ).fetchone()[0]
    assert new_id == 4


def test_new_projects_and_their_reports_are_inserted(reports):
    incoming = pd.DataFrame(
        {
            "match_key": ["城北区\x1fP1", "城北区\x1fP9", "城北区\x1fP9"],
            "region": ["城北区"] * 3,
            "code": ["P1", "P9", "p9"],
            "source_row": [2, 3, 4],
            "as_of": pd.to_datetime(["2022-10-31", "2022-10-31", "2022-09-30"]),
            "year": [2022] * 3,
            "name": ["甲", "乙", "乙"],
            "nature": [None] * 3,
            "scope": [None] * 3,
            "total_investment": [1000.0] * 3,
            "annual_plan": [120.0] * 3,
            "invested": [100.0, 5.0, 1.0],
            "monthly_plan": [None, [10.0] * 12, None],
            "progress": [None] * 3,
            "stage": ["在建"] * 3,
            "planned_start": pd.to_datetime([None] * 3),
            "actual_start": pd.to_datetime(["2021-01-01"] * 3),
            "planned_finish": pd.to_datetime([None] * 3),
            "actual_finish": pd.to_datetime([None] * 3),
            "lead_unit": ["城建处"] * 3,
            "leader": [None] * 3,
            "problems": [None] * 3,
        }
    )
    cur = reports.cursor()
    cur.register("incoming", incoming.drop(columns=["monthly_plan"]))
    cur.execute(sql.load("projects/projects_insert_new"), {"batch_id": 9})
    cur.unregister("incoming")
    added = cur.execute("select code from projects where created_batch = 9").fetchall()
    assert added == [("P9",)]  # one new project, spelled as its first row spells it
    cur.register("incoming", incoming)
    cur.execute(sql.load("projects/reports_insert"), {"batch_id": 9})
    rows = cur.execute(
        "select project_id, invested, monthly_plan from project_reports where batch_id = 9 "
        "order by source_row"
    ).fetchall()
    assert [r[0] for r in rows][0] == 1 and rows[1][2] == [10.0] * 12 and len(rows) == 3


def test_stored_for_incoming_finds_the_report_each_row_would_supersede(reports):
    incoming = pd.DataFrame(
        {
            "source_row": [2, 3, 4, 5],
            "match_key": ["城北区\x1fP1", "城北区\x1fP1", "城北区\x1fP2", "城北区\x1fP9"],
            "as_of": pd.to_datetime(["2022-09-30", "2022-10-31", "2022-09-30", "2022-09-30"]),
        }
    )
    out = reports.query("projects/stored_for_incoming", frames={"incoming": incoming})
    # P1 in September: batch 2's report (batch 3 is undone); P1 in October: none yet; P2: known,
    # but its only report is undone; P9: not known
    assert out[["source_row", "known_project", "reported"]].values.tolist() == [
        [2, True, True],
        [3, True, False],
        [4, True, False],
        [5, False, False],
    ]
    assert out["invested"].iloc[0] == 95.0 and out["invested"].iloc[1:].isna().all()
