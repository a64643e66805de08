"""Bytes in: open a path or standard input, peek at its head, decode, report syntax errors.

Files are opened once, in binary, and read either whole (JSON, YAML, HAR) or line by line
(JSONL, SSE) so that large traffic logs stream with bounded memory.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import orjson

from validator.core.findings import Finding, Severity

STDIN = "<stdin>"
INVALID_JSON, INVALID_YAML = "syntax/invalid-json", "syntax/invalid-yaml"  # reader rules
HEAD_SIZE = 1 << 16
_BOM = b"\xef\xbb\xbf"


class ReadError(Exception):
    """A path that cannot be read at all (missing, a directory, no permission).

    The CLI prints `str(error)` and exits 2; a file that reads but does not parse is a
    `syntax/...` finding instead.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, message)
        self.path, self.message = path, message

    def __str__(self) -> str:
        if self.message.startswith(f"{self.path}: "):
            return self.message
        return f"{self.path}: {self.message}"


def syntax_finding(
    rule: str,
    message: str,
    file: str,
    line: int | None = None,
    column: int | None = None,
    record: int | None = None,
    part: str | None = None,
) -> Finding:
    """A `syntax/...` finding (error) at a 1-based position."""
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        file=file,
        line=line,
        column=column,
        record=record,
        part=part,
    )


def parse_json(text: str, name: str) -> Any | Finding:
    """The parsed value, or a `syntax/invalid-json` finding at the error."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if not text.strip():
            return syntax_finding(INVALID_JSON, "empty file: no JSON value", name, 1, 1)
        return syntax_finding(INVALID_JSON, f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno)


@dataclass
class Source:
    """An open input: its display name, its first bytes, and the stream after them."""

    name: str
    head: bytes
    stream: IO[bytes]
    inner_name: str | None = None  # a gzip input: the name its content goes by (`x.jsonl`)

    @property
    def format_name(self) -> str:
        """The name whose extension tells the format (`traffic.jsonl.gz` reads as JSONL)."""
        return self.inner_name or self.name

    def read_all(self) -> bytes:
        return self.head + self.stream.read()

    def lines(self) -> Iterator[bytes]:
        """The raw lines (with their `\\n`), the head's first, without reading ahead."""
        pending: list[bytes] = []  # pieces of a line that spans chunks
        rest = iter(lambda: self.stream.read(HEAD_SIZE), b"")
        for chunk in itertools.chain((self.head,), rest):
            *complete, tail = chunk.split(b"\n")
            for line in complete:
                yield b"".join((*pending, line, b"\n"))
                pending.clear()
            if tail:
                pending.append(tail)
        if pending:
            yield b"".join(pending)

    @classmethod
    def from_stream(cls, stream: IO[bytes], name: str) -> Source:
        """A source over a binary stream that is already open (a URL, an archive member),
        shown as `name`; closing the source closes the stream."""
        return cls(name, stream.read(HEAD_SIZE), stream)

    def close(self) -> None:
        if self.stream is not _stdin_bytes():
            self.stream.close()


def _stdin_bytes() -> IO[bytes]:
    return getattr(sys.stdin, "buffer", None) or sys.stdin  # type: ignore[return-value]


def open_source(path: str) -> Source:
    """Open `path` (`-` is standard input) and read its head; `ReadError` when it can't be."""
    if path == "-":
        stream = _stdin_bytes()
        head = stream.read(HEAD_SIZE)
        if isinstance(head, str):  # a text-only stdin replacement
            head = head.encode("utf-8")
            stream = _TextAsBytes(stream)  # type: ignore[assignment]
        return _gunzipped(Source(STDIN, head, stream))
    if os.path.isdir(path):
        raise ReadError(path, "is a directory (pass it to `check` to walk it)")
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed by the reader that drains it)
        return _gunzipped(Source(path, stream.read(HEAD_SIZE), stream))
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None


GZIP_MAGIC = b"\x1f\x8b"


def _gunzipped(source: Source) -> Source:
    """A gzip input (by its magic bytes, whatever its name) as its decompressed stream.

    The data is inflated as it is read (`gzip.GzipFile` over the raw stream, the head
    already read put back in front), so a large `.jsonl.gz` streams with bounded memory.
    A corrupt or truncated archive is a `ReadError` (exit 2), not a traceback.
    """
    if not source.head.startswith(GZIP_MAGIC):
        return source
    import gzip

    raw = _Rejoined(source.head, source.stream)
    inflated = _SafeGzip(gzip.GzipFile(fileobj=raw, mode="rb"), source.name, raw)  # type: ignore[arg-type]
    inner = source.name[:-3] if source.name.lower().endswith(".gz") else source.name + ".gz-content"
    try:
        head = inflated.read(HEAD_SIZE)
    except ReadError:
        source.close()
        raise
    return Source(source.name, head, inflated, inner_name=inner)  # type: ignore[arg-type]


class _Rejoined:
    """A byte stream that gives back `head` and then the rest of `stream`."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head, self._stream = head, stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                head, self._head = self._head, b""
                rest = self._stream.read(-1 if size < 0 else size - len(head))
                return head + rest
            head, self._head = self._head[:size], self._head[size:]
            return head
        return self._stream.read(size)

    def close(self) -> None:
        if self._stream is not _stdin_bytes():
            self._stream.close()


class _SafeGzip:
    """`GzipFile.read`, with a bad or truncated archive turned into a `ReadError`."""

    def __init__(self, inner: IO[bytes], name: str, raw: _Rejoined) -> None:
        self._inner, self._name, self._raw = inner, name, raw

    def read(self, size: int = -1) -> bytes:
        import zlib

        try:
            return self._inner.read(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise ReadError(self._name, f"not a readable gzip file ({exc})") from None

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            self._raw.close()


class _TextAsBytes:
    """Wraps a text stream (tests replace `sys.stdin`) so it reads as UTF-8 bytes."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size).encode("utf-8")


def decode(data: bytes, first: bool = True) -> str | tuple[str, int, int]:
    """UTF-8 text (a leading BOM dropped), or (problem, line, column) when it is not text."""
    if first and data.startswith(_BOM):
        data = data[len(_BOM) :]
    if first and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "the file is UTF-16 encoded; JSON and YAML payloads must be UTF-8", 1, 1
    nul = data.find(b"\x00")
    if nul >= 0:
        return ("binary data (a NUL byte), not text", *_byte_position(data, nul))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded"
        return (problem, *_byte_position(data, exc.start))


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column
