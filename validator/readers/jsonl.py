"""JSON Lines (`.jsonl`, `.ndjson`): one record a line, read lazily, one line in memory.

Each line is a payload (kind detected per line), a batch line, a batch result line, or a
recorded exchange (`request`/`response` keys). The record number is the 1-based line;
positions are that line and the code-point column of the value within it.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.document import Document
from validator.readers.locate import JsonText
from validator.readers.payload import documents
from validator.readers.source import INVALID_JSON, Source, decode, syntax_finding


def read_jsonl(
    source: Source,
    hint: str | None,
    context: Context | None,
    hook: bool,
    first_line: int = 1,
) -> Iterator[Document | Finding]:
    """Documents and syntax findings of a JSONL stream, in line order.

    `first_line` numbers the stream's first line (a worker reading a byte range of a file).
    """
    for number, raw in enumerate(source.lines(), start=first_line):
        if not raw.strip():
            continue
        data = raw.rstrip(b"\r\n")
        try:  # the common case: orjson parses the bytes (and checks they are UTF-8) at once
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # decoded below, for the exact syntax finding
        else:
            position = JsonText(data, number).position
            yield from documents(value, source.name, hint, context, hook, position, record=number)
            continue
        text = decode(data, first=number == 1)
        if not isinstance(text, str):
            problem, _, column = text
            yield syntax_finding(INVALID_JSON, problem, source.name, number, column, number)
            continue
        yield from read_record(text, number, source.name, hint, context, hook)


def read_record(
    text: str, number: int, name: str, hint: str | None, context: Context | None, hook: bool
) -> Iterator[Document | Finding]:
    """The document(s) of one JSON Lines record held as text, numbered `number` (its line),
    or a `syntax/invalid-json` finding on that line when it is not JSON."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        message = f"line {number} is not JSON: {exc.msg}"
        yield syntax_finding(INVALID_JSON, message, name, number, exc.colno, number)
        return
    line = JsonText(text, number)
    yield from documents(value, name, hint, context, hook, line.position, record=number)
