"""HAR files: each entry sent to a Messages API endpoint becomes an `exchange` document.

The record is the 1-based entry index. Bodies are JSON (or SSE) held in strings of the HAR
file, so their findings sit at the start of that string (design §4); header findings sit on
the header's value.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

import orjson

from validator.core.context import Context, split_uri
from validator.core.findings import Finding
from validator.readers.detect import is_har
from validator.readers.document import Document
from validator.readers.exchange import read_exchange
from validator.readers.locate import JsonText
from validator.readers.source import INVALID_JSON, parse_json, syntax_finding

_BODY = {
    "request": ["request", "postData", "text"],
    "response": ["response", "content", "text"],
    "response_sse": ["response", "content", "text"],
}


def is_messages_url(url: Any) -> bool:
    """`…/v1/messages`, `…/v1/messages/count_tokens` or `…/v1/messages/batches…`."""
    if not isinstance(url, str):
        return False
    path = split_uri(url).path.rstrip("/")
    return path.endswith(("/v1/messages", "/v1/messages/count_tokens")) or (
        "/v1/messages/batches" in path
    )


def har_documents(
    har: dict[str, Any], text: str, name: str, context: Context | None, hook: bool
) -> Iterator[Document | Finding]:
    """Exchange documents of the Messages API entries of a parsed HAR log."""
    source = JsonText(text)
    entries = har["log"].get("entries")
    found = False
    for index, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
        if not isinstance(entry, dict) or not is_messages_url(_get(entry, "request", "url")):
            continue
        found = True
        yield from _entry(entry, index, source, name, context)
    if not found and not hook:
        yield Document("unknown", har, file=name, context=context or Context(), locate=_top)


def har_file_documents(
    text: str, name: str, hook: bool, context: Context | None
) -> Iterator[Document | Finding]:
    """The documents of a `.har` file; one `unknown` document when it holds no HAR log."""
    value = parse_json(text, name)
    if isinstance(value, Finding):
        yield value
    elif is_har(value):
        yield from har_documents(value, text, name, context, hook)
    elif not hook:
        yield Document("unknown", value, file=name, context=context or Context(), locate=_top)


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _entry(
    entry: dict[str, Any], index: int, source: JsonText, name: str, context: Context | None
) -> Iterator[Document | Finding]:
    request, response = entry.get("request") or {}, entry.get("response") or {}
    headers = _headers(request.get("headers"))
    record: dict[str, Any] = {
        "uri": request.get("url"),
        "request_headers": headers,
        "status": response.get("status") if isinstance(response, dict) else None,
        "recorded_at": entry.get("startedDateTime"),
    }
    base = ["log", "entries", str(index - 1)]

    def position(tokens: list[str]) -> tuple[int, int]:
        return source.position(base + _har_tokens(tokens, request.get("headers")))

    body = _get(request, "postData", "text")
    if isinstance(body, str) and body.strip():
        record["request"] = yield from _json_body(body, name, index, position(["request"]))
    yield from _response(response, record, name, index, position(["response"]))
    yield from read_exchange(record, file=name, number=index, base=context, position=position)


def _response(
    response: Any, record: dict[str, Any], name: str, index: int, where: tuple[int, int]
) -> Iterator[Finding]:
    content = _get(response, "content")
    if not isinstance(content, dict):
        return
    text = _content_text(content)
    if isinstance(text, Undecodable):
        message = f"entry {index}: the response body is not what its encoding says: {text}"
        yield syntax_finding(INVALID_JSON, message, name, *where, record=index, part="response")
        return
    mime = str(content.get("mimeType") or "")
    if text is None or not text.strip():
        return
    if "event-stream" in mime or text.lstrip().startswith(("event:", "data:")):
        record["response_sse"] = text
    elif "json" in mime or text.lstrip().startswith("{"):
        record["response"] = yield from _json_body(text, name, index, where, "response")


class Undecodable(str):
    """Why a `content.text` could not be decoded as its `encoding` says (a finding)."""


def _content_text(content: dict[str, Any]) -> str | Undecodable | None:
    text = content.get("text")
    if not isinstance(text, str):
        return None
    encoding = content.get("encoding")
    if encoding == "base64":
        try:
            data = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):  # ValueError: a non-ASCII character
            return Undecodable("invalid base64")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return Undecodable("the base64 data is not UTF-8 text")
    return text


def _json_body(
    text: str, name: str, index: int, where: tuple[int, int], part: str = "request"
) -> Iterator[Finding]:
    """Parse a body; a finding at the body string's start when it is not JSON."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        message = f"entry {index}: the {part} body is not JSON: {exc.msg}"
        yield syntax_finding(INVALID_JSON, message, name, *where, record=index, part=part)
        return None


def _headers(raw: Any) -> dict[str, str] | None:
    if not isinstance(raw, list):
        return None
    pairs = (h for h in raw if isinstance(h, dict) and "name" in h)
    return {str(h["name"]): str(h.get("value", "")) for h in pairs}


def _har_tokens(tokens: list[str], raw_headers: Any) -> list[str]:
    """Record tokens (`request/...`, `request_headers/NAME`, …) to tokens in the HAR entry."""
    if not tokens:
        return []
    head = tokens[0]
    if head in _BODY:
        return _BODY[head]
    if head == "request_headers":
        wanted = tokens[1].lower() if len(tokens) > 1 else None
        for i, h in enumerate(raw_headers if isinstance(raw_headers, list) else []):
            if isinstance(h, dict) and str(h.get("name", "")).lower() == wanted:
                return ["request", "headers", str(i), "value"]
        return ["request", "headers"]
    return ["request"]


def _top(part: str | None, pointer: str) -> tuple[int, int]:
    """A whole-file finding (not a payload) sits at the top of the file."""
    return 1, 1
