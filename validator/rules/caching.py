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


_NESTING = frozenset({"tool_result", "search_result", "document"})


def breakpoints(payload: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(pointer, cache_control) of every breakpoint, in prefix order: one walk per check.

    Pointers are made only for the objects that carry `cache_control` (few), not for every
    block walked past.
    """
    found: list[tuple[str, dict[str, Any]]] = []
    for key in ("tools", "system"):
        items = payload.get(key)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict) and isinstance(item.get("cache_control"), dict):
                found.append((f"/{key}/{i}", item["cache_control"]))
    messages = payload.get("messages")
    for i, message in enumerate(messages if isinstance(messages, list) else ()):
        content = message.get("content") if isinstance(message, dict) else None
        for j, block in enumerate(content if isinstance(content, list) else ()):
            if isinstance(block, dict):
                _collect(block, ("messages", i, "content", j), found)
    if isinstance(payload.get("cache_control"), dict):
        found.append(("", payload["cache_control"]))
    return found


def _collect(
    block: dict[str, Any], path: tuple[Any, ...], found: list[tuple[str, dict[str, Any]]]
) -> None:
    """A block's breakpoint, then those of the blocks nested in it."""
    mark = block.get("cache_control")
    if isinstance(mark, dict):
        found.append(("/" + "/".join(map(str, path)), mark))
    kind = block.get("type")
    if not isinstance(kind, str) or kind not in _NESTING:
        return
    content = block.get("content")
    source = block.get("source")
    if kind == "document" and isinstance(source, dict):
        content, path = source.get("content"), (*path, "source")
    if isinstance(content, list):
        for j, inner in enumerate(content):
            if isinstance(inner, dict):
                _collect(inner, (*path, "content", j), found)


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
