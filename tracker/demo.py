"""The demo bureau: files in data/demo/ that go through the same ingest as a staff upload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tracker.intake import ingest
from tracker.projects import ledger
from tracker.store import PROJECT_ROOT, Store

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
# The city bureau's key-project ledger (scripts/build_project_demo.py).
PROJECT_DIR = DEMO_DIR / "projects"
DEMO_UPLOADER = "示例数据"


def demo_files() -> list[Path]:
    return sorted(p for p in DEMO_DIR.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))


def project_files() -> list[Path]:
    return sorted(p for p in PROJECT_DIR.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))


def _refused(path: Path, problems) -> RuntimeError:
    first = problems.iloc[0]
    return RuntimeError(f"demo file {path.name} refused at row {first['row']}: {first['message']}")


def load(store: Store) -> Iterator[tuple[str, ingest.Stored | ledger.Stored]]:
    """Ingest every demo file in name order (which is date order), then the project ledgers."""
    for path in demo_files():
        upload = ingest.prepare(store, path.read_bytes(), path.name)
        if not upload.accepted:
            raise _refused(path, upload.problems)
        yield path.name, ingest.commit(store, upload, DEMO_UPLOADER)
    for path in project_files():
        projects = ledger.prepare(store, path.read_bytes(), path.name)
        if not projects.accepted:
            raise _refused(path, projects.problems)
        yield path.name, ledger.commit(store, projects, DEMO_UPLOADER)


def load_if_empty(store: Store) -> bool:
    """Fill an empty store with the demo bureau, so a first run shows something."""
    if not store.is_empty():
        return False
    for _ in load(store):
        pass
    return True
