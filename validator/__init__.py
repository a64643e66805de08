"""messages-validator: check Anthropic Messages API payloads against the spec and its rules.

    >>> from validator import check_request
    >>> report = check_request({"model": "claude-sonnet-4-6", "max_tokens": 1024,
    ...                         "messages": [{"role": "user", "content": "Hello"}]})
    >>> report.ok
    True

Every check returns a `Report` (a list of `Finding`s plus counts); `assert_valid` raises
`PayloadInvalid` (an `AssertionError`) with the text report as its message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any

from validator.config import Config
from validator.core.context import Context
from validator.core.findings import Finding, Report, Severity
from validator.reporters.text import as_text

__version__ = "0.3.0"

__all__ = [
    "Config",
    "Context",
    "Finding",
    "PayloadInvalid",
    "Report",
    "Severity",
    "__version__",
    "as_text",
    "assert_valid",
    "check",
    "check_exchange",
    "check_file",
    "check_request",
    "check_response",
    "check_stream",
]


class PayloadInvalid(AssertionError):
    """Raised by `assert_valid`; `.report` holds the findings, the message is the text report."""

    def __init__(self, report: Report) -> None:
        super().__init__(as_text(report))
        self.report = report


def _context(context: Context | Mapping[str, Any] | None) -> Context | None:
    if context is None or isinstance(context, Context):
        return context
    return Context(**context)


def check(
    payload: Any,
    kind: str = "request",
    *,
    context: Context | Mapping[str, Any] | None = None,
    config: Config | None = None,
) -> Report:
    """Check one payload of any kind (`request`, `response`, `error`, `stream`, `exchange`, ...).

    `payload` may be parsed JSON, JSON text or bytes, or an SDK object; for `stream`, also
    raw SSE text or bytes. Raises `TypeError` only for Python objects that are not JSON data.
    """
    from validator.engine import check_value
    from validator.readers import canonical_kind
    from validator.run import inputs

    kind = canonical_kind(kind) or "request"
    value = inputs.stream(payload) if kind == "stream" else inputs.body(payload)
    findings = check_value(kind, value, context=_context(context), config=config)
    return Report(findings=findings, files=0, documents=1)


def check_request(
    payload: Any,
    *,
    context: Context | Mapping[str, Any] | None = None,
    config: Config | None = None,
) -> Report:
    """Check a request body: `POST /v1/messages`, or the endpoint a `Context` URI names.

    With a context whose URI (or endpoint) is `count_tokens` the body is checked as a
    count_tokens request; with a batches URI as a batch create body.
    """
    from validator.core.kinds import request_kind

    ctx = _context(context)
    kind = (request_kind(ctx) if ctx is not None else None) or "request"
    return check(payload, kind, context=ctx, config=config)


def check_response(
    payload: Any,
    *,
    context: Context | Mapping[str, Any] | None = None,
    config: Config | None = None,
) -> Report:
    """Check a response body: a `Message`, or an error envelope (told apart by its `type`)."""
    from validator.run import inputs

    value = inputs.body(payload)
    is_error = isinstance(value, dict) and value.get("type") == "error"
    return check(value, "error" if is_error else "response", context=context, config=config)


def check_stream(
    events: Iterable[Any] | str | bytes,
    *,
    context: Context | Mapping[str, Any] | None = None,
    config: Config | None = None,
) -> Report:
    """Check one SSE stream: raw SSE text or bytes, or its events (dicts or SDK events)."""
    return check(events, "stream", context=context, config=config)


def check_exchange(
    request: Any,
    response: Any = None,
    *,
    stream: Iterable[Any] | None = None,
    context: Context | Mapping[str, Any] | None = None,
    config: Config | None = None,
    status: int | None = None,
) -> Report:
    """Check one recorded exchange: the request, the response (or stream) and their cross-checks."""
    from validator.run import inputs

    ctx = _context(context) or Context()
    value = {
        "request": inputs.body(request) if request is not None else None,
        "response": inputs.body(response) if response is not None else None,
        "stream": inputs.stream(stream) if stream is not None else None,
        "request_headers": dict(ctx.headers) if ctx.headers is not None else None,
        "status": status,
    }
    return check(value, "exchange", context=ctx, config=config)


def check_file(
    path: str | PathLike[str], *, kind: str | None = None, config: Config | None = None
) -> Report:
    """Check every document in a file (JSON, YAML, JSONL, HAR or SSE), with positions.

    Without `config`, the nearest `pyproject.toml` with `[tool.messages-validator]` (from the
    current directory upward) applies, as it does for the command line. Raises
    `validator.readers.ReadError` when the file cannot be read.
    """
    from validator.run.runner import check_paths

    if config is None:
        from validator.config.loading import load_config

        config = load_config()
    from validator.readers import canonical_kind

    return check_paths([path], kind=canonical_kind(kind), config=config)


def assert_valid(
    payload: Any,
    kind: str = "request",
    *,
    context: Context | Mapping[str, Any] | None = None,
    config: Config | None = None,
    fail_on: Severity = Severity.ERROR,
) -> Report:
    """Raise `PayloadInvalid` when `payload` has a finding at or above `fail_on`."""
    report = check(payload, kind, context=context, config=config)
    if report.failed(fail_on):
        raise PayloadInvalid(report)
    return report
