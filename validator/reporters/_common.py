"""Small helpers the reporters share: the closing summary and how a finding says where it is."""

from __future__ import annotations

from validator.core.findings import Finding, Report, Severity


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report) -> str:
    """The closing line of text-like outputs, e.g. `Found 2 errors, 1 warning ...`."""
    scope = f"{_plural(report.documents, 'document')} in {_plural(report.files, 'file')}"
    unread = len(report.failures)
    if unread:  # never "All checks passed" for a run that could not read an input
        failed = f"{_plural(unread, 'input')} could not be read"
        found = f"; {_counts(report)}" if report.findings else ""
        return f"Failed: {failed}{found} ({scope})."
    if not report.findings:
        return f"All checks passed ({scope})."
    return f"Found {_counts(report)} ({scope})."


def _counts(report: Report) -> str:
    counts = [
        _plural(n, word)
        for n, word in (
            (report.count(Severity.ERROR), "error"),
            (report.count(Severity.WARNING), "warning"),
            (report.count(Severity.INFO), "info"),
        )
        if n
    ]
    return ", ".join(counts)


def where(f: Finding) -> str:
    """Where inside the file: record and part/pointer, e.g. `record 3, request /messages/0`."""
    bits = []
    if f.record is not None:
        bits.append(f"record {f.record}")
    inner = " ".join(x for x in (f.part, f.pointer) if x)
    if inner:
        bits.append(f"at {inner}")
    return ", ".join(bits)


def clean(text: str) -> str:
    """`text` on one line with control characters escaped.

    Messages may quote payload strings; an ESC or a newline from a payload must not be able
    to recolour a terminal or forge an extra output line.
    """
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def redacted(report: Report) -> Report:
    """The report every reporter renders: credentials in any string replaced (redact.py)."""
    from validator.core.redact import redact_report

    return redact_report(report)  # type: ignore[no-any-return]
