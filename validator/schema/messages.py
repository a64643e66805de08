"""One-line human messages for schema errors, and the keyword -> rule id table.

Messages name the offending member as a dotted path (`messages[0].content[1].text`), say what
it is and what was expected; they never dump the schema nor the whole payload, and values are
shortened so that a long string (or a secret) is never printed whole.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

# The one table: JSON Schema keyword -> rule id (a node's own `x-rule` wins over it).
KEYWORD_RULES = {
    "required": "schema/required",
    "type": "schema/type",
    "enum": "schema/enum",
    "const": "schema/const",
    "minimum": "schema/minimum",
    "exclusiveMinimum": "schema/minimum",
    "maximum": "schema/maximum",
    "exclusiveMaximum": "schema/maximum",
    "minLength": "schema/min-length",
    "maxLength": "schema/max-length",
    "pattern": "schema/pattern",
    "minItems": "schema/min-items",
    "maxItems": "schema/max-items",
    "uniqueItems": "schema/unique-items",
    "additionalProperties": "schema/unknown-field",
    "unevaluatedProperties": "schema/unknown-field",
    "false": "schema/unknown-field",
}
UNKNOWN_TYPE = "schema/unknown-type"
FALLBACK = "schema/invalid"
# What a union's members are called, by the member that holds it (for "unknown ... type").
UNION_LABELS = {
    "content": "content block",
    "content_block": "content block",
    "system": "system block",
    "tools": "tool",
    "source": "source",
    "citations": "citation",
    "delta": "delta",
    "thinking": "thinking config",
    "tool_choice": "tool_choice",
    "error": "error",
    "result": "result",
    "caller": "caller",
    "cache_control": "cache_control",
}
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
_JSON_TYPES |= {tuple: "an array"}


def printable(text: Any, limit: int = 60) -> str:
    """`text` on one line: control and separator characters escaped (a key or a tag holding a
    newline must not break the one-line message), cut to `limit` characters."""
    text = str(text)  # a YAML mapping can have int keys
    if not text.isprintable():
        text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def name_of(path: Sequence[str | int]) -> str:
    """`["messages", 0, "content"]` -> `messages[0].content`; the root is `the payload`."""
    out = ""
    for token in path:
        if isinstance(token, int):
            out += f"[{token}]"
        else:
            out += f".{printable(token)}" if out else printable(token)
    return out or "the payload"


def describe(value: Any) -> str:
    """`a string`, `null`, `1.5`: what a value is, in a few words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"a number ({short(value)})"
    return _JSON_TYPES.get(type(value), f"a {type(value).__name__} (not a JSON value)")


def short(value: Any, limit: int = 40) -> str:
    """A value as JSON-ish text, cut to `limit` characters (never a whole secret)."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit // 2] + "…"
        return '"' + printable(text, limit) + '"'
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, dict | list):
        return describe(value)
    return str(value)


def one_of(values: Sequence[Any]) -> str:
    shown = ", ".join(v if isinstance(v, str) else short(v) for v in values[:24])
    return shown + (", …" if len(values) > 24 else "")


def union_label(path: Sequence[str | int]) -> str:
    """The noun for the union at `path` (the `type` member's parent)."""
    keys = [t for t in path[:-1] if isinstance(t, str)]
    if len(path) <= 1:
        return "event" if path == ["type"] or not path else "object"
    return UNION_LABELS.get(keys[-1], f"`{keys[-1]}`") if keys else "object"


def message(keyword: str, value: Any, instance: Any, path: Sequence[str | int]) -> str:
    """The message of one failed `keyword` (with schema value `value`) at `path`."""
    name = f"`{name_of(path)}`"
    if keyword == "type":
        expected = " or ".join([value] if isinstance(value, str) else value)
        return f"{name} is {describe(instance)}, expected {expected}"
    if keyword == "enum":
        return f"{name} is {short(instance)}, expected one of: {one_of(value)}"
    if keyword == "const":
        return f"{name} is {short(instance)}, must be {short(value)}"
    if keyword in _BOUNDS:
        return f"{name} is {short(instance)}, must be {_BOUNDS[keyword]} {short(value)}"
    if keyword in ("minLength", "maxLength"):
        return _length(name, keyword, value, instance)
    if keyword in ("minItems", "maxItems"):
        bound = "at least" if keyword == "minItems" else "at most"
        n = len(instance)
        return f"{name} has {n} item{'s' * (n != 1)}, must have {bound} {value}"
    if keyword == "pattern":
        return f"{name} ({short(instance)}) does not match the pattern `{value}`"
    if keyword == "uniqueItems":
        return f"{name} has duplicate items"
    if keyword == "not":
        return f"{name} has a value that is not allowed here"
    return f"{name} is not valid ({keyword})"


_BOUNDS = {
    "minimum": "at least",
    "maximum": "at most",
    "exclusiveMinimum": "greater than",
    "exclusiveMaximum": "less than",
}


def _length(name: str, keyword: str, value: int, instance: str) -> str:
    n = len(instance)
    if keyword == "minLength" and n == 0:
        return f"{name} is empty, must be at least {value} character{'s' * (value != 1)}"
    bound = "at least" if keyword == "minLength" else "at most"
    return f"{name} is {n} character{'s' * (n != 1)} long, must be {bound} {value}"


def required(path: Sequence[str | int], member: str) -> str:
    return f"`{name_of([*path, member])}` is required"


def unexpected(path: Sequence[str | int], member: str) -> str:
    where = f" in `{name_of(path)}`" if path else ""
    return f"unexpected field `{printable(member)}`{where}"


def unknown_type(path: Sequence[str | int], tag: Any, allowed: Sequence[Any]) -> str:
    """`allowed` are the GA tags (beta ones are left out: they need a header)."""
    label = union_label(path)
    return f"unknown {label} type {_tag(tag)} (expected one of: {one_of(allowed)})"


def _tag(tag: Any) -> str:
    return f"`{printable(tag)}`" if isinstance(tag, str) and len(tag) <= 60 else short(tag)


def _header(betas: Sequence[str]) -> str:
    named = " or ".join(f"`anthropic-beta: {b}`" for b in betas)
    return f"requires the beta header {named}"


def beta_member(path: Sequence[str | int], betas: Sequence[str] | None) -> str:
    what = f"`{name_of(path)}`"
    if not betas:
        return f"{what} is only accepted with a beta enabled (`anthropic-beta` header)"
    return f"{what} {_header(betas)}"


def beta_type(path: Sequence[str | int], tag: Any, betas: Sequence[str]) -> str:
    return f"{union_label(path)} type {_tag(tag)} {_header(betas)}"
