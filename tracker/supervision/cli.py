"""`python -m tracker lights|ledger|bulletin ...`: the supervision loop from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from tracker.settings import Settings
from tracker.store import Store
from tracker.supervision import bulletin, ledger, rules

ACTOR = "命令行"

LIGHT_FIELDS = [
    "region", "task", "indicator", "lead_unit", "status", "completion_rate", "schedule_rate",
    "gap_points", "light", "rule",
]  # fmt: skip
LEDGER_FIELDS = [
    "entry_id", "period", "region", "lead_unit", "tier", "tier_name", "state", "overdue",
    "deadline", "details", "rectification", "rectified_by", "closed_by", "close_note",
]  # fmt: skip


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("lights", help="输出某月每个指标的亮灯情况与所用规则")
    p.add_argument("--period", required=True, help="月份，如 2022-09 或 2022年9月")
    p.add_argument("--region", help="只看该地区")
    p.add_argument("--format", choices=("csv", "json"), default="json")
    p.set_defaults(func=run_lights)

    p = subparsers.add_parser("ledger", help="输出督办台账；--evaluate 生成某月督办台账")
    p.add_argument("--unit", help="只看该牵头单位")
    p.add_argument("--region", help="只看该地区")
    p.add_argument("--evaluate", metavar="PERIOD", help="先生成该月（如 2022-09）的督办台账")
    p.add_argument("--format", choices=("csv", "json"), default="json")
    p.set_defaults(func=run_ledger)

    p = subparsers.add_parser("bulletin", help="生成某月某地区的月度通报（Word 文档）")
    p.add_argument("--period", required=True, help="月份，如 2022-09")
    p.add_argument("--region", required=True, help="地区，如 龙岗区")
    p.add_argument("--number", help="文号，默认 督办通报〔年〕月号")
    p.add_argument("--out", required=True, help="输出的 .docx 文件")
    p.set_defaults(func=run_bulletin)


def _write(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _period(text: str) -> date | None:
    try:
        return rules.period_end(text)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return None


def run_lights(args, store: Store) -> int:
    as_of = _period(args.period)
    if as_of is None:
        return 2
    thresholds = Settings.from_env().thresholds()
    lit = rules.lights(store, as_of, thresholds, rules.current(store))
    if args.region:
        lit = lit[lit["region"] == args.region]
    if lit.empty:
        print(f"{as_of.year}年{as_of.month}月没有符合条件的指标数据", file=sys.stderr)
        return 1
    _write(lit[LIGHT_FIELDS], args.format)
    return 0


def run_ledger(args, store: Store) -> int:
    if args.evaluate:
        as_of = _period(args.evaluate)
        if as_of is None:
            return 2
        settings = Settings.from_env()
        try:
            result = ledger.evaluate(
                store,
                as_of,
                ACTOR,
                settings.thresholds(),
                reporting_rules=settings.reporting_rules(),
            )
        except ledger.LedgerError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        print(result.message, file=sys.stderr)
    found = ledger.entries(store, region=args.region, lead_unit=args.unit)[LEDGER_FIELDS].copy()
    for column in ("period", "deadline"):
        found[column] = found[column].map(_iso)
    found["details"] = found["details"].map(list)
    _write(found, args.format)
    return 0


def run_bulletin(args, store: Store) -> int:
    as_of = _period(args.period)
    if as_of is None:
        return 2
    settings = Settings.from_env()
    try:
        document = bulletin.draft(
            store,
            as_of,
            args.region,
            settings.thresholds(),
            args.number,
            reporting_rules=settings.reporting_rules(),
            project_regions=settings.regions().members(args.region),
        )
    except bulletin.BulletinError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(document)
    print(f"已生成 {out}", file=sys.stderr)
    return 0
