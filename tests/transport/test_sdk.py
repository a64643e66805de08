"""The real `anthropic` SDK over a mock transport: what it sends checks clean, and what our
spec accepts as a response, the SDK parses."""

from __future__ import annotations

import json

import pytest
from payloads import GOOD_RESPONSE

from validator import Context, as_text, check_exchange, check_request

anthropic = pytest.importorskip("anthropic")


def _httpx():
    """SDK 2.x talks through httpx2 (it refuses a plain httpx client); 0.x/1.x through httpx."""
    try:
        import httpx2

        return httpx2
    except ImportError:  # pragma: no cover - older SDKs
        import httpx

        return httpx


RESPONSE = {
    **GOOD_RESPONSE,
    "content": [
        {"type": "thinking", "thinking": "Let me see.", "signature": "sig"},
        {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
    ],
    "stop_reason": "tool_use",
    "usage": {"input_tokens": 50, "output_tokens": 20},
}


@pytest.fixture
def recorded():
    """An SDK client whose requests are recorded and answered with RESPONSE."""
    httpx = _httpx()
    calls: list[tuple[dict, dict]] = []

    def handler(request):
        calls.append((dict(request.headers), json.loads(request.content)))
        return httpx.Response(200, json=RESPONSE)

    client = anthropic.Anthropic(
        api_key="test-key", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    return client, calls


def _context(headers: dict) -> Context:
    # The SDK sends the key in a header; it is the test's placeholder, not a leak to report.
    kept = {k: v for k, v in headers.items() if k not in ("authorization", "x-api-key")}
    return Context(headers=kept, uri="https://api.anthropic.com/v1/messages")


TOOLS = [
    {
        "name": "get_weather",
        "description": "Weather for a city",
        "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
    }
]


def test_sdk_request_and_our_response_round_trip(recorded):
    client, calls = recorded
    message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=4096,
        thinking={"type": "enabled", "budget_tokens": 2048},
        tools=TOOLS,
        system=[{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
        messages=[{"role": "user", "content": "Weather in Paris?"}],
    )
    assert message.stop_reason == "tool_use"  # the SDK parsed what our spec accepts
    headers, body = calls[0]
    report = check_exchange(body, RESPONSE, context=_context(headers))
    assert report.errors == [], as_text(report)


def test_sdk_tool_result_turn_checks_clean(recorded):
    client, calls = recorded
    client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=1024,
        tools=TOOLS,
        messages=[
            {"role": "user", "content": "Weather in Paris?"},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": "toolu_01",
                        "name": "get_weather",
                        "input": {"city": "Paris"},
                    }
                ],
            },
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "Sunny"}],
            },
        ],
    )
    headers, body = calls[0]
    assert check_request(body, context=_context(headers)).errors == []


def test_what_the_sdk_sends_broken_is_caught(recorded):
    client, calls = recorded
    client.messages.create(  # the SDK does not check pairing; we do
        model="claude-sonnet-4-6",
        max_tokens=1024,
        tools=TOOLS,
        messages=[
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "toolu_99", "content": "Sunny"}],
            },
        ],
    )
    headers, body = calls[0]
    report = check_request(body, context=_context(headers))
    assert any(
        f.rule.startswith("tools/") and f.pointer.startswith("/messages/0/content/0")
        for f in report.errors
    ), as_text(report)
