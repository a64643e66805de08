"""The schema pass: schema violations of one payload as precise, human `Finding`s.

Fast path first: the GA schema compiled by jsonschema-rs decides validity, and a valid payload
costs one `is_valid` call. Only a payload that fails runs the detailed path (jsonschema
`iter_errors` over the beta-inclusive schema for real errors, and over the GA schema for beta
usages), whose errors are mapped through one keyword -> rule id table (or the node's `x-rule`).
Unions are compiled to `if`/`then` on `type` (validator.schema.compile), so a bad content
block gives one error on that block, chosen through its discriminator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from validator.core import pointer as jp
from validator.core.context import Context
from validator.core.findings import Finding, Severity
from validator.core.kinds import REQUEST_KINDS
from validator.schema import messages as msg
from validator.schema import spec
from validator.schema.patterns import search

if TYPE_CHECKING:  # jsonschema is imported only when a payload fails (cold start)
    from jsonschema.exceptions import ValidationError

BETA_RULE = "beta/requires-beta-header"
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


_FAST: dict[str, Any] = {}  # kind -> bound `is_valid` of the GA validator (the hot path)


def clear_caches() -> None:
    """Forget the compiled validators (after the spec changed, e.g. in tests)."""
    _FAST.clear()
    for cache in (spec.validation_schema, spec.fast_validator, spec.detailed_validator):
        cache.cache_clear()


@dataclass(frozen=True, slots=True)
class Issue:
    """One schema problem before severity policy: rule, path of the offending value, text."""

    rule: str
    path: tuple[str | int, ...]
    message: str
    beta: tuple[str, ...] | None = None  # for beta usages: betas any one of which admits it
    is_beta: bool = False


def schema_findings(kind: str, value: Any, context: Context | None = None) -> list[Finding]:
    """Schema findings of a payload of `kind` (pointer-level; `file` etc. left None)."""
    fast = _FAST.get(kind) or _FAST.setdefault(kind, spec.fast_validator(kind).is_valid)
    if _valid(fast, value):
        return []
    context = context or Context()
    beta_fast = spec.fast_validator(kind, beta=True).is_valid
    real = [] if _valid(beta_fast, value) else issues(kind, value)
    usages = beta_usages(kind, value, {i.path for i in real})
    findings = (_finding(kind, i, context) for i in [*real, *usages])
    return _unique(f for f in findings if f is not None)


def _valid(is_valid: Any, value: Any) -> bool:
    """The fast verdict; a value jsonschema-rs cannot take (a YAML date, bytes, an int key)
    is left to the detailed path, which reports it as a wrong type."""
    try:
        return bool(is_valid(value))
    except (ValueError, TypeError, OverflowError, RecursionError):
        return False


def issues(kind: str, value: Any, *, beta: bool = True) -> list[Issue]:
    """Every schema issue of `value` under the `kind` schema (beta-inclusive by default)."""
    validator = spec.detailed_validator(kind, beta=beta)
    return [i for e in validator.iter_errors(value) for i in _issues(e)]


def beta_usages(kind: str, value: Any, real_paths: set[tuple[str | int, ...]]) -> list[Issue]:
    """Where the GA schema fails but the beta-inclusive one does not: uses of a beta."""
    out = []
    for issue in issues(kind, value, beta=False):
        if issue.is_beta:
            out.append(issue)
        elif issue.path not in real_paths and not _under_any(issue.path, real_paths):
            text = msg.beta_member(issue.path, issue.beta)
            out.append(Issue(BETA_RULE, issue.path, text, issue.beta, True))
    return out


def _under_any(path: tuple[str | int, ...], paths: set[tuple[str | int, ...]]) -> bool:
    return any(path[: len(p)] == p for p in paths)


def _finding(kind: str, issue: Issue, context: Context) -> Finding | None:
    severity = Severity.ERROR
    if issue.is_beta:
        # Requests: the sender must name the beta. Responses and events: the API only sends
        # beta nodes when the beta was on, so say something only when headers show it off.
        state = beta_state(context, issue.beta)
        request = kind in REQUEST_KINDS
        if state is True or (state is None and not request):
            return None
        severity = Severity.ERROR if state is False and request else Severity.WARNING
    elif issue.rule == msg.UNKNOWN_TYPE and kind not in REQUEST_KINDS:
        if kind == "stream-event" and len(issue.path) == 1:
            return None  # unknown events are tolerated by the API's versioning policy
        severity = Severity.WARNING
    return Finding(issue.rule, severity, issue.message, jp.encode(issue.path))


def beta_state(context: Context, betas: Sequence[str] | None) -> bool | None:
    """On if any admitting beta is on, off if all are known off, else unknown."""
    if not betas:
        return context.beta_state(None)
    states = [context.beta_state(b) for b in betas]
    if True in states:
        return True
    return False if all(s is False for s in states) else None


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        if (f.rule, f.pointer) not in seen:
            seen.add((f.rule, f.pointer))
            out.append(f)
    return out


# -- one jsonschema error -> issues ----------------------------------------------------------
def _issues(error: ValidationError) -> Iterator[Issue]:
    keyword = str(error.validator) if error.validator is not None else "false"
    path = tuple(error.absolute_path)
    if keyword in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        yield from _issues(best_match(error.context))
        return
    rule, hint = _annotations(error)
    if keyword == "type":
        rule = None  # a wrong JSON type is always schema/type, whatever rule the node carries
    if keyword == "required":
        yield from _required(error, path, rule)
    elif keyword in ("additionalProperties", "unevaluatedProperties"):
        yield from _unexpected(error, path, rule)
    elif keyword in ("enum", "not") and "x-discriminator" in (error.schema or {}):
        yield _unknown_type(error, path)
    elif keyword == "false":
        yield Issue(rule or "schema/unknown-field", path, msg.unexpected(path[:-1], str(path[-1])))
    else:
        text = msg.message(keyword, error.validator_value, error.instance, path)
        if keyword == "oneOf":
            text = f"`{msg.name_of(path)}` matches more than one of the allowed shapes"
        yield Issue(rule or msg.KEYWORD_RULES.get(keyword, msg.FALLBACK), path, text, hint)


def _required(
    error: ValidationError, path: tuple[str | int, ...], rule: str | None
) -> Iterator[Issue]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    for name in error.validator_value:
        if name not in instance:
            yield Issue(rule or "schema/required", (*path, name), msg.required(path, name))


def _unexpected(
    error: ValidationError, path: tuple[str | int, ...], rule: str | None
) -> Iterator[Issue]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance if isinstance(error.instance, dict) else {}
    beta_fields = schema.get("x-beta-fields") or {}
    for name in _extras(error, schema, instance):
        where = (*path, name)
        if name in beta_fields:
            beta = tuple(beta_fields[name])
            yield Issue(BETA_RULE, where, msg.beta_member(where, beta), beta, True)
        else:
            yield Issue(rule or "schema/unknown-field", where, msg.unexpected(path, name))


def _extras(error: ValidationError, schema: dict[str, Any], instance: dict[str, Any]) -> list[str]:
    if error.validator == "additionalProperties":
        known = schema.get("properties") or {}
        patterns = list((schema.get("patternProperties") or {}).keys())
        return [k for k in instance if k not in known and not any(search(p, k) for p in patterns)]
    named = set(_QUOTED.findall(error.message))
    return [k for k in instance if k in named] or [
        k for k in instance if k not in (schema.get("properties") or {})
    ]


def _unknown_type(error: ValidationError, path: tuple[str | int, ...]) -> Issue:
    beta = (error.schema.get("x-discriminator") or {}).get("beta") or {}
    tag = error.instance
    if isinstance(tag, str) and tag in beta:
        names = tuple(beta[tag])
        return Issue(BETA_RULE, path, msg.beta_type(path, tag, names), names, True)
    allowed = error.validator_value if error.validator == "enum" else []
    allowed = [t for t in allowed if t not in beta]
    text = msg.unknown_type(path, tag, allowed)
    return Issue(msg.UNKNOWN_TYPE, path, text)


Hint = tuple[str, ...] | None


def _annotations(error: ValidationError) -> tuple[str | None, Hint]:
    """The `x-rule` of the node that failed (compile copies a rule down to every node that
    checks the same instance), and a beta hint (`x-beta-members`)."""
    node = error.schema if isinstance(error.schema, dict) else {}
    hint = tuple(node["x-beta-members"]) if node.get("x-beta-members") else None
    return node.get("x-rule"), hint
