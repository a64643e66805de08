"""One valid and one invalid payload for every name the reference lists, as a table.

Each case is (id, component, payload, beta, valid). Valid payloads come from the spec's own
`example` of the union member the name maps to (so an example that drifts from its schema
fails twice); the invalid twin drops the member's first required field other than `type`
(or `type` itself when nothing else is required). The lead will later run the same table
through the engine.
"""

from __future__ import annotations

import copy
from typing import Any

from spec_cases.schema import SCHEMAS, load_spec

Case = tuple[str, str, Any, bool, bool]

# The reference's names, by the union that must accept them (reference §5, §6, §7, §8, §4.5-4.7).
UNIONS: dict[str, list[str]] = {
    "RequestContentBlock": [
        "text",
        "image",
        "document",
        "search_result",
        "thinking",
        "redacted_thinking",
        "tool_use",
        "tool_result",
        "server_tool_use",
        "web_search_tool_result",
        "web_fetch_tool_result",
        "code_execution_tool_result",
        "bash_code_execution_tool_result",
        "text_editor_code_execution_tool_result",
        "tool_search_tool_result",
        "container_upload",
    ],
    "ToolResultContentBlock": ["tool_reference", "browser_state"],
    "ContentBlock": [
        "text",
        "thinking",
        "redacted_thinking",
        "tool_use",
        "server_tool_use",
        "web_search_tool_result",
        "web_fetch_tool_result",
        "code_execution_tool_result",
        "bash_code_execution_tool_result",
        "text_editor_code_execution_tool_result",
        "tool_search_tool_result",
        "container_upload",
    ],
    "ImageSource": ["base64", "url", "file"],
    "DocumentSource": ["base64", "text", "content", "url", "file"],
    "RequestTextCitation": [
        "char_location",
        "page_location",
        "content_block_location",
        "web_search_result_location",
        "search_result_location",
    ],
    "TextCitation": [
        "char_location",
        "page_location",
        "content_block_location",
        "web_search_result_location",
        "search_result_location",
    ],
    # SDK 2.15.0 knows no code_execution_20260521 caller in a request (tests/test_sdk_drift.py)
    "RequestCaller": ["direct", "code_execution_20250825", "code_execution_20260120"],
    "Caller": [
        "direct",
        "code_execution_20250825",
        "code_execution_20260120",
        "code_execution_20260521",
    ],
    "ThinkingConfig": ["enabled", "adaptive", "disabled", "between_tools"],
    "ToolChoice": ["auto", "any", "tool", "none"],
    "MessageStreamEvent": [
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "ping",
        "error",
    ],
    "ContentBlockDelta": [
        "text_delta",
        "input_json_delta",
        "citations_delta",
        "thinking_delta",
        "signature_delta",
    ],
    "ToolUnion": [
        "custom",
        "bash_20250124",
        "text_editor_20250124",
        "text_editor_20250429",
        "text_editor_20250728",
        "memory_20250818",
        "code_execution_20250522",
        "code_execution_20250825",
        "code_execution_20260120",
        "code_execution_20260521",
        "web_search_20250305",
        "web_search_20260209",
        "web_search_20260318",
        "web_fetch_20250910",
        "web_fetch_20260209",
        "web_fetch_20260309",
        "web_fetch_20260318",
        "tool_search_tool_bm25_20251119",
        "tool_search_tool_bm25",
        "tool_search_tool_regex_20251119",
        "tool_search_tool_regex",
        "browser_toolset_20260801",
        "computer_toolset_20260801",
    ],
    "MessageBatchResult": ["succeeded", "errored", "canceled", "expired"],
}

# Beta-only names the corpus shows: accepted by the beta schema, rejected by the GA one.
BETA_UNIONS: dict[str, list[str]] = {
    "RequestContentBlock": [
        "compaction",
        "mcp_tool_use",
        "mcp_tool_result",
        "advisor_tool_result",
        "tool_addition",
        "tool_removal",
    ],
    "ContentBlock": ["compaction", "mcp_tool_use", "mcp_tool_result", "advisor_tool_result"],
    "ContentBlockDelta": ["compaction_delta"],
    "ToolUnion": ["advisor_20260301", "computer_20250124", "computer_20251124"],
}

STOP_REASONS = [
    "end_turn",
    "max_tokens",
    "stop_sequence",
    "tool_use",
    "pause_turn",
    "refusal",
    "model_context_window_exceeded",
]
ERROR_TYPES = [
    "invalid_request_error",
    "authentication_error",
    "billing_error",
    "permission_error",
    "not_found_error",
    "conflict_error",
    "request_too_large",
    "rate_limit_error",
    "api_error",
    "timeout_error",
    "overloaded_error",
]


def member(union: str, tag: str) -> dict[str, Any]:
    """The component a union maps `tag` to (discriminator or x-discriminator mapping)."""
    schemas = load_spec()["components"]["schemas"]
    node = schemas[union]
    disc = node.get("discriminator") or node.get("x-discriminator")
    return schemas[disc["mapping"][tag][len(SCHEMAS) :]]


def example_of(union: str, tag: str) -> Any:
    """The member's example; members without one (nested results) get a minimal instance."""
    schema = member(union, tag)
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    return {"type": tag}


def broken(schema: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` without its first required field other than `type` (else without `type`)."""
    required = [r for r in schema.get("required", []) if r != "type"] or ["type"]
    out = copy.deepcopy(payload)
    out.pop(required[0], None)
    return out


def _union_cases(unions: dict[str, list[str]], beta: bool) -> list[Case]:
    cases: list[Case] = []
    for union, tags in unions.items():
        for tag in tags:
            good = example_of(union, tag)
            bad = broken(member(union, tag), good)
            cases.append((f"{union}:{tag}:valid", union, good, beta, True))
            cases.append((f"{union}:{tag}:invalid", union, bad, beta, False))
    return cases


def _message(**changes: Any) -> dict[str, Any]:
    message = copy.deepcopy(load_spec()["components"]["schemas"]["Message"]["example"])
    message.update(changes)
    return message


def _named_cases() -> list[Case]:
    cases: list[Case] = []
    for reason in STOP_REASONS:
        cases.append(
            (f"stop_reason:{reason}:valid", "Message", _message(stop_reason=reason), False, True)
        )
        bad = _message(stop_reason=reason.upper())
        cases.append((f"stop_reason:{reason}:invalid", "Message", bad, False, False))
    for kind in ERROR_TYPES:
        good = {"type": "error", "error": {"type": kind, "message": "m"}, "request_id": None}
        bad = {"type": "error", "error": {"type": kind}, "request_id": None}
        cases.append((f"error:{kind}:valid", "ErrorResponse", good, False, True))
        cases.append((f"error:{kind}:invalid", "ErrorResponse", bad, False, False))
    return cases


def beta_cases() -> list[tuple[str, str, Any]]:
    """(id, union, payload) for each beta member: valid with betas on, invalid for GA."""
    return [(f"{u}:{t}", u, example_of(u, t)) for u, tags in BETA_UNIONS.items() for t in tags]


def all_cases() -> list[Case]:
    """The whole table: GA names, beta names (with the beta schema), stop reasons, errors."""
    return _union_cases(UNIONS, False) + _union_cases(BETA_UNIONS, True) + _named_cases()
