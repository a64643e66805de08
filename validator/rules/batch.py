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


FILE_IDS = "batch_custom_ids"  # meta key: {custom_id: record} shared by the lines of one file


@rule("batch/custom-id-duplicate-in-file")
def custom_id_duplicate_in_file(line: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Every line of a batch input JSONL file has its own `custom_id`.

    State across the records of a file: the runner gives every document of one file the
    same mapping under `meta["batch_custom_ids"]`; a line checked on its own has none and is
    not judged. A file split over `--jobs` or Dask workers is judged as a whole: the
    runner's merge checks a range again with the earlier ranges' ids when they repeat.
    """
    seen = ctx.meta.get(FILE_IDS)
    custom_id = line.get("custom_id") if isinstance(line, dict) else None
    if not isinstance(seen, dict) or not isinstance(custom_id, str):
        return
    record = ctx.meta.get("record")
    first = seen.setdefault(custom_id, record)
    if first != record:
        where = f"line {first}" if isinstance(first, int) else "an earlier line"
        yield Hit(
            "/custom_id", f"custom_id {custom_id!r} is used twice in this file (first on {where})"
        )


@rule("batch/stream-in-params")
def stream_in_params(batch: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A batch request's `params` does not ask for streaming."""
    for pointer, request in _requests(batch):
        params = request.get("params")
        if isinstance(params, dict) and params.get("stream") is True:
            text = "stream: true in batch params: batches do not stream (results come as JSONL)"
            yield Hit(f"{pointer}/params/stream", text)
