"""No command and no format ever changes an input file: hashes before and after."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from validator.cli import main
from validator.reporters import REPORTERS

HERE = Path(__file__).resolve().parents[1]  # tests/
INPUTS = sorted((HERE / "data" / "readers").iterdir()) + sorted(
    p for p in (HERE / "hostile").iterdir() if p.name != "expected.json"
)


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in INPUTS:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_check_in_every_format_leaves_inputs_unchanged(inputs, tmp_path, capsys, fmt):
    before = _hashes(inputs)
    base = tmp_path / "baseline.json"
    runs = [
        ["check", "--format", fmt, str(inputs)],
        ["check", "--format", fmt, "--output", str(tmp_path / "report"), str(inputs)],
        ["check", "--format", fmt, "--output", str(inputs / INPUTS[0].name), str(inputs)],
    ]
    if fmt == "text":  # the options that write files or fork workers, once
        runs += [
            ["check", "--baseline", str(base), "--update-baseline", str(inputs)],
            ["check", "--baseline", str(base), str(inputs)],
            ["check", "--jobs", "2", *map(str, sorted(inputs.iterdir()))],
            ["check", "--hook", *map(str, sorted(inputs.iterdir()))],
        ]
    for argv in runs:
        assert main(argv) in (0, 1, 2)
        assert _hashes(inputs) == before, argv
    capsys.readouterr()


def test_rules_and_explain_leave_inputs_unchanged(inputs, capsys):
    before = _hashes(inputs)
    assert main(["rules"]) == 0
    assert main(["explain", "input/too-deep"]) == 0
    assert _hashes(inputs) == before
    capsys.readouterr()
