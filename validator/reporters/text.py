"""`--format text`: ruff-like lines, `file:line:col: rule [severity] message (where)`.

After the findings comes a per-rule summary, most frequent first: the count, the rule, its
severity, where it first occurs, and how to learn more (`messages-validator explain RULE`,
once per rule rather than on every line, so that long runs stay readable). `--quiet` prints
only that summary and the closing line.
"""

from __future__ import annotations

import io
from typing import TextIO

from validator.core.findings import Finding, Report, Severity
from validator.reporters._common import clean, summary_line, where

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;34m",
}


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color and text else text


def line(f: Finding, *, color: bool = False) -> str:
    """One finding as one line; the location is as much of `file:line:col` as is known."""
    loc = _paint(clean(f.location()), _BOLD, color)
    sev_color = _SEVERITY_COLOR.get(f.severity, "")
    rule = _paint(f.rule, sev_color, color)
    text = f"{loc}: {rule} [{f.severity}] {clean(f.message)}"
    context = clean(where(f))
    if context:
        text += " " + _paint(f"({context})", _DIM, color)
    return text


def rule_summary(report: Report) -> list[tuple[str, Severity, int, Finding]]:
    """(rule, severity, count, first finding) per rule, most frequent first, then by rule."""
    seen: dict[str, list] = {}
    for f in report.findings:
        entry = seen.get(f.rule)
        if entry is None:
            seen[f.rule] = [f.severity, 1, f]
        else:
            entry[1] += 1
    rows = [(rule, sev, n, first) for rule, (sev, n, first) in seen.items()]
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def summary_lines(report: Report, *, color: bool = False) -> list[str]:
    """The per-rule summary block (empty when there is no finding)."""
    rows = rule_summary(report)
    if not rows:
        return []
    width = max(len(str(n)) for _, _, n, _ in rows)
    rule_width = max(len(clean(rule)) for rule, _, _, _ in rows)
    out = []
    for rule, sev, n, first in rows:
        name = _paint(clean(rule).ljust(rule_width), _SEVERITY_COLOR.get(sev, ""), color)
        hint = _paint(f"— see: messages-validator explain {clean(rule)}", _DIM, color)
        where_ = clean(first.location())
        tag = f"[{sev}]".ljust(9)
        out.append(f"{n:>{width}}  {name}  {tag}  first at {where_}  {hint}")
    return out


def render(report: Report, out: TextIO, *, color: bool = False, quiet: bool = False) -> None:
    """One line per finding, the per-rule summary, the closing line; colour when `color`."""
    if not quiet:
        for f in report.findings:
            out.write(line(f, color=color) + "\n")
    for row in summary_lines(report, color=color):
        out.write(row + "\n")
    closing = summary_line(report)
    if report.errors:
        code = _SEVERITY_COLOR[Severity.ERROR]
    elif report.findings:
        code = _SEVERITY_COLOR[Severity.WARNING]
    else:
        code = "\x1b[1;32m"
    out.write(_paint(closing, code, color) + "\n")


def as_text(report: Report) -> str:
    """The text report (as `--format text` prints it, without colour), as one string."""
    out = io.StringIO()
    render(report, out, color=False)
    return out.getvalue().rstrip("\n")
