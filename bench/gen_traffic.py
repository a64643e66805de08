"""Generate realistic Messages API traffic for the benchmarks (seeded, no network).

Each exchange is a request (system prompt, tools, a multi-turn conversation with tool use)
and its response (text, sometimes a tool_use), shaped like the recorded corpus. Sizes vary
around a few KB per record; `describe()` reports the mean so the bench can state it.
"""

from __future__ import annotations

import random
from typing import Any

import orjson

MODELS = ["claude-haiku-4-5", "claude-sonnet-4-5", "claude-opus-4-8", "claude-sonnet-5"]
WORDS = [
    "the",
    "a",
    "report",
    "weather",
    "Paris",
    "sum",
    "draft",
    "invoice",
    "customer",
    "order",
    "shipped",
    "delayed",
    "refund",
    "please",
    "could",
    "you",
    "check",
    "status",
    "of",
    "my",
    "account",
    "thanks",
    "analysis",
    "summary",
    "table",
    "results",
    "function",
    "returns",
    "error",
    "timeout",
    "retry",
    "config",
    "value",
    "file",
    "path",
    "line",
    "column",
    "München",
    "東京",
]


def _text(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _tool(rng: random.Random, i: int) -> dict[str, Any]:
    props = {f"arg{k}": {"type": "string", "description": _text(rng, 3, 8)} for k in range(3)}
    return {
        "name": f"tool_{i}",
        "description": _text(rng, 8, 30),
        "input_schema": {"type": "object", "properties": props, "required": ["arg0"]},
    }


def _turns(rng: random.Random, tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = [{"role": "user", "content": _text(rng, 10, 120)}]
    for turn in range(rng.randint(0, 4)):
        assistant: list[dict[str, Any]] = [{"type": "text", "text": _text(rng, 10, 80)}]
        uses = []
        if tools and rng.random() < 0.5:
            use = {"type": "tool_use", "id": f"toolu_{turn:02d}{rng.randrange(10**8):08d}"}
            use |= {"name": rng.choice(tools)["name"], "input": {"arg0": _text(rng, 1, 6)}}
            uses.append(use)
        messages.append({"role": "assistant", "content": assistant + uses})
        answer: list[dict[str, Any]] = [
            {"type": "tool_result", "tool_use_id": u["id"], "content": _text(rng, 20, 150)}
            for u in uses
        ]
        answer.append({"type": "text", "text": _text(rng, 5, 60)})
        messages.append({"role": "user", "content": answer})
    return messages


def request(rng: random.Random) -> dict[str, Any]:
    tools = [_tool(rng, i) for i in range(rng.choice([0, 0, 2, 4]))]
    body: dict[str, Any] = {
        "model": rng.choice(MODELS),
        "max_tokens": rng.choice([1024, 4096, 8192]),
        "system": [
            {"type": "text", "text": _text(rng, 40, 200), "cache_control": {"type": "ephemeral"}}
        ],
        "messages": _turns(rng, tools),
    }
    if tools:
        body["tools"] = tools
    if rng.random() < 0.2:
        body["metadata"] = {"user_id": f"user-{rng.randrange(10**6)}"}
    return body


def response(rng: random.Random, model: str) -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"type": "text", "text": _text(rng, 20, 400)}]
    stop = "end_turn"
    if rng.random() < 0.3:
        content.append(
            {
                "type": "tool_use",
                "id": f"toolu_{rng.randrange(10**12)}",
                "name": "tool_0",
                "input": {"arg0": _text(rng, 1, 5)},
                "caller": {"type": "direct"},
            }
        )
        stop = "tool_use"
    return {
        "id": f"msg_{rng.randrange(10**16):016d}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {
            "input_tokens": rng.randrange(10, 20000),
            "output_tokens": rng.randrange(1, 4000),
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": rng.randrange(0, 5000),
            "service_tier": "standard",
        },
    }


def traffic(n: int, seed: int = 7) -> tuple[list[bytes], list[bytes]]:
    """`n` request bodies and `n` response bodies, serialized as JSON bytes."""
    rng = random.Random(seed)
    requests, responses = [], []
    for _ in range(n):
        body = request(rng)
        requests.append(orjson.dumps(body))
        responses.append(orjson.dumps(response(rng, body["model"])))
    return requests, responses


def describe(records: list[bytes]) -> str:
    mean = sum(map(len, records)) / max(1, len(records)) / 1024
    return f"{len(records)} records, mean {mean:.1f} KB"
