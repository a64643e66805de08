"""`--format text`: ruff-like lines, `file:line:col: rule [severity] message (where)`."""

from __future__ import annotations

from typing import TextIO

from validator.findings import Finding, Report, Severity
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


def render(report: Report, out: TextIO, *, color: bool = False) -> None:
    """One line per finding, then the summary; ANSI colour only when `color` is set."""
    for f in report.findings:
        out.write(line(f, color=color) + "\n")
    closing = summary_line(report)
    if report.errors:
        code = _SEVERITY_COLOR[Severity.ERROR]
    elif report.findings:
        code = _SEVERITY_COLOR[Severity.WARNING]
    else:
        code = "\x1b[1;32m"
    out.write(_paint(closing, code, color) + "\n")
