"""Rules narrowed so that what the API accepted (a 200 on real traffic) is no error.

Each test fails on 0.1.0: the cache split on server-tool turns, allowed_callers without the
code execution tool, and the checks the API enforces only since some day (media type, tool
pairing), judged by the recording date. Also the new exchange rule on `tool_choice: none`.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from validator import check, check_exchange

JPEG = base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)).decode()


def _usage(**extra: Any) -> dict[str, Any]:
    return {
        "input_tokens": 10,
        "output_tokens": 5,
        "cache_creation_input_tokens": 4096,
        "cache_creation": {"ephemeral_5m_input_tokens": 1024, "ephemeral_1h_input_tokens": 0},
        **extra,
    }


def _message(content: list[dict[str, Any]], usage: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "msg_01",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-4-5",
        "content": content,
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": usage,
    }


def _rules(report: Any) -> dict[str, str]:
    return {f.rule: f.severity.value for f in report}


def test_cache_split_is_still_checked_on_a_plain_turn() -> None:
    message = _message([{"type": "text", "text": "Hi"}], _usage())
    assert _rules(check(message, "response"))["response/cache-creation-mismatch"] == "error"


def test_cache_split_is_not_checked_on_a_server_tool_turn() -> None:
    counts = _usage(server_tool_use={"web_search_requests": 1})
    blocks = [
        {"type": "server_tool_use", "id": "srvtoolu_01", "name": "web_search", "input": {}},
        {"type": "text", "text": "Found it"},
    ]
    for message in (
        _message([{"type": "text", "text": "Hi"}], counts),
        _message(blocks, _usage()),
    ):
        assert "response/cache-creation-mismatch" not in _rules(check(message, "response"))


def _request(**extra: Any) -> dict[str, Any]:
    return {
        "model": "claude-haiku-4-5",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": "Weather?"}],
        **extra,
    }


def test_allowed_callers_without_the_code_execution_tool_is_information() -> None:
    tool = {
        "name": "get_weather",
        "input_schema": {"type": "object"},
        "allowed_callers": ["code_execution_20250825"],
    }
    rules = _rules(check(_request(tools=[tool])))
    assert rules["tools/allowed-callers-without-code-execution"] == "info"


def _image_request() -> dict[str, Any]:
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": JPEG}}
    content = [image, {"type": "text", "text": "What is this?"}]
    return _request(messages=[{"role": "user", "content": content}])


@pytest.mark.parametrize(
    ("recorded", "severity"),
    [
        (None, "error"),
        ("2025-11-21", "error"),
        ("2024-03-01", "warning"),
        ("Tue, 05 Aug 2025 10:00:00 GMT", "warning"),
    ],
)
def test_media_type_mismatch_is_judged_by_the_recording_date(
    recorded: str | None, severity: str
) -> None:
    context = {"recorded_at": recorded} if recorded else None
    found = [
        f for f in check(_image_request(), context=context) if f.rule == "media/media-type-mismatch"
    ]
    assert [f.severity.value for f in found] == [severity]
    assert ("accepted then" in found[0].message) == (severity == "warning")


def _unpaired() -> dict[str, Any]:
    return _request(
        tools=[{"name": "f", "input_schema": {"type": "object"}}],
        messages=[
            {"role": "user", "content": "go"},
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": "toolu_01", "name": "f", "input": {}}],
            },
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "toolu_02", "content": "x"}],
            },
        ],
    )


@pytest.mark.parametrize(
    ("recorded", "severity"), [(None, "error"), ("2024-06-12", "warning"), ("2026-01-01", "error")]
)
def test_tool_pairing_is_judged_by_the_recording_date(recorded: str | None, severity: str) -> None:
    context = {"recorded_at": recorded} if recorded else None
    rules = _rules(check(_unpaired(), context=context))
    assert rules["tools/tool-use-without-result"] == severity
    assert rules["tools/tool-result-without-use"] == severity


TOOL_USE = {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {}}


def _choice_none() -> dict[str, Any]:
    tool = {"name": "get_weather", "input_schema": {"type": "object"}}
    return _request(tools=[tool], tool_choice={"type": "none"})


def test_a_tool_use_answering_tool_choice_none_is_an_error() -> None:
    message = {
        **_message([TOOL_USE], {"input_tokens": 1, "output_tokens": 1}),
        "stop_reason": "tool_use",
    }
    found = [
        f
        for f in check_exchange(_choice_none(), message)
        if f.rule == "exchange/tool-use-with-tool-choice-none"
    ]
    assert [(f.severity.value, f.part, f.pointer) for f in found] == [
        ("error", "response", "/content/0")
    ]


def test_a_streamed_tool_use_answering_tool_choice_none_is_an_error() -> None:
    start = _message([], {"input_tokens": 1, "output_tokens": 1})
    events = [
        {"type": "message_start", "message": {**start, "stop_reason": None}},
        {"type": "content_block_start", "index": 0, "content_block": TOOL_USE},
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "tool_use", "stop_sequence": None},
            "usage": {"output_tokens": 3},
        },
        {"type": "message_stop"},
    ]
    request = {**_choice_none(), "stream": True}
    found = [
        f
        for f in check_exchange(request, stream=events)
        if f.rule == "exchange/tool-use-with-tool-choice-none"
    ]
    # On the rebuilt message, the finding points at the event that carried the block.
    assert [(f.part, f.pointer) for f in found] == [("stream", "/1/content_block")]


def test_text_answering_tool_choice_none_is_clean() -> None:
    message = _message([{"type": "text", "text": "Sunny"}], {"input_tokens": 1, "output_tokens": 1})
    assert "exchange/tool-use-with-tool-choice-none" not in _rules(
        check_exchange(_choice_none(), message)
    )
    auto = {**_choice_none(), "tool_choice": {"type": "auto"}}
    used = {
        **_message([TOOL_USE], {"input_tokens": 1, "output_tokens": 1}),
        "stop_reason": "tool_use",
    }
    assert "exchange/tool-use-with-tool-choice-none" not in _rules(check_exchange(auto, used))


def test_output_over_max_tokens_is_not_judged_on_a_code_execution_turn() -> None:
    blocks = [
        {"type": "server_tool_use", "id": "srvtoolu_01", "name": "code_execution", "input": {}},
        {"type": "text", "text": "done"},
    ]
    message = _message(blocks, {"input_tokens": 1, "output_tokens": 5000})
    assert "exchange/output-exceeds-max-tokens" not in _rules(check_exchange(_request(), message))
    plain = _message([{"type": "text", "text": "x"}], {"input_tokens": 1, "output_tokens": 5000})
    assert "exchange/output-exceeds-max-tokens" in _rules(check_exchange(_request(), plain))
