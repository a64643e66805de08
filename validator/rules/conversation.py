"""Conversation structure: roles, turns, empty messages, prefill, system message placement.

Also the walking helpers the other request rules share (`iter_messages`, `blocks`, `turns`):
a string `content` is shorthand for one text block, and consecutive same-role messages form
one turn, because that is how the API reads them (it merges them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from validator.core.findings import Severity
from validator.rules import Hit, RuleContext, rule


@dataclass(frozen=True)
class Block:
    """One content block and where it sits; `shorthand` for a string `content`."""

    pointer: str
    value: dict[str, Any]
    message: int
    shorthand: bool = False

    @property
    def type(self) -> Any:
        return self.value.get("type")

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
    base = f"/messages/{index}/content"
    if isinstance(content, str):
        return [Block(base, {"type": "text", "text": content}, index, shorthand=True)]
    if not isinstance(content, list):
        return []
    return [Block(f"{base}/{j}", b, index) for j, b in enumerate(content) if isinstance(b, dict)]


def all_blocks(payload: Any) -> Iterator[tuple[Any, Block]]:
    """(role, block) for every top-level block of every message."""
    for i, message in iter_messages(payload):
        for block in blocks(message, i):
            yield message.get("role"), block


def turns(payload: Any) -> list[Turn]:
    """The conversation as the API reads it: consecutive same-role messages merged."""
    result: list[Turn] = []
    for i, message in iter_messages(payload):
        role = message.get("role")
        if not result or result[-1].role != role:
            result.append(Turn(role))
        result[-1].indices.append(i)
        result[-1].blocks.extend(blocks(message, i))
    return result


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


@rule("conversation/roles-not-alternating")
def roles_not_alternating(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Consecutive user (or assistant) messages: the API merges them; Bedrock rejects them.

    A warning by default, an error in strict mode. `role: "system"` messages sit between
    turns by design and are left to conversation/system-role-placement.
    """
    severity = Severity.ERROR if ctx.strict else Severity.WARNING
    previous: Any = None
    for i, message in iter_messages(payload):
        role = message.get("role")
        if role == "system":
            previous = None  # placement rules judge what surrounds a system message
            continue
        if role == previous and role in ("user", "assistant"):
            yield Hit(
                f"/messages/{i}/role",
                f'roles must alternate between "user" and "assistant", but found multiple '
                f'"{role}" roles in a row (the API merges them; Bedrock rejects them)',
                severity,
            )
        previous = role


@rule("conversation/first-message-not-user")
def first_message_not_user(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The first message is not a user message: the API accepts it, Bedrock rejects it."""
    first = next(iter_messages(payload), None)
    if first is not None and first[1].get("role") == "assistant":
        yield Hit(
            f"/messages/{first[0]}/role",
            'first message must use the "user" role on Bedrock and older gateways '
            "(the first-party API accepts a leading assistant message)",
        )


@rule("conversation/message-content-empty")
def message_content_empty(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Every message but an optional final assistant message needs non-empty content."""
    messages = list(iter_messages(payload))
    for i, message in messages:
        content = message.get("content")
        if content not in ("", []):
            continue
        if i == messages[-1][0] and message.get("role") == "assistant":
            continue
        yield Hit(
            f"/messages/{i}/content",
            f"messages.{i}: all messages must have non-empty content except for the "
            "optional final assistant message",
        )


@rule("conversation/prefill-trailing-whitespace")
def prefill_trailing_whitespace(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A final assistant message (prefill) must not end with whitespace."""
    index = prefill_index(payload)
    if index is None:
        return
    last = blocks(payload["messages"][index], index)[-1]
    text = last.value.get("text")
    if isinstance(text, str) and text and text != text.rstrip():
        yield Hit(last.at("text"), "final assistant content cannot end with trailing whitespace")


def _ends_in_server_tool(turn: Turn) -> bool:
    return bool(turn.blocks) and turn.blocks[-1].type == "server_tool_use"


@rule("conversation/system-role-placement")
def system_role_placement(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `role: "system"` message must follow a user turn and precede an assistant turn or end.

    It cannot come first, nor after an assistant turn (so never between a tool_use and its
    tool_result) unless that turn ends in a server tool use. Two system messages in a row are
    accepted: the corpus shows the API taking them (opus-4-8), so that is not flagged.
    """
    seq = turns(payload)
    for k, turn in enumerate(seq):
        if turn.role != "system":
            continue
        where = f"/messages/{turn.indices[0]}"
        before = seq[k - 1] if k else None
        after = seq[k + 1] if k + 1 < len(seq) else None
        if before is None:
            yield Hit(where, "a system message cannot be the first message")
        elif before.role == "assistant" and not _ends_in_server_tool(before):
            yield Hit(where, "a system message must follow a user turn, not an assistant turn")
        if after is not None and after.role == "user":
            yield Hit(where, "a system message must be followed by an assistant turn or be last")


SYSTEM_BLOCKS = ("text", "tool_addition", "tool_removal")  # the last two: beta, judged there


@rule("conversation/system-message-not-text")
def system_message_not_text(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `role: "system"` message holds text only (a string or text blocks).

    The beta blocks `tool_addition` / `tool_removal` are left to the beta rules: the corpus
    shows them accepted on the beta endpoint.
    """
    for i, message in iter_messages(payload):
        if message.get("role") != "system":
            continue
        for block in blocks(message, i):
            if block.type not in SYSTEM_BLOCKS:
                yield Hit(
                    f"{block.pointer}/type",
                    f"a system message may only hold text, not a {block.type!r} block",
                )
