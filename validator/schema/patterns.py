"""ECMA-262 meaning for `pattern` on the jsonschema path, so both engines agree.

jsonschema runs patterns with Python's `re.search`, where `$` also matches before a trailing
newline and `\\d`/`\\w` match any Unicode digit/word character; ECMA-262 (JSON Schema's regex
dialect) and jsonschema-rs mean end-of-string and ASCII. Patterns are translated once:
`$` outside a character class becomes `\\Z`, `\\d`/`\\w` (and `\\D`/`\\W`) their ASCII classes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

_ASCII = {"d": "0-9", "w": "A-Za-z0-9_"}


def translate(pattern: str) -> str:
    """The Python regex that means what ECMA-262 `pattern` means."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(_escape(pattern[i + 1], in_class))
            i += 2
            continue
        if in_class and ch == "]":
            in_class = False
        elif not in_class and ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # `[]...]`: the first `]` is literal in Python
                out.append("[\\]")
                i += 2
                continue
        out.append("\\Z" if ch == "$" and not in_class else ch)
        i += 1
    return "".join(out)


def _escape(ch: str, in_class: bool) -> str:
    if ch.lower() in _ASCII:
        body = _ASCII[ch.lower()]
        if ch.islower():
            return body if in_class else f"[{body}]"
        if not in_class:
            return f"[^{body}]"
    return "\\" + ch


@functools.lru_cache(maxsize=1024)
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(translate(pattern))


def _pattern(validator: Any, patrn: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not compiled(patrn).search(instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


@functools.cache
def ecma_validator() -> Any:
    """jsonschema's Draft202012Validator with ECMA-262 `pattern` (built on first use)."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern})


def __getattr__(name: str) -> Any:
    # `EcmaValidator` is built lazily: importing jsonschema costs ~100 ms of cold start,
    # and a run whose payloads are all valid never needs it.
    if name == "EcmaValidator":
        return ecma_validator()
    raise AttributeError(name)
