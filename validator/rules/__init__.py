"""The rule registry: one small function per `checked-by: function` entry of the spec's `x-rules`.

A rule is a generator::

    @rule("thinking/budget-not-below-max-tokens")
    def budget_not_below_max_tokens(payload: dict, ctx: RuleContext) -> Iterator[Hit]:
        '''thinking.budget_tokens must be less than max_tokens.'''
        ...
        yield Hit("/thinking/budget_tokens", f"... ({budget}) must be less than ... ({max_tokens})")

It receives the payload of the kind it applies to (the request body, the response, the list of
stream events, or for `exchange` rules a dict with `request`, `response`, `stream`,
`request_headers`), never prints, never raises on bad input (a malformed payload is the
schema's business: rules skip what they cannot read), and yields `Hit`s. The engine turns each
hit into a `Finding` with the rule's id and severity (default from the catalogue, overridden by
config; a hit may lower it, e.g. to a warning when the API version is unknown).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from validator.core.context import Context
from validator.core.findings import Severity


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule yields: where and what. `part` is for exchange rules (`request`, ...)."""

    pointer: str
    message: str
    severity: Severity | None = None
    part: str | None = None


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may read besides the payload."""

    kind: str
    context: Context = field(default_factory=Context)
    strict: bool = False
    models: Mapping[str, Any] = field(default_factory=dict)  # x-models merged with config
    meta: Mapping[str, Any] = field(default_factory=dict)  # reader extras (e.g. SSE event names)

    @property
    def api_version(self) -> str | None:
        return self.context.api_version


RuleFunction = Callable[[Any, RuleContext], Iterable[Hit]]

REGISTRY: dict[str, RuleFunction] = {}

# Topic modules that register rules on import; the registry is filled lazily.
TOPICS = (
    "conversation",
    "content",
    "tools",
    "thinking",
    "sampling",
    "caching",
    "media",
    "response",
    "stream",
    "exchange",
    "secrets",
    "batch",
    "models",
    "beta",
)


def rule(rule_id: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register `fn` under `rule_id` (which must have a `checked-by: function` catalogue entry)."""

    def register(fn: RuleFunction) -> RuleFunction:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = fn
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return register


_loaded = False


def registry() -> dict[str, RuleFunction]:
    """All registered rules, importing the topic modules on first use."""
    global _loaded
    if not _loaded:
        for topic in TOPICS:
            try:
                importlib.import_module(f"validator.rules.{topic}")
            except ModuleNotFoundError as exc:
                if exc.name != f"validator.rules.{topic}":
                    raise
        _loaded = True
    return REGISTRY
