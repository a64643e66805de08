"""The gate: per-rule summary, tolerated findings, quiet, statistics, progress, small SARIF."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from payloads import GOOD_REQUEST

from validator.cli import main
from validator.core.findings import Finding, Report, Severity
from validator.reporters.text import rule_summary
from validator.run import gate


def _traffic(tmp_path: Path, bad: int, good: int) -> Path:
    lines = [json.dumps({**GOOD_REQUEST, "max_tokens": -1, "top_k": -1})] * bad
    lines += [json.dumps(GOOD_REQUEST)] * good
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_summary_sorted_by_count_with_first_location_and_explain(tmp_path: Path, capsys) -> None:
    path = tmp_path / "t.jsonl"
    rows = [{**GOOD_REQUEST, "max_tokens": -1}] * 3 + [{**GOOD_REQUEST, "temperature": 3}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert main(["check", str(path), "--format", "text"]) == 1
    out = capsys.readouterr().out.splitlines()
    summary = [line for line in out if "— see: messages-validator explain" in line]
    assert len(summary) == 3  # schema/minimum x3, then the temperature rules once each
    assert summary[0].startswith("3  schema/minimum") and f"first at {path}:1:" in summary[0]
    assert all(s.startswith("1  ") and f"first at {path}:4:" in s for s in summary[1:])
    assert summary[0].endswith("— see: messages-validator explain schema/minimum")
    assert out[-1].startswith("Found 4 errors")


def test_rule_summary_ties_break_by_rule() -> None:
    fs = [Finding(r, Severity.ERROR, "m") for r in ("b/x", "a/y", "b/x", "c/z", "a/y")]
    assert [(r, n) for r, _, n, _ in rule_summary(Report(findings=fs))] == [
        ("a/y", 2),
        ("b/x", 2),
        ("c/z", 1),
    ]


def test_quiet_prints_only_the_summary(tmp_path: Path, capsys) -> None:
    path = _traffic(tmp_path, 2, 0)
    assert main(["check", str(path), "--quiet", "--format", "text"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert all("— see:" in line for line in out[:-1]) and out[-1].startswith("Found")


def test_max_findings(tmp_path: Path, capsys) -> None:
    path = _traffic(tmp_path, 1, 5)  # one record with two errors
    assert main(["check", str(path), "--max-findings", "2"]) == 0
    assert main(["check", str(path), "--max-findings", "1"]) == 1
    assert main(["check", str(path), "--max-findings", "-1"]) == 2


def test_max_bad_share(tmp_path: Path, capsys) -> None:
    path = _traffic(tmp_path, 1, 99)  # 1% of the records are bad
    assert main(["check", str(path), "--max-bad-share", "0.01"]) == 0
    assert main(["check", str(path), "--max-bad-share", "0.005"]) == 1
    assert main(["check", str(path), "--max-bad-share", "0.01", "--max-findings", "1"]) == 1
    assert main(["check", str(path), "--max-bad-share", "2"]) == 2


def test_statistics_go_to_stderr_and_json_stays_clean(tmp_path: Path, capsys) -> None:
    path = _traffic(tmp_path, 2, 2)
    assert main(["check", str(path), "--statistics", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["summary"]["errors"] == 4
    assert "records" in captured.err and "50.00% with an error" in captured.err


def test_no_progress_bar_off_a_terminal(tmp_path: Path) -> None:
    files = []
    for i in range(60):
        p = tmp_path / f"r{i}.json"
        p.write_text(json.dumps(GOOD_REQUEST))
        files.append(p)
    code = (
        "import sys; from validator.cli import main; rc = main(sys.argv[1:]);"
        "assert 'tqdm' not in sys.modules; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "check", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == ""
    assert not gate.wants_progress("text", [str(f) for f in files], io.StringIO())


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_for_large_text_runs_on_a_terminal(tmp_path: Path) -> None:
    many = [str(tmp_path / f"{i}.json") for i in range(gate.LARGE_FILES + 1)]
    assert gate.wants_progress("text", many, _Tty())
    assert not gate.wants_progress("json", many, _Tty())
    assert not gate.wants_progress("text", many[:3], _Tty())


def test_check_with_progress_merges_batches(tmp_path: Path, monkeypatch) -> None:
    from validator.run.runner import check_paths

    files = [
        str(_traffic(tmp_path / str(i), 1, 1))
        for i in range(3)
        if (tmp_path / str(i)).mkdir() is None
    ]
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    merged = gate.check_with_progress(files, lambda batch: check_paths(batch), jobs=1)
    whole = check_paths(files)
    assert (merged.files, merged.documents, len(merged.findings)) == (3, 6, len(whole.findings))


@pytest.mark.parametrize("count", [1, 3])
def test_sarif_is_small(tmp_path: Path, capsys, count: int) -> None:
    path = _traffic(tmp_path, count, 0)
    main(["check", str(path), "--format", "sarif", "--select", "schema/"])
    out = capsys.readouterr().out
    doc = json.loads(out)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {r["ruleId"] for r in doc["runs"][0]["results"]}
    assert all(r.get("help", {}).get("text") for r in rules)
    assert len(out.encode()) < 60_000
