"""Through the installed `messages-validator` command in a subprocess: format choice
(`--format`, GitHub Actions auto-selection), colour only on a terminal, `--output` for every
format, and outputs that load in their consumers (SARIF schema, junitparser, GitHub lines)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
from pathlib import Path

import pytest
from payloads import BUDGET_REQUEST, BUDGET_RULE, installed_exe
from payloads import GOOD_REQUEST as GOOD

from validator.reporters import REPORTERS

BAD, RULE = BUDGET_REQUEST, BUDGET_RULE
ANSI = "\x1b["
GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) (file=[^,:\r\n]+(,line=\d+(,col=\d+)?)?,)?"
    r"title=[^,:\r\n]+::[^\r\n]*$"
)
COLOUR_VARS = ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TERM", "CI")


exe = installed_exe


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus everything that picks a format or colour, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in COLOUR_VARS}
    return {**env, **extra}


def cli(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe(), "check", *args], cwd=cwd, env=clean_env(**env), capture_output=True, text=True
    )


def on_a_tty(cwd: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run with stdout on a pseudo-terminal; returns (exit code, what the terminal got)."""
    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [exe(), "check", *args],
            cwd=cwd,
            env=clean_env(TERM="xterm-256color", **env),
            stdout=slave,
            stderr=subprocess.DEVNULL,
        )
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return done.returncode, b"".join(chunks).decode("utf-8")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "good.json").write_text(json.dumps(GOOD, indent=2), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(BAD, indent=2), encoding="utf-8")
    return tmp_path


# --- text: colour on a terminal only ---------------------------------------------------------


def test_text_is_coloured_on_a_terminal(work: Path) -> None:
    code, shown = on_a_tty(work, "bad.json")
    assert code == 1
    assert f"\x1b[1;31m{RULE}\x1b[0m" in shown
    assert shown.rstrip().endswith("Found 1 error (1 document in 1 file).\x1b[0m")


def test_no_color_is_respected_on_a_terminal(work: Path) -> None:
    code, shown = on_a_tty(work, "bad.json", NO_COLOR="1")
    assert code == 1 and RULE in shown and ANSI not in shown
    code, shown = on_a_tty(work, "bad.json", NO_COLOR="1", FORCE_COLOR="1")  # NO_COLOR wins
    assert ANSI not in shown


def test_no_colour_when_piped_unless_forced(work: Path) -> None:
    piped = cli(work, "bad.json")
    assert piped.returncode == 1 and RULE in piped.stdout and ANSI not in piped.stdout
    forced = cli(work, "bad.json", FORCE_COLOR="1")
    assert f"\x1b[1;31m{RULE}" in forced.stdout


def test_text_is_ruff_like_with_a_closing_summary(work: Path) -> None:
    done = cli(work, "good.json", "bad.json")
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert re.match(rf"^bad\.json:\d+:\d+: {re.escape(RULE)} \[error\] .+", lines[0]), lines
    assert lines[-1] == "Found 1 error (2 documents in 2 files)."
    ok = cli(work, "good.json")
    assert ok.returncode == 0 and ok.stdout == "All checks passed (1 document in 1 file).\n"


# --- github: chosen under GitHub Actions ------------------------------------------------------


def test_github_chosen_under_github_actions_without_format(work: Path) -> None:
    done = cli(work, "good.json", "bad.json", GITHUB_ACTIONS="true")
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 1 and all(GITHUB_LINE.match(c) for c in commands), lines
    assert commands[0].startswith("::error file=bad.json,line=")
    assert f",title={RULE}::" in commands[0]
    explicit = cli(work, "--format", "text", "bad.json", GITHUB_ACTIONS="true")
    assert explicit.stdout.startswith("bad.json:")  # an explicit --format wins
    elsewhere = cli(work, "bad.json", GITHUB_ACTIONS="false")
    assert elsewhere.stdout.startswith("bad.json:")


# --- --output for every format ------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_output_file_for_every_format(work: Path, fmt: str) -> None:
    target = work / "out" / f"report.{fmt}"
    target.parent.mkdir()
    done = cli(work, "--format", fmt, "--output", str(target), "bad.json", FORCE_COLOR="1")
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""  # the report went to the file only
    text = target.read_text(encoding="utf-8")
    assert RULE in text and ANSI not in text  # files never get colour
    piped = cli(work, "--format", fmt, "bad.json")
    assert piped.stdout == text  # the same report as on stdout


# --- consumers ------------------------------------------------------------------------------


def sarif_errors(doc: dict, shared_dir: Path) -> list[str]:
    import jsonschema

    schema = json.loads((shared_dir / "schemas" / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]


def test_junit_one_testcase_per_document(work: Path) -> None:
    from junitparser import Failure, JUnitXml

    lines = [{"request": r, "status": 200} for r in (GOOD, BAD, GOOD)]  # recorded exchanges
    (work / "traffic.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    out = work / "report.xml"
    done = cli(work, "--format", "junit", "-o", str(out), "good.json", "bad.json", "traffic.jsonl")
    assert done.returncode == 1, done.stderr
    (suite,) = list(JUnitXml.fromfile(str(out)))
    cases = {case.name: case for case in suite}
    assert sorted(cases) == [
        "bad.json",
        "good.json",
        "traffic.jsonl record 1",
        "traffic.jsonl record 2",
        "traffic.jsonl record 3",
    ]
    assert suite.tests == 5 and suite.failures == 2
    failed = sorted(n for n, c in cases.items() if any(isinstance(r, Failure) for r in c.result))
    assert failed == ["bad.json", "traffic.jsonl record 2"]
    for name in failed:
        (failure,) = cases[name].result
        assert failure.type == RULE and "budget_tokens" in failure.text


def test_sarif_of_a_run_is_schema_valid_with_regions(work: Path, shared_dir: Path) -> None:
    out = work / "report.sarif"
    assert cli(work, "--format", "sarif", "-o", str(out), "good.json", "bad.json").returncode == 1
    doc = json.loads(out.read_text())
    assert sarif_errors(doc, shared_dir) == []
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["help"]["text"].strip() and r["help"]["markdown"].strip() for r in rules)
    (result,) = run["results"]
    assert rules[result["ruleIndex"]]["id"] == RULE
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "bad.json"
    lines = (work / "bad.json").read_text().splitlines()
    region = location["region"]
    assert lines[region["startLine"] - 1][region["startColumn"] - 1 :].startswith("2048")


def test_sarif_fingerprints_survive_reformatting(work: Path) -> None:
    def fingerprints() -> list[str]:
        done = cli(work, "--format", "sarif", "bad.json")
        results = json.loads(done.stdout)["runs"][0]["results"]
        return [r["partialFingerprints"]["messagesValidator/v1"] for r in results]

    before = fingerprints()
    assert fingerprints() == before  # stable run to run
    (work / "bad.json").write_text("\n\n" + json.dumps(BAD, indent=8, sort_keys=True))
    assert fingerprints() == before  # re-indented, keys reordered, lines moved


def test_sarif_of_the_real_corpus(shared_dir: Path, tmp_path: Path) -> None:
    """A real run over the 476 recorded exchanges: schema-valid, a relative artifact URI,
    and every result placed on its JSONL record's line."""
    out = tmp_path / "corpus.sarif"
    done = cli(shared_dir, "--format", "sarif", "-o", str(out), "corpus/real-traffic.jsonl")
    assert done.returncode in (0, 1), done.stderr
    doc = json.loads(out.read_text())
    assert sarif_errors(doc, shared_dir) == []
    results = doc["runs"][0]["results"]
    assert results
    for res in results:
        physical = res["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "corpus/real-traffic.jsonl"
        assert physical["region"]["startLine"] == res["properties"]["record"]
        assert physical["region"]["startColumn"] >= 1


def test_unwritable_output_is_a_usage_error(work: Path) -> None:
    done = cli(work, "--output", str(work / "missing-dir" / "report.txt"), "good.json")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot write" in done.stderr and "report.txt" in done.stderr


def test_sarif_regions_for_every_input_format(tmp_path: Path, shared_dir: Path) -> None:
    """JSON, YAML, JSONL, HAR and SSE fixtures: every result is placed in its file."""
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "readers.sarif"
    done = cli(root, "--format", "sarif", "-o", str(out), "tests/data/readers")
    assert done.returncode == 1, done.stderr
    doc = json.loads(out.read_text())
    assert sarif_errors(doc, shared_dir) == []
    placed = {}
    for res in doc["runs"][0]["results"]:
        physical = res["locations"][0]["physicalLocation"]
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        placed[physical["artifactLocation"]["uri"].rsplit(".", 1)[-1]] = physical["region"]
    assert set(placed) >= {"json", "yaml", "jsonl", "har", "sse"}
