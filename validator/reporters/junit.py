"""`--format junit`: one test case per checked document, failures carry the findings.

A document with an error-level finding is a failed test case; warnings and infos of a
passing document are listed in its `system-out`, so that CI test views show them without
turning the build red (the exit code, decided by the CLI, is what gates). Files that never
became a document (a syntax error, a file that is not a payload) get a test case of their own.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TextIO

from validator.core.findings import Failure, Finding, Report, Severity
from validator.reporters._common import clean, where

Key = tuple[str | None, int | None]
SUITE = "messages-validator"


def group(report: Report) -> dict[Key, list[Finding]]:
    """Findings per checked document, in the order documents were checked.

    A finding whose record is not a checked document of its own (an event of a stream
    document) belongs to the file's whole-file document.
    """
    groups: dict[Key, list[Finding]] = {key: [] for key in report.checked}
    for f in report.findings:
        key: Key = (f.file, f.record)
        if key not in groups and (f.file, None) in groups:
            key = (f.file, None)
        groups.setdefault(key, []).append(f)
    return groups


def _name(key: Key) -> str:
    file, record = key
    name = file or "<payload>"
    return clean(name if record is None else f"{name} record {record}")


def _line(f: Finding) -> str:
    context = where(f)
    text = f"{f.location()}: {f.rule} [{f.severity}] {f.message}"
    return clean(f"{text} ({context})" if context else text)


def _testcase(key: Key, findings: list[Finding]) -> ET.Element:
    case = ET.Element("testcase", classname=SUITE, name=_name(key), time="0")
    if key[0] is not None:
        case.set("file", clean(key[0]))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        failure = ET.SubElement(
            case, "failure", message=clean(f"{first.rule}: {first.message}"), type=first.rule
        )
        failure.text = "\n".join(_line(f) for f in findings)
    elif findings:
        ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in findings)
    return case


def _unreadable(failure: Failure) -> ET.Element:
    """An input that could not be read: a test case in error, not a silent pass."""
    case = ET.Element("testcase", classname=SUITE, name=clean(failure.path), time="0")
    case.set("file", clean(failure.path))
    error = ET.SubElement(case, "error", message=clean(failure.reason), type="input/unreadable")
    error.text = clean(f"{failure.path}: {failure.reason}")
    return case


def _suite(groups: dict[Key, list[Finding]], unread: Iterable[Failure] = ()) -> ET.Element:
    cases = [_testcase(key, found) for key, found in groups.items()]
    cases.extend(_unreadable(f) for f in unread)
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    suite = ET.Element(
        "testsuite", name=SUITE, tests=str(len(cases)), failures=str(failures), errors=str(errors)
    )
    suite.set("skipped", "0")
    suite.set("time", "0")
    suite.extend(cases)
    return suite


def _root(suites: Iterable[ET.Element]) -> ET.Element:
    root = ET.Element("testsuites", name=SUITE)
    for suite in suites:
        root.append(suite)
        for attr in ("tests", "failures", "errors"):
            total = int(root.get(attr, "0")) + int(suite.get(attr, "0"))
            root.set(attr, str(total))
    return root


def render(report: Report, out: TextIO, *, color: bool = False) -> None:
    """Write the JUnit XML document."""
    root = _root([_suite(group(report), report.failures)])
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
