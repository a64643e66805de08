"""Request-wide limits and fields: body and text size, stop sequences, metadata.user_id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.index import index

MAX_BODY_BYTES = 32 * 1024 * 1024
MAX_TEXT_BYTES = 9_000_000


def body_size(payload: Any) -> int:
    """Bytes of the payload as compact JSON (what would go over the wire, uncompressed)."""
    import orjson

    try:
        return len(orjson.dumps(payload))
    except (TypeError, orjson.JSONEncodeError):
        import json

        return len(json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str))


@rule("request/body-too-large")
def body_too_large(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The request body must not exceed 32 MB (the API answers 413 request_too_large)."""
    text = index(payload, ctx).json
    size = len(text) if text is not None else body_size(payload)
    if size > MAX_BODY_BYTES:
        yield Hit(
            "", f"Request exceeds the maximum allowed number of bytes: {size} > {MAX_BODY_BYTES}"
        )


def _texts(block: dict[str, Any]) -> Iterator[str]:
    """Text strings of a block and of the text blocks nested in its content."""
    if block.get("type") == "text" and isinstance(block.get("text"), str):
        yield block["text"]
    content = block.get("content")
    if isinstance(content, str) and block.get("type") == "tool_result":
        yield content
    elif isinstance(content, list):
        for inner in content:
            if isinstance(inner, dict):
                yield from _texts(inner)


def text_bytes(payload: Any, ctx: RuleContext) -> int:
    """UTF-8 bytes of all text in messages and system."""
    total = sum(_utf8(t) for _, b in index(payload, ctx).blocks for t in _texts(b.value))
    system = payload.get("system") if isinstance(payload, dict) else None
    if isinstance(system, str):
        total += _utf8(system)
    elif isinstance(system, list):
        total += sum(_utf8(t) for b in system if isinstance(b, dict) for t in _texts(b))
    return total


def _utf8(text: str) -> int:
    """UTF-8 length; a lone surrogate (only through the Python API) counts as 3 bytes."""
    return len(text.encode("utf-8", "surrogatepass"))


@rule("request/text-too-large")
def text_too_large(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """All text of a request together must stay within 9,000,000 bytes.

    The text is no longer than the payload's JSON, which escapes but never shortens a string:
    a body under the limit is not walked.
    """
    body = index(payload, ctx).json
    if body is not None and len(body) <= MAX_TEXT_BYTES:
        return
    total = text_bytes(payload, ctx)
    if total > MAX_TEXT_BYTES:
        yield Hit("/messages", f"too many total text bytes: {total} > {MAX_TEXT_BYTES}")


@rule("request/stop-sequence-whitespace", needs=("stop_sequences",))
def stop_sequence_whitespace(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Each stop sequence must contain non-whitespace (empty ones are the schema's finding)."""
    stops = payload.get("stop_sequences") if isinstance(payload, dict) else None
    for i, stop in enumerate(stops if isinstance(stops, list) else []):
        if isinstance(stop, str) and stop and not stop.strip():
            yield Hit(
                f"/stop_sequences/{i}",
                "stop_sequences: each stop sequence must contain non-whitespace",
            )


# An e-mail address: what an opaque user id must never be. (Phone numbers are left out: a
# numeric user id looks the same.)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)


@rule("request/metadata-user-id-pii", needs=("metadata",))
def metadata_user_id_pii(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`metadata.user_id` should be an opaque id (uuid, hash), never an e-mail address."""
    metadata = payload.get("metadata") if isinstance(payload, dict) else None
    user_id = metadata.get("user_id") if isinstance(metadata, dict) else None
    if isinstance(user_id, str) and EMAIL.fullmatch(user_id.strip()):
        yield Hit(
            "/metadata/user_id",
            "metadata.user_id looks like an e-mail address; send an opaque id (a uuid or hash)",
        )


MAX_BODY_BYTES = 32 * 1024 * 1024


MAX_TEXT_BYTES = 9_000_000
