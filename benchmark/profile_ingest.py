"""Where `ingest.prepare` spends its time on a million-row upload, by cProfile.

    .venv/bin/python benchmark/profile_ingest.py [--upload FILE] [--top 25]

Without --upload the file is written by `province.write_upload_file` into a temporary directory.
The profiler's own overhead inflates the many small Python calls, so read the figures as shares.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmark import province  # noqa: E402
from tracker.intake import ingest  # noqa: E402
from tracker.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upload", type=Path, help="a CSV upload; default: a generated one")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="profile-ingest-") as scratch:
        upload = args.upload or province.write_upload_file(Path(scratch) / "upload-1m.csv")
        data = upload.read_bytes()
        store = Store.open(Path(scratch) / "empty.duckdb")
        try:
            start = time.perf_counter()
            ingest.prepare(store, data, upload.name)
            print(f"prepare without the profiler: {time.perf_counter() - start:.2f} s\n")
            profiler = cProfile.Profile()
            profiler.runcall(ingest.prepare, store, data, upload.name)
        finally:
            store.close()

    stats = pstats.Stats(profiler)
    print("The project's own functions, by time including what they call:")
    stats.sort_stats("cumulative").print_stats(str(ROOT / "tracker"), args.top)
    print("All functions, by time spent in the function itself:")
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
