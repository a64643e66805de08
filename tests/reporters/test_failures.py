"""An input that cannot be read never looks clean: every report format carries the failure."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import shared_path
from payloads import GOOD_REQUEST

from validator.cli import main
from validator.core.findings import Failure


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    good = tmp_path / "request.json"
    good.write_text(json.dumps(GOOD_REQUEST), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "missing.json", str(good)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_summary_says_an_input_could_not_be_read(inputs, capsys) -> None:
    code, out, err = run(capsys, "check", *inputs)
    assert code == 2
    assert "All checks passed" not in out
    assert "1 input could not be read" in out
    assert "missing.json" in err


def test_json_report_lists_failures(inputs, capsys) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", *inputs)
    doc = json.loads(out)
    assert code == 2
    assert doc["failures"] == [{"path": "missing.json", "reason": "no such file"}]
    assert doc["summary"]["failures"] == 1
    assert doc["summary"]["documents"] == 1  # the readable input was still checked


def test_json_report_has_empty_failures_on_a_clean_run(inputs, capsys) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", inputs[1])
    doc = json.loads(out)
    assert code == 0
    assert doc["failures"] == [] and doc["summary"]["failures"] == 0


def test_sarif_marks_the_run_unsuccessful(inputs, capsys) -> None:
    import jsonschema

    code, out, _ = run(capsys, "check", "--format", "sarif", *inputs)
    log = json.loads(out)
    invocation = log["runs"][0]["invocations"][0]
    assert code == 2
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert len(notes) == 1 and "missing.json" in notes[0]["message"]["text"]
    schema = json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft7Validator(schema).validate(log)


def test_sarif_clean_run_is_successful(inputs, capsys) -> None:
    _, out, _ = run(capsys, "check", "--format", "sarif", inputs[1])
    assert json.loads(out)["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_junit_has_an_error_case(inputs, capsys) -> None:
    code, out, _ = run(capsys, "check", "--format", "junit", *inputs)
    root = ET.fromstring(out)
    errors = root.findall(".//testcase/error")
    assert code == 2
    assert root.get("errors") == "1"
    assert len(errors) == 1 and errors[0].get("type") == "input/unreadable"


def test_github_annotates_the_failure(inputs, capsys) -> None:
    code, out, _ = run(capsys, "check", "--format", "github", *inputs)
    assert code == 2
    assert "::error title=input/unreadable::missing.json: no such file" in out


def test_unreadable_directory_is_exit_2_and_reported(tmp_path, monkeypatch, capsys) -> None:
    """Root reads any directory, so the permission error is simulated at os.scandir."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (tmp_path / "request.json").write_text(json.dumps(GOOD_REQUEST), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(capsys, "check", "--format", "json", str(tmp_path))
    doc = json.loads(out)
    assert code == 2
    assert doc["failures"] == [
        {"path": str(locked), "reason": "cannot read directory: permission denied"}
    ]
    assert doc["summary"]["documents"] == 1
    assert str(locked) in err


def test_check_paths_without_handler_still_raises(tmp_path) -> None:
    from validator.readers import ReadError
    from validator.run.runner import check_paths

    with pytest.raises(ReadError):
        check_paths([tmp_path / "missing.json"])


def test_failure_is_a_value() -> None:
    assert Failure("a", "b").to_dict() == {"path": "a", "reason": "b"}
