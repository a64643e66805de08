"""VCR cassettes: vcrpy / pytest-recording (`interactions:`) and Ruby VCR (`http_interactions:`).

YAML or JSON; each interaction is normalised to an `Http` and read by
`validator.readers.interactions`. Ruby VCR writes base64 bodies as `!binary`, vcrpy aiohttp
header names as python tags, pytest-recording bodies as YAML (`parsed_body`).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import re
from collections.abc import Iterator
from typing import Any

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers.document import Document
from validator.readers.http_model import Body, Http, Position, headers_of, lowered, status_of
from validator.readers.interactions import interactions_documents
from validator.readers.locate import yaml_position
from validator.readers.yaml_payload import yaml_bomb, yaml_finding, yaml_loader

_YAML_CASSETTE = re.compile(r"^(?:http_)?interactions:", re.M)


def looks_like_yaml_cassette(text: str) -> bool:
    return _YAML_CASSETTE.search(text) is not None


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

    class Loader(yaml_loader()):  # type: ignore[misc]
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

    try:
        if yaml_bomb(text, name) is not None:
            return None  # the payload reader refuses it with its own finding
        loader = cassette_loader()(text)
        try:
            node = loader.get_single_node()
            value = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return iter([yaml_finding(exc, text, name)])
    if not is_vcr(value):
        return None

    def position(tokens: list[str]) -> tuple[int, int] | None:
        return yaml_position(node, tokens)

    return vcr_documents(value, name, context, hook, position)


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
        http.recorded_at = lowered(http.response_headers).get("date")
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
