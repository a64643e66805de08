"""Map RFC 6901 pointers to 1-based (line, column) positions in JSON and YAML text.

Called only for documents that have findings, so it may be slow-ish, but it never parses
more than the path it follows: siblings are skipped by scanning, not decoded. The JSON
walker assumes the text already parsed (orjson said so). It is hand-written because the
ready-made options failed on real payloads: json-source-map leaves key escapes undecoded
and pointers unescaped; PyYAML's composer rejects escaped surrogate pairs (`json.dumps`
output with emoji), DEL characters and keys over 1024 characters, and counts U+2028 as a
line break. Columns count Unicode code points (the text is a `str`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from json.decoder import scanstring
from typing import Any

_WS = re.compile(r"[ \t\r\n]*")
# A JSON string body, unrolled so that long strings (base64 images) scan in linear time.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(r"[^,\]}\s]*")
_STRUCT = re.compile(r'["\[\]{}]')


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based (line, column) of `text[index]`, lines split at `\\n` only."""
    line = text.count("\n", 0, index) + 1
    return line, index - text.rfind("\n", 0, index)


def skip_value(text: str, pos: int) -> int:
    """The index just past the JSON value that starts at `pos`."""
    char = text[pos]
    if char == '"':
        match = _STRING.match(text, pos)
        return match.end() if match else len(text)
    if char not in "{[":
        return _SCALAR.match(text, pos).end()  # type: ignore[union-attr]
    depth = 0
    while (match := _STRUCT.search(text, pos)) is not None:
        char = match.group()
        if char == '"':
            pos = skip_value(text, match.start())
            continue
        depth += 1 if char in "{[" else -1
        pos = match.end()
        if depth == 0:
            return pos
    return len(text)


def _ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _member(text: str, pos: int, token: str) -> int | None:
    """Start of the value of member `token` in the object at `pos` (the last one if repeated)."""
    found = None
    pos = _ws(text, pos + 1)
    while pos < len(text) and text[pos] == '"':
        key, pos = scanstring(text, pos + 1)
        pos = _ws(text, _ws(text, pos) + 1)  # past the colon
        if key == token:
            found = pos  # keep going: the parser keeps the last duplicate
        pos = _ws(text, skip_value(text, pos))
        if pos < len(text) and text[pos] == ",":
            pos = _ws(text, pos + 1)
    return found


def _item(text: str, pos: int, token: str) -> int | None:
    """Start of element `token` of the array at `pos`."""
    if not token.isdigit():
        return None
    wanted, index = int(token), 0
    pos = _ws(text, pos + 1)
    while pos < len(text) and text[pos] != "]":
        if index == wanted:
            return pos
        pos = _ws(text, skip_value(text, pos))
        if pos < len(text) and text[pos] == ",":
            pos = _ws(text, pos + 1)
        index += 1
    return None


def json_index(text: str, tokens: Sequence[str], start: int = 0) -> int:
    """Index of the value at `tokens`, or of the deepest existing value on the way there."""
    pos = _ws(text, start)
    for token in tokens:
        if pos >= len(text):
            break
        char = text[pos]
        nxt = _member(text, pos, token) if char == "{" else None
        if char == "[":
            nxt = _item(text, pos, token)
        if nxt is None:
            break
        pos = nxt
    return pos


class JsonText:
    """One JSON value's text and where its first character sits in the file (1-based).

    The text may be given as the UTF-8 bytes orjson parsed: it is decoded only when a
    position is asked for (a document with findings), not for every clean record.
    """

    def __init__(self, text: str | bytes, line: int = 1, column: int = 1) -> None:
        self._text, self.line, self.column = text, line, column

    @property
    def text(self) -> str:
        if isinstance(self._text, bytes):
            self._text = self._text.decode("utf-8")
        return self._text

    def index(self, tokens: Sequence[str]) -> int:
        return json_index(self.text, tokens)

    def position(self, tokens: Sequence[str]) -> tuple[int, int]:
        """File (line, column) of the value at `tokens` (or of its deepest existing parent)."""
        return self.at(self.index(tokens))

    def at(self, index: int) -> tuple[int, int]:
        line, column = line_column(self.text, index)
        if line == 1:
            column += self.column - 1
        return self.line + line - 1, column


def yaml_position(root: Any, tokens: Sequence[str]) -> tuple[int, int] | None:
    """(line, column) of the node at `tokens` in a composed YAML tree (or its deepest parent)."""
    import yaml

    node = root
    if node is None:
        return None
    for token in tokens:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == token:
                    child = value  # the last duplicate wins, as in the loader
        elif isinstance(node, yaml.SequenceNode) and token.isdigit():
            child = node.value[int(token)] if int(token) < len(node.value) else None
        if child is None:
            break
        node = child
    mark = node.start_mark
    return mark.line + 1, mark.column + 1
