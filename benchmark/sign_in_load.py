"""Memory and time of many sign-ins at once (argon2 takes 64 MiB per password check).

Each case runs in a child process of its own so that its peak resident memory is its own:
30 people sign in at the same moment, once with password checks bounded as the app bounds them
(tracker.access.accounts.MAX_CONCURRENT_PASSWORD_CHECKS) and once unbounded, as before.

    .venv/bin/python benchmark/sign_in_load.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 30
PASSWORD = "load test password 1"


def one_case(bound: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from tracker.access import accounts
    from tracker.store import Store

    accounts._password_checks = threading.BoundedSemaphore(bound)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "load.duckdb")
        # One hash reused for every account: creating 30 accounts is not what is measured.
        password_hash = accounts._hash(PASSWORD)
        cur = store.cursor()
        for i in range(PEOPLE):
            cur.execute(
                "insert into users (username, role, password_hash, created_at, updated_at) "
                "values ($u, 'viewer', $h, now(), now())",
                {"u": f"user{i}", "h": password_hash},
            )
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
            users = list(
                pool.map(
                    lambda i: accounts.authenticate(store, f"user{i}", PASSWORD), range(PEOPLE)
                )
            )
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        store.close()
    assert len(users) == PEOPLE
    return {
        "bound": bound,
        "seconds": elapsed,
        "peak_mib": peak / 1024,
        "before_mib": before / 1024,
    }


def main() -> None:
    from tracker.access.accounts import MAX_CONCURRENT_PASSWORD_CHECKS

    print(f"{PEOPLE} sign-ins at once, each in a fresh process")
    print("| password checks at once | peak resident memory | before the sign-ins | wall time |")
    print("|---|---:|---:|---:|")
    for bound in (MAX_CONCURRENT_PASSWORD_CHECKS, PEOPLE):
        out = subprocess.run(
            [sys.executable, __file__, "--case", str(bound)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        case = json.loads(out.strip().splitlines()[-1])
        label = f"at most {bound}" if bound < PEOPLE else f"unbounded ({bound})"
        print(
            f"| {label} | {case['peak_mib']:.0f} MiB | {case['before_mib']:.0f} MiB "
            f"| {case['seconds']:.1f} s |"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(one_case(int(sys.argv[2]))))
    else:
        sys.path.insert(0, str(ROOT))
        main()
