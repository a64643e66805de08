"""Tool input schemas: each `input_schema` a valid JSON Schema of type object, each tool_use
`input` valid against the schema of the tool it names.

jsonschema is imported lazily (cold start matters for pre-commit). A user's schema is data:
whatever it holds (a bad regex, an unresolvable $ref) never crashes the run, and no $ref is
ever fetched over the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.conversation import all_blocks


def tool_list(payload: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, tool) for every tool definition that is an object."""
    tools = payload.get("tools") if isinstance(payload, dict) else None
    if not isinstance(tools, list):
        return []
    return [(i, t) for i, t in enumerate(tools) if isinstance(t, dict)]


def is_custom(tool: dict[str, Any]) -> bool:
    """A user-defined tool: `type` absent, null or `custom`."""
    return tool.get("type") in (None, "custom")


def _pointer(path: Any) -> str:
    from validator.pointer import encode

    return encode(list(path))


def schema_problems(schema: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(pointer suffix, message) for a tool input_schema: type object, valid JSON Schema."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import best_match

    if schema.get("type") != "object":
        yield "/type", f"input_schema.type must be 'object', not {schema.get('type')!r}"
    cls = validators.validator_for(schema, default=Draft202012Validator)
    try:
        error = best_match(cls(cls.META_SCHEMA).iter_errors(schema))
    except Exception:  # never let a user schema crash the run
        return
    if error is not None:
        yield (
            _pointer(error.absolute_path),
            f"input_schema is not a valid JSON Schema: {error.message}",
        )


def _error_pointer(error: Any) -> str:
    """Where an input error is: the extra or missing member itself, when there is one."""
    path = list(error.absolute_path)
    instance, spec = error.instance, error.validator_value
    if error.validator == "required" and isinstance(instance, dict):
        missing = [name for name in spec if name not in instance]
        path += missing[:1]
    elif error.validator == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties") or {}
        extra = [name for name in instance if name not in known]
        path += extra[:1] if len(extra) == 1 else []
    return _pointer(path)


def input_errors(schema: dict[str, Any], value: Any) -> Iterator[tuple[str, str]]:
    """(pointer suffix, message) for each way `value` breaks `schema` (which may itself be bad)."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import SchemaError

    cls = validators.validator_for(schema, default=Draft202012Validator)
    try:
        cls.check_schema(schema)
        errors = sorted(cls(schema).iter_errors(value), key=lambda e: list(e.absolute_path))
        found = [(_error_pointer(e), e.message) for e in errors]
    except SchemaError:
        return  # an unusable schema is tools/input-schema-invalid's finding
    except Exception:  # a user schema may break the engine (bad regex, $ref...)
        return
    for where, message in found:
        yield where, f"tool input does not match input_schema: {message}"


@rule("tools/input-schema-invalid")
def input_schema_invalid(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A custom tool's `input_schema` must be a valid JSON Schema whose `type` is `object`."""
    for i, tool in tool_list(payload):
        schema = tool.get("input_schema")
        if is_custom(tool) and isinstance(schema, dict):
            for where, message in schema_problems(schema):
                yield Hit(f"/tools/{i}/input_schema{where}", message)


@rule("tools/tool-input-invalid")
def tool_input_invalid(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Each tool_use `input` should validate against the input_schema of the tool it names.

    A warning: the API does not re-validate past tool calls, but an input that breaks its
    schema means a hand-made or corrupted history the model will imitate.
    """
    schemas = {
        t["name"]: t["input_schema"]
        for _, t in tool_list(payload)
        if is_custom(t)
        and isinstance(t.get("name"), str)
        and isinstance(t.get("input_schema"), dict)
    }
    for role, block in all_blocks(payload):
        if role != "assistant" or block.type != "tool_use":
            continue
        name = block.value.get("name")
        schema = schemas.get(name) if isinstance(name, str) else None
        if schema is not None and "input" in block.value:
            for where, message in input_errors(schema, block.value["input"]):
                yield Hit(f"{block.at('input')}{where}", message)
