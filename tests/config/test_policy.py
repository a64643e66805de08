"""One policy step: reader findings obey select/ignore/severity exactly as rule findings do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from validator.cli import main
from validator.config import Config
from validator.config.policy import apply, apply_one
from validator.core.findings import Finding, Severity


def write_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.messages-validator]\n{body}\n", encoding="utf-8")
    return path


def test_severity_override_applies_to_syntax_findings(tmp_path, monkeypatch, capsys) -> None:
    write_config(tmp_path, '[tool.messages-validator.severity]\n"syntax/invalid-json" = "warning"')
    (tmp_path / "broken.json").write_text('{"model": ', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "json", "broken.json"])
    doc = json.loads(capsys.readouterr().out)
    assert [f["severity"] for f in doc["findings"]] == ["warning"]
    assert doc["findings"][0]["rule"] == "syntax/invalid-json"
    assert code == 0


def test_family_severity_applies_to_reader_findings(tmp_path, monkeypatch, capsys) -> None:
    write_config(tmp_path, '[tool.messages-validator.severity]\n"syntax/" = "info"')
    (tmp_path / "broken.json").write_text("[1,", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "broken.json"]) == 0
    assert "[info]" in capsys.readouterr().out


def test_ignore_and_select_apply_to_reader_findings(tmp_path, capsys) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["check", "--ignore", "syntax/", str(broken)]) == 0
    capsys.readouterr()
    assert main(["check", "--select", "thinking/", str(broken)]) == 0


@pytest.mark.parametrize("rule", ["syntax/invalid-json", "schema/required", "tools/x"])
def test_apply_one_is_the_same_for_every_source(rule: str) -> None:
    config = Config(severity={rule: Severity.INFO}, ignore=("secrets/",))
    found = Finding(rule, Severity.ERROR, "m", file="a.json")
    assert apply_one(found, config).severity is Severity.INFO
    assert list(apply([Finding("secrets/k", Severity.ERROR, "m")], config)) == []


def test_per_file_ignores_use_the_finding_file() -> None:
    config = Config(per_file_ignores={"fixtures/*": ("syntax/",)})
    kept = list(
        apply([Finding("syntax/invalid-json", Severity.ERROR, "m", file="fixtures/a.json")], config)
    )
    assert kept == []
