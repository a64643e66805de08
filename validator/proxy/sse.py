"""An incremental `text/event-stream` splitter for the copy of a streamed response."""

from __future__ import annotations

import json
from typing import Any


class SSESplitter:
    """Incremental `text/event-stream` splitter: feed bytes, collect each event's JSON data."""

    def __init__(self) -> None:
        self._buffer = b""
        self._data: list[str] = []
        self.events: list[Any] = []
        self.problems: list[str] = []

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk
        while True:
            cut = self._buffer.find(b"\n")
            if cut < 0:
                return
            line, self._buffer = self._buffer[:cut], self._buffer[cut + 1 :]
            self._line(line.rstrip(b"\r").decode("utf-8", "replace"))

    def close(self) -> None:
        if self._buffer:
            self._line(self._buffer.decode("utf-8", "replace"))
            self._buffer = b""
        self._line("")

    def _line(self, line: str) -> None:
        if not line:
            if self._data:
                data, self._data = "\n".join(self._data), []
                if data.strip() == "[DONE]":
                    return
                try:
                    self.events.append(json.loads(data))
                except ValueError as exc:
                    self.problems.append(f"an event's data is not JSON: {exc}")
            return
        name, _, value = line.partition(":")
        if name == "data":
            self._data.append(value[1:] if value.startswith(" ") else value)
