"""Directory walking: the payload files under the given paths, sorted, minus excludes."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from validator.readers.detect import FORMATS_BY_EXTENSION

SKIPPED_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__"})


def excluded(path: Path, root: Path, globs: Iterable[str]) -> bool:
    """Does a glob match the path as given, relative to the walked root, or its name?"""
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    names = (path.as_posix(), relative, path.name)
    return any(
        fnmatch.fnmatch(n, g) or fnmatch.fnmatch(n, g.rstrip("/") + "/*")
        for g in globs
        for n in names
    )


def iter_paths(
    paths: Iterable[Path | str],
    exclude_globs: Iterable[str] = (),
    on_error: Callable[[OSError], None] | None = None,
) -> Iterator[Path]:
    """Files to check under `paths`: a file as given; a directory walked for payload files.

    Walked files are those with a payload extension (.json .yaml .yml .jsonl .ndjson .har
    .sse); hidden directories, .git, virtualenvs and node_modules are skipped; the order is
    sorted, so runs are deterministic. A directory that cannot be listed goes to
    `on_error` (never silently skipped when one is given).
    """
    globs = tuple(exclude_globs)
    for given in paths:
        root = Path(given)
        if not root.is_dir():
            if not excluded(root, root.parent, globs):
                yield root
            continue
        yield from _walk(root, globs, on_error)


def _walk(
    root: Path, globs: tuple[str, ...], on_error: Callable[[OSError], None] | None
) -> Iterator[Path]:
    found = []
    for here, dirs, files in os.walk(root, onerror=on_error):
        base = Path(here)
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIPPED_DIRS
            and not excluded(base / d, root, globs)
        ]
        for name in files:
            path = base / name
            if _walked(path) and not excluded(path, root, globs) and _regular(path):
                found.append(path)
    yield from sorted(found)


def _walked(path: Path) -> bool:
    """A payload extension, or one under `.gz` (`traffic.jsonl.gz`, `session.har.gz`)."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        suffix = Path(path.stem).suffix.lower()
    return suffix in FORMATS_BY_EXTENSION


def _regular(path: Path) -> bool:
    """Only regular files (or links to them) are walked: a FIFO or a device would block the
    run or never end. Named on the command line, a pipe is read as a stream, like `-`."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:  # a dangling link: named in the walk, it is skipped like the others
        return False
