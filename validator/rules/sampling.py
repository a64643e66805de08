"""Sampling parameters by API version and model; stop sequences and metadata.

`temperature`, `top_p` and `top_k` are removed under `anthropic-version: 2026-10-21`; under
`2023-06-01` newer models restrict them and some refuse `temperature` with `top_p`. When the
version is `2026-10-21` only the removal is reported: the other rules would be moot.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.facts import V2026, fact, model_id, v2026_verdict, version_note, version_state

SAMPLING = ("temperature", "top_p", "top_k")


def _present(payload: Any) -> list[str]:
    """Sampling parameters the request sets (null counts as unset)."""
    if not isinstance(payload, dict):
        return []
    return [name for name in SAMPLING if payload.get(name) is not None]


@rule("sampling/removed-in-version", needs=("temperature|top_p|top_k",))
def removed_in_version(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`temperature`, `top_p`, `top_k` are rejected under 2026-10-21, even at default values."""
    applies, severity = v2026_verdict(ctx)
    if not applies:
        return
    for name in _present(payload):
        yield Hit(
            f"/{name}",
            f"`{name}` was removed in anthropic-version {V2026}"
            + ("" if severity is None else version_note(ctx)),
            severity,
        )


def _restricted(payload: dict[str, Any], name: str) -> bool:
    """Does this value break the restriction newer models put on sampling?"""
    value = payload[name]
    if name == "temperature":
        return value != 1
    if name == "top_p":
        return isinstance(value, int | float) and value < 0.99
    return True  # top_k: any value


@rule("sampling/restricted-by-model", needs=("temperature|top_p|top_k",))
def restricted_by_model(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """On models with restricted sampling: temperature only 1, top_p only >= 0.99, no top_k."""
    if version_state(ctx) == V2026 or fact(payload, ctx, "sampling") != "restricted":
        return
    for name in _present(payload):
        if _restricted(payload, name):
            yield Hit(f"/{name}", f"`{name}` is deprecated for this model ({model_id(payload)}).")


def _refuses_both(value: Any) -> bool:
    """The model-table fact `temperature-and-top-p`: false (or 'rejected') means not both."""
    return value is False or value in ("rejected", "error", "exclusive", "either")


@rule("sampling/temperature-and-top-p", needs=("temperature", "top_p"))
def temperature_and_top_p(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Some models refuse `temperature` and `top_p` in the same request."""
    if version_state(ctx) == V2026 or not {"temperature", "top_p"} <= set(_present(payload)):
        return
    if _refuses_both(fact(payload, ctx, "temperature-and-top-p")):
        yield Hit(
            "/top_p",
            "`temperature` and `top_p` cannot both be specified for this model. "
            "Please use only one.",
        )
