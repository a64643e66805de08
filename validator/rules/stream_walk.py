"""The legal order of SSE events (reference §7.3), as one pass of a small state machine.

`walk` goes over the list of event `data` objects once and returns every problem as
(rule slug, hit); the stream rules (validator.rules.stream) each report their own slug.
Pointers are `/<i>/...`; `names` are the SSE `event:` names when a reader saw them.
Unknown event types are ignored (the API's versioning policy lets it add events) and so are
unknown block and delta types (beta blocks bring their own deltas); `ping` may come anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from validator.rules import Hit

EVENTS = frozenset(
    {"message_start", "content_block_start", "content_block_delta", "content_block_stop",
     "message_delta", "message_stop", "ping", "error"}
)  # fmt: skip
DELTAS: dict[str, frozenset[str]] = {
    "text": frozenset({"text_delta", "citations_delta"}),
    "thinking": frozenset({"thinking_delta", "signature_delta"}),
    "tool_use": frozenset({"input_json_delta"}),
    "server_tool_use": frozenset({"input_json_delta"}),
    "mcp_tool_use": frozenset({"input_json_delta"}),
    "redacted_thinking": frozenset(),
    "container_upload": frozenset(),
}
KNOWN_DELTAS = frozenset().union(*DELTAS.values())
JSON_BLOCKS = ("tool_use", "server_tool_use", "mcp_tool_use")


@dataclass
class _Block:
    type: Any
    signed_at_start: bool
    json: list[str] = field(default_factory=list)
    last_delta: Any = None
    signatures: int = 0


@dataclass
class _Walk:
    """The state of the machine while walking one stream; `found` is (rule slug, hit)."""

    names: Sequence[Any] | None
    found: list[tuple[str, Hit]] = field(default_factory=list)
    started: bool = False
    stopped: bool = False
    errored: bool = False
    after_delta: bool = False
    next_index: int = 0
    open: dict[int, _Block] = field(default_factory=dict)
    last_delta: tuple[int, Any] | None = None

    def hit(self, slug: str, pointer: str, message: str) -> None:
        self.found.append((slug, Hit(pointer, message)))


def _block_type(block: Any) -> str | None:
    # A non-string tag (a list, an object) is the schema pass's finding; here it must not
    # reach the set/dict lookups (unhashable).
    tag = block.get("type") if isinstance(block, dict) else None
    return tag if isinstance(tag, str) else None


def _start(w: _Walk, i: int, event: dict[str, Any]) -> None:
    index, block = event.get("index"), event.get("content_block")
    if w.after_delta:
        w.hit("event-out-of-order", f"/{i}", "content_block_start after message_delta")
    if w.open:
        w.hit("block-start-while-open", f"/{i}", f"block {sorted(w.open)[0]} is still open")
    if not isinstance(index, int):
        return
    if index != w.next_index:
        w.hit("block-index-out-of-order", f"/{i}/index", f"index {index}, expected {w.next_index}")
    signed = isinstance(block, dict) and bool(block.get("signature"))
    w.open[index] = _Block(_block_type(block), signed)
    w.next_index = max(w.next_index, index + 1)


def _allowed(block_type: Any) -> frozenset[str] | None:
    """The deltas a block type takes; None for a type we do not know (not judged)."""
    if isinstance(block_type, str) and block_type.endswith("_tool_result"):
        return frozenset()  # server tool results arrive complete in content_block_start
    return DELTAS.get(block_type)


def _delta(w: _Walk, i: int, event: dict[str, Any]) -> None:
    index, delta = event.get("index"), event.get("delta")
    block = w.open.get(index) if isinstance(index, int) else None
    if block is None:
        w.hit("delta-before-block-start", f"/{i}/index", f"delta for block {index}, not open")
        return
    kind = _block_type(delta)
    allowed = _allowed(block.type)
    if allowed is not None and kind in KNOWN_DELTAS and kind not in allowed:
        w.hit("delta-type-mismatch", f"/{i}/delta/type", f"{kind} in a {block.type} block")
    if block.type == "thinking" and block.last_delta == "signature_delta":
        w.hit("signature-delta-misplaced", f"/{i}", "a delta follows the signature_delta")
    if kind == "input_json_delta" and isinstance(delta.get("partial_json"), str):
        block.json.append(delta["partial_json"])
    block.signatures += kind == "signature_delta"
    block.last_delta = kind


def _json_problem(parts: list[str]) -> str | None:
    text = "".join(parts)
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError as exc:
        return f"the input_json_delta fragments do not parse as JSON ({exc.msg})"
    return None if isinstance(value, dict) else "the input_json_delta fragments are not an object"


def _stop(w: _Walk, i: int, event: dict[str, Any]) -> None:
    index = event.get("index")
    block = w.open.pop(index, None) if isinstance(index, int) else None
    if block is None:
        w.hit("block-stop-without-start", f"/{i}/index", f"content_block_stop for block {index}")
        return
    if block.type in JSON_BLOCKS and (problem := _json_problem(block.json)):
        w.hit("tool-input-json-invalid", f"/{i}", f"block {index}: {problem}")
    signed = block.signatures == 1 and block.last_delta == "signature_delta"
    if block.type == "thinking" and not block.signed_at_start and not signed:
        message = f"thinking block {index} must end with exactly one signature_delta"
        w.hit("signature-delta-misplaced", f"/{i}", message)


def _message_start(w: _Walk, i: int, event: dict[str, Any]) -> None:
    if w.started:
        w.hit("event-out-of-order", f"/{i}", "a second message_start")
    message = event.get("message")
    if isinstance(message, dict) and message.get("stop_reason") is not None:
        w.hit(
            "stop-reason-in-message-start",
            f"/{i}/message/stop_reason",
            f"stop_reason is {message['stop_reason']!r} in message_start; it must be null",
        )


def _message_delta(w: _Walk, i: int, event: dict[str, Any]) -> None:
    if w.open:
        w.hit("message-delta-with-open-block", f"/{i}", f"block {sorted(w.open)[0]} is open")
    w.after_delta = True
    delta = event.get("delta")
    w.last_delta = (i, delta.get("stop_reason") if isinstance(delta, dict) else None)


def _message_stop(w: _Walk, i: int, event: dict[str, Any]) -> None:
    # A block still open here was already reported at its message_delta (or the missing one).
    w.open.clear()
    if w.last_delta is None:
        w.hit("final-stop-reason-missing", f"/{i}", "message_stop without a message_delta")
    elif w.last_delta[1] is None:
        j = w.last_delta[0]
        w.hit("final-stop-reason-missing", f"/{j}/delta/stop_reason", "final stop_reason is null")
    w.stopped = True


HANDLERS = {
    "message_start": _message_start,
    "content_block_start": _start,
    "content_block_delta": _delta,
    "content_block_stop": _stop,
    "message_delta": _message_delta,
    "message_stop": _message_stop,
}


def _step(w: _Walk, i: int, event: dict[str, Any], kind: str) -> None:
    if w.errored and kind != "ping":
        w.hit("event-after-error", f"/{i}", f"{kind} after an error event ended the stream")
        return
    if w.stopped and kind != "ping":
        w.hit("event-after-message-stop", f"/{i}", f"{kind} after message_stop")
        return
    if kind in ("ping", "error"):
        w.errored = w.errored or kind == "error"
        return
    if not w.started and kind != "message_start":
        w.hit("first-event-not-message-start", f"/{i}", f"the stream starts with {kind}")
    HANDLERS[kind](w, i, event)
    w.started = True


def walk(events: Sequence[Any], names: Sequence[Any] | None = None) -> list[tuple[str, Hit]]:
    """Every problem of one stream, as (rule slug, hit), in event order."""
    w = _Walk(names if names is not None and len(names) == len(events) else None)
    for i, event in enumerate(events):
        kind = event.get("type") if isinstance(event, dict) else None
        if w.names is not None and isinstance(kind, str) and w.names[i] not in (None, kind):
            w.hit("event-name-mismatch", f"/{i}/type", f"event: {w.names[i]} carries {kind}")
        if isinstance(kind, str) and kind in EVENTS:
            _step(w, i, event, kind)
    if w.started and not w.stopped and not w.errored:
        w.hit("missing-message-stop", f"/{len(events) - 1}", "the stream ends without message_stop")
    return w.found
