"""Which indicator a row names: its region, task and indicator names and its lead unit (owner).

The same names under two lead units are two indicators. Names are compared after folding
full-width forms, case, spaces and Traditional characters (fields.normalise): `name_key` is the
folded names, `match_key` adds the folded owner, and is unique among stored indicators.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from tracker import sql
from tracker.intake.fields import normalise
from tracker.intake.values import map_unique

SEPARATOR = "\x1f"

# Stored keys were computed by the folding of this version; a store with an older version has
# its keys recomputed when it is opened (refresh_keys). Bump it whenever normalise changes.
KEY_VERSION = "2"


def _folded(parts: list[pd.Series]) -> pd.Series:
    combined = parts[0].astype(str)
    for part in parts[1:]:
        combined = combined + SEPARATOR + part.astype(str)
    return map_unique(combined, lambda v: SEPARATOR.join(normalise(p) for p in v.split(SEPARATOR)))


def name_keys(region: pd.Series, task: pd.Series, indicator: pd.Series) -> pd.Series:
    return _folded([region, task, indicator])


def match_keys(names: pd.Series, owners: pd.Series) -> pd.Series:
    """`names` are name keys (already folded); `owners` the lead units as written."""
    return names + SEPARATOR + map_unique(owners.fillna("").astype(str), normalise)


def refresh_keys(cur: duckdb.DuckDBPyConnection) -> None:
    """Recompute every stored indicator's keys with the current folding, inside the caller's
    transaction. Indicators whose keys now coincide (臺北市 and 台北市 under one unit) become one:
    the oldest keeps its id and takes the others' snapshots.
    """
    stored = cur.execute(sql.load("indicator_names")).df()
    if stored.empty:
        return
    stored["name_key"] = name_keys(stored["region"], stored["task"], stored["indicator"])
    stored["match_key"] = match_keys(stored["name_key"], stored["lead_unit"])
    keeper = stored.groupby("match_key")["indicator_id"].transform("min")
    merged = pd.DataFrame({"merged_id": stored["indicator_id"], "kept_id": keeper})[
        keeper != stored["indicator_id"]
    ]
    if not merged.empty:
        cur.register("merged", merged)
        cur.execute(sql.load("indicators_merge"))
        cur.unregister("merged")
        kept = sorted(set(merged["kept_id"].astype(int)))
        cur.execute(sql.load("refresh_validity"), {"batch_id": None, "indicator_ids": kept})
    keys = stored.loc[keeper == stored["indicator_id"], ["indicator_id", "name_key", "match_key"]]
    cur.register("new_keys", keys)
    cur.execute(sql.load("indicators_set_keys"))
    cur.unregister("new_keys")
