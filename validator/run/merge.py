"""Merging the results of a file's byte ranges (checked apart, by processes or a cluster)
back into one result per file, with the verdicts of a whole-file check."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from validator.config import Config
from validator.core.context import Context
from validator.run.parallel import Task
from validator.run.results import FileResult, check_task

Recheck = Callable[[Task, dict[str, int | None]], FileResult]


def merge_ranges(
    tasks: list[Task],
    results: Iterable[FileResult],
    recheck: Recheck | None = None,
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


def range_rechecker(
    kind: str | None, config: Config, hook_mode: bool, context: Context | None
) -> Recheck:
    """Check one range again in this process, seeded with the earlier ranges' custom_ids."""

    def recheck(task: Task, custom_ids: dict[str, int | None]) -> FileResult:
        return check_task(task, kind, config, hook_mode, context, custom_ids)

    return recheck
