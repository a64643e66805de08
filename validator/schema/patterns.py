"""ECMA-262 meaning for `pattern` on the jsonschema path, so both engines agree.

jsonschema runs patterns with Python's `re.search`, where `$` also matches before a trailing
newline and `\\d`/`\\w` match any Unicode digit/word character; ECMA-262 (JSON Schema's regex
dialect, the one jsonschema-rs runs) means end-of-string and ASCII. Rather than translating
each pattern to Python, the detailed path runs it with `regress`, a Rust ECMA-262 engine
(Unicode mode, as JSON Schema 2020-12 recommends; check-jsonschema does the same).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # regress is imported on the first pattern checked (a failing payload)
    import regress


@functools.lru_cache(maxsize=1024)
def compiled(pattern: str) -> regress.Regex:
    """The ECMA-262 regex of `pattern` (Unicode mode when the pattern allows it)."""
    import regress

    try:
        return regress.Regex(pattern, "u")
    except regress.RegressError:  # legal without the `u` flag only (e.g. `\\-` outside [])
        return regress.Regex(pattern)


def search(pattern: str, text: str) -> bool:
    """Whether ECMA-262 `pattern` matches somewhere in `text` (what `pattern` means)."""
    try:
        return compiled(pattern).find(text) is not None
    except UnicodeEncodeError:  # a lone surrogate (JSON allows it): one unknown character
        clean = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return compiled(pattern).find(clean) is not None


def _pattern(validator: Any, patrn: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not search(patrn, instance):
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
