"""Check many paths: walk, read, check each document, collect one `Report`.

One file is open at a time per worker; with `jobs > 1` files are spread over processes
(their byte ranges merged back by `validator.run.merge`), with `engine="dask"` over a
Dask cluster (`validator.dask`, imported only then: it needs the `dask` extra).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from os import PathLike

from validator.config import Config
from validator.core.context import Context
from validator.core.findings import Failure, Report
from validator.run.merge import merge_ranges, range_rechecker
from validator.run.parallel import Task, iter_plan
from validator.run.paths import expand
from validator.run.results import FileResult, check_items, check_one, check_task

ErrorHandler = Callable[[str], None]

__all__ = [
    "ErrorHandler",
    "FileResult",
    "check_items",
    "check_one",
    "check_paths",
    "check_task",
    "expand",
]


def _fail(on_error: ErrorHandler | None, path: str, message: str) -> None:
    """Tell `on_error` of an input that could not be read, or raise when there is none."""
    if on_error is None:
        from validator.readers import ReadError

        raise ReadError(path, message)
    on_error(message)


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
        from validator.dask.cluster import run_files  # the optional engine, only when asked

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
    tasks: list[Task] = []  # filled as the pool takes them; complete before the merge
    planned = iter_plan(files, jobs, into=tasks)
    head = list(itertools.islice(planned, 2))
    if len(head) < 2:
        yield from (check_task(t, kind, config, hook_mode, context) for t in head)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if multiprocessing.get_start_method() == "fork":  # forked workers inherit a warm engine
        from validator import engine

        engine.warm()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        done = pool.map(  # submits each task as the plan finds it: workers start at once
            check_task,
            itertools.chain(head, planned),
            *map(itertools.repeat, (kind, config, hook_mode, context)),
            chunksize=1,  # the pieces are small and many: handed out one by one, as asked
        )
        yield from merge_ranges(tasks, done, range_rechecker(kind, config, hook_mode, context))
