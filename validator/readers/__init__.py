"""Readers turn files into `Document`s: a kind, a value, a lazy map from pointers to positions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from validator.core.context import Context
from validator.readers.source import ReadError

if TYPE_CHECKING:
    from validator.core.findings import Finding

__all__ = [
    "KINDS",
    "KIND_ALIASES",
    "KIND_HELP",
    "Document",
    "Locator",
    "ReadError",
    "canonical_kind",
    "iter_paths",
    "read_path",
    "read_text",
]

# A locator maps (part, pointer) to a 1-based (line, column) in the file, or None.
Locator = Callable[[str | None, str], tuple[int, int] | None]

KINDS = (
    "request",
    "count-tokens",
    "response",
    "error",
    "stream",
    "stream-event",
    "exchange",
    "batch-create",
    "batch-line",
    "batch-result",
    "batch",
    "count-tokens-response",
    "unknown",
)

# What each `--kind` holds, as `--help` lists it. `batch` is a MessageBatch *object* (what
# the batches endpoint answers), which is easily taken for a batch *file*: the clearer names
# below are accepted, and every older name keeps working.
KIND_HELP = {
    "request": "a POST /v1/messages body",
    "count-tokens": "a POST /v1/messages/count_tokens body",
    "response": "a Message response body",
    "error": "an error response body ({type: error, error: {...}})",
    "stream": "an SSE stream, or a JSON list of its events",
    "stream-event": "one stream event's data",
    "exchange": "a recorded request/response pair",
    "batch-create": "a POST /v1/messages/batches body ({requests: [...]})",
    "batch-line": "one line of a batch input JSONL file ({custom_id, params})",
    "batch-result": "one line of a batch results JSONL file ({custom_id, result})",
    "batch": "a MessageBatch object (the batches endpoint's answer), not a batch file",
    "count-tokens-response": "a count_tokens response body ({input_tokens})",
}
KIND_ALIASES = {
    "batch-object": "batch",
    "batch-request-line": "batch-line",
    "batch-input-line": "batch-line",
    "batch-result-line": "batch-result",
    "batch-create-body": "batch-create",
}


def canonical_kind(kind: str | None) -> str | None:
    """The kind a `--kind` name or alias stands for (None and `auto` stay None)."""
    if kind in (None, "auto"):
        return None
    return KIND_ALIASES.get(kind, kind)


@dataclass
class Document:
    """One payload to check.

    `value` is the parsed payload. For `exchange`, a dict with `request`, `response`,
    `stream` (list of event data dicts) and `request_headers`; for `stream`, the list of
    event data dicts. `record` is the 1-based JSONL line, HAR entry index or SSE event
    number; `locate(part, pointer)` is called only when the document has findings.
    """

    kind: str
    value: Any
    file: str | None = None
    record: int | None = None
    context: Context = field(default_factory=Context)
    locate: Locator | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


def read_path(
    path: str,
    *,
    kind: str | None = None,
    hook_mode: bool = False,
    context: Context | None = None,
) -> Iterator[Document | Finding]:
    """Documents of the file at `path` (`-` reads standard input, named `<stdin>`).

    Yields a `Document` per payload, or a `syntax/...` `Finding` (with line and column)
    where the input does not parse; `kind` forces the kind (`None`/`"auto"` detects it);
    in `hook_mode` inputs that are not Messages payloads yield nothing. Raises `ReadError`
    at once when the path is missing, a directory or unreadable.
    """
    from validator.readers.dispatch import read_path as _read_path

    return _read_path(path, kind=kind, hook_mode=hook_mode, context=context)


def read_text(
    text: str,
    name: str = "<stdin>",
    *,
    kind: str | None = None,
    hook_mode: bool = False,
    context: Context | None = None,
) -> Iterator[Document | Finding]:
    """Like `read_path`, for text already in memory; the format is sniffed from `name`/text."""
    from validator.readers.dispatch import read_text as _read_text

    kind = None if kind in (None, "auto") else kind
    return _read_text(text, name, kind=kind, hook=hook_mode, context=context)


def iter_paths(
    paths: Iterable[Path | str],
    exclude_globs: Iterable[str] = (),
    on_error: Callable[[OSError], None] | None = None,
) -> Iterator[Path]:
    """Files under `paths` with a payload extension, sorted, minus `exclude_globs`.

    A directory that cannot be listed goes to `on_error`, when given.
    """
    from validator.readers.walk import iter_paths as _iter_paths

    return _iter_paths(paths, exclude_globs, on_error)
