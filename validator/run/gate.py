"""The CI gate's ergonomics: tolerated findings, statistics, a progress bar for large inputs.

`--max-findings N` tolerates up to N failing findings, `--max-bad-share S` up to a share S of
the checked documents (records) with a failing finding; when both are given the gate fails
when either is exceeded. `--statistics` prints per-rule counts (to stderr, so machine formats
on stdout stay clean). The progress bar shows on stderr only when stderr is a terminal, the
format is text and the input is large; tqdm is imported only then.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from validator.core.findings import Finding, Report, Severity

LARGE_FILES = 50  # more files than this, or
LARGE_BYTES = 20 << 20  # more bytes than this, is a large input


def failing(report: Report, fail_on: Severity) -> list[Finding]:
    return [f for f in report.findings if f.severity >= fail_on]


def bad_share(report: Report, fail_on: Severity) -> float:
    """The share of checked documents that have a failing finding (0 when none was checked)."""
    bad = {(f.file, f.record) for f in failing(report, fail_on)}
    total = max(report.documents, len(bad))
    return len(bad) / total if total else 0.0


def gate_failed(
    report: Report,
    fail_on: Severity,
    max_findings: int | None = None,
    max_bad_share: float | None = None,
) -> bool:
    """Does the run fail the gate, given the tolerances (None: no tolerance, any finding fails)?"""
    found = failing(report, fail_on)
    if not found:
        return False
    if max_findings is None and max_bad_share is None:
        return True
    over_count = max_findings is not None and len(found) > max_findings
    over_share = max_bad_share is not None and bad_share(report, fail_on) > max_bad_share
    return over_count or over_share


def statistics(report: Report, out: TextIO) -> None:
    """Per-rule counts, most frequent first: count, rule, severity, files, records."""
    counts = Counter(f.rule for f in report.findings)
    severity = {f.rule: f.severity for f in report.findings}
    files: dict[str, set[Any]] = {}
    records: dict[str, set[Any]] = {}
    for f in report.findings:
        files.setdefault(f.rule, set()).add(f.file)
        records.setdefault(f.rule, set()).add((f.file, f.record))
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max((len(r) for r in counts), default=4)
    out.write(f"{'count':>7}  {'rule'.ljust(width)}  {'severity':<8}  files  records\n")
    for rule, n in rows:
        out.write(
            f"{n:>7}  {rule.ljust(width)}  {severity[rule]!s:<8}  "
            f"{len(files[rule]):>5}  {len(records[rule]):>7}\n"
        )
    docs = report.documents
    share = bad_share(report, Severity.ERROR)
    out.write(f"{len(report.findings)} findings in {docs} documents; {share:.2%} with an error\n")


def wants_progress(fmt: str, files: Sequence[str], stream: TextIO | None = None) -> bool:
    """A progress bar only on a terminal, in text format, for a large input."""
    stream = stream if stream is not None else sys.stderr
    if fmt != "text" or not getattr(stream, "isatty", lambda: False)():
        return False
    if len(files) > LARGE_FILES:
        return True
    total = 0
    for path in files:
        try:
            total += os.path.getsize(path) if path != "-" else 0
        except OSError:
            continue
        if total > LARGE_BYTES:
            return True
    return False


def check_with_progress(
    files: Sequence[str], run: Callable[[Sequence[str]], Report], jobs: int
) -> Report:
    """`run` over `files` in batches, a tqdm bar on stderr advancing per batch."""
    from tqdm import tqdm

    merged = Report()
    size = max(1, jobs * 4) if jobs > 1 else 1
    with tqdm(total=len(files), unit="file", file=sys.stderr, leave=False) as bar:
        for start in range(0, len(files), size):
            batch = files[start : start + size]
            part = run(batch)
            merged.findings.extend(part.findings)
            merged.files += part.files
            merged.documents += part.documents
            merged.checked.extend(part.checked)
            merged.failures.extend(part.failures)
            bar.update(len(batch))
    return merged
