"""Security: credentials that leaked into a payload or into recorded headers.

A finding never carries the secret: messages show at most the key's kind and its last four
characters (`sk-ant api03 …abcd`), so no 12 characters in a row of the key. Placeholders
(`REDACTED`, `sk-ant-api03-xxxx…`, `<token>`, `$ANTHROPIC_API_KEY`) are not secrets, so
recordings that were scrubbed stay clean.

Batch kinds hold request bodies and messages that the engine checks again as `request` and
`response` payloads; the walk skips those subtrees so that one leak is one finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from validator.core import pointer as jp
from validator.rules import Hit, RuleContext, rule
from validator.rules.index import index

API_KEY = re.compile(r"sk-ant-[a-z0-9]+-[A-Za-z0-9_\-]{20,}")
BEARER = re.compile(r"\b[Bb]earer\s+([A-Za-z0-9\-._~+/]{20,}=*)")
PLACEHOLDER_WORDS = ("redacted", "placeholder", "your", "example", "dummy", "xxxx", "****")
MIN_DISTINCT = 8  # a real token is random: fewer distinct characters means a placeholder
# Subtrees the engine checks again under another kind (see module docstring).
NESTED = {
    "batch-line": re.compile(r"/params"),
    "batch-create": re.compile(r"/requests/\d+/params"),
    "batch-result": re.compile(r"/result/message"),
}


KEY_PREFIX = re.compile(r"sk-ant-([a-z0-9]+)-")
# The shape of a real key's body: ~93 URL-safe base64 characters ending in `AA`.
REAL_BODY = re.compile(r"[A-Za-z0-9_\-]{80,}AA")
LONGEST_RUN = 6  # a random body of ~95 characters never repeats one character 6 times in a row


def redact(secret: str) -> str:
    """`sk-ant api03 …abcd` for a key, `…abcd` for any other token: never the secret itself.

    The kind is written apart from `sk-ant` so that no run of the message (not even the
    13-character prefix) is a run of the key.
    """
    match = KEY_PREFIX.match(secret)
    prefix = f"sk-ant {match.group(1)} " if match else ""
    body = secret[match.end() :] if match else secret
    # Four characters of a short secret would give too much of it away.
    return f"{prefix}…{secret[-4:]}" if len(body) >= 16 else f"{prefix}…"


def key_body(token: str) -> str:
    """The part of a key after `sk-ant-<kind>-` (the whole token for any other credential)."""
    match = KEY_PREFIX.match(token)
    return token[match.end() :] if match else token


def is_placeholder(token: str) -> bool:
    """True for scrubbed or made-up values that cannot be a real credential.

    The whole key body is judged (its `-` and `_` are base64 characters, not separators): a
    body of the real shape is a key unless it repeats characters as no random body does; any
    other body is a placeholder when it names one (`REDACTED`, `your-key`, `xxxx`...) or has
    too few distinct characters.
    """
    if token.startswith(("$", "<", "{")):
        return True
    body = key_body(token)
    if len(set(body)) < MIN_DISTINCT or re.search(rf"(.)\1{{{LONGEST_RUN - 1}}}", body):
        return True
    if REAL_BODY.fullmatch(body) and len(set(body)) >= 2 * MIN_DISTINCT:
        return False
    lower = body.lower()
    return any(word in lower for word in PLACEHOLDER_WORDS)


def api_keys(text: str) -> Iterator[str]:
    """Anthropic API keys (not placeholders) in `text`."""
    if "sk-ant-" not in text:
        return
    for match in API_KEY.finditer(text):
        if not is_placeholder(match.group(0)):
            yield match.group(0)


def bearer_tokens(text: str) -> Iterator[str]:
    """Bearer tokens (not placeholders, not Anthropic keys: those are reported as keys)."""
    if "earer" not in text:
        return
    for match in BEARER.finditer(text):
        token = match.group(1)
        if not token.startswith("sk-ant-") and not is_placeholder(token):
            yield token


def strings(value: Any, kind: str) -> Iterator[tuple[str, str]]:
    """(pointer, string) for every string in `value`, keys included, skipping nested payloads."""
    skip = NESTED.get(kind)
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, str):
            yield pointer, node
        elif isinstance(node, dict):
            for key, item in node.items():
                child = jp.join(pointer, str(key))
                if isinstance(key, str):
                    yield pointer, key
                if not (skip and isinstance(item, dict) and skip.fullmatch(child)):
                    stack.append((child, item))
        elif isinstance(node, list):
            stack.extend((jp.join(pointer, i), item) for i, item in enumerate(node))


MARKERS = ("sk-ant-", "earer")


BYTE_MARKERS = tuple(marker.encode() for marker in MARKERS)
_API_KEY_MARK, _BEARER_MARK = BYTE_MARKERS  # tested one by one: no generator per payload


def suspects(value: Any, ctx: RuleContext) -> list[tuple[str, str]]:
    """(pointer, string) of the strings that may hold a credential, computed once per check.

    A payload whose JSON text holds no marker is not walked at all (the common case); one
    that is not plain JSON data is walked.
    """
    return ctx.memo(_suspects, value, ctx.kind, index(value, ctx).json)


def _suspects(value: Any, kind: str, text: bytes | None) -> list[tuple[str, str]]:
    if text is not None and _API_KEY_MARK not in text and _BEARER_MARK not in text:
        return []  # `in` on bytes is a fast substring search; a regex alternation is not
    return [
        (pointer, string)
        for pointer, string in strings(value, kind)
        if any(marker in string for marker in MARKERS)
    ]


@rule("secrets/api-key-in-payload")
def api_key_in_payload(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """An Anthropic API key (`sk-ant-…`) appears in a string of the payload."""
    for pointer, text in suspects(payload, ctx):
        for key in api_keys(text):
            yield Hit(pointer, f"an Anthropic API key ({redact(key)}) is in the payload; revoke it")


@rule("secrets/bearer-token-in-payload")
def bearer_token_in_payload(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `Bearer <token>` credential appears in a string of the payload."""
    for pointer, text in suspects(payload, ctx):
        for token in bearer_tokens(text):
            yield Hit(pointer, f"a bearer token ({redact(token)}) is in the payload; revoke it")


def _headers(value: Any, ctx: RuleContext) -> Mapping[str, Any]:
    headers = value.get("request_headers") if isinstance(value, dict) else None
    if isinstance(headers, Mapping):
        return headers
    return ctx.context.headers or {}


def header_secret(name: str, value: str) -> str | None:
    """The credential in one header value, or None."""
    key = next(api_keys(value), None)
    if key is not None:
        return key
    if name.lower() == "authorization":
        return next(bearer_tokens(value), None)
    if name.lower() == "x-api-key" and len(value) >= 20 and not is_placeholder(value.strip()):
        return value.strip()
    return None


# The headers that carry the call's own credential: expected on a live call (Context.live).
CREDENTIAL_HEADERS = frozenset({"x-api-key", "authorization", "proxy-authorization"})


@rule("secrets/credential-in-headers")
def credential_in_headers(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Recorded request headers hold a real credential (a key or token, not `REDACTED`)."""
    for name, raw in _headers(value, ctx).items():
        if ctx.context.live and str(name).lower() in CREDENTIAL_HEADERS:
            continue
        values = raw if isinstance(raw, list) else [raw]
        for item in values:
            secret = header_secret(str(name), item) if isinstance(item, str) else None
            if secret is not None:
                message = f"header {name} holds a credential ({redact(secret)}); scrub it"
                yield Hit(jp.join("", str(name)), message, part="headers")
