"""The Python API takes what users hold: JSON text and bytes, raw SSE, SDK objects, any JSON."""

from __future__ import annotations

import json
import socket

import pytest
from payloads import GOOD_REQUEST, GOOD_RESPONSE, GOOD_STREAM

from validator import Context, check, check_file, check_request, check_response, check_stream

RESPONSE, EVENTS = GOOD_RESPONSE, GOOD_STREAM


def sse(events: list[dict]) -> str:
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events)


def test_raw_sse_text_and_bytes_are_parsed() -> None:
    assert check_stream(EVENTS).ok
    text = sse(EVENTS)
    assert check_stream(text).findings == []
    assert check_stream(text.encode()).findings == []


def test_raw_sse_is_checked_not_split_into_characters() -> None:
    bad = sse([EVENTS[0], EVENTS[2], *EVENTS[3:]])  # a delta before its block started
    report = check_stream(bad)
    assert report.rules and "schema/type" not in report.rules
    assert any(r.startswith("stream/") for r in report.rules)


def test_json_text_and_bytes_bodies() -> None:
    text = json.dumps(GOOD_REQUEST)
    assert check_request(text).ok and check_request(text.encode()).ok
    bad = json.dumps({**GOOD_REQUEST, "max_tokens": -1})
    assert not check_request(bad).ok
    assert check_response(json.dumps(RESPONSE)).ok


@pytest.mark.parametrize("value", [[1, 2], "just text", 3, 2.5, True, None])
def test_any_json_value_is_a_payload_with_findings(value) -> None:
    report = check_request(value)
    assert not report.ok
    assert report.findings[0].rule.startswith("schema/")


@pytest.mark.parametrize("value", [{1, 2}, socket.socket, object()])
def test_python_objects_that_are_not_json_raise_type_error(value) -> None:
    with pytest.raises(TypeError):
        check_request(value)
    with pytest.raises(TypeError):
        check_request({**GOOD_REQUEST, "metadata": {"user_id": value}})


def test_sdk_message_and_stream_events() -> None:
    from anthropic.types import Message, RawMessageStreamEvent
    from pydantic import TypeAdapter

    message = Message.model_validate(RESPONSE)
    assert check_response(message).findings == []
    adapter = TypeAdapter(RawMessageStreamEvent)
    events = [adapter.validate_python(e) for e in EVENTS if e["type"] != "ping"]
    assert check_stream(events).findings == []
    broken = Message.model_validate({**RESPONSE, "stop_reason": "end_turn"})
    broken.usage.output_tokens = -3
    assert not check_response(broken).ok


def test_sdk_objects_nested_in_a_request() -> None:
    from anthropic.types import Message

    reply = Message.model_validate(RESPONSE)
    request = {
        **GOOD_REQUEST,
        "messages": [
            GOOD_REQUEST["messages"][0],
            {"role": "assistant", "content": reply.content},
            {"role": "user", "content": "More"},
        ],
    }
    assert check_request(request).findings == []


def test_check_request_follows_the_context_uri() -> None:
    body = {"model": "claude-sonnet-4-6", "messages": [{"role": "user", "content": "Hi"}]}
    assert not check_request(body).ok  # a create request needs max_tokens
    ctx = Context(uri="https://api.anthropic.com/v1/messages/count_tokens")
    assert check_request(body, context=ctx).findings == []
    batch = {"requests": [{"custom_id": "a", "params": GOOD_REQUEST}]}
    ctx = Context(uri="https://api.anthropic.com/v1/messages/batches")
    assert check_request(batch, context=ctx).findings == []
    assert check(batch, "batch-create").findings == []


def test_check_file_applies_the_nearest_pyproject(tmp_path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.messages-validator]\nignore = ["schema/"]\n', encoding="utf-8"
    )
    payload = tmp_path / "request.json"
    payload.write_text(json.dumps({**GOOD_REQUEST, "max_tokens": -1}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert check_file(payload).findings == []
    monkeypatch.chdir(tmp_path.parent)
    assert check_file(payload).findings != []
