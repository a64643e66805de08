"""Which kind a recorded request or response body is, from where it was sent and its shape."""

from __future__ import annotations

from typing import Any

from validator.core.context import Context, split_uri


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
