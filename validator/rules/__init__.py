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
from typing import Any, TypeVar

from validator.core.context import Context
from validator.core.findings import Severity


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule yields: where and what. `part` is for exchange rules (`request`, ...)."""

    pointer: str
    message: str
    severity: Severity | None = None
    part: str | None = None


@dataclass(slots=True, eq=False)
class RuleContext:
    """Everything a rule may read besides the payload (rules read it, never set it).

    Not frozen: the engine makes three for every exchange, and a frozen dataclass's
    `__init__` costs twice a plain one.
    """

    kind: str
    context: Context = field(default_factory=Context)
    strict: bool = False
    models: Mapping[str, Any] = field(default_factory=dict)  # x-models merged with config
    meta: Mapping[str, Any] = field(default_factory=dict)  # reader extras (e.g. SSE event names)
    # What the rules of one check compute from the payload, once: {(function, id): (value, result)}.
    _memo: dict[tuple[Any, int], tuple[Any, Any]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # The index of the first payload a rule indexed (`rules.index.index`), held apart from the
    # memo: nearly every rule asks for it, and a check is nearly always about one payload.
    first_index: Any = field(default=None, repr=False, compare=False)

    @property
    def api_version(self) -> str | None:
        return self.context.api_version

    def memo(self, fn: Callable[..., T], value: Any, *args: Any) -> T:
        """`fn(value, *args)`, computed once per check for this very `value` (by identity).

        The engine gives every rule of one check the same RuleContext, so a walk that many
        rules read (turns, blocks, decoded media, the stream's order) is done once; the cache
        dies with the check, and a new value (even an equal one) is computed afresh. `args`
        must be the same for every call of one check (they are not part of the key).
        """
        key = (fn, id(value))
        hit = self._memo.get(key)
        if hit is None or hit[0] is not value:
            hit = self._memo[key] = (value, fn(value, *args))
        return hit[1]


T = TypeVar("T")
RuleFunction = Callable[[Any, RuleContext], Iterable[Hit]]

REGISTRY: dict[str, RuleFunction] = {}

# One module per rule family, named as the family (the part of the id before the slash);
# each registers its rules on import, and the registry is filled lazily.
FAMILIES = (
    "batch",
    "caching",
    "content",
    "conversation",
    "exchange",
    "headers",
    "media",
    "models",
    "request",
    "response",
    "sampling",
    "secrets",
    "stream",
    "thinking",
    "tools",
)


def rule(rule_id: str, *, needs: Iterable[str] = ()) -> Callable[[RuleFunction], RuleFunction]:
    """Register `fn` under `rule_id` (which must have a `checked-by: function` catalogue entry).

    `needs` are what the payload must hold for the rule to have anything to say, each a
    feature of `validator.rules.index` (`thinking`: a top-level member; `block:tool_use`: a
    block of that type anywhere in the messages; `role:system`; `key:cache_control`: that
    member on a block, a tool, a system item or the payload; for an
    exchange `request.tools`), or alternatives joined by `|`. The engine calls the rule only
    when every need is met; a rule without needs is always called.
    """

    def register(fn: RuleFunction) -> RuleFunction:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = fn
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        fn.needs = tuple(frozenset(n.split("|")) for n in needs)  # type: ignore[attr-defined]
        return fn

    return register


_loaded = False


def registry() -> dict[str, RuleFunction]:
    """All registered rules, importing the topic modules on first use."""
    global _loaded
    if not _loaded:
        for family in FAMILIES:
            importlib.import_module(f"validator.rules.{family}")
        _loaded = True
    return REGISTRY
