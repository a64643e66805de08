"""Split the recorded corpus into (schema, payload, beta) checks for the spec tests."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

Check = tuple[str, str, Any, bool]  # (where, component name, payload, beta call?)


def is_beta_call(record: dict[str, Any]) -> bool:
    """A `?beta=true` URI or an `anthropic-beta` request header."""
    headers = {str(k).lower() for k in (record.get("request_headers") or {})}
    return "beta=true" in (urlsplit(record["uri"]).query or "") or "anthropic-beta" in headers


def sse_data(body: str) -> Iterator[Any]:
    """The parsed `data:` payload of each event of a text/event-stream body."""
    for chunk in re.split(r"\r?\n\r?\n", body):
        lines = [ln[5:].lstrip() for ln in chunk.splitlines() if ln.startswith("data:")]
        if lines:
            yield json.loads("\n".join(lines))


def _request_schema(record: dict[str, Any]) -> str | None:
    path = urlsplit(record["uri"]).path.rstrip("/")
    if record["method"] != "POST":
        return None
    if path.endswith("/messages/count_tokens"):
        return "CountMessageTokensParams"
    if path.endswith("/messages/batches"):
        return "CreateMessageBatchParams"
    if path.endswith("/messages"):
        return "CreateMessageParams"
    return None


def _response_schema(record: dict[str, Any]) -> str:
    path = urlsplit(record["uri"]).path.rstrip("/")
    if path.endswith("/count_tokens"):
        return "CountMessageTokensResponse"
    if path.endswith("/results"):
        return "MessageBatchIndividualResponse"
    if "/messages/batches" in path:
        return "MessageBatch"
    return "Message"


def checks(record: dict[str, Any]) -> Iterator[Check]:
    """Every schema check one record implies: accepted requests, 2xx bodies, error bodies."""
    beta = is_beta_call(record)
    where = record["source"]
    ok = 200 <= record["status"] < 300
    schema = _request_schema(record)
    if ok and schema and isinstance(record.get("request"), dict):
        yield where + " request", schema, record["request"], beta
    body = record.get("response")
    if body is not None:
        name = _response_schema(record) if ok else "ErrorResponse"
        yield where + " response", name, body, beta
    if record.get("response_sse"):
        for i, event in enumerate(sse_data(record["response_sse"])):
            yield f"{where} event {i}", "MessageStreamEvent", event, beta
    if ok and record.get("response_text") and _response_schema(record).startswith("MessageBatchI"):
        for i, line in enumerate(record["response_text"].splitlines()):
            if line.strip():
                yield f"{where} line {i}", "MessageBatchIndividualResponse", json.loads(line), beta
