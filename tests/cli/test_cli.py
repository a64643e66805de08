"""The `messages-validator` command end to end: exit codes, formats, stdin, dirs, bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from payloads import GOOD_REQUEST, installed_exe

from validator import __version__
from validator.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOOD = GOOD_REQUEST
BUDGET_BAD = {**GOOD, "thinking": {"type": "enabled", "budget_tokens": 4096}, "max_tokens": 2048}


def write(tmp_path: Path, name: str, payload: object) -> Path:
    path = tmp_path / name
    text = payload if isinstance(payload, str) else json.dumps(payload, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and __version__ in out


def test_good_payload_exits_0(tmp_path, capsys):
    code, out, _ = run(capsys, "check", write(tmp_path, "req.json", GOOD))
    assert code == 0, out
    assert "thinking/" not in out


def test_check_is_the_default_command(tmp_path, capsys):
    code, out, _ = run(capsys, write(tmp_path, "req.json", BUDGET_BAD))
    assert code == 1
    assert "thinking/budget-not-below-max-tokens" in out


def test_bad_payload_reports_rule_position_and_exits_1(tmp_path, capsys):
    path = write(tmp_path, "req.json", BUDGET_BAD)
    code, out, _ = run(capsys, "check", "--format", "json", path)
    assert code == 1
    report = json.loads(out)
    (finding,) = [f for f in report["findings"] if f["rule"].startswith("thinking/")]
    assert finding["pointer"] == "/thinking/budget_tokens"
    assert finding["file"] == str(path)
    lines = path.read_text().splitlines()
    assert '"budget_tokens": 4096' in lines[finding["line"] - 1]
    assert lines[finding["line"] - 1][finding["column"] - 1 :].startswith("4096")
    assert set(report) == {"version", "findings", "failures", "summary"}
    assert report["summary"]["errors"] >= 1
    assert set(finding) == {
        "rule",
        "severity",
        "message",
        "pointer",
        "file",
        "line",
        "column",
        "record",
        "part",
        "fingerprint",
    }


def test_missing_file_exits_2_and_others_still_checked(tmp_path, capsys):
    bad = write(tmp_path, "bad.json", BUDGET_BAD)
    code, out, err = run(capsys, "check", tmp_path / "nope.json", bad)
    assert code == 2  # 2 wins over 1
    assert "nope.json" in err
    assert "Traceback" not in err + out
    assert "thinking/budget-not-below-max-tokens" in out


def test_invalid_json_is_a_finding_with_position_and_run_goes_on(tmp_path, capsys):
    broken = write(tmp_path, "broken.json", '{\n  "model": "x",\n  "max_tokens": ,\n}\n')
    good = write(tmp_path, "good.json", GOOD)
    code, out, _ = run(capsys, "check", "--format", "json", broken, good)
    assert code == 1
    report = json.loads(out)
    (syntax,) = [f for f in report["findings"] if f["rule"] == "syntax/invalid-json"]
    assert syntax["file"] == str(broken) and syntax["line"] == 3
    assert report["summary"]["files"] == 2


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(BUDGET_BAD).encode())))
    code, out, _ = run(capsys, "check", "-")
    assert code == 1 and "<stdin>" in out


def test_select_ignore_and_fail_on(tmp_path, capsys):
    path = write(tmp_path, "req.json", BUDGET_BAD)
    assert run(capsys, "check", "--ignore", "thinking/", path)[0] == 0
    assert run(capsys, "check", "--select", "schema/", path)[0] == 0
    code, out, _ = run(capsys, "check", "--select", "thinking/budget-not-below-max-tokens", path)
    assert code == 1 and "budget-not-below" in out


def test_unknown_rule_id_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "check", "--ignore", "nope/never", write(tmp_path, "r.json", GOOD))
    assert code == 2 and "nope/never" in err


def test_directory_walk_with_exclude(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/bad.json", BUDGET_BAD)
    write(tmp_path, "good.json", GOOD)
    code, out, _ = run(capsys, "check", "--format", "json", tmp_path)
    assert code == 1 and json.loads(out)["summary"]["files"] == 2
    code, out, _ = run(capsys, "check", "--format", "json", "--exclude", "sub/*", tmp_path)
    assert code == 0 and json.loads(out)["summary"]["files"] == 1


def test_count_tokens_kind(tmp_path, capsys):
    body = {"model": "claude-sonnet-4-6", "messages": [{"role": "user", "content": "Hi"}]}
    path = write(tmp_path, "body.json", body)
    code, out, _ = run(capsys, "check", path)
    assert code == 1 and "max_tokens" in out  # a create request missing max_tokens
    assert run(capsys, "check", "--kind", "count-tokens", path)[0] == 0


def test_hook_mode_skips_files_that_are_not_payloads(tmp_path, capsys):
    pkg = write(tmp_path, "package.json", {"name": "x", "version": "1.0.0"})
    code, out, _ = run(capsys, "check", "--hook", "--format", "json", pkg)
    assert code == 0 and json.loads(out)["findings"] == []
    code, out, _ = run(capsys, "check", "--format", "json", pkg)
    assert [f["severity"] for f in json.loads(out)["findings"]] == ["info"]


def test_jobs_give_the_same_findings(tmp_path, capsys):
    for i in range(6):
        write(tmp_path, f"r{i}.json", BUDGET_BAD if i % 2 else GOOD)
    one = json.loads(run(capsys, "check", "--format", "json", tmp_path)[1])
    two = json.loads(run(capsys, "check", "--format", "json", "-j", "2", tmp_path)[1])
    assert one == two and one["summary"]["errors"] >= 3


def test_never_writes_to_checked_files(tmp_path, capsys):
    path = write(tmp_path, "req.json", BUDGET_BAD)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    run(capsys, "check", path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_output_file_and_github_default(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "req.json", BUDGET_BAD)
    out_file = tmp_path / "report.json"
    code, out, _ = run(capsys, "check", "--format", "json", "--output", out_file, path)
    assert code == 1 and out == "" and json.loads(out_file.read_text())["findings"]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(capsys, "check", path)
    assert out.startswith("::error file=")


def test_rules_and_explain(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "thinking/budget-not-below-max-tokens" in out
    code, out, _ = run(capsys, "explain", "thinking/budget-not-below-max-tokens")
    assert code == 0 and "budget_tokens" in out
    code, _, err = run(capsys, "explain", "no/such-rule")
    assert code == 2 and "no/such-rule" in err


def test_usage_error_without_paths(capsys):
    code, _, err = run(capsys, "check")
    assert code == 2 and "PATH" in err


def test_installed_console_script_runs_the_bundled_examples():
    exe = installed_exe()
    env = {**os.environ, "NO_COLOR": "1"}
    good = subprocess.run(
        [exe, "check", "examples/request.json"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run(
        [exe, "check", "examples/bad-request.json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "examples/bad-request.json:" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_bundled_traffic_examples_report_what_the_readme_says(capsys):
    code, out, _ = run(
        capsys,
        "check",
        "--format",
        "json",
        ROOT / "examples" / "traffic.jsonl",
        ROOT / "examples" / "stream.sse",
    )
    assert code == 1
    found = {(Path(f["file"]).name, f["record"], f["rule"]) for f in json.loads(out)["findings"]}
    assert found == {
        ("traffic.jsonl", 3, "sampling/removed-in-version"),
        ("stream.sse", 2, "stream/delta-before-block-start"),
    }
