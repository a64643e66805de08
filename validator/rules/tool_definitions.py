"""Tool definitions: unique names, web domain lists, deferred loading, allowed callers; each
`input_schema` a valid JSON Schema of type object, each tool_use `input` valid against it.

jsonschema is imported lazily (cold start matters for pre-commit). A user's schema is data:
whatever it holds (a bad regex, an unresolvable $ref) never crashes the run, and no $ref is
ever fetched over the network.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.payload import all_blocks


def tool_list(payload: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, tool) for every tool definition that is an object."""
    tools = payload.get("tools") if isinstance(payload, dict) else None
    if not isinstance(tools, list):
        return []
    return [(i, t) for i, t in enumerate(tools) if isinstance(t, dict)]


def is_custom(tool: dict[str, Any]) -> bool:
    """A user-defined tool: `type` absent, null or `custom`."""
    return tool.get("type") in (None, "custom")


@rule("tools/tool-name-duplicate")
def tool_name_duplicate(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Tool names must be unique across `tools` (server tools included)."""
    seen: set[str] = set()
    for i, tool in tool_list(payload):
        name = tool.get("name")
        if isinstance(name, str) and name in seen:
            yield Hit(f"/tools/{i}/name", f"tools: Tool names must be unique ({name!r} repeats)")
        if isinstance(name, str):
            seen.add(name)


@rule("tools/web-domains-both-set")
def web_domains_both_set(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """web_search / web_fetch take `allowed_domains` or `blocked_domains`, not both."""
    for i, tool in tool_list(payload):
        if tool.get("allowed_domains") is not None and tool.get("blocked_domains") is not None:
            yield Hit(
                f"/tools/{i}/blocked_domains",
                "allowed_domains and blocked_domains cannot both be set; use one",
            )


@rule("tools/no-undeferred-tool")
def no_undeferred_tool(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """At least one tool must be loaded up front (`defer_loading` not true on every tool)."""
    tools = tool_list(payload)
    if tools and all(t.get("defer_loading") is True for _, t in tools):
        yield Hit("/tools", "every tool has defer_loading: true; at least one must not be deferred")


@rule("tools/tool-search-tool-deferred")
def tool_search_tool_deferred(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The tool-search tool itself must not be deferred (nothing could surface it)."""
    for i, tool in tool_list(payload):
        kind = tool.get("type")
        searching = isinstance(kind, str) and kind.startswith("tool_search_tool_")
        if searching and tool.get("defer_loading") is True:
            yield Hit(f"/tools/{i}/defer_loading", "the tool search tool cannot be deferred")


@rule("tools/allowed-callers-without-code-execution")
def allowed_callers_without_code_execution(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `code_execution_*` caller in `allowed_callers` names no code execution tool in `tools`.

    Information only: the API accepts this and runs code execution for the call (recorded
    traffic), so the request is not wrong; naming the tool pins its version.
    """
    tools = tool_list(payload)
    kinds = {t.get("type") for _, t in tools if isinstance(t.get("type"), str)}
    for i, tool in tools:
        callers = tool.get("allowed_callers")
        for k, caller in enumerate(callers if isinstance(callers, list) else []):
            if (
                isinstance(caller, str)
                and caller.startswith("code_execution")
                and caller not in kinds
            ):
                yield Hit(
                    f"/tools/{i}/allowed_callers/{k}",
                    f"allowed_callers names {caller} and tools has no {caller} tool; the API "
                    "provides it, add the tool to pin its version",
                )


def _pointer(path: Any) -> str:
    from validator.core.pointer import encode

    return encode(list(path))


def _key(schema: dict[str, Any]) -> str | None:
    """A cache key for a schema (tools repeat verbatim across a log); None when unhashable."""
    import orjson

    try:
        return orjson.dumps(schema, option=orjson.OPT_SORT_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return None


def schema_problems(schema: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(pointer suffix, message) when a tool input_schema is not a valid JSON Schema."""
    key = _key(schema)
    return _cached_problems(key) if key is not None else _problems(schema)


@functools.lru_cache(maxsize=1024)
def _cached_problems(key: str) -> tuple[tuple[str, str], ...]:
    import orjson

    return _problems(orjson.loads(key))


# Members of input_schema that the spec's InputSchema already types (`type` const object,
# `properties` object or null, `required` strings or null): their faults are the schema
# pass's findings, so checked once, there (and `properties: null`, which the API takes,
# is no finding).
SPEC_CHECKED = ("type", "required")


def _spec_checked(path: list[Any]) -> bool:
    return bool(path) and (path[0] in SPEC_CHECKED or path == ["properties"])


def _problems(schema: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    if _meta_valid(schema):
        return ()
    return _detailed_problems(schema)


def _meta_valid(schema: dict[str, Any]) -> bool:
    """The compiled engine's verdict against the metaschema: 50x faster than jsonschema's,
    and most tool schemas are valid (the detailed path runs only for the rest)."""
    import jsonschema_rs

    try:
        return bool(jsonschema_rs.meta.is_valid(schema))
    except Exception:  # an unknown $schema or a value it cannot take: ask jsonschema
        return False


def _detailed_problems(schema: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import best_match

    found = []
    cls = validators.validator_for(_dialect(schema), default=Draft202012Validator)
    try:
        errors = cls(cls.META_SCHEMA).iter_errors(schema)
        error = best_match(e for e in errors if not _spec_checked(list(e.absolute_path)))
    except Exception:  # never let a user schema crash the run
        error = None
    if error is not None:
        detail = error.message if len(error.message) <= 160 else error.message[:157] + "..."
        message = f"input_schema is not a valid JSON Schema: {detail}"
        found.append((_pointer(error.absolute_path), message))
    return tuple(found)


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


def _describe(error: Any) -> str:
    """What the input breaks, without quoting the input value (it may be long or secret)."""
    rule, expected = error.validator, error.validator_value
    if rule == "required" and isinstance(error.instance, dict):
        missing = [name for name in expected if name not in error.instance]
        return f"{missing[0]!r} is required" if missing else "a required member is missing"
    if rule == "additionalProperties":
        return "has a member the schema does not allow (additionalProperties is false)"
    if rule == "type":
        return f"must be of type {expected!r}"
    text = repr(expected)
    return f"fails {rule}: {text if len(text) <= 80 else text[:77] + '...'}"


def _compile(schema: dict[str, Any]) -> Any:
    """A validator for a usable schema; None for one that is invalid (another rule's finding)."""
    from jsonschema import Draft202012Validator, validators

    cls = validators.validator_for(_dialect(schema), default=Draft202012Validator)
    try:
        cls.check_schema(schema)
        return cls(schema)
    except Exception:  # SchemaError, or a schema that breaks the engine
        return None


@functools.lru_cache(maxsize=1024)
def _cached_validator(key: str) -> Any:
    import orjson

    return _compile(orjson.loads(key))


def input_errors(schema: dict[str, Any], value: Any) -> Iterator[tuple[str, str]]:
    """(pointer suffix, message) for each way `value` breaks `schema` (which may itself be bad)."""
    key = _key(schema)
    validator = _cached_validator(key) if key is not None else _compile(schema)
    if validator is None:
        return
    try:
        errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
        found = [(_error_pointer(e), _describe(e)) for e in errors]
    except Exception:  # a user schema may break the engine at validation time (bad regex...)
        return
    for where, message in found:
        yield where, f"tool input does not match input_schema: {message}"


@rule("tools/input-schema-invalid")
def input_schema_invalid(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A custom tool's `input_schema` must be a valid JSON Schema (its `type: object` is the
    spec schema's check, so it is not repeated here)."""
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


def _dialect(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` for picking its validator class: a non-string `$schema` (the metaschema's
    finding) picks the default instead of crashing jsonschema's lookup."""
    return schema if isinstance(schema.get("$schema", ""), str) else {}
