"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

`::error file=F,line=L,col=C,title=RULE::MESSAGE` (`::warning`, `::notice` for the other
severities). Escaping follows the runner's rules: in the message `%`, CR and LF are
percent-encoded; in property values `:` and `,` are too. Files are named relative to the
repository root, which is where GitHub resolves annotation paths.
"""

from __future__ import annotations

from typing import TextIO

from validator.core.findings import Finding, Report, Severity
from validator.core.fingerprint import PSEUDO_FILES, repo_relative
from validator.reporters._common import clean, summary_line, where

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (the part after `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (`file=`, `title=`, ...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    """The workflow command for one finding."""
    props = []
    file = repo_relative(f.file)
    if file is not None and file not in PSEUDO_FILES:  # GitHub cannot place stdin
        props.append(f"file={escape_property(clean(file))}")
        if f.line is not None:
            props.append(f"line={f.line}")
            if f.column is not None:
                props.append(f"col={f.column}")
    props.append(f"title={escape_property(f.rule)}")
    context = where(f)
    message = f"{f.message} ({context})" if context else f.message
    return f"::{COMMAND[f.severity]} {','.join(props)}::{escape_data(clean(message))}"


def render(report: Report, out: TextIO, *, color: bool = False) -> None:
    """One annotation per finding, then the summary as a plain log line."""
    for f in report.findings:
        out.write(annotation(f) + "\n")
    for failure in report.failures:
        title = escape_property("input/unreadable")
        message = escape_data(clean(f"{failure.path}: {failure.reason}"))
        out.write(f"::error title={title}::{message}\n")
    out.write(summary_line(report) + "\n")
