"""Command line for projects: `projects import|summary|undo` and `wallchart`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tracker.projects import figures, ledger, wallchart
from tracker.projects import rules as project_rules
from tracker.settings import Settings
from tracker.store import Store


def run_import(args, store: Store) -> int:
    report = args.print_problems
    refused = 0
    rules = project_rules.current(store)
    for path in args.files:
        file = Path(path)
        if not file.is_file():
            print(f"{path}: 文件不存在", file=sys.stderr)
            refused += 1
            continue
        upload = ledger.prepare(store, file.read_bytes(), file.name, rules=rules)
        report(file.name, upload.warnings, sys.stderr)
        if not upload.accepted:
            report(file.name, upload.problems, sys.stderr)
            print(
                f"{file.name}: 已拒收，{len(upload.problems)} 处问题，未存入任何数据",
                file=sys.stderr,
            )
            ledger.refuse(store, upload, args.user)
            refused += 1
            continue
        print(f"{file.name}: {ledger.commit(store, upload, args.user).message}")
    return 1 if refused else 0


def _as_of(args, store: Store) -> date | None:
    """The date asked for, else the latest ledger's; None (said on stderr) without a ledger."""
    as_of = args.as_of or figures.latest_date(store)
    if as_of is None:
        print(
            "库中还没有项目台账：先用 `projects import` 导入，或 `demo` 载入示例数据",
            file=sys.stderr,
        )
    return as_of


def _scope(args, store: Store):
    """The date and the projects asked for, or an exit status with the reason on stderr."""
    as_of = _as_of(args, store)
    if as_of is None:
        return None, None, 1
    rules = project_rules.current(store)
    frame = figures.projects_as_of(store, as_of, rules)
    if args.region:
        frame = frame[frame["region"] == args.region.strip()]
        if frame.empty:
            print(f"{as_of} 没有所属地区为“{args.region}”的项目", file=sys.stderr)
            return None, None, 1
    return as_of, frame, 0


def run_summary(args, store: Store) -> int:
    as_of, frame, status = _scope(args, store)
    if status:
        return status
    result = figures.summary(frame, as_of, project_rules.current(store)).as_dict()
    result = {"region": args.region or None, "amount_unit": ledger.MONEY_UNIT, **result}
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    else:
        for key, value in result.items():
            print(f"{key}\t{value}")
    return 0


def run_undo(args, store: Store) -> int:
    try:
        ledger.undo(store, args.batch_id, args.user)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"已撤销项目批次 {args.batch_id}")
    return 0


def run_wallchart(args, store: Store) -> int:
    as_of = _as_of(args, store)
    if as_of is None:
        return 1
    try:
        settings = Settings.from_env()
        region = (args.region or "").strip()
        # the region's scope as the pages take it: its own bureau and the regions below it
        regions = settings.regions().members(region) if region else ()
        pdf = wallchart.pdf(
            store,
            as_of,
            regions=regions,
            title=region or None,
            thresholds=settings.thresholds(),
        )
    except wallchart.ChromiumMissing as exc:
        print(str(exc), file=sys.stderr)
        return 4
    Path(args.out).write_bytes(pdf)
    print(f"作战图已生成：{args.out}（截至 {as_of}）")
    return 0


def add_parsers(sub, print_problems: Callable) -> None:
    """`print_problems(file_name, problems, stream)` writes refusals as `ingest` does."""
    projects = sub.add_parser("projects", help="重点项目台账：导入、汇总、撤销")
    actions = projects.add_subparsers(dest="action", required=True)

    p = actions.add_parser("import", help="导入项目台账文件（CSV 或 XLSX）")
    p.add_argument("files", nargs="+")
    p.add_argument("--user", default="命令行", help="记入上传记录的上传人")
    p.set_defaults(func=run_import, print_problems=print_problems)

    p = actions.add_parser("summary", help="项目汇总：各阶段个数、开工竣工、投资与序时")
    _scope_arguments(p)
    p.add_argument("--format", choices=("json", "text"), default="text")
    p.set_defaults(func=run_summary)

    p = actions.add_parser("undo", help="撤销一个项目台账批次")
    p.add_argument("batch_id", type=int)
    p.add_argument("--user", default="命令行")
    p.set_defaults(func=run_undo)

    p = sub.add_parser("wallchart", help="生成 A3 横版作战图 PDF")
    _scope_arguments(p)
    p.add_argument("--out", required=True, help="输出的 PDF 文件")
    p.set_defaults(func=run_wallchart)


def _scope_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of", type=date.fromisoformat, help="截至日期 YYYY-MM-DD（默认最新台账日期）"
    )
    p.add_argument(
        "--region", help="只统计该所属地区的项目（作战图含其下辖地区，与页面的查看范围一致）"
    )
