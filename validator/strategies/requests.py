"""Requests: conversations that alternate, thinking, tool choice, system prompts, the
`POST /v1/messages` and count_tokens bodies."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from validator.strategies.leaves import (
    MAX_OUTPUT,
    MODEL,
    WORDS,
    Json,
    cache_control,
    id_suffixes,
    maybe_add,
    multiline,
    signatures,
    text_blocks,
    texts,
    tool_lists,
    user_blocks,
    user_blocks_no_images,
)


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
            maybe_add(draw, result, "content", multiline | st.lists(text_blocks, max_size=2))
            maybe_add(draw, result, "is_error", st.booleans())
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
        maybe_add(draw, choice, "disable_parallel_tool_use", st.booleans())
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
    maybe_add(draw, body, "system", system_prompts())
    maybe_add(draw, body, "metadata", st.uuids().map(lambda u: {"user_id": str(u)}))
    maybe_add(draw, body, "stop_sequences", st.lists(st.sampled_from(WORDS), max_size=3))
    if stream is None:
        maybe_add(draw, body, "stream", st.booleans())
    elif stream:
        body["stream"] = True
    maybe_add(draw, body, "service_tier", st.sampled_from(["auto", "standard_only"]))
    maybe_add(draw, body, "cache_control", cache_control)
    return body


COUNT_TOKENS_FIELDS = ("model", "messages", "system", "tools", "tool_choice", "thinking")


@st.composite
def count_tokens_requests(draw: Any, **knobs: Any) -> Json:
    """A valid `POST /v1/messages/count_tokens` body (a request without max_tokens & co)."""
    body = draw(requests(**knobs))
    return {k: v for k, v in body.items() if k in COUNT_TOKENS_FIELDS}
