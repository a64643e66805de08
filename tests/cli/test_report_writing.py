"""Writing the report: a failed write is a message and exit 2, a closed pipe ends quietly with
the findings' exit code, and no output may overwrite a file being checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from validator.cli import main

GOOD = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "hi"}],
}
BAD = {**GOOD, "max_tokens": -1}
EXE = str(Path(sys.executable).parent / "messages-validator")


def _files(tmp_path: Path, n_bad: int = 1, n_good: int = 1) -> list[str]:
    paths = []
    for i in range(n_bad):
        (p := tmp_path / f"bad{i}.json").write_text(json.dumps(BAD), encoding="utf-8")
        paths.append(str(p))
    for i in range(n_good):
        (p := tmp_path / f"good{i}.json").write_text(json.dumps(GOOD), encoding="utf-8")
        paths.append(str(p))
    return paths


needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_to_a_full_disk_is_exit_2_with_a_message(tmp_path, fmt):
    run = subprocess.run(
        [EXE, "check", "--format", fmt, "--output", "/dev/full", *_files(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2
    assert "cannot write /dev/full" in run.stderr and "Traceback" not in run.stderr


@needs_dev_full
def test_stdout_on_a_full_disk_is_exit_2_with_a_message(tmp_path):
    with open("/dev/full", "w") as full:
        run = subprocess.run(
            [EXE, "check", *_files(tmp_path)], stdout=full, stderr=subprocess.PIPE, text=True,
            timeout=60,
        )  # fmt: skip
    assert run.returncode == 2
    assert "cannot write the report" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("reader", ["head -1", "true"])  # `true` closes before any write
@pytest.mark.parametrize("n_bad, code", [(0, 0), (2, 1)])
def test_a_closed_pipe_ends_quietly_with_the_findings_exit_code(tmp_path, reader, n_bad, code):
    files = _files(tmp_path, n_bad=n_bad, n_good=2)
    script = f'{EXE} check {" ".join(files)} | {reader}; exit "${{PIPESTATUS[0]}}"'
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == code, run.stderr
    assert run.stderr == "" and len(run.stdout.splitlines()) == (reader != "true")


def test_output_naming_a_checked_file_refuses(tmp_path, capsys):
    bad, good = _files(tmp_path)
    before = Path(bad).read_bytes()
    assert main(["check", bad, good, "--output", bad]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert Path(bad).read_bytes() == before
    # also through a directory walk and another spelling of the same path
    other = os.path.join(str(tmp_path), ".", Path(good).name)
    assert main(["check", str(tmp_path), "--output", other]) == 2
    assert main(["check", str(tmp_path), "--output", str(tmp_path / "report.txt")]) == 1


def test_update_baseline_naming_a_checked_file_refuses(tmp_path, capsys):
    bad, good = _files(tmp_path)
    before = Path(good).read_bytes()
    assert main(["check", bad, good, "--baseline", good, "--update-baseline"]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert Path(good).read_bytes() == before
