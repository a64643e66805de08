"""Recorded exchanges (the corpus JSONL format): a record into an `exchange` document.

The document value is `{request, response, stream, request_headers, status}`; the stream
comes from the recorded `response_sse` text. Findings of part `request`, `response` and
`headers` are placed on the value inside the record; those of part `stream` on the start of
the `response_sse` string (design §4: JSON embedded in a string sits at the string's start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from validator.core import pointer as jp
from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.document import PART_KEYS, Document
from validator.readers.source import INVALID_JSON, syntax_finding
from validator.readers.sse import parse_text

# Where each part of the exchange value lives in a recorded line.
_RECORD_KEYS = {"request": "request", "response": "response", **PART_KEYS}  # as the value
Position = Callable[[list[str]], tuple[int, int]]


def exchange_context(record: Mapping[str, Any], base: Context | None) -> Context:
    """Headers, URI and recording date of a record, over the run's defaults."""
    headers = record.get("request_headers")
    if not isinstance(headers, Mapping):
        headers = None
    uri = record.get("uri") if isinstance(record.get("uri"), str) else None
    recorded = record.get("recorded_at")
    return Context(
        headers={str(k): str(v) for k, v in headers.items()} if headers is not None else None,
        uri=uri or (base.uri if base else None),
        endpoint=None if uri else (base.endpoint if base else None),
        recorded_at=recorded if isinstance(recorded, str) else None,
        api_version_default=base.api_version_default if base else None,
    )


def record_tokens(record: Mapping[str, Any], part: str | None, pointer: str) -> list[str]:
    """The path inside the recorded line of a finding's (part, pointer)."""
    tokens = jp.decode(pointer) if pointer.startswith("/") else []
    if part is None and tokens:
        part, tokens = tokens[0], tokens[1:]
        part = "headers" if part == "request_headers" else part
    if part == "stream":
        if isinstance(record.get("response_sse"), str):
            return ["response_sse"]
        return ["stream", *tokens]
    if part == "headers" and tokens:
        return ["request_headers", _header_key(record.get("request_headers"), tokens[0])]
    if part in _RECORD_KEYS:
        return [_RECORD_KEYS[part], *tokens]
    return [part, *tokens] if part else tokens


def _header_key(headers: Any, name: str) -> str:
    """The recorded spelling of header `name` (header names are case-insensitive)."""
    if isinstance(headers, Mapping):
        for key in headers:
            if str(key).lower() == name.lower():
                return str(key)
    return name


def read_exchange(
    record: Mapping[str, Any],
    *,
    file: str,
    number: int | None,
    base: Context | None,
    position: Position,
) -> Iterator[Document | Finding]:
    """The exchange document of one record, after any finding on its unparseable stream."""
    stream, names = record.get("stream"), None
    sse = record.get("response_sse")
    if isinstance(sse, str) and sse.strip():
        parsed = parse_text(sse)
        stream, names = parsed.events, parsed.names
        for problem, _line, _column, _event in parsed.errors:
            line, column = position(["response_sse"])
            yield syntax_finding(INVALID_JSON, problem, file, line, column, number, "stream")
    value = {
        "request": record.get("request"),
        "response": record.get("response"),
        "stream": stream if isinstance(stream, list) and stream else None,
        "request_headers": record.get("request_headers"),
        "status": record.get("status"),
    }
    meta = {"events": names} if names is not None else {}
    yield Document(
        kind="exchange",
        value=value,
        file=file,
        record=number,
        context=exchange_context(record, base),
        locate=lambda part, pointer: position(record_tokens(record, part, pointer)),
        meta=meta,
    )
