"""A checked request forwarded upstream; the answer streamed back chunk by chunk as it
arrives (no buffering) while a capped copy feeds the SSE splitter or a JSON buffer, and the
exchange checked once the response has been sent (a background task)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx2 as httpx
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from validator.proxy.reporting import after_response
from validator.proxy.settings import HOP_BY_HOP, RESPONSE_DROP, Settings, api_error
from validator.proxy.sse import SSESplitter


async def forward(
    request: Request,
    body: bytes,
    uri: str,
    client: httpx.AsyncClient,
    settings: Settings,
    *,
    headers: dict[str, str],  # as received, lower-cased names: for the checks
    payload: Any,
    kind: str | None,
    started: float,
) -> Response:
    """Send the request upstream and stream its answer back; check the exchange after."""
    sent = [(k, v) for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP] + [
        ("accept-encoding", "identity")
    ]
    upstream_request = client.build_request(request.method, uri, headers=sent, content=body)
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
        after_response(
            settings,
            method=request.method,
            uri=uri,
            status=upstream.status_code,
            headers=headers,
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
