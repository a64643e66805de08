"""Hand-written edge cases: the reference's bounds at and just past each edge, beta fields.

Bounds are inclusive where the reference says so (the Apidog page renders them as exclusive).
"""

from __future__ import annotations

from typing import Any

from spec_cases.schema import load_spec

MESSAGE_EXAMPLE: dict[str, Any] = load_spec()["components"]["schemas"]["Message"]["example"]


def _req(**fields: Any) -> dict[str, Any]:
    return {
        "model": "claude-opus-4-8",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": "Hi"}],
        **fields,
    }


def _tool(**fields: Any) -> dict[str, Any]:
    return _req(tools=[{"name": "get_weather", "input_schema": {"type": "object"}, **fields}])


def _web(**fields: Any) -> dict[str, Any]:
    return _req(tools=[{"type": "web_search_20250305", "name": "web_search", **fields}])


def _doc(**fields: Any) -> dict[str, Any]:
    block = {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": "x"},
        **fields,
    }
    return _req(messages=[{"role": "user", "content": [block]}])


# (id, schema, payload, valid): the reference's bounds at and just past each edge (inclusive
# where the reference says so; the Apidog page renders them as exclusive).
BOUNDS: list[tuple[str, str, Any, bool]] = [
    ("max_tokens=0", "CreateMessageParams", _req(max_tokens=0), True),
    ("max_tokens=-1", "CreateMessageParams", _req(max_tokens=-1), False),
    (
        "max_tokens missing",
        "CreateMessageParams",
        {"model": "m", "messages": [{"role": "user", "content": "x"}]},
        False,
    ),
    (
        "count_tokens without max_tokens",
        "CountMessageTokensParams",
        {"model": "m", "messages": [{"role": "user", "content": "x"}]},
        True,
    ),
    ("count_tokens max_tokens", "CountMessageTokensParams", _req(), False),
    ("messages empty", "CreateMessageParams", _req(messages=[]), False),
    (
        "role system",
        "CreateMessageParams",
        _req(messages=[{"role": "user", "content": "a"}, {"role": "system", "content": "b"}]),
        True,
    ),
    ("role tool", "CreateMessageParams", _req(messages=[{"role": "tool", "content": "a"}]), False),
    ("temperature=0", "CreateMessageParams", _req(temperature=0), True),
    ("temperature=1", "CreateMessageParams", _req(temperature=1), True),
    ("temperature=1.01", "CreateMessageParams", _req(temperature=1.01), False),
    ("top_p=1", "CreateMessageParams", _req(top_p=1), True),
    ("top_p=-0.1", "CreateMessageParams", _req(top_p=-0.1), False),
    ("top_k=0", "CreateMessageParams", _req(top_k=0), True),
    ("top_k=-1", "CreateMessageParams", _req(top_k=-1), False),
    (
        "budget=1024",
        "CreateMessageParams",
        _req(thinking={"type": "enabled", "budget_tokens": 1024}),
        True,
    ),
    (
        "budget=1023",
        "CreateMessageParams",
        _req(thinking={"type": "enabled", "budget_tokens": 1023}),
        False,
    ),
    ("user_id 512", "CreateMessageParams", _req(metadata={"user_id": "u" * 512}), True),
    ("user_id 513", "CreateMessageParams", _req(metadata={"user_id": "u" * 513}), False),
    ("stop_sequences ['']", "CreateMessageParams", _req(stop_sequences=[""]), False),
    (
        "text ''",
        "CreateMessageParams",
        _req(messages=[{"role": "user", "content": [{"type": "text", "text": ""}]}]),
        False,
    ),
    ("system text ''", "CreateMessageParams", _req(system=[{"type": "text", "text": ""}]), False),
    ("unknown top-level field", "CreateMessageParams", _req(foo=1), False),
    (
        "unknown block field",
        "CreateMessageParams",
        _req(messages=[{"role": "user", "content": [{"type": "text", "text": "a", "x": 1}]}]),
        False,
    ),
    (
        "unknown block type",
        "CreateMessageParams",
        _req(messages=[{"role": "user", "content": [{"type": "fallback"}]}]),
        False,
    ),
    (
        "cache_control ttl 1h",
        "CreateMessageParams",
        _req(cache_control={"type": "ephemeral", "ttl": "1h"}),
        True,
    ),
    (
        "cache_control ttl 2h",
        "CreateMessageParams",
        _req(cache_control={"type": "ephemeral", "ttl": "2h"}),
        False,
    ),
    (
        "thinking block cache_control",
        "CreateMessageParams",
        _req(
            messages=[
                {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "thinking",
                            "thinking": "t",
                            "signature": "s",
                            "cache_control": {"type": "ephemeral"},
                        }
                    ],
                }
            ]
        ),
        False,
    ),
    ("tool name 128", "CreateMessageParams", _tool(name="a" * 128), True),
    ("tool name 129", "CreateMessageParams", _tool(name="a" * 129), False),
    ("tool name with space", "CreateMessageParams", _tool(name="get weather"), False),
    ("tool name trailing newline", "CreateMessageParams", _tool(name="get_weather\n"), False),
    ("custom tool type custom", "CreateMessageParams", _tool(type="custom"), True),
    ("custom tool type null", "CreateMessageParams", _tool(type=None), True),
    (
        "input_schema type array",
        "CreateMessageParams",
        _req(tools=[{"name": "t", "input_schema": {"type": "array"}}]),
        False,
    ),
    (
        "anthropic tool wrong name",
        "CreateMessageParams",
        _req(tools=[{"type": "text_editor_20250124", "name": "str_replace_based_edit_tool"}]),
        False,
    ),
    ("max_uses=1", "CreateMessageParams", _web(max_uses=1), True),
    ("max_uses=0", "CreateMessageParams", _web(max_uses=0), False),
    (
        "country FR",
        "CreateMessageParams",
        _web(user_location={"type": "approximate", "country": "FR"}),
        True,
    ),
    (
        "country FRA",
        "CreateMessageParams",
        _web(user_location={"type": "approximate", "country": "FRA"}),
        False,
    ),
    ("document title 500", "CreateMessageParams", _doc(title="t" * 500), True),
    ("document title 501", "CreateMessageParams", _doc(title="t" * 501), False),
    ("document context ''", "CreateMessageParams", _doc(context=""), False),
    (
        "tool_use id pattern",
        "CreateMessageParams",
        _req(
            messages=[
                {
                    "role": "assistant",
                    "content": [{"type": "tool_use", "id": "toolu 1", "name": "t", "input": {}}],
                }
            ]
        ),
        False,
    ),
    (
        "server_tool_use id pattern",
        "CreateMessageParams",
        _req(
            messages=[
                {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "server_tool_use",
                            "id": "toolu_1",
                            "name": "web_search",
                            "input": {},
                        }
                    ],
                }
            ]
        ),
        False,
    ),
    (
        "image media type",
        "CreateMessageParams",
        _req(
            messages=[
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "image",
                            "source": {"type": "base64", "media_type": "image/bmp", "data": "AA=="},
                        }
                    ],
                }
            ]
        ),
        False,
    ),
    ("effort xhigh", "CreateMessageParams", _req(output_config={"effort": "xhigh"}), True),
    ("effort extreme", "CreateMessageParams", _req(output_config={"effort": "extreme"}), False),
    (
        "custom_id 64",
        "MessageBatchIndividualRequest",
        {"custom_id": "c" * 64, "params": _req()},
        True,
    ),
    (
        "custom_id 65",
        "MessageBatchIndividualRequest",
        {"custom_id": "c" * 65, "params": _req()},
        False,
    ),
    (
        "custom_id dot",
        "MessageBatchIndividualRequest",
        {"custom_id": "a.b", "params": _req()},
        False,
    ),
    ("batch requests empty", "CreateMessageBatchParams", {"requests": []}, False),
    ("response text 5M", "TextBlock", {"type": "text", "text": "x" * 5_000_000}, True),
    ("response text 5M+1", "TextBlock", {"type": "text", "text": "x" * 5_000_001}, False),
    (
        "response unknown field",
        "Message",
        {**MESSAGE_EXAMPLE, "new_field": 1},
        True,
    ),
    (
        "response without stop_details/container",
        "Message",
        {k: v for k, v in MESSAGE_EXAMPLE.items() if k not in ("stop_details", "container")},
        True,
    ),
    ("usage negative", "Usage", {"input_tokens": -1, "output_tokens": 0}, False),
]


BETA_FIELDS: list[tuple[str, dict[str, Any]]] = [
    ("context_management", _req(context_management={"edits": [{"type": "compact_20260112"}]})),
    (
        "mcp_servers",
        _req(mcp_servers=[{"type": "url", "url": "https://mcp.example.com", "name": "x"}]),
    ),
    ("output_format", _req(output_format={"type": "json_schema", "schema": {"type": "object"}})),
    ("task_budget", _req(output_config={"task_budget": {"type": "tokens", "total": 20000}})),
    (
        "advisor server_tool_use",
        _req(
            messages=[
                {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "server_tool_use",
                            "id": "srvtoolu_01",
                            "name": "advisor",
                            "input": {},
                        }
                    ],
                }
            ]
        ),
    ),
]
