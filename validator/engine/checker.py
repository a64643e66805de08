"""One check of one payload: the schema pass and the rules of its kind, then those of the
payloads nested in it (the parts of an exchange, the params of batch lines, a batch result's
message, the events of a stream), carrying the context and config through the nesting.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from validator.config import Config
from validator.core.context import Context
from validator.core.findings import Finding, Severity
from validator.core.kinds import request_kind, response_kind
from validator.engine.dispatch import run_rules
from validator.rules import RuleContext
from validator.rules.facts import model_table
from validator.rules.index import PayloadIndex

NOT_A_PAYLOAD = "input/not-a-payload"


def _schema(kind: str, value: Any, context: Context) -> list[Finding]:
    from validator.schema.errors import schema_findings

    return schema_findings(kind, value, context)


def _prefixed(findings: Iterable[Finding], prefix: str) -> Iterator[Finding]:
    for f in findings:
        yield replace(f, pointer=prefix + f.pointer)


class Checker:
    """One check of one payload: carries the context and config through the nesting."""

    def __init__(
        self,
        context: Context,
        config: Config,
        meta: Mapping[str, Any],
        texts: Mapping[int, tuple[Any, bytes]] | None = None,
    ) -> None:
        self.context = context
        self.config = config
        self.meta = meta
        self.texts = texts or {}  # JSON of the payloads already serialised (`member_texts`)
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
        rctx = self.rctx(kind, context)
        known = self.texts.get(id(value))
        if known is not None and known[0] is value:  # its JSON is made: the index reuses it
            rctx.first_index = PayloadIndex(value, json=known[1])
        yield from run_rules(kind, value, rctx)
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
