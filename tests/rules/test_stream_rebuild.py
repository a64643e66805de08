"""Streams rebuilt as the SDK accumulates them, checked against their request, hits on events."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from payloads import GOOD_RESPONSE

from validator import engine
from validator.rules.accumulate import rebuild

START = {
    "type": "message_start",
    "message": {
        **GOOD_RESPONSE,
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": 10, "output_tokens": 1},
    },
}
TOOL = {
    "name": "get_weather",
    "strict": True,
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    },
}
REQUEST = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 50,
    "stream": True,
    "stop_sequences": ["END"],
    "tools": [TOOL],
    "messages": [{"role": "user", "content": "Weather in Paris?"}],
}


def _delta(index: int, delta: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": delta}


def _events(fragments: list[str], stop: str = "tool_use", seq: Any = None, out: int = 20):
    return [
        START,
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "thinking", "thinking": ""},
        },
        _delta(0, {"type": "thinking_delta", "thinking": "Let me "}),
        _delta(0, {"type": "thinking_delta", "thinking": "look."}),
        _delta(0, {"type": "signature_delta", "signature": "sig=="}),
        {"type": "content_block_stop", "index": 0},
        {
            "type": "content_block_start",
            "index": 1,
            "content_block": {"type": "text", "text": "", "citations": None},
        },
        _delta(1, {"type": "text_delta", "text": "Paris "}),
        _delta(
            1,
            {
                "type": "citations_delta",
                "citation": {
                    "type": "char_location",
                    "cited_text": "x",
                    "document_index": 0,
                    "start_char_index": 0,
                    "end_char_index": 1,
                },
            },
        ),
        _delta(1, {"type": "text_delta", "text": "it is."}),
        {"type": "content_block_stop", "index": 1},
        {
            "type": "content_block_start",
            "index": 2,
            "content_block": {
                "type": "tool_use",
                "id": "toolu_1",
                "name": "get_weather",
                "input": {},
            },
        },
        *[_delta(2, {"type": "input_json_delta", "partial_json": f}) for f in fragments],
        {"type": "content_block_stop", "index": 2},
        {
            "type": "message_delta",
            "delta": {"stop_reason": stop, "stop_sequence": seq},
            "usage": {"output_tokens": out},
        },
        {"type": "message_stop"},
    ]


def _exchange(events: list[Any], request: dict[str, Any] = REQUEST) -> list[Any]:
    value = {"request": request, "response": None, "stream": events, "status": 200}
    return engine.check_value("exchange", value)


def _stream_errors(events: list[Any], **kw: Any) -> list[tuple[str, str]]:
    found = _exchange(events, **kw)
    return [
        (f.rule, f.pointer) for f in found if f.part == "stream" and f.rule.startswith("exchange/")
    ]


def test_rebuilt_message_like_the_sdk() -> None:
    message = rebuild(_events(['{"ci', 'ty": "Pa', 'ris"}'])).message
    thinking, text, tool = message["content"]
    assert thinking == {"type": "thinking", "thinking": "Let me look.", "signature": "sig=="}
    assert text["text"] == "Paris it is." and text["citations"][0]["cited_text"] == "x"
    assert tool["input"] == {"city": "Paris"}
    assert message["stop_reason"] == "tool_use"
    assert message["usage"] == {"input_tokens": 10, "output_tokens": 20}


def test_empty_tool_input_is_an_empty_object() -> None:
    message = rebuild(_events([])).message
    assert message["content"][2]["input"] == {}


def test_a_good_stream_is_clean_against_its_request() -> None:
    assert _stream_errors(_events(['{"city": "Paris"}'])) == []


def test_tool_input_against_input_schema_points_at_the_fragment_event() -> None:
    events = _events(['{"city"', ": 7}"])
    assert _stream_errors(events) == [("exchange/tool-input-invalid", "/12/delta/partial_json")]
    assert events[12]["delta"]["partial_json"] == '{"city"'


def test_stop_sequence_and_max_tokens_point_at_message_delta() -> None:
    events = _events(['{"city": "Paris"}'], stop="stop_sequence", seq="###", out=80)
    index = next(i for i, e in enumerate(events) if e["type"] == "message_delta")
    assert sorted(_stream_errors(events)) == [
        ("exchange/output-exceeds-max-tokens", f"/{index}/usage/output_tokens"),
        ("exchange/stop-sequence-not-requested", f"/{index}/delta/stop_sequence"),
    ]
    assert _stream_errors(_events(['{"city": "Paris"}'], stop="stop_sequence", seq="END")) == []


def test_non_strict_tools_are_not_checked() -> None:
    request = {**REQUEST, "tools": [{k: v for k, v in TOOL.items() if k != "strict"}]}
    assert _stream_errors(_events(['{"city": 7}']), request=request) == []


@given(st.lists(st.integers(min_value=0, max_value=12), max_size=6))
def test_any_split_of_the_json_rebuilds_the_same_input(cuts: list[int]) -> None:
    text = json.dumps({"city": "Paris"})
    points = sorted(set(c for c in cuts if c < len(text)))
    pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    assert rebuild(_events([p for p in pieces if p])).message["content"][2]["input"] == {
        "city": "Paris"
    }


@given(st.lists(st.dictionaries(st.sampled_from(["type", "index", "delta"]), st.integers())))
def test_rebuild_never_raises(events: list[Any]) -> None:
    rebuild(events)
