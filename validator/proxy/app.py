"""The validating reverse proxy as a starlette app: check, forward, stream back, check again.

A request to a Messages endpoint (`/v1/messages`, `count_tokens`, batch creation) is read
(up to `max_body` bytes, else 413), checked with its headers and URI as context, and
forwarded; in `reject` mode a request with an error finding gets the API's own error shape
(400 `invalid_request_error`, `"<rule id>: <message>"`) and never reaches the upstream.
The upstream's answer is streamed to the client chunk by chunk as it arrives (no
buffering); a copy of it (capped) feeds an incremental SSE splitter or a JSON
buffer, and the exchange is checked once the response has been sent (a background task).

Credentials pass through untouched. Every header value the checks, the log and the record
see has its credential headers replaced by `REDACTED`: the request's own key is expected on
a live call and is not a finding, and it never reaches a log line.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, TextIO

import httpx2 as httpx
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from validator.core.context import Context, endpoint_of

DEFAULT_UPSTREAM = "https://api.anthropic.com"
MAX_BODY = 32 * 1024 * 1024  # request bodies above this get 413; response copies stop here
CREDENTIAL_HEADERS = frozenset({"x-api-key", "authorization", "proxy-authorization", "cookie"})
# Hop-by-hop headers (RFC 9110 §7.6.1) and those the proxy sets itself.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding"}
    | {"upgrade", "host", "content-length", "accept-encoding"}
)
RESPONSE_DROP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding"}
    | {"upgrade"}
)
KIND_OF_ENDPOINT = {"messages": "request", "count_tokens": "count-tokens"}


def api_error(status: int, error_type: str, message: str) -> JSONResponse:
    """The API's error envelope."""
    body = {"type": "error", "error": {"type": error_type, "message": message}}
    return JSONResponse(body, status_code=status)


def redacted(headers: Any) -> dict[str, str]:
    """Headers (lower-cased names) with every credential value replaced by `REDACTED`."""
    return {
        k.lower(): ("REDACTED" if k.lower() in CREDENTIAL_HEADERS else v)
        for k, v in headers.items()
    }


@dataclass
class Settings:
    upstream: str = DEFAULT_UPSTREAM
    mode: str = "log"  # "log" | "reject"
    log: TextIO | None = None  # findings as JSON lines; None: stderr
    record: TextIO | None = None  # exchanges as JSONL, the format `check` reads
    max_body: int = MAX_BODY
    connect_timeout: float = 10.0
    read_timeout: float = 600.0
    config: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def write(self, stream: TextIO | None, line: dict[str, Any]) -> None:
        out = stream if stream is not None else sys.stderr
        text = json.dumps(line, ensure_ascii=False)
        with self._lock:
            out.write(text + "\n")
            out.flush()


class SSESplitter:
    """Incremental `text/event-stream` splitter: feed bytes, collect each event's JSON data."""

    def __init__(self) -> None:
        self._buffer = b""
        self._data: list[str] = []
        self.events: list[Any] = []
        self.problems: list[str] = []

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk
        while True:
            cut = self._buffer.find(b"\n")
            if cut < 0:
                return
            line, self._buffer = self._buffer[:cut], self._buffer[cut + 1 :]
            self._line(line.rstrip(b"\r").decode("utf-8", "replace"))

    def close(self) -> None:
        if self._buffer:
            self._line(self._buffer.decode("utf-8", "replace"))
            self._buffer = b""
        self._line("")

    def _line(self, line: str) -> None:
        if not line:
            if self._data:
                data, self._data = "\n".join(self._data), []
                if data.strip() == "[DONE]":
                    return
                try:
                    self.events.append(json.loads(data))
                except ValueError as exc:
                    self.problems.append(f"an event's data is not JSON: {exc}")
            return
        name, _, value = line.partition(":")
        if name == "data":
            self._data.append(value[1:] if value.startswith(" ") else value)


def _findings_lines(report: Any, where: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**where, **finding.to_dict()} for finding in report.findings]


def create_app(
    upstream: str = DEFAULT_UPSTREAM,
    mode: str = "log",
    *,
    log: TextIO | None = None,
    record: TextIO | None = None,
    max_body: int = MAX_BODY,
    connect_timeout: float = 10.0,
    read_timeout: float = 600.0,
    config: Any = None,
    transport: Any = None,
) -> Starlette:
    """The proxy app. `log`/`record` are open text files (None: findings to stderr, no record)."""
    if mode not in ("log", "reject"):
        raise ValueError(f"mode must be 'log' or 'reject', not {mode!r}")
    settings = Settings(
        upstream=upstream.rstrip("/"),
        mode=mode,
        log=log,
        record=record,
        max_body=max_body,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        config=config,
    )
    state: dict[str, httpx.AsyncClient] = {}

    def client() -> httpx.AsyncClient:
        if "client" not in state:
            timeout = httpx.Timeout(
                connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
            )
            limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
            state["client"] = httpx.AsyncClient(
                timeout=timeout, limits=limits, transport=transport, follow_redirects=False
            )
        return state["client"]

    async def proxy(request: Request) -> Response:
        return await handle(request, settings, client())

    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if "client" in state:
            await state.pop("client").aclose()

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    routes = [Route("/{path:path}", proxy, methods=methods)]
    from contextlib import asynccontextmanager

    return Starlette(routes=routes, lifespan=asynccontextmanager(lifespan))


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than `limit` (read stops there)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _check_request(body: bytes, kind: str, context: Context, settings: Settings) -> tuple[Any, Any]:
    """(parsed request or None, report or None) of a request body."""
    from validator import check

    try:
        payload = json.loads(body) if body else None
    except ValueError:
        return None, None  # not JSON: the API answers that itself
    return payload, check(payload, kind, context=context, config=settings.config)


async def handle(request: Request, settings: Settings, client: httpx.AsyncClient) -> Response:
    started = time.monotonic()
    body = await _read_body(request, settings.max_body)
    if body is None:
        message = f"request body is larger than the proxy's limit of {settings.max_body} bytes"
        return api_error(413, "request_too_large", message)
    path = request.url.path
    query = request.url.query
    uri = settings.upstream + path + (f"?{query}" if query else "")
    safe_headers = redacted(request.headers)
    endpoint = endpoint_of(uri)
    kind = KIND_OF_ENDPOINT.get(endpoint or "") if request.method == "POST" else None
    if request.method == "POST" and path.rstrip("/").endswith("/messages/batches"):
        kind = "batch-create"
    context = Context(headers=safe_headers, uri=uri)
    payload, report = (None, None)
    if kind is not None:
        payload, report = _check_request(body, kind, context, settings)
        if report is not None and report.findings:
            where = {"method": request.method, "uri": uri, "phase": "request"}
            for line in _findings_lines(report, where):
                settings.write(settings.log, line)
        if settings.mode == "reject" and report is not None:
            errors = [f for f in report.findings if f.severity.value == "error"]
            if errors:
                message = "; ".join(f"{f.rule}: {f.message}" for f in errors)
                return api_error(400, "invalid_request_error", message)

    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP] + [
        ("accept-encoding", "identity")
    ]
    upstream_request = client.build_request(request.method, uri, headers=headers, content=body)
    try:
        upstream = await client.send(upstream_request, stream=True)
    except httpx.TimeoutException:
        return api_error(529, "overloaded_error", "the upstream did not answer in time")
    except httpx.HTTPError as exc:
        return api_error(502, "api_error", f"the upstream is unreachable ({type(exc).__name__})")

    content_type = upstream.headers.get("content-type", "")
    is_sse = content_type.startswith("text/event-stream")
    splitter = SSESplitter() if is_sse else None
    copy: list[bytes] = []
    kept = [0]

    async def relay() -> AsyncIterator[bytes]:
        try:
            async for chunk in upstream.aiter_raw():
                if kept[0] <= settings.max_body:
                    kept[0] += len(chunk)
                    copy.append(chunk)
                    if splitter is not None:
                        splitter.feed(chunk)
                yield chunk
        except httpx.HTTPError:
            if is_sse:  # the status line is sent: tell the client the way the API does
                error = {
                    "type": "error",
                    "error": {
                        "type": "overloaded_error",
                        "message": "the upstream stopped answering",
                    },
                }
                yield b"event: error\ndata: " + json.dumps(error).encode() + b"\n\n"
        finally:
            await upstream.aclose()

    def after() -> None:
        _after_response(
            settings,
            method=request.method,
            uri=uri,
            status=upstream.status_code,
            headers=safe_headers,
            payload=payload,
            kind=kind,
            splitter=splitter,
            copy=copy,
            complete=kept[0] <= settings.max_body,
            started=started,
        )

    response_headers = [
        (k, v) for k, v in upstream.headers.multi_items() if k.lower() not in RESPONSE_DROP
    ]
    response = StreamingResponse(
        relay(), status_code=upstream.status_code, background=BackgroundTask(after)
    )
    response.raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response_headers]
    return response


def _after_response(
    settings: Settings,
    *,
    method: str,
    uri: str,
    status: int,
    headers: dict[str, str],
    payload: Any,
    kind: str | None,
    splitter: SSESplitter | None,
    copy: list[bytes],
    complete: bool,
    started: float,
) -> None:
    """Check the exchange (its response or stream) and write the findings and the record."""
    response: Any = None
    text: str | None = None
    sse: str | None = None
    events: list[Any] | None = None
    raw = b"".join(copy)
    if splitter is not None:
        splitter.close()
        events = splitter.events
        sse = raw.decode("utf-8", "replace")
    else:
        try:
            response = json.loads(raw) if raw else None
        except ValueError:
            text = raw.decode("utf-8", "replace")
    where = {"method": method, "uri": uri, "phase": "response", "status": status}
    if kind == "request" and complete:
        from validator import check

        value = {
            "request": payload,
            "response": response,
            "stream": events or None,
            "request_headers": headers,
            "status": status,
        }
        report = check(
            value, "exchange", context=Context(headers=headers, uri=uri), config=settings.config
        )
        for line in _findings_lines(report, where):
            if line.get("part") != "request":  # logged when the request came in
                settings.write(settings.log, line)
    if settings.record is not None:
        entry = {
            "method": method,
            "uri": uri,
            "status": status,
            "request": payload,
            "request_headers": headers,
            "response": response,
            "response_sse": sse,
            "response_text": text,
            "recorded_at": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()),
            "duration_ms": round((time.monotonic() - started) * 1000, 3),
        }
        settings.write(settings.record, entry)


__all__ = ["DEFAULT_UPSTREAM", "MAX_BODY", "SSESplitter", "api_error", "create_app", "redacted"]
