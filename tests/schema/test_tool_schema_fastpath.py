"""Tool schemas are decided by jsonschema-rs first (metaschema and inputs); jsonschema only
explains what fails, and both engines must agree on what is valid."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from validator import check_request
from validator.schema import tools
from validator.schema.tools import detailed_problems, meta_valid

SCHEMAS = [
    {"type": "object"},
    {"type": "object", "properties": {"a": {"type": "integer", "minimum": 0}}},
    {"type": "object", "properties": {"a": {"type": "integer", "minimum": "zero"}}},
    {"type": "object", "properties": {"a": {"enum": "not-a-list"}}},
    {"type": "object", "additionalProperties": {"type": "strin"}},
    {"type": "object", "required": ["a"], "properties": {"a": {"anyOf": [{"type": "string"}]}}},
    {"type": "object", "properties": {"a": {"anyOf": {}}}},
]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_fast_verdict_matches_jsonschema(schema):
    valid = Draft202012Validator(Draft202012Validator.META_SCHEMA).is_valid(schema)
    assert meta_valid(schema) == valid
    if not valid:
        assert detailed_problems(schema)  # the detailed path explains what the fast one saw


# -- tool inputs: jsonschema-rs says "valid", jsonschema explains the rest -------------------
TOOL_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1}},
    "required": ["city"],
    "additionalProperties": False,
}


def request(schema: dict[str, Any], tool_input: Any) -> dict[str, Any]:
    use = {"type": "tool_use", "id": "toolu_01", "name": "forecast", "input": tool_input}
    result = {"type": "tool_result", "tool_use_id": "toolu_01", "content": "Sunny"}
    return {
        "model": "claude-haiku-4-5",
        "max_tokens": 1024,
        "tools": [{"name": "forecast", "input_schema": schema}],
        "messages": [
            {"role": "user", "content": "Weather?"},
            {"role": "assistant", "content": [use]},
            {"role": "user", "content": [result]},
        ],
    }


@pytest.fixture
def python_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts every pure-Python jsonschema compile and metaschema check (cache emptied)."""
    calls: list[str] = []
    tools.clear_cache()
    for name in ("compile_detailed", "detailed_problems"):
        real = getattr(tools, name)

        def counted(schema: Any, _real: Any = real, _name: str = name) -> Any:
            calls.append(_name)
            return _real(schema)

        monkeypatch.setattr(tools, name, counted)
    check = Draft202012Validator.check_schema.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        Draft202012Validator,
        "check_schema",
        classmethod(lambda cls, s, **kw: (calls.append("check_schema"), check(cls, s, **kw))[1]),
    )
    return calls


def rules_found(payload: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (f.rule, f.pointer, f.message)
        for f in check_request(payload).findings
        if f.rule.startswith("tools/")
    ]


def test_a_clean_document_compiles_no_schema_in_python(python_compiles: list[str]) -> None:
    schema = {**TOOL_SCHEMA, "properties": {**TOOL_SCHEMA["properties"], "n": {"minimum": 2}}}
    assert rules_found(request(schema, {"city": "Paris", "days": 2})) == []
    assert python_compiles == []


def test_an_invalid_input_goes_to_the_detailed_path_once_per_schema(
    python_compiles: list[str],
) -> None:
    bad = rules_found(request(TOOL_SCHEMA, {"city": "Paris", "days": 0}))
    assert bad == [
        (
            "tools/tool-input-invalid",
            "/messages/1/content/0/input/days",
            "tool input does not match input_schema: fails minimum: 1",
        )
    ]
    assert python_compiles.count("compile_detailed") == 1
    assert rules_found(request(TOOL_SCHEMA, {"city": "Rome", "days": -1}))[0][1].endswith("/days")
    assert python_compiles.count("compile_detailed") == 1  # the compiled one is cached


def test_an_invalid_schema_keeps_its_jsonschema_message(python_compiles: list[str]) -> None:
    schema = {**TOOL_SCHEMA, "properties": {"city": {"type": "town"}}}
    found = rules_found(request(schema, {"city": "Paris"}))
    assert [(r, p) for r, p, _ in found] == [
        ("tools/input-schema-invalid", "/tools/0/input_schema/properties/city/type")
    ]
    assert found[0][2].startswith("input_schema is not a valid JSON Schema: 'town' is not valid")
    assert "detailed_problems" in python_compiles


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"a": {"type": "string", "pattern": "^x"}}},
        {"type": "object", "properties": {"a": {"multipleOf": 0.01}}},
        {"type": "object", "properties": {"a": {"$ref": "https://example.com/a.json"}}},
        {"$schema": "http://json-schema.org/draft-03/schema#", "type": "object"},
    ],
)
def test_where_the_engines_may_disagree_jsonschema_decides(schema: dict[str, Any]) -> None:
    tools.clear_cache()
    list(tools.input_errors(schema, {"a": "y"}))
    assert tools.compiled_schema(schema).fast is None


def test_jsonschema_and_jsonschema_rs_disagree_on_float_multiple_of() -> None:
    """Why `multipleOf` is left to jsonschema: 0.07 / 0.01 is not an integer in floats."""
    schema = {"type": "object", "properties": {"a": {"multipleOf": 0.01}}}
    assert jsonschema_rs.validator_for(schema).is_valid({"a": 0.07})
    assert list(tools.input_errors(schema, {"a": 0.07})) == list(
        tools.detailed_input_errors(schema, {"a": 0.07})
    )
    assert list(tools.input_errors(schema, {"a": 0.07}))  # jsonschema's verdict kept


def test_the_cache_is_keyed_by_canonical_json_and_bounded() -> None:
    tools.clear_cache()
    a = tools.compiled_schema({"type": "object", "required": ["x"]})
    assert tools.compiled_schema({"required": ["x"], "type": "object"}) is a
    assert tools.schema_key({"a": 1}) != tools.schema_key({"a": 2})
    assert tools.schema_key({1: "not json"}) is None
    for n in range(tools.CACHE_SIZE + 1):
        tools.compiled_schema({"maxLength": n})
    assert tools.compiled_schema({"type": "object", "required": ["x"]}) is not a  # evicted


# -- the property: fast and detailed paths give the same findings -----------------------------
LEAF = st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(["string", "integer", "number", "boolean"])}),
    st.fixed_dictionaries({"minimum": st.integers(-3, 3)}),
    st.fixed_dictionaries({"exclusiveMaximum": st.floats(-3, 3, allow_nan=False)}),
    st.fixed_dictionaries({"maxLength": st.integers(0, 3)}),
    st.fixed_dictionaries({"enum": st.lists(st.one_of(st.integers(-2, 2), st.booleans()))}),
    st.fixed_dictionaries({"const": st.one_of(st.none(), st.integers(0, 2), st.text(max_size=2))}),
    st.fixed_dictionaries({"pattern": st.sampled_from(["^a", "\\d$", "[^\\w]"])}),
    st.fixed_dictionaries({"multipleOf": st.sampled_from([2, 0.5, 0.1])}),
    st.fixed_dictionaries({"format": st.sampled_from(["email", "date"])}),
    st.booleans(),
)
SCHEMAS = st.recursive(
    LEAF,
    lambda inner: st.one_of(
        st.fixed_dictionaries(
            {"properties": st.dictionaries(st.sampled_from("abc"), inner, max_size=3)},
            optional={
                "required": st.lists(st.sampled_from("abc"), max_size=2, unique=True),
                "additionalProperties": inner,
            },
        ),
        st.fixed_dictionaries({"items": inner}, optional={"uniqueItems": st.booleans()}),
        st.fixed_dictionaries({"anyOf": st.lists(inner, min_size=1, max_size=2)}),
        st.fixed_dictionaries({"oneOf": st.lists(inner, min_size=1, max_size=2)}),
        st.fixed_dictionaries({"not": inner}),
    ),
    max_leaves=6,
)
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(-3, 3, allow_nan=False)
    | st.sampled_from([0.07, 2**64, 1.0])
    | st.text(alphabet="a1 é٣\n", max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abcd"), inner),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(schema=SCHEMAS, value=VALUES)
def test_fast_and_detailed_paths_agree(schema: Any, value: Any) -> None:
    schema = schema if isinstance(schema, dict) else {"not": {}} if not schema else {}
    fast = list(tools.input_errors(schema, value))
    assert fast == list(tools.detailed_input_errors(schema, value))
    assert tools.schema_problems(schema) == tools.detailed_problems(tools.canonical(schema))
