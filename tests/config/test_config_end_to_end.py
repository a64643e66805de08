"""End to end: config `models` extend x-models, strict mode, and
bad config refused with exit 2, through `load_config`, `check_request` and `cli.main`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from validator import check_request
from validator.cli import main
from validator.config.loading import ConfigError, load_config

NEW_MODEL = """
[tool.messages-validator.models.claude-next-1]
max-output-tokens = 128000
thinking = ["adaptive", "disabled"]
"""

# Over the configured output limit, with a thinking type the configured model lacks.
OVER = {
    "model": "claude-next-1",
    "max_tokens": 200000,
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "messages": [{"role": "user", "content": "Hello"}],
}
WITHIN = {
    "model": "claude-next-1",
    "max_tokens": 64000,
    "thinking": {"type": "adaptive"},
    "messages": [{"role": "user", "content": "Hello"}],
}
MODEL_RULES = {"models/max-tokens-over-model-limit", "thinking/type-unsupported-by-model"}
SAME_ROLE = {
    "model": "claude-haiku-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}],
}


def pyproject(directory: Path, body: str) -> Path:
    path = directory / "pyproject.toml"
    path.write_text("[tool.messages-validator]\n" + body, encoding="utf-8")
    return path


def payload_file(directory: Path, payload: dict[str, Any], name: str = "req.json") -> Path:
    path = directory / name
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def rules_of(report: dict[str, Any]) -> dict[str, str]:
    return {f["rule"]: f["severity"] for f in report["findings"]}


# --- point 3: config models extend x-models --------------------------------------------------


def test_without_config_the_new_model_is_unknown_and_its_rules_skipped() -> None:
    report = check_request(OVER)
    assert report.rules.count("models/unknown-model") == 1
    assert not MODEL_RULES & set(report.rules)


def test_a_model_added_in_pyproject_is_known_and_its_facts_enforced(tmp_path: Path) -> None:
    config = load_config(start=pyproject(tmp_path, NEW_MODEL).parent)
    assert "claude-next-1" in config.models
    over = check_request(OVER, config=config)
    assert "models/unknown-model" not in over.rules
    assert set(over.rules) >= MODEL_RULES
    assert check_request(WITHIN, config=config).findings == []


def test_config_models_keep_the_shipped_ones(tmp_path: Path) -> None:
    config = load_config(pyproject(tmp_path, NEW_MODEL))
    shipped = {**OVER, "model": "claude-haiku-4-5"}  # 64000 output tokens in x-models
    assert "models/max-tokens-over-model-limit" in check_request(shipped, config=config).rules


def test_a_config_entry_overrides_a_shipped_model(tmp_path: Path) -> None:
    body = '[tool.messages-validator.models."claude-haiku-4-5"]\nmax-output-tokens = 300000\n'
    config = load_config(pyproject(tmp_path, body))
    shipped = {**WITHIN, "model": "claude-haiku-4-5", "max_tokens": 200000}
    shipped.pop("thinking")
    assert "models/max-tokens-over-model-limit" in check_request(shipped).rules
    assert check_request(shipped, config=config).findings == []
    # the facts the entry does not name are kept: haiku 4.5 still has no adaptive thinking
    adaptive = {**shipped, "thinking": {"type": "adaptive"}}
    assert "thinking/type-unsupported-by-model" in check_request(adaptive, config=config).rules


def test_cli_config_flag_brings_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no pyproject.toml here or above (tmp)
    (tmp_path / "cfg").mkdir()
    config = pyproject(tmp_path / "cfg", NEW_MODEL)
    request = payload_file(tmp_path, OVER)
    code, report = cli_json(capsys, str(request))
    assert code == 0 and set(rules_of(report)) == {"models/unknown-model"}
    code, report = cli_json(capsys, "--config", str(config), str(request))
    assert code == 1
    assert rules_of(report) == {rule: "error" for rule in MODEL_RULES}


def test_cli_finds_the_model_in_the_nearest_pyproject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject(tmp_path, NEW_MODEL)
    (tmp_path / "deep").mkdir()
    monkeypatch.chdir(tmp_path / "deep")
    code, report = cli_json(capsys, str(payload_file(tmp_path, WITHIN)))
    assert (code, report["findings"]) == (0, [])


# --- point 4: role alternation ---------------------------------------------------------------


def test_same_role_turns_warn_by_default_and_fail_with_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    request = payload_file(tmp_path, SAME_ROLE)
    code, report = cli_json(capsys, str(request))
    assert (code, rules_of(report)) == (0, {"conversation/roles-not-alternating": "warning"})
    code, report = cli_json(capsys, "--strict", str(request))
    assert (code, rules_of(report)) == (1, {"conversation/roles-not-alternating": "error"})


def test_strict_from_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject(tmp_path, "strict = true\n")
    monkeypatch.chdir(tmp_path)
    request = payload_file(tmp_path, SAME_ROLE)
    code, report = cli_json(capsys, str(request))
    assert (code, rules_of(report)) == (1, {"conversation/roles-not-alternating": "error"})
    config = load_config(start=tmp_path)
    assert [f.severity.value for f in check_request(SAME_ROLE, config=config).findings] == ["error"]


# --- point 7: every key, and mistakes exit 2 naming them ------------------------------------


def test_every_key_takes_effect_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (
        'select = ["conversation/", "models/"]\n'
        'ignore = ["models/deprecated-model"]\n'
        'fail-on = "warning"\n'
        'api-version = "2026-10-21"\n'
        'exclude = ["skipped/*"]\n'
        '[tool.messages-validator.severity]\n"conversation/first-message-not-user" = "info"\n'
        '[tool.messages-validator.per-file-ignores]\n"quiet/*.json" = ["conversation/"]\n'
    )
    pyproject(tmp_path, body + NEW_MODEL)
    monkeypatch.chdir(tmp_path)
    payload = {
        "model": "claude-sonnet-4-5",  # deprecated: ignored
        "max_tokens": 64,
        "temperature": 0.5,  # sampling/removed-in-version under 2026-10-21: not selected
        "messages": [
            {"role": "assistant", "content": "a"},
            {"role": "user", "content": "b"},
            {"role": "user", "content": "c"},
        ],
    }
    for folder in ("loud", "quiet", "skipped"):
        (tmp_path / folder).mkdir()
        payload_file(tmp_path / folder, payload)
    code, report = cli_json(capsys, ".")
    assert code == 1  # fail-on warning
    found = {(f["file"].split("/")[-2], f["rule"], f["severity"]) for f in report["findings"]}
    assert found == {
        ("loud", "conversation/first-message-not-user", "info"),
        ("loud", "conversation/roles-not-alternating", "warning"),
    }


def test_api_version_setting_decides_version_rules(tmp_path: Path) -> None:
    payload = {**SAME_ROLE, "messages": SAME_ROLE["messages"][:1], "temperature": 0.5}
    bare = check_request(payload)
    assert [(f.rule, f.severity.value) for f in bare.findings] == [
        ("sampling/removed-in-version", "warning")
    ]
    v2026 = load_config(pyproject(tmp_path, 'api-version = "2026-10-21"\n'))
    assert [f.severity.value for f in check_request(payload, config=v2026).findings] == ["error"]
    v2023 = load_config(pyproject(tmp_path, 'api-version = "2023-06-01"\n'))
    assert check_request(payload, config=v2023).findings == []
    # a recorded header wins over the setting
    headers = {"headers": {"anthropic-version": "2023-06-01"}}
    assert check_request(payload, config=v2026, context=headers).findings == []


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("bogus = 1\nother = 2\n", ["bogus", "other"]),
        ('ignore = ["tools/nope"]\n', ["tools/nope"]),
        ('select = ["nofamily/x"]\n', ["nofamily/x"]),
        ('[tool.messages-validator.severity]\n"foo/bar" = "error"\n', ["foo/bar"]),
        ('[tool.messages-validator.per-file-ignores]\n"*.json" = ["x/y"]\n', ["x/y"]),
        ("[tool.messages-validator.models.m]\nmax-output = 1\n", ["m.max-output"]),
        ('fail-on = "fatal"\n', ["fail-on"]),
        ('api-version = "latest"\n', ["api-version"]),
        ('strict = "yes"\n', ["strict"]),
    ],
)
def test_config_mistakes_exit_2_naming_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, named: list[str]
) -> None:
    config = pyproject(tmp_path, body)
    request = payload_file(tmp_path, WITHIN)
    assert main(["check", "--config", str(config), str(request)]) == 2
    err = capsys.readouterr().err
    assert all(name in err for name in named), err
    assert "Traceback" not in err


def test_every_mistake_of_a_config_is_named_at_once(tmp_path: Path) -> None:
    body = (
        'bogus = 1\nignore = ["tools/nope"]\n[tool.messages-validator.severity]\n"x/y" = "error"\n'
    )
    with pytest.raises(ConfigError) as info:
        load_config(pyproject(tmp_path, body))
    assert all(name in str(info.value) for name in ("bogus", "tools/nope", "x/y"))


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_unknown_rule_ids_on_the_command_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    request = payload_file(tmp_path, WITHIN)
    assert main(["check", flag, "tools/nope", str(request)]) == 2
    assert "tools/nope" in capsys.readouterr().err
