"""Through `validator.check_request(payload, context=...)`: with its beta on,
a beta field, block or tool is checked like any other (a malformed one gets a normal schema
finding and no beta finding); with the beta known off it is an error; in a bare payload (no
headers known) it is a warning naming the header that admits it."""

from __future__ import annotations

from typing import Any

import pytest

from validator import check_request

BETA_RULE = "beta/requires-beta-header"
V2023 = "2023-06-01"


def request(**extra: Any) -> dict[str, Any]:
    messages = extra.pop("messages", [{"role": "user", "content": "Hello"}])
    return {"model": "claude-haiku-4-5", "max_tokens": 1024, "messages": messages, **extra}


MCP_USE = {
    "type": "mcp_tool_use",
    "id": "mcptoolu_01",
    "name": "ask",
    "server_name": "wiki",
    "input": {"q": "x"},
}
MCP_RESULT = {"type": "mcp_tool_result", "tool_use_id": "mcptoolu_01", "content": "An answer."}
MCP_SERVER = {"type": "url", "url": "https://mcp.example.com/sse", "name": "wiki"}
MCP_TURNS = [
    {"role": "user", "content": "Ask the wiki."},
    {"role": "assistant", "content": [MCP_USE, MCP_RESULT]},
    {"role": "user", "content": "Thanks."},
]

# (case, beta, good payload, malformed payload, pointer of the malformed value, beta pointer)
CASES = [
    (
        "field",
        "context-management-2025-06-27",
        request(context_management={"edits": [{"type": "clear_tool_uses_20250919"}]}),
        request(context_management={"edits": "all"}),
        "/context_management/edits",
        "/context_management",
    ),
    (
        "blocks",
        "mcp-client-2025-04-04",
        request(messages=MCP_TURNS, mcp_servers=[MCP_SERVER]),
        request(
            messages=[
                MCP_TURNS[0],
                {"role": "assistant", "content": [{**MCP_USE, "input": "q"}, MCP_RESULT]},
                MCP_TURNS[2],
            ],
            mcp_servers=[MCP_SERVER],
        ),
        "/messages/1/content/0/input",
        "/mcp_servers",
    ),
    (
        "tool",
        "advisor-tool-2026-03-01",
        request(
            tools=[{"type": "advisor_20260301", "name": "advisor", "model": "claude-opus-4-8"}]
        ),
        request(
            tools=[
                {
                    "type": "advisor_20260301",
                    "name": "advisor",
                    "model": "claude-opus-4-8",
                    "max_tokens": 0,
                }
            ]
        ),
        "/tools/0/max_tokens",
        "/tools/0/type",
    ),
]
IDS = [c[0] for c in CASES]


def on(beta: str) -> dict[str, Any]:
    return {"headers": {"anthropic-version": V2023, "anthropic-beta": f"other-2025-01-01,{beta}"}}


def found(payload: dict[str, Any], context: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    report = check_request(payload, context=context)
    return [(f.rule, f.severity.value, f.pointer) for f in report.findings]


@pytest.mark.parametrize(("case", "beta", "good", "bad", "where", "at"), CASES, ids=IDS)
def test_with_the_beta_on_beta_payloads_are_checked_like_any_other(
    case: str, beta: str, good: dict, bad: dict, where: str, at: str
) -> None:
    assert found(good, on(beta)) == []
    bad_found = found(bad, on(beta))
    assert bad_found, "a malformed beta payload passed"
    assert {(sev, pointer) for rule, sev, pointer in bad_found} == {("error", where)}
    assert all(rule.startswith("schema/") for rule, _, _ in bad_found), bad_found


@pytest.mark.parametrize(("case", "beta", "good", "bad", "where", "at"), CASES, ids=IDS)
def test_the_beta_endpoint_turns_betas_on(
    case: str, beta: str, good: dict, bad: dict, where: str, at: str
) -> None:
    uri = {
        "headers": {"anthropic-version": V2023},
        "uri": "https://api.anthropic.com/v1/messages?beta=true",
    }
    assert found(good, uri) == []
    assert {rule for rule, _, _ in found(bad, uri)} != {BETA_RULE}


@pytest.mark.parametrize(("case", "beta", "good", "bad", "where", "at"), CASES, ids=IDS)
def test_with_the_beta_known_off_it_is_an_error(
    case: str, beta: str, good: dict, bad: dict, where: str, at: str
) -> None:
    off = {"headers": {"anthropic-version": V2023, "anthropic-beta": "other-2025-01-01"}}
    hits = [f for f in check_request(good, context=off).findings if f.rule == BETA_RULE]
    assert hits and {f.severity.value for f in hits} == {"error"}
    assert at in {f.pointer for f in hits}
    # no anthropic-beta header at all, headers recorded: off as well
    bare_headers = {"headers": {"anthropic-version": V2023}}
    assert {s for r, s, _ in found(good, bare_headers) if r == BETA_RULE} == {"error"}


@pytest.mark.parametrize(("case", "beta", "good", "bad", "where", "at"), CASES, ids=IDS)
def test_in_a_bare_payload_it_is_a_warning_naming_the_header(
    case: str, beta: str, good: dict, bad: dict, where: str, at: str
) -> None:
    report = check_request(good)
    assert [(f.rule, f.severity.value) for f in report.findings] == [(BETA_RULE, "warning")] * len(
        report.findings
    )
    assert report.findings
    assert all("anthropic-beta" in f.message and beta in f.message for f in report.findings)
