"""SQL lives in queries/, one question per file; code asks for it by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"


@cache
def load(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def reading(name: str, reads: dict[str, str]) -> str:
    """The query `name` with the rows of other named queries under the names it reads them by
    (`{"items": "plan/report_items"}`), as one statement: DuckDB plans it whole and computes
    only the columns used, where a frame in between would carry every row and column through
    pandas."""
    inputs = ",\n".join(f"{alias} as (\n{load(other)}\n)" for alias, other in reads.items())
    return f"with {inputs}\nselect * from (\n{load(name)}\n)"


def names() -> list[str]:
    """Every query by the name `load` takes: `status_rollup`, or `plan/plan_rows` in a subfolder."""
    return sorted(
        p.relative_to(QUERIES_DIR).with_suffix("").as_posix()
        for p in QUERIES_DIR.rglob("*.sql")
        if p.parent.name != "migrations"
    )
