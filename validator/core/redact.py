"""One redaction step at the edge: no credential leaves the tool in any output.

Every string that leaves the tool (a finding's message, pointer, part and file, every
reporter's text, baseline entries, stale-baseline lines) passes `redact` for the credential
shapes the secrets rules know: Anthropic keys (`sk-ant-<kind>-…`), bearer tokens, and the
values of credential headers (`x-api-key`, `authorization`, `proxy-authorization`, cookies).
Plain identifiers and file names are left alone: there is no entropy guessing.

    redact("key sk-ant-api03-AbC…")    -> "key sk-ant-api03-[REDACTED]"
    redact_finding(f)                  -> f with every string field redacted
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

MARK = "[REDACTED]"
# The key's kind prefix stays (it says what leaked); at least 8 more characters make a key.
_KEY = re.compile(r"(sk-ant-[a-z0-9]{1,12}-)[A-Za-z0-9_\-]{8,}")
_BEARER = re.compile(r"(\b[Bb]earer[\s:]+)(?!\[REDACTED\])[A-Za-z0-9\-._~+/]{8,}=*")
# `x-api-key: VALUE`, `"authorization": "VALUE"`, `cookie=VALUE` as messages quote them.
_HEADER = re.compile(
    r"((?:x-api-key|proxy-authorization|authorization|set-cookie|cookie)"
    r"['\"`]?\s*[:=]\s*['\"`]?)(?!\[REDACTED\])(?:[Bb]earer\s+)?[^\s'\"`,;)]{4,}",
    re.I,
)
_CHEAP = ("sk-ant-", "bearer", "api-key", "authorization", "cookie")


def redact(text: str) -> str:
    """`text` with every credential shape replaced by `[REDACTED]` (its kind prefix kept)."""
    if not isinstance(text, str):
        return text
    lower = text.lower()
    if not any(word in lower for word in _CHEAP):
        return text
    text = _KEY.sub(lambda m: m.group(1) + MARK, text)
    text = _HEADER.sub(lambda m: m.group(1) + MARK, text)
    return _BEARER.sub(lambda m: m.group(1) + MARK, text)


def _encodable(text: str) -> str:
    """`text` with lone surrogates (only the Python API can pass them) escaped as `\\udxxx`,
    so that every output can encode it as UTF-8."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def redact_finding(f: Any) -> Any:
    """A `Finding` with its message, pointer, part and file redacted (itself if clean), and
    any lone surrogate escaped."""
    changes = {}
    for name in ("message", "pointer", "part", "file"):
        value = getattr(f, name)
        if isinstance(value, str):
            clean = _encodable(redact(value))
            if clean != value:
                changes[name] = clean
    return replace(f, **changes) if changes else f


def redact_value(value: Any) -> Any:
    """JSON-like data (a recorded body, headers) with every string redacted, keys included;
    the same object when nothing in it changes."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        items = [redact_value(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        pairs = [(redact_value(k), redact_value(v)) for k, v in value.items()]
        same = all(
            k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(), strict=True)
        )
        return value if same else dict(pairs)
    return value


def redact_report(report: Any) -> Any:
    """A `Report` whose findings and checked file names are redacted."""
    findings = [redact_finding(f) for f in report.findings]
    return replace(report, findings=findings, checked=report.checked.with_files(redact))
