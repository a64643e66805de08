"""Readers turn files into `Document`s: a kind, a value, and a lazy map from pointers to positions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from validator.context import Context

# A locator maps (part, pointer) to a 1-based (line, column) in the file, or None.
Locator = Callable[[str | None, str], tuple[int, int] | None]

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
    "unknown",
)


@dataclass
class Document:
    """One payload to check.

    `value` is the parsed payload. For `exchange`, a dict with `request`, `response`,
    `stream` (list of event data dicts) and `request_headers`; for `stream`, the list of
    event data dicts. `record` is the 1-based JSONL line, HAR entry index or SSE event
    number; `locate(part, pointer)` is called only when the document has findings.
    """

    kind: str
    value: Any
    file: str | None = None
    record: int | None = None
    context: Context = field(default_factory=Context)
    locate: Locator | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
