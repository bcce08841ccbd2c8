"""Property: any mutation of a real template or demo file is either stored whole, equal to what the
check read from it, or refused with a message; never an exception, never part of a file.

Byte flips, truncations, re-encodings, line-ending changes, huge cells, huge numbers, stray quotes
and crafted XLSX parts. Re-encodings and line-ending changes keep the meaning, so those must read
exactly as the original does. The run here is short; benchmark/hostile_files.py runs it longer
(TRACKER_MUTATION_EXAMPLES).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, row_counts
from tracker.intake import ingest
from tracker.store import Store

SEEDS = {
    path.name: path.read_bytes()
    for folder in ("data/templates", "data/demo")
    for path in sorted((ROOT / folder).iterdir())
    if path.suffix in (".csv", ".xlsx")
}
TODAY = date(2023, 1, 15)
EXAMPLES = int(os.environ.get("TRACKER_MUTATION_EXAMPLES", "25"))
READ_COLUMNS = ["source_row", "task", "indicator", "unit", "as_of", "annual_target", "actual"]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-32", "utf-32-be"]
NUMBER = re.compile(rb"(?<=,)\d+(?:\.\d+)?(?=,)")


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


@dataclass
class Mutated:
    name: str
    data: bytes
    meaning_kept: bool
    how: str

    def __repr__(self) -> str:  # the bytes would flood the report; their digest finds them again
        digest = hashlib.sha256(self.data).hexdigest()[:12]
        return f"Mutated({self.name!r}, {self.how!r}, {len(self.data)} bytes, sha256 {digest}…)"


CSV_MUTATIONS = ["flip", "truncate", "encoding", "newlines", "huge cell", "huge number", "quote"]
XLSX_MUTATIONS = ["flip", "truncate", "dimension", "far cell", "active tab", "sheet flip"]


@st.composite
def csv_mutation(draw, data: bytes, kind: str) -> tuple[bytes, bool]:
    """(mutated bytes, whether the meaning is kept)."""
    if kind == "encoding":
        return _text(data).encode(draw(st.sampled_from(ENCODINGS))), True
    if kind == "newlines":
        lines = _text(data).replace("\r\n", "\n").split("\n")
        ends = draw(st.lists(st.sampled_from(["\r", "\n", "\r\n"]), min_size=len(lines)))
        return "".join(a + b for a, b in zip(lines, ends, strict=False)).encode("utf-8"), True
    if kind == "truncate":
        return data[: draw(st.integers(1, len(data) - 1))], False
    if kind == "flip":
        mutated = bytearray(data)
        for _ in range(draw(st.integers(1, 5))):
            mutated[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(mutated), False
    at = draw(st.integers(0, len(data)))
    if kind == "quote":
        return data[:at] + b'"' + data[at:], False
    if kind == "huge cell":
        size = draw(st.sampled_from([100, 32_767, 32_768, 140_000]))
        line_start = data.rfind(b"\n", 0, at) + 1
        return data[:line_start] + b"x" * size + b"," + data[line_start:], False
    numbers = list(NUMBER.finditer(data))
    if not numbers:
        return data, True
    target = draw(st.sampled_from(numbers))
    huge = draw(st.sampled_from([b"9" * 400, b"1e308", b"1e999", b"-0", b"0.000000000001"]))
    return data[: target.start()] + huge + data[target.end() :], False


def _rezip(data: bytes, edit) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, edit(info.filename, source.read(info.filename)))
    return out.getvalue()


@st.composite
def xlsx_mutation(draw, data: bytes, kind: str) -> tuple[bytes, bool]:
    if kind == "truncate":
        return data[: draw(st.integers(1, len(data) - 1))], False
    if kind == "flip":
        mutated = bytearray(data)
        mutated[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(mutated), False
    if kind == "dimension":
        ref = draw(st.sampled_from([b"A1:XFD1048576", b"A1:R2", b"A1", b"B2:A1"]))

        def edit(name, content):
            return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + ref + b'"/>', content)

        return _rezip(data, edit), True
    if kind == "active tab":
        tab = draw(st.integers(0, 9))

        def edit(name, content):
            if name != "xl/workbook.xml":
                return content
            return re.sub(rb'activeTab="\d+"', b'activeTab="%d"' % tab, content)

        return _rezip(data, edit), True
    if kind == "far cell":
        column = draw(st.sampled_from(["AZ", "ALM", "XFD"]))
        row = draw(st.sampled_from([60, 100_000, 1_048_576]))
        cell = f'<row r="{row}"><c r="{column}{row}"><v>1</v></c></row>'.encode()

        def edit(name, content):
            return content.replace(b"</sheetData>", cell + b"</sheetData>")

        return _rezip(data, edit), False
    position = draw(st.integers(0, 10**6))
    value = draw(st.integers(0, 255))

    def edit(name, content):
        if not name.startswith("xl/worksheets/") or not content:
            return content
        mutated = bytearray(content)
        mutated[position % len(content)] = value
        return bytes(mutated)

    return _rezip(data, edit), False


@st.composite
def mutated_files(draw) -> Mutated:
    name = draw(st.sampled_from(sorted(SEEDS)))
    is_xlsx = name.endswith(".xlsx")
    kind = draw(st.sampled_from(XLSX_MUTATIONS if is_xlsx else CSV_MUTATIONS))
    mutation = xlsx_mutation if is_xlsx else csv_mutation
    data, meaning_kept = draw(mutation(SEEDS[name], kind))
    return Mutated(name, data, meaning_kept, kind)


def _refusal(upload: ingest.Upload) -> list[tuple]:
    return list(upload.problems[["row", "column", "message"]].astype(str).itertuples(index=False))


def _reading(upload: ingest.Upload) -> list[tuple]:
    return list(upload.rows[READ_COLUMNS].astype(str).itertuples(index=False, name=None))


@pytest.fixture(scope="module")
def property_store(tmp_path_factory):
    opened = Store.open(tmp_path_factory.mktemp("mutated") / "tracker.duckdb")
    yield opened
    opened.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated_files())
def test_a_mutated_file_is_stored_whole_or_refused_with_a_message(property_store, case):
    name, data, meaning_kept = case.name, case.data, case.meaning_kept
    store = property_store
    before = row_counts(store)
    upload = ingest.prepare(store, data, name, today=TODAY)
    if meaning_kept:  # read as the original reads, against the same store
        reference = ingest.prepare(store, SEEDS[name], name, today=TODAY)
        assert upload.accepted == reference.accepted, upload.problems.to_dict("records")
        if reference.accepted:
            assert _reading(upload) == _reading(reference)
        else:  # the template's example row is refused: the same refusal, wherever it came from
            assert _refusal(upload) == _refusal(reference)
    if not upload.accepted:
        messages = upload.problems["message"].astype(str)
        assert len(messages) and (messages.str.len() > 0).all()
        with pytest.raises(ValueError):
            ingest.commit(store, upload, "属性测试")
        assert row_counts(store) == before
        return
    stored = ingest.commit(store, upload, "属性测试")
    assert not stored.failed, stored.message
    if stored.batch_id is None:
        assert row_counts(store) == before
        return
    batch = (
        store.cursor()
        .execute(
            "select as_of, actual from snapshots where batch_id = $b order by all",
            {"b": stored.batch_id},
        )
        .fetchall()
    )
    expected = sorted(
        (row.as_of.date(), row.actual) for row in upload.new_rows.itertuples(index=False)
    )
    assert batch == expected
    after = row_counts(store)
    assert after["batches"] == before["batches"] + 1
    assert after["snapshots"] == before["snapshots"] + len(expected)
