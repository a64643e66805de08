"""--jobs: a JSONL file cut into byte ranges reads every record once, with its own number."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.readers import Document, read_path
from validator.readers.ranges import read_range
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
    one = check_paths([path])
    two = check_paths([path], jobs=2)
    assert two.findings == one.findings and two.files == one.files == 1
    assert two.documents == one.documents == 15000
    assert sorted({f.record for f in two.findings}) == [i + 1 for i in range(0, 15000, 97)]
