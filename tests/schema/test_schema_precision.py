"""ONE precise finding per bad block, chosen through the discriminator.

Each case is a payload that is valid for the schema and for every function rule except for
one bad node, often nested deep (inside `tool_result` content, a document's content source,
an image source, a citation, a tool definition, `tool_choice`, `thinking`, a stream delta).
The whole engine (`check_value`: schema pass and function rules) must give exactly one
finding, with the expected rule, at exactly the bad node's pointer, with a one-line message
that names the problem and never dumps a schema ("{") nor says "valid under".
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from validator.core.context import Context
from validator.core.findings import Severity
from validator.engine import check_value
from validator.schema.spec import load_spec

DUMP = re.compile(r"\{\s*['\"]|'type':|\"type\":")  # a dict or a schema printed whole
CONTEXT = Context(headers={"anthropic-version": "2023-06-01"})
MODEL = "claude-haiku-4-5"
SCHEMAS = load_spec()["components"]["schemas"]
TOOL = {"name": "get_weather", "input_schema": {"type": "object"}}
TOOL_USE = {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {}}


def request(*blocks: Any, **fields: Any) -> dict[str, Any]:
    """A one-turn request whose user message holds `blocks`."""
    content = list(blocks) or "Hi"
    return {
        "model": MODEL,
        "max_tokens": 2048,
        "messages": [{"role": "user", "content": content}],
        **fields,
    }


def tool_round(*result_content: Any) -> dict[str, Any]:
    """user -> assistant tool_use -> user tool_result holding `result_content`."""
    result = {"type": "tool_result", "tool_use_id": "toolu_01", "content": list(result_content)}
    return {
        "model": MODEL,
        "max_tokens": 2048,
        "tools": [TOOL],
        "messages": [
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "content": [TOOL_USE]},
            {"role": "user", "content": [result]},
        ],
    }


def cited(citation: dict[str, Any]) -> dict[str, Any]:
    """An assistant text block with one citation, between two user turns."""
    text = {"type": "text", "text": "It rains.", "citations": [citation]}
    return {
        "model": MODEL,
        "max_tokens": 2048,
        "messages": [
            {"role": "user", "content": "Weather?"},
            {"role": "assistant", "content": [text]},
            {"role": "user", "content": "Thanks"},
        ],
    }


def response(*blocks: Any) -> dict[str, Any]:
    message = copy.deepcopy(SCHEMAS["Message"]["example"])
    message["content"] = list(blocks)
    return message


def delta(value: Any) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": 0, "delta": value}


B64 = "iVBORw0KGgo="
CHAR = {
    "type": "char_location",
    "cited_text": "rain",
    "document_index": 0,
    "document_title": "Forecast",
    "start_char_index": 0,
    "end_char_index": 4,
}
PNG = {"type": "base64", "media_type": "image/png", "data": B64}
TEXT_DOC = {"type": "text", "media_type": "text/plain", "data": "x"}
P = "/messages/0/content/0"
R = "/messages/2/content/0/content/0"

# (id, kind, payload, rule, pointer, severity, words the message must hold)
CASES: list[tuple[str, str, Any, str, str, Severity, str]] = [
    ("text without text", "request", request({"type": "text"}),
     "schema/required", f"{P}/text", Severity.ERROR, "text` is required"),
    ("unknown block type", "request", request({"type": "fallback", "text": "x"}),
     "schema/unknown-type", f"{P}/type", Severity.ERROR, "expected one of: text, image"),
    ("block with an extra field", "request", request({"type": "text", "text": "x", "id": 1}),
     "schema/unknown-field", f"{P}/id", Severity.ERROR, "unexpected field `id`"),
    ("text is a number", "request", request({"type": "text", "text": 3}),
     "schema/type", f"{P}/text", Severity.ERROR, "expected string"),
    ("image source media type", "request",
     request({"type": "image", "source": {**PNG, "media_type": "image/bmp"}}),
     "schema/enum", f"{P}/source/media_type", Severity.ERROR, "image/png"),
    ("image source without data", "request",
     request({"type": "image", "source": {"type": "base64", "media_type": "image/png"}}),
     "schema/required", f"{P}/source/data", Severity.ERROR, "data` is required"),
    ("image source unknown type", "request",
     request({"type": "image", "source": {"type": "ftp", "url": "x"}}),
     "schema/unknown-type", f"{P}/source/type", Severity.ERROR, "base64, url, file"),
    ("document source unknown type", "request",
     request({"type": "document", "source": {"type": "docx", "data": "x"}}),
     "schema/unknown-type", f"{P}/source/type", Severity.ERROR, "expected one of"),
    ("document title too long", "request",
     request({"type": "document", "source": TEXT_DOC, "title": "t" * 501}),
     "schema/max-length", f"{P}/title", Severity.ERROR, "at most 500"),
    ("bad block in a document content source", "request",
     request({"type": "document", "source": {"type": "content", "content": [{"type": "text"}]}}),
     "schema/required", f"{P}/source/content/0/text", Severity.ERROR, "is required"),
    ("unknown block in a document content source", "request",
     request({"type": "document",
              "source": {"type": "content", "content": [{"type": "audio", "data": "x"}]}}),
     "schema/unknown-type", f"{P}/source/content/0/type", Severity.ERROR, "expected one of"),
    ("bad image inside tool_result content", "request",
     tool_round({"type": "image", "source": {**PNG, "media_type": "image/bmp"}}),
     "schema/enum", f"{R}/source/media_type", Severity.ERROR, "image/png"),
    ("text without text inside tool_result content", "request", tool_round({"type": "text"}),
     "schema/required", f"{R}/text", Severity.ERROR, "is required"),
    ("unknown block inside tool_result content", "request",
     tool_round({"type": "thinking", "thinking": "x", "signature": "s"}),
     "schema/unknown-type", f"{R}/type", Severity.ERROR, "tool_reference"),
    ("bad search_result inside tool_result content", "request",
     tool_round({"type": "search_result", "source": "https://x", "title": "t",
                 "content": [{"type": "text", "text": 1}]}),
     "schema/type", f"{R}/content/0/text", Severity.ERROR, "expected string"),
    ("citation without end_char_index", "request",
     cited({k: v for k, v in CHAR.items() if k != "end_char_index"}),
     "schema/required", "/messages/1/content/0/citations/0/end_char_index", Severity.ERROR,
     "is required"),
    ("citation negative index", "request", cited({**CHAR, "start_char_index": -1}),
     "schema/minimum", "/messages/1/content/0/citations/0/start_char_index", Severity.ERROR,
     "at least 0"),
    ("citation unknown type", "request", cited({**CHAR, "type": "line_location"}),
     "schema/unknown-type", "/messages/1/content/0/citations/0/type", Severity.ERROR,
     "char_location"),
    ("tool without input_schema", "request", request(tools=[{"name": "get_weather"}]),
     "schema/required", "/tools/0/input_schema", Severity.ERROR, "is required"),
    ("tool name with a space", "request",
     request(tools=[{**TOOL, "name": "get weather"}]),
     "tools/tool-name-invalid", "/tools/0/name", Severity.ERROR, "pattern"),
    ("input_schema not an object", "request",
     request(tools=[{**TOOL, "input_schema": {"type": "array"}}]),
     "schema/const", "/tools/0/input_schema/type", Severity.ERROR, "object"),
    ("anthropic tool with the wrong name", "request",
     request(tools=[{"type": "web_search_20250305", "name": "search"}]),
     "schema/const", "/tools/0/name", Severity.ERROR, "web_search"),
    ("anthropic tool with an extra field", "request",
     request(tools=[{"type": "bash_20250124", "name": "bash", "max_uses": 2}]),
     "schema/unknown-field", "/tools/0/max_uses", Severity.ERROR, "max_uses"),
    ("web search country of 3 letters", "request",
     request(tools=[{"type": "web_search_20250305", "name": "web_search",
                     "user_location": {"type": "approximate", "country": "FRA"}}]),
     "schema/max-length", "/tools/0/user_location/country", Severity.ERROR, "at most 2"),
    ("tool_choice tool without name", "request",
     request(tools=[TOOL], tool_choice={"type": "tool"}),
     "schema/required", "/tool_choice/name", Severity.ERROR, "is required"),
    ("tool_choice unknown type", "request",
     request(tools=[TOOL], tool_choice={"type": "sometimes"}),
     "schema/unknown-type", "/tool_choice/type", Severity.ERROR, "auto, any, tool, none"),
    ("tool_choice none with parallel flag", "request",
     request(tools=[TOOL], tool_choice={"type": "none", "disable_parallel_tool_use": True}),
     "schema/unknown-field", "/tool_choice/disable_parallel_tool_use", Severity.ERROR,
     "disable_parallel_tool_use"),
    ("thinking enabled without budget", "request", request(thinking={"type": "enabled"}),
     "schema/required", "/thinking/budget_tokens", Severity.ERROR, "is required"),
    ("thinking budget below 1024", "request",
     request(thinking={"type": "enabled", "budget_tokens": 1000}),
     "thinking/budget-below-minimum", "/thinking/budget_tokens", Severity.ERROR, "1024"),
    ("thinking unknown type", "request", request(thinking={"type": "on"}),
     "schema/unknown-type", "/thinking/type", Severity.ERROR, "enabled"),
    ("thinking display unknown", "request",
     request(thinking={"type": "adaptive", "display": "full"}, model="claude-opus-4-8"),
     "schema/enum", "/thinking/display", Severity.ERROR, "summarized"),
    ("cache_control ttl 2h", "request",
     request({"type": "text", "text": "x", "cache_control": {"type": "ephemeral", "ttl": "2h"}}),
     "schema/enum", f"{P}/cache_control/ttl", Severity.ERROR, "5m, 1h"),
    ("output_config effort unknown", "request",
     request(output_config={"effort": "extreme"}, model="claude-opus-4-8"),
     "schema/enum", "/output_config/effort", Severity.ERROR, "xhigh"),
    ("system block without text", "request", request(system=[{"type": "text"}]),
     "schema/required", "/system/0/text", Severity.ERROR, "is required"),
    ("count_tokens with max_tokens", "count-tokens",
     {"model": MODEL, "max_tokens": 5, "messages": [{"role": "user", "content": "x"}]},
     "schema/unknown-field", "/max_tokens", Severity.ERROR, "max_tokens"),
    ("batch line params with a bad block", "batch-line",
     {"custom_id": "a-1", "params": request({"type": "text"})},
     "schema/required", f"/params{P}/text", Severity.ERROR, "is required"),
    ("batch line params with an unknown block", "batch-line",
     {"custom_id": "a-1", "params": request({"type": "hologram"})},
     "schema/unknown-type", f"/params{P}/type", Severity.ERROR, "expected one of: text"),
    ("count_tokens with an unknown block", "count-tokens",
     {"model": MODEL, "messages": [{"role": "user", "content": [{"type": "hologram"}]}]},
     "schema/unknown-type", f"{P}/type", Severity.ERROR, "expected one of: text"),
    ("batch result message with an unknown block warns", "batch-result",
     {"custom_id": "a", "result": {"type": "succeeded", "message": response({"type": "holo"})}},
     "schema/unknown-type", "/result/message/content/0/type", Severity.WARNING, "expected one"),
    ("batch create custom_id with a dot", "batch-create",
     {"requests": [{"custom_id": "a.1", "params": request()}]},
     "batch/custom-id-invalid", "/requests/0/custom_id", Severity.ERROR, "custom_id"),
    ("response tool_use without id", "response",
     response({"type": "tool_use", "name": "get_weather", "input": {}}),
     "schema/required", "/content/0/id", Severity.ERROR, "is required"),
    ("response unknown block type warns", "response", response({"type": "hologram"}),
     "schema/unknown-type", "/content/0/type", Severity.WARNING, "expected one of: text"),
    ("response bad citation", "response",
     response({"type": "text", "text": "x",
               "citations": [{**CHAR, "file_id": None, "document_index": "0"}]}),
     "schema/type", "/content/0/citations/0/document_index", Severity.ERROR, "expected integer"),
    ("response unknown stop_reason", "response",
     {**response({"type": "text", "text": "x"}), "stop_reason": "finished"},
     "schema/enum", "/stop_reason", Severity.ERROR, "end_turn"),
    ("batch result with a bad message", "batch-result",
     {"custom_id": "a", "result": {"type": "succeeded",
                                   "message": response({"type": "text", "text": 1})}},
     "schema/type", "/result/message/content/0/text", Severity.ERROR, "expected string"),
    ("stream delta without text", "stream-event", delta({"type": "text_delta"}),
     "schema/required", "/delta/text", Severity.ERROR, "is required"),
    ("stream delta text not a string", "stream-event", delta({"type": "text_delta", "text": 5}),
     "schema/type", "/delta/text", Severity.ERROR, "expected string"),
    ("stream unknown delta type warns", "stream-event", delta({"type": "audio_delta"}),
     "schema/unknown-type", "/delta/type", Severity.WARNING, "text_delta"),
    ("stream block start with a bad block", "stream-event",
     {"type": "content_block_start", "index": 0,
      "content_block": {"type": "tool_use", "name": "get_weather", "input": {}}},
     "schema/required", "/content_block/id", Severity.ERROR, "is required"),
    ("error body with an unknown error type warns", "error",
     {"type": "error", "error": {"type": "teapot_error", "message": "x"}, "request_id": None},
     "schema/unknown-type", "/error/type", Severity.WARNING, "overloaded_error"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "kind", "payload", "rule", "pointer", "severity", "words"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_one_precise_finding(
    case: str,
    kind: str,
    payload: Any,
    rule: str,
    pointer: str,
    severity: Severity,
    words: str,
) -> None:
    found = check_value(kind, payload, context=CONTEXT)
    assert [(f.rule, f.pointer, f.severity) for f in found] == [(rule, pointer, severity)], [
        f.message for f in found
    ]
    message = found[0].message
    assert words in message
    assert not DUMP.search(message) and "valid under" not in message
    assert len(message.splitlines()) == 1 and len(message) < 400


def test_unknown_stream_event_is_ignored() -> None:
    assert check_value("stream-event", {"type": "brand_new_event", "x": 1}) == []
    events = [{"type": "ping"}, {"type": "brand_new_event"}]
    assert [f for f in check_value("stream", events) if f.rule.startswith("schema/")] == []


@pytest.mark.parametrize("kind", ["request", "count-tokens", "response", "stream-event"])
def test_every_check_takes_an_optional_context(kind: str) -> None:
    """Without a context version-dependent rules may only warn; with known headers, silence."""
    payload = {
        "request": request(),
        "count-tokens": {"model": MODEL, "messages": [{"role": "user", "content": "x"}]},
        "response": response({"type": "text", "text": "x"}),
        "stream-event": {"type": "ping"},
    }[kind]
    assert check_value(kind, payload, context=CONTEXT) == []
    without = check_value(kind, payload)
    assert [f for f in without if f.severity is Severity.ERROR] == []
