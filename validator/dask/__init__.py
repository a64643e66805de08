"""Checking on a Dask cluster: `--engine dask`, `check_bag` and `findings_dataframe`.

Needs the `dask` extra (`pip install 'messages-validator[dask]'`); dask and distributed are
imported inside the functions, so importing this module (for `EngineError`) is cheap. The
module is named after the package it drives; `import dask` below is absolute (PEP 328) and
always means the top-level package.

How work is shipped: the parent only plans (file names and byte ranges, `validator.run.parallel`)
and merges; each task is one file or one byte range of a plain JSONL file, read by the worker
itself (from disk or object storage), and what comes back is a `FileResult`: findings and the
(file, record) pairs checked, never the records. The parsed spec and the compiled validators
live in process-wide caches (`functools.cache` in `validator.schema.spec`/`validator.engine`), so a
worker loads them once and reuses them for every task it runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from validator.config import Config
from validator.core.context import Context
from validator.core.findings import Finding, Report

if TYPE_CHECKING:
    from validator.run.runner import FileResult

INSTALL = "pip install 'messages-validator[dask]'"
FINDING_COLUMNS = (
    "rule",
    "severity",
    "file",
    "record",
    "line",
    "column",
    "pointer",
    "part",
    "message",
    "fingerprint",
)


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


def _check_task(
    task: Any, kind: Any, config: Any, hook_mode: bool, context: Any, cwd: str | None = None
) -> Any:
    """Run on a worker. `cwd` is the caller's directory: relative paths and fingerprints
    (relative to the git work tree, else to the cwd) resolve as in the caller, when the
    worker sees the same file system (a LocalCluster); URLs do not depend on it."""
    import os

    from validator.run.runner import check_task

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

    from validator.run.parallel import plan
    from validator.run.runner import _per_file, _rechecker

    with _Session(scheduler, max(1, jobs)) as client:
        slots = sum(client.nthreads().values()) or max(1, jobs)
        tasks = plan(files, slots)
        n = len(tasks)
        futures = client.map(
            _check_task,
            tasks,
            [kind] * n,
            [config] * n,
            [hook_mode] * n,
            [context] * n,
            [os.getcwd()] * n,
            pure=False,
        )
        recheck = _rechecker(kind, config, hook_mode, context)
        yield from _per_file(tasks, _in_order(futures), recheck)


def _in_order(futures: list[Any]) -> Iterator[Any]:
    for i, future in enumerate(futures):
        result = future.result()
        futures[i] = None  # release it on the cluster
        future.release()
        yield result


# --- dask.bag of records -------------------------------------------------------------


def _records(partition: Iterable[Any], first: int, kind: Any, name: str, context: Any) -> Any:
    """Documents and syntax findings of records numbered from `first`, like JSONL lines."""
    import orjson

    from validator.readers.jsonl import _record
    from validator.readers.source import syntax_finding

    for number, record in enumerate(partition, start=first):
        if isinstance(record, bytes):
            record = record.decode("utf-8", "replace")
        if isinstance(record, str):
            text = record.strip()
            if not text:
                continue
        else:
            try:
                text = orjson.dumps(record).decode("utf-8")
            except TypeError as exc:
                message = f"record {number} is not JSON data: {exc}"
                yield syntax_finding("syntax/invalid-json", message, name, number, 1, number)
                continue
        yield from _record(text, number, name, kind, context, False)


def _check_partition(
    partition: Iterable[Any],
    first: int,
    kind: Any,
    config: Any,
    name: str,
    context: Any,
    custom_ids: dict[str, int | None] | None = None,
) -> FileResult:
    """One partition checked as the lines `first`... of a JSONL file named `name`."""
    from validator.run.runner import FileResult, _position, check_items

    result = check_items(
        _records(partition, first, kind, name, context),
        config or Config(),
        FileResult(),
        custom_ids,
    )
    result.findings.sort(key=_position)
    return result


def _count(partition: Iterable[Any]) -> list[int]:
    return [sum(1 for _ in partition)]


def _offsets(bag: Any, scheduler: Any) -> list[int]:
    """The 1-based number of each partition's first record (the bag is counted first)."""
    import itertools

    counts = bag.map_partitions(_count).compute(scheduler=scheduler)
    return [1 + n for n in itertools.accumulate([0, *counts[:-1]])]


def _bag_tasks(bag: Any, kind: Any, config: Any, name: str, context: Any, scheduler: Any) -> Any:
    import dask

    kind = None if kind in (None, "auto") else kind
    parts = bag.to_delayed(optimize_graph=True)
    check = dask.delayed(_check_partition, pure=True)
    starts = _offsets(bag, scheduler)
    return [
        check(part, first, kind, config, name, context)
        for part, first in zip(parts, starts, strict=True)
    ]


def check_bag(
    bag: Any,
    *,
    kind: str | None = None,
    config: Config | None = None,
    name: str = "<bag>",
    context: Context | None = None,
    scheduler: Any = None,
) -> Report:
    """Check a `dask.bag` of records: dicts, JSON strings (or bytes), exchange records.

    Record `n` (1-based across the whole bag, in bag order) is checked exactly as line `n`
    of a JSON Lines file named `name` would be, so the report equals that of `check` on
    such a file: same findings, records and fingerprints. `kind` forces the kind (default:
    detected per record). The bag is traversed twice (once to number its records).
    `scheduler` is passed to `dask.compute` (default: the active client or dask's default).
    """
    import dask

    parts = bag.to_delayed(optimize_graph=True)
    tasks = _bag_tasks(bag, kind, config, name, context, scheduler)
    starts = _offsets(bag, scheduler)
    report = Report(files=1)
    seen: dict[str, int | None] = {}
    results = dask.compute(*tasks, scheduler=scheduler)
    for part, first, result in zip(parts, starts, results, strict=True):
        if result.custom_ids.keys() & seen.keys():  # judged without the earlier partitions
            (records,) = dask.compute(part, scheduler=scheduler)
            result = _check_partition(records, first, kind, config, name, context, dict(seen))
        for custom_id, record in result.custom_ids.items():
            seen.setdefault(custom_id, record)
        report.findings.extend(result.findings)
        report.documents += len(result.documents)
        report.checked.extend(result.documents)
    return report


def _rows(result: Any) -> list[dict[str, Any]]:
    findings = result.findings
    return [_row(f) for f in findings]


def _row(f: Finding) -> dict[str, Any]:
    row = {c: getattr(f, c) for c in FINDING_COLUMNS}
    row["severity"] = str(f.severity)
    return row


def _meta() -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "rule": pd.Series(dtype="object"),
            "severity": pd.Series(dtype="object"),
            "file": pd.Series(dtype="object"),
            "record": pd.Series(dtype="Int64"),
            "line": pd.Series(dtype="Int64"),
            "column": pd.Series(dtype="Int64"),
            "pointer": pd.Series(dtype="object"),
            "part": pd.Series(dtype="object"),
            "message": pd.Series(dtype="object"),
            "fingerprint": pd.Series(dtype="object"),
        }
    )


def _frame(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    meta = _meta()
    if not rows:
        return meta
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS)).astype(meta.dtypes.to_dict())


def findings_dataframe(
    inputs: Any,
    *,
    kind: str | None = None,
    config: Config | None = None,
    name: str = "<bag>",
    context: Context | None = None,
) -> Any:
    """A lazy dask DataFrame of findings, one row per finding, columns `FINDING_COLUMNS`.

    `inputs` is a `dask.bag` of records (numbered as `check_bag` numbers them) or paths and
    URLs (one partition per file). Nothing
    runs until it is computed, e.g. `df.groupby("rule").size().compute()`.
    Needs `dask[dataframe]` (pandas): part of `pip install 'messages-validator[dask]'`.
    """
    import os

    try:
        import dask
        import dask.dataframe as dd
    except ImportError:
        raise ImportError(f"findings_dataframe needs dask[dataframe] (pandas): {INSTALL}") from None
    if hasattr(inputs, "to_delayed") and hasattr(inputs, "map_partitions"):
        parts = _bag_tasks(inputs, kind, config, name, context, None)
    else:
        from validator.run.parallel import Task
        from validator.run.runner import expand

        if isinstance(inputs, str):
            inputs = [inputs]
        config = config or Config()
        files = list(expand(inputs, config.exclude))
        # Whole files, not byte ranges: a lazy frame has no merge step in which a file's
        # ranges could be judged as one file (batch custom_ids unique across its lines).
        tasks = [Task(f) for f in files]
        kind = None if kind in (None, "auto") else kind
        check = dask.delayed(_check_task, pure=True)
        cwd = os.getcwd()
        parts = [check(t, kind, config, False, context, cwd) for t in tasks]
    frames = [dask.delayed(_frame)(dask.delayed(_rows)(p)) for p in parts]
    if not frames:
        return dd.from_pandas(_meta(), npartitions=1)
    return dd.from_delayed(frames, meta=_meta(), verify_meta=False)
