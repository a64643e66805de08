"""YAML payload files: the C loader (timestamps kept as strings, keys as strings, so values
stay JSON), `---`-separated documents as records, alias bombs refused before expansion.

A parse failure is one `syntax/invalid-yaml` finding with the parser's 1-based line and
column; positions come from the composed node tree, built only for a document with findings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import orjson

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.document import Document
from validator.readers.locate import line_column, yaml_position
from validator.readers.payload import documents
from validator.readers.source import INVALID_YAML, syntax_finding


@functools.cache
def yaml_loader() -> type:
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
        refused = yaml_bomb(text, name)
        if refused is not None:
            yield refused
            return
        values = list(yaml.load_all(text, Loader=yaml_loader()))
    except yaml.constructor.ConstructorError as exc:
        if not hook:  # a tag we don't load (`!Ref`, `!!python/…`): not a payload of ours
            yield yaml_finding(exc, text, name)
        return
    except yaml.YAMLError as exc:
        yield yaml_finding(exc, text, name)
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


def yaml_bomb(text: str, name: str) -> Finding | None:
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
    for event in yaml.parse(text, Loader=yaml_loader()):
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

    return list(yaml.compose_all(text, Loader=yaml_loader()))


def yaml_finding(exc: Exception, text: str, name: str) -> Finding:
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
