"""One recorded HTTP interaction, whatever format wrote it: `Http` and its `Body`s.

Every recording format (VCR cassettes, nock, HTTP exchange files) comes down to a list of
interactions; each reader normalises its own into an `Http` (method, URI, headers, bodies,
status, where each body sits in the file) with the helpers here, and
`validator.readers.interactions` turns the Messages ones into documents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Position = Callable[[list[str]], tuple[int, int] | None]


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


def lowered(headers: Mapping[str, str] | None) -> dict[str, str]:
    return {k.lower(): v for k, v in (headers or {}).items()}
