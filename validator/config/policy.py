"""The one policy step: select/ignore, per-file ignores and per-rule severity.

Every finding passes here exactly once before it reaches a report, whoever made it: the
schema pass, the function rules, or a reader (`syntax/*`, `input/*`). Keeping the step in one
place is what makes `"syntax/invalid-json" = "warning"` in config mean what it says.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from validator.config import Config
from validator.core.findings import Finding


def apply(
    findings: Iterable[Finding], config: Config, file: str | None = None
) -> Iterator[Finding]:
    """The findings `config` keeps, each at the severity `config` gives its rule."""
    for f in findings:
        kept = apply_one(f, config, file if file is not None else f.file)
        if kept is not None:
            yield kept


def apply_one(f: Finding, config: Config, file: str | None = None) -> Finding | None:
    """`f` as `config` reports it, or None when its rule is not enabled for `file`."""
    if not config.enabled(f.rule, file):
        return None
    severity = config.severity_for(f.rule, f.severity)
    return f if severity is f.severity else replace(f, severity=severity)
