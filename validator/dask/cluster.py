"""`--engine dask`: the files of a run checked on a Dask cluster, merged in file order.

How work is shipped: the parent only plans (file names and byte ranges, `validator.run.parallel`)
and merges; each task is one file or one byte range of a plain JSONL file, read by the worker
itself (from disk or object storage), and what comes back is a `FileResult`: findings and the
(file, record) pairs checked, never the records. The parsed spec and the compiled validators
live in process-wide caches (`functools.cache` in `validator.schema.spec`/`validator.engine`), so a
worker loads them once and reuses them for every task it runs. `distributed` is imported
only when a cluster is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.config import Config
from validator.core.context import Context
from validator.run.merge import merge_ranges, range_rechecker
from validator.run.parallel import plan
from validator.run.results import FileResult, check_task

INSTALL = "pip install 'messages-validator[dask]'"


class EngineError(RuntimeError):
    """Dask is missing, or the scheduler cannot be reached: the CLI prints it and exits 2."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EngineError(f"--engine dask needs dask and distributed: {INSTALL}") from None
    return distributed


def local_cluster(workers: int) -> Any:
    """The default cluster: `workers` single-threaded processes on loopback, no dashboard."""
    distributed = _distributed()
    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )


class _Session:
    """A client on `scheduler` (an address or a Client), else on a LocalCluster of its own."""

    def __init__(self, scheduler: Any, workers: int) -> None:
        self.scheduler, self.workers = scheduler, workers
        self.cluster: Any = None
        self.client: Any = None
        self.owned = True

    def __enter__(self) -> Any:
        distributed = _distributed()
        if isinstance(self.scheduler, distributed.Client):
            self.client, self.owned = self.scheduler, False
            return self.client
        try:
            if self.scheduler is None:
                self.cluster = local_cluster(self.workers)
                self.client = distributed.Client(self.cluster)
            else:
                self.client = distributed.Client(self.scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            self.__exit__()
            where = self.scheduler or "a local cluster"
            raise EngineError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
        return self.client

    def __exit__(self, *exc: object) -> None:
        if self.owned and self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def check_on_worker(
    task: Any, kind: Any, config: Any, hook_mode: bool, context: Any, cwd: str | None = None
) -> Any:
    """Run on a worker. `cwd` is the caller's directory: relative paths and fingerprints
    (relative to the git work tree, else to the cwd) resolve as in the caller, when the
    worker sees the same file system (a LocalCluster); URLs do not depend on it."""
    import os

    if cwd and os.getcwd() != cwd and os.path.isdir(cwd):
        os.chdir(cwd)
    return check_task(task, kind, config, hook_mode, context)


def run_files(
    files: list[str],
    kind: str | None,
    config: Config,
    hook_mode: bool,
    context: Context | None,
    *,
    jobs: int = 1,
    scheduler: Any = None,
) -> Iterator[FileResult]:
    """One `FileResult` per file, in file order, computed on a Dask cluster.

    `scheduler` is an address (`tcp://host:8786`), a `distributed.Client`, or None for a
    LocalCluster of `jobs` workers. Results are taken in task order as they complete, and
    each future is released once merged, so the parent holds findings, not the backlog.
    """
    import os

    with _Session(scheduler, max(1, jobs)) as client:
        slots = sum(client.nthreads().values()) or max(1, jobs)
        tasks = plan(files, slots)
        n = len(tasks)
        futures = client.map(
            check_on_worker,
            tasks,
            [kind] * n,
            [config] * n,
            [hook_mode] * n,
            [context] * n,
            [os.getcwd()] * n,
            pure=False,
        )
        recheck = range_rechecker(kind, config, hook_mode, context)
        yield from merge_ranges(tasks, _in_order(futures), recheck)


def _in_order(futures: list[Any]) -> Iterator[Any]:
    for i, future in enumerate(futures):
        result = future.result()
        futures[i] = None  # release it on the cluster
        future.release()
        yield result
