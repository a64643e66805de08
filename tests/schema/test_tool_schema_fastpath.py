"""tools/input-schema-invalid decides with jsonschema-rs first; both engines must agree."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

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
