"""Who owns an indicator, and moving one to another lead unit: an administrator's act, audited.

Ownership itself is checked where rows come in (ingest.prepare), for every import path.
"""

from __future__ import annotations

import pandas as pd

from tracker import sql
from tracker.access import audit
from tracker.intake.fields import normalise
from tracker.intake.identity import match_keys
from tracker.store import Store


def move_indicator(store: Store, indicator_id: int, to_unit: str, actor: str) -> str:
    """Give an indicator, with its whole history, to another lead unit (an administrator's act,
    audited). ValueError, in Chinese, when there is no such indicator, it already belongs to that
    unit, or that unit has an indicator of the same names."""
    to_unit = str(to_unit or "").strip()
    if not to_unit:
        raise ValueError("请填写接收指标的牵头单位")
    with store.transaction() as cur:
        found = cur.execute(sql.load("indicator_get"), {"indicator_id": int(indicator_id)}).df()
        if found.empty:
            raise ValueError(f"没有编号为 {indicator_id} 的指标")
        moved = found.iloc[0]
        label = f"“{moved['task']} / {moved['indicator']}”" + (
            f"（{moved['region']}）" if moved["region"] else ""
        )
        if normalise(moved["lead_unit"]) == normalise(to_unit):
            raise ValueError(f"指标{label}已属于“{moved['lead_unit']}”")
        key = match_keys(pd.Series([moved["name_key"]]), pd.Series([to_unit])).iloc[0]
        clash = cur.execute(sql.load("indicator_with_match_key"), {"match_key": key}).fetchall()
        if clash:
            raise ValueError(
                f"“{to_unit}”已有同名指标{label}（编号 {clash[0][0]}），不能移入；"
                "如确为同一指标，请撤销其中一方的上传后再移交"
            )
        cur.execute(
            sql.load("indicator_move"),
            {"indicator_id": int(indicator_id), "lead_unit": to_unit, "match_key": key},
        )
        message = f"指标 {indicator_id} {label}：{moved['lead_unit'] or '（未指定）'} → {to_unit}"
        audit.record(cur, actor, "indicator_moved", message)
        store.bump_data_version(cur)
    return f"已移交{message}"


def list_indicators(store: Store, lead_unit: str = "") -> pd.DataFrame:
    return store.query("indicators_list", lead_unit=lead_unit)
