"""Which indicator a row names: its region, task and indicator names and its lead unit (owner).

The same names under two lead units are two indicators. Names are compared after folding
full-width forms, case, spaces and Traditional characters (fields.normalise): `name_key` is the
folded names, `match_key` adds the folded owner, and is unique among stored indicators.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from tracker import sql
from tracker.intake.fields import normalise
from tracker.plan import years

SEPARATOR = "\x1f"

# Stored keys were computed by the folding of this version; a store with an older version has
# its keys recomputed when it is opened (refresh_keys). Bump it whenever normalise changes.
KEY_VERSION = "2"


def _fold_part(value: str) -> str:
    return SEPARATOR.join(normalise(piece) for piece in value.split(SEPARATOR))


def _folded_codes(parts: list[pd.Series]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code among the distinct keys (-1 where a part is missing), and those keys: the
    parts folded and joined by SEPARATOR.

    An upload repeats a few hundred names over a million rows: each part's distinct values are
    folded once, and the joined key is built once per distinct combination of them, from integer
    codes, never by joining a million strings. Three parts of at most 1,048,576 distinct values
    each (an upload's row limit) keep the combined code within int64.
    """
    combined = np.zeros(len(parts[0]), dtype=np.int64)
    folded_parts = []
    for part in parts:
        codes, uniques = pd.factorize(part.astype(str))
        combined = combined * (len(uniques) + 1) + codes + 1  # 0: the part is missing
        folded_parts.append((len(uniques) + 1, [_fold_part(u) for u in uniques]))
    codes, uniques = pd.factorize(combined)
    keys = np.empty(len(uniques), dtype=object)
    for position, code in enumerate(uniques):
        pieces = []
        for size, folded in reversed(folded_parts):
            code, own = divmod(int(code), size)
            pieces.append(folded[own - 1] if own else None)
        keys[position] = None if None in pieces else SEPARATOR.join(reversed(pieces))
    return _distinct(codes, keys)


def _distinct(codes: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, keys) with each key once, as two spellings may fold to one key (臺北市, 台北市),
    and -1 for a key of None."""
    key_codes, distinct = pd.factorize(keys)
    return key_codes[codes], np.asarray(distinct, dtype=object)


def keyed(codes: np.ndarray, keys: np.ndarray, index: pd.Index) -> pd.Series:
    """Each row's key from its code (name_key_codes, match_key_codes); None for -1. The rows
    share the key strings: a million rows name a few thousand indicators, and a million separate
    strings would take over 100 MB."""
    return pd.Series(np.append(keys, None)[codes], index=index, dtype=object)


def name_key_codes(
    region: pd.Series, task: pd.Series, indicator: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    return _folded_codes([region, task, indicator])


def name_keys(region: pd.Series, task: pd.Series, indicator: pd.Series) -> pd.Series:
    return keyed(*name_key_codes(region, task, indicator), region.index)


def match_key_codes(
    name_codes: np.ndarray, names: np.ndarray, owners: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """Match keys from name keys as codes (name_key_codes) and the lead units as written: each
    row's code (-1 where the name key is missing) and the distinct keys. A key is built once per
    distinct pair of name and owner."""
    owner_codes, owners_ = pd.factorize(owners.fillna("").astype(str))
    size = len(owners_) + 1
    codes, pairs = pd.factorize(name_codes.astype(np.int64) * size + owner_codes + 1)
    owner_keys = [normalise(owner) for owner in owners_]
    keys = np.empty(len(pairs), dtype=object)
    for position, pair in enumerate(pairs):
        name, owner = divmod(int(pair), size)
        keys[position] = None if name < 0 else names[name] + SEPARATOR + owner_keys[owner - 1]
    return _distinct(codes, keys)


def match_keys(names: pd.Series, owners: pd.Series) -> pd.Series:
    """`names` are name keys (already folded); `owners` the lead units as written. None where
    the name key is missing."""
    name_codes, name_uniques = pd.factorize(names)
    return keyed(
        *match_key_codes(name_codes, np.asarray(name_uniques, dtype=object), owners), names.index
    )


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
        cur.execute(
            sql.load("refresh_validity"),
            {"batch_id": None, "indicator_ids": kept, "year_start_month": years.start_month()},
        )
    keys = stored.loc[keeper == stored["indicator_id"], ["indicator_id", "name_key", "match_key"]]
    cur.register("new_keys", keys)
    cur.execute(sql.load("indicators_set_keys"))
    cur.unregister("new_keys")
