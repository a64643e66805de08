"""A request coming in: read (up to `max_body`, else 413), checked with its headers and
URI as context (a live call: `Context.live`), rejected in `reject` mode when it has an
error finding, else forwarded."""

from __future__ import annotations

import time

import httpx2 as httpx
from starlette.requests import Request
from starlette.responses import Response

from validator.core.context import Context, endpoint_of
from validator.core.kinds import request_kind
from validator.proxy.forwarding import forward
from validator.proxy.reporting import check_request, findings_lines
from validator.proxy.settings import Settings, api_error


async def read_body(request: Request, limit: int) -> bytes | None:
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


async def handle(request: Request, settings: Settings, client: httpx.AsyncClient) -> Response:
    started = time.monotonic()
    body = await read_body(request, settings.max_body)
    if body is None:
        message = f"request body is larger than the proxy's limit of {settings.max_body} bytes"
        return api_error(413, "request_too_large", message)
    path = request.url.path
    query = request.url.query
    uri = settings.upstream + path + (f"?{query}" if query else "")
    headers = {k.lower(): v for k, v in request.headers.items()}
    endpoint = endpoint_of(uri)
    # The proxy checks message creation and token counting; batches pass through unchecked.
    checked = endpoint in ("messages", "count_tokens") and request.method == "POST"
    kind = request_kind(Context(endpoint=endpoint)) if checked else None
    if request.method == "POST" and path.rstrip("/").endswith("/messages/batches"):
        kind = "batch-create"
    context = Context(headers=headers, uri=uri, live=True)
    payload, report = (None, None)
    if kind is not None:
        payload, report = check_request(body, kind, context, settings)
        if report is not None and report.findings:
            where = {"method": request.method, "uri": uri, "phase": "request"}
            for line in findings_lines(report, where):
                settings.write(settings.log, line)
        if settings.mode == "reject" and report is not None:
            errors = [f for f in report.findings if f.severity.value == "error"]
            if errors:
                message = "; ".join(f"{f.rule}: {f.message}" for f in errors)
                return api_error(400, "invalid_request_error", message)

    return await forward(
        request,
        body,
        uri,
        client,
        settings,
        headers=headers,
        payload=payload,
        kind=kind,
        started=started,
    )
