"""Pick the reader for an input (by extension, else by its first bytes) and run it."""

from __future__ import annotations

import io
from collections.abc import Iterator

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.detect import HEAD_TEXT, sniff_format
from validator.readers.document import Document
from validator.readers.source import (
    INVALID_JSON,
    INVALID_YAML,
    ReadError,
    Source,
    decode,
    open_source,
    syntax_finding,
)

_RULE = {"yaml": INVALID_YAML}
_STREAMED = frozenset({"jsonl", "sse"})


def read_source(
    source: Source, kind: str | None, hook: bool, context: Context | None
) -> Iterator[Document | Finding]:
    """Documents and findings of an open source; the source is closed when done."""
    try:
        fmt = sniff_format(source.format_name, head_text(source))
        yield from read_format(source, fmt, kind, hook, context)
    except OSError as exc:  # the file vanished or the disk failed mid-read
        raise ReadError(source.name, exc.strerror or str(exc)) from None
    finally:
        source.close()


def head_text(source: Source) -> str:
    """The first bytes of a source as text, enough for `sniff_format` to tell the format."""
    return source.head[:HEAD_TEXT].decode("utf-8", "ignore")


def read_format(
    source: Source, fmt: str, kind: str | None, hook: bool, context: Context | None
) -> Iterator[Document | Finding]:
    """Documents of an open source whose format is known (`json`, `yaml`, `jsonl`, `har`,
    `sse`): line by line for JSONL and SSE, else the whole text. The caller closes it."""
    if fmt in _STREAMED:
        return _streamed(source, fmt, kind, hook, context)
    return _whole(source, fmt, kind, hook, context)


def _streamed(
    source: Source, fmt: str, kind: str | None, hook: bool, context: Context | None
) -> Iterator[Document | Finding]:
    if fmt == "sse":
        from validator.readers.sse import read_sse

        yield from read_sse(source, context or Context())
    else:
        from validator.readers.jsonl import read_jsonl

        yield from read_jsonl(source, kind, context, hook)


def _whole(
    source: Source, fmt: str, kind: str | None, hook: bool, context: Context | None
) -> Iterator[Document | Finding]:
    text = decode(source.read_all())
    if not isinstance(text, str):
        problem, line, column = text
        if not hook:  # a binary file that happens to have a payload extension
            yield syntax_finding(_RULE.get(fmt, INVALID_JSON), problem, source.name, line, column)
        return
    yield from read_text(text, source.name, fmt=fmt, kind=kind, hook=hook, context=context)


def read_text(
    text: str,
    name: str,
    *,
    fmt: str | None = None,
    kind: str | None = None,
    hook: bool = False,
    context: Context | None = None,
) -> Iterator[Document | Finding]:
    """Documents of text already in memory (`fmt` sniffed from `name` and the text if None)."""
    fmt = fmt or sniff_format(name, text[:HEAD_TEXT])
    if fmt in _STREAMED:
        data = text.encode("utf-8")
        yield from _streamed(Source(name, data, io.BytesIO()), fmt, kind, hook, context)
    elif (recording := _recording(text, name, fmt, kind, hook, context)) is not None:
        yield from recording
    elif fmt == "yaml":
        from validator.readers.yaml_payload import yaml_documents

        yield from yaml_documents(text, name, kind, context, hook)
    elif fmt == "har":
        from validator.readers.har import har_file_documents

        yield from har_file_documents(text, name, hook, context)
    else:
        from validator.readers.payload import json_documents

        yield from json_documents(text, name, kind, context, hook)


def _recording(
    text: str, name: str, fmt: str, kind: str | None, hook: bool, context: Context | None
) -> Iterator[Document | Finding] | None:
    """Recorded HTTP traffic (VCR cassettes, nock, HTTP exchange files), by content; else None."""
    if kind is not None and kind != "exchange":
        return None  # not imported for a forced payload kind
    from validator.readers.recordings import recording_documents

    return recording_documents(text, name, fmt, kind, hook, context)


def read_path(
    path: str, *, kind: str | None = None, hook_mode: bool = False, context: Context | None = None
) -> Iterator[Document | Finding]:
    """Documents of a file (`-` is standard input); `ReadError` when it cannot be read."""
    source = open_source(path)  # raises before the first document, so the CLI can exit 2
    return read_source(source, None if kind in (None, "auto") else kind, hook_mode, context)
