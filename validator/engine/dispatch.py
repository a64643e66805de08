"""Which rules run on a payload, and their hits as findings.

The rules of a kind come from the catalogue (kinds, default severity, in catalogue order) and
the registry (functions and their needs); a payload's features (`validator.rules.index`)
select those whose needs it meets, once per shape of payload.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from validator import catalogue
from validator.core.findings import Finding, Severity
from validator.rules import Hit, RuleContext, RuleFunction, registry
from validator.rules.index import EVERYTHING, exchange_features, index

Needs = tuple[frozenset[str], ...]


@functools.cache
def rules_for(kind: str) -> tuple[tuple[str, RuleFunction, Severity, Needs], ...]:
    """(id, function, default severity, needs) of the rules that apply to `kind`, in catalogue
    order (so the order of findings never depends on which module was imported first)."""
    functions = registry()
    found = []
    for entry in catalogue.entries():
        kinds = entry.kinds
        if entry.id in functions and (kind in kinds or ("any" in kinds and kind != "exchange")):
            fn = functions[entry.id]
            found.append((entry.id, fn, Severity(entry.severity), getattr(fn, "needs", ())))
    return tuple(found)


def run_rules(kind: str, payload: Any, rctx: RuleContext) -> Iterator[Finding]:
    """Run the function rules of `kind` whose needs `payload` meets; hits become findings."""
    for rule_id, function, default in selected(kind, features_of(kind, payload, rctx)):
        for hit in function(payload, rctx):
            yield finding(rule_id, hit, default)


_SELECTED: dict[tuple[str, frozenset[str]], tuple[tuple[str, RuleFunction, Severity], ...]] = {}


def selected(kind: str, features: frozenset[str]) -> tuple[tuple[str, RuleFunction, Severity], ...]:
    """The rules of `kind` whose every need `features` meets; payloads of one shape share it
    (the shape: the features some rule of `kind` needs, so that other members never split it)."""
    key = (kind, features & _named(kind) if EVERYTHING not in features else features)
    found = _SELECTED.get(key)
    if found is None:
        everything = EVERYTHING in features
        found = tuple(
            (rule_id, fn, default)
            for rule_id, fn, default, needs in rules_for(kind)
            if everything or not any(features.isdisjoint(need) for need in needs)
        )
        if len(_SELECTED) > 4096:  # distinct shapes are few; bound them anyway
            _SELECTED.clear()
        _SELECTED[key] = found
    return found


@functools.cache
def _named(kind: str) -> frozenset[str]:
    """Every feature a need of a rule of `kind` names."""
    return frozenset(alt for *_, needs in rules_for(kind) for need in needs for alt in need)


def forget_rules() -> None:
    """Drop the rule tables built from the registry (for code that changes the registry)."""
    rules_for.cache_clear()
    _named.cache_clear()
    _SELECTED.clear()


def features_of(kind: str, payload: Any, rctx: RuleContext) -> frozenset[str]:
    if kind == "exchange":
        return exchange_features(payload)
    if kind == "stream":
        return frozenset({EVERYTHING})
    return index(payload, rctx).features


def finding(rule_id: str, hit: Hit, default: Severity) -> Finding:
    message = hit.message
    if not message.isprintable():  # a payload value quoted in it may hold a newline
        from validator.schema.messages import printable

        message = printable(message, limit=len(message) * 10)
    return Finding(
        rule=rule_id,
        severity=hit.severity or default,
        message=message,
        pointer=hit.pointer,
        part=hit.part,
    )
