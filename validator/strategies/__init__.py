"""Hypothesis strategies for every kind of Messages API payload, valid by the spec and its rules.

    from hypothesis import given
    from validator import strategies as mv

    @given(mv.requests(tools=True, thinking=True))
    def test_my_client_accepts(body): ...

Generic JSON Schema generators do not cope with discriminated unions of this size and know
nothing of the cross-field rules; these build payloads the way a client would: roles alternate
starting with `user`, every `tool_use` is answered by `tool_result`s first in the next user
turn, thinking blocks come first in an assistant turn, `budget_tokens` < `max_tokens` <= the
model's maximum, no sampling parameters, no final assistant turn (no prefill), tool names
unique, `tool_choice` only with tools, forced tool use never with manual thinking, at most two
cache breakpoints, no beta-only field, base64 images are real bytes of their media type.

One strategy per spec kind (`KIND_STRATEGIES`): `requests()`, `count_tokens_requests()`,
`responses()`, `errors()`, `stream_events()`, `streams()`, `exchanges()`, `batch_creates()`,
`batch_lines()`, `batch_results()`, `batches()`, `count_tokens_responses()`.

hypothesis is a test dependency, not a runtime one: this is the only module of the package
that imports it, and nothing else imports this module.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import strategies as st

MODEL = "claude-haiku-4-5"  # current, not deprecated; manual thinking; 64,000 output tokens
MAX_OUTPUT = 64_000
WORDS = ["weather", "Paris", "sum", "the", "report", "draft", "café", "日本", "why?", "ok", "42"]
Json = dict[str, Any]

# -- leaves ---------------------------------------------------------------------------------
safe_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
free_text = st.text(safe_chars, min_size=1, max_size=30).filter(lambda s: s.strip() == s != "")
texts = st.one_of(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join), free_text)
multiline = st.lists(texts, min_size=1, max_size=3).map("\n".join)  # newlines inside, not at end
tool_names = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
id_suffixes = st.from_regex(r"[A-Za-z0-9]{6}", fullmatch=True)
signatures = st.from_regex(r"[A-Za-z0-9+/]{8,40}", fullmatch=True)
cache_control = st.sampled_from([{"type": "ephemeral"}, {"type": "ephemeral", "ttl": "5m"}])


def _optional(draw: Any, target: Json, key: str, strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        target[key] = draw(strategy)


# -- request blocks -------------------------------------------------------------------------
text_blocks = st.builds(lambda t: {"type": "text", "text": t}, multiline)
# 1x1 images, real bytes of each media type (the media rules read them).
IMAGES = {
    "image/png": (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
    ),
    "image/gif": "R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=",
    "image/webp": "UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=",
    "image/jpeg": (
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4n"
        "ICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/E"
        "ABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q=="
    ),
}
url_images = st.integers(0, 999).map(
    lambda n: {"type": "image", "source": {"type": "url", "url": f"https://example.com/{n}.png"}}
)
base64_images = st.sampled_from(sorted(IMAGES)).map(
    lambda media: {
        "type": "image",
        "source": {"type": "base64", "media_type": media, "data": IMAGES[media]},
    }
)
image_blocks = url_images | base64_images


@st.composite
def document_blocks(draw: Any) -> Json:
    block: Json = {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": draw(multiline)},
    }
    _optional(draw, block, "title", st.text(safe_chars, min_size=1, max_size=40))
    _optional(draw, block, "citations", st.just({"enabled": True}))
    return block


user_blocks = st.one_of(text_blocks, image_blocks, document_blocks())
user_blocks_no_images = st.one_of(text_blocks, document_blocks())


@st.composite
def tool_lists(draw: Any, min_size: int = 0) -> list[Json]:
    names = draw(st.lists(tool_names, unique=True, min_size=min_size, max_size=3))
    out = []
    for name in names:
        tool: Json = {
            "name": name,
            "input_schema": {
                "type": "object",
                "properties": {"q": {"type": "string"}},
                "required": ["q"],
            },
        }
        _optional(draw, tool, "description", texts)
        _optional(draw, tool, "type", st.just("custom"))
        out.append(tool)
    return out


# -- conversations --------------------------------------------------------------------------
@st.composite
def user_content(draw: Any, images: bool = True) -> str | list[Json]:
    if draw(st.booleans()):
        return draw(multiline)
    blocks = user_blocks if images else user_blocks_no_images
    return draw(st.lists(blocks, min_size=1, max_size=3))


@st.composite
def assistant_turn(draw: Any, turn: int, names: list[str], thinking: bool) -> list[Json]:
    """An assistant turn; starts with a thinking block when manual thinking is on."""
    blocks: list[Json] = []
    if thinking:
        blocks.append(
            {"type": "thinking", "thinking": draw(multiline), "signature": draw(signatures)}
        )
    uses = draw(st.integers(0, min(2, len(names))))
    if not uses or draw(st.booleans()):
        blocks.append(draw(text_blocks))
    for k in range(uses):
        blocks.append(
            {
                "type": "tool_use",
                "id": f"toolu_{turn:02d}{k:02d}{draw(id_suffixes)}",
                "name": draw(st.sampled_from(names)),
                "input": {"q": draw(texts)},
            }
        )
    return blocks


@st.composite
def answer_turn(draw: Any, previous: list[Json], images: bool = True) -> str | list[Json]:
    """The user turn after `previous`: its tool_results first, then maybe more content."""
    results: list[Json] = []
    for block in previous:
        if block["type"] == "tool_use":
            result: Json = {"type": "tool_result", "tool_use_id": block["id"]}
            _optional(draw, result, "content", multiline | st.lists(text_blocks, max_size=2))
            _optional(draw, result, "is_error", st.booleans())
            results.append(result)
    if not results:
        return draw(user_content(images))
    return results + draw(st.lists(text_blocks, max_size=1))


@st.composite
def conversations(draw: Any, names: list[str], thinking: bool, images: bool = True) -> list[Json]:
    messages: list[Json] = [{"role": "user", "content": draw(user_content(images))}]
    for turn in range(draw(st.integers(0, 3))):
        blocks = draw(assistant_turn(turn, names, thinking))
        messages.append({"role": "assistant", "content": blocks})
        messages.append({"role": "user", "content": draw(answer_turn(blocks, images))})
    return messages


# -- requests -------------------------------------------------------------------------------
@st.composite
def thinking_configs(draw: Any, thinking: bool | None = None) -> Json | None:
    options = {None: ["none", "disabled", "enabled"], True: ["enabled"], False: ["none"]}
    kind = draw(st.sampled_from(options[thinking]))
    if kind == "none":
        return None
    if kind == "disabled":
        return {"type": "disabled"}
    return {"type": "enabled", "budget_tokens": draw(st.integers(1024, 32_000))}


@st.composite
def tool_choices(draw: Any, names: list[str], manual_thinking: bool) -> Json | None:
    options = ["absent", "auto", "none"] + ([] if manual_thinking else ["any", "tool"])
    kind = draw(st.sampled_from(options))
    if kind == "absent":
        return None
    choice: Json = {"type": kind}
    if kind == "tool":
        choice["name"] = draw(st.sampled_from(names))
    if kind != "none":
        _optional(draw, choice, "disable_parallel_tool_use", st.booleans())
    return choice


@st.composite
def system_prompts(draw: Any) -> str | list[Json]:
    if draw(st.booleans()):
        return draw(multiline)
    blocks = draw(st.lists(text_blocks, min_size=1, max_size=2))
    if draw(st.booleans()):
        blocks[-1] = {**blocks[-1], "cache_control": draw(cache_control)}
    return blocks


def _knob(draw: Any, value: bool | None) -> bool:
    return draw(st.booleans()) if value is None else value


@st.composite
def requests(
    draw: Any,
    *,
    model: str = MODEL,
    tools: bool | None = None,
    thinking: bool | None = None,
    images: bool = True,
    stream: bool | None = None,
) -> Json:
    """A valid `POST /v1/messages` body (schema and cross-field rules).

    Knobs: `tools` / `thinking` / `stream` True or False force them on or off (None: either),
    `images=False` leaves images out, `model` must be a current model with manual thinking
    when `thinking` may be on (the default, claude-haiku-4-5, is).
    """
    tool_list = (
        draw(tool_lists(min_size=1)) if tools else [] if tools is False else draw(tool_lists())
    )
    names = [t["name"] for t in tool_list]
    config = draw(thinking_configs(thinking))
    manual = bool(config and config["type"] == "enabled")
    low = config["budget_tokens"] + 1 if manual else 1
    body: Json = {"model": model, "max_tokens": draw(st.integers(low, MAX_OUTPUT))}
    body["messages"] = draw(conversations(names, manual, images))
    if config:
        body["thinking"] = config
    if tool_list:
        body["tools"] = tool_list
        choice = draw(tool_choices(names, manual))
        if choice:
            body["tool_choice"] = choice
    _optional(draw, body, "system", system_prompts())
    _optional(draw, body, "metadata", st.uuids().map(lambda u: {"user_id": str(u)}))
    _optional(draw, body, "stop_sequences", st.lists(st.sampled_from(WORDS), max_size=3))
    if stream is None:
        _optional(draw, body, "stream", st.booleans())
    elif stream:
        body["stream"] = True
    _optional(draw, body, "service_tier", st.sampled_from(["auto", "standard_only"]))
    _optional(draw, body, "cache_control", cache_control)
    return body


COUNT_TOKENS_FIELDS = ("model", "messages", "system", "tools", "tool_choice", "thinking")


@st.composite
def count_tokens_requests(draw: Any, **knobs: Any) -> Json:
    """A valid `POST /v1/messages/count_tokens` body (a request without max_tokens & co)."""
    body = draw(requests(**knobs))
    return {k: v for k, v in body.items() if k in COUNT_TOKENS_FIELDS}


# -- responses ------------------------------------------------------------------------------
@st.composite
def usages(draw: Any) -> Json:
    counts = st.integers(0, 200_000)
    usage: Json = {"input_tokens": draw(counts), "output_tokens": draw(st.integers(1, 64_000))}
    _optional(draw, usage, "cache_creation_input_tokens", counts | st.none())
    _optional(draw, usage, "cache_read_input_tokens", counts | st.none())
    _optional(draw, usage, "service_tier", st.sampled_from(["standard", "priority", "batch"]))
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
    blocks = draw(assistant_turn(0, names, _knob(draw, thinking)))
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
    _optional(draw, error, "request_id", request_ids | st.none())
    return error


custom_ids = st.from_regex(r"[a-zA-Z0-9_-]{1,64}", fullmatch=True)


def count_tokens_responses() -> st.SearchStrategy[Json]:
    """A valid count_tokens response."""
    return st.integers(0, 200_000).map(lambda n: {"input_tokens": n})


@st.composite
def batch_lines(draw: Any, **knobs: Any) -> Json:
    """One valid line of a batch input file (`custom_id` and non-streaming `params`)."""
    return {"custom_id": draw(custom_ids), "params": draw(requests(**knobs, stream=False))}


@st.composite
def batch_creates(draw: Any, **knobs: Any) -> Json:
    """A valid `POST /v1/messages/batches` body: requests with unique custom ids."""
    ids = draw(st.lists(custom_ids, min_size=1, max_size=3, unique=True))
    return {
        "requests": [{"custom_id": i, "params": draw(requests(**knobs, stream=False))} for i in ids]
    }


@st.composite
def batch_results(draw: Any) -> Json:
    """One valid line of a batch results file."""
    kind = draw(st.sampled_from(["succeeded", "errored", "canceled", "expired"]))
    result: Json = {"type": kind}
    if kind == "succeeded":
        result["message"] = draw(responses())
    elif kind == "errored":
        result["error"] = draw(errors())
    return {"custom_id": draw(custom_ids), "result": result}


@st.composite
def batches(draw: Any) -> Json:
    """A valid `MessageBatch` object."""
    status = draw(st.sampled_from(["in_progress", "canceling", "ended"]))
    counts = {
        k: draw(st.integers(0, 1000))
        for k in ("processing", "succeeded", "errored", "canceled", "expired")
    }
    ended = status == "ended"
    return {
        "id": "msgbatch_" + draw(st.from_regex(r"[A-Za-z0-9]{24}", fullmatch=True)),
        "type": "message_batch",
        "processing_status": status,
        "request_counts": counts,
        "created_at": "2026-11-24T16:00:00Z",
        "expires_at": "2026-11-25T16:00:00Z",
        "ended_at": "2026-11-24T18:00:00Z" if ended else None,
        "cancel_initiated_at": "2026-11-24T17:00:00Z" if status == "canceling" else None,
        "archived_at": None,
        "results_url": "https://api.anthropic.com/v1/messages/batches/x/results" if ended else None,
    }


# -- exchanges ------------------------------------------------------------------------------
HEADERS = {"anthropic-version": "2023-06-01", "content-type": "application/json"}


@st.composite
def exchanges(draw: Any, *, errors_too: bool = True, **knobs: Any) -> Json:
    """A valid recorded exchange: request, its response (or stream, when it streams) agreeing
    with it (model, tools it may call, stop sequences), headers and status."""
    request = draw(requests(**knobs))
    names = [t["name"] for t in request.get("tools", [])]
    choice = request.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "none":
        names = []  # tool_choice none: the response calls no tool
    if errors_too and draw(st.integers(0, 9)) == 0:
        status = draw(st.sampled_from(sorted(ERROR_TYPES)))
        value = {"request": request, "response": draw(errors(status)), "stream": None}
        return {**value, "request_headers": dict(HEADERS), "status": status}
    message = draw(responses(model=request["model"], tools=names, thinking=False))
    if message["stop_reason"] == "stop_sequence":
        stops = request.get("stop_sequences") or []
        if stops:
            message["stop_sequence"] = draw(st.sampled_from(stops))
        else:
            message["stop_reason"], message["stop_sequence"] = "end_turn", None
    usage = message["usage"]
    usage["output_tokens"] = min(usage["output_tokens"], request["max_tokens"])
    if "output_tokens_details" in usage:
        details = usage["output_tokens_details"]
        details["thinking_tokens"] = min(details["thinking_tokens"], usage["output_tokens"])
    value: Json = {"request": request, "response": None, "stream": None}
    if request.get("stream"):
        value["stream"] = stream_of(draw, message)
    else:
        value["response"] = message
    return {**value, "request_headers": dict(HEADERS), "status": 200}


KIND_STRATEGIES: dict[str, Any] = {
    "request": requests,
    "count-tokens": count_tokens_requests,
    "response": responses,
    "error": errors,
    "stream": streams,
    "stream-event": stream_events,
    "exchange": exchanges,
    "batch-create": batch_creates,
    "batch-line": batch_lines,
    "batch-result": batch_results,
    "batch": batches,
    "count-tokens-response": count_tokens_responses,
}
"""spec kind -> a function returning the strategy of its valid payloads."""
