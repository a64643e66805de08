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

from validator.core.findings import Finding, Report, Severity
from validator.core.fingerprint import PSEUDO_FILES, repo_relative

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/messages-validator/"
FINGERPRINT_KEY = "messagesValidator/v1"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _help(entry: Any) -> dict[str, str]:
    from validator.catalogue import explain, explain_markdown

    return {"text": explain(entry.id), "markdown": explain_markdown(entry.id)}


def _descriptor(entry: Any) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": entry.id,
        "shortDescription": {"text": entry.summary or entry.id},
        "fullDescription": {"text": entry.rationale or entry.summary or entry.id},
        "help": _help(entry),
        "defaultConfiguration": {"level": LEVEL.get(Severity(entry.severity), "error")},
        "properties": {
            "tags": [entry.family],
            "kinds": list(entry.kinds),
            "checkedBy": entry.checked_by,
        },
    }
    if entry.aliases:
        descriptor["deprecatedIds"] = list(entry.aliases)
    return descriptor


def _unknown_descriptor(rule_id: str, severity: Severity) -> dict[str, Any]:
    # A finding whose rule is not in the catalogue (an internal id such as a schema keyword
    # mapping): still listed, so that every result has a valid ruleIndex.
    return {
        "id": rule_id,
        "shortDescription": {"text": rule_id},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"tags": [rule_id.split("/", 1)[0]]},
    }


def rule_descriptors(report: Report) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The rules the report's findings use (catalogue order, with their help), and id -> index.

    Only the rules that fired are listed, not the whole catalogue: one finding makes a small
    log (the full catalogue with its help and examples is hundreds of kilobytes).
    """
    from validator.catalogue import entries, get

    fired: dict[str, Any] = {}
    unknown: dict[str, Severity] = {}
    for f in report.findings:
        entry = get(f.rule)  # an alias points at the renamed rule
        if entry is not None:
            fired[entry.id] = entry
        else:
            unknown.setdefault(f.rule, f.severity)
    order = {e.id: i for i, e in enumerate(entries())}
    listed = sorted(fired.values(), key=lambda e: order.get(e.id, len(order)))
    descriptors = [_descriptor(e) for e in listed]
    descriptors += [_unknown_descriptor(r, sev) for r, sev in unknown.items()]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for f in report.findings:
        entry = get(f.rule)
        if f.rule not in index and entry is not None:
            index[f.rule] = index[entry.id]
    return descriptors, index


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
