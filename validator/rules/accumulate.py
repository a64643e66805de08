"""Rebuild the final Message from its stream events, the way the SDK accumulates it.

`rebuild(events)` follows the SDK's `accumulate_event`: `message_start` gives the message,
`content_block_start` opens block `index`, `text_delta` / `thinking_delta` append,
`signature_delta` sets the thinking signature, `citations_delta` appends a citation,
`input_json_delta` fragments are joined and parsed at `content_block_stop` (an empty input is
`{}`), `message_delta` sets `stop_reason` / `stop_sequence` and merges `usage`.

Each value of the rebuilt message remembers the event that carried it, so that a finding on
the rebuilt message points at that event (`origin("/usage/output_tokens")` is
`/7/usage/output_tokens`, the `message_delta` event's value).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from validator.core import pointer as jp

_JOINED = ("/delta/text", "/delta/thinking", "/delta/partial_json")


@dataclass
class Rebuilt:
    """The accumulated message, and where in the event list each of its values came from."""

    message: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)  # message pointer -> event pointer
    json_errors: dict[int, str] = field(default_factory=dict)  # block index -> parse problem

    def origin(self, pointer: str) -> str:
        """The event pointer of a message pointer (its longest recorded prefix), else `""`."""
        probe = pointer
        while True:
            if probe in self.origins:
                found = self.origins[probe]
                if found.endswith(_JOINED):  # a value joined from many deltas: its first one
                    return found
                return found + pointer[len(probe) :]  # a value copied verbatim from its event
            if not probe:
                return ""
            probe = probe.rsplit("/", 1)[0]


def rebuild(events: Sequence[Any]) -> Rebuilt:
    """The final message of a stream (missing parts stay missing; nothing raises)."""
    out = Rebuilt({"content": []})
    blocks: dict[int, int] = {}  # event `index` -> position in content
    partial: dict[int, list[str]] = {}
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        kind = event.get("type")
        if kind == "message_start" and isinstance(event.get("message"), dict):
            out.message = {**event["message"], "content": []}
            for key in out.message:
                if key != "content":
                    out.origins[f"/{jp.escape(key)}"] = f"/{i}/message/{jp.escape(key)}"
            _usage_origins(out, event["message"].get("usage"), f"/{i}/message/usage")
        elif kind == "content_block_start" and isinstance(event.get("content_block"), dict):
            index = event.get("index")
            block = dict(event["content_block"])
            position = len(out.message["content"])
            if isinstance(index, int):
                blocks[index] = position
            out.message["content"].append(block)
            out.origins[f"/content/{position}"] = f"/{i}/content_block"
        elif kind == "content_block_delta":
            _delta(out, blocks, partial, i, event)
        elif kind == "content_block_stop":
            _stop(out, blocks, partial, i, event)
        elif kind == "message_delta":
            delta = event.get("delta")
            for key, value in (delta if isinstance(delta, dict) else {}).items():
                out.message[key] = value
                out.origins[f"/{jp.escape(key)}"] = f"/{i}/delta/{jp.escape(key)}"
            usage = event.get("usage")
            if isinstance(usage, dict):
                start = out.message.get("usage")
                out.message["usage"] = {**(start if isinstance(start, dict) else {}), **usage}
                _usage_origins(out, usage, f"/{i}/usage")
    for index in list(partial):  # a stream cut before content_block_stop
        _finish_json(out, blocks, partial, index)
    return out


def _usage_origins(out: Rebuilt, usage: Any, base: str) -> None:
    if isinstance(usage, dict):
        out.origins["/usage"] = base
        for key in usage:
            out.origins[f"/usage/{jp.escape(key)}"] = f"{base}/{jp.escape(key)}"


def _block(out: Rebuilt, blocks: dict[int, int], index: Any) -> tuple[int, dict[str, Any]] | None:
    if not isinstance(index, int) or index not in blocks:
        return None
    position = blocks[index]
    block = out.message["content"][position]
    return (position, block) if isinstance(block, dict) else None


def _delta(
    out: Rebuilt, blocks: dict[int, int], partial: dict[int, list[str]], i: int, event: Any
) -> None:
    found = _block(out, blocks, event.get("index"))
    delta = event.get("delta")
    if found is None or not isinstance(delta, dict):
        return
    position, block = found
    at = f"/content/{position}"
    kind = delta.get("type")
    if kind == "text_delta" and isinstance(delta.get("text"), str):
        block["text"] = str(block.get("text") or "") + delta["text"]
        out.origins.setdefault(f"{at}/text", f"/{i}/delta/text")
    elif kind == "thinking_delta" and isinstance(delta.get("thinking"), str):
        block["thinking"] = str(block.get("thinking") or "") + delta["thinking"]
        out.origins.setdefault(f"{at}/thinking", f"/{i}/delta/thinking")
    elif kind == "signature_delta":
        block["signature"] = delta.get("signature")
        out.origins[f"{at}/signature"] = f"/{i}/delta/signature"
    elif kind == "citations_delta" and "citation" in delta:
        citations = block.get("citations")
        block["citations"] = [*(citations if isinstance(citations, list) else [])]
        block["citations"].append(delta["citation"])
        out.origins[f"{at}/citations/{len(block['citations']) - 1}"] = f"/{i}/delta/citation"
    elif kind == "input_json_delta" and isinstance(delta.get("partial_json"), str):
        index = event["index"]
        if index not in partial:
            out.origins[f"{at}/input"] = f"/{i}/delta/partial_json"
        partial.setdefault(index, []).append(delta["partial_json"])


def _stop(
    out: Rebuilt, blocks: dict[int, int], partial: dict[int, list[str]], i: int, event: Any
) -> None:
    index = event.get("index")
    if isinstance(index, int) and index in partial:
        _finish_json(out, blocks, partial, index)


def _finish_json(
    out: Rebuilt, blocks: dict[int, int], partial: dict[int, list[str]], index: int
) -> None:
    found = _block(out, blocks, index)
    text = "".join(partial.pop(index, []))
    if found is None:
        return
    _, block = found
    if not text.strip():
        block["input"] = {}
        return
    try:
        block["input"] = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        out.json_errors[index] = exc.msg  # stream/tool-input-json-invalid reports it
