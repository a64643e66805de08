"""Extended thinking: budget against max_tokens, tool_choice, sampling and turn shape with thinking.

`enabled` is manual thinking with a budget; `adaptive` lets the model decide. The corpus shows
the API accepting `adaptive` with a forced tool_choice and assistant turns without a thinking
block, so the rules that the docs state for "thinking" apply to `enabled` where noted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.facts import fact
from validator.rules.index import index
from validator.rules.payload import Turn, prefill_index

THINKING_ON = ("enabled", "adaptive")
INTERLEAVED = "interleaved-thinking-2025-05-14"


def thinking_type(payload: Any) -> Any:
    """The `thinking.type` of the request, or None."""
    thinking = payload.get("thinking") if isinstance(payload, dict) else None
    return thinking.get("type") if isinstance(thinking, dict) else None


@rule("thinking/budget-not-below-max-tokens", needs=("thinking",))
def budget_not_below_max_tokens(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`thinking.budget_tokens` must be less than `max_tokens`.

    Not checked when the interleaved-thinking beta is on: with it the budget may exceed
    max_tokens (it spans the whole assistant turn).
    """
    if thinking_type(payload) != "enabled" or ctx.context.beta_state(INTERLEAVED):
        return
    budget = payload["thinking"].get("budget_tokens")
    max_tokens = payload.get("max_tokens")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (budget, max_tokens)):
        return
    if budget >= max_tokens:
        yield Hit(
            "/thinking/budget_tokens",
            f"`max_tokens` must be greater than `thinking.budget_tokens` "
            f"(budget_tokens {budget} >= max_tokens {max_tokens})",
        )


@rule("thinking/forced-tool-choice", needs=("thinking", "tool_choice"))
def forced_tool_choice(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """With manual thinking, `tool_choice` may only be `auto` or `none`.

    Narrowed by real traffic: `adaptive` thinking with `tool_choice: any` is accepted
    (corpus, claude-opus-4-6), so only `enabled` is checked.
    """
    choice = payload.get("tool_choice") if isinstance(payload, dict) else None
    if thinking_type(payload) != "enabled" or not isinstance(choice, dict):
        return
    if choice.get("type") in ("any", "tool"):
        yield Hit(
            "/tool_choice/type", "Thinking may not be enabled when tool_choice forces tool use."
        )


@rule("thinking/temperature-with-thinking", needs=("thinking",))
def temperature_with_thinking(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """With thinking on, `temperature` must be 1, `top_k` absent and `top_p` within 0.95-1."""
    if thinking_type(payload) not in THINKING_ON:
        return
    temperature, top_p = payload.get("temperature"), payload.get("top_p")
    # Values outside [0, 1] are the range rules' findings, not reported twice.
    if _number(temperature) and 0 <= temperature < 1:
        yield Hit("/temperature", "`temperature` may only be set to 1 when thinking is enabled.")
    if payload.get("top_k") is not None:
        yield Hit("/top_k", "`top_k` cannot be set when thinking is enabled.")
    if _number(top_p) and 0 <= top_p < 0.95:
        yield Hit(
            "/top_p", f"`top_p` must be between 0.95 and 1 when thinking is enabled, not {top_p}."
        )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def supported_types(value: Any) -> list[str] | None:
    """Thinking types a model accepts: a list, a mapping type -> bool, or None when unknown."""
    if isinstance(value, Mapping):
        return [str(k) for k, on in value.items() if on]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is False:
        return ["disabled"]
    return None


THINKING_TYPES = frozenset({"enabled", "disabled", "adaptive", "between_tools"})


@rule("thinking/type-unsupported-by-model", needs=("thinking",))
def type_unsupported_by_model(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The thinking type must be one the model accepts (model table `thinking`)."""
    kind = thinking_type(payload)
    if not isinstance(kind, str) or kind not in THINKING_TYPES:
        return  # an unknown type is the schema's one finding (schema/unknown-type)
    types = supported_types(fact(payload, ctx, "thinking"))
    if types is None or kind in types:
        return
    yield Hit(
        "/thinking/type",
        f"thinking type {kind!r} is not supported on {payload.get('model')} "
        f"(supported: {', '.join(types) or 'none'})",
    )


def _tool_results_only(turn: Turn) -> bool:
    return bool(turn.blocks) and all(b.type == "tool_result" for b in turn.blocks)


def loop_start(payload: Any, ctx: RuleContext) -> Turn | None:
    """The first assistant turn of a tool loop still running at the end of the request.

    The loop runs from the last user turn that is not just tool results; it is running when
    the request ends with tool results. None when the request is not inside a tool loop.
    """
    seq = [t for t in index(payload, ctx).turns if t.role != "system"]
    if not seq or seq[-1].role != "user" or not _tool_results_only(seq[-1]):
        return None
    start = None
    for turn in reversed(seq):
        if turn.role == "assistant":
            start = turn
        elif not _tool_results_only(turn):
            break
    return start


@rule("thinking/final-assistant-not-thinking-first", needs=("thinking", "block:tool_result"))
def final_assistant_not_thinking_first(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """With manual thinking, the assistant turn that opened the running tool loop starts with
    a thinking block.

    Applies when the request ends with tool results. The loop's later assistant turns need no
    thinking block (without interleaved thinking the model thinks once, at the start). Only
    `enabled` is checked: with `adaptive` the model may skip thinking.
    """
    if thinking_type(payload) != "enabled":
        return
    start = loop_start(payload, ctx)
    if start is None or not start.blocks:
        return
    first = start.blocks[0]
    if first.type not in ("thinking", "redacted_thinking"):
        yield Hit(
            first.at("type"),
            f"Expected `thinking` or `redacted_thinking`, but found `{first.type}`. When "
            "`thinking` is enabled, a final `assistant` message must start with a thinking block",
        )


@rule("thinking/prefill-with-thinking", needs=("thinking",))
def prefill_with_thinking(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """No assistant prefill when thinking is on (a pause_turn continuation is not a prefill)."""
    last = prefill_index(payload)
    if last is not None and thinking_type(payload) in THINKING_ON:
        yield Hit(
            f"/messages/{last}",
            "assistant prefill is not supported when thinking is enabled; "
            "end the conversation with a user message",
        )
