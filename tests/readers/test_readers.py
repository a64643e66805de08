"""Readers: formats into Documents, kind detection, syntax findings, lazy positions."""

from __future__ import annotations

import inspect
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import shared_path
from validator.core import pointer as jp
from validator.core.context import Context
from validator.core.findings import Finding, Severity
from validator.readers import Document, ReadError, iter_paths, read_path, read_text
from validator.readers.detect import detect_kind
from validator.readers.locate import json_index

DATA = Path(__file__).parents[1] / "data" / "readers"


def read(path: Path | str, **kwargs) -> list[Document | Finding]:
    return list(read_path(str(path), **kwargs))


def only_doc(path: Path | str, **kwargs) -> Document:
    (doc,) = read(path, **kwargs)
    assert isinstance(doc, Document), doc
    return doc


def at(path: Path, line: int, column: int) -> str:
    """The file's text from a 1-based (line, column) in code points."""
    return path.read_text(encoding="utf-8").splitlines()[line - 1][column - 1 :]


# --- JSON payload files and positions ----------------------------------------------------


def test_json_request_positions_count_code_points_after_unicode():
    path = DATA / "request.json"
    doc = only_doc(path)
    assert doc.kind == "request" and doc.file == str(path) and doc.record is None
    line, column = doc.locate(None, "/messages/0/content/0/cache_control/type")
    assert line == 5 and at(path, line, column).startswith('"ephemeral"')
    prefix = path.read_text(encoding="utf-8").splitlines()[4][: column - 1]
    assert "😀" in prefix and len(prefix.encode()) > len(prefix)  # bytes would give another col
    assert at(path, *doc.locate(None, "/messages/0/content/0/text")).startswith('"héllo')
    assert doc.locate(None, "/thinking/budget_tokens") == (8, 52)
    assert at(path, 8, 52).startswith("4096")


def test_missing_member_is_placed_on_the_object_that_lacks_it():
    doc = only_doc(DATA / "request.json")
    assert doc.locate(None, "/messages/1/name") == (6, 5)  # the assistant turn's `{`
    assert doc.locate(None, "/metadata/user_id") == (1, 1)  # the root object
    assert doc.locate(None, "/messages/9") == (4, 15)  # the messages array
    assert doc.locate(None, "") == (1, 1)


def test_json_edge_cases_escapes_tabs_duplicates_big_ints(tmp_path):
    text = (
        '{\n\t"a/b": {"x~y": 1},\n\t"\\u00e9\\/k": [123456789012345678901234567890, 2],'
        '\n\t"dup": 1, "dup": {"v": "\\ud83d\\ude00 \\"q\\""}\n}'
    )
    path = tmp_path / "edge.json"
    path.write_text(text, encoding="utf-8")
    duplicate, doc = read(path)  # a repeated key is a finding (at the second), then the doc
    assert isinstance(doc, Document) and duplicate.rule == "syntax/duplicate-key"
    assert (duplicate.line, duplicate.column) == (4, 12)
    assert doc.value["é/k"][1] == 2
    assert doc.locate(None, "/a~1b/x~0y") == (2, 17)
    assert doc.locate(None, "/é~1k/1") == (3, 48)
    assert doc.locate(None, "/dup/v") == (4, 25)  # the last duplicate, as the parser keeps
    assert at(path, 4, 25).startswith('"\\ud83d')


@settings(max_examples=150, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=6),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.text('a/~é😀\\"\n ', max_size=4), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    indent=st.sampled_from([None, 1, "\t"]),
    ascii_only=st.booleans(),
)
def test_every_pointer_lands_on_its_value(value, indent, ascii_only):
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    decoder = json.JSONDecoder()
    for pointer in _pointers(value):
        index = json_index(text, jp.decode(pointer))
        assert decoder.raw_decode(text, index)[0] == jp.resolve(value, pointer)


def _pointers(value, base=""):
    yield base
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            yield from _pointers(child, jp.join(base, key))


def test_invalid_json_is_a_finding_with_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "model": "é",\n  "max_tokens": ,\n}\n', encoding="utf-8")
    (finding,) = read(path)
    assert isinstance(finding, Finding)
    assert (finding.rule, finding.severity) == ("syntax/invalid-json", Severity.ERROR)
    assert (finding.line, finding.column, finding.file) == (3, 17, str(path))
    assert "expected a JSON value" in finding.message


@pytest.mark.parametrize(
    ("data", "words", "where"),
    [
        (b"", "empty", (1, 1)),
        (b"   \n", "empty", (1, 1)),
        (b'{"a": "\x00"}', "binary", (1, 8)),
        (b'{\n "a": "\xc3\xa9\xff"}', "0xff", (2, 9)),
        (b"\xff\xfe{\x00}\x00", "UTF-16", (1, 1)),
    ],
)
def test_bad_bytes_are_findings_not_tracebacks(tmp_path, data, words, where):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    (finding,) = read(path)
    assert finding.rule == "syntax/invalid-json" and words in finding.message
    assert (finding.line, finding.column) == where


def test_utf8_bom_is_accepted_and_not_counted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"type": "error", "error": {"type": "x", "message": "m"}}')
    doc = only_doc(path)
    assert doc.kind == "error" and doc.locate(None, "/error") == (1, 28)


def test_unreadable_paths_raise_read_error(tmp_path):
    with pytest.raises(ReadError, match="no such file") as info:
        read(tmp_path / "nope.json")
    assert str(tmp_path / "nope.json") in str(info.value)
    with pytest.raises(ReadError, match="directory"):
        read(tmp_path)


# --- YAML --------------------------------------------------------------------------------


def test_yaml_positions_and_json_values():
    path = DATA / "request.yaml"
    doc = only_doc(path)
    assert doc.kind == "request"
    assert doc.value["messages"][1]["extra"] == "2024-01-01"  # a string, not a date
    assert at(path, *doc.locate(None, "/messages/0/content/0/text")).startswith('"héllo')
    assert at(path, *doc.locate(None, "/messages/1/content")).startswith('"Bonjour 😀"')
    assert doc.locate(None, "/messages/1/extra") == (9, 52)  # code points after the emoji
    assert at(path, 9, 52).startswith("2024-01-01")
    assert at(path, *doc.locate(None, "/messages/1/name")).startswith("{role")
    assert doc.locate(None, "/nope") == (2, 1)


def test_yaml_syntax_error_and_unknown_tags(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("model: x\nmessages: [1, 2\nmax_tokens: 3\n", encoding="utf-8")
    (finding,) = read(broken)
    assert finding.rule == "syntax/invalid-yaml" and finding.line == 3
    assert finding.message.startswith("invalid YAML: ")
    tagged = tmp_path / "cfn.yaml"
    tagged.write_text("Resources: !Ref Thing\n", encoding="utf-8")
    assert read(tagged, hook_mode=True) == []
    assert read(tagged)[0].rule == "syntax/invalid-yaml"


def test_yaml_documents_are_records_and_empty_is_unknown(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text("type: error\nerror: {}\n---\nmessages: []\nmodel: m\n", encoding="utf-8")
    docs = read(path)
    assert [(d.kind, d.record) for d in docs] == [("error", 1), ("request", 2)]
    assert docs[1].locate(None, "/model") == (5, 8)
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert [d.kind for d in read(empty)] == ["unknown"]
    assert read(empty, hook_mode=True) == []


def test_yaml_alias_bomb_is_refused(tmp_path):
    rows = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for prev, name in zip("abcdefghijkl", "bcdefghijklm", strict=True):  # 9 ** 12 leaves
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (finding,) = read(path)
    assert finding.rule == "input/too-large" and "aliases" in finding.message
    small = tmp_path / "anchors.yaml"
    small.write_text("type: error\nerror: &e {type: x, message: m}\nother: *e\n", encoding="utf-8")
    assert only_doc(small).kind == "error"


# --- kind detection -----------------------------------------------------------------------

REQ = {"model": "m", "messages": []}


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ({**REQ, "max_tokens": 5}, "request"),
        (REQ, "request"),
        ({"type": "message", "content": []}, "response"),
        ({"type": "error", "error": {}}, "error"),
        ({"requests": [{"custom_id": "a", "params": REQ}]}, "batch-create"),
        ({"custom_id": "a", "params": REQ}, "batch-line"),
        ({"custom_id": "a", "result": {"type": "errored"}}, "batch-result"),
        ({"type": "message_batch", "id": "b"}, "batch"),
        ({"input_tokens": 12}, "count-tokens-response"),
        ({"type": "content_block_stop", "index": 0}, "stream-event"),
        ([{"type": "message_start"}, {"type": "message_stop"}], "stream"),
        ({"request": REQ, "response": None}, "exchange"),
        ([1, 2], "unknown"),
        ({"name": "pkg", "version": "1"}, "unknown"),
        ("text", "unknown"),
    ],
)
def test_detect_kind(value, kind):
    assert detect_kind(value) == kind


def test_count_tokens_by_hint_filename_or_context(tmp_path):
    assert only_doc(DATA / "count_tokens.json").kind == "count-tokens"
    body = tmp_path / "body.json"
    body.write_text((DATA / "count_tokens.json").read_text(), encoding="utf-8")
    assert only_doc(body).kind == "request"
    assert only_doc(body, kind="count-tokens").kind == "count-tokens"
    assert only_doc(body, kind="auto").kind == "request"
    ctx = Context(endpoint="count_tokens")
    assert only_doc(body, context=ctx).kind == "count-tokens"
    with_max = tmp_path / "count_tokens_with_max.json"
    with_max.write_text(json.dumps({**REQ, "max_tokens": 5}), encoding="utf-8")
    assert only_doc(with_max).kind == "request"


def test_not_a_payload_is_unknown_and_skipped_in_hook_mode(tmp_path):
    path = tmp_path / "package.json"
    path.write_text('{"name": "x"}', encoding="utf-8")
    assert only_doc(path).kind == "unknown"
    assert read(path, hook_mode=True) == []


# --- JSONL --------------------------------------------------------------------------------


def test_jsonl_records_kinds_and_syntax_errors():
    items = read(DATA / "mixed.jsonl")
    got = [(i.kind, i.record) if isinstance(i, Document) else (i.rule, i.line) for i in items]
    assert got == [
        ("exchange", 1),
        ("batch-line", 3),
        ("batch-result", 4),
        ("request", 5),
        ("syntax/invalid-json", 6),
        ("unknown", 7),
    ]
    assert items[4].column == 46 and items[4].record == 6
    assert [i.kind for i in read(DATA / "mixed.jsonl", hook_mode=True) if hasattr(i, "kind")] == [
        "exchange",
        "batch-line",
        "batch-result",
        "request",
    ]


def test_jsonl_exchange_value_context_and_positions():
    path = DATA / "mixed.jsonl"
    doc = read(path)[0]
    value = doc.value
    assert set(value) == {"request", "response", "stream", "request_headers", "status"}
    assert [e["type"] for e in value["stream"]] == ["message_start", "message_stop"]
    assert doc.meta["events"] == ["message_start", "message_stop"]
    assert doc.context.api_version == "2023-06-01" and doc.context.beta_endpoint
    assert doc.context.recorded_at.startswith("Mon, 01 Dec 2025")
    line, column = doc.locate("request", "/max_tokens")
    assert line == 1 and at(path, line, column).startswith("64")
    assert at(path, *doc.locate("stream", "/0/message/id")).startswith('"event: message_start')
    assert at(path, *doc.locate("headers", "/anthropic-beta")).startswith('"context-1m')
    assert at(path, *doc.locate(None, "/request/stream")).startswith("true")
    assert at(path, *doc.locate("headers", "/Anthropic-Version")).startswith('"2023-06-01"')


def test_jsonl_columns_count_code_points():
    path = DATA / "mixed.jsonl"
    doc = next(i for i in read(path) if getattr(i, "record", None) == 5)
    line, column = doc.locate(None, "/max_tokens")
    assert line == 5 and column == 32 and at(path, line, column).startswith("-1")


def test_json_file_holding_one_exchange_and_forced_kinds(tmp_path):
    record = (DATA / "mixed.jsonl").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(json.loads(record), indent=2), encoding="utf-8")
    doc = only_doc(path, kind="request")  # a recorded pair stays one under --kind
    assert doc.kind == "exchange" and doc.record is None
    assert at(path, *doc.locate("request", "/max_tokens")).startswith("64")
    events = tmp_path / "events.json"
    events.write_text('[{"type": "ping"}, {"type": "message_stop"}]', encoding="utf-8")
    stream = only_doc(events)
    assert stream.kind == "stream" and stream.locate(None, "/1/type") == (1, 29)


def test_large_jsonl_streams_lazily_with_bounded_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"custom_id": "x" * 40, "params": {**REQ, "max_tokens": 5}}) + "\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(line for _ in range(50_000))
    items = read_path(str(path))
    assert inspect.isgenerator(items)
    assert next(items).record == 1
    tracemalloc.start()
    count = 1 + sum(1 for _ in items)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 50_000
    assert peak < path.stat().st_size / 10  # far less than the file: never held whole


# --- SSE ----------------------------------------------------------------------------------


def test_sse_file_is_one_stream_with_names_positions_and_a_bad_line():
    path = DATA / "stream.sse"
    finding, doc = read(path)
    assert finding.rule == "syntax/invalid-json" and finding.line == 14
    assert at(path, finding.line, finding.column).startswith("oops")
    assert doc.kind == "stream" and len(doc.value) == 7
    assert doc.meta["events"][:3] == ["message_start", "ping", "content_block_start"]
    assert [e["type"] for e in doc.value] == [n for n in doc.meta["events"]]
    assert doc.locate(None, "/3/delta/text") == (11, 90)  # `data:` without a space
    assert at(path, 11, 90).startswith('"Hé"')
    assert at(path, *doc.locate(None, "/0/message/usage")).startswith('{"input_tokens"')
    assert doc.locate(None, "/1/nope") == (5, 7)


def test_sse_on_stdin_is_sniffed(monkeypatch):
    text = (DATA / "stream.sse").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    items = read("-")
    assert items[-1].kind == "stream" and items[-1].file == "<stdin>"
    assert [d.kind for d in read_text('{"type": "message_stop"}')] == ["stream-event"]


def test_stdin_json_and_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"input_tokens": 3}')))
    assert [d.kind for d in read("-")] == ["count-tokens-response"]
    lines = (DATA / "mixed.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    assert len(read("-")) == 6


# --- HAR ----------------------------------------------------------------------------------


def test_har_entries_to_exchanges_with_positions_in_the_har():
    path = DATA / "traffic.har"
    items = read(path)
    got = [(i.kind, i.record) if isinstance(i, Document) else (i.rule, i.record) for i in items]
    assert got == [
        ("exchange", 2),
        ("exchange", 3),
        ("syntax/invalid-json", 4),
        ("exchange", 4),
    ]
    first, streamed, syntax = items[0], items[1], items[2]
    assert first.value["response"]["type"] == "message" and first.value["status"] == 200
    assert first.context.header("anthropic-version") == "2023-06-01"
    assert at(path, *first.locate("request", "/max_tokens")).startswith('"{\\"model')
    assert at(path, *first.locate("headers", "/x-api-key")).startswith('"REDACTED"')
    assert at(path, *first.locate("response", "/usage")).startswith('"{\\"id')
    assert [e["type"] for e in streamed.value["stream"]] == ["message_start", "message_stop"]
    assert streamed.meta["events"] == ["message_start", "message_stop"]
    assert syntax.part == "request"
    assert at(path, syntax.line, syntax.column).startswith('"{\\"model\\": oops')
    assert items[3].context.endpoint == "count_tokens"


def test_har_without_messages_entries_is_unknown(tmp_path):
    path = tmp_path / "other.har"
    path.write_text(json.dumps({"log": {"entries": []}}), encoding="utf-8")
    assert [d.kind for d in read(path)] == ["unknown"]
    assert read(path, hook_mode=True) == []


# --- the real corpus ---------------------------------------------------------------------


def test_corpus_reads_as_476_exchanges():
    items = read(shared_path("corpus", "real-traffic.jsonl"))
    assert all(isinstance(i, Document) and i.kind == "exchange" for i in items)
    assert len(items) == 476 and items[-1].record == 476
    streamed = [d for d in items if d.value["stream"]]
    assert len(streamed) == 40
    assert all(d.meta["events"][0] == "message_start" for d in streamed)
    assert sum(d.context.beta_endpoint for d in items) > 100


# --- directory walking ---------------------------------------------------------------------


def test_iter_paths_walks_sorted_and_skips(tmp_path):
    for name in [
        "b.json",
        "a.yaml",
        "sub/c.jsonl",
        "sub/d.txt",
        "sub/e.sse",
        "f.har",
        "g.ndjson",
        ".hidden/x.json",
        "node_modules/y.json",
        ".venv/z.json",
        ".git/w.json",
        "skip/s.json",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([tmp_path], ["skip/*"])]
    assert found == ["a.yaml", "b.json", "f.har", "g.ndjson", "sub/c.jsonl", "sub/e.sse"]
    assert list(iter_paths([tmp_path / "sub" / "d.txt"])) == [tmp_path / "sub" / "d.txt"]
    assert [p.name for p in iter_paths([tmp_path], ["sub", "*.har"])] == [
        "a.yaml",
        "b.json",
        "g.ndjson",
        "s.json",
    ]
