"""The demo bureau: files in data/demo/ that go through the same ingest as a staff upload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tracker.intake import ingest
from tracker.store import PROJECT_ROOT, Store

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
DEMO_UPLOADER = "示例数据"


def demo_files() -> list[Path]:
    return sorted(p for p in DEMO_DIR.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))


def load(store: Store) -> Iterator[tuple[str, ingest.Stored]]:
    """Ingest every demo file in name order (which is date order)."""
    for path in demo_files():
        upload = ingest.prepare(store, path.read_bytes(), path.name)
        if not upload.accepted:
            first = upload.problems.iloc[0]
            raise RuntimeError(
                f"demo file {path.name} refused at row {first['row']}: {first['message']}"
            )
        yield path.name, ingest.commit(store, upload, DEMO_UPLOADER)


def load_if_empty(store: Store) -> bool:
    """Fill an empty store with the demo bureau, so a first run shows something."""
    if not store.is_empty():
        return False
    for _ in load(store):
        pass
    return True
