"""Recorded HTTP traffic told by content: VCR cassettes, nock recordings, HTTP exchange files."""

from __future__ import annotations

import re
from collections.abc import Iterator

import orjson

from validator.core.context import Context
from validator.core.findings import Finding
from validator.readers import cassette
from validator.readers.detect import HEAD_TEXT
from validator.readers.document import Document
from validator.readers.exchange_file import exchange_file_documents, is_http_exchange
from validator.readers.locate import JsonText
from validator.readers.nock import is_nock, nock_documents

_JSON_HINT = re.compile(r'"(?:interactions|http_interactions|scope|request)"\s*:')


def json_hint(head: str) -> bool:
    return _JSON_HINT.search(head) is not None


def recording_documents(
    text: str, name: str, fmt: str, kind: str | None, hook: bool, context: Context | None
) -> Iterator[Document | Finding] | None:
    """The documents of recorded HTTP traffic in `text`, by content; None when it is none."""
    if kind is not None and kind != "exchange":
        return None
    if fmt == "yaml" and cassette.looks_like_yaml_cassette(text):
        return cassette.yaml_cassette_documents(text, name, kind, context, hook)
    if fmt == "json" and json_hint(text[:HEAD_TEXT]):
        return json_recording_documents(text, name, kind, context, hook)
    return None


def json_recording_documents(
    text: str, name: str, hint: str | None, context: Context | None, hook: bool
) -> Iterator[Document | Finding] | None:
    """The documents of a JSON cassette, nock recording or HTTP exchange file, else None."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None  # the JSON reader reports it
    source = JsonText(text)

    def position(tokens: list[str]) -> tuple[int, int] | None:
        return source.position(tokens)

    if cassette.is_vcr(value):
        return cassette.vcr_documents(value, name, context, hook, position)
    if is_nock(value):
        return nock_documents(value, name, context, hook, position)
    if is_http_exchange(value):
        return exchange_file_documents(value, name, context, hook, position)
    return None
