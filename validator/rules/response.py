"""Response rules: what a `Message` the API really sends always satisfies (reference §6).

A response that breaks one of these was not sent by the API as recorded: it is a hand-written
fixture or mock that drifted, or a recording that was edited. Tests built on such fixtures
test code paths production never takes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.payload import content_blocks, is_int, server_tool_turn, tool_uses


@rule("response/stop-sequence-mismatch", needs=("stop_reason",))
def stop_sequence_mismatch(message: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`stop_sequence` is set exactly when `stop_reason` is `stop_sequence`."""
    if not isinstance(message, dict) or "stop_reason" not in message:
        return
    reason, sequence = message.get("stop_reason"), message.get("stop_sequence")
    if reason == "stop_sequence" and not isinstance(sequence, str):
        yield Hit("/stop_sequence", "stop_reason is stop_sequence but stop_sequence is not set")
    elif reason != "stop_sequence" and sequence is not None:
        yield Hit(
            "/stop_sequence",
            f"stop_sequence is set but stop_reason is {reason!r}, not stop_sequence",
        )


@rule("response/tool-use-stop-without-tool-use", needs=("stop_reason",))
def tool_use_stop_without_tool_use(message: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`stop_reason: tool_use` comes with at least one `tool_use` block in `content`."""
    if not isinstance(message, dict) or message.get("stop_reason") != "tool_use":
        return
    if isinstance(message.get("content"), list) and not tool_uses(message):
        yield Hit("/stop_reason", "stop_reason is tool_use but content holds no tool_use block")


@rule("response/stop-reason-null", needs=("stop_reason",))
def stop_reason_null(message: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A complete response has a non-null `stop_reason` (null only in a stream's message_start)."""
    if isinstance(message, dict) and "stop_reason" in message and message["stop_reason"] is None:
        yield Hit("/stop_reason", "stop_reason is null in a complete response")


@rule("response/thinking-tokens-exceed-output", needs=("usage",))
def thinking_tokens_exceed_output(message: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`usage.output_tokens_details.thinking_tokens` is at most `usage.output_tokens`."""
    usage = message.get("usage") if isinstance(message, dict) else None
    details = usage.get("output_tokens_details") if isinstance(usage, dict) else None
    if not isinstance(details, dict):
        return
    thinking, output = details.get("thinking_tokens"), usage.get("output_tokens")
    if is_int(thinking) and is_int(output) and thinking > output:
        yield Hit(
            "/usage/output_tokens_details/thinking_tokens",
            f"thinking_tokens ({thinking}) exceeds output_tokens ({output}), which includes them",
        )


@rule("response/cache-creation-mismatch", needs=("usage",))
def cache_creation_mismatch(message: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`usage.cache_creation`'s 5m and 1h counts add up to `cache_creation_input_tokens`.

    Not on a server-tool turn (web search, web fetch, code execution...): the API samples
    several times within one response there and its own split does not add up to the total.
    """
    usage = message.get("usage") if isinstance(message, dict) else None
    split = usage.get("cache_creation") if isinstance(usage, dict) else None
    if not isinstance(split, dict):
        return
    total = usage.get("cache_creation_input_tokens")
    parts = [split.get(k) for k in ("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens")]
    if not (is_int(total) and all(is_int(p) for p in parts) and sum(parts) != total):
        return
    if not server_tool_turn(message, usage):
        yield Hit(
            "/usage/cache_creation",
            f"cache_creation adds up to {sum(parts)}, but cache_creation_input_tokens is {total}",
        )


@rule(
    "response/duplicate-tool-use-id",
    needs=("block:tool_use|block:server_tool_use|block:mcp_tool_use",),
)
def duplicate_tool_use_id(message: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Tool use ids (`tool_use`, `server_tool_use`) are unique within a response."""
    seen: set[str] = set()
    for i, block in content_blocks(message) if isinstance(message, dict) else []:
        if block.get("type") not in ("tool_use", "server_tool_use", "mcp_tool_use"):
            continue
        block_id = block.get("id")
        if isinstance(block_id, str):
            if block_id in seen:
                yield Hit(f"/content/{i}/id", f"tool use id {block_id} appears twice")
            seen.add(block_id)


@rule("response/stop-details-without-refusal", needs=("stop_details",))
def stop_details_without_refusal(message: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`stop_details` (a refusal's explanation) is null unless `stop_reason` is `refusal`."""
    if not isinstance(message, dict):
        return
    details, reason = message.get("stop_details"), message.get("stop_reason")
    if isinstance(details, dict) and details.get("type") == "refusal" and reason != "refusal":
        yield Hit(
            "/stop_details", f"stop_details describes a refusal but stop_reason is {reason!r}"
        )


@rule("response/thinking-signature-empty", needs=("block:thinking",))
def thinking_signature_empty(message: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `thinking` block of a complete response carries a non-empty `signature`."""
    for i, block in content_blocks(message) if isinstance(message, dict) else []:
        signature = block.get("signature")
        if block.get("type") == "thinking" and isinstance(signature, str) and not signature:
            yield Hit(f"/content/{i}/signature", "thinking block has an empty signature")
