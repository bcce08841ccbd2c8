"""Snapshots matched to the year's plan: the plan defines which indicators exist and who owns them.

A row names its plan indicator by task code (任务编号) where the code is in the plan, else by its
names and lead unit, as uploads match indicators. In a year that has a plan, a staff member's row
for an indicator not in the plan is refused with the closest plan names suggested; an
administrator's is stored with a warning. Years without a plan work as before.
"""

from __future__ import annotations

import difflib

import pandas as pd

from tracker.intake.fields import normalise
from tracker.plan import years
from tracker.store import Store

SUGGESTIONS = 3


def plan_indicators(store: Store, years: list[int]) -> pd.DataFrame:
    return store.query("plan/plan_identities", years=sorted(years))


def _found(rows: pd.Index, column: str, messages) -> pd.DataFrame:
    return pd.DataFrame({"row": rows, "column": column, "message": messages})


def by_code(rows: pd.DataFrame, plan: pd.DataFrame) -> None:
    """Give rows whose task code is in their year's plan that plan indicator's names (and owner,
    where the row leaves it blank), so that they match it whatever names they wrote."""
    coded = rows["task_id"].notna() & rows["as_of"].notna()
    if plan.empty or not coded.any():
        return
    plan = plan[plan["task_code"].notna()].assign(
        code_key=lambda p: p["task_code"].map(normalise),
        indicator_key=lambda p: p["indicator"].map(normalise),
        owner_key=lambda p: p["lead_unit"].map(normalise),
    )
    by_key = {key: group for key, group in plan.groupby(["year", "code_key"])}
    for index in rows.index[coded]:
        row = rows.loc[index]
        candidates = by_key.get((years.year_of(row["as_of"]), normalise(row["task_id"])))
        if candidates is None:
            continue
        if len(candidates) > 1:  # a task with several indicators: the indicator name decides
            candidates = candidates[candidates["indicator_key"] == normalise(row["indicator"])]
        owner = row["lead_unit"]
        if len(candidates) != 1 or (
            isinstance(owner, str) and owner and normalise(owner) != candidates["owner_key"].iloc[0]
        ):
            continue
        found = candidates.iloc[0]
        for name in ("region", "task", "indicator"):
            rows.at[index, name] = found[name]
        if not (isinstance(owner, str) and owner):
            rows.at[index, "lead_unit"] = found["lead_unit"]


def ceilings(rows: pd.DataFrame, plan: pd.DataFrame) -> pd.Series:
    """Rows that report a ceiling (控制上限) of their plan: their target may be 0."""
    if plan.empty:  # no keys to look up: spare indexing a million rows by their keys
        return pd.Series(False, index=rows.index)
    kinds = plan.set_index(["year", "match_key"])["kind"]
    keys = pd.MultiIndex.from_arrays([years.years_of(rows["as_of"]), rows["match_key"]])
    return pd.Series(kinds.reindex(keys).to_numpy() == "ceiling", index=rows.index)


def outside_plan(
    rows: pd.DataFrame, plan: pd.DataFrame, allowed_units: set[str] | None, label: str
) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """Rows of a planned year that name no indicator of its plan: (problems, warnings)."""
    if plan.empty:
        return [], []
    year = years.years_of(rows["as_of"])
    planned_year = year.isin(set(plan["year"]))
    keys = set(zip(plan["year"], plan["match_key"], strict=True))
    inside = pd.Series(
        [(y, k) in keys for y, k in zip(year, rows["match_key"], strict=True)], index=rows.index
    )
    outside = rows[planned_year & ~inside]
    if outside.empty:
        return [], []
    messages = []
    for _, row in outside.iterrows():
        candidates = plan[plan["year"] == years.year_of(row["as_of"])]
        if allowed_units is not None:
            own = {normalise(u) for u in allowed_units}
            mine = candidates[candidates["lead_unit"].map(normalise).isin(own)]
            candidates = mine if not mine.empty else candidates
        names = [
            f"{t} · {i}" if t != i else t
            for t, i in zip(candidates["task"], candidates["indicator"], strict=True)
        ]
        close = difflib.get_close_matches(
            f"{row['task']} · {row['indicator']}", names, n=SUGGESTIONS, cutoff=0.3
        )
        hint = f"。任务清单中相近的有：{'、'.join(f'“{c}”' for c in close)}" if close else ""
        where = f"“{row['task']}"
        where += f" · {row['indicator']}”" if row["indicator"] != row["task"] else "”"
        messages.append(
            f"{where}（牵头单位“{row['lead_unit'] or '未填'}”）不在 {years.year_of(row['as_of'])} 年任务清单中{hint}"
        )
    found = _found(outside.index, label, messages)
    if allowed_units is None:
        found["message"] = found["message"] + "；管理员上传仍可入库，请确认是否需要补入任务清单"
        return [], [found]
    found["message"] = (
        found["message"] + "。请按任务清单填写任务编号或名称，或请管理员先补入任务清单"
    )
    return [found], []
