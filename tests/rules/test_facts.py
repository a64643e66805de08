"""Model facts (`validator.rules.facts`): aliases resolved once per run, and never stale when
the table changes (a config that adds or changes a model)."""

from __future__ import annotations

from payloads import GOOD_REQUEST

from validator.rules import RuleContext
from validator.rules.facts import _resolve, facts, model_table, shipped_models


def _facts(model: object, extra: dict | None = None) -> object:
    table = model_table(extra)
    return facts({**GOOD_REQUEST, "model": model}, RuleContext("request", models=table))


def test_every_shipped_model_resolves_as_a_fresh_merge() -> None:
    table = model_table()
    for name in shipped_models():
        assert _facts(name) == _resolve(name, table)
        assert _facts(name) == _resolve(name, table)  # the second time from the cache


def test_a_changed_table_is_never_answered_from_the_old_one() -> None:
    name = GOOD_REQUEST["model"]
    before = _facts(name)
    assert isinstance(before, dict) and before.get("max-output-tokens") != 7
    changed = _facts(name, {name: {"max-output-tokens": 7}})
    assert isinstance(changed, dict) and changed["max-output-tokens"] == 7
    assert _facts(name) == before  # back to the shipped table


def test_odd_model_names_have_no_facts() -> None:
    for name in ("", "claude-nonexistent-9", 5, None):
        assert _facts(name) is None
