"""Command line for the plan and the reporting cycle: `plan import|show` and `reporting`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from tracker.plan import plans, reporting
from tracker.settings import Settings
from tracker.store import Store

REPORTING_FIELDS = [
    "region",
    "lead_unit",
    "period",
    "frequency",
    "deadline_day",
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


def _write(frame: pd.DataFrame, fmt: str) -> None:
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, date)).any():
            frame[column] = frame[column].map(
                lambda v: v.isoformat() if isinstance(v, date) else None
            )
    if fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))


def run_import(args, store: Store) -> int:
    file = Path(args.file)
    if not file.is_file():
        print(f"{args.file}: 文件不存在", file=sys.stderr)
        return 1
    checked = plans.check_file(file.read_bytes(), file.name, args.year)
    if not checked.accepted:
        for p in checked.problems.itertuples(index=False):
            where = "、".join(
                x for x in (f"第{p.row}行" if pd.notna(p.row) else "", p.column or "") if x
            )
            print(f"{file.name}: {where + '：' if where else ''}{p.message}", file=sys.stderr)
        print(f"{file.name}: 已拒收，{len(checked.problems)} 处问题，未保存", file=sys.stderr)
        plans.refuse(store, checked, args.user)
        return 1
    try:
        version = plans.save(
            store, checked, args.user, effective_from=args.effective_from, reason=args.reason
        )
    except ValueError as exc:
        print(f"{file.name}: {exc}，未保存", file=sys.stderr)
        return 1
    print(
        f"{file.name}: 已保存 {checked.year} 年任务清单第 {version} 版，{len(checked.items)} 个指标"
    )
    return 0


def run_show(args, store: Store) -> int:
    items = plans.items(store, args.year)
    if items.empty:
        print(f"{args.year} 年还没有任务清单", file=sys.stderr)
        return 1
    columns = [
        "indicator_id",
        "task_code",
        "task",
        "indicator",
        "unit",
        "kind",
        "direction",
        "annual_target",
        "lead_unit",
        "cooperating_units",
        "leader",
        "contact",
        "category",
        "area",
        "region",
        "frequency",
        "planned_by_month",
        "effective_from",
    ]
    frame = items[columns].copy()
    frame["planned_by_month"] = frame["planned_by_month"].map(
        lambda p: None if p is None else [None if pd.isna(v) else v for v in p]
    )
    if args.format == "csv":
        frame["planned_by_month"] = frame["planned_by_month"].map(
            lambda p: "" if p is None else ";".join("" if v is None else f"{v:g}" for v in p)
        )
    _write(frame, args.format)
    return 0


def run_reporting(args, store: Store) -> int:
    try:
        year, month = reporting.parse_round(args.period)
    except ValueError as exc:
        print(f"--period：{exc}", file=sys.stderr)
        return 2
    rules = Settings.from_env().reporting_rules()
    units = reporting.reporting_by_unit(store, year, month, region=args.region, rules=rules)
    if units.empty:
        print(f"{year} 年 {month} 月没有应报送的任务（先导入任务清单）", file=sys.stderr)
        return 1
    _write(units[REPORTING_FIELDS], args.format)
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="年度任务清单：导入与查看")
    plan_sub = p.add_subparsers(dest="plan_command", required=True)

    q = plan_sub.add_parser("import", help="导入任务清单（CSV 或 XLSX）")
    q.add_argument("file")
    q.add_argument("--year", type=int, help="清单年度（表中无“年度”列时必填）")
    q.add_argument(
        "--effective-from",
        type=date.fromisoformat,
        help="年中调整目标的生效日期 YYYY-MM-DD（须同时填 --reason）",
    )
    q.add_argument("--reason", default="", help="调整原因")
    q.add_argument("--user", default="命令行", help="记入审计日志的操作人")
    q.set_defaults(func=run_import)

    q = plan_sub.add_parser("show", help="输出某年度的任务清单")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--format", choices=("csv", "json"), default="csv")
    q.set_defaults(func=run_show)

    p = sub.add_parser("reporting", help="各牵头单位某期的报送情况（按时、迟报、未报）")
    p.add_argument("--period", required=True, help="报送期，如 2022-09、2022年9月、2022Q3")
    p.add_argument("--region")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.set_defaults(func=run_reporting)
