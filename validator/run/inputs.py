"""What the Python API accepts, turned into the JSON values the engine checks.

Users hold payloads in many shapes: parsed dicts, JSON text or bytes, raw SSE text, the
`anthropic` SDK's pydantic objects (`Message`, stream events, content blocks). Any JSON value
is a payload (a list or a number gets findings, not an exception); only Python objects that
are not JSON data at all (a set, a socket) raise `TypeError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

_NOT_JSON = "Type is not JSON serializable"


def _sdk_dump(obj: Any) -> Any:
    """An SDK or pydantic object as JSON data, with only the fields the API sent or set."""
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):  # anthropic's BaseModel: mode="json", exclude_unset by default
        try:
            return to_dict(mode="json")
        except TypeError:
            return to_dict()
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        return dump(mode="json", exclude_unset=True)
    raise TypeError(f"{type(obj).__name__} is not JSON data")


def json_value(obj: Any) -> Any:
    """`obj` as plain JSON data: nested SDK objects dumped, tuples as lists.

    Values orjson cannot re-encode for reasons other than their type (nesting deeper than it
    goes, lone surrogates, non-string keys) are returned as they are: the engine reports them.
    """
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    if hasattr(obj, "model_dump") and not isinstance(obj, dict | list):
        return json_value(_sdk_dump(obj))
    try:
        return orjson.loads(orjson.dumps(obj, default=_sdk_dump))
    except orjson.JSONEncodeError as exc:
        if str(exc).startswith(_NOT_JSON) or "is not JSON data" in str(exc):
            raise TypeError(f"not a JSON payload: {exc}") from None
        return obj


def body(payload: Any) -> Any:
    """A request or response body: JSON text/bytes are parsed; anything else as JSON data."""
    if isinstance(payload, bytes | bytearray | memoryview):
        payload = bytes(payload).decode("utf-8", errors="replace")
    if isinstance(payload, str):
        try:
            return orjson.loads(payload)
        except orjson.JSONDecodeError:
            return payload  # a JSON string, which the schema reports as the wrong type
    return json_value(payload)


def stream(events: Any) -> Any:
    """Stream events: raw SSE text/bytes are parsed; an iterable of events as JSON data."""
    if isinstance(events, bytes | bytearray | memoryview):
        events = bytes(events).decode("utf-8", errors="replace")
    if isinstance(events, str):
        from validator.readers.sse import parse_text

        return parse_text(events).events
    if isinstance(events, dict) or not isinstance(events, Iterable):
        return json_value(events)  # one value that is not a stream: the engine says so
    return [json_value(e) for e in events]
