"""The kinds of payload: their names, what each holds, their aliases, and which kind a recorded
request or response body is, from where it was sent and its shape.

This module owns the kind vocabulary; telling a kind from a payload's content is the
readers' job (`validator.readers.detect`).
"""

from __future__ import annotations

from typing import Any

from validator.core.context import Context, split_uri

KINDS = (
    "request",
    "count-tokens",
    "response",
    "error",
    "stream",
    "stream-event",
    "exchange",
    "batch-create",
    "batch-line",
    "batch-result",
    "batch",
    "count-tokens-response",
    "unknown",
)

PAYLOAD_KINDS = tuple(k for k in KINDS if k != "unknown")  # what `--kind` and strategies take
# The kinds with a schema of their own; a stream and an exchange are checked part by part.
SCHEMA_KINDS = tuple(k for k in PAYLOAD_KINDS if k not in ("stream", "exchange"))
REQUEST_KINDS = frozenset({"request", "count-tokens", "batch-create", "batch-line"})  # sent

# What each `--kind` holds, as `--help` lists it. `batch` is a MessageBatch *object* (what
# the batches endpoint answers), which is easily taken for a batch *file*: the clearer names
# below are accepted, and every older name keeps working.
KIND_HELP = {
    "request": "a POST /v1/messages body",
    "count-tokens": "a POST /v1/messages/count_tokens body",
    "response": "a Message response body",
    "error": "an error response body ({type: error, error: {...}})",
    "stream": "an SSE stream, or a JSON list of its events",
    "stream-event": "one stream event's data",
    "exchange": "a recorded request/response pair",
    "batch-create": "a POST /v1/messages/batches body ({requests: [...]})",
    "batch-line": "one line of a batch input JSONL file ({custom_id, params})",
    "batch-result": "one line of a batch results JSONL file ({custom_id, result})",
    "batch": "a MessageBatch object (the batches endpoint's answer), not a batch file",
    "count-tokens-response": "a count_tokens response body ({input_tokens})",
}
KIND_ALIASES = {
    "batch-object": "batch",
    "batch-request-line": "batch-line",
    "batch-input-line": "batch-line",
    "batch-result-line": "batch-result",
    "batch-create-body": "batch-create",
}


def canonical_kind(kind: str | None) -> str | None:
    """The kind a `--kind` name or alias stands for (None and `auto` stay None)."""
    if kind in (None, "auto"):
        return None
    return KIND_ALIASES.get(kind, kind)


def _batch_item(context: Context) -> str | None:
    """For `/v1/messages/batches/<id>[/cancel|/results]`, what follows `batches/`."""
    path = split_uri(context.uri or "").path.rstrip("/")
    _, sep, rest = path.partition("/messages/batches/")
    return rest if sep and rest else None


def request_kind(context: Context) -> str | None:
    """The kind of a recorded request body, from the endpoint it was sent to.

    None where the call has no Messages body to check: cancel, retrieve and results of a
    batch (a cancel sends `{}`).
    """
    if context.endpoint == "batches" and _batch_item(context):
        return None
    return {"count_tokens": "count-tokens", "batches": "batch-create"}.get(
        context.endpoint or "", "request"
    )


def response_kind(context: Context, response: Any, status: Any = None) -> str | None:
    """The kind of a recorded response body, from its endpoint, status and shape.

    None for a page of the batch list (`{"data": [...]}`), which has no schema of its own here.
    """
    if isinstance(response, dict) and response.get("type") == "error":
        return "error"
    if isinstance(status, int) and status >= 400:
        return "error"
    if context.endpoint == "count_tokens":
        return "count-tokens-response"
    if context.endpoint == "batches":
        item = _batch_item(context) or ""
        if not item and isinstance(response, dict) and isinstance(response.get("data"), list):
            return None
        return "batch-result" if item.endswith("/results") else "batch"
    return "response"
