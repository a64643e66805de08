"""Through `validator.check_request`: each custom tool's input_schema is a
valid JSON Schema of type object, and each tool_use input validates against the schema of the
tool it names, with the finding at the offending input value."""

from __future__ import annotations

from typing import Any

import pytest

from validator import check_request

SCHEMA = {
    "type": "object",
    "properties": {
        "city": {"type": "string"},
        "days": {"type": "integer", "minimum": 1},
        "units": {"type": "object", "properties": {"temp": {"enum": ["C", "F"]}}},
    },
    "required": ["city"],
    "additionalProperties": False,
}


def request(schema: dict[str, Any], tool_input: Any = None) -> dict[str, Any]:
    messages: list[dict[str, Any]] = [{"role": "user", "content": "Weather?"}]
    if tool_input is not None:
        use = {"type": "tool_use", "id": "toolu_01", "name": "forecast", "input": tool_input}
        result = {"type": "tool_result", "tool_use_id": "toolu_01", "content": "Sunny"}
        messages += [{"role": "assistant", "content": [use]}, {"role": "user", "content": [result]}]
    return {
        "model": "claude-haiku-4-5",
        "max_tokens": 1024,
        "tools": [{"name": "forecast", "input_schema": schema}],
        "messages": messages,
    }


def found(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in check_request(payload).findings]


def test_a_valid_schema_and_input_pass() -> None:
    assert found(request(SCHEMA, {"city": "Paris", "days": 2, "units": {"temp": "C"}})) == []


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({**SCHEMA, "type": "array"}, ("schema/const", "/tools/0/input_schema/type")),
        ({"properties": {}}, ("schema/required", "/tools/0/input_schema/type")),
        (
            {**SCHEMA, "properties": {"city": {"type": "town"}}},
            ("tools/input-schema-invalid", "/tools/0/input_schema/properties/city/type"),
        ),
        # a member the spec's InputSchema types is checked once, by the schema pass
        ({**SCHEMA, "required": "city"}, ("schema/type", "/tools/0/input_schema/required")),
        (
            {**SCHEMA, "properties": {"units": {"type": "object", "required": "temp"}}},
            ("tools/input-schema-invalid", "/tools/0/input_schema/properties/units/required"),
        ),
    ],
)
def test_input_schema_must_be_a_valid_object_schema(
    schema: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert found(request(schema)) == [expected]


def test_properties_null_is_accepted_as_the_spec_allows() -> None:
    assert found(request({"type": "object", "properties": None})) == []


@pytest.mark.parametrize(
    ("tool_input", "pointer"),
    [
        ({"city": 7}, "/messages/1/content/0/input/city"),
        ({"city": "Paris", "days": 0}, "/messages/1/content/0/input/days"),
        ({"city": "Paris", "units": {"temp": "K"}}, "/messages/1/content/0/input/units/temp"),
        ({"days": 2}, "/messages/1/content/0/input/city"),  # missing: where it would be
        ({"city": "Paris", "extra": 1}, "/messages/1/content/0/input/extra"),
    ],
)
def test_tool_input_is_checked_at_the_offending_value(tool_input: Any, pointer: str) -> None:
    assert found(request(SCHEMA, tool_input)) == [("tools/tool-input-invalid", pointer)]
