"""Command line: `python -m tracker [--db PATH] COMMAND ...`; `--help` lists the commands."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tracker import demo
from tracker.access import accounts, cli_users
from tracker.intake import ingest, owners, uploads
from tracker.plan import cli as plan_cli
from tracker.plan import plans
from tracker.plan import years as plan_years
from tracker.progress import metrics
from tracker.projects import cli as projects_cli
from tracker.settings import Settings
from tracker.store import Store, StoreBusy, failure_message
from tracker.supervision import cli as cli_supervision

STATUS_FIELDS = [
    "task",
    "indicator",
    "unit",
    "kind",
    "lead_unit",
    "region",
    "as_of",
    "annual_target",
    "actual",
    "planned",
    "maximum",
    "completion_rate",
    "schedule_rate",
    "gap_points",
    "status",
    "leader",
    "progress_note",
    "problems",
    "next_steps",
]


def _print_problems(file_name: str, problems, stream) -> None:
    for p in problems.itertuples(index=False):
        where = "、".join(
            x
            for x in (
                f"第{p.row}行" if p.row == p.row and p.row is not None else "",
                p.column or "",
            )
            if x
        )
        print(f"{file_name}: {where + '：' if where else ''}{p.message}", file=stream)


def _ingest_rights(args, store: Store) -> tuple[str, set[str] | None, str] | None:
    """Actor, allowed lead units and audit note: an account's own with --as, else an
    administrator's. None (after saying why) when --as names no account that may upload."""
    if args.as_user is None:
        return args.user, None, "（命令行，管理员权限）"
    user = accounts.get_user(store, args.as_user)
    if user is None or not user.can_upload():
        print(
            f"--as {args.as_user}：没有该账户，或该账户已停用、不能上传数据，未导入任何文件",
            file=sys.stderr,
        )
        return None
    return user.username, uploads.allowed_units(user), "（命令行，按该账户的权限）"


def run_ingest(args, store: Store) -> int:
    rights = _ingest_rights(args, store)
    if rights is None:
        return 2
    actor, allowed_units, note = rights
    refused = 0
    for path in args.files:
        file = Path(path)
        if not file.is_file():
            print(f"{path}: 文件不存在", file=sys.stderr)
            refused += 1
            continue
        try:
            data = file.read_bytes()
        except OSError as exc:
            print(f"{path}: 无法读取文件（{exc.strerror or exc}）", file=sys.stderr)
            refused += 1
            continue
        upload = ingest.prepare(store, data, file.name, allowed_units=allowed_units)
        _print_problems(file.name, upload.warnings, sys.stderr)
        if not upload.accepted:
            _print_problems(file.name, upload.problems, sys.stderr)
            print(
                f"{file.name}: 已拒收，{len(upload.problems)} 处问题，未存入任何数据",
                file=sys.stderr,
            )
            ingest.refuse(store, upload, actor, note)
            refused += 1
            continue
        stored = ingest.commit(store, upload, actor, detail=note, allowed_units=allowed_units)
        if stored.failed:
            print(f"{file.name}: {stored.message}", file=sys.stderr)
            refused += 1
            continue
        print(f"{file.name}: {stored.message}")
    return 1 if refused else 0


def run_status(args, store: Store) -> int:
    as_of = metrics.resolve_as_of(store, args.as_of, args.year)
    if as_of is None and args.year in plans.years(store):
        # a planned year with no report yet: every plan indicator is not reported (未报送)
        as_of = min(date.today(), plan_years.last_day(args.year))
    if as_of is None:
        print(
            "库中还没有数据：先用 `python -m tracker demo` 载入示例数据，或 `ingest` 导入文件",
            file=sys.stderr,
        )
        return 1
    if args.year is not None and plan_years.year_of(as_of) != args.year:
        print(f"--as-of {as_of} 不在 {args.year} 年内", file=sys.stderr)
        return 2
    frame = metrics.indicator_status(store, as_of, Settings.from_env().thresholds())[STATUS_FIELDS]
    frame["as_of"] = frame["as_of"].map(lambda d: d.isoformat() if isinstance(d, date) else None)
    if args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    return 0


def run_indicators_list(args, store: Store) -> int:
    sys.stdout.write(
        owners.list_indicators(store, args.unit or "").to_csv(index=False, lineterminator="\n")
    )
    return 0


def run_indicators_move(args, store: Store) -> int:
    try:
        print(owners.move_indicator(store, args.indicator_id, args.to_unit, args.user))
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def run_demo(args, store: Store) -> int:
    if not store.is_empty() and not args.force:
        print("库中已有数据，未载入示例数据（需要时加 --force）", file=sys.stderr)
        return 0
    for name, message in demo.load(store):
        print(f"{name}: {message}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tracker", description="重点任务督办看板：数据导入与查询"
    )
    parser.add_argument(
        "--db", help="DuckDB 数据库文件（默认 TRACKER_DB 环境变量或 var/tracker.duckdb）"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="导入进度快照文件（CSV 或 XLSX）")
    p.add_argument("files", nargs="+")
    p.add_argument("--user", default="命令行", help="记入上传记录的上传人（不带 --as 时）")
    p.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="按该账户的权限导入（填报人员只能新建或修改本单位的指标），并以其名义记录；"
        "不带时命令行按管理员权限导入",
    )
    p.set_defaults(func=run_ingest)

    p = sub.add_parser("status", help="输出每个指标的完成情况")
    p.add_argument(
        "--as-of", type=date.fromisoformat, help="截至日期 YYYY-MM-DD（默认最新快照日期）"
    )
    p.add_argument("--year", type=int)
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.set_defaults(func=run_status)

    p = sub.add_parser("indicators", help="列出指标及其牵头单位，或把指标移交给另一单位")
    commands = p.add_subparsers(dest="indicators_command", metavar="命令", required=True)
    listing = commands.add_parser(
        "list", help="列出指标（CSV）：编号、地区、任务、指标、单位、牵头单位"
    )
    listing.add_argument("--unit", help="只列出该牵头单位的指标")
    listing.set_defaults(func=run_indicators_list)
    move = commands.add_parser(
        "move", help="把指标连同全部历史移交给另一牵头单位（管理员操作，记入审计日志）"
    )
    move.add_argument("indicator_id", type=int, help="指标编号（见 indicators list）")
    move.add_argument("to_unit", help="接收的牵头单位")
    move.add_argument("--user", default="命令行", help="记入审计日志的操作人")
    move.set_defaults(func=run_indicators_move)

    p = sub.add_parser("demo", help="载入示例数据（仅在空库时）")
    p.add_argument("--force", action="store_true", help="库中已有数据时也载入")
    p.set_defaults(func=run_demo)

    cli_users.add_parser(sub)
    plan_cli.add_parsers(sub)
    projects_cli.add_parsers(sub, _print_problems)
    cli_supervision.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        store = Store.open(args.db)
    except StoreBusy as exc:  # its own message: the dashboard holds the file, nothing is broken
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a full disk, a damaged or unwritable file: said, not traced
        print(failure_message(exc), file=sys.stderr)
        return 1
    try:
        return args.func(args, store)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
