"""Check what an SDK really sends and receives: an HTTP transport that validates as it passes.

    import anthropic, httpx2
    from validator.transport import ValidatingTransport

    transport = ValidatingTransport(httpx2.HTTPTransport())       # or any inner transport
    client = anthropic.Anthropic(http_client=httpx2.Client(transport=transport))

Every Messages API call (`/v1/messages`, `/v1/messages/count_tokens`, `/v1/messages/batches`)
is checked: the request before it is sent, the response when its body has been read, and a
stream event by event as the SDK reads it (the bytes are passed through untouched, nothing is
held back; at the end of the stream the stream and exchange rules run). The request's headers
and URI are the context; the call is `live`, so its own `x-api-key` / `Authorization` headers
are expected, not reported as a leak.

`anthropic` 2.x talks through `httpx2`, 0.x/1.x through `httpx`: the inner transport decides
which library the transport belongs to (default: an `httpx2.HTTPTransport`, else httpx's).
Neither library is imported before a transport is made.

Modes: `raise` (default) raises `MessagesValidationError` at the first error-level finding
(`fail_on` of the config); with `anthropic` installed the exception is also an
`anthropic.AnthropicError`, which the SDK passes through untouched instead of wrapping it in
`APIConnectionError`. `collect` gathers findings on `transport.findings` / `transport.report`;
`warn` issues a `MessagesValidationWarning` per call with findings.
"""

from __future__ import annotations

import codecs
import functools
import importlib
import threading
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any

import orjson

from validator import PayloadInvalid
from validator.config import Config
from validator.core.context import Context, endpoint_of
from validator.core.findings import Finding, Report
from validator.core.kinds import request_kind, response_kind

MODES = ("raise", "collect", "warn")

__all__ = [
    "AsyncValidatingTransport",
    "Collector",
    "MessagesValidationError",
    "MessagesValidationWarning",
    "ValidatingTransport",
]


class MessagesValidationError(PayloadInvalid):
    """A Messages API call that passed through a transport had findings (`raise` mode).

    `.report` holds the findings; the message is the text report. Raised as an instance of a
    subclass that is also an `anthropic.AnthropicError` when the SDK is installed.
    """


class MessagesValidationWarning(UserWarning):
    """Issued in `warn` mode; the message is the text report of one call."""


@functools.cache
def _sdk_error() -> type[MessagesValidationError]:
    """MessagesValidationError that the SDK re-raises as it is (it wraps other exceptions)."""
    try:
        from anthropic import AnthropicError
    except ImportError:
        return MessagesValidationError
    return type("MessagesValidationError", (MessagesValidationError, AnthropicError), {})


def _library(transport: Any) -> Any:
    """`httpx2` or `httpx`: the module whose classes `transport` is built on."""
    for cls in type(transport).__mro__:
        top = cls.__module__.split(".")[0]
        if top in ("httpx2", "httpx"):
            return importlib.import_module(top)
    raise TypeError(f"{type(transport).__name__} is not an httpx2 or httpx transport")


def _default_library() -> Any:
    try:
        return importlib.import_module("httpx2")
    except ImportError:
        return importlib.import_module("httpx")


def _decoder(lib: Any, headers: Any) -> Any:
    """A content decoder for the response's `content-encoding`, or None when unsupported."""
    codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    supported = getattr(getattr(lib, "_decoders", None), "SUPPORTED_DECODERS", {})
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in supported:
        return supported[codings[0]]()
    return None


class _Identity:
    def decode(self, data: bytes) -> bytes:
        return data

    def flush(self) -> bytes:
        return b""


class _SSE:
    """An incremental SSE parser: feed decoded bytes, get (event name, data text) as they end."""

    def __init__(self) -> None:
        self.text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.pending = ""
        self.name: str | None = None
        self.data: list[str] = []

    def feed(self, chunk: bytes, final: bool = False) -> Iterator[tuple[str | None, str]]:
        self.pending += self.text.decode(chunk, final=final)
        lines = self.pending.splitlines(keepends=True)
        self.pending = ""
        if lines and not final and not lines[-1].endswith(("\n", "\r")):
            self.pending = lines.pop()
        elif lines and not final and lines[-1].endswith("\r"):
            self.pending = lines.pop()  # may be the first half of \r\n
        for raw in lines:
            yield from self._line(raw.rstrip("\r\n"))
        if final and self.data:
            yield self.name, "\n".join(self.data)
            self.name, self.data = None, []

    def _line(self, line: str) -> Iterator[tuple[str | None, str]]:
        if not line:
            if self.data:
                yield self.name, "\n".join(self.data)
            self.name, self.data = None, []
            return
        field_name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field_name == "event":
            self.name = value
        elif field_name == "data":
            self.data.append(value)


def _key(f: Finding) -> tuple[Any, ...]:
    return (f.rule, f.part, f.pointer, f.message)


class _Call:
    """One Messages API call: its request, then its response body or stream, checked."""

    def __init__(self, owner: Collector, request: Any, context: Context, body: Any) -> None:
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
        self.decoder = _decoder(lib, response.headers)
        self.parser = _SSE() if self.sse else None
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


class Collector:
    """What the sync and async transports share: the config, the mode and the findings.

    `Collector(mode, config)` alone makes no calls; `wrap(inner)` gives transports that
    report to it (the pytest plugin's `validate_anthropic` wraps every SDK client so).
    """

    def __init__(
        self, mode: str = "collect", config: Config | None = None, shared: Collector | None = None
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.config = config or (shared.config if shared else Config())
        self.findings: list[Finding] = shared.findings if shared else []
        self.calls: list[Any] = shared.calls if shared else []
        self._lock = shared._lock if shared else threading.Lock()

    @property
    def report(self) -> Report:
        """Every finding gathered so far (all modes), as a `Report`."""
        with self._lock:
            return Report(findings=list(self.findings), documents=len(self.calls))

    def wrap(self, inner: Any, *, is_async: bool | None = None) -> Any:
        """A transport around `inner` sharing this one's config and findings.

        Sync or async after `inner` (an inner transport that is both, such as MockTransport,
        makes a sync one unless `is_async=True`).
        """
        if is_async is None:
            is_async = not hasattr(inner, "handle_request")
        cls = AsyncValidatingTransport if is_async else ValidatingTransport
        return cls(inner, mode=self.mode, config=self.config, shared=self)

    def clear(self) -> None:
        with self._lock:
            self.findings.clear()
            self.calls.clear()

    def record(self, found: list[Finding], *, final: bool, call: _Call) -> None:
        with self._lock:
            self.findings.extend(found)
        if self.mode == "raise":
            report = Report(findings=list(found), documents=1)
            if report.failed(self.config.fail_on):
                call.done = True  # nothing more to check after the call failed
                raise _sdk_error()(Report(findings=list(call.reported), documents=1))
        elif self.mode == "warn" and final and call.reported:
            text = Report(findings=list(call.reported), documents=1).text()
            warnings.warn(MessagesValidationWarning(text), stacklevel=2)

    def begin(self, request: Any) -> _Call | None:
        """Check a request about to be sent; None when it is not a Messages API call."""
        from validator.engine import check_value

        uri = str(request.url)
        method = request.method.upper()
        if method not in ("POST", "GET") or (method == "GET" and "/messages/batches" not in uri):
            return None
        if endpoint_of(uri) is None:
            return None
        context = Context(headers=dict(request.headers), uri=uri, live=True)
        body: Any = None
        kind = request_kind(context)
        if request.method.upper() == "POST":
            try:
                content = request.read()
                body = orjson.loads(content) if content else None
            except Exception:
                body = None
                kind = None
        call = _Call(self, request, context, body)
        with self._lock:
            self.calls.append(call)
        if kind is not None and body is not None:
            found = check_value(kind, body, context=context, config=self.config)
            call.report([f if f.part else replace(f, part="request") for f in found])
        return call

    def exchange(self, call: _Call, response: Any) -> list[Finding]:
        from validator.engine import check_value

        value = {
            "request": call.request,
            "response": response,
            "stream": call.events or None,
            "request_headers": dict(call.context.headers or {}),
            "status": call.status,
        }
        meta = {"events": call.names} if call.events else None
        return check_value("exchange", value, context=call.context, config=self.config, meta=meta)


def _sync_stream_class(lib: Any) -> type:
    class CheckedStream(lib.SyncByteStream):
        """The inner byte stream, each chunk fed to the checks and passed on unchanged."""

        def __init__(self, inner: Any, call: _Call) -> None:
            self.inner, self.call = inner, call

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self.inner:
                self.call.chunk(chunk)
                yield chunk
            self.call.finish()

        def close(self) -> None:  # a body closed before its end is not checked (incomplete)
            self.inner.close()

    return CheckedStream


def _async_stream_class(lib: Any) -> type:
    class CheckedAsyncStream(lib.AsyncByteStream):
        """The inner async byte stream, each chunk fed to the checks and passed on unchanged."""

        def __init__(self, inner: Any, call: _Call) -> None:
            self.inner, self.call = inner, call

        async def __aiter__(self) -> AsyncIterator[bytes]:
            async for chunk in self.inner:
                self.call.chunk(chunk)
                yield chunk
            self.call.finish()

        async def aclose(self) -> None:
            await self.inner.aclose()

    return CheckedAsyncStream


_STREAMS: dict[tuple[str, bool], type] = {}


def _wrapped(lib: Any, response: Any, call: _Call, *, is_async: bool) -> Any:
    """A new response of the same status, headers and extensions, read through our stream."""
    key = (lib.__name__, is_async)
    if key not in _STREAMS:
        _STREAMS[key] = (_async_stream_class if is_async else _sync_stream_class)(lib)
    call.start_response(lib, response)
    return lib.Response(
        status_code=response.status_code,
        headers=response.headers,
        stream=_STREAMS[key](response.stream, call),
        extensions=response.extensions,
        request=_request_of(response),
    )


def _request_of(response: Any) -> Any:
    try:
        return response.request
    except RuntimeError:  # a response made by hand has none
        return None


@functools.cache
def _sync_class(lib_name: str) -> type:
    lib = importlib.import_module(lib_name)
    return type("ValidatingTransport", (ValidatingTransport, lib.BaseTransport), {"_lib": lib})


@functools.cache
def _async_class(lib_name: str) -> type:
    lib = importlib.import_module(lib_name)
    bases = (AsyncValidatingTransport, lib.AsyncBaseTransport)
    return type("AsyncValidatingTransport", bases, {"_lib": lib})


class ValidatingTransport(Collector):
    """A sync transport (httpx2 or httpx, after `inner`) that checks Messages API traffic.

    `ValidatingTransport(inner=None, *, mode="raise", config=None)`; `inner` defaults to the
    library's `HTTPTransport()`. `wrap(other)` gives a transport that shares this one's
    findings (for a second client, or an async one).
    """

    _lib: Any = None

    def __new__(cls, inner: Any = None, **kwargs: Any) -> Any:
        if cls._lib is not None:
            return object.__new__(cls)
        lib = _library(inner) if inner is not None else _default_library()
        return object.__new__(_sync_class(lib.__name__))

    def __init__(
        self,
        inner: Any = None,
        *,
        mode: str = "raise",
        config: Config | None = None,
        shared: Collector | None = None,
    ) -> None:
        super().__init__(mode, config, shared)
        self.inner = inner if inner is not None else self._lib.HTTPTransport()

    def handle_request(self, request: Any) -> Any:
        call = self.begin(request)
        response = self.inner.handle_request(request)
        if call is None:
            return response
        return _wrapped(self._lib, response, call, is_async=False)

    def close(self) -> None:
        self.inner.close()


class AsyncValidatingTransport(Collector):
    """The async twin of `ValidatingTransport`, for `httpx2.AsyncClient` / `httpx.AsyncClient`."""

    _lib: Any = None

    def __new__(cls, inner: Any = None, **kwargs: Any) -> Any:
        if cls._lib is not None:
            return object.__new__(cls)
        lib = _library(inner) if inner is not None else _default_library()
        return object.__new__(_async_class(lib.__name__))

    def __init__(
        self,
        inner: Any = None,
        *,
        mode: str = "raise",
        config: Config | None = None,
        shared: Collector | None = None,
    ) -> None:
        super().__init__(mode, config, shared)
        self.inner = inner if inner is not None else self._lib.AsyncHTTPTransport()

    async def handle_async_request(self, request: Any) -> Any:
        call = self.begin(request)
        response = await self.inner.handle_async_request(request)
        if call is None:
            return response
        return _wrapped(self._lib, response, call, is_async=True)

    async def aclose(self) -> None:
        await self.inner.aclose()
