"""The benchmark's generated province and its pandas reference agree with the product's own code."""

from __future__ import annotations

import shutil
from datetime import date

import numpy as np
import pandas as pd
import pytest

from benchmark import pandas_reference, province
from benchmark.run import END_OF_TABLES, with_notes_kept
from tracker import sql
from tracker.intake import ingest
from tracker.progress import metrics
from tracker.progress.status import Thresholds
from tracker.store import Store

REGIONS = 3
PER_REGION = 10
YEARS = 2  # 2024 and 2025: 52 Fridays each
FRIDAYS = 104


@pytest.fixture(scope="module")
def province_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("province") / "province.duckdb"
    province.generate(path, years=YEARS, regions=REGIONS, indicators_per_region=PER_REGION).close()
    return path


@pytest.fixture
def small_province(province_file, tmp_path):
    path = tmp_path / "province.duckdb"
    shutil.copy(province_file, path)
    opened = Store.open(path)
    yield opened
    opened.close()


def count(store: Store, query: str) -> int:
    return store.cursor().execute(query).fetchone()[0]


def test_generator_makes_one_row_per_indicator_and_friday(small_province):
    indicators = REGIONS * PER_REGION
    assert count(small_province, "select count(*) from indicators") == indicators
    assert count(small_province, "select count(*) from batches") == FRIDAYS
    assert count(small_province, "select count(*) from snapshots") == indicators * FRIDAYS
    assert (
        count(small_province, "select count(distinct (indicator_id, as_of)) from snapshots")
        == indicators * FRIDAYS
    )
    assert count(small_province, "select count(*) from snapshots where dayofweek(as_of) <> 5") == 0
    assert count(small_province, "select count(*) from indicators where direction = 'lower'") > 0
    # Rows arrive week by week, as uploads would store them.
    batch_ids = (
        small_province.cursor().execute("select batch_id from snapshots").fetchnumpy()["batch_id"]
    )
    assert (np.diff(batch_ids) >= 0).all()


def test_generated_validity_is_what_ingest_would_have_written(small_province):
    # Every weekly batch holds all indicators, so refreshing one batch of a year recomputes the
    # validity of every row of that year.
    one_batch_per_year = (
        small_province.cursor()
        .execute("select min(batch_id) from snapshots group by year")
        .fetchall()
    )
    assert len(one_batch_per_year) == YEARS
    with small_province.transaction() as cur:
        changed = sum(
            cur.execute(
                sql.load("refresh_validity"),
                {"batch_id": batch_id, "indicator_ids": [], "year_start_month": 1},
            ).fetchone()[0]
            for (batch_id,) in one_batch_per_year
        )
    assert changed == 0


def test_cumulative_actuals_never_fall_within_a_year(small_province):
    falls = count(
        small_province,
        """
        select count(*) from (
            select actual < lag(actual) over (partition by indicator_id, year order by as_of) as fell
            from snapshots
        ) where fell
        """,
    )
    assert falls == 0


def test_generated_statuses_vary(small_province):
    seen = set()
    for as_of in (date(2025, 6, 27), date(2025, 12, 26)):
        seen |= set(metrics.indicator_status(small_province, as_of)["status"])
    assert seen >= {"complete", "on_track", "slightly_behind", "behind", "seriously_behind"}


def assert_same_status(store: Store, as_of: date, thresholds: Thresholds = Thresholds()) -> None:
    expected = metrics.indicator_status(store, as_of, thresholds)
    actual = pandas_reference.indicator_status(
        pandas_reference.load_frames(store), as_of, thresholds
    )
    assert list(actual["indicator_id"]) == list(expected["indicator_id"])
    assert list(actual["status"]) == list(expected["status"])
    for column in ("completion_rate", "gap_points"):
        np.testing.assert_allclose(
            actual[column].to_numpy(float),
            expected[column].to_numpy(float),
            rtol=0,
            atol=1e-9,
            equal_nan=True,
        )
    for column in ("lead_unit", "leader", "progress_note", "problems"):
        assert actual[column].fillna("").tolist() == expected[column].fillna("").tolist()


@pytest.mark.parametrize(
    ("as_of", "thresholds"),
    [
        (date(2025, 12, 26), Thresholds()),  # the latest Friday
        (date(2025, 6, 30), Thresholds()),  # a Monday: the Friday before counts
        (date(2025, 1, 2), Thresholds()),  # before the year's first report: all no data
        (date(2024, 3, 31), Thresholds()),  # an earlier year
        (date(2025, 12, 31), Thresholds(stale_after_days=3)),  # the last report is too old
        (date(2025, 9, 30), Thresholds(slightly_behind_points=5, behind_points=15)),
    ],
)
def test_pandas_reference_agrees_with_the_status_query(small_province, as_of, thresholds):
    assert_same_status(small_province, as_of, thresholds)


def test_agreement_holds_after_a_correction_and_undos(small_province):
    latest = date(2025, 12, 26)
    with small_province.transaction() as cur:
        correction = cur.execute(
            "insert into batches (uploaded_at, uploaded_by, file_name, sha256, row_count) "
            "values (now(), 'test', 'correction.csv', 'x', 6) returning batch_id"
        ).fetchone()[0]
        # Later figures for six indicators on the same date: two set to zero, one with no lead unit.
        cur.execute(
            """
            insert into snapshots by name
            select * replace (
                $batch as batch_id,
                case when indicator_id % 2 = 0 then 0 else actual * 1.5 end as actual,
                case when indicator_id = 1 then null else lead_unit end as lead_unit
            )
            from snapshots where as_of = $day and indicator_id <= 6
            """,
            {"batch": correction, "day": latest},
        )
        # as commit does after storing a batch
        cur.execute(
            sql.load("refresh_validity"),
            {"batch_id": correction, "indicator_ids": [], "year_start_month": 1},
        )
    assert_same_status(small_province, latest)
    seriously = metrics.indicator_status(small_province, latest).set_index("indicator_id")["status"]
    assert seriously[2] == "seriously_behind"

    ingest.undo(small_province, correction, "test")
    assert_same_status(small_province, latest)
    last_week = count(
        small_province, "select max(batch_id) from batches where uploaded_by <> 'test'"
    )
    ingest.undo(small_province, last_week, "test")
    assert_same_status(small_province, latest)
    assert set(metrics.indicator_status(small_province, latest)["as_of"]) == {date(2025, 12, 19)}


def test_upload_file_follows_the_contract_and_matches_the_store(small_province, tmp_path):
    path = province.write_upload_file(
        tmp_path / "upload.csv",
        rows=REGIONS * PER_REGION * 3,
        year=2025,
        regions=REGIONS,
        indicators_per_region=PER_REGION,
    )
    data = path.read_bytes()
    assert data.startswith(province.UTF8_BOM)
    assert data.count(b"\r\n") == REGIONS * PER_REGION * 3 + 1
    upload = ingest.prepare(small_province, data, path.name)
    assert upload.accepted, upload.problems.head().to_string()
    assert upload.warnings.empty
    # Same indicators and the same figures as the generated store holds for those Fridays.
    assert upload.summary() == {
        "rows": REGIONS * PER_REGION * 3,
        "new_indicators": 0,
        "new": 0,
        "updated": 0,
        "unchanged": REGIONS * PER_REGION * 3,
    }
    assert sorted(pd.to_datetime(upload.rows["as_of"]).dt.date.unique()) == [
        date(2025, 1, 3),
        date(2025, 1, 10),
        date(2025, 1, 17),
    ]


def test_a_benchmark_run_replaces_its_tables_and_keeps_the_notes_below_them(tmp_path):
    out = tmp_path / "results.md"
    first = with_notes_kept("# Tables\n\n| status | 30 ms |\n", out)
    assert first.startswith("# Tables") and first.rstrip().endswith(END_OF_TABLES)
    out.write_text(first + "\nWhy the status query costs what it does.\n", encoding="utf-8")
    second = with_notes_kept("# Tables\n\n| status | 20 ms |\n", out)
    assert "20 ms" in second and "30 ms" not in second
    assert second.endswith(f"{END_OF_TABLES}\n\nWhy the status query costs what it does.\n")
