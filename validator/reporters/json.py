"""`--format json`: the report contract of design §5, one JSON document, stable key order."""

from __future__ import annotations

import json
from typing import Any, TextIO

from validator.core.findings import Finding, Report

# The contract's order (design §5), not the dataclass's, so that diffs of reports stay small.
FINDING_KEYS = (
    "rule",
    "severity",
    "message",
    "file",
    "line",
    "column",
    "pointer",
    "record",
    "part",
    "fingerprint",
)


def finding_dict(f: Finding) -> dict[str, Any]:
    data = f.to_dict()
    return {key: data.get(key) for key in FINDING_KEYS}


def document(report: Report) -> dict[str, Any]:
    """The whole report as the JSON contract spells it."""
    data = report.to_dict()
    return {
        "version": data["version"],
        "findings": [finding_dict(f) for f in report.findings],
        "failures": data["failures"],
        "summary": data["summary"],
    }


def render(report: Report, out: TextIO, *, color: bool = False) -> None:
    """Write the report as indented JSON (colour is ignored: JSON is for machines)."""
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
