"""Reporters: snapshots of every format on one fixed report, and what each format's consumer
needs (SARIF schema-valid, JUnit readable by junitparser, GitHub commands well-formed)."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from validator import catalogue
from validator.catalogue import Example, RuleEntry
from validator.core.findings import Finding, Report, Severity
from validator.reporters import REPORTERS, junit, render, sarif
from validator.reporters import github as gh

SNAPSHOTS = ROOT / "tests" / "snapshots"
EXTENSIONS = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt"}

FAKE_CATALOGUE = (
    RuleEntry(
        id="conversation/roles-not-alternating",
        severity="warning",
        kinds=("request",),
        checked_by="function",
        summary="two consecutive turns have the same role",
        rationale="The API merges them; Bedrock rejects them.",
        aliases=("conversation/same-role-twice",),
        examples=(
            Example(kind="request", bad={"messages": []}, pointer="/messages/1", has_bad=True),
        ),
    ),
    RuleEntry(
        id="thinking/budget-not-below-max-tokens",
        severity="error",
        kinds=("request",),
        checked_by="function",
        summary="thinking.budget_tokens is not below max_tokens",
        api_message="`max_tokens` must be greater than `thinking.budget_tokens`",
    ),
)


def fixed_report() -> Report:
    """Findings of every shape: a plain file, a JSONL record with a part, a stream event,
    an unknown rule, a file without position, odd characters to escape."""
    return Report(
        findings=[
            Finding(
                "thinking/budget-not-below-max-tokens",
                Severity.ERROR,
                "thinking.budget_tokens (4096) must be less than max_tokens (2048)",
                "/thinking/budget_tokens",
                "fixtures/req.json",
                7,
                22,
                None,
                None,
                "3f9c0e1a2b3c4d5e6f708192a3b4c5d6",
            ),
            Finding(
                "conversation/same-role-twice",
                Severity.WARNING,
                "messages 0 and 1 are both 'user', 50% merged:\n\x1b[31mred",
                "/messages/1",
                "logs/traffic, 2026:11.jsonl",
                12,
                40,
                12,
                "request",
                "00112233445566778899aabbccddeeff",
            ),
            Finding(
                "stream/delta-before-block-start",
                Severity.ERROR,
                "content_block_delta for index 0 before its content_block_start",
                "/3/index",
                "streams/chat.sse",
                9,
                7,
                4,
                None,
                "ffeeddccbbaa99887766554433221100",
            ),
            Finding(
                "input/not-a-payload",
                Severity.INFO,
                "not a Messages API payload; skipped",
                "",
                "package.json",
            ),
        ],
        files=4,
        documents=5,
        checked=[
            ("fixtures/req.json", None),
            ("fixtures/ok.json", None),
            ("logs/traffic, 2026:11.jsonl", 12),
            ("logs/traffic, 2026:11.jsonl", 13),
            ("streams/chat.sse", None),
        ],
    )


@pytest.fixture
def fake_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    index = {e.id: e for e in FAKE_CATALOGUE} | {"conversation/same-role-twice": FAKE_CATALOGUE[0]}
    monkeypatch.setattr(catalogue, "entries", lambda: FAKE_CATALOGUE)
    monkeypatch.setattr(catalogue, "get", index.get)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run outside any git work tree so that relative paths stay as given."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rendered(name: str, report: Report | None = None, *, color: bool = False) -> str:
    out = io.StringIO()
    render(name, report or fixed_report(), out, color=color)
    return out.getvalue()


def normalised(name: str, text: str) -> str:
    # The tool's version changes with releases; the snapshot should not.
    from validator import __version__

    if name == "sarif":
        text = text.replace(f'"{__version__}"', '"<version>"')
    return text


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_snapshot(name: str, fake_catalogue: None, in_tmp: Path) -> None:
    path = SNAPSHOTS / f"{name}.{EXTENSIONS[name]}"
    text = normalised(name, rendered(name))
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8")


def test_registry_names_every_module() -> None:
    assert set(REPORTERS) == {"text", "json", "sarif", "junit", "github"}


# --- text -----------------------------------------------------------------------------------


def test_text_lines_are_ruff_like(in_tmp: Path) -> None:
    lines = rendered("text").splitlines()
    assert lines[0] == (
        "fixtures/req.json:7:22: thinking/budget-not-below-max-tokens [error] "
        "thinking.budget_tokens (4096) must be less than max_tokens (2048) "
        "(at /thinking/budget_tokens)"
    )
    assert lines[2].endswith("(record 4, at /3/index)")
    assert (
        lines[3] == "package.json: input/not-a-payload [info] not a Messages API payload; skipped"
    )
    assert lines[-1] == "Found 2 errors, 1 warning, 1 info (5 documents in 4 files)."


def test_text_colour_only_when_asked() -> None:
    plain, coloured = rendered("text"), rendered("text", color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31mthinking/budget-not-below-max-tokens\x1b[0m" in coloured
    assert len(plain.splitlines()) == len(coloured.splitlines())


def test_text_escapes_control_characters_from_payloads() -> None:
    text = rendered("text")
    assert "\\x1b[31mred" in text and "\x1b" not in text
    # 4 findings, 4 per-rule summary lines, the closing line: the newline added no line
    assert len(text.splitlines()) == 9


def test_text_all_passed() -> None:
    report = Report(files=2, documents=3, checked=[("a.json", None)])
    assert rendered("text", report) == "All checks passed (3 documents in 2 files).\n"


# --- json -----------------------------------------------------------------------------------


def test_json_is_the_contract() -> None:
    doc = json.loads(rendered("json"))
    assert list(doc) == ["version", "findings", "failures", "summary"]
    assert list(doc["findings"][0]) == [
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
    ]
    assert doc["summary"] == {
        "files": 4,
        "documents": 5,
        "errors": 2,
        "warnings": 1,
        "infos": 1,
        "failures": 0,
        "by_rule": {
            "conversation/same-role-twice": 1,
            "input/not-a-payload": 1,
            "stream/delta-before-block-start": 1,
            "thinking/budget-not-below-max-tokens": 1,
        },
    }
    assert doc["findings"][1]["message"].endswith("\x1b[31mred")  # data kept verbatim


# --- sarif ----------------------------------------------------------------------------------


def sarif_doc(report: Report | None = None) -> dict:
    return json.loads(rendered("sarif", report))


def assert_schema_valid(doc: dict, shared_dir: Path) -> None:
    import jsonschema

    schema = json.loads((shared_dir / "schemas" / "sarif-schema-2.1.0.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_valid_with_real_catalogue(shared_dir: Path, in_tmp: Path) -> None:
    doc = sarif_doc()
    assert_schema_valid(doc, shared_dir)
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    fired = {catalogue.get(r["ruleId"]).id if catalogue.get(r["ruleId"]) else r["ruleId"]
             for r in run["results"]}  # fmt: skip
    assert set(ids) == fired  # only the rules that fired, not the whole catalogue
    assert len(ids) == len(set(ids))
    for res in run["results"]:
        rule = run["tool"]["driver"]["rules"][res["ruleIndex"]]
        assert res["ruleId"] == rule["id"] or res["ruleId"] in rule.get("deprecatedIds", [])


def test_sarif_results(fake_catalogue: None, shared_dir: Path, in_tmp: Path) -> None:
    doc = sarif_doc()
    assert_schema_valid(doc, shared_dir)
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "messages-validator" and driver["informationUri"]
    rules = driver["rules"]
    assert rules[0]["shortDescription"]["text"] == "two consecutive turns have the same role"
    assert "Bedrock" in rules[0]["fullDescription"]["text"]
    assert '"messages": []' in rules[0]["help"]["text"]  # examples are in the help
    assert rules[0]["defaultConfiguration"]["level"] == "warning"
    first, alias, stream, unknown = run["results"]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "fixtures/req.json"},
        "region": {"startLine": 7, "startColumn": 22},
    }
    assert first["partialFingerprints"] == {
        sarif.FINGERPRINT_KEY: "3f9c0e1a2b3c4d5e6f708192a3b4c5d6"
    }
    assert alias["ruleIndex"] == 0  # the renamed rule's descriptor
    assert alias["properties"] == {"pointer": "/messages/1", "record": 12, "part": "request"}
    uri = alias["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "logs/traffic%2C%202026%3A11.jsonl"
    assert rules[stream["ruleIndex"]]["id"] == "stream/delta-before-block-start"
    assert (
        unknown["level"] == "note" and "region" not in unknown["locations"][0]["physicalLocation"]
    )


def test_sarif_paths_are_repo_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    report = Report(findings=[Finding("x/y", Severity.ERROR, "m", "", "a.json", 1, 1)])
    loc = sarif_doc(report)["runs"][0]["results"][0]["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == "sub/a.json"


# --- junit ----------------------------------------------------------------------------------


def test_junit_reads_back(tmp_path: Path) -> None:
    from junitparser import Failure, JUnitXml

    path = tmp_path / "report.xml"
    path.write_text(rendered("junit"), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    cases = {case.name: case for case in suites[0]}
    assert list(cases) == [
        "fixtures/req.json",
        "fixtures/ok.json",
        "logs/traffic, 2026:11.jsonl record 12",
        "logs/traffic, 2026:11.jsonl record 13",
        "streams/chat.sse",
        "package.json",
    ]
    assert suites[0].tests == 6 and suites[0].failures == 2
    failed = [n for n, c in cases.items() if any(isinstance(r, Failure) for r in c.result)]
    assert failed == ["fixtures/req.json", "streams/chat.sse"]
    failure = cases["fixtures/req.json"].result[0]
    assert failure.type == "thinking/budget-not-below-max-tokens"
    assert "must be less than max_tokens (2048)" in failure.text
    assert cases["fixtures/ok.json"].is_passed
    # A warning is shown but does not fail its test case; the CLI's exit code gates.
    assert (
        "conversation/same-role-twice" in cases["logs/traffic, 2026:11.jsonl record 12"].system_out
    )


def test_junit_groups_stream_events_under_their_document() -> None:
    groups = junit.group(fixed_report())
    assert [f.rule for f in groups[("streams/chat.sse", None)]] == [
        "stream/delta-before-block-start"
    ]


# --- github ---------------------------------------------------------------------------------

COMMAND = re.compile(
    r"^::(error|warning|notice) (file=[^,:\r\n]+(,line=\d+(,col=\d+)?)?,)?"
    r"title=[^,:\r\n]+::[^\r\n]*$"
)


def test_github_lines_are_well_formed(in_tmp: Path) -> None:
    lines = rendered("github").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 4
    assert all(COMMAND.match(line) for line in commands), commands
    assert commands[0] == (
        "::error file=fixtures/req.json,line=7,col=22,title=thinking/budget-not-below-max-tokens"
        "::thinking.budget_tokens (4096) must be less than max_tokens (2048) "
        "(at /thinking/budget_tokens)"
    )
    assert commands[1].startswith(
        "::warning file=logs/traffic%2C 2026%3A11.jsonl,line=12,col=40,title=conversation/"
    )
    assert "50%25 merged:" in commands[1]
    assert commands[3] == (
        "::notice file=package.json,title=input/not-a-payload::not a Messages API payload; skipped"
    )
    assert lines[-1].startswith("Found 2 errors")


def _unescape(text: str) -> str:
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, ch)
    return text


@given(st.text())
def test_github_property_escaping_round_trips(value: str) -> None:
    escaped = gh.escape_property(value)
    assert not set(escaped) & {",", ":", "\r", "\n"}
    assert _unescape(escaped) == value


@given(st.text())
def test_github_data_escaping_keeps_one_line(value: str) -> None:
    escaped = gh.escape_data(value)
    assert "\n" not in escaped and "\r" not in escaped
    assert _unescape(escaped) == value


# --- through the CLI, on a real file --------------------------------------------------------

# One line, a wide character before the offending value: columns count code points.
ONE_LINE = (
    '{"messages": [{"role": "user", "content": "👋 héllo"}], "model": "claude-sonnet-4-6", '
    '"max_tokens": 1024, "thinking": {"type": "enabled", "budget_tokens": 2048}}\n'
)
RULE = "thinking/budget-not-below-max-tokens"


def run_cli(*args: str) -> int:
    from validator.cli import main

    return main(["check", *args])


def test_cli_formats_load_in_their_consumers(in_tmp: Path, shared_dir: Path) -> None:
    from junitparser import JUnitXml

    (in_tmp / "req.json").write_text(ONE_LINE, encoding="utf-8")
    column = ONE_LINE.index("2048") + 1
    for fmt in ("sarif", "junit", "github", "json", "text"):
        assert run_cli("--format", fmt, "--output", f"out.{fmt}", "req.json") == 1, fmt
    doc = json.loads((in_tmp / "out.sarif").read_text(encoding="utf-8"))
    assert_schema_valid(doc, shared_dir)
    (res,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == RULE]
    assert res["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": column,
    }
    assert len(res["partialFingerprints"][sarif.FINGERPRINT_KEY]) == 32
    (suite,) = list(JUnitXml.fromfile(str(in_tmp / "out.junit")))
    assert suite.tests == 1 and suite.failures == 1
    github = (in_tmp / "out.github").read_text(encoding="utf-8").splitlines()
    assert f"::error file=req.json,line=1,col={column},title={RULE}::" in "\n".join(github)
    assert all(COMMAND.match(line) for line in github if line.startswith("::"))
    findings = json.loads((in_tmp / "out.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [(RULE, 1, column)]
    text = (in_tmp / "out.text").read_text(encoding="utf-8")
    assert text.startswith(f"req.json:1:{column}: {RULE} [error] ") and "\x1b" not in text


def test_stdin_findings_have_no_file_location(shared_dir: Path) -> None:
    report = Report(findings=[Finding("x/y", Severity.ERROR, "m", "/a", "<stdin>", 1, 2)])
    doc = sarif_doc(report)
    assert_schema_valid(doc, shared_dir)
    (location,) = doc["runs"][0]["results"][0]["locations"]
    assert "physicalLocation" not in location
    assert rendered("github", report).startswith("::error title=x/y::m (at /a)\n")
    assert rendered("text", report).startswith("<stdin>:1:2: x/y [error] m (at /a)\n")


@given(st.text(), st.text(min_size=1))
def test_any_text_keeps_every_format_parseable(message: str, file: str) -> None:
    """Messages quote payload strings: whatever they hold, XML parses and lines stay lines."""
    import xml.etree.ElementTree as ET

    f = Finding("x/y", Severity.ERROR, message, "/a", file, 1, 1, None, None, "ab" * 16)
    report = Report(findings=[f], files=1, documents=1, checked=[(file, None)])
    root = ET.fromstring(rendered("junit", report))
    assert root.get("tests") == "1" and root.get("failures") == "1"
    assert len(rendered("github", report).splitlines()) == 2
    assert len(rendered("text", report).splitlines()) == 3  # finding, rule summary, closing
    assert json.loads(rendered("json", report))["findings"][0]["message"] == message


def test_plain_reporters_import_nothing_heavy() -> None:
    """Cold start: rendering text, json, junit or github loads neither the spec nor a schema
    engine (only SARIF needs the catalogue)."""
    from payloads import fresh_imports

    code = (
        "import io\n"
        "from validator.core.findings import Report\n"
        "from validator.reporters import render\n"
        "for name in ('text', 'json', 'junit', 'github'):\n"
        "    render(name, Report(), io.StringIO())\n"
    )
    heavy = {"yaml", "jsonschema", "jsonschema_rs", "validator.schema.spec", "validator.catalogue"}
    assert fresh_imports(code, heavy)[0] == []


def test_sarif_uri_for_a_file_outside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_dir: Path
) -> None:
    """A file outside the git root and the cwd keeps its absolute path, as a `file:` URI
    (a bare `/abs/path` would read as relative to some unknown base)."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    outside = tmp_path / "elsewhere" / "my req.json"
    report = Report(findings=[Finding("x/y", Severity.ERROR, "m", "/a", str(outside), 2, 3)])
    doc = sarif_doc(report)
    assert_schema_valid(doc, shared_dir)
    physical = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == outside.as_uri()
    assert physical["artifactLocation"]["uri"].endswith("/elsewhere/my%20req.json")
    assert physical["region"] == {"startLine": 2, "startColumn": 3}
