"""The demo bureau: files in data/demo/ that go through the same ingest as a staff upload.

The files land at the dates recorded in data/demo/landed.json, so that the monthly reporting
cycle shows on-time, late and missing reports: the quarter-end files in data/demo/, and the
rest of 2022's cycle in data/demo/reports/ (Longgang's monthly reports between quarter ends, the
city's first quarter); the 2022 plan in data/demo/plan/ is saved after them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from tracker.intake import ingest
from tracker.plan import plans
from tracker.projects import ledger
from tracker.store import PROJECT_ROOT, Store

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
# The city bureau's key-project ledger (scripts/build_project_demo.py).
PROJECT_DIR = DEMO_DIR / "projects"
PLAN_DIR = DEMO_DIR / "plan"
# The rest of 2022's reporting cycle: monthly reports between quarter ends, the city's Q1.
REPORTS_DIR = DEMO_DIR / "reports"
DEMO_UPLOADER = "示例数据"


def demo_files() -> list[Path]:
    return sorted(p for p in DEMO_DIR.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))


def report_files() -> list[Path]:
    return sorted(p for p in REPORTS_DIR.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))


def project_files() -> list[Path]:
    return sorted(p for p in PROJECT_DIR.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))


def plan_files() -> list[Path]:
    return sorted(PLAN_DIR.glob("*.xlsx"))


def _refused(path: Path, problems) -> RuntimeError:
    first = problems.iloc[0]
    return RuntimeError(f"demo file {path.name} refused at row {first['row']}: {first['message']}")


def _landed() -> dict[str, datetime]:
    recorded = json.loads((DEMO_DIR / "landed.json").read_text(encoding="utf-8"))
    return {name: datetime.fromisoformat(moment) for name, moment in recorded.items()}


def load(store: Store) -> Iterator[tuple[str, str]]:
    """Ingest every demo file in name order (which is date order), then the rest of 2022's
    reporting cycle, the project ledgers and the plans; yields each file's name and what
    became of it."""
    landed = _landed()
    for path in [*demo_files(), *report_files()]:
        upload = ingest.prepare(store, path.read_bytes(), path.name)
        if not upload.accepted:
            raise _refused(path, upload.problems)
        stored = ingest.commit(store, upload, DEMO_UPLOADER, uploaded_at=landed.get(path.name))
        yield path.name, stored.message
    for path in project_files():
        projects = ledger.prepare(store, path.read_bytes(), path.name)
        if not projects.accepted:
            raise _refused(path, projects.problems)
        yield path.name, ledger.commit(store, projects, DEMO_UPLOADER).message
    for path in plan_files():
        checked = plans.check_file(path.read_bytes(), path.name, year=int(path.name[:4]))
        if not checked.accepted:
            raise _refused(path, checked.problems)
        plans.save(store, checked, DEMO_UPLOADER)
        yield path.name, f"已保存 {checked.year} 年任务清单，{len(checked.items)} 个指标"


def load_if_empty(store: Store) -> bool:
    """Fill an empty store with the demo bureau, so a first run shows something."""
    if not store.is_empty():
        return False
    for _ in load(store):
        pass
    return True
