"""Checking one file (or one byte range of a JSONL file) into a `FileResult`.

What a worker runs: read, check each document through the engine, pass reader findings
through the policy step, sort by position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from validator.config import Config, policy
from validator.core.context import Context
from validator.core.findings import CheckedDocuments, Finding
from validator.readers.ranges import read_range
from validator.run.parallel import Task


@dataclass
class FileResult:
    """What checking one file gave: findings, documents checked, or a read error."""

    findings: list[Finding] = field(default_factory=list)
    documents: CheckedDocuments = field(default_factory=CheckedDocuments)  # memory: runs
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
    result.findings.sort(key=finding_position)
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
    from validator.core.fingerprint import fingerprint

    if f.fingerprint:
        return f
    return replace(f, fingerprint=fingerprint(f.rule, f.file, f.record, f.pointer, None))


def finding_position(f: Finding) -> tuple[int, int, int]:
    """The sort key of a file's findings: record, line, column."""
    return (f.record or 0, f.line or 0, f.column or 0)
