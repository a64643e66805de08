"""Message Batches rules: what a batch create body must satisfy beyond its schema (reference §10).

Each request's `params` is checked by the request rules (the engine nests them); these rules
look at the batch as a whole, or at what only a batch forbids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule


def _requests(batch: Any) -> list[tuple[str, dict[str, Any]]]:
    """(pointer, request) for the batch create body's requests, or the one batch line."""
    if isinstance(batch, dict) and isinstance(batch.get("requests"), list):
        items = enumerate(batch["requests"])
        return [(f"/requests/{i}", r) for i, r in items if isinstance(r, dict)]
    return [("", batch)] if isinstance(batch, dict) and "params" in batch else []


@rule("batch/custom-id-duplicate")
def custom_id_duplicate(batch: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Every request of a batch has its own `custom_id`."""
    seen: dict[str, str] = {}
    for pointer, request in _requests(batch):
        custom_id = request.get("custom_id")
        if not isinstance(custom_id, str):
            continue
        if custom_id in seen:
            text = f"custom_id {custom_id!r} is used twice (first at {seen[custom_id]})"
            yield Hit(f"{pointer}/custom_id", text)
        else:
            seen[custom_id] = f"{pointer}/custom_id"


@rule("batch/stream-in-params")
def stream_in_params(batch: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A batch request's `params` does not ask for streaming."""
    for pointer, request in _requests(batch):
        params = request.get("params")
        if isinstance(params, dict) and params.get("stream") is True:
            text = "stream: true in batch params: batches do not stream (results come as JSONL)"
            yield Hit(f"{pointer}/params/stream", text)
