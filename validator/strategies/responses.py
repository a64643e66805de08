"""Responses: messages whose stop_reason agrees with their content, the streams that build
them event by event, and error envelopes."""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import strategies as st

from validator.strategies.leaves import MODEL, WORDS, Json, knob, maybe_add, texts, tool_names
from validator.strategies.requests import assistant_turn


# -- responses ------------------------------------------------------------------------------
@st.composite
def usages(draw: Any) -> Json:
    counts = st.integers(0, 200_000)
    usage: Json = {"input_tokens": draw(counts), "output_tokens": draw(st.integers(1, 64_000))}
    maybe_add(draw, usage, "cache_creation_input_tokens", counts | st.none())
    maybe_add(draw, usage, "cache_read_input_tokens", counts | st.none())
    maybe_add(draw, usage, "service_tier", st.sampled_from(["standard", "priority", "batch"]))
    if draw(st.booleans()):
        usage["output_tokens_details"] = {
            "thinking_tokens": draw(st.integers(0, usage["output_tokens"]))
        }
    return usage


@st.composite
def responses(
    draw: Any,
    *,
    model: str = MODEL,
    tools: list[str] | None = None,
    thinking: bool | None = None,
) -> Json:
    """A valid 200 `Message` whose stop_reason agrees with its content.

    `tools`: the names it may call (default: made up); `thinking`: a thinking block first.
    """
    names = draw(st.lists(tool_names, max_size=2)) if tools is None else tools
    blocks = draw(assistant_turn(0, names, knob(draw, thinking)))
    for block in blocks:
        if block["type"] == "tool_use":
            block["caller"] = {"type": "direct"}
        elif block["type"] == "text" and draw(st.booleans()):
            block["citations"] = None
    used = any(b["type"] == "tool_use" for b in blocks)
    stop = (
        "tool_use" if used else draw(st.sampled_from(["end_turn", "max_tokens", "stop_sequence"]))
    )
    return {
        "id": "msg_" + draw(st.from_regex(r"[A-Za-z0-9]{20}", fullmatch=True)),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": blocks,
        "stop_reason": stop,
        "stop_sequence": draw(st.sampled_from(WORDS)) if stop == "stop_sequence" else None,
        "usage": draw(usages()),
    }


# -- streams --------------------------------------------------------------------------------
def _pieces(draw: Any, text: str) -> list[str]:
    """`text` cut into 1-3 non-empty pieces (the deltas of a block)."""
    if len(text) < 2:
        return [text]
    cuts = sorted(set(draw(st.lists(st.integers(1, len(text) - 1), max_size=2))))
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def _block_events(draw: Any, index: int, block: Json) -> list[Json]:
    kind = block["type"]
    if kind == "text":
        start: Json = {"type": "text", "text": ""}
        deltas = [{"type": "text_delta", "text": p} for p in _pieces(draw, block["text"])]
    elif kind == "thinking":
        start = {"type": "thinking", "thinking": "", "signature": ""}
        deltas = [
            {"type": "thinking_delta", "thinking": p} for p in _pieces(draw, block["thinking"])
        ]
        deltas.append({"type": "signature_delta", "signature": block["signature"]})
    else:  # tool_use
        start = {k: v for k, v in block.items() if k != "input"} | {"input": {}}
        text = json.dumps(block["input"])
        deltas = [{"type": "input_json_delta", "partial_json": p} for p in _pieces(draw, text)]
    events: list[Json] = [{"type": "content_block_start", "index": index, "content_block": start}]
    events += [{"type": "content_block_delta", "index": index, "delta": d} for d in deltas]
    events.append({"type": "content_block_stop", "index": index})
    return events


def stream_of(draw: Any, message: Json) -> list[Json]:
    """The SSE event `data` payloads that stream `message`, in order."""
    usage = message["usage"]
    start = {**message, "content": [], "stop_reason": None, "stop_sequence": None}
    start["usage"] = {**usage, "output_tokens": 1}
    events: list[Json] = [{"type": "message_start", "message": start}]
    if draw(st.booleans()):
        events.append({"type": "ping"})
    for index, block in enumerate(message["content"]):
        events += _block_events(draw, index, block)
    delta = {"stop_reason": message["stop_reason"], "stop_sequence": message["stop_sequence"]}
    events.append(
        {
            "type": "message_delta",
            "delta": delta,
            "usage": {"output_tokens": usage["output_tokens"]},
        }
    )
    events.append({"type": "message_stop"})
    return events


@st.composite
def streams(draw: Any, **knobs: Any) -> list[Json]:
    """The events of a valid stream (the `data` of each SSE event), for `responses(**knobs)`."""
    return stream_of(draw, draw(responses(**knobs)))


@st.composite
def stream_events(draw: Any, **knobs: Any) -> Json:
    """One valid stream event."""
    return draw(st.sampled_from(draw(streams(**knobs))))


# -- errors, counts, batches ----------------------------------------------------------------
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}
request_ids = st.from_regex(r"req_[A-Za-z0-9]{24}", fullmatch=True)


@st.composite
def errors(draw: Any, status: int | None = None) -> Json:
    """A valid error envelope (`{"type": "error", "error": {...}}`), for `status` if given."""
    kind = (
        ERROR_TYPES[status]
        if status in ERROR_TYPES
        else draw(st.sampled_from(list(ERROR_TYPES.values())))
    )
    error: Json = {"type": "error", "error": {"type": kind, "message": draw(texts)}}
    maybe_add(draw, error, "request_id", request_ids | st.none())
    return error
