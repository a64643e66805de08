"""User-supplied tool `input_schema`s: is each a valid JSON Schema, and does each `input` fit it.

jsonschema-rs decides first: the metaschema check (`jsonschema_rs.meta`) and the compiled
validator of each distinct schema, cached (LRU) under a hash of the schema's canonical JSON.
The fast path only ever says "valid": a schema or an input it rejects, or cannot take, goes to
the detailed path (pure-Python jsonschema), whose errors become the findings' messages, so
the messages are those of jsonschema. A clean document compiles nothing in Python.

Where the two engines could disagree on "valid" the detailed path alone decides: schemas with
`pattern` (Python `re` there, ECMA-262 here), `multipleOf` (float arithmetic differs),
dynamic references, or nesting deeper than `MAX_DEPTH`. A user's schema is data: whatever it
holds (a bad regex, an unresolvable `$ref`) never crashes the run, and no `$ref` is fetched.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from typing import Any

import orjson

from validator.core.pointer import encode

CACHE_SIZE = 1024
MAX_DEPTH = 64
# Keywords on which jsonschema and jsonschema-rs may give different verdicts.
UNSAFE = frozenset({"pattern", "patternProperties", "multipleOf", "$dynamicRef", "$recursiveRef"})
# Members of input_schema that the spec's InputSchema already types (`type` const object,
# `properties` object or null, `required` strings or null): their faults are the schema
# pass's findings, so checked once, there (and `properties: null`, which the API takes,
# is no finding).
SPEC_CHECKED = ("type", "required")
_UNSET: Any = object()


class CompiledSchema:
    """What is known of one distinct schema; each part is computed on first use."""

    __slots__ = ("detailed", "fast", "problems")

    def __init__(self) -> None:
        self.problems: Any = _UNSET  # tuple of (pointer suffix, message)
        self.fast: Any = _UNSET  # jsonschema-rs `is_valid`, or None when it may not decide
        self.detailed: Any = _UNSET  # a jsonschema validator, or None for an unusable schema


def schema_key(schema: Any) -> bytes | None:
    """A hash of `schema`'s canonical JSON (sorted keys, compact); None when not JSON."""
    try:
        text = orjson.dumps(schema, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return hashlib.blake2b(text, digest_size=16).digest()


def canonical(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its keys sorted, as the detailed path reads it (jsonschema's choice
    among equally good errors follows key order; one schema, one message)."""
    try:
        return orjson.loads(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS))
    except (TypeError, orjson.JSONEncodeError):
        return schema


@functools.lru_cache(maxsize=CACHE_SIZE)
def _cached(key: bytes) -> CompiledSchema:
    return CompiledSchema()


def compiled_schema(schema: dict[str, Any]) -> CompiledSchema:
    """The (cached) record of `schema`; a schema that is not JSON gets a fresh one."""
    key = schema_key(schema)
    return _cached(key) if key is not None else CompiledSchema()


def clear_cache() -> None:
    _cached.cache_clear()


# -- input_schema against the metaschema ------------------------------------------------------
def schema_problems(schema: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(pointer suffix, message) when a tool input_schema is not a valid JSON Schema."""
    entry = compiled_schema(schema)
    if entry.problems is _UNSET:
        entry.problems = () if meta_valid(schema) else detailed_problems(canonical(schema))
    return entry.problems


def meta_valid(schema: dict[str, Any]) -> bool:
    """The compiled engine's verdict against the metaschema: 50x faster than jsonschema's,
    and most tool schemas are valid (the detailed path runs only for the rest)."""
    import jsonschema_rs

    try:
        return bool(jsonschema_rs.meta.is_valid(schema))
    except Exception:  # an unknown $schema or a value it cannot take: ask jsonschema
        return False


def _spec_checked(path: list[Any]) -> bool:
    return bool(path) and (path[0] in SPEC_CHECKED or path == ["properties"])


def detailed_problems(schema: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The metaschema problem jsonschema finds first (best match), as a message."""
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
        found.append((encode(list(error.absolute_path)), message))
    return tuple(found)


# -- tool_use input against its input_schema --------------------------------------------------
def input_errors(schema: dict[str, Any], value: Any) -> Iterator[tuple[str, str]]:
    """(pointer suffix, message) for each way `value` breaks `schema` (which may itself be bad)."""
    entry = compiled_schema(schema)
    if entry.fast is _UNSET:
        entry.fast = compile_fast(schema)
    if entry.fast is not None and _fast_valid(entry.fast, value):
        return
    if entry.detailed is _UNSET:
        entry.detailed = compile_detailed(canonical(schema))
    yield from _errors(entry.detailed, value)


def detailed_input_errors(schema: dict[str, Any], value: Any) -> Iterator[tuple[str, str]]:
    """`input_errors` by the detailed path alone (uncached): what the fast path must agree with."""
    yield from _errors(compile_detailed(canonical(schema)), value)


def _errors(validator: Any, value: Any) -> Iterator[tuple[str, str]]:
    if validator is None:
        return
    try:
        errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
        found = [(_error_pointer(e), _describe(e)) for e in errors]
    except Exception:  # a user schema may break the engine at validation time (bad regex...)
        return
    for where, message in found:
        yield where, f"tool input does not match input_schema: {message}"


def _fast_valid(is_valid: Any, value: Any) -> bool:
    try:
        return bool(is_valid(value))
    except Exception:  # a value jsonschema-rs cannot take: the detailed path decides
        return False


def _no_fetch(uri: str) -> Any:
    raise ValueError(f"not fetched: {uri}")


def compile_fast(schema: dict[str, Any]) -> Any:
    """jsonschema-rs `is_valid` of `schema`, or None where it may not decide for jsonschema."""
    if not fast_decides(schema):
        return None
    import jsonschema_rs

    try:
        return jsonschema_rs.validator_for(schema, retriever=_no_fetch).is_valid
    except Exception:  # invalid, unknown draft, remote $ref...: the detailed path decides
        return None


def fast_decides(schema: Any) -> bool:
    """Whether jsonschema-rs's "valid" is jsonschema's too: no keyword of `UNSAFE` anywhere
    (a property of that name counts too: only speed is lost) and nesting within MAX_DEPTH."""
    stack = [(schema, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(node, dict):
            if not UNSAFE.isdisjoint(node):
                return False
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, dict | list))
    return True


def compile_detailed(schema: dict[str, Any]) -> Any:
    """A jsonschema validator for a usable schema; None for one that is invalid (another
    rule's finding)."""
    from jsonschema import Draft202012Validator, validators

    cls = validators.validator_for(_dialect(schema), default=Draft202012Validator)
    try:
        cls.check_schema(schema)
        return cls(schema)
    except Exception:  # SchemaError, or a schema that breaks the engine
        return None


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
    return encode(path)


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


def _dialect(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` for picking its validator class: a non-string `$schema` (the metaschema's
    finding) picks the default instead of crashing jsonschema's lookup."""
    return schema if isinstance(schema.get("$schema", ""), str) else {}
