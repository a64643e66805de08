"""Single-payload JSON and YAML files: parse fast, locate lazily, detect the kind.

JSON parses with orjson; YAML with the C loader (timestamps kept as strings, keys as
strings, so values stay JSON). A parse failure is one `syntax/...` finding with the
parser's 1-based line and column.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import orjson

from validator.core import pointer as jp
from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.detect import count_tokens_hint, detect_kind, is_exchange
from validator.readers.document import Document
from validator.readers.exchange import read_exchange
from validator.readers.locate import JsonText, _ws, line_column, yaml_position
from validator.readers.source import syntax_finding

INVALID_JSON, INVALID_YAML = "syntax/invalid-json", "syntax/invalid-yaml"
_NO_CONTEXT = Context()  # frozen, so one instance serves every bare payload


def parse_json(text: str, name: str) -> Any | Finding:
    """The parsed value, or a `syntax/invalid-json` finding at the error."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if not text.strip():
            return syntax_finding(INVALID_JSON, "empty file: no JSON value", name, 1, 1)
        return syntax_finding(INVALID_JSON, f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno)


def json_documents(
    text: str, name: str, hint: str | None, context: Context | None, hook: bool
) -> Iterator[Document | Finding]:
    """The document(s) of a JSON file (a HAR log in a `.json` file reads as HAR)."""
    value = parse_json(text, name)
    if isinstance(value, Finding):
        yield value
        return
    if hint is None and _is_har(value):
        from validator.readers.har import har_documents

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


def _is_har(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("log"), dict)
        and ("entries" in value["log"])
    )


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


# --- YAML ---------------------------------------------------------------------------------


@functools.cache
def _loader() -> type:
    """CSafeLoader minus timestamps (kept as strings), with string keys: values stay JSON."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:
            mapping = super().construct_mapping(node, deep=deep)
            return {k if isinstance(k, str) else _key(k): v for k, v in mapping.items()}

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if not tag.endswith(":timestamp")]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return Loader


def _key(key: Any) -> str:
    if key is None or isinstance(key, bool):
        return orjson.dumps(key).decode()
    return str(key)


def yaml_documents(
    text: str, name: str, hint: str | None, context: Context | None, hook: bool
) -> Iterator[Document | Finding]:
    """The document(s) of a YAML file; `---`-separated documents are records 1, 2, …"""
    import yaml

    try:
        refused = _yaml_bomb(text, name)
        if refused is not None:
            yield refused
            return
        values = list(yaml.load_all(text, Loader=_loader()))
    except yaml.constructor.ConstructorError as exc:
        if not hook:  # a tag we don't load (`!Ref`, `!!python/…`): not a payload of ours
            yield _yaml_finding(exc, text, name)
        return
    except yaml.YAMLError as exc:
        yield _yaml_finding(exc, text, name)
        return
    values = values or [None]  # an empty file: one empty document, "not a payload"
    many = len(values) > 1
    for index, value in enumerate(values):
        position = functools.partial(_yaml_position, text, index)
        record = index + 1 if many else None
        yield from documents(value, name, hint, context, hook, position, record)


MAX_ALIASES = 100  # a "billion laughs" file expands aliases into an exponential tree
MAX_NODES = 100_000  # nodes the aliases of one file may expand to (real fixtures: < 1,000)
TOO_LARGE = "input/too-large"


def _yaml_bomb(text: str, name: str) -> Finding | None:
    """A finding when the YAML's aliases would expand past the bounds; None otherwise.

    Counting aliases is not enough (73 aliases can build 10^9 nodes), so one pass over the
    parser's events counts, per anchor, the nodes its collection holds once expanded, and
    refuses before anything is constructed. Memory: one counter per open collection.
    """
    import yaml

    if "*" not in text:  # no alias, nothing expands
        return None
    anchors: dict[str, int] = {}
    open_: list[tuple[str | None, int]] = []  # (anchor, nodes built before it) per collection
    nodes = aliases = 0
    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            open_.append((event.anchor, nodes))
            nodes += 1
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, before = open_.pop()
            if anchor is not None:
                anchors[anchor] = nodes - before
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            nodes += anchors.get(event.anchor, 1)
            if aliases > MAX_ALIASES or nodes > MAX_NODES:
                line, column = event.start_mark.line + 1, event.start_mark.column + 1
                what = f"over {MAX_NODES:,} nodes"
                if aliases > MAX_ALIASES:
                    what = f"{aliases} aliases"
                message = f"YAML aliases expand to {what}: refusing to expand them"
                return syntax_finding(TOO_LARGE, message, name, line, column)
    return None


def _yaml_position(text: str, index: int, tokens: list[str]) -> tuple[int, int] | None:
    nodes = _composed(text)
    if index >= len(nodes):  # an empty file: no node at all, its one document sits at 1:1
        return (1, 1)
    return yaml_position(nodes[index], tokens)


@functools.lru_cache(maxsize=4)
def _composed(text: str) -> list[Any]:
    import yaml

    return list(yaml.compose_all(text, Loader=_loader()))


def _yaml_finding(exc: Exception, text: str, name: str) -> Finding:
    from validator.readers.locate import line_column

    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(getattr(exc, "position", None), int):
        line, column = line_column(text, exc.position)  # type: ignore[attr-defined]
    else:
        line = column = None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    return syntax_finding(INVALID_YAML, message, name, line, column)
