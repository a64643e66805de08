"""nock recording JSON (`nock.recorder` output, `nockFixtures/*.json`): a list of interactions.

Each item is `{scope, method, path, body, status, response, rawHeaders, reqheaders?}`; the URI
is `scope + path`. `body`/`response` are JSON values already, or strings (SSE text, JSON
text, a list of chunks, or hex when `responseIsBinary`). Record N is the Nth item.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.document import Document
from validator.readers.http_model import Body, Http, Position, headers_of, status_of
from validator.readers.interactions import interactions_documents


def is_nock(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(i, dict) and "scope" in i and "method" in i for i in value)
    )


def nock_documents(
    items: list[dict[str, Any]], name: str, context: Context | None, hook: bool, position: Position
) -> Iterator[Document | Finding]:
    return interactions_documents(
        (_http(i, item) for i, item in enumerate(items)), name, context, position
    )


def _http(index: int, item: dict[str, Any]) -> Http:
    base = [str(index)]
    scope, path = item.get("scope"), item.get("path")
    http = Http(tokens=base, method=str(item.get("method") or "").upper() or None)
    if isinstance(scope, str) and isinstance(path, str):
        http.uri = scope.rstrip("/") + path
    http.request_headers, http.header_tokens = headers_of(
        item.get("reqheaders"), [*base, "reqheaders"]
    )
    http.request = _body(item.get("body"), [*base, "body"], False)
    http.status = status_of(item.get("status"))
    http.response_headers = headers_of(item.get("rawHeaders"), [])[0] or {}
    http.response = _body(
        item.get("response"), [*base, "response"], bool(item.get("responseIsBinary"))
    )
    date = {k.lower(): v for k, v in http.response_headers.items()}.get("date")
    http.recorded_at = date
    return http


def _body(value: Any, tokens: list[str], binary: bool) -> Body:
    if isinstance(value, str):
        if binary:
            try:
                return Body(bytes.fromhex(value), tokens)
            except ValueError:
                return Body(value, tokens)
        return Body(value, tokens)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        joined = "".join(value)  # a streamed body recorded chunk by chunk
        if binary:
            try:
                return Body(bytes.fromhex(joined), tokens)
            except ValueError:
                pass
        return Body(joined, tokens)
    if value is None or value == "":
        return Body(None, tokens)
    return Body(value, tokens, parsed=True)
