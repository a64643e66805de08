"""Every block, tool, event, delta, citation, error and stop-reason name of
the reference, one valid and one invalid payload, run THROUGH THE ENGINE.

tests/spec_cases/cases.py holds the table (and test_spec_document runs it with plain
jsonschema); here each union member is placed where it lives in a real payload of a kind
(a request block in a user message, a delta in a `content_block_delta` event, a citation in
a text block, …) and `check_value` must give no schema finding for the valid twin and
exactly one, inside the placed member, for the invalid one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from spec_cases.cases import UNIONS, all_cases

from validator.core.context import Context
from validator.core.findings import Finding
from validator.engine import check_value
from validator.schema.spec import load_spec

CONTEXT = Context(headers={"anthropic-version": "2023-06-01"})
MESSAGE = load_spec()["components"]["schemas"]["Message"]["example"]
Placed = tuple[str, Any, str]  # kind, payload, pointer of the member


def _request(content: list[Any], **fields: Any) -> dict[str, Any]:
    messages = [{"role": "user", "content": content}]
    return {"model": "claude-haiku-4-5", "max_tokens": 2048, "messages": messages, **fields}


def _response(block: Any) -> dict[str, Any]:
    return {**copy.deepcopy(MESSAGE), "content": [block]}


TOOL = {"name": "get_weather", "input_schema": {"type": "object"}}
USE = {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {}}
P = "/messages/0/content/0"

# union -> where its member goes: (member) -> (kind, payload, pointer of the member)
PLACES: dict[str, Callable[[Any], Placed]] = {
    "RequestContentBlock": lambda m: ("request", _request([m]), P),
    "ToolResultContentBlock": lambda m: (
        "request",
        _request([{"type": "tool_result", "tool_use_id": "toolu_01", "content": [m]}]),
        f"{P}/content/0",
    ),
    "ContentBlock": lambda m: ("response", _response(m), "/content/0"),
    "ImageSource": lambda m: ("request", _request([{"type": "image", "source": m}]), f"{P}/source"),
    "DocumentSource": lambda m: (
        "request",
        _request([{"type": "document", "source": m}]),
        f"{P}/source",
    ),
    "RequestTextCitation": lambda m: (
        "request",
        _request([{"type": "text", "text": "x", "citations": [m]}]),
        f"{P}/citations/0",
    ),
    "TextCitation": lambda m: (
        "response",
        _response({"type": "text", "text": "x", "citations": [m]}),
        "/content/0/citations/0",
    ),
    "RequestCaller": lambda m: ("request", _request([{**USE, "caller": m}]), f"{P}/caller"),
    "Caller": lambda m: ("response", _response({**USE, "caller": m}), "/content/0/caller"),
    "ThinkingConfig": lambda m: ("request", _request("Hi", thinking=m), "/thinking"),  # type: ignore[arg-type]
    "ToolChoice": lambda m: (
        "request",
        _request("Hi", tools=[TOOL], tool_choice=m),  # type: ignore[arg-type]
        "/tool_choice",
    ),
    "ToolUnion": lambda m: ("request", _request("Hi", tools=[m]), "/tools/0"),  # type: ignore[arg-type]
    "MessageStreamEvent": lambda m: ("stream-event", m, ""),
    "ContentBlockDelta": lambda m: (
        "stream-event",
        {"type": "content_block_delta", "index": 0, "delta": m},
        "/delta",
    ),
    "MessageBatchResult": lambda m: (
        "batch-result",
        {"custom_id": "r-1", "result": m},
        "/result",
    ),
    "Message": lambda m: ("response", m, ""),
    "ErrorResponse": lambda m: ("error", m, ""),
}

GA_CASES = [c for c in all_cases() if not c[3]]  # beta members: see test_spec_document


def schema_findings(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.rule.startswith(("schema/", "beta/"))]


def test_the_table_covers_every_union_of_the_reference() -> None:
    assert set(UNIONS) <= set(PLACES)
    named = {c[0].split(":")[0] for c in GA_CASES}
    assert named == set(UNIONS) | {"stop_reason", "error"}
    assert len(GA_CASES) > 200


@pytest.mark.parametrize(
    ("case", "schema", "payload", "beta", "valid"), GA_CASES, ids=[c[0] for c in GA_CASES]
)
def test_named_payload_through_the_engine(
    case: str, schema: str, payload: Any, beta: bool, valid: bool
) -> None:
    kind, value, where = PLACES[schema](copy.deepcopy(payload))
    found = schema_findings(check_value(kind, value, context=CONTEXT))
    if valid:
        assert [(f.rule, f.pointer, f.message) for f in found] == []
        return
    assert found, case
    assert all(f.pointer == where or f.pointer.startswith(where + "/") for f in found), found
    assert all("valid under" not in f.message for f in found)
    if schema == "ToolUnion" and "type" not in payload and ":custom:" not in case:
        # A toolset without its `type` IS a custom tool (reference §4.7: custom tools have no
        # or a null type), judged as such: no name, no input_schema, an unknown `configs`.
        assert {f.pointer for f in found} >= {f"{where}/name", f"{where}/input_schema"}
        return
    assert len(found) == 1, [(f.rule, f.pointer, f.message) for f in found]
