"""Tool definitions and tool-use pairing: every client tool_use answered in the next turn, etc.

Pairing works on turns (consecutive same-role messages merged), as the API does: the corpus
holds accepted requests whose tool_use blocks are split over two assistant messages.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from validator.core.findings import Severity
from validator.rules import Hit, RuleContext, rule
from validator.rules.facts import recorded_before
from validator.rules.index import index
from validator.rules.payload import Block, Turn


def ident(block: Block, key: str = "id") -> str | None:
    """A block's id (or tool_use_id) when it is a string; anything else cannot pair."""
    value = block.value.get(key)
    return value if isinstance(value, str) else None


def _ids(turn: Turn, kind: str) -> set[str | None]:
    return {ident(b) for b in turn.blocks if b.type == kind}


# The first rejection of an unpaired tool_use/tool_result seen in public reports (OpenHands#7512,
# 2025-03-25); the corpus holds a 2024-06-12 history with one that the API answered with 200.
PAIRING_ENFORCED = "2025-03-25"


def _pairing_severity(ctx: RuleContext) -> tuple[Severity | None, str]:
    """An error, or a warning for a recording made before the API enforced the pairing."""
    recorded = recorded_before(ctx, PAIRING_ENFORCED)
    if recorded is None:
        return None, ""
    note = f" (recorded {recorded.isoformat()}, accepted then; rejected since {PAIRING_ENFORCED})"
    return Severity.WARNING, note


@rule("tools/tool-use-without-result", needs=("block:tool_use",))
def tool_use_without_result(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Each client tool_use must be answered by a tool_result in the very next (user) turn.

    A recording made before 2025-03-25 (the first rejection seen) gets a warning: the API
    accepted such histories in 2024.
    """
    severity, note = _pairing_severity(ctx)
    seq = index(payload, ctx).dialogue
    for turn, after in itertools.pairwise(seq):
        if turn.role != "assistant":
            continue
        answered = {ident(b, "tool_use_id") for b in after.blocks if b.type == "tool_result"}
        for block in turn.blocks:
            if block.type == "tool_use" and ident(block) not in answered:
                yield Hit(
                    block.at("id"),
                    f"messages.{block.message}: `tool_use` ids were found without `tool_result` "
                    f"blocks immediately after: {block.value.get('id')}. Each `tool_use` block "
                    f"must have a corresponding `tool_result` block in the next message.{note}",
                    severity,
                )


@rule("tools/tool-result-without-use", needs=("block:tool_result",))
def tool_result_without_use(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Each tool_result must answer a client tool_use of the previous assistant turn.

    Judged by the recording date like `tools/tool-use-without-result`.
    """
    severity, note = _pairing_severity(ctx)
    seq = index(payload, ctx).dialogue
    for k, turn in enumerate(seq):
        if turn.role != "user":
            continue
        asked = _ids(seq[k - 1], "tool_use") if k and seq[k - 1].role == "assistant" else set()
        for block in turn.blocks:
            if block.type == "tool_result" and ident(block, "tool_use_id") not in asked:
                yield Hit(
                    block.at("tool_use_id"),
                    f"unexpected `tool_use_id` found in `tool_result` blocks: "
                    f"{block.value.get('tool_use_id')}. Each `tool_result` block must have a "
                    f"corresponding `tool_use` block in the previous message.{note}",
                    severity,
                )


def _pending_server_tools(turn: Turn) -> bool:
    """Does the assistant turn hold a server tool use that it does not answer itself?"""
    used = {ident(b) for b in turn.blocks if b.type == "server_tool_use"}
    done = {ident(b, "tool_use_id") for b in turn.blocks if str(b.type).endswith("_tool_result")}
    return bool(used - done - {None})


@rule("tools/text-with-pending-server-tool", needs=("block:server_tool_use",))
def text_with_pending_server_tool(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """After a turn with a server tool still running (programmatic tool calling), the user turn
    may hold tool_result blocks only."""
    seq = index(payload, ctx).dialogue
    for turn, after in itertools.pairwise(seq):
        if turn.role != "assistant" or after.role != "user" or not _pending_server_tools(turn):
            continue
        other = next((b for b in after.blocks if b.type != "tool_result"), None)
        if other is not None:
            yield Hit(
                other.pointer,
                "while a server tool call is pending, the next user message may contain only "
                f"tool_result blocks, not a {other.type} block",
            )


@rule("tools/tool-result-not-first", needs=("block:tool_result",))
def tool_result_not_first(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """In a user turn, tool_result blocks come first; text and other blocks go after them."""
    for turn in index(payload, ctx).dialogue:
        if turn.role != "user":
            continue
        other = None
        for block in turn.blocks:
            if block.type != "tool_result":
                other = other or block
            elif other is not None:
                yield Hit(
                    block.pointer,
                    f"tool_result blocks must come first in a user turn, before the "
                    f"{other.type} block at {other.pointer}",
                )


@rule("tools/tool-result-in-assistant-turn", needs=("block:tool_result",))
def tool_result_in_assistant_turn(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """tool_result blocks belong in user messages only."""
    for role, block in index(payload, ctx).blocks:
        if role != "user" and block.type == "tool_result":
            yield Hit(
                f"{block.pointer}/type",
                f"messages.{block.message}: `tool_result` blocks can only be in `user` messages",
            )


@rule("tools/tool-use-id-duplicate", needs=("block:tool_use|block:server_tool_use",))
def tool_use_id_duplicate(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """tool_use (and server_tool_use) ids must be unique.

    Narrowed by real traffic: an id reused in a later turn, after its tool_result, is accepted
    (corpus, claude-sonnet-4-5, pydantic-ai replays), so that is a warning; a repeat within
    one turn stays an error.
    """
    seen: dict[Any, tuple[str, int]] = {}
    for k, turn in enumerate(index(payload, ctx).dialogue):
        for block in turn.blocks:
            key = ident(block)
            if block.type not in ("tool_use", "server_tool_use") or key is None:
                continue
            if key not in seen:
                seen[key] = (block.at("id"), k)
                continue
            first, turn_index = seen[key]
            severity = None if turn_index == k else Severity.WARNING
            yield Hit(
                block.at("id"), f"`tool_use` ids must be unique ({key} is at {first})", severity
            )


@rule("tools/server-tool-result-without-use", needs=("block:*_tool_result",))
def server_tool_result_without_use(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A server tool result (`*_tool_result`) must follow the server tool use it answers."""
    used: set[str | None] = set()
    for _role, block in index(payload, ctx).blocks:
        kind = block.type if isinstance(block.type, str) else ""
        if kind.endswith("tool_use") and kind != "tool_use":
            used.add(ident(block))
        elif kind.endswith("_tool_result") and ident(block, "tool_use_id") not in used:
            yield Hit(
                block.at("tool_use_id"),
                f"unexpected `tool_use_id` found in `{kind}` blocks: "
                f"{block.value.get('tool_use_id')}. Each `{kind}` block must have a "
                "corresponding `server_tool_use` block before it.",
            )


def _offers_tools(payload: dict[str, Any]) -> bool:
    """Tools may come from `tools` or (beta) from `mcp_servers`."""
    return bool(payload.get("tools")) or bool(payload.get("mcp_servers"))


@rule("tools/tool-choice-without-tools", needs=("tool_choice",))
def tool_choice_without_tools(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`tool_choice` requires tools; `none` without tools is only a warning."""
    if not isinstance(payload, dict) or _offers_tools(payload):
        return
    choice = payload.get("tool_choice")
    if not isinstance(choice, dict):
        return
    kind = choice.get("type")
    severity = Severity.WARNING if kind == "none" else None
    yield Hit(
        "/tool_choice", f"tool_choice.{kind} may only be specified while providing tools", severity
    )


@rule("tools/tool-choice-names-undefined-tool", needs=("tool_choice",))
def tool_choice_names_undefined_tool(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`tool_choice: {type: tool, name}` must name a tool defined in `tools`.

    Skipped when tools come from elsewhere (MCP servers or toolsets name their own tools).
    """
    choice = payload.get("tool_choice") if isinstance(payload, dict) else None
    if not isinstance(choice, dict) or choice.get("type") != "tool" or payload.get("mcp_servers"):
        return
    tools = index(payload, ctx).tools
    if not tools or any("name" not in t for _, t in tools):
        return
    name = choice.get("name")
    if isinstance(name, str) and all(t.get("name") != name for _, t in tools):
        yield Hit("/tool_choice/name", f"tool_choice names {name!r}, which is not in tools")
