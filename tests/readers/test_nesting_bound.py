"""The JSON Lines reader's bound on a record's nesting (`Document.nesting`), which lets the
engine skip measuring the depth of a record that cannot be too deep; and that a record which
is too deep is still refused, whichever way it nests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from payloads import GOOD_REQUEST, GOOD_RESPONSE

from validator.core import pointer as jp
from validator.engine import check_document
from validator.readers import Document, read_path
from validator.readers.document import nesting_bound

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=40,
)


def _depth(value: Any) -> int:
    """Arrays and objects on the deepest path."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_the_bound_is_never_below_the_depth(value: Any) -> None:
    data = json.dumps(value, ensure_ascii=False).encode()
    bound = nesting_bound(data)
    if b"\\u" in data:
        assert bound is None  # an escape may spell a bracket for a nested parse
    else:
        assert bound is not None and bound >= _depth(value)


def _line(path: Path, record: dict[str, Any]) -> list[Document]:
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return [d for d in read_path(str(path)) if isinstance(d, Document)]


@pytest.mark.parametrize("depth, deep", [(250, False), (jp.MAX_DEPTH + 5, True)])
def test_a_deep_record_is_refused_and_a_shallow_one_is_checked(
    tmp_path: Path, depth: int, deep: bool
) -> None:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    (doc,) = _line(tmp_path / "t.jsonl", {"request": {**GOOD_REQUEST, "stop_sequences": value}})
    assert doc.nesting is not None and doc.nesting >= depth
    rules = {f.rule for f in check_document(doc)}
    assert ("input/too-deep" in rules) is deep


def test_a_stream_parsed_from_sse_text_counts_the_list_around_its_events(tmp_path: Path) -> None:
    """The events' brackets are in the line, the stream list the reader builds is not."""
    event = {"type": "message_start", "message": GOOD_RESPONSE}
    sse = f"event: message_start\ndata: {json.dumps(event)}\n\n"
    record = {"request": GOOD_REQUEST, "response_sse": sse}
    (doc,) = _line(tmp_path / "s.jsonl", record)
    line = (tmp_path / "s.jsonl").read_bytes()
    assert doc.nesting == nesting_bound(line) + 1
    assert doc.nesting >= _depth(doc.value)


def test_an_escaped_bracket_in_an_sse_string_leaves_the_depth_to_the_engine(
    tmp_path: Path,
) -> None:
    deep = "\\u005b" * (jp.MAX_DEPTH + 5)  # `[` spelled as escapes: brackets only once parsed
    sse = f"event: x\\ndata: {deep}\\n\\n"
    line = f'{{"request": {json.dumps(GOOD_REQUEST)}, "response_sse": "{sse}"}}\n'
    path = tmp_path / "e.jsonl"
    path.write_text(line, encoding="utf-8")
    (doc,) = [d for d in read_path(str(path)) if isinstance(d, Document)]
    assert doc.nesting is None
