"""Recorded HTTP traffic: VCR cassettes (vcrpy / pytest-recording, Ruby VCR) and their kin.

Every recording format here comes down to a list of HTTP interactions. Each interaction is
normalised to an `Http` (method, URI, headers, bodies, status, where each body sits in the
file) and the Messages ones become `exchange` documents through the same `read_exchange` the
JSONL and HAR readers use. The record number is the interaction's 1-based position in the
file, other hosts' interactions included, so record N is the Nth interaction a user sees.

Interactions with other hosts or other endpoints draw no finding. Amazon Bedrock and Google
Vertex AI calls carry Messages bodies: they are checked with their platform's differences
(model in the URL, `anthropic_version` in the body). A Messages interaction whose body cannot
be read is a `syntax/...` finding, never a silent pass.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote, urlsplit

import orjson

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.document import Document
from validator.readers.exchange import read_exchange
from validator.readers.har import is_messages_url
from validator.readers.source import syntax_finding

INVALID_JSON, INVALID_YAML = "syntax/invalid-json", "syntax/invalid-yaml"
Position = Callable[[list[str]], tuple[int, int] | None]

_YAML_CASSETTE = re.compile(r"^(?:http_)?interactions:", re.M)
_JSON_HINT = re.compile(r'"(?:interactions|http_interactions|scope|request)"\s*:')
_BEDROCK = re.compile(r"/model/([^/]+)/(invoke|invoke-with-response-stream|converse)$")
_VERTEX = re.compile(r"/publishers/anthropic/models/([^/:]+):(rawPredict|streamRawPredict)$")
_CHUNK = re.compile(rb"[0-9a-fA-F]{1,8}(?:;[^\r\n]*)?\r?\n")
_PLATFORM_VERSION = "2023-06-01"  # what `bedrock-2023-05-31` / `vertex-2023-10-16` stand for


@dataclass
class Body:
    """A recorded body: its raw value and where it sits in the file."""

    value: Any = None  # str | bytes | an already parsed value (`parsed_body`) | None
    tokens: list[str] = field(default_factory=list)
    parsed: bool = False


@dataclass
class Http:
    """One recorded interaction, whatever the format wrote it as."""

    tokens: list[str]  # where the interaction sits in the file
    method: str | None = None
    uri: str | None = None
    request_headers: dict[str, str] | None = None
    header_tokens: dict[str, list[str]] = field(default_factory=dict)  # lower name -> tokens
    request: Body = field(default_factory=Body)
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response: Body = field(default_factory=Body)
    recorded_at: str | None = None


# --- detection -------------------------------------------------------------------------------


def looks_like_yaml_cassette(text: str) -> bool:
    return _YAML_CASSETTE.search(text) is not None


def json_hint(head: str) -> bool:
    return _JSON_HINT.search(head) is not None


def is_vcr(value: Any) -> bool:
    """A vcrpy (`interactions:`) or Ruby VCR (`http_interactions:`) cassette."""
    if not isinstance(value, dict):
        return False
    items = value.get("interactions", value.get("http_interactions"))
    return isinstance(items, list) and all(isinstance(i, dict) and "request" in i for i in items)


# --- YAML loading ----------------------------------------------------------------------------


@functools.cache
def cassette_loader() -> type:
    """The payload YAML loader, plus the tags cassettes carry.

    Ruby VCR writes base64 bodies as `!binary`; vcrpy writes aiohttp header names as
    `!!python/object/apply:multidict._multidict.istr [Name]`; any other tag is read as the
    plain node under it (never by running code).
    """
    import yaml

    from validator.readers.payload import _loader

    class Loader(_loader()):  # type: ignore[misc]
        pass

    def binary(loader: Any, node: Any) -> bytes:
        text = "".join(str(loader.construct_scalar(node)).split())
        try:
            return base64.b64decode(text)
        except (binascii.Error, ValueError):
            return text.encode("utf-8", "replace")

    def plain(loader: Any, suffix: Any, node: Any = None) -> Any:
        node = suffix if node is None else node
        if isinstance(node, yaml.SequenceNode):
            items = loader.construct_sequence(node, deep=True)
            return items[0] if len(items) == 1 and isinstance(items[0], str) else items
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node, deep=True)
        return loader.construct_scalar(node)

    Loader.add_constructor("!binary", binary)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", plain)
    Loader.add_multi_constructor("!", plain)
    Loader.add_constructor(None, plain)
    return Loader


def yaml_cassette_documents(
    text: str, name: str, hint: str | None, context: Context | None, hook: bool
) -> Iterator[Document | Finding] | None:
    """The documents of a YAML cassette, or None when the YAML is not a cassette."""
    import yaml

    from validator.readers.locate import yaml_position
    from validator.readers.payload import _yaml_bomb, _yaml_finding

    try:
        if _yaml_bomb(text, name) is not None:
            return None  # the payload reader refuses it with its own finding
        loader = cassette_loader()(text)
        try:
            node = loader.get_single_node()
            value = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return iter([_yaml_finding(exc, text, name)])
    if not is_vcr(value):
        return None

    def position(tokens: list[str]) -> tuple[int, int] | None:
        return yaml_position(node, tokens)

    return vcr_documents(value, name, context, hook, position)


def json_recording_documents(
    text: str, name: str, hint: str | None, context: Context | None, hook: bool
) -> Iterator[Document | Finding] | None:
    """The documents of a JSON cassette, nock recording or HTTP exchange file, else None."""
    from validator.readers.locate import JsonText

    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None  # the JSON reader reports it
    source = JsonText(text)

    def position(tokens: list[str]) -> tuple[int, int] | None:
        return source.position(tokens)

    if is_vcr(value):
        return vcr_documents(value, name, context, hook, position)
    from validator.readers.exchange_file import exchange_file_documents, is_http_exchange
    from validator.readers.nock import is_nock, nock_documents

    if is_nock(value):
        return nock_documents(value, name, context, hook, position)
    if is_http_exchange(value):
        return exchange_file_documents(value, name, context, hook, position)
    return None


# --- vcrpy / Ruby VCR ------------------------------------------------------------------------


def vcr_documents(
    cassette: dict[str, Any], name: str, context: Context | None, hook: bool, position: Position
) -> Iterator[Document | Finding]:
    key = "interactions" if "interactions" in cassette else "http_interactions"
    https = (_vcr_http(item, [key, str(i)]) for i, item in enumerate(cassette[key]))
    return interactions_documents(https, name, context, position)


def _vcr_http(item: dict[str, Any], base: list[str]) -> Http:
    request = item.get("request") if isinstance(item.get("request"), dict) else {}
    response = item.get("response") if isinstance(item.get("response"), dict) else {}
    http = Http(tokens=base)
    http.method = str(request.get("method") or "").upper() or None
    uri = request.get("uri", request.get("url"))
    http.uri = uri if isinstance(uri, str) else None
    http.request_headers, http.header_tokens = headers_of(
        request.get("headers"), [*base, "request", "headers"]
    )
    http.request = _vcr_body(request, [*base, "request"])
    status = response.get("status")
    http.status = status_of(status.get("code") if isinstance(status, dict) else status)
    http.response_headers, _ = headers_of(response.get("headers"), [])
    http.response = _vcr_body(response, [*base, "response"])
    recorded = item.get("recorded_at")
    if isinstance(recorded, str):
        http.recorded_at = recorded
    else:
        http.recorded_at = _lower(http.response_headers).get("date")
    return http


def _vcr_body(part: dict[str, Any], base: list[str]) -> Body:
    if "parsed_body" in part:  # pytest-recording / pydantic-ai: the body as YAML
        return Body(part["parsed_body"], [*base, "parsed_body"], parsed=True)
    body = part.get("body")
    if isinstance(body, dict):
        for key in ("string", "base64_string"):
            if key in body:
                value = body[key]
                if key == "base64_string" and isinstance(value, str):
                    with contextlib.suppress(binascii.Error, ValueError):
                        value = base64.b64decode("".join(value.split()))
                return Body(value, [*base, "body", key])
        return Body(None, [*base, "body"])
    return Body(body, [*base, "body"])


# --- shared: headers, status, bodies ---------------------------------------------------------


def headers_of(raw: Any, base: list[str]) -> tuple[dict[str, str] | None, dict[str, list[str]]]:
    """Headers as `{name: value}` (lists joined with `, `) and where each sits."""
    if isinstance(raw, list) and all(isinstance(x, str) for x in raw):  # nock: [k, v, k, v]
        pairs = list(zip(raw[::2], raw[1::2], strict=False))
        headers = {k: v for k, v in pairs}
        return headers, {k.lower(): [*base, str(2 * i + 1)] for i, (k, _) in enumerate(pairs)}
    if not isinstance(raw, Mapping):
        return None, {}
    headers, where = {}, {}
    for key, value in raw.items():
        name = str(key)
        if isinstance(value, list):
            headers[name] = ", ".join(str(v) for v in value)
            where[name.lower()] = [*base, name, "0"] if value else [*base, name]
        else:
            headers[name] = "" if value is None else str(value)
            where[name.lower()] = [*base, name]
    return headers, where


def status_of(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _lower(headers: Mapping[str, str] | None) -> dict[str, str]:
    return {k.lower(): v for k, v in (headers or {}).items()}


def body_text(value: Any) -> str | tuple[None, str] | None:
    """The text of a raw body (gzip inflated, chunked framing removed), or (None, problem)."""
    if value is None:
        return None
    if isinstance(value, str):
        data: bytes | None = None
        text = value
    elif isinstance(value, bytes | bytearray):
        data = bytes(value)
        if data.startswith(b"\x1f\x8b"):
            import gzip
            import zlib

            try:
                data = gzip.decompress(data)
            except (OSError, EOFError, zlib.error) as exc:
                return None, f"a gzip body that does not inflate ({exc})"
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None, "a binary body that is neither gzip nor UTF-8 text"
    else:
        return None, f"a body of type {type(value).__name__}"
    unchunked = _dechunk(text)
    return unchunked if unchunked is not None else text


def _dechunk(text: str) -> str | None:
    """A body still in HTTP/1.1 chunked framing (`1a\\r\\n...\\r\\n0\\r\\n\\r\\n`), unframed."""
    data = text.encode("utf-8")
    if not _CHUNK.match(data) or text.lstrip()[:1] in ("{", "["):
        return None
    out, pos = [], 0
    while True:
        match = _CHUNK.match(data, pos)
        if match is None:
            return None
        size = int(match.group().split(b";")[0].strip(), 16)
        start = match.end()
        if size == 0:
            break
        out.append(data[start : start + size])
        pos = start + size
        if data[pos : pos + 2] == b"\r\n":
            pos += 2
        elif data[pos : pos + 1] == b"\n":
            pos += 1
        else:
            return None
    try:
        return b"".join(out).decode("utf-8")
    except UnicodeDecodeError:
        return None


# --- platforms -------------------------------------------------------------------------------


def platform_of(uri: str | None) -> tuple[str, str | None] | None:
    """`("anthropic", None)`, `("bedrock", model)`, `("vertex", model)` or None (not ours)."""
    if not isinstance(uri, str):
        return None
    if is_messages_url(uri):
        return "anthropic", None
    try:
        path = unquote(urlsplit(uri).path).rstrip("/")
    except ValueError:
        return None
    match = _BEDROCK.search(path)
    if match and match.group(2) != "converse":
        return "bedrock", match.group(1)
    match = _VERTEX.search(path)
    if match:
        return "vertex", match.group(1)
    return None


def platform_model(platform: str, model: str) -> str:
    """The first-party id of a platform model id (`us.anthropic.claude-…-v1:0`, `claude-…@date`)."""
    if platform == "bedrock":
        model = re.sub(r"^(?:[a-z]{2,6}\.)?anthropic\.", "", model)
        return re.sub(r"-v\d+(?::\d+)?$", "", model)
    return model.replace("@", "-")


def _platform_request(platform: str, model: str | None, body: Any) -> tuple[Any, list[str]]:
    """A partner platform's body as the first-party body it stands for, and its betas."""
    if not isinstance(body, dict):
        return body, []
    body = dict(body)
    body.pop("anthropic_version", None)
    betas = body.pop("anthropic_beta", None)
    if "model" not in body and model:
        body["model"] = platform_model(platform, model)
    names = [str(b) for b in betas] if isinstance(betas, list) else []
    return body, names


# --- interactions to documents ---------------------------------------------------------------


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
    headers = http.request_headers
    if kind != "anthropic":
        request, betas = _platform_request(kind, model, request)
        headers = dict(headers or {})
        lower = _lower(headers)
        if "anthropic-version" not in lower:
            headers["anthropic-version"] = _PLATFORM_VERSION
        if betas and "anthropic-beta" not in lower:
            headers["anthropic-beta"] = ",".join(betas)
        record["request_headers"] = headers
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
        if isinstance(body.value, str) and _is_sse(body.value, http.response_headers):
            record["response_sse"] = body.value
        else:
            record["response"] = body.value
        return
    content_type = _lower(http.response_headers).get("content-type", "")
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
    if _is_sse(text, http.response_headers):
        record["response_sse"] = text
        return
    stripped = text.lstrip()
    if "json" in content_type or stripped.startswith("{"):
        try:
            record["response"] = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            if stripped.startswith("{") and not _json_lines(text):
                message = f"interaction {number}: the response body is not JSON: {exc.msg}"
                yield syntax_finding(
                    INVALID_JSON, message, name, *where(body.tokens), record=number,
                    part="response",
                )  # fmt: skip
            record["response_text"] = text
    else:
        record["response_text"] = text  # an HTML error page from a proxy: not an API body


def _json_lines(text: str) -> bool:
    """Batch results (`/v1/messages/batches/ID/results`): one JSON object a line."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        for line in lines:
            orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _is_sse(text: str, headers: Mapping[str, str]) -> bool:
    return "event-stream" in _lower(headers).get("content-type", "") or text.lstrip().startswith(
        ("event:", "data:")
    )


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
