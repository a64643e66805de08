"""`Document`: one payload a reader found, with what only the reader knows about its layout.

Besides the parsed `value`, a document answers the questions that depend on the file it came
from, so that the engine never looks inside a reader's layout: where a finding sits
(`locate`, line and column), which record and pointer a user reads it under (`place`), and
which value it is about (`value_at`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from validator.core import pointer as jp
from validator.core.context import Context

__all__ = ["PART_KEYS", "Document", "Locator"]

# A locator maps (part, pointer) to a 1-based (line, column) in the file, or None.
Locator = Callable[[str | None, str], tuple[int, int] | None]

# Where each part of an `exchange` value lives, when not under the part's own name.
PART_KEYS = {"headers": "request_headers"}


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

    def place(self, part: str | None, pointer: str) -> tuple[int | None, str]:
        """The (record, pointer) a finding at (`part`, `pointer`) is reported under.

        An `.sse` file is one stream whose findings point at `/<event index>/...`; there the
        record is the 1-based event number and the pointer is inside that event's data
        (design §4), as for a JSONL line: never the same fact twice. Elsewhere both stay.
        """
        if self.kind == "stream" and self.record is None and pointer:
            first, _, rest = pointer[1:].partition("/")
            if first.isdigit():
                return int(first) + 1, f"/{rest}" if rest else ""
        return self.record, pointer

    def value_at(self, part: str | None, pointer: str) -> Any:
        """The value a finding at (`part`, `pointer`) is about, or None where there is none.

        In an exchange, `part` names the payload (`request`, `response`, `stream`, `headers`);
        header names are matched without regard to case, as HTTP has them.
        """
        root = self.value
        if self.kind == "exchange" and part and isinstance(root, dict):
            root = root.get(PART_KEYS.get(part, part))
        if part == "headers" and isinstance(root, dict):
            root = {str(k).lower(): v for k, v in root.items()}
            return root.get(jp.decode(pointer)[0].lower()) if pointer else None
        try:
            return jp.resolve(root, pointer)
        except (KeyError, ValueError):
            return None
