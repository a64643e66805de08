"""Properties of the schema engine over generated payloads (validator.strategies, mutated by
tests/strategies.py).

- a valid request or response gives no schema finding;
- one mutation gives a finding at exactly the mutated pointer, with the expected rule, and
  no finding elsewhere;
- the fast path (jsonschema-rs) and the detailed path (jsonschema with ECMA patterns) agree
  on validity, for valid and mutated payloads and for strings with trailing newlines.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import strategies as gen
from validator.core.context import Context
from validator.engine import check_value
from validator.schema import spec
from validator.schema.errors import schema_findings
from validator.schema.patterns import EcmaValidator

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def budget_rule() -> str:
    """The rule the spec gives a too-small thinking budget (its x-rule, else the keyword's)."""
    node = spec.load_spec()["components"]["schemas"]["ThinkingConfigEnabled"]
    return node["properties"]["budget_tokens"].get("x-rule", "schema/minimum")


def agree(kind: str, value: Any) -> None:
    for beta in (False, True):
        fast = spec.fast_validator(kind, beta=beta).is_valid(value)
        detailed = next(spec.detailed_validator(kind, beta=beta).iter_errors(value), None) is None
        assert fast == detailed, (kind, beta)


@SETTINGS
@given(gen.requests())
def test_valid_requests_have_no_schema_finding(payload: dict[str, Any]) -> None:
    assert schema_findings("request", payload) == []
    agree("request", payload)


@SETTINGS
@given(gen.responses())
def test_valid_responses_have_no_schema_finding(payload: dict[str, Any]) -> None:
    assert schema_findings("response", payload) == []
    agree("response", payload)


@SETTINGS
@given(st.data())
def test_one_request_mutation_one_place(data: st.DataObject) -> None:
    payload, pointer, rule = data.draw(gen.mutated_requests(budget_rule()))
    found = schema_findings("request", payload)
    assert (rule, pointer) in [(f.rule, f.pointer) for f in found]
    assert {f.pointer for f in found} == {pointer}
    assert all("valid under" not in f.message for f in found)
    agree("request", payload)


@SETTINGS
@given(gen.mutated_responses())
def test_one_response_mutation_one_place(mutation: gen.Mutation) -> None:
    payload, pointer, rule = mutation
    found = schema_findings("response", payload)
    assert (rule, pointer) in [(f.rule, f.pointer) for f in found]
    assert {f.pointer for f in found} == {pointer}
    agree("response", payload)


def patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from patterns(value)


SPEC_PATTERNS = sorted(
    {
        p
        for kind in ("request", "response")
        for p in patterns(spec.validation_schema(kind, beta=True))
    }
)


@pytest.mark.parametrize("pattern", SPEC_PATTERNS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_spec_pattern_means_the_same_on_both_paths(pattern: str, data: st.DataObject) -> None:
    base = data.draw(st.from_regex(pattern) | st.text(max_size=12), label="base")
    value = base + data.draw(st.sampled_from(["", "\n", "\r\n", "x", "\n\n"]), label="suffix")
    schema = {"type": "string", "pattern": pattern}
    fast = jsonschema_rs.validator_for(schema).is_valid(value)
    assert fast == EcmaValidator(schema).is_valid(value), repr(value)


def test_spec_has_patterns_to_check() -> None:
    assert any("$" in p for p in SPEC_PATTERNS)


# -- through the whole engine (schema pass + every function rule) -----------------------------
KNOWN_HEADERS = Context(headers={"anthropic-version": "2023-06-01"})


@SETTINGS
@given(gen.requests())
def test_valid_requests_pass_the_whole_engine(payload: dict[str, Any]) -> None:
    found = check_value("request", payload, context=KNOWN_HEADERS)
    assert [(f.rule, f.pointer, f.message) for f in found] == []


@SETTINGS
@given(gen.responses())
def test_valid_responses_pass_the_whole_engine(payload: dict[str, Any]) -> None:
    found = check_value("response", payload)
    assert [(f.rule, f.pointer, f.message) for f in found] == []
