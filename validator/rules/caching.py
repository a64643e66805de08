"""Prompt caching: at most four cache breakpoints.

`cache_control` on an empty text block (API: "cache_control cannot be set for empty text
blocks") is not a rule of its own: every empty text block is already content/text-empty.

Breakpoints are counted in cache-prefix order (tools, system, messages) plus the top-level
`cache_control` (automatic caching takes one slot), including blocks nested in tool results,
search results and custom-content documents. Tool inputs are data, never walked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule

MAX_BREAKPOINTS = 4


def _nested(block: dict[str, Any], pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """A block and the blocks nested in it that may carry cache_control."""
    yield pointer, block
    content = block.get("content")
    source = block.get("source")
    if block.get("type") == "document" and isinstance(source, dict):
        content, pointer = source.get("content"), f"{pointer}/source"
    if block.get("type") in ("tool_result", "search_result", "document") and isinstance(
        content, list
    ):
        for j, inner in enumerate(content):
            if isinstance(inner, dict):
                yield from _nested(inner, f"{pointer}/content/{j}")


def cacheable(payload: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, object) for every object that may hold cache_control, in prefix order."""
    for key in ("tools", "system"):
        items = payload.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield f"/{key}/{i}", item
    messages = payload.get("messages")
    for i, message in enumerate(messages if isinstance(messages, list) else []):
        content = message.get("content") if isinstance(message, dict) else None
        for j, block in enumerate(content if isinstance(content, list) else []):
            if isinstance(block, dict):
                yield from _nested(block, f"/messages/{i}/content/{j}")
    yield "", payload


def breakpoints(payload: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(pointer, cache_control) of every breakpoint, in prefix order: one walk per check."""
    return [
        (pointer, obj["cache_control"])
        for pointer, obj in cacheable(payload)
        if isinstance(obj.get("cache_control"), dict)
    ]


@rule("caching/too-many-breakpoints", needs=("key:cache_control",))
def too_many_breakpoints(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """At most 4 blocks may carry cache_control (the top-level one counts)."""
    if not isinstance(payload, dict):
        return
    marked = [pointer for pointer, _ in ctx.memo(breakpoints, payload)]
    if len(marked) > MAX_BREAKPOINTS:
        yield Hit(
            f"{marked[MAX_BREAKPOINTS]}/cache_control",
            f"A maximum of {MAX_BREAKPOINTS} blocks with cache_control may be provided. "
            f"Found {len(marked)}.",
        )


@rule("caching/ttl-out-of-order", needs=("key:cache_control",))
def ttl_out_of_order(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `1h` cache breakpoint should not come after a `5m` one (the default ttl is `5m`).

    A warning: the docs state the order, but whether the API still rejects it is unverified.
    """
    if not isinstance(payload, dict):
        return
    short: str | None = None
    for pointer, mark in ctx.memo(breakpoints, payload):
        ttl = mark.get("ttl", "5m")
        if ttl == "5m" and short is None:
            short = pointer
        elif ttl == "1h" and short is not None:
            yield Hit(
                f"{pointer}/cache_control/ttl",
                f"a 1h cache breakpoint must come before every 5m one (5m at {short or '/'})",
            )
