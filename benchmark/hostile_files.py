"""Memory and time of reading the largest and most hostile files, and a long run of the mutation
property (tests/test_mutated_files.py).

    .venv/bin/python benchmark/hostile_files.py [--mutations 1000] [--out benchmark/results.md]

Each file is checked and stored (`ingest.prepare` then `ingest.commit`, as an upload is) in a
fresh process on a fresh store, so the process's peak resident memory (VmHWM) is that file's
alone; the process starts at about 200 MB with the libraries imported and the store open, and that
is included. (ru_maxrss is not used: after fork and exec Linux carries the parent's peak into it,
and the parent here holds every generated file.) The
figures replace the section between the markers in --out and leave the rest of the file alone.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT_BYTES = 20 * 1024 * 1024  # the default upload limit, TRACKER_MAX_UPLOAD_MB
AIM_MEMORY_MIB = 1024
AIM_XLSX_SECONDS = 20.0
MILLION = 1_000_000
START = "<!-- hostile files: start -->"
END = "<!-- hostile files: end -->"
HEADER = ["任务名称", "指标名称", "计量单位", "年度目标", "累计完成", "截至日期", "牵头单位"]
UNITS = ["建设管理科", "住房保障科", "规划计划科", "燃气管理科"]


# --- Files -----------------------------------------------------------------------------------------


def _xlsx(rows_xml, shared: list[str], dimension: str | None = None) -> bytes:
    """A minimal workbook as Excel lays it out: shared strings, a cell reference on every cell."""
    out = io.BytesIO()
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
            'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        book.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
            '<sheet name="进度快照" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
            'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
            f'{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        book.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><sst {ns}>'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
            + "</sst>",
        )
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}>'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            buffer = []
            for row_xml in rows_xml:
                buffer.append(row_xml)
                if len(buffer) >= 10_000:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def million_row_xlsx(columns: list[str]) -> bytes:
    """1,000,000 data rows: 20,000 indicators, one row each for 50 weeks."""
    weeks = [(date(2021, 1, 1) + timedelta(days=7 * k)).isoformat() for k in range(50)]
    tasks = [f"任务{j}" for j in range(20_000)]
    shared = [*columns, *UNITS, "套", *weeks, *tasks]
    index = {s: i for i, s in enumerate(shared)}

    def cell(column: str, row: int, value) -> str:
        if isinstance(value, str):
            return f'<c r="{column}{row}" t="s"><v>{index[value]}</v></c>'
        return f'<c r="{column}{row}"><v>{value}</v></c>'

    values = {
        "任务名称": lambda i, k: tasks[i],
        "计量单位": lambda i, k: "套",
        "年度目标": lambda i, k: 1000 + i,
        "累计完成": lambda i, k: 10 * k + i % 7,
        "截至日期": lambda i, k: weeks[k],
        "牵头单位": lambda i, k: UNITS[i % 4],
    }
    letters = "ABCDEFGHIJ"

    def rows():
        yield (
            '<row r="1">'
            + "".join(cell(letters[j], 1, name) for j, name in enumerate(columns))
            + "</row>"
        )
        for n in range(MILLION):
            i, k, r = n // 50, n % 50, n + 2
            yield (
                f'<row r="{r}">'
                + "".join(cell(letters[j], r, values[name](i, k)) for j, name in enumerate(columns))
                + "</row>"
            )

    return _xlsx(rows(), shared)


def csv_rows(count: int) -> list[str]:
    return [HEADER_LINE] + [
        f"任务{n % 20_000},指标{n % 20_000},套,{1000 + n % 20_000},{n // 20_000},"
        f"{(date(2021, 1, 1) + timedelta(days=7 * (n // 20_000))).isoformat()},{UNITS[n % 4]}"
        for n in range(count)
    ]


HEADER_LINE = ",".join(HEADER)


def csv_near_limit(encoding: str, newline: str = "\r\n") -> bytes:
    """As many rows as fit under the upload limit in this encoding."""
    rows = csv_rows(MILLION)
    data = newline.join(rows).encode(encoding)
    while len(data) > LIMIT_BYTES:
        rows = rows[: int(len(rows) * LIMIT_BYTES / len(data) * 0.999)]
        data = newline.join(rows).encode(encoding)
    return data


def hostile_files() -> dict[str, tuple[str, bytes]]:
    """name -> (file name, bytes); each at most the upload limit."""
    dimension_lie = _xlsx(
        ['<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>0</v></c>' for c in "A") + "</row>"],
        ["任务名称"],
        dimension="A1:XFD1048576",
    )
    far_cell = _xlsx(
        [
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
            '<row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row>',
        ],
        ["任务名称"],
    )
    sparse_rows = _xlsx(
        [
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="Z1" t="s"><v>0</v></c></row>',
            '<row r="2"><c r="A1048000" t="s"><v>0</v></c></row>',
        ],
        ["任务名称"],
    )
    files = {
        "CSV, UTF-8, 20 MB": ("progress.csv", csv_near_limit("utf-8")),
        "CSV, GBK, 20 MB": ("progress.csv", csv_near_limit("gbk")),
        "CSV, UTF-16 with BOM, 20 MB": ("progress.csv", csv_near_limit("utf-16")),
        "CSV, CR line ends, 20 MB": ("progress.csv", csv_near_limit("utf-8", "\r")),
        "CSV, one 20 MB cell": (
            "progress.csv",
            (HEADER_LINE + "\n" + "长" * (LIMIT_BYTES // 3 - 200) + ",,,,,,\n").encode(),
        ),
        "CSV, 20 MB of empty rows of 18 columns": (
            "progress.csv",
            (
                HEADER_LINE + ",,,,,,,,,,,\n" + ",,,,,,,,,,,,,,,,,\n" * (LIMIT_BYTES // 18 - 10)
            ).encode(),
        ),
        "CSV, 20 MB, 1,000 columns": (
            "progress.csv",
            (
                HEADER_LINE
                + "," * 993
                + "\n"
                + "".join(
                    f"任务{n},指标,套,1,1,2021-09-30,科" + ",x" * 993 + "\n"
                    for n in range(LIMIT_BYTES // 2060)
                )
            ).encode(),
        ),
        "CSV, one row repeated to 20 MB": (
            "progress.csv",
            (HEADER_LINE + "\n" + (csv_rows(1)[1] + "\n") * (LIMIT_BYTES // 60)).encode(),
        ),
        "CSV, unterminated quote at row 2 of 20 MB": (
            "progress.csv",
            HEADER_LINE.encode() + b'\n"' + csv_near_limit("utf-8")[len(HEADER_LINE) + 1 :],
        ),
        "XLSX, dimension A1:XFD1048576, 1 cell": ("progress.xlsx", dimension_lie),
        "XLSX, cells at A1 and XFD1048576": ("progress.xlsx", far_cell),
        "XLSX, cell A1048000 inside row 2": ("progress.xlsx", sparse_rows),
    }
    return files


# --- One measured run per process ----------------------------------------------------------------


def peak_resident_mib() -> float:
    """This process's peak resident set since it started (exec), from /proc."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure_one(path: Path, name: str) -> dict:
    """Check and store one file on a fresh store in this process; its figures as JSON. The peak
    is taken before the reader is timed on its own (a second reading would leave the first's
    freed memory behind and count more than an upload uses)."""
    from tracker.intake import ingest
    from tracker.intake.reading import read_grid
    from tracker.store import Store

    data = path.read_bytes()
    store = Store.open(path.parent / f"{path.stem}.duckdb")
    before = peak_resident_mib()
    started, cpu = time.perf_counter(), time.process_time()
    upload = ingest.prepare(store, data, name, today=date(2022, 1, 15))
    prepared = time.perf_counter() - started
    stored_rows = 0
    if upload.accepted:
        stored_rows = ingest.commit(store, upload, "benchmark").rows_stored
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = peak_resident_mib()
    store.close()
    accepted = upload.accepted
    refusal = "" if accepted else str(upload.problems["message"].iloc[0])[:60]
    del upload
    read_seconds = read_cpu = None
    if name.endswith(".xlsx"):
        grid_started, grid_cpu = time.perf_counter(), time.process_time()
        with contextlib.suppress(Exception):  # a refusal was measured above
            read_grid(data, name)
        read_seconds = time.perf_counter() - grid_started
        read_cpu = time.process_time() - grid_cpu
    return {
        "bytes": len(data),
        "accepted": accepted,
        "rows_stored": stored_rows,
        "refusal": refusal,
        "read_seconds": read_seconds,
        "read_cpu": read_cpu,
        "prepare_seconds": prepared,
        "total_seconds": total,
        "cpu_seconds": total_cpu,
        "start_mib": before,
        "peak_mib": peak,
    }


def run_measured(path: Path, name: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", str(path), "--name", name],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def openpyxl_seconds(data: bytes) -> tuple[float, float, int]:
    """The old reader on the same file: openpyxl read-only, values only (wall, CPU, rows)."""
    code = (
        "import io,sys,time,openpyxl;d=open(sys.argv[1],'rb').read();t=time.perf_counter();"
        "c=time.process_time();b=openpyxl.load_workbook(io.BytesIO(d),read_only=True,data_only=True);"
        "n=sum(1 for _ in b.active.iter_rows(values_only=True));"
        "print(time.perf_counter()-t,time.process_time()-c,n)"
    )
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(
            [sys.executable, "-c", code, handle.name], capture_output=True, text=True, check=True
        ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def mutation_run(examples: int) -> tuple[int, float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_mutated_files.py",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TRACKER_MUTATION_EXAMPLES": str(examples)},
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    return result.returncode, time.perf_counter() - started, last


# --- Report --------------------------------------------------------------------------------------


def _mib(value: float) -> str:
    return f"{value:,.0f} MiB"


def _s(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} s"


def report(
    rows: dict[str, dict], million: dict[str, dict], old: dict, mutations, load: tuple[str, str]
) -> str:
    worst = max(r["peak_mib"] for r in [*rows.values(), *million.values()])
    xlsx = million["XLSX, 1,000,000 rows, 5 columns"]
    lines = [
        START,
        "## Hostile and largest files: memory and time",
        "",
        "Written by `benchmark/hostile_files.py`. Each file is checked and stored "
        "(`ingest.prepare`, then `ingest.commit` when accepted) in a fresh process on a fresh "
        "store; peak memory is that process's peak resident set (VmHWM), which includes about "
        f"{rows[next(iter(rows))]['start_mib']:.0f} MiB of imported libraries. Times are wall "
        "clock with CPU time beside them: the machine is shared, and when others are busy the "
        "wall time stretches while the CPU time does not.",
        "",
        f"Load average (1 minute, 2 cores) when the run started: {load[0]}; when it ended: "
        f"{load[1]}.",
        "",
        "| aim | figure | met |",
        "|---|---:|---|",
        f"| any file up to the 20 MB upload limit processed in under 1 GiB (largest peak below) "
        f"| {_mib(worst)} | {'yes' if worst < AIM_MEMORY_MIB else '**no**'} |",
        f"| a 1,000,000-row XLSX read in under 20 s (`read_grid`, wall / CPU) "
        f"| {_s(xlsx['read_seconds'])} / {_s(xlsx['read_cpu'])} "
        f"| {'yes' if xlsx['read_seconds'] < AIM_XLSX_SECONDS else ('CPU yes, wall **no**' if xlsx['read_cpu'] < AIM_XLSX_SECONDS else '**no**')} |",
        "",
        "| file | size | outcome | check + store (wall / CPU) | peak memory |",
        "|---|---:|---|---:|---:|",
    ]
    for name, r in {**rows, **million}.items():
        outcome = (
            f"stored {r['rows_stored']:,} rows" if r["accepted"] else f"refused: {r['refusal']}…"
        )
        lines.append(
            f"| {name} | {r['bytes'] / 1024 / 1024:.1f} MB | {outcome} "
            f"| {_s(r['total_seconds'])} / {_s(r['cpu_seconds'])} | {_mib(r['peak_mib'])} |"
        )
    lines += [
        "",
        "Reading the 1,000,000-row XLSX (`read_grid`: scan of the cells' positions, python-calamine, "
        "text cells into Arrow) beside openpyxl's read-only reader merely iterating the same rows:",
        "",
        "| reader | wall | CPU |",
        "|---|---:|---:|",
        f"| python-calamine (this reader, whole grid) | {_s(xlsx['read_seconds'])} | {_s(xlsx['read_cpu'])} |",
        f"| openpyxl read-only, iterating values only | {_s(old['wall'])} | {_s(old['cpu'])} |"
        if old
        else "| openpyxl read-only, iterating values only | not run (--skip-openpyxl) | |",
    ]
    if mutations:
        code, seconds, last, examples = mutations
        outcome = "every example passed" if code == 0 else f"**failed**: {last}"
        lines += [
            "",
            f"Mutation property (tests/test_mutated_files.py) with {examples:,} examples: "
            f"{outcome}, {seconds:.0f} s wall.",
        ]
    lines += [
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(out: Path, section: str) -> None:
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    out.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "benchmark" / "results.md"))
    parser.add_argument("--mutations", type=int, default=1000, help="0 to skip the long run")
    parser.add_argument(
        "--skip-openpyxl", action="store_true", help="leave out the old reader's timing"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--name", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_one(Path(args.measure), args.name)))
        return
    load_before = f"{os.getloadavg()[0]:.1f}"
    with tempfile.TemporaryDirectory() as folder:
        rows = {}
        for label, (name, data) in hostile_files().items():
            path = Path(folder) / f"{len(rows)}-{name}"
            path.write_bytes(data)
            rows[label] = run_measured(path, name)
            print(label, rows[label], flush=True)
        million = {}
        data = million_row_xlsx(["任务名称", "年度目标", "累计完成", "截至日期", "牵头单位"])
        path = Path(folder) / "million.xlsx"
        path.write_bytes(data)
        million["XLSX, 1,000,000 rows, 5 columns"] = run_measured(path, "progress.xlsx")
        print(million, flush=True)
        # the widest sheet of a million rows the contract fills that still fits the upload limit
        wider = million_row_xlsx(
            ["任务名称", "计量单位", "年度目标", "累计完成", "截至日期", "牵头单位"]
        )
        if len(wider) <= LIMIT_BYTES:
            (Path(folder) / "wider.xlsx").write_bytes(wider)
            million["XLSX, 1,000,000 rows, 6 columns"] = run_measured(
                Path(folder) / "wider.xlsx", "progress.xlsx"
            )
            print(million, flush=True)
        else:
            print(
                f"6 columns: {len(wider) / 1024 / 1024:.1f} MB, over the upload limit", flush=True
            )
        old = {}
        if not args.skip_openpyxl:
            wall, cpu, _ = openpyxl_seconds(data)
            old = {"wall": wall, "cpu": cpu}
            print("openpyxl", old, flush=True)
    mutations = None
    if args.mutations:
        mutations = (*mutation_run(args.mutations), args.mutations)
        print("mutations", mutations, flush=True)
    load = (load_before, f"{os.getloadavg()[0]:.1f}")
    write_section(Path(args.out), report(rows, million, old, mutations, load))


if __name__ == "__main__":
    main()
