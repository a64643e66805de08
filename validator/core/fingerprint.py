"""Stable finding fingerprints (design §4): what a baseline stores and SARIF reports.

A fingerprint hashes the rule, the repo-relative file, the record, the pointer and the
canonical JSON of the offending value. Line numbers are deliberately left out, so that
reformatting a file or adding lines above a finding keeps its fingerprint; the value is in,
so that fixing the value and breaking it differently counts as a new finding.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import Any

# Not real paths; kept as given so that they fingerprint the same everywhere.
PSEUDO_FILES = frozenset({"-", "<stdin>", "<payload>"})


@functools.cache
def _git_root(directory: str) -> str | None:
    """The nearest ancestor of `directory` holding `.git` (cached: one walk per directory)."""
    path = Path(directory)
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    return None


def repo_relative(file: str | None) -> str | None:
    """`file` relative to its git work tree (else to the cwd), with `/` separators.

    Paths outside both are kept absolute. The same file therefore gets the same name
    whether the tool runs from the repository root or a subdirectory.
    """
    if file is None or file in PSEUDO_FILES or "://" in file:  # a URL is its own name
        return file
    absolute = os.path.abspath(file)
    root = _git_root(os.path.dirname(absolute)) or os.getcwd()
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return PurePosixPath(Path(absolute).as_posix()).as_posix()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


def value_hash(value: Any) -> str:
    """Hash of the canonical JSON of `value` (sorted keys, no whitespace)."""
    canonical = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(rule: str, file: str | None, record: int | None, pointer: str, value: Any) -> str:
    """A 32-hex-digit fingerprint that survives reformatting (never uses line numbers)."""
    parts = (
        rule,
        repo_relative(file) or "",
        "" if record is None else str(record),
        pointer,
        value_hash(value),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]
