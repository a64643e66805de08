"""Single-payload JSON files, and one parsed payload into a document of its kind.

JSON parses with orjson; a parse failure is one `syntax/invalid-json` finding with the
parser's 1-based line and column, a repeated key one `syntax/duplicate-key`. `documents` is
shared by every payload reader (JSON, YAML, JSON Lines): it detects the kind and locates lazily.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from validator.core import pointer as jp
from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.detect import count_tokens_hint, detect_kind, is_exchange, is_har
from validator.readers.document import Document
from validator.readers.exchange import read_exchange
from validator.readers.har import har_documents
from validator.readers.locate import JsonText, _ws, line_column
from validator.readers.source import INVALID_JSON, parse_json, syntax_finding

__all__ = ["INVALID_JSON", "documents", "duplicate_key", "json_documents", "parse_json"]
_NO_CONTEXT = Context()  # frozen, so one instance serves every bare payload


def json_documents(
    text: str, name: str, hint: str | None, context: Context | None, hook: bool
) -> Iterator[Document | Finding]:
    """The document(s) of a JSON file (a HAR log in a `.json` file reads as HAR)."""
    value = parse_json(text, name)
    if isinstance(value, Finding):
        yield value
        return
    if hint is None and is_har(value):
        yield from har_documents(value, text, name, context, hook)
        return
    duplicate = duplicate_key(text, name)
    if duplicate is not None:
        yield duplicate
    source = JsonText(text)
    yield from documents(value, name, hint, context, hook, lambda t: source.position(t))


DUPLICATE_KEY = "syntax/duplicate-key"
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]]', re.S)


def _colon(text: str, end: int) -> bool:
    pos = _ws(text, end)
    return text[pos : pos + 1] == ":"


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Duplicate
    return result


def duplicate_key(text: str, name: str) -> Finding | None:
    """A `syntax/duplicate-key` finding at the first repeated key of an object, or None.

    For payload files only (small, written by people): the C `json` parser with a pairs
    hook says whether any object repeats a key; only then one scan finds where.
    """
    import json

    from validator.schema.messages import printable

    try:
        json.loads(text, object_pairs_hook=_no_duplicates)
        return None
    except _Duplicate:
        pass
    except (ValueError, RecursionError):  # orjson read it; too deep is the engine's finding
        return None
    stack: list[set[str] | None] = []  # per open container: the keys seen, None for arrays
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "{[":
            stack.append(set() if token == "{" else None)
        elif token in "}]":
            if stack:
                stack.pop()
        elif stack and stack[-1] is not None and _colon(text, match.end()):
            key = json.loads(token)
            if key in stack[-1]:
                line, column = line_column(text, match.start())
                shown = printable(key)
                message = f"duplicate key {shown!r} in one object: parsers disagree on which wins"
                return syntax_finding(DUPLICATE_KEY, message, name, line, column)
            stack[-1].add(key)
    return None


def documents(
    value: Any,
    name: str,
    hint: str | None,
    context: Context | None,
    hook: bool,
    position: Any,
    record: int | None = None,
) -> Iterator[Document | Finding]:
    """One parsed payload as a document of its detected (or forced) kind."""
    endpoint = context.endpoint if context is not None else None
    kind = hint or detect_kind(value, count_tokens=_count_tokens(name, endpoint))
    if kind == "unknown" and hook:
        return
    if is_exchange(value):  # a recorded pair stays one, whatever kind its payloads are forced to
        yield from read_exchange(value, file=name, number=record, base=context, position=position)
        return
    ctx = context or _NO_CONTEXT
    if kind == "count-tokens" and ctx.endpoint is None:
        ctx = replace(ctx, endpoint="count_tokens")
    locate = functools.partial(_locate, position)
    yield Document(kind, value, file=name, record=record, context=ctx, locate=locate)


def _locate(position: Any, part: str | None, pointer: str) -> tuple[int, int] | None:
    try:
        return position(jp.decode(pointer))
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)  # called per JSONL record; the answer is per file
def _count_tokens(name: str, endpoint: str | None) -> bool:
    return endpoint == "count_tokens" or count_tokens_hint(name)
