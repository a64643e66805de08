"""`check_bag`: a `dask.bag` of records checked as the lines of one JSON Lines file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from validator.config import Config
from validator.core.context import Context
from validator.core.findings import Report
from validator.readers.jsonl import read_record
from validator.readers.source import syntax_finding
from validator.run.results import FileResult, check_items, finding_position


def _records(partition: Iterable[Any], first: int, kind: Any, name: str, context: Any) -> Any:
    """Documents and syntax findings of records numbered from `first`, like JSONL lines."""
    import orjson

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
        yield from read_record(text, number, name, kind, context, False)


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
    result = check_items(
        _records(partition, first, kind, name, context),
        config or Config(),
        FileResult(),
        custom_ids,
    )
    result.findings.sort(key=finding_position)
    return result


def _count(partition: Iterable[Any]) -> list[int]:
    return [sum(1 for _ in partition)]


def _offsets(bag: Any, scheduler: Any) -> list[int]:
    """The 1-based number of each partition's first record (the bag is counted first)."""
    import itertools

    counts = bag.map_partitions(_count).compute(scheduler=scheduler)
    return [1 + n for n in itertools.accumulate([0, *counts[:-1]])]


def bag_tasks(bag: Any, kind: Any, config: Any, name: str, context: Any, scheduler: Any) -> Any:
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
    tasks = bag_tasks(bag, kind, config, name, context, scheduler)
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
