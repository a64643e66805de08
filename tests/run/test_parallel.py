"""--jobs: the plan cuts a large JSONL file into many small pieces whose line starts and line
numbers the planner counts in one pass, so that no worker counts the lines before its piece."""

from __future__ import annotations

import itertools
import json
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.readers import Document, read_path
from validator.readers.ranges import line_starts, read_range
from validator.run import parallel
from validator.run.parallel import MAX_PIECES_PER_JOB, SPLIT_BYTES, Task, pieces, plan
from validator.run.runner import check_paths

GOOD = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "Hi"}],
}

# Lines of random lengths: JSON or not, CRLF or LF, blank lines, multibyte text.
LINE = st.one_of(
    st.builds(lambda n: json.dumps({**GOOD, "max_tokens": n}), st.integers(-3, 10**6)),
    st.text(max_size=60).map(lambda s: s.replace("\n", " ").replace("\r", " ")),
    st.just(""),
)
ENDING = st.sampled_from(["\n", "\r\n"])


def _file(tmp_path_factory, lines: list[tuple[str, str]], final_newline: bool) -> tuple:
    data = "".join(text + end for text, end in lines).encode("utf-8")
    if not final_newline:
        data = data.rstrip(b"\r\n")
    path = tmp_path_factory.mktemp("plan") / "p.jsonl"
    path.write_bytes(b'{"a": 1}\n' + data)  # a JSON first line: never taken for gzip
    return path, path.read_bytes()


def _records(items) -> list[tuple[int | None, object]]:
    return [(i.record, i.value if isinstance(i, Document) else i.rule) for i in items]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(LINE, ENDING), max_size=30),
    st.booleans(),
    st.lists(st.integers(min_value=-3, max_value=3000), max_size=12),
)
def test_line_starts_are_the_true_line_starts_and_numbers(tmp_path_factory, lines, final, cuts):
    path, data = _file(tmp_path_factory, lines, final)
    starts = list(line_starts(str(path), sorted(cuts)))
    offsets = [offset for offset, _ in starts]
    assert offsets == sorted(set(offsets)) and all(0 < o < len(data) for o in offsets)
    for offset, line in starts:
        assert data[offset - 1 : offset] == b"\n"  # a line start
        assert line == 1 + data[:offset].count(b"\n")
    for cut in (c for c in cuts if c > 0):  # moved to the first line start at or after it
        later = [o for o in range(cut, len(data)) if data[o - 1 : o] == b"\n"]
        if later:
            assert later[0] in offsets


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(LINE, ENDING), min_size=1, max_size=40),
    st.booleans(),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=200),
)
def test_planned_pieces_cover_the_file_once_with_true_first_lines(
    tmp_path_factory, lines, final, jobs, piece
):
    """Pieces smaller than a line included: every line in exactly one task, which knows the
    number of its first line, and reading the tasks gives the whole-file records."""
    path, data = _file(tmp_path_factory, lines, final)
    small = {"SPLIT_BYTES": 1, "PIECE_BYTES": piece, "MIN_PIECE_BYTES": 1}
    with mock.patch.multiple(parallel, **small):
        tasks = plan([str(path)], jobs)
    assert tasks[0].start == 0 and tasks[-1].end == len(data)
    assert all(a.end == b.start for a, b in itertools.pairwise(tasks))
    for task in tasks:
        assert task.start < task.end and task.first_line is not None
        assert task.start == 0 or data[task.start - 1 : task.start] == b"\n"
        assert task.first_line == 1 + data[: task.start].count(b"\n")
    ranged = [r for t in tasks for r in _records(read_range(t, None, False, None))]
    assert ranged == _records(read_path(str(path)))


def test_a_worker_takes_the_planned_line_number_instead_of_counting(tmp_path):
    path = tmp_path / "n.jsonl"
    line = json.dumps(GOOD) + "\n"
    path.write_text(line * 10)
    start = len(line) * 4
    told = _records(read_range(Task(str(path), start, start + len(line), 1000), None, False, None))
    assert [record for record, _ in told] == [1000]  # the planner's number: nothing counted
    # A start that is not a line start (the file changed): the worker aligns and counts.
    moved = read_range(Task(str(path), start - 3, start + len(line), 1000), None, False, None)
    assert [record for record, _ in _records(moved)] == [5]
    counted = read_range(Task(str(path), start, start + len(line)), None, False, None)
    assert [record for record, _ in _records(counted)] == [5]


def test_the_count_of_pieces_is_bounded():
    assert pieces(10**12, 2) == 2 * MAX_PIECES_PER_JOB  # a terabyte: still 128 tasks
    assert pieces(10**12, 2, local=False) == 8  # a URL: a few, each worker counts its own
    assert pieces(112 * 10**6, 2) >= 50  # ~2 MB pieces: no worker idles long at the end
    assert pieces(SPLIT_BYTES, 1) >= 2


def test_a_url_is_cut_by_size_and_each_worker_counts(monkeypatch):
    monkeypatch.setattr(parallel, "stored_size", lambda path: 100 * SPLIT_BYTES)
    tasks = plan(["s3://bucket/big.jsonl"], 2)
    assert len(tasks) == 8 and all(t.first_line is None for t in tasks)
    assert tasks[0].start == 0 and tasks[-1].end == 100 * SPLIT_BYTES


def test_an_unreadable_file_is_planned_by_size_and_fails_in_the_worker(tmp_path, monkeypatch):
    path = tmp_path / "gone.jsonl"
    monkeypatch.setattr(parallel, "stored_size", lambda p: 3 * SPLIT_BYTES)
    tasks = plan([str(path)], 2)
    assert len(tasks) >= 2 and all(t.first_line is None for t in tasks)
    report = check_paths([path], jobs=2, on_error=lambda message: None)
    assert report.files == 1 and len(report.failures) == 1


def _batch_line(custom_id: str, max_tokens: int) -> str:
    params = {**GOOD, "max_tokens": max_tokens}
    return json.dumps({"custom_id": custom_id, "params": params})


def test_a_split_batch_file_has_the_verdicts_of_a_whole_one(tmp_path):
    """custom_ids repeated across many pieces (the merge rechecks those pieces), CRLF and
    blank lines: the same findings, lines and fingerprints with 2 workers as with 1."""
    lines = []
    for i in range(9000):
        custom_id = f"id-{i % 2500}" if i % 7 else f"id-{i}"
        lines.append(_batch_line(custom_id, -1 if i % 501 == 0 else 64))
        lines.append("\r\n" if i % 3 else "\n")
        if i % 1000 == 999:
            lines.append("\n")
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(lines), newline="")
    assert len(plan([str(path)], 2)) >= 2
    one, two = check_paths([path]), check_paths([path], jobs=2)
    assert two.findings == one.findings and two.documents == one.documents == 9000
    rules = {f.rule for f in one.findings}
    assert "batch/custom-id-duplicate-in-file" in rules and len(rules) >= 2
    assert [(f.line, f.fingerprint) for f in two.findings] == [
        (f.line, f.fingerprint) for f in one.findings
    ]


def test_a_long_line_is_skipped_once_not_once_a_cut(tmp_path, monkeypatch):
    """Cuts every 1 KB inside a 300 KB line: the planner scans past that line once."""
    from validator.readers import ranges

    path = tmp_path / "long.jsonl"
    long = json.dumps({**GOOD, "system": "x" * 300_000})
    path.write_text(f"{json.dumps(GOOD)}\n{long}\n{json.dumps(GOOD)}\n")
    calls = []
    real = ranges._align
    monkeypatch.setattr(ranges, "_align", lambda fh, cut: calls.append(cut) or real(fh, cut))
    starts = list(line_starts(str(path), range(1, path.stat().st_size, 1024)))
    size = len(json.dumps(GOOD)) + 1
    assert starts == [(size, 2), (size + len(long) + 1, 3)]
    assert len(calls) <= 3
