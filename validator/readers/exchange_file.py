"""JSON exchange files: one HTTP exchange a file, as some projects record with their own fixtures.

Shape: `{"request": {method, url, headers, body}, "response": {status, headers, body}}`;
`status` is a number or `{code, message}`, bodies are JSON text or JSON values. The file is one
interaction, record 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.document import Document
from validator.readers.http_model import Body, Http, Position, headers_of, status_of
from validator.readers.interactions import interactions_documents


def is_http_exchange(value: Any) -> bool:
    """`request` is an HTTP envelope (method and URL), not a Messages body."""
    if not isinstance(value, dict):
        return False
    request = value.get("request")
    return (
        isinstance(request, dict)
        and "method" in request
        and ("url" in request or "uri" in request)
        and "messages" not in request
    )


def exchange_file_documents(
    value: dict[str, Any], name: str, context: Context | None, hook: bool, position: Position
) -> Iterator[Document | Finding]:
    return interactions_documents(iter([_http(value)]), name, context, position)


def _http(value: dict[str, Any]) -> Http:
    request = value["request"]
    response = value.get("response") if isinstance(value.get("response"), dict) else {}
    http = Http(tokens=[], method=str(request.get("method") or "").upper() or None)
    uri = request.get("url", request.get("uri"))
    http.uri = uri if isinstance(uri, str) else None
    http.request_headers, http.header_tokens = headers_of(
        request.get("headers"), ["request", "headers"]
    )
    http.request = _body(request.get("body"), ["request", "body"])
    status = response.get("status", response.get("status_code"))
    http.status = status_of(status.get("code") if isinstance(status, dict) else status)
    http.response_headers = headers_of(response.get("headers"), [])[0] or {}
    http.response = _body(response.get("body"), ["response", "body"])
    recorded = value.get("recorded_at")
    lower = {k.lower(): v for k, v in http.response_headers.items()}
    http.recorded_at = recorded if isinstance(recorded, str) else lower.get("date")
    return http


def _body(value: Any, tokens: list[str]) -> Body:
    if isinstance(value, dict) and "string" in value and len(value) <= 2:
        return Body(value["string"], [*tokens, "string"])  # vcrpy's `{string: ...}`
    if value is None or isinstance(value, str):
        return Body(value, tokens)
    return Body(value, tokens, parsed=True)
