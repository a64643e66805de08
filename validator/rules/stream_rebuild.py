"""Exchange rules on a streamed response, over the message the stream rebuilds.

`validator.rules.accumulate.rebuild` assembles the final message as the SDK does (text, joined
`input_json_delta` fragments parsed, thinking and signature, citations, the final usage and
stop reason), so the exchange rules see the same message a client sees. A hit on that message
is moved onto the event that carried the offending value (part `stream`, pointer
`/<event index>/...`): `point_at_events` wraps the exchange rules to do so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.accumulate import Rebuilt, rebuild

_CACHE: dict[int, tuple[Any, Rebuilt]] = {}


def rebuilt(events: list[Any]) -> Rebuilt:
    """The rebuilt message of a stream, computed once per exchange however many rules ask."""
    key = id(events)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is events:
        return cached[1]
    result = rebuild(events)
    _CACHE.clear()  # one exchange at a time: keep only the latest
    _CACHE[key] = (events, result)
    return result


def streamed(value: Any) -> list[Any] | None:
    """The stream events of an exchange answered by a stream (no JSON message response)."""
    if not isinstance(value, dict):
        return None
    response = value.get("response")
    if isinstance(response, dict) and response.get("type") == "message":
        return None
    stream = value.get("stream")
    return stream if isinstance(stream, list) and stream else None


def point_at_events(registry: MutableMapping[str, Any], prefix: str = "exchange/") -> None:
    """Wrap the `prefix` rules so that their stream hits point at the carrying event."""
    for rule_id, fn in list(registry.items()):
        if rule_id.startswith(prefix) and not getattr(fn, "_points_at_events", False):
            registry[rule_id] = _wrapped(fn)


def _wrapped(fn: Callable[[Any, RuleContext], Iterable[Hit]]) -> Any:
    def run(value: Any, ctx: RuleContext) -> Iterator[Hit]:
        events = streamed(value)
        for hit in fn(value, ctx):
            if events is not None and hit.part == "stream" and not _is_event_pointer(hit, events):
                origin = rebuilt(events).origin(hit.pointer)
                if origin:
                    hit = Hit(origin, hit.message, hit.severity, hit.part)
            yield hit

    run._points_at_events = True  # type: ignore[attr-defined]
    run.__doc__, run.__name__ = fn.__doc__, getattr(fn, "__name__", "rule")
    return run


def _is_event_pointer(hit: Hit, events: list[Any]) -> bool:
    head = hit.pointer.split("/")[1] if hit.pointer.startswith("/") else ""
    return head.isdigit() and int(head) < len(events)


@rule("exchange/tool-input-invalid")
def tool_input_invalid(value: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A response's tool_use input validates against a strict request tool's input_schema.

    Only `strict: true` tools: without it the API does not guarantee the fit (real traffic
    holds accepted responses whose input misses the schema).
    """
    from validator.rules.exchange import final_message
    from validator.rules.tool_definitions import input_errors

    request = value.get("request") if isinstance(value, dict) else None
    message, part = final_message(value)
    if not isinstance(request, dict) or not isinstance(message, dict):
        return
    tools = request.get("tools")
    schemas = {
        t["name"]: t["input_schema"]
        for t in (tools if isinstance(tools, list) else [])
        if isinstance(t, dict)
        and t.get("strict") is True
        and isinstance(t.get("name"), str)
        and isinstance(t.get("input_schema"), dict)
        and t.get("type") in (None, "custom")
    }
    content = message.get("content")
    for i, block in enumerate(content if isinstance(content, list) else []):
        if not isinstance(block, dict) or block.get("type") != "tool_use":
            continue
        name = block.get("name")
        found = schemas.get(name) if isinstance(name, str) else None
        if found is None or "input" not in block:
            continue
        for where, text in input_errors(found, block["input"]):
            yield Hit(f"/content/{i}/input{where}", text, part=part)
