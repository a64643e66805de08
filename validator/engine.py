"""The engine: schema pass, then the catalogue's function rules, for one document.

`check_value` works on a bare payload and returns pointer-level findings; `check_document`
adds what a reader knows (file, record, line and column, fingerprint). Severity and
select/ignore come from `validator.config.policy`, the one step every finding passes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from validator import catalogue
from validator.config import Config, policy
from validator.core import pointer as jp
from validator.core.context import Context
from validator.core.findings import Finding, Severity
from validator.core.kinds import request_kind, response_kind
from validator.readers import Document
from validator.rules import Hit, RuleContext, RuleFunction, registry
from validator.rules.facts import model_table
from validator.rules.index import EVERYTHING, exchange_features, index

NOT_A_PAYLOAD = "input/not-a-payload"
DEFAULT_CONFIG = Config()


Needs = tuple[frozenset[str], ...]


@functools.cache
def _rules_for(kind: str) -> tuple[tuple[str, RuleFunction, Severity, Needs], ...]:
    """(id, function, default severity, needs) of the rules that apply to `kind`, in catalogue
    order (so the order of findings never depends on which module was imported first)."""
    functions = registry()
    found = []
    for entry in catalogue.entries():
        kinds = entry.kinds
        if entry.id in functions and (kind in kinds or ("any" in kinds and kind != "exchange")):
            fn = functions[entry.id]
            found.append((entry.id, fn, Severity(entry.severity), getattr(fn, "needs", ())))
    return tuple(found)


def run_rules(kind: str, payload: Any, rctx: RuleContext) -> Iterator[Finding]:
    """Run the function rules of `kind` whose needs `payload` meets; hits become findings."""
    for rule_id, function, default in _selected(kind, _features(kind, payload, rctx)):
        for hit in function(payload, rctx):
            yield _finding(rule_id, hit, default)


_SELECTED: dict[tuple[str, frozenset[str]], tuple[tuple[str, RuleFunction, Severity], ...]] = {}


def _selected(
    kind: str, features: frozenset[str]
) -> tuple[tuple[str, RuleFunction, Severity], ...]:
    """The rules of `kind` whose every need `features` meets; payloads of one shape share it."""
    key = (kind, features)
    found = _SELECTED.get(key)
    if found is None:
        everything = EVERYTHING in features
        found = tuple(
            (rule_id, fn, default)
            for rule_id, fn, default, needs in _rules_for(kind)
            if everything or not any(features.isdisjoint(need) for need in needs)
        )
        if len(_SELECTED) > 4096:  # distinct shapes are few; bound them anyway
            _SELECTED.clear()
        _SELECTED[key] = found
    return found


def forget_rules() -> None:
    """Drop the rule tables built from the registry (for code that changes the registry)."""
    _rules_for.cache_clear()
    _SELECTED.clear()


def _features(kind: str, payload: Any, rctx: RuleContext) -> frozenset[str]:
    if kind == "exchange":
        return exchange_features(payload)
    if kind == "stream":
        return frozenset({EVERYTHING})
    return index(payload, rctx).features


def _finding(rule_id: str, hit: Hit, default: Severity) -> Finding:
    message = hit.message
    if not message.isprintable():  # a payload value quoted in it may hold a newline
        from validator.schema.messages import printable

        message = printable(message, limit=len(message) * 10)
    return Finding(
        rule=rule_id,
        severity=hit.severity or default,
        message=message,
        pointer=hit.pointer,
        part=hit.part,
    )


def _schema(kind: str, value: Any, context: Context) -> list[Finding]:
    from validator.schema.errors import schema_findings

    return schema_findings(kind, value, context)


def _prefixed(findings: Iterable[Finding], prefix: str) -> Iterator[Finding]:
    for f in findings:
        yield replace(f, pointer=prefix + f.pointer)


class _Checker:
    """One check of one payload: carries the context and config through the nesting."""

    def __init__(self, context: Context, config: Config, meta: Mapping[str, Any]) -> None:
        self.context = context
        self.config = config
        self.meta = meta
        self.models = model_table(config.models)

    def rctx(self, kind: str, context: Context | None = None) -> RuleContext:
        return RuleContext(
            kind=kind,
            context=context or self.context,
            strict=self.config.strict,
            models=self.models,
            meta=self.meta,
        )

    def check(self, kind: str, value: Any) -> Iterator[Finding]:
        if kind == "unknown":
            yield Finding(NOT_A_PAYLOAD, Severity.INFO, "not a Messages API payload; skipped")
        elif kind == "exchange":
            yield from self.exchange(value)
        elif kind == "stream":
            yield from self.stream(value)
        else:
            yield from _schema(kind, value, self.context)
            yield from self.rules(kind, value)

    def rules(self, kind: str, value: Any, context: Context | None = None) -> Iterator[Finding]:
        """Function rules of `kind`, then those of the payloads nested inside it."""
        yield from run_rules(kind, value, self.rctx(kind, context))
        if not isinstance(value, dict):
            return
        if kind == "batch-line":
            yield from self.batch_params(value, "")
        elif kind == "batch-create" and isinstance(value.get("requests"), list):
            for i, item in enumerate(value["requests"]):
                if isinstance(item, dict):
                    yield from self.batch_params(item, f"/requests/{i}")
        elif kind == "batch-result":
            yield from self.batch_result(value)

    def batch_params(self, item: dict[str, Any], prefix: str) -> Iterator[Finding]:
        params = item.get("params")
        if isinstance(params, dict):
            ctx = replace(self.context, endpoint="batches")
            found = run_rules("request", params, self.rctx("request", ctx))
            yield from _prefixed(found, prefix + "/params")

    def batch_result(self, value: dict[str, Any]) -> Iterator[Finding]:
        result = value.get("result")
        if not isinstance(result, dict):
            return
        if result.get("type") == "succeeded" and isinstance(result.get("message"), dict):
            found = run_rules("response", result["message"], self.rctx("response"))
            yield from _prefixed(found, "/result/message")

    def stream(self, events: Any) -> Iterator[Finding]:
        if not isinstance(events, list):
            yield Finding("schema/type", Severity.ERROR, "a stream must be a list of events")
            return
        for i, event in enumerate(events):
            yield from _prefixed(_schema("stream-event", event, self.context), f"/{i}")
        yield from run_rules("stream", events, self.rctx("stream"))

    def exchange(self, value: Any) -> Iterator[Finding]:
        if not isinstance(value, dict):
            yield Finding("schema/type", Severity.ERROR, "an exchange must be an object")
            return
        request, response = value.get("request"), value.get("response")
        parts = ("request", "response", "stream", "request_headers")
        if all(value.get(p) is None for p in parts):
            message = "an exchange needs a `request` or a `response` (or a `stream`)"
            yield Finding("schema/required", Severity.ERROR, message, pointer="/request")
            return
        kind = request_kind(self.context)
        if request is not None and kind is not None:
            status, meta = value.get("status"), self.meta
            if isinstance(status, int) and 200 <= status < 300:  # the API answered it (rules)
                self.meta = {**meta, "answered": True}
            try:
                yield from _parted(self.check(kind, request), "request")
            finally:
                self.meta = meta
        kind = response_kind(self.context, response, value.get("status"))
        if response is not None and kind is not None:
            yield from _parted(self.check(kind, response), "response")
        if value.get("stream"):
            yield from _parted(self.stream(value["stream"]), "stream")
        yield from run_rules("exchange", value, self.rctx("exchange"))


def _parted(findings: Iterable[Finding], part: str) -> Iterator[Finding]:
    for f in findings:
        yield f if f.part else replace(f, part=part)


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
    deep = _too_deep(kind, value)
    if deep is not None:  # refused before any walk: rules and schemas recurse over payloads
        return list(policy.apply([deep], config, file))
    checker = _Checker(context, config, meta or {})
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
