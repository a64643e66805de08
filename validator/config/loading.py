"""Loading the configuration: `[tool.messages-validator]` in pyproject.toml, merged with CLI flags.

`load_config` finds and parses it (an explicit file, else the nearest `pyproject.toml` holding
the table, from the start directory upward) and `merge_cli` lays command-line flags over it.
Every mistake (an unknown key, an unknown rule id, a bad severity, an unknown model fact)
raises `ConfigError` naming what is wrong: the CLI prints it and exits 2. Rule ids are known
from the catalogue and model facts from the rules' facts table, so this module sits above
them, while the `Config` value it builds sits below the engine.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from validator.config import Config, ConfigError
from validator.core.findings import Severity

TABLE = ("tool", "messages-validator")


KEYS = frozenset(
    {"select", "ignore", "severity", "per-file-ignores", "fail-on", "api-version", "strict",
     "exclude", "models"}
)  # fmt: skip


VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")


EXTRA_IDS = frozenset({"input/not-a-payload"})  # engine findings without a catalogue entry


def find_config(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml with a `[tool.messages-validator]` table, from `start` up."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _table(_read(candidate), candidate, explicit=False):
            return candidate
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The configuration from `path`, else from the nearest pyproject.toml; defaults if none.

    An explicit `path` may be a pyproject.toml (its `[tool.messages-validator]` table is read)
    or a TOML file holding the settings at its top level.
    """
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        return parse_config(_table(_read(path), path, explicit=True), source=str(path))
    found = find_config(start)
    if found is None:
        return Config()
    return parse_config(_table(_read(found), found, explicit=False), source=str(found))


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _table(doc: dict[str, Any], path: Path, *, explicit: bool) -> dict[str, Any]:
    tool = doc.get(TABLE[0])
    if isinstance(tool, dict) and TABLE[1] in tool:
        table = tool[TABLE[1]]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.messages-validator] must be a table")
        return table
    if explicit and path.name != "pyproject.toml":
        return doc
    return {}


def parse_config(table: Mapping[str, Any], *, source: str = "config") -> Config:
    """A `Config` from the settings table; raises `ConfigError` on any mistake."""
    problems: list[str] = []
    unknown = sorted(set(table) - KEYS)
    if unknown:
        problems.append(f"{source}: unknown key(s): {', '.join(unknown)}")
    parsers: dict[str, Callable[[], Any]] = {
        "select": lambda: _ids(table, "select", source),
        "ignore": lambda: _ids(table, "ignore", source),
        "severity": lambda: _severities(table.get("severity", {}), source),
        "per_file_ignores": lambda: _per_file(table.get("per-file-ignores", {}), source),
        "fail_on": lambda: _level(table.get("fail-on", "error"), "fail-on", source),
        "api_version": lambda: _version(table.get("api-version"), source),
        "strict": lambda: _bool(table.get("strict", False), "strict", source),
        "models": lambda: _models(table.get("models", {}), source),
        "exclude": lambda: _strings(table.get("exclude", []), "exclude", source),
    }
    values: dict[str, Any] = {}
    for name, parse in parsers.items():  # every mistake is named at once, not one per run
        try:
            values[name] = parse()
        except ConfigError as exc:
            problems.append(str(exc))
    if problems:
        raise ConfigError("\n".join(problems))
    return Config(**values)


def _strings(value: Any, key: str, source: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{source}: {key} must be a string or a list of strings")


def _ids(table: Mapping[str, Any], key: str, source: str) -> tuple[str, ...]:
    ids = _strings(table.get(key, []), key, source)
    check_rule_ids(ids, f"{source}: {key}")
    return ids


def _severities(value: Any, source: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: severity must be a table of rule id = level")
    check_rule_ids(value, f"{source}: severity")
    return {rule: _level(level, f"severity.{rule}", source) for rule, level in value.items()}


def _per_file(value: Any, source: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: per-file-ignores must be a table of glob = [rule ids]")
    result = {}
    for glob, ids in value.items():
        result[glob] = _strings(ids, f"per-file-ignores.{glob}", source)
        check_rule_ids(result[glob], f"{source}: per-file-ignores.{glob}")
    return result


def _level(value: Any, key: str, source: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"{source}: {key} must be error, warning or info, not {value!r}"
        ) from None


def _version(value: Any, source: str) -> str | None:
    if value is None or (isinstance(value, str) and VERSION.match(value)):
        return value
    raise ConfigError(f"{source}: api-version must be a date such as 2023-06-01, not {value!r}")


def _bool(value: Any, key: str, source: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{source}: {key} must be true or false")
    return value


def _models(value: Any, source: str) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError(f"{source}: models must be a table of model id = table of facts")
    from validator.rules.facts import MODEL_FACTS, shipped_models

    # A fact no shipped model states yet (speed, forced-tool-choice) is still a fact.
    known = MODEL_FACTS | {key for facts in shipped_models().values() for key in facts}
    bad = sorted({f"{m}.{k}" for m, facts in value.items() for k in facts if k not in known})
    if known and bad:
        raise ConfigError(
            f"{source}: unknown model fact(s): {', '.join(bad)} (known: {', '.join(sorted(known))})"
        )
    return {model: dict(facts) for model, facts in value.items()}  # merged by facts.model_table


def known_rule_ids() -> frozenset[str]:
    """Every rule id and alias of the catalogue, plus the engine's own finding ids."""
    from validator import catalogue

    ids = {e.id for e in catalogue.entries()} | {a for e in catalogue.entries() for a in e.aliases}
    return frozenset(ids | EXTRA_IDS)


def check_rule_ids(patterns: Iterable[str], where: str) -> None:
    """Raise `ConfigError` naming every pattern that is no rule id, alias or family prefix."""
    ids = known_rule_ids()
    families = {i.split("/", 1)[0] for i in ids}
    bad = [
        p
        for p in patterns
        if p not in ids and p.rstrip("/") not in families and p not in ("ALL", "all")
    ]
    if bad:
        raise ConfigError(f"{where}: unknown rule id(s): {', '.join(_suggest(b) for b in bad)}")


def _suggest(rule_id: str) -> str:
    from validator import catalogue

    close = catalogue.suggestions(rule_id)
    return f"{rule_id} (did you mean {close[0]}?)" if close else rule_id


def merge_cli(config: Config, **flags: Any) -> Config:
    """`config` with command-line flags on top: `select` replaces, `ignore` and `exclude`
    extend, `fail_on`, `api_version` and `strict` override; None or empty means not given."""
    changes: dict[str, Any] = {}
    if flags.get("select"):
        changes["select"] = tuple(flags["select"])
        check_rule_ids(changes["select"], "--select")
    if flags.get("ignore"):
        check_rule_ids(flags["ignore"], "--ignore")
        changes["ignore"] = config.ignore + tuple(flags["ignore"])
    if flags.get("exclude"):
        changes["exclude"] = config.exclude + tuple(flags["exclude"])
    if flags.get("fail_on"):
        changes["fail_on"] = _level(flags["fail_on"], "--fail-on", "command line")
    if flags.get("api_version"):
        changes["api_version"] = _version(flags["api_version"], "command line")
    if flags.get("strict") is not None:
        changes["strict"] = bool(flags["strict"])
    return replace(config, **changes)
