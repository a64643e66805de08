"""RFC 6901 JSON pointers: encode, decode, join, resolve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def encode(path: Iterable[str | int]) -> str:
    """`["messages", 0, "content"]` -> `/messages/0/content`."""
    return "".join("/" + escape(p) for p in path)


def decode(pointer: str) -> list[str]:
    """`/messages/0` -> `["messages", "0"]`; the empty pointer is the whole document."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def join(base: str, *tokens: str | int) -> str:
    return base + encode(tokens)


def resolve(document: Any, pointer: str) -> Any:
    """The value at `pointer`; raises `KeyError` when it does not exist."""
    node = document
    for token in decode(pointer):
        if isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                raise KeyError(pointer)
            node = node[int(token)]
        elif isinstance(node, dict):
            if token not in node:
                raise KeyError(pointer)
            node = node[token]
        else:
            raise KeyError(pointer)
    return node


MAX_DEPTH = 256  # nesting levels of arrays/objects a payload may have (real ones: < 30)
ORJSON_DEPTH = 254  # orjson.dumps raises from this many nested levels on


def member_texts(document: dict[Any, Any]) -> dict[int, tuple[Any, bytes]] | None:
    """The compact JSON (orjson) of each member of `document` that is an array or object, as
    {id: (member, text)}; None when orjson refuses one (too deep, or not plain JSON data).

    When none is refused, `document` nests at most `ORJSON_DEPTH` levels: within any depth
    limit from 255 up, with no walk. The texts serve the checks of the members (an exchange's
    request and response), which would otherwise serialise them again.
    """
    texts: dict[int, tuple[Any, bytes]] = {}
    for member in document.values():
        if isinstance(member, (dict, list)):
            try:
                texts[id(member)] = (member, orjson.dumps(member))
            except (TypeError, orjson.JSONEncodeError):
                return None
    return texts


def too_deep(document: Any, limit: int = MAX_DEPTH) -> list[str] | None:
    """The path to the first array/object nested deeper than `limit`, or None.

    Iterative (an explicit stack), so that it is safe on any depth the parsers let through;
    the path is only built (by a second walk) for a document that is too deep. Plain JSON data
    that orjson serialises is not walked at all: orjson refuses nesting past 253 levels, so
    what it accepts is within any limit from 254 up.
    """
    if not isinstance(document, (dict, list)):
        return None
    if limit >= ORJSON_DEPTH:
        try:
            orjson.dumps(document)
            return None
        except (TypeError, orjson.JSONEncodeError):
            pass  # too deep for orjson, or not plain JSON data: walk it
    stack: list[tuple[Any, int]] = [(document, 0)]
    push, pop = stack.append, stack.pop
    while stack:
        node, depth = pop()
        children = node.values() if isinstance(node, dict) else node
        if depth >= limit:
            return _deep_path(document, limit)
        for child in children:
            if isinstance(child, (dict, list)):
                push((child, depth + 1))
    return None


def _deep_path(document: Any, limit: int) -> list[str]:
    stack: list[tuple[Any, list[str]]] = [(document, [])]
    while stack:
        node, path = stack.pop()
        if len(path) >= limit:
            return path
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for token, child in items:
            if isinstance(child, (dict, list)):
                stack.append((child, [*path, str(token)]))
    return []
