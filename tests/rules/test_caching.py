"""The cache-breakpoint walk (`validator.rules.caching.breakpoints`) against a plain reference
walk: every object that may carry `cache_control`, in cache-prefix order."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from validator.core import pointer as jp
from validator.rules.caching import breakpoints

MARK = st.sampled_from([None, {"type": "ephemeral"}, {"type": "ephemeral", "ttl": "1h"}, "x"])
TYPES = st.sampled_from(["text", "tool_result", "search_result", "document", "image", 7, ["t"]])


def _block(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    def build(kind: Any, mark: Any, content: Any, in_source: bool) -> dict[str, Any]:
        block: dict[str, Any] = {"type": kind}
        if mark is not None:
            block["cache_control"] = mark
        if in_source:
            block["source"] = {"type": "content", "content": content}
        else:
            block["content"] = content
        return block

    content = st.one_of(st.lists(children, max_size=3), st.just("text"))
    return st.builds(build, TYPES, MARK, content, st.booleans())


BLOCKS = st.recursive(st.builds(dict, type=TYPES), _block, max_leaves=12)
ITEMS = st.lists(st.one_of(st.builds(lambda m: {"cache_control": m}, MARK), st.just(3)), max_size=3)
MESSAGES = st.lists(
    st.one_of(st.builds(lambda c: {"role": "user", "content": c}, st.lists(BLOCKS, max_size=3))),
    max_size=3,
)


def _reference(payload: dict[str, Any]) -> list[str]:
    """Where a breakpoint may sit, walked as the docs list them (a plain recursive walk)."""
    found: list[str] = []

    def visit(obj: Any, pointer: str) -> None:
        if not isinstance(obj, dict):
            return
        if isinstance(obj.get("cache_control"), dict):
            found.append(pointer)
        kind = obj.get("type")
        content = obj.get("content")
        if kind == "document" and isinstance(obj.get("source"), dict):
            content, pointer = obj["source"].get("content"), f"{pointer}/source"
        if kind in ("tool_result", "search_result", "document") and isinstance(content, list):
            for j, inner in enumerate(content):
                visit(inner, f"{pointer}/content/{j}")

    for key in ("tools", "system"):
        for i, item in enumerate(payload.get(key) or []):
            if isinstance(item, dict) and isinstance(item.get("cache_control"), dict):
                found.append(f"/{key}/{i}")
    for i, message in enumerate(payload.get("messages") or []):
        for j, block in enumerate(message["content"]):
            visit(block, f"/messages/{i}/content/{j}")
    if isinstance(payload.get("cache_control"), dict):
        found.append("")
    return found


@settings(max_examples=300, deadline=None)
@given(tools=ITEMS, system=ITEMS, messages=MESSAGES, top=MARK)
def test_breakpoints_are_every_mark_in_prefix_order(
    tools: list[Any], system: list[Any], messages: list[Any], top: Any
) -> None:
    payload: dict[str, Any] = {"tools": tools, "system": system, "messages": messages}
    if top is not None:
        payload["cache_control"] = top
    found = breakpoints(payload)
    assert [pointer for pointer, _ in found] == _reference(payload)
    for pointer, mark in found:
        assert jp.resolve(payload, pointer)["cache_control"] is mark
