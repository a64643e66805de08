"""--jobs: a JSONL file cut into byte ranges reads every record once, with its own number."""

from __future__ import annotations

import collections
import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validator.readers import Document, ReadError, read_path
from validator.readers.ranges import read_range, splittable, stored_size
from validator.run.parallel import SPLIT_BYTES, Task, plan
from validator.run.runner import check_paths

GOOD = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "Hi"}],
}
BAD = {**GOOD, "max_tokens": -1}


def _records(items) -> list[tuple[int | None, object]]:
    return [
        (item.record, item.value if isinstance(item, Document) else item.rule) for item in items
    ]


def _jsonl(tmp_path, lines: list[str], name: str = "t.jsonl"):
    path = tmp_path / name
    path.write_bytes("".join(lines).encode("utf-8"))
    return path


LINES = [
    "\ufeff" + json.dumps(GOOD) + "\n",  # a BOM on the first line only
    json.dumps(BAD) + "\r\n",
    "\n",  # a blank line still counts
    "{not json\n",
    json.dumps({**GOOD, "messages": [{"role": "user", "content": "héllo ✓"}]}) + "\n",
    json.dumps(GOOD),  # no final newline
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1), max_size=5))
def test_any_cut_reads_each_record_once_with_its_number(tmp_path_factory, cuts):
    path = _jsonl(tmp_path_factory.mktemp("cut"), LINES)
    size = path.stat().st_size
    bounds = sorted({0, size, *(int(c * size) for c in cuts)})
    ranged = []
    for a, b in itertools.pairwise(bounds):
        ranged += _records(read_range(Task(str(path), a, b), None, False, None))
    assert ranged == _records(read_path(str(path)))


def test_plan_cuts_only_large_jsonl(tmp_path):
    small = _jsonl(tmp_path, LINES, "small.jsonl")
    line = json.dumps(GOOD) + "\n"
    big = _jsonl(tmp_path, [line] * (SPLIT_BYTES // len(line) + 10), "big.jsonl")
    other = tmp_path / "big.json"
    other.write_bytes(b" " * (SPLIT_BYTES + 1))
    tasks = plan([str(small), str(big), str(other)], jobs=2)
    assert tasks[0] == Task(str(small)) and tasks[-1] == Task(str(other))
    cut = [t for t in tasks if t.path == str(big)]
    assert len(cut) >= 2 and cut[0].start == 0 and cut[-1].end == big.stat().st_size


def test_two_jobs_give_the_same_report_on_a_cut_file(tmp_path):
    lines = [json.dumps(BAD if i % 97 == 0 else GOOD) + "\n" for i in range(15000)]
    path = _jsonl(tmp_path, lines)
    assert path.stat().st_size > SPLIT_BYTES
    tasks = plan([str(path)], jobs=2)
    assert len(tasks) >= 4 and all(t.first_line is not None for t in tasks)  # counted once
    one = check_paths([path])
    two = check_paths([path], jobs=2)
    assert two.findings == one.findings and two.files == one.files == 1
    assert two.documents == one.documents == 15000
    assert list(two.checked) == list(one.checked)
    assert [(f.line, f.fingerprint) for f in two.findings] == [
        (f.line, f.fingerprint) for f in one.findings
    ]
    assert sorted({f.record for f in two.findings}) == [i + 1 for i in range(0, 15000, 97)]


# --- byte ranges read by the readers (validator.readers.ranges), hostile ones included ----

HOSTILE = [
    json.dumps(GOOD).encode() + b"\n",
    "héllo ✓ 日本".encode() + b"\n",  # multibyte characters: a cut may fall inside one
    b"\xff\xfe not utf-8\n",
    b'{"a": "\x00"}\n',  # a NUL byte
    b"\r\n",
    b"[" * 300 + b"\n",  # deep and unterminated
    json.dumps(BAD).encode(),  # no final newline
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(HOSTILE) | st.binary(max_size=40), max_size=12),
    st.lists(st.integers(min_value=-5, max_value=2000), max_size=6),
)
def test_hostile_lines_cut_anywhere_read_as_the_whole_file(tmp_path_factory, lines, cuts):
    """Any bytes, cut at any offsets (before the start, past the end): every line is read
    once, in one range, with its number and finding, as a whole-file read gives it."""
    path = tmp_path_factory.mktemp("hostile") / "h.jsonl"
    path.write_bytes(HOSTILE[0] + b"".join(lines))  # a JSON first line: never gzip magic
    size = path.stat().st_size
    bounds = sorted({0, size, *(min(max(c, 0), size) for c in cuts)})
    ranged = []
    for a, b in itertools.pairwise(bounds):
        ranged += _records(read_range(Task(str(path), a, b), None, False, None))
    assert ranged == _records(read_path(str(path)))


@pytest.mark.parametrize(("start", "end"), [(0, 0), (5, 5), (10**9, 10**9 + 10), (40, 3)])
def test_an_empty_or_inverted_or_outside_range_reads_nothing(tmp_path, start, end):
    path = _jsonl(tmp_path, LINES)
    assert list(read_range(Task(str(path), start, end), None, False, None)) == []


def test_a_range_past_the_end_reads_to_the_end(tmp_path):
    """The file shrank after it was planned: the range stops at the end of the file."""
    path = _jsonl(tmp_path, LINES)
    got = _records(read_range(Task(str(path), 0, 10**9), None, False, None))
    assert got == _records(read_path(str(path)))


def test_any_object_with_path_start_end_is_a_range(tmp_path):
    path = _jsonl(tmp_path, LINES)
    size = path.stat().st_size
    span = collections.namedtuple("span", "path start end")
    got = _records(read_range(span(str(path), 0, size), None, False, None))
    assert got == _records(read_path(str(path)))


@pytest.mark.parametrize("what", ["missing", "directory"])
def test_a_range_of_an_unreadable_file_is_a_read_error(tmp_path, what):
    path = tmp_path / "gone.jsonl"
    if what == "directory":
        path.mkdir()
    with pytest.raises(ReadError, match=str(path)):
        list(read_range(Task(str(path), 0, 10), None, False, None))


def test_what_the_plan_asks_of_the_readers(tmp_path):
    assert splittable("a.jsonl") and splittable("B.NDJSON")
    assert not splittable("a.jsonl.gz") and not splittable("a.json")
    path = _jsonl(tmp_path, LINES)
    assert stored_size(str(path)) == path.stat().st_size
    assert stored_size(str(tmp_path / "missing.jsonl")) == 0


def test_the_package_reads_ranges_as_readers_ranges_does(tmp_path):
    import validator.readers as readers

    path = _jsonl(tmp_path, LINES)
    task = Task(str(path), 3, path.stat().st_size)
    assert _records(readers.read_range(task)) == _records(read_range(task, None, False, None))
    assert _records(readers.read_range(task))  # the lines after the first one


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=6000), st.sampled_from([b"\n", b"\r\n", b""])),
        max_size=40,
    )
)
def test_the_quick_newline_count_is_the_count(parts):
    """Long lines (found one by one) or many short ones (counted): the same count."""
    from validator.readers.ranges import _newlines

    chunk = b"".join(b"x" * length + end for length, end in parts)
    assert _newlines(chunk) == chunk.count(b"\n")
    many = b"ab\n" * 5000  # more newlines than it finds one by one
    assert _newlines(many + chunk) == 5000 + chunk.count(b"\n")
