"""Exchange rules: a recorded request and its response (or stream) must agree.

The payload is `{request, response, stream, request_headers, status}`; the engine has already
checked each part on its own. These cross-checks catch recordings whose halves do not belong
together (an edited fixture, a mock that answers a different request) and mocks that return
what the API never would for that request. A streamed response is summarised into the
fields these rules read (model, blocks, stop reason, usage) first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from validator.rules import Hit, RuleContext, RuleFunction, rule
from validator.rules.accumulate import rebuild
from validator.rules.payload import (
    final_message,
    input_schemas,
    is_int,
    server_tool_turn,
    tool_list,
    tool_uses,
)
from validator.schema.tools import input_errors


def streamed(value: Any) -> list[Any] | None:
    """The stream events of an exchange answered by a stream (no JSON message response)."""
    if not isinstance(value, dict):
        return None
    response = value.get("response")
    if isinstance(response, dict) and response.get("type") == "message":
        return None
    stream = value.get("stream")
    return stream if isinstance(stream, list) and stream else None


def pointing_at_events(fn: Callable[[Any, RuleContext], Iterable[Hit]]) -> Any:
    """`fn`, an exchange rule, with its hits on a rebuilt streamed message moved onto the event
    that carried the offending value (part `stream`, pointer `/<event index>/...`)."""

    def run(value: Any, ctx: RuleContext) -> Iterable[Hit]:
        events = streamed(value)
        if events is None:  # answered by JSON (the common case): nothing to move
            return fn(value, ctx)
        return _moved(fn(value, ctx), events, ctx)

    run.__doc__, run.__name__ = fn.__doc__, getattr(fn, "__name__", "rule")
    return run


def _moved(hits: Iterable[Hit], events: list[Any], ctx: RuleContext) -> Iterator[Hit]:
    for hit in hits:
        if hit.part == "stream" and not _is_event_pointer(hit, events):
            origin = ctx.memo(rebuild, events).origin(hit.pointer)
            if origin:
                hit = Hit(origin, hit.message, hit.severity, hit.part)
        yield hit


def _is_event_pointer(hit: Hit, events: list[Any]) -> bool:
    head = hit.pointer.split("/")[1] if hit.pointer.startswith("/") else ""
    return head.isdigit() and int(head) < len(events)


def exchange_rule(
    rule_id: str, *, needs: tuple[str, ...] = ()
) -> Callable[[RuleFunction], RuleFunction]:
    """`@rule`, for a rule whose hits on a streamed response point at the carrying event."""

    def register(fn: RuleFunction) -> RuleFunction:
        return rule(rule_id, needs=needs)(pointing_at_events(fn))

    return register


# An exchange rule that compares the request with what answered it.
ANSWERED = ("request", "response|stream")

_SNAPSHOT = re.compile(r"-(?:\d{8}|latest|0)$")


def _request(value: Any) -> dict[str, Any] | None:
    request = value.get("request") if isinstance(value, dict) else None
    return request if isinstance(request, dict) else None


def _family(model: str, models: Mapping[str, Any]) -> str:
    entry = models.get(model)
    target = entry.get("alias-of") if isinstance(entry, Mapping) else None
    return _SNAPSHOT.sub("", target if isinstance(target, str) else model)


@exchange_rule("exchange/model-mismatch", needs=ANSWERED)
def model_mismatch(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The response's model is the requested one (or a dated snapshot of that alias)."""
    request, (message, part) = _request(value), final_message(value, ctx)
    asked = request.get("model") if request else None
    got = message.get("model") if message else None
    if not isinstance(asked, str) or not isinstance(got, str) or asked == got:
        return
    if _family(asked, ctx.models) != _family(got, ctx.models):
        yield Hit("/model", f"the response comes from {got}, but {asked} was requested", part=part)


@exchange_rule("exchange/tool-use-undefined-tool", needs=ANSWERED)
def tool_use_undefined_tool(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Every `tool_use` block in the response names a tool the request defined."""
    request, (message, part) = _request(value), final_message(value, ctx)
    if request is None:
        return
    names: set[str] | None = None  # made only for a response that calls a tool
    for i, block in tool_uses(message):
        if names is None:
            names = {t["name"] for _, t in tool_list(request) if isinstance(t.get("name"), str)}
        name = block.get("name")
        if isinstance(name, str) and name not in names and not block.get("toolset_name"):
            text = f"the response calls tool {name!r}, which the request does not define"
            yield Hit(f"/content/{i}/name", text, part=part)


@exchange_rule(
    "exchange/tool-use-with-tool-choice-none", needs=("request.tool_choice", "response|stream")
)
def tool_use_with_tool_choice_none(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A request with `tool_choice: {"type": "none"}` is not answered with a `tool_use` block."""
    request, (message, part) = _request(value), final_message(value, ctx)
    choice = request.get("tool_choice") if request else None
    if not isinstance(choice, dict) or choice.get("type") != "none":
        return
    for i, block in tool_uses(message):
        text = (
            f"the response calls tool {block.get('name')!r}, but the request set tool_choice none"
        )
        yield Hit(f"/content/{i}", text, part=part)


@exchange_rule("exchange/output-exceeds-max-tokens", needs=ANSWERED)
def output_exceeds_max_tokens(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """`usage.output_tokens` is at most the request's `max_tokens`."""
    request, (message, part) = _request(value), final_message(value, ctx)
    usage = message.get("usage") if message else None
    if request is None or not isinstance(usage, dict):
        return
    limit, output = request.get("max_tokens"), usage.get("output_tokens")
    if not (is_int(limit) and is_int(output) and output > limit):
        return
    # Server tools run several sampling rounds in one response: their output adds up (known
    # by the usage counts or by the server tool blocks, e.g. code execution's).
    if not (usage.get("server_tool_use") or server_tool_turn(message, usage)):
        text = f"output_tokens ({output}) exceeds the request's max_tokens ({limit})"
        yield Hit("/usage/output_tokens", text, part=part)


@exchange_rule("exchange/stop-sequence-not-requested", needs=ANSWERED)
def stop_sequence_not_requested(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A response's `stop_sequence` is one of the request's `stop_sequences`."""
    request, (message, part) = _request(value), final_message(value, ctx)
    matched = message.get("stop_sequence") if message else None
    if request is None or not isinstance(matched, str):
        return
    asked = request.get("stop_sequences")
    if not isinstance(asked, list) or matched not in asked:
        yield Hit("/stop_sequence", f"stop sequence {matched!r} was not requested", part=part)


@exchange_rule("exchange/stream-flag-mismatch", needs=("request",))
def stream_flag_mismatch(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A request with `stream: true` is answered by a stream; one without it by JSON."""
    request = _request(value)
    if request is None or not isinstance(value, dict):
        return
    streamed = bool(value.get("stream"))
    response = value.get("response")
    answered_json = isinstance(response, dict) and response.get("type") == "message"
    if request.get("stream") is True and answered_json and not streamed:
        yield Hit("/stream", "stream is true but the response is a JSON message", part="request")
    elif request.get("stream") is not True and streamed:
        text = "the response is a stream but the request did not set stream: true"
        yield Hit("/stream", text, part="request")


@exchange_rule("exchange/status-body-mismatch", needs=("status", "response"))
def status_body_mismatch(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A 2xx status carries no error body, and an error status (4xx/5xx) no message."""
    status = value.get("status") if isinstance(value, dict) else None
    response = value.get("response") if isinstance(value, dict) else None
    if not is_int(status) or not isinstance(response, dict):
        return
    kind = response.get("type")
    if 200 <= status < 300 and kind == "error":
        yield Hit("/type", f"HTTP {status} with an error body", part="response")
    elif status >= 400 and kind == "message":
        yield Hit("/type", f"HTTP {status} with a message body", part="response")


# Hits on a rebuilt stream message point at the event that carried the value.
@exchange_rule("exchange/tool-input-invalid", needs=("request.tools", "response|stream"))
def tool_input_invalid(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A response's tool_use input validates against a strict request tool's input_schema.

    Only `strict: true` tools: without it the API does not guarantee the fit (real traffic
    holds accepted responses whose input misses the schema).
    """
    request, (message, part) = _request(value), final_message(value, ctx)
    if request is None:
        return
    schemas = input_schemas(request, strict_only=True)
    for i, block in tool_uses(message):
        name = block.get("name")
        found = schemas.get(name) if isinstance(name, str) else None
        if found is None or "input" not in block:
            continue
        for where, text in input_errors(found, block["input"]):
            yield Hit(f"/content/{i}/input{where}", text, part=part)
