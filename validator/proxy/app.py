"""The validating reverse proxy as a starlette app: check, forward, stream back, check again.

A request to a Messages endpoint (`/v1/messages`, `count_tokens`, batch creation) is read
(up to `max_body` bytes, else 413), checked with its headers and URI as context, and
forwarded; in `reject` mode a request with an error finding gets the API's own error shape
(400 `invalid_request_error`, `"<rule id>: <message>"`) and never reaches the upstream.
The upstream's answer is streamed to the client chunk by chunk as it arrives (no
buffering); a copy of it (capped) feeds an incremental SSE splitter or a JSON
buffer, and the exchange is checked once the response has been sent (a background task).

Credentials pass through untouched. The checks see the headers as sent, on a live call
(`Context.live`, as the transport's calls): the request's own key is expected there and is
not a finding. The record has every credential header replaced by `REDACTED`.

Modules: `settings` (options, header sets, the error envelope), `handling` (a request
read, checked, rejected), `forwarding` (sent upstream, streamed back), `reporting` (checks
and what is written), `sse` (the splitter of a streamed copy); this one builds the app.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, TextIO

import httpx2 as httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from validator.proxy.handling import handle
from validator.proxy.settings import (
    DEFAULT_UPSTREAM,
    MAX_BODY,
    Settings,
    api_error,
    redacted,
)
from validator.proxy.sse import SSESplitter


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


__all__ = [
    "DEFAULT_UPSTREAM",
    "MAX_BODY",
    "SSESplitter",
    "Settings",
    "api_error",
    "create_app",
    "handle",
    "redacted",
]
