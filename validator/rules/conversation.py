"""Conversation structure: roles, turns, empty messages, prefill, system message placement.

Turns are read as the API reads them (validator.rules.payload): consecutive same-role
messages merged, a string `content` one text block.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.core.findings import Severity
from validator.rules import Hit, RuleContext, rule
from validator.rules.index import index
from validator.rules.payload import Turn, blocks, prefill_index


@rule("conversation/roles-not-alternating")
def roles_not_alternating(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Consecutive user (or assistant) messages: the API merges them; Bedrock rejects them.

    A warning by default, an error in strict mode. `role: "system"` messages sit between
    turns by design and are left to conversation/system-role-placement.
    """
    severity = Severity.ERROR if ctx.strict else Severity.WARNING
    previous: Any = None
    for i, message in index(payload, ctx).messages:
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
    first = next(iter(index(payload, ctx).messages), None)
    if first is not None and first[1].get("role") == "assistant":
        yield Hit(
            f"/messages/{first[0]}/role",
            'first message must use the "user" role on Bedrock and older gateways '
            "(the first-party API accepts a leading assistant message)",
        )


@rule("conversation/message-content-empty")
def message_content_empty(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Every message but an optional final assistant message needs non-empty content."""
    messages = index(payload, ctx).messages
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
    final = prefill_index(payload)
    if final is None:
        return
    last = blocks(payload["messages"][final], final)[-1]
    text = last.value.get("text")
    if isinstance(text, str) and text and text != text.rstrip():
        yield Hit(last.at("text"), "final assistant content cannot end with trailing whitespace")


def _ends_in_server_tool(turn: Turn) -> bool:
    return bool(turn.blocks) and turn.blocks[-1].type == "server_tool_use"


@rule("conversation/system-role-placement", needs=("role:system",))
def system_role_placement(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `role: "system"` message must follow a user turn and precede an assistant turn or end.

    It cannot come first, nor after an assistant turn (so never between a tool_use and its
    tool_result) unless that turn ends in a server tool use. Two system messages in a row are
    accepted: the corpus shows the API taking them (opus-4-8), so that is not flagged.
    """
    seq = index(payload, ctx).turns
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


@rule("conversation/system-message-not-text", needs=("role:system",))
def system_message_not_text(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `role: "system"` message holds text only (a string or text blocks).

    The beta blocks `tool_addition` / `tool_removal` are left to the beta rules: the corpus
    shows them accepted on the beta endpoint.
    """
    for i, message in index(payload, ctx).messages:
        if message.get("role") != "system":
            continue
        for block in blocks(message, i):
            if block.type not in SYSTEM_BLOCKS:
                yield Hit(
                    f"{block.pointer}/type",
                    f"a system message may only hold text, not a {block.type!r} block",
                )
