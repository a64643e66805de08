"""Stream rules: the SSE state machine of reference §7.3, one broken stream per rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from payloads import GOOD_RESPONSE

from validator import engine
from validator.readers.sse import parse_text
from validator.rules.stream_walk import walk

START = {
    "type": "message_start",
    "message": {
        **GOOD_RESPONSE,
        "model": "claude-haiku-4-5",
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": 10, "output_tokens": 1},
    },
}
TEXT_START = {
    "type": "content_block_start",
    "index": 0,
    "content_block": {"type": "text", "text": ""},
}
TEXT_DELTA = {
    "type": "content_block_delta",
    "index": 0,
    "delta": {"type": "text_delta", "text": "Hi"},
}
STOP0 = {"type": "content_block_stop", "index": 0}
DELTA = {
    "type": "message_delta",
    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
    "usage": {"output_tokens": 5},
}
END = {"type": "message_stop"}
PING = {"type": "ping"}
ERROR = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}


def block(index: int, kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "content_block_start",
        "index": index,
        "content_block": {"type": kind, **fields},
    }


def delta(index: int, kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": {"type": kind, **fields}}


def stop(index: int) -> dict[str, Any]:
    return {"type": "content_block_stop", "index": index}


GOOD = [START, PING, TEXT_START, TEXT_DELTA, STOP0, PING, DELTA, END, PING]


def found(events: list[Any], names: list[Any] | None = None) -> list[tuple[str, str]]:
    meta = {"events": names} if names is not None else None
    findings = engine.check_value("stream", copy.deepcopy(events), meta=meta)
    return [(f.rule, f.pointer) for f in findings]


def test_a_good_stream_is_clean() -> None:
    assert found(GOOD) == []
    assert found(GOOD, [e["type"] for e in GOOD]) == []


def test_a_full_stream_with_every_block_kind_is_clean() -> None:
    events = [
        START,
        block(0, "thinking", thinking="", signature=""),
        delta(0, "thinking_delta", thinking="Let me see."),
        delta(0, "signature_delta", signature="EqQBCkgIAxABGAIiQL"),
        stop(0),
        block(1, "redacted_thinking", data="EmwKAhgB"),
        stop(1),
        block(2, "text", text=""),
        delta(2, "text_delta", text="Calling a tool."),
        stop(2),
        block(3, "tool_use", id="toolu_1", name="get_weather", input={}),
        delta(3, "input_json_delta", partial_json=""),
        delta(3, "input_json_delta", partial_json='{"city": "Pa'),
        delta(3, "input_json_delta", partial_json='ris"}'),
        stop(3),
        block(4, "tool_use", id="toolu_2", name="get_time", input={}),
        stop(4),  # no delta at all: an empty input
        {
            "type": "message_delta",
            "delta": {"stop_reason": "tool_use", "stop_sequence": None},
            "usage": {"output_tokens": 40},
        },
        END,
    ]
    assert found(events) == []


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        (
            [TEXT_START, TEXT_DELTA, STOP0, DELTA, END],
            ("stream/first-event-not-message-start", "/0"),
        ),
        ([START, START, TEXT_START, STOP0, DELTA, END], ("stream/event-out-of-order", "/1")),
        ([START, DELTA, TEXT_START, STOP0, END], ("stream/event-out-of-order", "/2")),
        (
            [START, block(1, "text", text=""), stop(1), DELTA, END],
            ("stream/block-index-out-of-order", "/1/index"),
        ),
        (
            [START, TEXT_START, block(1, "text", text=""), stop(1), STOP0, DELTA, END],
            ("stream/block-start-while-open", "/2"),
        ),
        (
            [START, TEXT_DELTA, TEXT_START, STOP0, DELTA, END],
            ("stream/delta-before-block-start", "/1/index"),
        ),
        (
            [START, TEXT_START, STOP0, STOP0, DELTA, END],
            ("stream/block-stop-without-start", "/3/index"),
        ),
        (
            [START, TEXT_START, delta(0, "thinking_delta", thinking="x"), STOP0, DELTA, END],
            ("stream/delta-type-mismatch", "/2/delta/type"),
        ),
        ([START, TEXT_START, DELTA, STOP0, END], ("stream/message-delta-with-open-block", "/2")),
        (
            [START, TEXT_START, STOP0, DELTA, END, TEXT_DELTA],
            ("stream/event-after-message-stop", "/5"),
        ),
        ([START, TEXT_START, ERROR, TEXT_DELTA], ("stream/event-after-error", "/3")),
        ([START, TEXT_START, STOP0, DELTA], ("stream/missing-message-stop", "/3")),
        ([START, TEXT_START, STOP0, END], ("stream/final-stop-reason-missing", "/3")),
        (
            [
                START,
                TEXT_START,
                STOP0,
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": None, "stop_sequence": None},
                    "usage": {"output_tokens": 1},
                },
                END,
            ],
            ("stream/final-stop-reason-missing", "/3/delta/stop_reason"),
        ),
        (
            [
                START,
                block(0, "tool_use", id="toolu_1", name="f", input={}),
                delta(0, "input_json_delta", partial_json="[1, 2]"),
                STOP0,
                DELTA,
                END,
            ],
            ("stream/tool-input-json-invalid", "/3"),
        ),
        (
            [
                START,
                block(0, "thinking", thinking="", signature=""),
                delta(0, "signature_delta", signature="abc"),
                delta(0, "thinking_delta", thinking="x"),
                STOP0,
                DELTA,
                END,
            ],
            ("stream/signature-delta-misplaced", "/3"),
        ),
    ],
)
def test_each_broken_stream_yields_its_rule(events: list[Any], expected: tuple[str, str]) -> None:
    assert expected in found(events)
    assert {rule for rule, _ in found(events)} == {expected[0]}


def test_stop_reason_in_message_start() -> None:
    start = copy.deepcopy(START)
    start["message"]["stop_reason"] = "end_turn"
    assert found([start, TEXT_START, STOP0, DELTA, END]) == [
        ("stream/stop-reason-in-message-start", "/0/message/stop_reason")
    ]


def test_thinking_signature_rules() -> None:
    thinking = block(0, "thinking", thinking="", signature="")
    no_signature = [START, thinking, delta(0, "thinking_delta", thinking="x"), STOP0, DELTA, END]
    assert found(no_signature) == [("stream/signature-delta-misplaced", "/3")]
    two = [
        START,
        thinking,
        delta(0, "signature_delta", signature="a"),
        delta(0, "signature_delta", signature="b"),
        STOP0,
        DELTA,
        END,
    ]
    assert ("stream/signature-delta-misplaced", "/4") in found(two)
    omitted = [START, thinking, delta(0, "signature_delta", signature="a"), STOP0, DELTA, END]
    assert found(omitted) == []  # display: omitted sends no thinking_delta
    complete = [START, block(0, "thinking", thinking="x", signature="sig"), STOP0, DELTA, END]
    assert found(complete) == []


def test_unknown_events_blocks_and_deltas_are_ignored() -> None:
    events = [
        START,
        {"type": "future_event", "x": 1},
        block(0, "compaction", content=None),
        delta(0, "compaction_delta", content="summary"),
        STOP0,
        DELTA,
        END,
    ]
    assert [r for r, _ in found(events) if r.startswith("stream/")] == []


def test_pings_and_an_error_may_end_a_stream() -> None:
    assert found([PING, START, TEXT_START, ERROR, PING]) == []


def test_event_names_must_match_types() -> None:
    names = [e["type"] for e in GOOD]
    names[3] = "content_block_stop"
    assert found(GOOD, names) == [("stream/event-name-mismatch", "/3/type")]
    assert found(GOOD, names[:-1]) == []  # names that do not line up are not used


def test_sse_text_through_the_reader() -> None:
    text = (
        'event: message_start\ndata: {"type":"message_start","message":{"id":"m",'
        '"type":"message","role":"assistant","model":"claude-haiku-4-5",'
        '"content":[],"stop_reason":null,"stop_sequence":null,'
        '"usage":{"input_tokens":1,"output_tokens":1}}}\n\n'
        'event: ping\ndata: {"type":"ping"}\n\n'
        'event: message_delta\ndata: {"type":"message_stop"}\n\n'
    )
    parsed = parse_text(text)
    rules = [r for r, _ in found(parsed.events, parsed.names)]
    assert "stream/event-name-mismatch" in rules
    assert "stream/final-stop-reason-missing" in rules


EVENTS = st.sampled_from(
    [
        START,
        PING,
        TEXT_START,
        TEXT_DELTA,
        STOP0,
        DELTA,
        END,
        ERROR,
        block(1, "tool_use", id="t", name="f", input={}),
        delta(1, "input_json_delta", partial_json="{"),
        stop(1),
        {"type": "content_block_delta"},
        {"type": 3},
        None,
        [],
    ]
)


@given(st.lists(EVENTS, max_size=20))
def test_any_sequence_is_walked_without_error(events: list[Any]) -> None:
    problems = walk(events, [None] * len(events))
    for _, hit in problems:
        assert hit.pointer.startswith("/")
        index = int(hit.pointer.split("/")[1])
        assert 0 <= index < len(events)


@given(st.lists(st.sampled_from([PING]), max_size=3), st.lists(st.sampled_from([PING]), max_size=3))
def test_pings_anywhere_change_nothing(before: list[Any], after: list[Any]) -> None:
    assert found(before + GOOD + after) == []


def test_a_list_changed_in_place_is_walked_again() -> None:
    events = copy.deepcopy(GOOD)
    assert engine.check_value("stream", events) == []
    events.pop()  # the trailing ping
    events.pop()  # message_stop
    rules = [f.rule for f in engine.check_value("stream", events)]
    assert rules == ["stream/missing-message-stop"]


def test_server_tool_results_take_no_delta() -> None:
    result = block(0, "web_search_tool_result", tool_use_id="srvtoolu_1", content=[])
    events = [START, result, delta(0, "text_delta", text="x"), STOP0, DELTA, END]
    assert found(events) == [("stream/delta-type-mismatch", "/2/delta/type")]
    assert found([START, result, STOP0, DELTA, END]) == []
