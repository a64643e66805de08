"""Rules declare what a payload must hold for them to speak (`@rule(..., needs=...)`), and the
engine skips the others: skipping must never change a verdict, and must really skip."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payloads import GOOD_REQUEST, GOOD_RESPONSE, GOOD_STREAM

from tests import strategies as gen
from validator import catalogue, engine
from validator.core.context import Context
from validator.engine import dispatch
from validator.rules import registry
from validator.rules.index import PayloadIndex

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEATURE = re.compile(r"^(block:[\w*]+|role:\w+|key:\w+|request\.\w+|\w+)$")


@pytest.fixture
def every_rule(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A checker that calls every rule of a kind, needs or not."""
    original = dispatch.rules_for

    def check(kind: str, payload: Any, context: Context | None = None) -> list[Any]:
        with monkeypatch.context() as patch:
            patch.setattr(dispatch, "selected", lambda k, _: tuple(r[:3] for r in original(k)))
            return engine.check_value(kind, payload, context=context)

    return check


def _same(kind: str, payload: Any, every_rule: Any, context: Context | None = None) -> None:
    selected = engine.check_value(kind, copy.deepcopy(payload), context=context)
    assert selected == every_rule(kind, copy.deepcopy(payload), context)


def test_every_need_names_a_feature() -> None:
    for rule_id, fn in registry().items():
        for need in getattr(fn, "needs", ()):
            assert need and all(FEATURE.match(alt) for alt in need), (rule_id, need)


def test_a_plain_text_request_calls_no_tool_thinking_media_or_caching_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    called: list[str] = []
    for rule_id, fn in list(registry().items()):

        def spy(payload: Any, ctx: Any, _fn: Any = fn, _id: str = rule_id) -> Any:
            called.append(_id)
            return _fn(payload, ctx)

        spy.needs = fn.needs  # type: ignore[attr-defined]
        monkeypatch.setitem(registry(), rule_id, spy)
    engine.forget_rules()
    try:
        assert engine.check_value("request", GOOD_REQUEST) == []
    finally:
        engine.forget_rules()
    skipped = ("tools/", "thinking/", "media/", "caching/")
    assert called and not [r for r in called if r.startswith(skipped)], called


def test_features_see_nested_blocks_roles_and_rare_keys() -> None:
    payload = {
        **GOOD_REQUEST,
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f"}]},
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t",
                        "content": [{"type": "image", "cache_control": {"type": "ephemeral"}}],
                    }
                ],
            },
        ],
    }
    features = PayloadIndex(payload).features
    for name in ("messages", "role:assistant", "block:text", "block:tool_use", "block:image"):
        assert name in features
    assert "key:cache_control" in features and "block:document" not in features
    assert "*" in PayloadIndex(["not", "an", "object"]).features  # every rule runs


@pytest.mark.parametrize(
    ("kind", "payload"),
    [("request", GOOD_REQUEST), ("response", GOOD_RESPONSE), ("stream", GOOD_STREAM)],
)
def test_the_good_payloads_agree(kind: str, payload: Any, every_rule: Any) -> None:
    _same(kind, payload, every_rule)


def test_every_catalogue_example_agrees(every_rule: Any) -> None:
    for entry in catalogue.entries():
        for example in entry.examples:
            context = Context(**example.context) if example.context else None
            for side in ("bad", "good"):
                if getattr(example, f"has_{side}"):
                    _same(example.kind, getattr(example, side), every_rule, context)


def _agrees(kind: str, payload: Any) -> None:
    """The findings with rules selected by needs equal those with every rule called."""
    with pytest.MonkeyPatch.context() as patch:
        original = dispatch.rules_for
        expected = engine.check_value(kind, copy.deepcopy(payload))
        patch.setattr(dispatch, "selected", lambda k, _: tuple(r[:3] for r in original(k)))
        assert engine.check_value(kind, copy.deepcopy(payload)) == expected


@SETTINGS
@given(st.one_of(gen.requests(), gen.mutated_requests().map(lambda m: m[0])))
def test_generated_requests_agree(payload: Any) -> None:
    _agrees("request", payload)


@SETTINGS
@given(st.one_of(gen.responses(), gen.mutated_responses().map(lambda m: m[0])))
def test_generated_responses_agree(payload: Any) -> None:
    _agrees("response", payload)


def test_corpus_exchanges_agree(corpus_records: list[dict[str, Any]], every_rule: Any) -> None:
    from payloads import exchanges

    for _, _, doc in exchanges(corpus_records):
        _same(doc.kind, doc.value, every_rule, doc.context)
