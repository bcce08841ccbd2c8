"""Status at province scale against the code of an earlier commit, taking turns on one machine.

The machine's speed varies by a fifth from hour to hour, so a figure from another day cannot say
whether a change made status slower; both trees measured in turns, in the same hour, can.

    .venv/bin/python benchmark/against.py 3a2adaa [--rounds 6] [--warm-runs 11] [--years 10]

The earlier tree is exported with `git archive` and generates its own store with its own
benchmark/province.py (its schema may differ). Each measure runs in a new process of its tree,
through that tree's benchmark/run.py (`measure_status`: the status call taking turns with the
pandas reference on frames in memory, as the README's figures were taken). Today's tree is
measured twice: on its store as generated, and on a copy with a plan of all its indicators for
the last year, saved as benchmark/plan.py saves it. The order of the three turns rotates from
round to round.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmark import province  # noqa: E402
from benchmark.plan import plan_sheet  # noqa: E402
from tracker.plan import plans  # noqa: E402
from tracker.store import Store  # noqa: E402

GENERATE = """
import sys
from benchmark import province
province.generate(sys.argv[1], years=int(sys.argv[2])).close()
"""

# run.py prints its progress; the last line is the measure
MEASURE = """
import json, sys
from pathlib import Path
from benchmark import run
m = run.measure_status(Path(sys.argv[1]), int(sys.argv[2]), None, int(sys.argv[3]))
print(json.dumps({"sql": m.sql.median, "pandas": m.pandas.median}))
"""


@dataclass(frozen=True)
class Contender:
    name: str
    tree: Path
    store: Path


def export_tree(rev: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def in_tree(tree: Path, code: str, *args: object) -> str:
    """Run `code` in a new Python process that imports from `tree`; its standard output."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def with_plan(store_path: Path, plan_path: Path) -> None:
    """A copy of the store with the last year's plan of all its indicators saved."""
    shutil.copyfile(store_path, plan_path)
    store = Store.open(plan_path)
    try:
        checked = plans.check_table(plan_sheet(store, province.LAST_YEAR), province.LAST_YEAR)
        if not checked.accepted:
            raise RuntimeError(f"the benchmark plan was refused:\n{checked.problems.head()}")
        plans.save(store, checked, "benchmark")
    finally:
        store.close()


def measure(contender: Contender, years: int, warm_runs: int) -> dict:
    output = in_tree(contender.tree, MEASURE, contender.store, years, warm_runs)
    return json.loads(output.strip().splitlines()[-1])


def report(rev: str, contenders: list[Contender], rounds: list[dict], years: int) -> str:
    names = [c.name for c in contenders]
    lines = [
        f"Status of all indicators at {years} years (`benchmark/against.py {rev}`), "
        "median of each turn's warm runs, SQL (pandas reference in brackets):",
        "",
        "| round | time | load | " + " | ".join(names) + " |",
        "|---:|---|---:|" + "---:|" * len(names),
    ]
    for number, turn in enumerate(rounds, start=1):
        cells = [f"{turn[n]['sql'] * 1000:.1f} ms ({turn[n]['pandas'] * 1000:.0f})" for n in names]
        lines.append(
            f"| {number} | {turn['time']} | {turn['load']:.1f} | " + " | ".join(cells) + " |"
        )
    medians = [statistics.median(turn[n]["sql"] for turn in rounds) * 1000 for n in names]
    lines.append("| median | | | " + " | ".join(f"**{m:.1f} ms**" for m in medians) + " |")
    earlier = names[0]
    for name in names[1:]:
        faster = sum(turn[name]["sql"] < turn[earlier]["sql"] for turn in rounds)
        lines.append(f"\n{name}: faster than {earlier} in {faster} of {len(rounds)} rounds.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the earlier commit, e.g. 3a2adaa")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--warm-runs", type=int, default=11)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="against-") as scratch:
        scratch = Path(scratch)
        earlier_tree = scratch / "earlier"
        export_tree(args.rev, earlier_tree)
        earlier = Contender(f"`{args.rev}`", earlier_tree, scratch / "earlier.duckdb")
        today = Contender("today's", ROOT, scratch / "today.duckdb")
        planned = Contender("today's, with the plan", ROOT, scratch / "planned.duckdb")
        for contender in (earlier, today):
            print(f"generating the store of {contender.name} ...", flush=True)
            in_tree(contender.tree, GENERATE, contender.store, args.years)
        with_plan(today.store, planned.store)

        contenders = [earlier, today, planned]
        rounds = []
        for number in range(args.rounds):
            shift = number % len(contenders)
            turn = {
                "time": datetime.now().strftime("%H:%M"),
                "load": os.getloadavg()[0],
            }
            for contender in contenders[shift:] + contenders[:shift]:
                turn[contender.name] = measure(contender, args.years, args.warm_runs)
                print(
                    f"round {number + 1}: {contender.name} "
                    f"{turn[contender.name]['sql'] * 1000:.1f} ms",
                    flush=True,
                )
            rounds.append(turn)
    print()
    print(report(args.rev, contenders, rounds, args.years))


if __name__ == "__main__":
    main()
