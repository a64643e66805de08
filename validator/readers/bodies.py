"""Recorded bodies as text: gzip inflated, HTTP/1.1 chunked framing removed, shape told."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson

from validator.readers.http_model import lowered

_CHUNK = re.compile(rb"[0-9a-fA-F]{1,8}(?:;[^\r\n]*)?\r?\n")


def body_text(value: Any) -> str | tuple[None, str] | None:
    """The text of a raw body (gzip inflated, chunked framing removed), or (None, problem)."""
    if value is None:
        return None
    if isinstance(value, str):
        data: bytes | None = None
        text = value
    elif isinstance(value, bytes | bytearray):
        data = bytes(value)
        if data.startswith(b"\x1f\x8b"):
            import gzip
            import zlib

            try:
                data = gzip.decompress(data)
            except (OSError, EOFError, zlib.error) as exc:
                return None, f"a gzip body that does not inflate ({exc})"
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None, "a binary body that is neither gzip nor UTF-8 text"
    else:
        return None, f"a body of type {type(value).__name__}"
    unchunked = _dechunk(text)
    return unchunked if unchunked is not None else text


def _dechunk(text: str) -> str | None:
    """A body still in HTTP/1.1 chunked framing (`1a\\r\\n...\\r\\n0\\r\\n\\r\\n`), unframed."""
    data = text.encode("utf-8")
    if not _CHUNK.match(data) or text.lstrip()[:1] in ("{", "["):
        return None
    out, pos = [], 0
    while True:
        match = _CHUNK.match(data, pos)
        if match is None:
            return None
        size = int(match.group().split(b";")[0].strip(), 16)
        start = match.end()
        if size == 0:
            break
        out.append(data[start : start + size])
        pos = start + size
        if data[pos : pos + 2] == b"\r\n":
            pos += 2
        elif data[pos : pos + 1] == b"\n":
            pos += 1
        else:
            return None
    try:
        return b"".join(out).decode("utf-8")
    except UnicodeDecodeError:
        return None


def json_lines(text: str) -> bool:
    """Batch results (`/v1/messages/batches/ID/results`): one JSON object a line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        for line in lines:
            orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def is_sse(text: str, headers: Mapping[str, str]) -> bool:
    return "event-stream" in lowered(headers).get("content-type", "") or text.lstrip().startswith(
        ("event:", "data:")
    )
