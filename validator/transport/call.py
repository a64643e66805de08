"""One Messages API call passing through a transport: its request, then its response body
or stream, checked as they go; what it finds goes to its owner (the `Collector`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

import orjson

from validator.config import Config
from validator.core.context import Context
from validator.core.findings import Finding
from validator.core.kinds import response_kind
from validator.transport.httplib import decoder
from validator.transport.sse import SSEParser


class Owner(Protocol):
    """What a call reports to: the config its checks use and the sink of its findings."""

    config: Config

    def record(self, found: list[Finding], *, final: bool, call: Call) -> None: ...

    def exchange(self, call: Call, response: Any) -> list[Finding]: ...


def _key(f: Finding) -> tuple[Any, ...]:
    return (f.rule, f.part, f.pointer, f.message)


class Call:
    """One Messages API call: its request, then its response body or stream, checked."""

    def __init__(self, owner: Owner, request: Any, context: Context, body: Any) -> None:
        self.owner = owner
        self.context = context
        self.request = body
        self.status: int | None = None
        self.seen: set[tuple[Any, ...]] = set()
        self.reported: list[Finding] = []
        self.events: list[Any] = []
        self.names: list[str | None] = []
        self.done = False

    def report(self, findings: list[Finding], *, final: bool = False) -> None:
        new = [f for f in findings if _key(f) not in self.seen]
        self.seen.update(_key(f) for f in new)
        self.reported += new
        self.owner.record(new, final=final, call=self)

    # -- response ---------------------------------------------------------------------------
    def start_response(self, lib: Any, response: Any) -> Any:
        """A response whose byte stream the SDK reads through us, unchanged."""
        self.status = response.status_code
        content_type = response.headers.get("content-type", "")
        self.sse = "text/event-stream" in content_type
        self.decoder = decoder(lib, response.headers)
        self.parser = SSEParser() if self.sse else None
        self.body = bytearray()
        return response

    def chunk(self, data: bytes) -> None:
        if self.done or self.decoder is None:
            return
        try:
            decoded = self.decoder.decode(data)
        except Exception:  # a body the client cannot decode either: not ours to report
            self.decoder = None
            return
        self.feed(decoded)

    def feed(self, decoded: bytes, final: bool = False) -> None:
        if self.parser is None:
            self.body += decoded
            return
        for name, data in self.parser.feed(decoded, final=final):
            self.event(name, data)

    def event(self, name: str | None, data: str) -> None:
        from validator.engine import check_value

        if data.strip() == "[DONE]":
            return
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            self.report([_finding("syntax/invalid-json", "stream event data is not JSON")])
            return
        i = len(self.events)
        self.events.append(value)
        self.names.append(name)
        found = check_value("stream-event", value, context=self.context, config=self.owner.config)
        self.report([replace(f, pointer=f"/{i}{f.pointer}", part="stream") for f in found])

    def finish(self) -> None:
        """End of the body: check the response (or the whole stream) and the exchange."""
        if self.done:
            return
        self.done = True
        if self.decoder is not None:
            try:
                self.feed(self.decoder.flush(), final=True)
            except Exception:
                self.decoder = None
        if self.decoder is None:
            return
        response = None
        if self.parser is None and self.results_file():
            self.report(self.results_lines(), final=True)
            return
        if self.parser is None:
            try:
                response = orjson.loads(bytes(self.body)) if self.body else None
            except orjson.JSONDecodeError:
                if (self.status or 0) < 400:
                    self.report([_finding("syntax/invalid-json", "response body is not JSON")])
                return
            if response_kind(self.context, response, self.status) is None:
                response = None
        self.report(self.owner.exchange(self, response), final=True)

    def results_file(self) -> bool:
        """A batch's results: a JSONL file, one `batch-result` a line."""
        from urllib.parse import urlsplit

        path = urlsplit(self.context.uri or "").path.rstrip("/")
        return path.endswith("/results") and (self.status or 0) < 400

    def results_lines(self) -> list[Finding]:
        from validator.engine import check_value

        found: list[Finding] = []
        for i, line in enumerate(bytes(self.body).splitlines()):
            if not line.strip():
                continue
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError:
                found.append(_finding("syntax/invalid-json", f"results line {i + 1} is not JSON"))
                continue
            for f in check_value("batch-result", value, config=self.owner.config):
                found.append(replace(f, pointer=f"/{i}{f.pointer}", part="response"))
        return found


def _finding(rule: str, message: str) -> Finding:
    from validator.core.findings import Severity

    return Finding(rule, Severity.ERROR, message, part="response")
