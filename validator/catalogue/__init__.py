"""The rule catalogue: the spec's `x-rules` as `RuleEntry` values (design §1).

This is the only reader of `x-rules`: the engine takes each rule's default severity and kinds
from here, the config its known ids, and `validator.catalogue.render` everything people read
(the `rules` table, `explain`, the README table, SARIF rule descriptors).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from validator.schema.spec import load_spec


@dataclass(frozen=True)
class Example:
    """A bad payload that yields the rule at `pointer`, and a good one that yields nothing."""

    kind: str
    bad: Any = None
    good: Any = None
    pointer: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    has_bad: bool = False
    has_good: bool = False


@dataclass(frozen=True)
class RuleEntry:
    """One `x-rules` entry of the spec."""

    id: str
    severity: str
    kinds: tuple[str, ...]
    checked_by: str
    summary: str
    rationale: str = ""
    api_message: str | None = None
    aliases: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()

    @property
    def family(self) -> str:
        return self.id.split("/", 1)[0]


def _raw_rules() -> list[dict[str, Any]]:
    """The raw `x-rules` list of the packaged spec."""
    return list(load_spec().get("x-rules") or [])


def _examples(raw: dict[str, Any], kinds: tuple[str, ...]) -> tuple[Example, ...]:
    given = raw.get("examples")
    if not given:
        return ()
    items = given if isinstance(given, list) else [given]
    default_kind = next((k for k in kinds if k != "any"), "request")
    return tuple(
        Example(
            kind=item.get("kind", default_kind),
            bad=item.get("bad"),
            good=item.get("good"),
            pointer=item.get("pointer"),
            context=item.get("context") or {},
            has_bad="bad" in item,
            has_good="good" in item,
        )
        for item in items
    )


def _entry(raw: dict[str, Any]) -> RuleEntry:
    kinds = tuple(raw.get("kinds") or ())
    return RuleEntry(
        id=raw["id"],
        severity=str(raw.get("severity", "error")),
        kinds=kinds,
        checked_by=str(raw.get("checked-by", "function")),
        summary=str(raw.get("summary", "")).strip(),
        rationale=str(raw.get("rationale", "")).strip(),
        api_message=raw.get("api-message"),
        aliases=tuple(raw.get("aliases") or ()),
        examples=_examples(raw, kinds),
    )


@functools.cache
def entries() -> tuple[RuleEntry, ...]:
    """Every catalogue entry, sorted by id."""
    return tuple(sorted((_entry(r) for r in _raw_rules()), key=lambda e: e.id))


@functools.cache
def _index() -> dict[str, RuleEntry]:
    table: dict[str, RuleEntry] = {}
    for entry in entries():
        for alias in entry.aliases:
            table[alias] = entry
    for entry in entries():  # real ids win over aliases
        table[entry.id] = entry
    return table


def get(rule_id: str) -> RuleEntry | None:
    """The entry for `rule_id` or for a rule that was renamed from it; None when unknown."""
    return _index().get(rule_id)


def suggestions(rule_id: str) -> list[str]:
    """Known ids close to a mistyped `rule_id`, for error messages."""
    import difflib

    return difflib.get_close_matches(rule_id, list(_index()), n=3, cutoff=0.6)
