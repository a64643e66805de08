"""The `Collector` of findings and the sync and async transports that report to it."""

from __future__ import annotations

import functools
import importlib
import threading
import warnings
from dataclasses import replace
from typing import Any

import orjson

from validator.config import Config
from validator.core.context import Context, endpoint_of
from validator.core.findings import Finding, Report
from validator.core.kinds import request_kind
from validator.reporters.text import as_text
from validator.transport.call import Call
from validator.transport.errors import MessagesValidationWarning, sdk_error
from validator.transport.httplib import default_library, library_of, wrapped_response

MODES = ("raise", "collect", "warn")


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

    def record(self, found: list[Finding], *, final: bool, call: Call) -> None:
        with self._lock:
            self.findings.extend(found)
        if self.mode == "raise":
            report = Report(findings=list(found), documents=1)
            if report.failed(self.config.fail_on):
                call.done = True  # nothing more to check after the call failed
                raise sdk_error()(Report(findings=list(call.reported), documents=1))
        elif self.mode == "warn" and final and call.reported:
            text = as_text(Report(findings=list(call.reported), documents=1))
            warnings.warn(MessagesValidationWarning(text), stacklevel=2)

    def begin(self, request: Any) -> Call | None:
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
        call = Call(self, request, context, body)
        with self._lock:
            self.calls.append(call)
        if kind is not None and body is not None:
            found = check_value(kind, body, context=context, config=self.config)
            call.report([f if f.part else replace(f, part="request") for f in found])
        return call

    def exchange(self, call: Call, response: Any) -> list[Finding]:
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


@functools.cache
def _sync_class(lib_name: str) -> type:
    lib = importlib.import_module(lib_name)
    return type("ValidatingTransport", (ValidatingTransport, lib.BaseTransport), {"_lib": lib})


@functools.cache
def _async_class(lib_name: str) -> type:
    lib = importlib.import_module(lib_name)
    bases = (AsyncValidatingTransport, lib.AsyncBaseTransport)
    return type("AsyncValidatingTransport", bases, {"_lib": lib})


class _BoundTransport(Collector):
    """What the sync and async transports share: the HTTP library (httpx2 or httpx) they are
    bound to, told from `inner` (else the default one), and the inner transport."""

    _lib: Any = None
    _bound: Any = None  # the library -> bound subclass function of the twin
    _default_inner = ""  # the library's transport class `inner=None` means

    def __new__(cls, inner: Any = None, **kwargs: Any) -> Any:
        if cls._lib is not None:
            return object.__new__(cls)
        lib = library_of(inner) if inner is not None else default_library()
        return object.__new__(cls._bound(lib.__name__))

    def __init__(
        self,
        inner: Any = None,
        *,
        mode: str = "raise",
        config: Config | None = None,
        shared: Collector | None = None,
    ) -> None:
        super().__init__(mode, config, shared)
        self.inner = inner if inner is not None else getattr(self._lib, self._default_inner)()


class ValidatingTransport(_BoundTransport):
    """A sync transport (httpx2 or httpx, after `inner`) that checks Messages API traffic.

    `ValidatingTransport(inner=None, *, mode="raise", config=None)`; `inner` defaults to the
    library's `HTTPTransport()`. `wrap(other)` gives a transport that shares this one's
    findings (for a second client, or an async one).
    """

    _bound = staticmethod(_sync_class)
    _default_inner = "HTTPTransport"

    def handle_request(self, request: Any) -> Any:
        call = self.begin(request)
        response = self.inner.handle_request(request)
        if call is None:
            return response
        return wrapped_response(self._lib, response, call, is_async=False)

    def close(self) -> None:
        self.inner.close()


class AsyncValidatingTransport(_BoundTransport):
    """The async twin of `ValidatingTransport`, for `httpx2.AsyncClient` / `httpx.AsyncClient`."""

    _bound = staticmethod(_async_class)
    _default_inner = "AsyncHTTPTransport"

    async def handle_async_request(self, request: Any) -> Any:
        call = self.begin(request)
        response = await self.inner.handle_async_request(request)
        if call is None:
            return response
        return wrapped_response(self._lib, response, call, is_async=True)

    async def aclose(self) -> None:
        await self.inner.aclose()
