"""Configuration as a value: `Config`, with the two decisions it makes for every finding.

`enabled(rule, file)` (select, ignore, per-file ignores) and `severity_for(rule, default)`;
`validator.config.policy` applies both to every finding, in one step. Loading, from
`[tool.messages-validator]` in pyproject.toml or a file, is `validator.config.loading`:

    [tool.messages-validator]
    select = ["conversation/", "tools/"]      # ids or family prefixes; default: all
    ignore = ["models/unknown-model"]
    fail-on = "warning"                       # error (default) | warning | info
    api-version = "2023-06-01"                # where a record has no anthropic-version
    strict = true                             # consecutive same-role turns are errors
    exclude = ["fixtures/legacy/*"]
    [tool.messages-validator.severity]
    "conversation/roles-not-alternating" = "error"
    [tool.messages-validator.per-file-ignores]
    "tests/bad/*.json" = ["schema/"]
    [tool.messages-validator.models.claude-next-1]
    max-output-tokens = 128000

`models` holds the config's own entries; `validator.rules.facts.model_table` lays them over the
spec's `x-models`, in one place.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from validator.core.findings import Severity


class ConfigError(Exception):
    """Bad configuration: the CLI prints it and exits 2."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # ids or family prefixes ("conversation/"); empty: all
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # per-rule override
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # glob -> ids
    fail_on: Severity = Severity.ERROR
    api_version: str | None = None
    strict: bool = False
    models: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # x-models entries
    exclude: tuple[str, ...] = ()

    def enabled(self, rule_id: str, file: str | None = None) -> bool:
        """Whether findings of `rule_id` are reported (for `file`, if given)."""
        if self.select and not _matches(rule_id, self.select):
            return False
        if _matches(rule_id, self.ignore):
            return False
        if file is not None:
            for pattern, ids in self.per_file_ignores.items():
                if _glob(file, pattern) and _matches(rule_id, ids):
                    return False
        return True

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        for key in (rule_id, rule_id.split("/", 1)[0] + "/"):
            if key in self.severity:
                return self.severity[key]
        return default


def _matches(rule_id: str, patterns: tuple[str, ...]) -> bool:
    for p in patterns:
        if p in ("ALL", "all") or rule_id == p:
            return True
        if p.endswith("/") and rule_id.startswith(p):
            return True
        if "/" not in p and rule_id.split("/", 1)[0] == p:
            return True
    return False


def _glob(file: str, pattern: str) -> bool:
    return fnmatch.fnmatch(file, pattern) or fnmatch.fnmatch(file, "*/" + pattern)
