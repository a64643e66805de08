"""Hypothesis strategies written for this spec: valid Messages payloads, and single mutations.

Generic JSON Schema generators do not cope with discriminated unions of this size, and know
nothing of the cross-field rules; these strategies build payloads the way a client would, so
that a generated request is valid for the schema AND for the function rules: roles alternate
starting with `user`, every `tool_use` is answered by `tool_result`s first in the next user
turn, `budget_tokens` < `max_tokens` ≤ the model's maximum, no sampling parameters, no final
assistant turn (no prefill), tool names unique, `tool_choice` only with tools, forced tool use
never with manual thinking, at most two cache breakpoints, no beta-only field.

`mutated_requests()` / `mutated_responses()` yield `(payload, pointer, rule)`: one mutation
(out-of-range number, wrong type, missing required field, unknown field, unknown block type,
trailing newline against a pattern) and the finding it must produce at exactly `pointer`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from validator import pointer as jp

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
image_blocks = st.integers(0, 999).map(
    lambda n: {"type": "image", "source": {"type": "url", "url": f"https://example.com/{n}.png"}}
)


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


@st.composite
def tools(draw: Any) -> list[Json]:
    names = draw(st.lists(tool_names, unique=True, max_size=3))
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
def user_content(draw: Any) -> str | list[Json]:
    if draw(st.booleans()):
        return draw(multiline)
    return draw(st.lists(user_blocks, min_size=1, max_size=3))


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
def answer_turn(draw: Any, previous: list[Json]) -> str | list[Json]:
    """The user turn after `previous`: its tool_results first, then maybe more content."""
    results: list[Json] = []
    for block in previous:
        if block["type"] == "tool_use":
            result: Json = {"type": "tool_result", "tool_use_id": block["id"]}
            _optional(draw, result, "content", multiline | st.lists(text_blocks, max_size=2))
            _optional(draw, result, "is_error", st.booleans())
            results.append(result)
    if not results:
        return draw(user_content())
    return results + draw(st.lists(text_blocks, max_size=1))


@st.composite
def conversations(draw: Any, names: list[str], thinking: bool) -> list[Json]:
    messages: list[Json] = [{"role": "user", "content": draw(user_content())}]
    for turn in range(draw(st.integers(0, 3))):
        blocks = draw(assistant_turn(turn, names, thinking))
        messages.append({"role": "assistant", "content": blocks})
        messages.append({"role": "user", "content": draw(answer_turn(blocks))})
    return messages


# -- requests -------------------------------------------------------------------------------
@st.composite
def thinking_configs(draw: Any) -> Json | None:
    kind = draw(st.sampled_from(["none", "disabled", "enabled"]))
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


@st.composite
def requests(draw: Any) -> Json:
    """A valid `POST /v1/messages` body (schema and cross-field rules)."""
    tool_list = draw(tools())
    names = [t["name"] for t in tool_list]
    thinking = draw(thinking_configs())
    manual = bool(thinking and thinking["type"] == "enabled")
    low = thinking["budget_tokens"] + 1 if manual else 1
    body: Json = {"model": MODEL, "max_tokens": draw(st.integers(low, MAX_OUTPUT))}
    body["messages"] = draw(conversations(names, manual))
    if thinking:
        body["thinking"] = thinking
    if tool_list:
        body["tools"] = tool_list
        choice = draw(tool_choices(names, manual))
        if choice:
            body["tool_choice"] = choice
    _optional(draw, body, "system", system_prompts())
    _optional(draw, body, "metadata", st.uuids().map(lambda u: {"user_id": str(u)}))
    _optional(draw, body, "stop_sequences", st.lists(st.sampled_from(WORDS), max_size=3))
    _optional(draw, body, "stream", st.booleans())
    _optional(draw, body, "service_tier", st.sampled_from(["auto", "standard_only"]))
    _optional(draw, body, "cache_control", cache_control)
    return body


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
def responses(draw: Any) -> Json:
    """A valid 200 `Message` whose stop_reason agrees with its content."""
    blocks = draw(assistant_turn(0, draw(st.lists(tool_names, max_size=2)), draw(st.booleans())))
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
        "model": MODEL,
        "content": blocks,
        "stop_reason": stop,
        "stop_sequence": draw(st.sampled_from(WORDS)) if stop == "stop_sequence" else None,
        "usage": draw(usages()),
    }


# -- mutations ------------------------------------------------------------------------------
Mutation = tuple[Json, str, str]  # (mutated payload, pointer, expected rule)
Candidate = tuple[str, Callable[[Any], Mutation]]


def content_blocks(payload: Json) -> list[tuple[str, Json]]:
    """(pointer, block) of every content block of a request or a response."""
    if "messages" not in payload:
        return [(f"/content/{j}", b) for j, b in enumerate(payload.get("content", []))]
    found = []
    for i, message in enumerate(payload["messages"]):
        if isinstance(message["content"], list):
            found += [(f"/messages/{i}/content/{j}", b) for j, b in enumerate(message["content"])]
    return found


def _set(payload: Json, pointer: str, value: Any) -> Json:
    out = copy.deepcopy(payload)
    *parents, last = jp.decode(pointer)
    node = out
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return out


_DELETE = object()


def _mutation(pointer: str, value: Any, rule: str) -> Callable[[Json], Mutation]:
    return lambda payload: (_set(payload, pointer, value), pointer, rule)


def _request_candidates(payload: Json, budget_rule: str) -> list[Candidate]:
    c: list[Candidate] = [
        ("range", _mutation("/max_tokens", -1, "schema/minimum")),
        ("type", _mutation("/max_tokens", str(payload["max_tokens"]), "schema/type")),
        ("type", _mutation("/messages/0/content", 7, "schema/type")),
        ("missing", _mutation("/model", _DELETE, "schema/required")),
        ("missing", _mutation("/max_tokens", _DELETE, "schema/required")),
        ("missing", _mutation("/messages/0/role", _DELETE, "schema/required")),
        ("unknown-field", _mutation("/zz_extra", 1, "schema/unknown-field")),
        ("unknown-field", _mutation("/messages/0/zz_extra", True, "schema/unknown-field")),
    ]
    thinking = payload.get("thinking") or {}
    if thinking.get("type") == "enabled":
        c.append(("range", _mutation("/thinking/budget_tokens", 1023, budget_rule)))
        c.append(("unknown-field", _mutation("/thinking/zz_extra", 1, "schema/unknown-field")))
    for i in range(len(payload.get("tools", []))):
        c.append(("missing", _mutation(f"/tools/{i}/input_schema", _DELETE, "schema/required")))
        c.append(("type", _mutation(f"/tools/{i}/name", 12, "schema/type")))
    return c + _block_candidates(payload, request=True)


def _block_candidates(payload: Json, *, request: bool) -> list[Candidate]:
    c: list[Candidate] = []
    for where, block in content_blocks(payload):
        c.append(("unknown-type", _mutation(f"{where}/type", "hologram", "schema/unknown-type")))
        if request:
            c.append(("unknown-field", _mutation(f"{where}/zz_extra", 0, "schema/unknown-field")))
        if block["type"] == "text":
            c.append(("missing", _mutation(f"{where}/text", _DELETE, "schema/required")))
            c.append(("type", _mutation(f"{where}/text", 5, "schema/type")))
        elif block["type"] == "tool_use":
            c.append(("missing", _mutation(f"{where}/input", _DELETE, "schema/required")))
            c.append(("type", _mutation(f"{where}/input", "q", "schema/type")))
            if request:  # ids have a pattern in requests; `$` must not pass a trailing newline
                c.append(
                    ("newline", _mutation(f"{where}/id", block["id"] + "\n", "schema/pattern"))
                )
        elif block["type"] == "tool_result":
            newline = block["tool_use_id"] + "\n"
            c.append(("newline", _mutation(f"{where}/tool_use_id", newline, "schema/pattern")))
    return c


def _response_candidates(payload: Json) -> list[Candidate]:
    c: list[Candidate] = [
        ("range", _mutation("/usage/input_tokens", -5, "schema/minimum")),
        ("type", _mutation("/usage/output_tokens", "12", "schema/type")),
        ("type", _mutation("/model", 4, "schema/type")),
        ("missing", _mutation("/usage", _DELETE, "schema/required")),
        ("missing", _mutation("/id", _DELETE, "schema/required")),
        ("missing", _mutation("/usage/output_tokens", _DELETE, "schema/required")),
    ]
    return c + _block_candidates(payload, request=False)


@st.composite
def mutated_requests(draw: Any, budget_rule: str = "thinking/budget-below-minimum") -> Mutation:
    """A valid request with one mutation, its pointer and the rule it must trigger."""
    payload = draw(requests())
    _, apply = draw(st.sampled_from(_request_candidates(payload, budget_rule)))
    return apply(payload)


@st.composite
def mutated_responses(draw: Any) -> Mutation:
    """A valid response with one mutation, its pointer and the rule it must trigger."""
    payload = draw(responses())
    _, apply = draw(st.sampled_from(_response_candidates(payload)))
    return apply(payload)
