"""The files a run checks: paths as given, directories walked, URL globs expanded."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path

from validator.core.findings import Failure


def expand(
    paths: Iterable[str | PathLike[str]],
    exclude: Iterable[str] = (),
    failures: list[Failure] | None = None,
) -> Iterator[str]:
    """Files to check: each path as given, directories walked (minus `exclude` globs).

    A directory that cannot be listed (no permission) is appended to `failures`, when given.
    """
    from validator.readers import iter_paths

    def unreadable(error: OSError) -> None:
        if failures is not None:
            where = error.filename if error.filename is not None else "?"
            failures.append(Failure(os.fspath(where), _reason(error)))

    for p in paths:
        text = os.fspath(p)
        if "://" in text:  # a URL, a glob of URLs or a prefix: fsspec expands it
            yield from _expand_url(text)
        elif text == "-" or not Path(text).is_dir():
            yield text
        else:
            walked = iter_paths([Path(text)], tuple(exclude), on_error=unreadable)
            yield from (str(f) for f in walked)


def _reason(error: OSError) -> str:
    what = error.strerror or type(error).__name__
    return f"cannot read directory: {what.lower()}"


def _expand_url(url: str) -> list[str]:
    from validator.readers import ReadError
    from validator.readers.remote import expand_url

    try:
        return expand_url(url)
    except ReadError:
        return [url]  # reading it reports the error, as for a missing local path
