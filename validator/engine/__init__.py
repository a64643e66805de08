"""The engine: schema pass, then the catalogue's function rules, for one document.

`validator.engine.checker` runs one check through the nesting of kinds and
`validator.engine.dispatch` selects and runs the rules; this module is the entry point.

`check_value` works on a bare payload and returns pointer-level findings; `check_document`
adds what a reader knows (file, record, line and column, fingerprint). Severity and
select/ignore come from `validator.config.policy`, the one step every finding passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from validator.config import Config, policy
from validator.core import pointer as jp
from validator.core.context import Context
from validator.core.findings import Finding, Severity
from validator.engine.checker import Checker
from validator.engine.dispatch import forget_rules
from validator.readers import Document

__all__ = [
    "DEFAULT_CONFIG",
    "TOO_DEEP",
    "check_document",
    "check_value",
    "forget_rules",
    "warm",
]

DEFAULT_CONFIG = Config()


def check_value(
    kind: str,
    value: Any,
    *,
    context: Context | None = None,
    config: Config | None = None,
    meta: Mapping[str, Any] | None = None,
    file: str | None = None,
    redacted: bool = True,
) -> list[Finding]:
    """Check one payload of `kind`; findings carry pointers but no file positions.

    Every string of a finding is redacted (validator/redact.py): no credential leaves.
    `redacted=False` is for `check_document`, which places findings on raw pointers first.
    """
    found = _findings(kind, value, context, config or DEFAULT_CONFIG, meta, file)
    if not redacted:
        return found
    from validator.core.redact import redact_finding

    return [redact_finding(f) for f in found]


def _findings(
    kind: str,
    value: Any,
    context: Context | None,
    config: Config,
    meta: Mapping[str, Any] | None,
    file: str | None,
) -> list[Finding]:
    if context is None:
        context = Context(api_version_default=config.api_version)
    elif config.api_version and context.api_version_default is None:
        context = replace(context, api_version_default=config.api_version)
    texts = jp.member_texts(value) if kind == "exchange" and isinstance(value, dict) else None
    deep = _too_deep(kind, value) if texts is None else None
    if deep is not None:  # refused before any walk: rules and schemas recurse over payloads
        return list(policy.apply([deep], config, file))
    checker = Checker(context, config, meta or {}, texts or {})
    return list(policy.apply(checker.check(kind, value), config, file))


TOO_DEEP = "input/too-deep"
_PARTS = frozenset({"request", "response", "stream"})


def _too_deep(kind: str, value: Any) -> Finding | None:
    """One `input/too-deep` finding when `value` nests past `pointer.MAX_DEPTH`, else None."""
    path = jp.too_deep(value)
    if path is None:
        return None
    part = None
    if kind == "exchange" and path and path[0] in _PARTS:
        part, path = path[0], path[1:]
    message = f"nested more than {jp.MAX_DEPTH} levels deep: not checked"
    return Finding(TOO_DEEP, Severity.ERROR, message, pointer=jp.encode(path), part=part)


def check_document(doc: Document, config: Config | None = None) -> list[Finding]:
    """Check a document read from a file: findings with file, record, line, column, fingerprint."""
    from validator.core.redact import redact_finding

    findings = check_value(
        doc.kind,
        doc.value,
        context=doc.context,
        config=config,
        meta=doc.meta,
        file=doc.file,
        redacted=False,
    )
    return [redact_finding(_place(f, doc)) for f in findings]  # placed first: raw pointers


def _place(f: Finding, doc: Document) -> Finding:
    from validator.core.fingerprint import fingerprint

    record, pointer = doc.place(f.part, f.pointer)  # the reader knows its file's layout
    line = column = None
    if doc.locate is not None:
        where = doc.locate(f.part, f.pointer)
        if where is not None:
            line, column = where
    value = _offending(doc, f)
    placed = replace(f, pointer=pointer)
    return replace(
        placed,
        file=doc.file,
        record=record,
        line=line,
        column=column,
        fingerprint=fingerprint(f.rule, doc.file, record, _full_pointer(placed), value),
    )


def _full_pointer(f: Finding) -> str:
    return f"{f.part}:{f.pointer}" if f.part else f.pointer


def _offending(doc: Document, f: Finding) -> Any:
    return doc.value_at(f.part, f.pointer)


def warm(kinds: tuple[str, ...] = ("request", "response")) -> None:
    """Load what checks need before any is made: the rules, the spec, the compiled schemas of
    `kinds` and their rule tables. Worker processes forked afterwards inherit all of it, so
    each starts checking at once instead of paying this (~0.1 s) on its first record."""
    from validator.engine.dispatch import rules_for
    from validator.schema import spec

    for kind in (*kinds, "exchange"):
        rules_for(kind)
    for kind in kinds:
        spec.fast_validator(kind)
