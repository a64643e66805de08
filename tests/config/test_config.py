"""Configuration: `[tool.messages-validator]` found upward or given, every key, every error."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.config import Config, ConfigError
from validator.config.loading import find_config, load_config, merge_cli, parse_config
from validator.core.findings import Severity

FULL = """
[project]
name = "demo"

[tool.messages-validator]
select = ["conversation/", "tools/", "media/image-too-large"]
ignore = ["conversation/roles-not-alternating"]
fail-on = "warning"
api-version = "2026-10-21"
strict = true
exclude = ["fixtures/legacy/*", "*.har"]

[tool.messages-validator.severity]
"conversation/first-message-not-user" = "error"
"models/" = "info"

[tool.messages-validator.per-file-ignores]
"tests/bad/*.json" = ["schema/", "conversation/message-content-empty"]

[tool.messages-validator.models.claude-next-1]
max-output-tokens = 128000
context-window = 1000000
"""


def write(directory: Path, text: str, name: str = "pyproject.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_is_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    assert config.select == ("conversation/", "tools/", "media/image-too-large")
    assert config.ignore == ("conversation/roles-not-alternating",)
    assert config.fail_on is Severity.WARNING
    assert config.api_version == "2026-10-21"
    assert config.strict is True
    assert config.exclude == ("fixtures/legacy/*", "*.har")
    assert config.severity == {
        "conversation/first-message-not-user": Severity.ERROR,
        "models/": Severity.INFO,
    }
    assert config.per_file_ignores == {
        "tests/bad/*.json": ("schema/", "conversation/message-content-empty")
    }
    assert config.models == {
        "claude-next-1": {"max-output-tokens": 128000, "context-window": 1000000}
    }


def test_the_keys_take_effect(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    assert config.enabled("tools/tool-use-without-result")
    assert not config.enabled("conversation/roles-not-alternating")  # ignored
    assert not config.enabled("thinking/budget-not-below-max-tokens")  # not selected
    assert not config.enabled("conversation/message-content-empty", "tests/bad/one.json")
    assert config.enabled("conversation/message-content-empty", "tests/good/one.json")
    first = config.severity_for("conversation/first-message-not-user", Severity.WARNING)
    assert first is Severity.ERROR
    assert config.severity_for("models/unknown-model", Severity.WARNING) is Severity.INFO


def test_config_models_reach_the_rules(tmp_path: Path) -> None:
    from validator import check_request

    config = load_config(write(tmp_path, FULL.replace('select = ["conversation/", ', "#")))
    payload = {
        "model": "claude-next-1",
        "max_tokens": 200000,
        "messages": [{"role": "user", "content": "Hi"}],
    }
    rules = check_request(payload, config=config).rules
    assert "models/unknown-model" not in rules
    assert check_request(payload).rules.count("models/unknown-model") == 1


def test_found_from_the_start_directory_upward(tmp_path: Path) -> None:
    write(tmp_path, "[tool.messages-validator]\nstrict = true\n")
    write(tmp_path / "pkg", '[project]\nname = "inner"\n')  # no table: keep looking up
    start = tmp_path / "pkg" / "deep" / "er"
    start.mkdir(parents=True)
    assert find_config(start) == tmp_path / "pyproject.toml"
    assert load_config(start=start).strict is True


def test_the_nearest_table_wins(tmp_path: Path) -> None:
    write(tmp_path, "[tool.messages-validator]\nstrict = true\n")
    write(tmp_path / "sub", '[tool.messages-validator]\nfail-on = "info"\n')
    config = load_config(start=tmp_path / "sub")
    assert config.fail_on is Severity.INFO and config.strict is False


def test_defaults_without_any_config(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None
    assert load_config(start=tmp_path) == Config()


def test_cwd_is_the_default_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, '[tool.messages-validator]\napi-version = "2023-06-01"\n')
    monkeypatch.chdir(tmp_path)
    assert load_config().api_version == "2023-06-01"


def test_an_explicit_file(tmp_path: Path) -> None:
    standalone = write(tmp_path, 'ignore = ["secrets/"]\n', name="validator.toml")
    assert load_config(standalone).ignore == ("secrets/",)
    bare = write(tmp_path / "p", '[project]\nname = "x"\n')
    assert load_config(bare) == Config()
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('selct = ["tools/"]', "unknown key.*selct"),
        ('select = ["tools/nonexistent-rule"]', "unknown rule id.*tools/nonexistent-rule"),
        ('ignore = ["nofamily/"]', "ignore: unknown rule id.*nofamily/"),
        (
            'select = "conversation/roles-not-alternatin"',
            "did you mean conversation/roles-not-alternating",
        ),
        ('[tool.messages-validator.severity]\n"tools/nope" = "error"', "severity.*tools/nope"),
        ('[tool.messages-validator.severity]\n"tools/" = "fatal"', "error, warning or info"),
        ('[tool.messages-validator.per-file-ignores]\n"*.json" = ["x/y"]', "per-file-ignores.*x/y"),
        ('[tool.messages-validator.per-file-ignores]\n"*.json" = [1]', "list of strings"),
        ('fail-on = "critical"', "fail-on must be error, warning or info"),
        ('api-version = "latest"', "api-version must be a date"),
        ("strict = 1", "strict must be true or false"),
        ("exclude = 3", "exclude must be a string or a list"),
        ("models = 3", "models must be a table"),
        (
            "[tool.messages-validator.models.m]\nmax-ouput-tokens = 1",
            "unknown model fact.*m.max-ouput",
        ),
        ("severity = 3", "severity must be a table"),
        ("per-file-ignores = []", "per-file-ignores must be a table"),
    ],
)
def test_each_mistake_is_a_config_error(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, f"[tool.messages-validator]\n{body}\n")
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_several_unknown_keys_are_all_named(tmp_path: Path) -> None:
    path = write(tmp_path, "[tool.messages-validator]\nfoo = 1\nbar = 2\nstrict = true\n")
    with pytest.raises(ConfigError, match="unknown key\\(s\\): bar, foo"):
        load_config(path)


def test_invalid_toml_and_a_non_table(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[tool.messages-validator\nstrict = true\n"))
    with pytest.raises(ConfigError, match="must be a table"):
        load_config(write(tmp_path, '[tool]\nmessages-validator = "yes"\n'))


def test_aliases_families_and_all_are_accepted() -> None:
    config = parse_config({"select": ["ALL"], "ignore": ["conversation", "schema/", "input/"]})
    assert config.select == ("ALL",) and len(config.ignore) == 3


def test_merge_cli_lays_flags_over_the_file() -> None:
    base = parse_config({"ignore": ["secrets/"], "exclude": ["a/*"], "fail-on": "warning"})
    merged = merge_cli(
        base,
        select=["tools/"],
        ignore=["media/"],
        exclude=["b/*"],
        fail_on="info",
        api_version="2023-06-01",
        strict=True,
    )
    assert merged.select == ("tools/",)
    assert merged.ignore == ("secrets/", "media/")
    assert merged.exclude == ("a/*", "b/*")
    assert merged.fail_on is Severity.INFO and merged.api_version == "2023-06-01" and merged.strict
    assert merge_cli(base, select=(), strict=None, fail_on=None) == base
    with pytest.raises(ConfigError, match=r"--select.*tools/nope"):
        merge_cli(base, select=["tools/nope"])
    with pytest.raises(ConfigError, match="fail-on"):
        merge_cli(base, fail_on="loud")
