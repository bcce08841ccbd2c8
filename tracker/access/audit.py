"""The audit log: who signed in, changed an account, uploaded, was refused or undid, and when.

The log is append-only: this module can add a record and read the newest ones, nothing else.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from tracker import sql
from tracker.store import Store

ACTIONS: tuple[str, ...] = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "user_added",
    "user_disabled",
    "user_enabled",
    "password_reset",
    "role_changed",
    "upload",
    "upload_refused",
    "undo",
    "plan_saved",
    "plan_refused",
    "calendar_changed",
    "indicator_moved",
    # the supervision loop
    "supervision_settings",
    "ledger_run",
    "rectification",
    "ledger_closed",
    "bulletin_drafted",
)

ACTION_LABELS: dict[str, str] = {
    "sign_in": "登录",
    "sign_in_failed": "登录失败",
    "sign_out": "退出登录",
    "user_added": "新增账户",
    "user_disabled": "停用账户",
    "user_enabled": "启用账户",
    "password_reset": "重置密码",
    "role_changed": "变更角色",
    "upload": "上传",
    "upload_refused": "上传被拒",
    "undo": "撤销上传",
    "plan_saved": "保存任务清单",
    "plan_refused": "任务清单被拒",
    "calendar_changed": "调整报送日历",
    "indicator_moved": "移交指标",
    "supervision_settings": "督办设置",
    "ledger_run": "生成督办台账",
    "rectification": "填报整改情况",
    "ledger_closed": "督办销号",
    "bulletin_drafted": "生成月度通报",
}

# A name typed at the sign-in form is stored as the actor; keep a pasted essay out of the log.
MAX_ACTOR_CHARS = 64


def record(
    cur: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    detail: str = "",
    *,
    at: datetime | None = None,
) -> None:
    """Append one record with the caller's cursor, so it commits or rolls back with the caller."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    cur.execute(
        sql.load("audit_log_insert"),
        {
            "at": at or datetime.now(),
            "actor": str(actor)[:MAX_ACTOR_CHARS],
            "action": action,
            "detail": detail,
        },
    )


def recent(store: Store, limit: int = 500) -> pd.DataFrame:
    """The newest records first, with columns at, actor, action, detail."""
    return store.query("audit_log_recent", limit=limit)
