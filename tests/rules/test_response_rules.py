"""Response rules (a `Message` as the API sends it) and exchange cross-checks (request vs
response or stream), through the engine."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from payloads import GOOD_RESPONSE

from validator import check_exchange, engine
from validator.core.findings import Severity
from validator.rules import RuleContext
from validator.rules.payload import final_message

MESSAGE: dict[str, Any] = {
    **GOOD_RESPONSE,
    "model": "claude-haiku-4-5",
    "content": [{"type": "text", "text": "Hi"}],
    "usage": {"input_tokens": 10, "output_tokens": 5},
}
REQUEST: dict[str, Any] = {
    "model": "claude-haiku-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "Hello"}],
}
TOOL = {"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}


def message(**changes: Any) -> dict[str, Any]:
    value = copy.deepcopy(MESSAGE)
    value.update(changes)
    return value


def rules(kind: str, value: Any, family: str) -> list[tuple[str, str]]:
    findings = engine.check_value(kind, value)
    return [(f.rule, f.pointer) for f in findings if f.rule.startswith(family)]


def test_a_plain_message_is_clean() -> None:
    assert engine.check_value("response", message()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"stop_sequence": "END"}, ("response/stop-sequence-mismatch", "/stop_sequence")),
        ({"stop_reason": "stop_sequence"}, ("response/stop-sequence-mismatch", "/stop_sequence")),
        ({"stop_reason": "tool_use"}, ("response/tool-use-stop-without-tool-use", "/stop_reason")),
        ({"stop_reason": None}, ("response/stop-reason-null", "/stop_reason")),
        (
            {
                "usage": {
                    "input_tokens": 1,
                    "output_tokens": 3,
                    "output_tokens_details": {"thinking_tokens": 4},
                }
            },
            (
                "response/thinking-tokens-exceed-output",
                "/usage/output_tokens_details/thinking_tokens",
            ),
        ),
        (
            {
                "usage": {
                    "input_tokens": 1,
                    "output_tokens": 3,
                    "cache_creation_input_tokens": 10,
                    "cache_creation": {
                        "ephemeral_5m_input_tokens": 4,
                        "ephemeral_1h_input_tokens": 5,
                    },
                }
            },
            ("response/cache-creation-mismatch", "/usage/cache_creation"),
        ),
        (
            {"stop_details": {"type": "refusal", "category": "bio", "explanation": None}},
            ("response/stop-details-without-refusal", "/stop_details"),
        ),
    ],
)
def test_each_response_rule(changes: dict[str, Any], expected: tuple[str, str]) -> None:
    assert rules("response", message(**changes), "response/") == [expected]


def test_duplicate_tool_use_ids_point_at_the_second() -> None:
    use = {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}
    value = message(content=[use, {**use, "input": {"city": "Rome"}}], stop_reason="tool_use")
    assert rules("response", value, "response/") == [
        ("response/duplicate-tool-use-id", "/content/1/id")
    ]
    value["content"][1]["id"] = "toolu_2"
    assert rules("response", value, "response/") == []


def test_edge_values_that_are_fine() -> None:
    # thinking_tokens == output_tokens, a refusal with details, empty content with max_tokens 0
    usage = {"input_tokens": 1, "output_tokens": 4, "output_tokens_details": {"thinking_tokens": 4}}
    refusal = {"type": "refusal", "category": None, "explanation": None}
    for value in (
        message(usage=usage),
        message(stop_reason="refusal", stop_details=refusal, content=[]),
        message(stop_reason="max_tokens", content=[]),
        message(stop_reason="stop_sequence", stop_sequence="END"),
    ):
        assert rules("response", value, "response/") == []


def test_batch_results_run_response_rules_under_the_message() -> None:
    line = {"custom_id": "a", "result": {"type": "succeeded", "message": message(stop_reason=None)}}
    assert ("response/stop-reason-null", "/result/message/stop_reason") in rules(
        "batch-result", line, "response/"
    )


# --- exchange cross-checks -------------------------------------------------------------------


def exchange(request: Any = None, response: Any = None, **extra: Any) -> dict[str, Any]:
    value = {
        "request": request or copy.deepcopy(REQUEST),
        "response": response,
        "stream": None,
        "request_headers": None,
        "status": 200,
    }
    value.update(extra)
    return value


def xrules(value: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    findings = engine.check_value("exchange", value)
    return [(f.rule, f.pointer, f.part) for f in findings if f.rule.startswith("exchange/")]


@pytest.mark.parametrize(
    ("asked", "got", "flagged"),
    [
        ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929", False),
        ("claude-sonnet-4-0", "claude-sonnet-4-20250514", False),
        ("claude-3-opus-latest", "claude-3-opus-20240229", False),
        ("claude-haiku-4-5", "claude-haiku-4-5", False),
        ("claude-haiku-4-5", "claude-opus-4-8", True),
        ("claude-sonnet-4-5", "claude-sonnet-4-20250514", True),
    ],
)
def test_model_mismatch(asked: str, got: str, flagged: bool) -> None:
    value = exchange({**REQUEST, "model": asked}, message(model=got))
    findings = [
        f for f in engine.check_value("exchange", value) if f.rule == "exchange/model-mismatch"
    ]
    assert bool(findings) == flagged
    assert all(f.severity is Severity.WARNING and f.part == "response" for f in findings)


def test_tool_use_of_an_undefined_tool() -> None:
    use = {"type": "tool_use", "id": "toolu_1", "name": "get_time", "input": {}}
    response = message(content=[use], stop_reason="tool_use")
    assert xrules(exchange({**REQUEST, "tools": [TOOL]}, response)) == [
        ("exchange/tool-use-undefined-tool", "/content/0/name", "response")
    ]
    use["name"] = "get_weather"
    assert xrules(exchange({**REQUEST, "tools": [TOOL]}, response)) == []


def test_output_tokens_against_max_tokens() -> None:
    over = message(stop_reason="max_tokens", usage={"input_tokens": 1, "output_tokens": 65})
    assert xrules(exchange(REQUEST, over)) == [
        ("exchange/output-exceeds-max-tokens", "/usage/output_tokens", "response")
    ]
    over["usage"]["server_tool_use"] = {"web_search_requests": 2}  # several rounds add up
    assert xrules(exchange(REQUEST, over)) == []
    assert xrules(exchange(REQUEST, message(usage={"input_tokens": 1, "output_tokens": 64}))) == []


def test_stop_sequence_must_have_been_requested() -> None:
    response = message(stop_reason="stop_sequence", stop_sequence="###")
    assert xrules(exchange(REQUEST, response)) == [
        ("exchange/stop-sequence-not-requested", "/stop_sequence", "response")
    ]
    assert xrules(exchange({**REQUEST, "stop_sequences": ["###"]}, response)) == []


STREAM = [
    {"type": "message_start", "message": {**message(content=[], stop_reason=None)}},
    {
        "type": "content_block_start",
        "index": 0,
        "content_block": {"type": "tool_use", "id": "toolu_1", "name": "get_time", "input": {}},
    },
    {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "input_json_delta", "partial_json": "{}"},
    },
    {"type": "content_block_stop", "index": 0},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": {"output_tokens": 99},
    },
    {"type": "message_stop"},
]


def test_streams_are_summarised_for_the_cross_checks() -> None:
    value = exchange({**REQUEST, "stream": True, "tools": [TOOL]}, None, stream=STREAM)
    assert sorted(xrules(value)) == [
        # on the events that carried the values (the rebuilt message's /usage/output_tokens
        # and /content/0/name)
        ("exchange/output-exceeds-max-tokens", "/4/usage/output_tokens", "stream"),
        ("exchange/tool-use-undefined-tool", "/1/content_block/name", "stream"),
    ]
    summary, part = final_message(value, RuleContext(kind="exchange"))
    assert part == "stream" and summary is not None
    assert summary["stop_reason"] == "tool_use" and summary["usage"]["input_tokens"] == 10


def test_stream_flag_and_status() -> None:
    assert xrules(exchange({**REQUEST, "stream": True}, message())) == [
        ("exchange/stream-flag-mismatch", "/stream", "request")
    ]
    assert ("exchange/stream-flag-mismatch", "/stream", "request") in xrules(
        exchange({**REQUEST, "tools": [TOOL]}, None, stream=STREAM)
    )
    error = {"type": "error", "error": {"type": "api_error", "message": "boom"}}
    assert xrules(exchange(REQUEST, error, status=200)) == [
        ("exchange/status-body-mismatch", "/type", "response")
    ]
    assert xrules(exchange(REQUEST, message(), status=500)) == [
        ("exchange/status-body-mismatch", "/type", "response")
    ]
    assert xrules(exchange(REQUEST, error, status=529)) == []


def test_check_exchange_runs_all_parts() -> None:
    report = check_exchange(
        {**REQUEST, "stop_sequences": ["END"]},
        message(stop_reason="stop_sequence", stop_sequence="###"),
    )
    assert report.rules == ["exchange/stop-sequence-not-requested"]
    report = check_exchange(REQUEST, message(stop_reason=None))
    assert [(f.rule, f.part) for f in report] == [("response/stop-reason-null", "response")]


@given(
    st.dictionaries(
        st.sampled_from(["request", "response", "stream", "status"]),
        st.none()
        | st.integers()
        | st.text(max_size=5)
        | st.lists(st.integers(), max_size=3)
        | st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    )
)
def test_malformed_exchanges_never_raise(value: dict[str, Any]) -> None:
    from validator.rules import registry

    for rule_id, fn in registry().items():
        if rule_id.startswith(("exchange/", "response/")):
            list(fn(value, RuleContext("exchange")))
            list(fn(value.get("response"), RuleContext("response")))


def test_thinking_signature_must_not_be_empty() -> None:
    thinking = {"type": "thinking", "thinking": "", "signature": ""}
    value = message(content=[thinking, {"type": "text", "text": "4"}])
    assert rules("response", value, "response/") == [
        ("response/thinking-signature-empty", "/content/0/signature")
    ]
    thinking["signature"] = "EqQBCkgIAxABGAIiQL"  # display omitted: empty text, signed
    assert rules("response", value, "response/") == []
