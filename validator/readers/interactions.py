"""Recorded interactions into `exchange` documents, for every recording format.

The Messages interactions become `exchange` documents through the same `read_exchange` the
JSONL and HAR readers use. The record number is the interaction's 1-based position in the
file, other hosts' interactions included, so record N is the Nth interaction a user sees.
Interactions with other hosts or other endpoints draw no finding; Bedrock and Vertex AI
calls are checked as the first-party call they stand for. A Messages interaction whose body
cannot be read is a `syntax/...` finding, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import orjson

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.bodies import body_text, is_sse, json_lines
from validator.readers.document import Document
from validator.readers.exchange import read_exchange
from validator.readers.http_model import Http, Position, lowered
from validator.readers.platforms import first_party, platform_of
from validator.readers.source import INVALID_JSON, syntax_finding


def interactions_documents(
    https: Iterator[Http], name: str, context: Context | None, position: Position
) -> Iterator[Document | Finding]:
    """The exchange documents (and read findings) of the Messages interactions, in order."""
    for number, http in enumerate(https, start=1):
        yield from http_documents(http, number, name, context, position)


def http_documents(
    http: Http, number: int, name: str, context: Context | None, position: Position
) -> Iterator[Document | Finding]:
    platform = platform_of(http.uri)
    if platform is None:
        return  # another host or another endpoint: not a Messages payload
    kind, model = platform

    def where(tokens: list[str]) -> tuple[int, int]:
        return position(tokens) or position(http.tokens) or (1, 1)

    record: dict[str, Any] = {
        "uri": http.uri,
        "request_headers": http.request_headers,
        "status": http.status,
        "recorded_at": http.recorded_at,
    }
    request = yield from _request_body(http, number, name, where)
    if request is _UNREADABLE:
        return
    if kind != "anthropic":
        request, record["request_headers"] = first_party(kind, model, request, http.request_headers)
    record["request"] = request
    yield from _response_body(http, record, number, name, where, kind)

    def locate(tokens: list[str]) -> tuple[int, int]:
        return where(_file_tokens(http, tokens))

    for item in read_exchange(record, file=name, number=number, base=context, position=locate):
        if isinstance(item, Document):
            meta = {**item.meta, "line": where(http.tokens)[0], "platform": kind}
            ctx = item.context
            if kind != "anthropic":
                ctx = replace(ctx, endpoint="messages")
            item = replace(item, context=ctx, meta=meta)
        yield item


_UNREADABLE = object()


def _request_body(
    http: Http, number: int, name: str, where: Callable[[list[str]], tuple[int, int]]
) -> Iterator[Finding]:
    body = http.request
    if body.parsed:
        return body.value
    text = body_text(body.value)
    if text is None or (isinstance(text, str) and not text.strip()):
        if http.method in (None, "POST") and not _is_listing(http.uri):
            message = f"interaction {number}: a Messages call recorded with no request body"
            yield syntax_finding(
                INVALID_JSON, message, name, *where(body.tokens), record=number, part="request"
            )
            return _UNREADABLE
        return None
    if isinstance(text, tuple):
        message = f"interaction {number}: the request body cannot be read: {text[1]}"
        yield syntax_finding(
            INVALID_JSON, message, name, *where(body.tokens), record=number, part="request"
        )
        return _UNREADABLE
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        message = f"interaction {number}: the request body is not JSON: {exc.msg}"
        yield syntax_finding(
            INVALID_JSON, message, name, *where(body.tokens), record=number, part="request"
        )
        return _UNREADABLE


def _is_listing(uri: str | None) -> bool:
    """`GET`-like batch URIs (`/v1/messages/batches/ID/results`) carry no request body."""
    path = urlsplit(uri or "").path.rstrip("/")
    return "/v1/messages/batches/" in path


def _response_body(
    http: Http,
    record: dict[str, Any],
    number: int,
    name: str,
    where: Callable[[list[str]], tuple[int, int]],
    platform: str,
) -> Iterator[Finding]:
    body = http.response
    if body.parsed:
        if isinstance(body.value, str) and is_sse(body.value, http.response_headers):
            record["response_sse"] = body.value
        else:
            record["response"] = body.value
        return
    content_type = lowered(http.response_headers).get("content-type", "")
    if platform == "bedrock" and "amazon.eventstream" in content_type:
        return  # AWS binary event stream framing: the request is still checked
    text = body_text(body.value)
    if text is None or (isinstance(text, str) and not text.strip()):
        return
    if isinstance(text, tuple):
        message = f"interaction {number}: the response body cannot be read: {text[1]}"
        yield syntax_finding(
            INVALID_JSON, message, name, *where(body.tokens), record=number, part="response"
        )
        return
    if is_sse(text, http.response_headers):
        record["response_sse"] = text
        return
    stripped = text.lstrip()
    if "json" in content_type or stripped.startswith("{"):
        try:
            record["response"] = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            if stripped.startswith("{") and not json_lines(text):
                message = f"interaction {number}: the response body is not JSON: {exc.msg}"
                yield syntax_finding(
                    INVALID_JSON, message, name, *where(body.tokens), record=number,
                    part="response",
                )  # fmt: skip
            record["response_text"] = text
    else:
        record["response_text"] = text  # an HTML error page from a proxy: not an API body


def _file_tokens(http: Http, tokens: list[str]) -> list[str]:
    """Exchange-record tokens (`request/...`, `request_headers/NAME`, …) to tokens in the file."""
    if not tokens:
        return http.tokens
    head, rest = tokens[0], tokens[1:]
    if head == "request":
        return http.request.tokens + (rest if http.request.parsed else [])
    if head == "response":
        return http.response.tokens + (rest if http.response.parsed else [])
    if head in ("response_sse", "stream"):
        return http.response.tokens
    if head == "request_headers" and rest:
        return http.header_tokens.get(rest[0].lower(), http.tokens)
    return http.tokens
