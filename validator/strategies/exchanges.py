"""Recorded exchanges: a request with the response (or stream) agreeing with it."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from validator.strategies.leaves import Json
from validator.strategies.requests import requests
from validator.strategies.responses import ERROR_TYPES, errors, responses, stream_of

# -- exchanges ------------------------------------------------------------------------------
HEADERS = {"anthropic-version": "2023-06-01", "content-type": "application/json"}


@st.composite
def exchanges(draw: Any, *, errors_too: bool = True, **knobs: Any) -> Json:
    """A valid recorded exchange: request, its response (or stream, when it streams) agreeing
    with it (model, tools it may call, stop sequences), headers and status."""
    request = draw(requests(**knobs))
    names = [t["name"] for t in request.get("tools", [])]
    choice = request.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "none":
        names = []  # tool_choice none: the response calls no tool
    if errors_too and draw(st.integers(0, 9)) == 0:
        status = draw(st.sampled_from(sorted(ERROR_TYPES)))
        value = {"request": request, "response": draw(errors(status)), "stream": None}
        return {**value, "request_headers": dict(HEADERS), "status": status}
    message = draw(responses(model=request["model"], tools=names, thinking=False))
    if message["stop_reason"] == "stop_sequence":
        stops = request.get("stop_sequences") or []
        if stops:
            message["stop_sequence"] = draw(st.sampled_from(stops))
        else:
            message["stop_reason"], message["stop_sequence"] = "end_turn", None
    usage = message["usage"]
    usage["output_tokens"] = min(usage["output_tokens"], request["max_tokens"])
    if "output_tokens_details" in usage:
        details = usage["output_tokens_details"]
        details["thinking_tokens"] = min(details["thinking_tokens"], usage["output_tokens"])
    value: Json = {"request": request, "response": None, "stream": None}
    if request.get("stream"):
        value["stream"] = stream_of(draw, message)
    else:
        value["response"] = message
    return {**value, "request_headers": dict(HEADERS), "status": 200}
