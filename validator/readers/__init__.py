"""Readers turn files into `Document`s: a kind, a value, a lazy map from pointers to positions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from validator.core.context import Context
from validator.core.kinds import KIND_ALIASES, KIND_HELP, KINDS, canonical_kind
from validator.readers.document import Document, Locator
from validator.readers.source import ReadError

if TYPE_CHECKING:
    from validator.core.findings import Finding
    from validator.readers.ranges import ByteRange

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
    "read_range",
    "read_text",
]


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


def read_range(
    task: ByteRange, kind: str | None = None, hook: bool = False, context: Context | None = None
) -> Iterator[Document | Finding]:
    """Documents of the lines of a JSON Lines file that start in `task`'s [start, end) bytes,
    numbered as lines of the whole file (`validator.readers.ranges`)."""
    from validator.readers.ranges import read_range as _read_range

    return _read_range(task, kind, hook, context)


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
