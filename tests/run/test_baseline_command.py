"""Baselines through the installed command: `--update-baseline` writes the file,
`--baseline` fails only on new findings, reformatting keeps findings known, stale entries
are reported, and a broken baseline file is a usage error (2), never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from payloads import BUDGET_REQUEST, BUDGET_RULE, installed_exe
from payloads import GOOD_REQUEST as GOOD

BUDGET = BUDGET_REQUEST
TEMPERATURE = {**GOOD, "temperature": 7}  # out of range (and more findings besides)


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = installed_exe()
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    return subprocess.run(
        [exe, "check", "--format", "json", *args],
        cwd=cwd,
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
    )


def rules(done: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    return [(f["file"], f["rule"]) for f in json.loads(done.stdout)["findings"]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project with two bad payloads (one under a subdirectory) and a git root."""
    (tmp_path / ".git").mkdir()  # paths in the baseline are relative to this root
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "budget.json").write_text(json.dumps(BUDGET, indent=2))
    (tmp_path / "fixtures" / "temperature.json").write_text(json.dumps(TEMPERATURE, indent=2))
    return tmp_path


def test_update_then_gate_on_new_findings_only(repo: Path) -> None:
    first = cli(repo, "fixtures")
    assert first.returncode == 1 and {f for f, _ in rules(first)} == {
        "fixtures/budget.json",
        "fixtures/temperature.json",
    }
    written = cli(repo, "--baseline", "baseline.json", "--update-baseline", "fixtures")
    assert written.returncode == 0, written.stderr
    doc = json.loads((repo / "baseline.json").read_text())
    entries = doc["findings"]
    assert sorted(e["file"] for e in entries) == sorted(f for f, _ in rules(first))
    assert all("line" not in e and len(e["fingerprint"]) == 32 for e in entries)
    gated = cli(repo, "--baseline", "baseline.json", "fixtures")
    assert gated.returncode == 0 and rules(gated) == [], gated.stdout
    (repo / "fixtures" / "new.json").write_text(json.dumps(BUDGET, indent=2))
    with_new = cli(repo, "--baseline", "baseline.json", "fixtures")
    assert with_new.returncode == 1
    assert rules(with_new) == [("fixtures/new.json", BUDGET_RULE)]


def test_reformatting_keeps_the_baseline(repo: Path) -> None:
    assert cli(repo, "--baseline", "b.json", "--update-baseline", "fixtures").returncode == 0
    for name, body in (("budget.json", BUDGET), ("temperature.json", TEMPERATURE)):
        reordered = dict(reversed(list(body.items())))  # keys in the opposite order
        text = "\n\n\n" + json.dumps(reordered, indent=7)  # re-indented, lines moved
        (repo / "fixtures" / name).write_text(text)
    done = cli(repo, "--baseline", "b.json", "fixtures")
    assert done.returncode == 0 and rules(done) == [], done.stdout
    assert "stale" not in done.stderr


def test_baseline_from_a_subdirectory_matches(repo: Path) -> None:
    """Fingerprints use repo-relative paths: the same file checked from elsewhere matches."""
    assert cli(repo, "--baseline", "b.json", "--update-baseline", "fixtures").returncode == 0
    done = cli(repo / "fixtures", "--baseline", "../b.json", "budget.json", "temperature.json")
    assert done.returncode == 0 and rules(done) == [], done.stdout


def test_stale_entries_are_reported(repo: Path) -> None:
    assert cli(repo, "--baseline", "b.json", "--update-baseline", "fixtures").returncode == 0
    (repo / "fixtures" / "budget.json").write_text(json.dumps(GOOD, indent=2))  # fixed
    done = cli(repo, "--baseline", "b.json", "fixtures")
    assert done.returncode == 0
    stale = [line for line in done.stderr.splitlines() if "stale baseline entry" in line]
    assert len(stale) == 1 and BUDGET_RULE in stale[0] and "fixtures/budget.json" in stale[0]
    # Checking only the other file does not call the unchecked file's entry stale.
    other = cli(repo, "--baseline", "b.json", "fixtures/temperature.json")
    assert other.returncode == 0 and "stale" not in other.stderr


def test_a_changed_value_is_a_new_finding(repo: Path) -> None:
    assert cli(repo, "--baseline", "b.json", "--update-baseline", "fixtures").returncode == 0
    worse = {**BUDGET, "thinking": {"type": "enabled", "budget_tokens": 4096}}
    (repo / "fixtures" / "budget.json").write_text(json.dumps(worse, indent=2))
    done = cli(repo, "--baseline", "b.json", "fixtures")
    assert done.returncode == 1
    assert rules(done) == [("fixtures/budget.json", BUDGET_RULE)]
    assert "stale baseline entry" in done.stderr  # the old value's entry matched nothing


@pytest.mark.parametrize("text", ["{not json", '{"version": 1}', '{"findings": [{"rule": 1}]}'])
def test_a_broken_baseline_is_a_usage_error(repo: Path, text: str) -> None:
    (repo / "b.json").write_text(text)
    done = cli(repo, "--baseline", "b.json", "fixtures")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "b.json" in done.stderr


def test_missing_baseline_is_a_usage_error(repo: Path) -> None:
    done = cli(repo, "--baseline", "nope.json", "fixtures")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_unwritable_baseline_is_a_usage_error(repo: Path) -> None:
    done = cli(repo, "--baseline", "missing-dir/b.json", "--update-baseline", "fixtures")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot write baseline" in done.stderr
