"""nock recordings and HTTP exchange files: recognised by content, one record per interaction."""

from __future__ import annotations

import json
from pathlib import Path

from payloads import GOOD_REQUEST

from validator.readers import Document, read_path, read_text
from validator.run.runner import check_paths

NOCK = Path(__file__).parents[1] / "data" / "cassettes" / "nock.json"


def test_nock_records_uri_status_and_date() -> None:
    docs = [d for d in read_path(str(NOCK)) if isinstance(d, Document)]
    assert [d.record for d in docs] == [1, 3]  # item 2 is another host
    first = docs[0]
    assert first.context.uri == "https://api.anthropic.com:443/v1/messages?beta=true"
    assert first.context.beta_endpoint
    assert first.context.recorded_at == "Tue, 18 Nov 2025 10:00:00 GMT"
    assert first.value["status"] == 200 and first.value["response"]["id"] == "msg_1"


def test_nock_finding_sits_on_the_offending_value() -> None:
    report = check_paths([str(NOCK)], hook_mode=True)
    assert [(f.record, f.part, f.pointer, f.line) for f in report.errors] == [
        (3, "request", "/top_p", 23)
    ]


def test_nock_sse_response_as_chunks() -> None:
    events = [
        {"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant",
         "model": "claude-sonnet-4-6", "content": [], "stop_reason": None,
         "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}},
        {"type": "message_stop"},
    ]  # fmt: skip
    chunks = [f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events]
    item = {
        "scope": "https://api.anthropic.com:443",
        "method": "POST",
        "path": "/v1/messages",
        "body": {**GOOD_REQUEST, "stream": True},
        "status": 200,
        "response": chunks,
    }
    [doc] = [d for d in read_text(json.dumps([item]), "rec.json") if isinstance(d, Document)]
    assert [e["type"] for e in doc.value["stream"]] == ["message_start", "message_stop"]


def test_http_exchange_file() -> None:
    exchange = {
        "request": {
            "method": "POST",
            "url": "https://api.anthropic.com/v1/messages",
            "headers": {"anthropic-version": "2023-06-01"},
            "body": json.dumps({**GOOD_REQUEST, "max_tokens": -5}),
        },
        "response": {"status": {"code": 400, "message": "Bad"}, "headers": {}, "body": ""},
    }
    items = list(read_text(json.dumps(exchange, indent=2), "fixture.json"))
    [doc] = [d for d in items if isinstance(d, Document)]
    assert doc.record == 1 and doc.value["status"] == 400
    assert doc.value["request"]["max_tokens"] == -5
    assert doc.context.header("anthropic-version") == "2023-06-01"


def test_corpus_style_exchange_json_is_not_taken_for_an_http_file() -> None:
    record = {
        "request": GOOD_REQUEST,
        "status": 200,
        "uri": "https://api.anthropic.com/v1/messages",
    }
    [doc] = [d for d in read_text(json.dumps(record), "x.json") if isinstance(d, Document)]
    assert doc.value["request"] == GOOD_REQUEST
