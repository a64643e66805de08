"""Model- and version-aware rules: lifecycle, output limit, prefill, system role, effort,
data residency, speed, and the anthropic-version header.

The model facts come through validator.rules.facts; an unknown model is reported once here and
every other model-specific rule stays silent for it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from validator.core.findings import Severity
from validator.rules import Hit, RuleContext, rule
from validator.rules.facts import as_date, fact, facts, model_id, recorded_on
from validator.rules.payload import is_int, prefill_index


@rule("models/unknown-model")
def unknown_model(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The model is not in the model table: model-specific rules cannot run, so say so once."""
    name = model_id(payload)
    if name is None or facts(payload, ctx) is not None:
        return
    close = difflib.get_close_matches(name[:100], [str(k) for k in ctx.models], n=1, cutoff=0.8)
    name = name if len(name) <= 80 else name[:77] + "..."  # a message line, not the payload
    hint = f"; did you mean {close[0]!r}?" if close else ""
    yield Hit(
        "/model",
        f"model {name!r} is not in the model table, so model-specific rules were skipped "
        f"(the API answers 404 for ids it does not serve; add newer models in config){hint}",
    )


@rule("models/deprecated-model")
def deprecated_model(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The model is deprecated (but not retired): it still works until the date the data names."""
    known = facts(payload, ctx)
    if known is None or known.get("retired") or not known.get("deprecated"):
        return
    when = known["deprecated"]
    dated = f" (end of life {when})" if as_date(when) else ""
    yield Hit("/model", f"model {model_id(payload)!r} is deprecated{dated}; move to a newer model")


@rule("models/retired-model")
def retired_model(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The model is retired per the model table: the API answers 404 (never judged by the clock).

    A recording made before the retirement date is judged by the day it was made: warning.
    So is an undated recorded exchange the API answered with a 2xx: it predates retirement.
    """
    known = facts(payload, ctx)
    if known is None or not known.get("retired"):
        return
    when = as_date(known["retired"])
    recorded = recorded_on(ctx)
    on = f" on {when.isoformat()}" if when else ""
    if recorded is None and ctx.meta.get("answered"):
        yield Hit(
            "/model",
            f"model {model_id(payload)!r} was retired{on}; the recorded exchange was answered, "
            "so it predates that, but the API answers 404 today",
            Severity.WARNING,
        )
        return
    if when and recorded and recorded < when:
        yield Hit(
            "/model",
            f"model {model_id(payload)!r} was retired{on}, after this recording "
            f"({recorded.isoformat()}); it would answer 404 today",
            Severity.WARNING,
        )
        return
    yield Hit("/model", f"model {model_id(payload)!r} was retired{on}; the API answers 404")


@rule("models/max-tokens-over-model-limit", needs=("max_tokens",))
def max_tokens_over_model_limit(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`max_tokens` must not exceed the model's maximum output tokens."""
    limit = fact(payload, ctx, "max-output-tokens")
    max_tokens = payload.get("max_tokens") if isinstance(payload, dict) else None
    if not is_int(limit) or not is_int(max_tokens) or max_tokens <= limit:
        return
    yield Hit(
        "/max_tokens",
        f"max_tokens: {max_tokens} > {limit}, which is the maximum allowed number of output "
        f"tokens for {model_id(payload)}",
    )


@rule("models/prefill-unsupported")
def prefill_unsupported(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A final assistant message (prefill) is rejected by models without prefill support."""
    final = prefill_index(payload)
    if final is None or fact(payload, ctx, "prefill") is not False:
        return
    yield Hit(
        f"/messages/{final}",
        "This model does not support assistant message prefill. "
        "The conversation must end with a user message.",
    )


@rule("models/system-role-unsupported", needs=("role:system",))
def system_role_unsupported(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`role: "system"` messages are only accepted by models that support them."""
    if fact(payload, ctx, "system-role") is not False:
        return
    messages = payload.get("messages")
    for i, message in enumerate(messages if isinstance(messages, list) else []):
        if isinstance(message, dict) and message.get("role") == "system":
            yield Hit(f"/messages/{i}/role", "role 'system' is not supported on this model")


def _levels(value: Any) -> list[str] | None:
    """Supported effort levels: a list, a mapping of level -> bool, or None when unknown."""
    if isinstance(value, Mapping):
        return [str(k) for k, on in value.items() if on]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is False:
        return []
    return None


EFFORT_LEVELS = frozenset({"low", "medium", "high", "xhigh", "max"})


@rule("models/effort-unsupported", needs=("output_config",))
def effort_unsupported(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`output_config.effort` must be a level the model supports (some support none)."""
    config = payload.get("output_config") if isinstance(payload, dict) else None
    effort = config.get("effort") if isinstance(config, dict) else None
    known = facts(payload, ctx)
    if known is None:
        return
    # The model table's convention: `effort` omitted means the model has no effort support.
    levels = _levels(known.get("effort", False))
    # An effort outside the schema's enum is the schema's one finding (schema/enum).
    if not isinstance(effort, str) or effort not in EFFORT_LEVELS:
        return
    if levels is None or effort in levels:
        return
    if not levels:
        yield Hit("/output_config/effort", "This model does not support the effort parameter.")
        return
    yield Hit(
        "/output_config/effort",
        f"This model does not support effort level '{effort}'. "
        f"Supported levels: {', '.join(sorted(levels))}.",
    )


@rule("models/inference-geo-unsupported", needs=("inference_geo",))
def inference_geo_unsupported(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`inference_geo` is only accepted by models that support data residency (Opus 4.6+)."""
    geo = payload.get("inference_geo") if isinstance(payload, dict) else None
    supported = fact(payload, ctx, "inference-geo")
    if not isinstance(geo, str) or supported is None or supported is True:
        return
    if isinstance(supported, list | tuple) and geo in supported:
        return
    yield Hit("/inference_geo", f"inference_geo {geo!r} is not supported on {model_id(payload)}")


FAST_MODE = "fast-mode-2026-02-01"


@rule("models/speed-unsupported", needs=("speed",))
def speed_unsupported(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`speed` needs a model that has it (table `speed`: true, "beta" or false).

    Where the model only has it behind the fast-mode beta, any `speed` value needs that
    beta: an error when the headers show it off, a warning when no headers are known.
    """
    speed = payload.get("speed") if isinstance(payload, dict) else None
    support = fact(payload, ctx, "speed")
    if not isinstance(speed, str) or support is None or support is True:
        return
    if support is False:
        yield Hit("/speed", f"speed is not supported on {model_id(payload)}")
        return
    state = ctx.context.beta_state(FAST_MODE)
    if support == "beta" and state is not True:
        yield Hit(
            "/speed",
            f"speed on {model_id(payload)} requires the anthropic-beta header {FAST_MODE}",
            Severity.WARNING if state is None else None,
        )


@rule("models/forced-tool-choice-unsupported", needs=("tool_choice",))
def forced_tool_choice_unsupported(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`tool_choice` `any` / `tool` is rejected by models without forced tool use (table
    `forced-tool-choice: false`)."""
    choice = payload.get("tool_choice") if isinstance(payload, dict) else None
    if not isinstance(choice, dict) or choice.get("type") not in ("any", "tool"):
        return
    if fact(payload, ctx, "forced-tool-choice") is False:
        yield Hit(
            "/tool_choice/type",
            f"tool_choice {choice['type']!r} forces tool use, which {model_id(payload)} does not "
            "support; use auto",
        )
