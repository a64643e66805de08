"""`--format sarif`: SARIF 2.1.0 for code-scanning consumers (GitHub, GitLab, IDEs).

The driver's `rules[]` are the rules that fired, from the catalogue (with help text and
examples), not the whole catalogue; each result
points at its rule by `ruleIndex`, carries the line and column of the offending value in the
checked file (`columnKind: unicodeCodePoints`, as the readers count) and the finding's
fingerprint, so that consumers track a finding across reformatting.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from validator.catalogue.render import LEVEL, rule_descriptors
from validator.core.findings import Finding, Report
from validator.core.fingerprint import PSEUDO_FILES, repo_relative

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/messages-validator/"
FINGERPRINT_KEY = "messagesValidator/v1"


def artifact_uri(file: str) -> str:
    """A repo-relative path as a relative URI reference; a path outside any repository (kept
    absolute by `repo_relative`) as a `file:` URI, which consumers resolve unambiguously."""
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    return quote(file, safe="/")


def _location(f: Finding) -> dict[str, Any] | None:
    file = repo_relative(f.file)
    location: dict[str, Any] = {}
    if file is not None and file not in PSEUDO_FILES:  # stdin has no artifact to point at
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(file)}}
        if f.line is not None:
            region = {"startLine": f.line}
            if f.column is not None:
                region["startColumn"] = f.column
            physical["region"] = region
        location["physicalLocation"] = physical
    if f.pointer:
        name = f.pointer.rsplit("/", 1)[-1]
        qualified = f"{f.part}:{f.pointer}" if f.part else f.pointer
        location["logicalLocations"] = [
            {"name": name, "fullyQualifiedName": qualified, "kind": "member"}
        ]
    return location or None


def result(f: Finding, rule_index: int) -> dict[str, Any]:
    """One SARIF result for one finding."""
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
    }
    location = _location(f)
    if location is not None:
        out["locations"] = [location]
    if f.fingerprint:
        out["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    props = {"pointer": f.pointer, "record": f.record, "part": f.part}
    out["properties"] = {k: v for k, v in props.items() if v is not None}
    return out


def _driver(descriptors: list[dict[str, Any]]) -> dict[str, Any]:
    from validator import __version__

    return {
        "name": "messages-validator",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": descriptors,
    }


def _invocation(report: Report) -> dict[str, Any]:
    """Whether the run could read every input; each failure as a tool notification."""
    notes = [
        {
            "level": "error",
            "message": {"text": f"{failure.path}: {failure.reason}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(failure.path)}}}
            ],
            "descriptor": {"id": "input/unreadable"},
        }
        for failure in report.failures
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not report.failures}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def document(report: Report) -> dict[str, Any]:
    """The SARIF log as a dict."""
    descriptors, index = rule_descriptors(report)
    run = {
        "tool": {"driver": _driver(descriptors)},
        "columnKind": "unicodeCodePoints",
        "results": [result(f, index[f.rule]) for f in report.findings],
        "invocations": [_invocation(report)],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, out: TextIO, *, color: bool = False) -> None:
    """Write the SARIF log (indented JSON)."""
    json.dump(document(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
