"""Server-sent event streams: `event:`/`data:` lines into a list of event payloads.

A `.sse` file is one `stream` document whose value is the list of parsed `data` JSON
payloads and whose `meta["events"]` holds the `event:` names; a `data:` payload that is
not JSON is a `syntax/invalid-json` finding at its line, and the stream goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from validator.core import pointer as jp
from validator.readers.document import Document
from validator.readers.locate import JsonText
from validator.readers.source import INVALID_JSON, Source, decode, syntax_finding


@dataclass
class Event:
    """One dispatched event: its name, data text and where that data starts (1-based)."""

    name: str | None
    data: str
    line: int
    column: int


@dataclass
class ParsedStream:
    """Events whose data parsed, their names and positions, and problems as text."""

    events: list[Any] = field(default_factory=list)
    names: list[str | None] = field(default_factory=list)
    texts: list[JsonText] = field(default_factory=list)
    # (problem, line, column, event number)
    errors: list[tuple[str, int, int, int]] = field(default_factory=list)


def iter_events(lines: Iterable[tuple[int, str]]) -> Iterator[Event]:
    """Events of an SSE stream given as (1-based line number, line text) pairs."""
    name: str | None = None
    data: list[str] = []
    where = (0, 0)
    for number, raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield Event(name, "\n".join(data), *where)
            name, data = None, []
            continue
        field_name, _, value = line.partition(":")
        offset = len(field_name) + 1
        if value.startswith(" "):
            value, offset = value[1:], offset + 1
        if field_name == "event":
            name = value
        elif field_name == "data":
            if not data:
                where = (number, offset + 1)
            data.append(value)
    if data:
        yield Event(name, "\n".join(data), *where)


def parse_events(events: Iterable[Event]) -> ParsedStream:
    """Parse each event's data as JSON; keep the ones that parse and note the others."""
    parsed = ParsedStream()
    for number, event in enumerate(events, start=1):
        if event.data.strip() == "[DONE]":
            continue
        try:
            parsed.events.append(orjson.loads(event.data))
        except orjson.JSONDecodeError as exc:
            text = JsonText(event.data, event.line, event.column)
            line, column = text.at(min(exc.pos, len(event.data)))
            problem = f"event {number} ({event.name or 'unnamed'}): data is not JSON: {exc.msg}"
            parsed.errors.append((problem, line, column, number))
            continue
        parsed.names.append(event.name)
        parsed.texts.append(JsonText(event.data, event.line, event.column))
    return parsed


def parse_text(text: str, first_line: int = 1) -> ParsedStream:
    """Parse an SSE body held in memory (a recorded `response_sse`, a HAR body)."""
    lines = enumerate(text.splitlines(keepends=True), start=first_line)
    return parse_events(iter_events(lines))


def stream_locator(texts: list[JsonText]) -> Any:
    """locate(part, "/i/...") -> position of event i's data value (within its data line)."""

    def locate(part: str | None, pointer: str) -> tuple[int, int] | None:
        tokens = jp.decode(pointer) if pointer.startswith("/") else []
        if not tokens or not tokens[0].isdigit() or int(tokens[0]) >= len(texts):
            return (texts[0].line, 1) if texts else (1, 1)
        return texts[int(tokens[0])].position(tokens[1:])

    return locate


def read_sse(source: Source, context: Any) -> Iterator[Document | Any]:
    """A `.sse` file (or SSE on stdin), read line by line, as one `stream` document."""
    problems: list[tuple[str, int, int, int | None]] = []
    parsed = parse_events(iter_events(_decoded_lines(source, problems)))
    for problem, line, column, number in [*problems, *parsed.errors]:
        yield syntax_finding(INVALID_JSON, problem, source.name, line, column, record=number)
    yield Document(
        kind="stream",
        value=parsed.events,
        file=source.name,
        context=context,
        locate=stream_locator(parsed.texts),
        meta={"events": parsed.names},
    )


def _decoded_lines(
    source: Source, problems: list[tuple[str, int, int, int | None]]
) -> Iterator[tuple[int, str]]:
    """Decoded lines; a line that is not UTF-8 text is noted and read as blank."""
    for number, raw in enumerate(source.lines(), start=1):
        text = decode(raw, first=number == 1)
        if isinstance(text, str):
            yield number, text
        else:
            problems.append((text[0], number, text[2], None))
            yield number, ""
