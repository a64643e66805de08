"""Check many paths: walk, read, check each document, collect one `Report`.

One file is open at a time per worker; with `jobs > 1` files are spread over processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from validator.config import Config
from validator.context import Context
from validator.findings import Finding, Report

ErrorHandler = Callable[[str], None]


@dataclass
class FileResult:
    """What checking one file gave: findings, documents checked, or a read error."""

    findings: list[Finding] = field(default_factory=list)
    documents: list[tuple[str | None, int | None]] = field(default_factory=list)
    error: str | None = None


def check_one(
    path: str,
    kind: str | None = None,
    config: Config | None = None,
    hook_mode: bool = False,
    context: Context | None = None,
) -> FileResult:
    """Read and check one file (or `-` for standard input)."""
    from validator.engine import check_document
    from validator.readers import Document, ReadError, read_path

    config = config or Config()
    result = FileResult()
    try:
        for item in read_path(path, kind=kind, hook_mode=hook_mode, context=context):
            if isinstance(item, Document):
                result.findings.extend(check_document(item, config))
                result.documents.append((item.file, item.record))
            elif config.enabled(item.rule, item.file):
                result.findings.append(_fingerprinted(item))
    except ReadError as exc:
        result.error = str(exc)
    result.findings.sort(key=_position)
    return result


def _fingerprinted(f: Finding) -> Finding:
    """Reader findings (syntax errors) get the fingerprint engine findings get."""
    from dataclasses import replace

    from validator.fingerprint import fingerprint

    if f.fingerprint:
        return f
    return replace(f, fingerprint=fingerprint(f.rule, f.file, f.record, f.pointer, None))


def _position(f: Finding) -> tuple[int, int, int]:
    return (f.record or 0, f.line or 0, f.column or 0)


def expand(paths: Iterable[str | PathLike[str]], exclude: Iterable[str] = ()) -> Iterator[str]:
    """Files to check: each path as given, directories walked (minus `exclude` globs)."""
    from validator.readers import iter_paths

    for p in paths:
        text = os.fspath(p)
        if text == "-" or not Path(text).is_dir():
            yield text
        else:
            yield from (str(f) for f in iter_paths([Path(text)], tuple(exclude)))


def check_paths(
    paths: Iterable[str | PathLike[str]],
    *,
    kind: str | None = None,
    config: Config | None = None,
    hook_mode: bool = False,
    jobs: int = 1,
    on_error: ErrorHandler | None = None,
    context: Context | None = None,
) -> Report:
    """Check every file under `paths`; read errors go to `on_error` (or raise when None)."""
    config = config or Config()
    files = list(expand(paths, config.exclude))
    report = Report()
    results = _results(files, kind, config, hook_mode, jobs, context)
    for path, result in zip(files, results, strict=True):
        report.files += 1
        if result.error is not None:
            if on_error is None:
                from validator.readers import ReadError

                raise ReadError(path, result.error)
            on_error(result.error)
            continue
        report.findings.extend(result.findings)
        report.documents += len(result.documents)
        report.checked.extend(result.documents)
    return report


def _results(
    files: list[str],
    kind: str | None,
    config: Config,
    hook_mode: bool,
    jobs: int,
    context: Context | None,
) -> Iterator[FileResult]:
    if jobs <= 1 or len(files) < 2 or "-" in files:
        for path in files:
            yield check_one(path, kind, config, hook_mode, context)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        n = len(files)
        yield from pool.map(
            check_one,
            files,
            [kind] * n,
            [config] * n,
            [hook_mode] * n,
            [context] * n,
            chunksize=max(1, n // (jobs * 8)),
        )
