"""Content hygiene: whitespace-only text, version-dependent placement of documents and
citations, and the size of what a request carries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.core.findings import Severity
from validator.rules import Hit, RuleContext, rule
from validator.rules.facts import V2023, V2026, v2026_verdict, version_note, version_state
from validator.rules.index import index
from validator.rules.payload import Block


def _whitespace_only(text: Any) -> bool:
    return isinstance(text, str) and bool(text) and not text.strip()


@rule("content/text-whitespace-only", needs=("block:text|system",))
def text_whitespace_only(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Text in user and system content must contain non-whitespace.

    Narrowed by real traffic: an assistant text block holding a single space in the middle of
    a conversation is accepted (corpus, claude-haiku-4-5), so assistant turns are not checked
    here (a final assistant prefill is conversation/prefill-trailing-whitespace's business).
    """
    message = "text content blocks must contain non-whitespace text"
    for role, block in index(payload, ctx).blocks:
        if (
            role != "assistant"
            and block.type == "text"
            and _whitespace_only(block.value.get("text"))
        ):
            yield Hit(block.at("text"), f"messages: {message}")
    system = payload.get("system") if isinstance(payload, dict) else None
    if isinstance(system, list):
        for j, item in enumerate(system):
            if isinstance(item, dict) and _whitespace_only(item.get("text")):
                yield Hit(f"/system/{j}/text", f"system: {message}")


@rule("content/document-in-assistant-turn", needs=("block:document",))
def document_in_assistant_turn(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `document` block directly in an assistant message is rejected from 2026-10-21.

    Under 2023-06-01 the API accepts it, but the model reads it as its own output and the
    request breaks on the version upgrade (reference §11.2): a warning there.
    """
    applies, severity = v2026_verdict(ctx)
    if applies:
        note = version_note(ctx)
    elif version_state(ctx) == V2023:
        severity, note = (
            Severity.WARNING,
            f" from anthropic-version {V2026} (accepted under {V2023})",
        )
    else:
        return
    for role, block in index(payload, ctx).blocks:
        if role == "assistant" and block.type == "document":
            yield Hit(
                block.pointer,
                "document blocks cannot be placed directly in an assistant message" + note,
                severity,
            )


def _cited_texts(block: Block) -> Iterator[str]:
    """Pointers of text blocks with non-empty `citations`, directly or in a search_result."""
    if block.type == "text" and block.value.get("citations"):
        yield block.at("citations")
    elif block.type == "search_result" and isinstance(block.value.get("content"), list):
        for j, inner in enumerate(block.value["content"]):
            if isinstance(inner, dict) and inner.get("citations"):
                yield f"{block.pointer}/content/{j}/citations"


@rule("content/citations-in-user-turn", needs=("key:citations",))
def citations_in_user_turn(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """User text with non-empty `citations` is rejected from 2026-10-21 (citations are output)."""
    applies, severity = v2026_verdict(ctx)
    if not applies:
        return
    for role, block in index(payload, ctx).blocks:
        if role != "user":
            continue
        for where in _cited_texts(block):
            yield Hit(
                where,
                "text blocks in a user message cannot carry citations" + version_note(ctx),
                severity,
            )
