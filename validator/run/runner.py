"""Check many paths: walk, read, check each document, collect one `Report`.

One file is open at a time per worker; with `jobs > 1` files are spread over processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any

from validator.config import Config, policy
from validator.core.context import Context
from validator.core.findings import Failure, Finding, Report
from validator.readers.ranges import read_range
from validator.run.parallel import Task, plan

ErrorHandler = Callable[[str], None]


@dataclass
class FileResult:
    """What checking one file gave: findings, documents checked, or a read error."""

    findings: list[Finding] = field(default_factory=list)
    documents: list[tuple[str | None, int | None]] = field(default_factory=list)
    error: str | None = None
    # custom_id -> record of the batch lines read (batch/custom-id-duplicate-in-file's state),
    # so that the ranges of one file split over workers are judged as one file on merge.
    custom_ids: dict[str, int | None] = field(default_factory=dict)


def check_one(
    path: str,
    kind: str | None = None,
    config: Config | None = None,
    hook_mode: bool = False,
    context: Context | None = None,
) -> FileResult:
    """Read and check one file (or `-` for standard input)."""
    return check_task(Task(path), kind, config, hook_mode, context)


def check_task(
    task: Task,
    kind: str | None = None,
    config: Config | None = None,
    hook_mode: bool = False,
    context: Context | None = None,
    custom_ids: dict[str, int | None] | None = None,
) -> FileResult:
    """Read and check a whole file, or the byte range of a JSONL file a task names.

    `custom_ids` are the batch `custom_id`s of the file's earlier ranges, when known.
    """
    from validator.readers import ReadError, read_path

    config = config or Config()
    result = FileResult()
    try:
        if task.whole:
            read = read_path
            if "://" in task.path:  # a URL: fsspec (validator.readers.remote), imported only then
                from validator.readers.remote import read_url as read
            items = read(task.path, kind=kind, hook_mode=hook_mode, context=context)
        else:
            items = read_range(task, kind, hook_mode, context)
        check_items(items, config, result, custom_ids)
    except ReadError as exc:
        result.error = str(exc)
    result.findings.sort(key=_position)
    return result


def check_items(
    items: Iterable[Any],
    config: Config,
    result: FileResult,
    custom_ids: dict[str, int | None] | None = None,
) -> FileResult:
    """Check what a reader yielded into `result`: documents through the engine, reader
    findings through the policy step; `custom_ids` seed the file's batch custom_id state."""
    from validator.core.redact import redact_finding
    from validator.engine import check_document
    from validator.readers import Document

    batch_ids = result.custom_ids  # batch/custom-id-duplicate-in-file's state
    batch_ids.update(custom_ids or {})
    for item in items:
        if isinstance(item, Document):
            if item.kind == "batch-line":
                meta = {**item.meta, "batch_custom_ids": batch_ids, "record": item.record}
                item = replace(item, meta=meta)
            result.findings.extend(check_document(item, config))
            result.documents.append((item.file, item.record))
        else:
            kept = policy.apply_one(item, config)
            if kept is not None:
                result.findings.append(redact_finding(_fingerprinted(kept)))
    return result


def _fingerprinted(f: Finding) -> Finding:
    """Reader findings (syntax errors) get the fingerprint engine findings get."""
    from dataclasses import replace

    from validator.core.fingerprint import fingerprint

    if f.fingerprint:
        return f
    return replace(f, fingerprint=fingerprint(f.rule, f.file, f.record, f.pointer, None))


def _position(f: Finding) -> tuple[int, int, int]:
    return (f.record or 0, f.line or 0, f.column or 0)


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


def _fail(on_error: ErrorHandler | None, path: str, message: str) -> None:
    """Tell `on_error` of an input that could not be read, or raise when there is none."""
    if on_error is None:
        from validator.readers import ReadError

        raise ReadError(path, message)
    on_error(message)


def _expand_url(url: str) -> list[str]:
    from validator.readers import ReadError
    from validator.readers.remote import expand_url

    try:
        return expand_url(url)
    except ReadError:
        return [url]  # reading it reports the error, as for a missing local path


def check_paths(
    paths: Iterable[str | PathLike[str]],
    *,
    kind: str | None = None,
    config: Config | None = None,
    hook_mode: bool = False,
    jobs: int = 1,
    on_error: ErrorHandler | None = None,
    context: Context | None = None,
    engine: str = "serial",
    scheduler: object = None,
) -> Report:
    """Check every file under `paths`; read errors go to `on_error` (or raise when None).

    `engine="dask"` checks on a Dask cluster (`scheduler`: an address or a Client, default a
    LocalCluster of `jobs` workers); the report is the same as a serial run's.
    """
    config = config or Config()
    report = Report()
    files = list(expand(paths, config.exclude, report.failures))
    for failure in report.failures:
        _fail(on_error, failure.path, f"{failure.path}: {failure.reason}")
    if engine == "dask" and "-" not in files:
        from validator.dask import run_files

        results = run_files(files, kind, config, hook_mode, context, jobs=jobs, scheduler=scheduler)
    else:
        results = _results(files, kind, config, hook_mode, jobs, context)
    for path, result in zip(files, results, strict=True):
        report.files += 1
        if result.error is not None:
            report.failures.append(Failure(path, result.error.removeprefix(f"{path}: ")))
            _fail(on_error, path, result.error)
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
    """One result per file, in file order, from this process or from `jobs` workers."""
    if jobs <= 1 or "-" in files:
        for path in files:
            yield check_one(path, kind, config, hook_mode, context)
        return
    tasks = plan(files, jobs)
    if len(tasks) < 2:
        yield from (check_task(t, kind, config, hook_mode, context) for t in tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        n = len(tasks)
        done = pool.map(
            check_task,
            tasks,
            [kind] * n,
            [config] * n,
            [hook_mode] * n,
            [context] * n,
            chunksize=max(1, n // (jobs * 8)),
        )
        yield from _per_file(tasks, done, _rechecker(kind, config, hook_mode, context))


def _per_file(
    tasks: list[Task],
    results: Iterable[FileResult],
    recheck: Callable[[Task, dict[str, int | None]], FileResult] | None = None,
) -> Iterator[FileResult]:
    """Merge the results of a file's ranges back into one result (tasks are in file order).

    A range whose batch `custom_id`s repeat one of an earlier range's was judged without
    them: `recheck` checks it again knowing them (rare, and only that range), so a split
    file gets the verdicts of a whole one.
    """
    merged: FileResult | None = None
    path = None
    for task, result in zip(tasks, results, strict=True):
        if merged is not None and task.path == path:
            if recheck is not None and result.custom_ids.keys() & merged.custom_ids.keys():
                result = recheck(task, dict(merged.custom_ids))
            merged.findings.extend(result.findings)
            merged.documents.extend(result.documents)
            merged.error = merged.error or result.error
            for custom_id, record in result.custom_ids.items():
                merged.custom_ids.setdefault(custom_id, record)
            continue
        if merged is not None:
            yield merged
        merged, path = result, task.path
    if merged is not None:
        yield merged


def _rechecker(
    kind: str | None, config: Config, hook_mode: bool, context: Context | None
) -> Callable[[Task, dict[str, int | None]], FileResult]:
    """Check one range again in this process, seeded with the earlier ranges' custom_ids."""

    def recheck(task: Task, custom_ids: dict[str, int | None]) -> FileResult:
        return check_task(task, kind, config, hook_mode, context, custom_ids)

    return recheck
