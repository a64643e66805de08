"""RFC 6901 JSON pointers: encode, decode, join, resolve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


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
