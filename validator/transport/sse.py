"""An incremental SSE parser for the transport: bytes in, (event name, data) out."""

from __future__ import annotations

import codecs
from collections.abc import Iterator


class SSEParser:
    """An incremental SSE parser: feed decoded bytes, get (event name, data text) as they end."""

    def __init__(self) -> None:
        self.text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.pending = ""
        self.name: str | None = None
        self.data: list[str] = []

    def feed(self, chunk: bytes, final: bool = False) -> Iterator[tuple[str | None, str]]:
        self.pending += self.text.decode(chunk, final=final)
        lines = self.pending.splitlines(keepends=True)
        self.pending = ""
        if lines and not final and not lines[-1].endswith(("\n", "\r")):
            self.pending = lines.pop()
        elif lines and not final and lines[-1].endswith("\r"):
            self.pending = lines.pop()  # may be the first half of \r\n
        for raw in lines:
            yield from self._line(raw.rstrip("\r\n"))
        if final and self.data:
            yield self.name, "\n".join(self.data)
            self.name, self.data = None, []

    def _line(self, line: str) -> Iterator[tuple[str | None, str]]:
        if not line:
            if self.data:
                yield self.name, "\n".join(self.data)
            self.name, self.data = None, []
            return
        field_name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field_name == "event":
            self.name = value
        elif field_name == "data":
            self.data.append(value)
