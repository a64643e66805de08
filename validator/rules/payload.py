"""The payload model the rules share: messages, blocks and turns, as the API reads them.

A string `content` is shorthand for one text block, and consecutive same-role messages form
one turn, because that is how the API reads them (it merges them). Rules call these through
`RuleContext.memo`, so each is computed once per check, however many rules read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from validator.rules import RuleContext
from validator.rules.accumulate import rebuild


class Block:
    """One content block and where it sits; `shorthand` for a string `content`.

    A plain class with slots: a check makes one per block, and a dataclass's `__init__` (a
    frozen one above all) costs more. The pointer is made only when a rule asks for it (when
    it reports), not for every block. Rules read blocks, never change them.
    """

    __slots__ = ("message", "position", "shorthand", "type", "value")

    def __init__(
        self, value: dict[str, Any], message: int, position: int, shorthand: bool = False
    ) -> None:
        self.value = value
        self.message = message  # the index of its message
        self.position = position  # its index in the message's content
        self.shorthand = shorthand
        self.type = value.get("type")

    def __repr__(self) -> str:
        return f"Block({self.pointer!r}, {self.value!r})"

    @property
    def pointer(self) -> str:
        base = f"/messages/{self.message}/content"
        return base if self.shorthand else f"{base}/{self.position}"

    def at(self, key: str) -> str:
        """Pointer of a member of this block (a shorthand string is its own `text`)."""
        return self.pointer if self.shorthand else f"{self.pointer}/{key}"


@dataclass
class Turn:
    """Consecutive messages of one role, as the API merges them."""

    role: Any
    indices: list[int] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def iter_messages(payload: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, message) for every message that is an object."""
    messages = payload.get("messages") if isinstance(payload, dict) else None
    if isinstance(messages, list):
        for i, message in enumerate(messages):
            if isinstance(message, dict):
                yield i, message


def blocks(message: dict[str, Any], index: int) -> list[Block]:
    """The content blocks of a message; a string is one shorthand text block."""
    content = message.get("content")
    if isinstance(content, str):
        return [Block({"type": "text", "text": content}, index, 0, shorthand=True)]
    if not isinstance(content, list):
        return []
    return [Block(b, index, j) for j, b in enumerate(content) if isinstance(b, dict)]


def prefill_index(payload: Any) -> int | None:
    """Index of a final assistant message that prefills the answer, else None.

    An assistant message that ends in a server tool use or result is a `pause_turn`
    continuation, not a prefill: the corpus shows the API accepting it with thinking on.
    """
    messages = payload.get("messages") if isinstance(payload, dict) else None
    if not isinstance(messages, list) or not messages:
        return None
    last = messages[-1]
    if not isinstance(last, dict) or last.get("role") != "assistant":
        return None
    content = last.get("content")
    if isinstance(content, str):
        return len(messages) - 1
    tail = content[-1] if isinstance(content, list) and content else None
    if isinstance(tail, dict) and tail.get("type") == "text":
        return len(messages) - 1
    return None


def server_tool_turn(message: dict[str, Any], usage: dict[str, Any]) -> bool:
    """Did a server tool run within this response (by its usage counts or its blocks)?"""
    counts = usage.get("server_tool_use")
    if isinstance(counts, dict) and any(is_int(v) and v > 0 for v in counts.values()):
        return True
    return any(
        block.get("type") == "server_tool_use" or str(block.get("type")).endswith("_tool_result")
        for _, block in content_blocks(message)
    )


def _stream_message(events: list[Any]) -> dict[str, Any]:
    """The fields of the message a stream assembles (only those the rules read)."""
    message: dict[str, Any] = {"content": []}
    for event in events:
        if not isinstance(event, dict):
            continue
        kind = event.get("type")
        if kind == "message_start" and isinstance(event.get("message"), dict):
            message = {**event["message"], "content": []}
        elif kind == "content_block_start" and isinstance(event.get("content_block"), dict):
            message["content"].append(event["content_block"])
        elif kind == "message_delta":
            delta, usage = event.get("delta"), event.get("usage")
            message.update(delta if isinstance(delta, dict) else {})
            if isinstance(usage, dict):
                start = message.get("usage")  # a bad start usage is the schema's finding
                message["usage"] = {**(start if isinstance(start, dict) else {}), **usage}
    return message


def final_message(value: Any, ctx: RuleContext) -> tuple[dict[str, Any] | None, str]:
    """(the response message, its part name), from the JSON response or the stream.

    A stream is rebuilt as the SDK accumulates it, once per check (`accumulate.rebuild`).
    """
    if not isinstance(value, dict):
        return None, "response"
    response = value.get("response")
    if isinstance(response, dict) and response.get("type") == "message":
        return response, "response"
    if isinstance(value.get("stream"), list) and value["stream"]:
        return ctx.memo(rebuild, value["stream"]).message, "stream"
    return None, "response"


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def content_blocks(message: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    content = message.get("content")
    if not isinstance(content, list):
        return []
    return [(i, b) for i, b in enumerate(content) if isinstance(b, dict)]


def tool_list(payload: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, tool) for every tool definition that is an object."""
    tools = payload.get("tools") if isinstance(payload, dict) else None
    if not isinstance(tools, list):
        return []
    return [(i, t) for i, t in enumerate(tools) if isinstance(t, dict)]


def is_custom(tool: dict[str, Any]) -> bool:
    """A user-defined tool: `type` absent, null or `custom`."""
    return tool.get("type") in (None, "custom")


def input_schemas(payload: Any, *, strict_only: bool = False) -> dict[str, dict[str, Any]]:
    """name -> `input_schema` of the custom tools a request defines (with `strict_only`, only
    those declared `strict: true`); a later definition of a name wins, as in a dict."""
    return {
        t["name"]: t["input_schema"]
        for _, t in tool_list(payload)
        if is_custom(t)
        and isinstance(t.get("name"), str)
        and isinstance(t.get("input_schema"), dict)
        and (not strict_only or t.get("strict") is True)
    }


def tool_uses(message: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, block) of the `tool_use` blocks of a response message."""
    if not isinstance(message, dict):
        return []
    return [(i, b) for i, b in content_blocks(message) if b.get("type") == "tool_use"]
