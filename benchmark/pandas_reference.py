"""The current-status computation of queries/indicator_status_as_of.sql, written in plain pandas.

It is the benchmark's point of comparison: the same answer computed on DataFrames held in memory
(`load_frames` reads them from the store once; that load is timed apart from the computation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from tracker.progress.status import Thresholds
from tracker.store import Store

# From the snapshot in force on the date; for an indicator not reported by then, from its first
# report after it. The lead unit is the indicator's owner, stored on the indicator.
RESPONSIBLE = ["task_code", "leader", "category", "area"]
REPORTED = [
    "as_of",
    "annual_target",
    "actual",
    "planned",
    "progress_note",
    "problems",
    "next_steps",
]
COLUMNS = [
    "indicator_id", "year", "region", "task_code", "task", "indicator", "unit", "direction",
    "lead_unit", "leader", "category", "area",
    "as_of", "annual_target", "actual", "planned",
    "completion_rate", "schedule_rate", "gap_points", "status",
    "progress_note", "problems", "next_steps",
]  # fmt: skip


@dataclass
class Frames:
    snapshots: pd.DataFrame
    batches: pd.DataFrame
    indicators: pd.DataFrame


def load_frames(store: Store) -> Frames:
    """Every snapshot, batch state and indicator, as a pandas program would hold them.

    Through Arrow: `.df()` takes several times longer for the text columns of ten million rows.
    The chunks DuckDB returns are joined first; a column of many chunks slows pandas down.
    """
    cur = store.cursor()

    def frame(query: str) -> pd.DataFrame:
        table = cur.sql(query).to_arrow_table().combine_chunks()
        return table.to_pandas(date_as_object=False)

    try:
        return Frames(
            snapshots=frame("select * from snapshots"),
            batches=frame("select batch_id, state from batches"),
            indicators=frame(
                "select indicator_id, region, task, indicator, unit, direction, "
                "nullif(lead_unit, '') as lead_unit from indicators"
            ),
        )
    finally:
        cur.close()


def _one_per_indicator(rows: pd.DataFrame, *, latest: bool) -> pd.DataFrame:
    """Each indicator's latest (or earliest) date, and on that date its latest batch.

    A later batch for the same indicator and date supersedes an earlier one.
    """
    keys = rows[["indicator_id", "as_of", "batch_id"]].sort_values(
        ["indicator_id", "as_of", "batch_id"], ascending=[True, True, latest]
    )
    chosen = keys.drop_duplicates("indicator_id", keep="last" if latest else "first").index
    return rows.loc[chosen].set_index("indicator_id")


def _month_elapsed(day: pd.Series) -> pd.Series:
    return (day.dt.month - 1 + day.dt.day / day.dt.days_in_month) / 12


def indicator_status(
    frames: Frames, as_of: date, thresholds: Thresholds = Thresholds()
) -> pd.DataFrame:
    """One row per indicator of `as_of`'s year, as the SQL status query returns it."""
    day = pd.Timestamp(as_of)
    snapshots = frames.snapshots
    undone = frames.batches.loc[frames.batches["state"] == "undone", "batch_id"]
    year_rows = snapshots[(snapshots["year"] == day.year) & ~snapshots["batch_id"].isin(undone)]

    reported = year_rows["as_of"] <= day
    in_force = _one_per_indicator(year_rows[reported], latest=True)
    later = year_rows[~reported & ~year_rows["indicator_id"].isin(in_force.index)]
    first_later = _one_per_indicator(later, latest=False)

    out = frames.indicators.set_index("indicator_id").join(
        pd.concat([in_force[REPORTED + RESPONSIBLE], first_later[RESPONSIBLE]]), how="inner"
    )
    out["year"] = day.year
    out["completion_rate"] = out["actual"] / out["annual_target"]
    out["schedule_rate"] = (out["planned"] / out["annual_target"]).fillna(
        _month_elapsed(out["as_of"])
    )
    lower = out["direction"] == "lower"
    ahead = out["completion_rate"] - out["schedule_rate"]
    out["gap_points"] = (ahead.where(~lower, -ahead) * 100).round(6)
    out["status"] = _status(out, day, thresholds)
    # indicators are numbered as they first arrive: the order of the bureau's own list
    return out.sort_index().reset_index()[COLUMNS]


def _status(out: pd.DataFrame, day: pd.Timestamp, thresholds: Thresholds) -> np.ndarray:
    """The first matching case, in the order of the SQL's `case` expression."""
    higher = out["direction"] == "higher"
    lower = out["direction"] == "lower"
    gap = out["gap_points"]
    stale = out["as_of"].isna() | (
        out["as_of"] < day - pd.Timedelta(days=thresholds.stale_after_days)
    )
    cases = [
        (stale, "no_data"),
        (higher & (out["completion_rate"] >= 1), "complete"),
        (lower & (out["actual"] > out["annual_target"]), "seriously_behind"),
        (lower & (out["schedule_rate"] >= 1), "complete"),
        (higher & (out["actual"] == 0) & (out["schedule_rate"] > 0), "seriously_behind"),
        (gap >= 0, "on_track"),
        (gap >= -thresholds.slightly_behind_points, "slightly_behind"),
        (gap >= -thresholds.behind_points, "behind"),
    ]
    return np.select(
        [c.to_numpy(bool) for c, _ in cases], [s for _, s in cases], "seriously_behind"
    )
