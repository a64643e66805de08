"""`Document` answers what depends on its reader's layout: where a finding is reported
(`place`: record and pointer) and which value it is about (`value_at`); the engine asks it."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import validator.readers as readers
from validator import engine
from validator.core.findings import Finding, Severity
from validator.readers import Document, read_text
from validator.readers.document import PART_KEYS

EXCHANGE = {
    "request": {"model": "m", "messages": [{"role": "user", "content": "hi"}]},
    "response": {"content": [{"type": "text", "text": "yo"}]},
    "stream": [{"type": "message_start"}, {"type": "ping"}],
    "request_headers": {"Anthropic-Version": "2023-06-01", "X-Api-Key": "k"},
    "status": 200,
}


def test_the_package_reexports_the_document_of_readers_document() -> None:
    assert readers.Document is Document
    assert Document.__module__ == "validator.readers.document"


@pytest.mark.parametrize(
    ("pointer", "placed"),
    [
        ("/0/type", (1, "/type")),
        ("/2", (3, "")),
        ("/10/delta/text", (11, "/delta/text")),
        ("", (None, "")),  # the stream as a whole: no event to name
        ("/x/type", (None, "/x/type")),  # not an event index: left as it is
    ],
)
def test_an_sse_file_places_a_finding_on_its_event(pointer: str, placed: tuple) -> None:
    assert Document("stream", []).place(None, pointer) == placed


@pytest.mark.parametrize("kind", ["request", "response", "exchange", "stream-event"])
def test_other_documents_keep_their_record_and_pointer(kind: str) -> None:
    assert Document(kind, {}, record=7).place("request", "/0/type") == (7, "/0/type")


def test_a_stream_with_a_record_keeps_it_and_points_at_the_event() -> None:
    """A stream inside a JSONL line: the record is the line, the pointer names the event."""
    assert Document("stream", [], record=4).place(None, "/3/index") == (4, "/3/index")


@given(st.integers(min_value=0, max_value=10**6), st.lists(st.text(), max_size=4))
def test_placing_an_event_pointer_loses_nothing(index: int, tokens: list[str]) -> None:
    from validator.core import pointer as jp

    assume(tokens != [""])  # `/0/` (the event's member named "") is placed as "" today
    pointer = jp.encode([index, *tokens])
    record, inside = Document("stream", []).place(None, pointer)
    assert record == index + 1
    assert f"/{record - 1}{inside}" == pointer


@pytest.mark.parametrize(
    ("part", "pointer", "value"),
    [
        ("request", "/model", "m"),
        ("request", "/messages/0/content", "hi"),
        ("response", "/content/0/text", "yo"),
        ("stream", "/1/type", "ping"),
        ("headers", "/anthropic-version", "2023-06-01"),  # header names ignore case
        ("headers", "/ANTHROPIC-VERSION", "2023-06-01"),
        ("headers", "", None),
        ("headers", "/missing", None),
        ("request", "/nothing/here", None),
        ("request", "not-a-pointer", None),
        (None, "/status", 200),
    ],
)
def test_value_at_resolves_inside_the_exchange_part(part, pointer, value) -> None:
    assert Document("exchange", EXCHANGE).value_at(part, pointer) == value


def test_headers_live_under_request_headers() -> None:
    assert PART_KEYS == {"headers": "request_headers"}
    doc = Document("exchange", {"request_headers": None})
    assert doc.value_at("headers", "/x") is None


def test_a_payload_document_resolves_from_its_root() -> None:
    doc = Document("request", EXCHANGE["request"])
    assert doc.value_at(None, "/messages/0/role") == "user"
    assert doc.value_at("request", "/model") == "m"  # the part names nothing to descend into
    assert Document("request", [1, 2]).value_at(None, "/5") is None


def test_the_engine_places_findings_through_the_document() -> None:
    """`check_document` reports what `place` and `value_at` say, and nothing of its own."""

    class Marked(Document):
        def place(self, part, pointer):
            return 99, "/placed"

        def value_at(self, part, pointer):
            return "the value"

    (doc,) = read_text('{"model": "m", "max_tokens": -1, "messages": []}', "x.json")
    marked = Marked(doc.kind, doc.value, file=doc.file, context=doc.context, locate=doc.locate)
    found = [f for f in engine.check_document(marked) if f.rule == "schema/minimum"]
    assert found and all(f.record == 99 and f.pointer == "/placed" for f in found)
    plain = [f for f in engine.check_document(doc) if f.rule == "schema/minimum"]
    assert plain[0].fingerprint != found[0].fingerprint  # the value is part of the fingerprint
    finding = Finding("r", Severity.ERROR, "m", pointer="/max_tokens")
    assert engine._offending(doc, finding) == -1
