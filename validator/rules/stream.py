"""Stream rules: the legal order of SSE events (reference §7.3) and what each event carries.

The payload is the list of event `data` objects, pointers are `/<i>/...`, and `meta["events"]`
holds the SSE `event:` names when a reader saw them. One walk of the stream
(validator.rules.stream_walk) per check finds every problem; each rule reports its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.stream_walk import walk


def _problems(events: Any, ctx: RuleContext, slug: str) -> Iterator[Hit]:
    if isinstance(events, list):
        found = ctx.memo(walk, events, ctx.meta.get("events"))
        yield from (hit for name, hit in found if name == slug)


@rule("stream/first-event-not-message-start")
def first_event_not_message_start(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The first event (pings aside) is message_start."""
    return _problems(events, ctx, "first-event-not-message-start")


@rule("stream/event-out-of-order")
def event_out_of_order(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """No second message_start; no content_block_start after message_delta."""
    return _problems(events, ctx, "event-out-of-order")


@rule("stream/block-index-out-of-order")
def block_index_out_of_order(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """content_block_start indices count 0, 1, 2, ... in order."""
    return _problems(events, ctx, "block-index-out-of-order")


@rule("stream/block-start-while-open")
def block_start_while_open(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A block starts only after the previous one stopped."""
    return _problems(events, ctx, "block-start-while-open")


@rule("stream/delta-before-block-start")
def delta_before_block_start(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A content_block_delta names the open block's index."""
    return _problems(events, ctx, "delta-before-block-start")


@rule("stream/block-stop-without-start")
def block_stop_without_start(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A content_block_stop names the open block's index."""
    return _problems(events, ctx, "block-stop-without-start")


@rule("stream/delta-type-mismatch")
def delta_type_mismatch(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The delta type is allowed for the block type (reference §7.2)."""
    return _problems(events, ctx, "delta-type-mismatch")


@rule("stream/message-delta-with-open-block")
def message_delta_with_open_block(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """message_delta comes only when no block is open."""
    return _problems(events, ctx, "message-delta-with-open-block")


@rule("stream/event-after-message-stop")
def event_after_message_stop(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Nothing but ping follows message_stop."""
    return _problems(events, ctx, "event-after-message-stop")


@rule("stream/event-after-error")
def event_after_error(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Nothing but ping follows an error event."""
    return _problems(events, ctx, "event-after-error")


@rule("stream/missing-message-stop")
def missing_message_stop(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A stream that did not fail ends with message_stop."""
    return _problems(events, ctx, "missing-message-stop")


@rule("stream/stop-reason-in-message-start")
def stop_reason_in_message_start(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """stop_reason is null in message_start."""
    return _problems(events, ctx, "stop-reason-in-message-start")


@rule("stream/final-stop-reason-missing")
def final_stop_reason_missing(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The final message_delta carries a non-null stop_reason."""
    return _problems(events, ctx, "final-stop-reason-missing")


@rule("stream/tool-input-json-invalid")
def tool_input_json_invalid(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A tool block's input_json_delta fragments join to a JSON object."""
    return _problems(events, ctx, "tool-input-json-invalid")


@rule("stream/signature-delta-misplaced")
def signature_delta_misplaced(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A thinking block ends with exactly one signature_delta."""
    return _problems(events, ctx, "signature-delta-misplaced")


@rule("stream/event-name-mismatch")
def event_name_mismatch(events: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The SSE event name equals the data's type."""
    return _problems(events, ctx, "event-name-mismatch")
