"""The one walk: what the rules of one check read from a payload, built lazily and once.

`index(payload, ctx)` gives the `PayloadIndex` of a payload for the check `ctx` belongs to;
each of its members is computed the first time a rule asks and then shared by every rule of
that check (turns, blocks, the dialogue, the compact JSON...). Its `features` say what the
payload holds (top-level members, message roles, block types anywhere in the conversation,
a few rare members of blocks, tools and system items), so that the engine calls only the rules whose
declared needs the payload has (`@rule(..., needs=...)`): a plain text request never calls a
tool, thinking, media or caching rule.
"""

from __future__ import annotations

from typing import Any

import orjson

from validator.rules import RuleContext
from validator.rules.payload import Block, Turn, blocks, iter_messages, tool_list

# Members whose presence on a block (nested ones included), a tool, a system item or the
# payload itself is a feature (`key:<name>`), for rules that look for them at any depth.
KEYS = ("cache_control", "citations")
KEY_FEATURES = tuple((key, f"key:{key}") for key in KEYS)  # spelled out in the walk below
EVERYTHING = "*"  # a feature set holding this satisfies every need
_BLOCK_FEATURES: dict[str, tuple[str, ...]] = {}  # block type -> its features (bounded)
_ROLE_FEATURES = {role: f"role:{role}" for role in ("user", "assistant", "system")}


class once:
    """`functools.cached_property` without its lock (Python 3.11 takes one on every first
    read; an index belongs to one check in one thread): computed on first read, then a plain
    attribute of the instance."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.fn(instance)
        return value


class PayloadIndex:
    """Lazy, cached views of one payload (never mutated by the rules that read it)."""

    def __init__(self, payload: Any, *, json: bytes | None = None) -> None:
        self.payload = payload
        if json is not None:  # the payload's compact JSON, when the caller has made it
            self.__dict__["json"] = json

    @once
    def messages(self) -> list[tuple[int, dict[str, Any]]]:
        return list(iter_messages(self.payload))

    @once
    def message_blocks(self) -> list[tuple[int, dict[str, Any], list[Block]]]:
        """(index, message, its blocks) for every message: the blocks are made once."""
        return [(i, m, blocks(m, i)) for i, m in self.messages]

    @once
    def blocks(self) -> list[tuple[Any, Block]]:
        """(role, block) for every top-level block of every message."""
        return [(m.get("role"), b) for _, m, found in self.message_blocks for b in found]

    @once
    def tools(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, definition) of every tool definition that is an object."""
        return tool_list(self.payload)

    @once
    def turns(self) -> list[Turn]:
        """Consecutive same-role messages merged (as `payload.turns`, from the same blocks)."""
        result: list[Turn] = []
        for i, message, found in self.message_blocks:
            role = message.get("role")
            if not result or result[-1].role != role:
                result.append(Turn(role))
            result[-1].indices.append(i)
            result[-1].blocks.extend(found)
        return result

    @once
    def dialogue(self) -> list[Turn]:
        """User and assistant turns, system messages left out and their neighbours merged."""
        merged: list[Turn] = []
        for turn in self.turns:
            if turn.role == "system":
                continue
            if merged and merged[-1].role == turn.role:
                merged[-1] = Turn(
                    turn.role, merged[-1].indices + turn.indices, merged[-1].blocks + turn.blocks
                )
            else:
                merged.append(turn)
        return merged

    @once
    def json(self) -> bytes | None:
        """The payload as compact JSON (orjson), or None when it is not plain JSON data."""
        try:
            return orjson.dumps(self.payload)
        except (TypeError, orjson.JSONEncodeError):
            return None

    @once
    def features(self) -> frozenset[str]:
        """What the payload holds, as the needs of rules name it."""
        payload = self.payload
        if not isinstance(payload, dict):
            return frozenset({EVERYTHING})
        found = set(payload)
        _keys(payload, found)
        for key in ("tools", "system"):
            items = payload.get(key)
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict) and ("cache_control" in item or "citations" in item):
                    _keys(item, found)
        _block_types(payload.get("content"), found)  # a response's blocks
        for _, message in self.messages:
            found.add(_role(message.get("role")))
            _block_types(message.get("content"), found)
        return frozenset(found)


def _role(role: Any) -> str:
    """The feature of a message's role (made once for the three the API knows)."""
    name = _ROLE_FEATURES.get(role) if isinstance(role, str) else None
    return name or f"role:{role}"


def _block_names(kind: Any) -> tuple[str, ...]:
    """The features a block of type `kind` gives (made once per type, for few types)."""
    names = _BLOCK_FEATURES.get(kind) if isinstance(kind, str) else None
    if names is None:
        names = (f"block:{kind}",)
        if isinstance(kind, str):
            if kind.endswith("_tool_result"):
                names += ("block:*_tool_result",)
            if len(_BLOCK_FEATURES) < 256:
                _BLOCK_FEATURES[kind] = names
    return names


def _block_types(content: Any, found: set[str]) -> None:
    """Add `block:<type>` for every block of `content`, nested ones included."""
    if isinstance(content, str):
        found.add("block:text")
        return
    if not isinstance(content, list):
        return
    add, update = found.add, found.update
    for block in content:
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        names = _BLOCK_FEATURES.get(kind) if type(kind) is str else None
        update(names or _block_names(kind))
        if "cache_control" in block:
            add("key:cache_control")
        if "citations" in block:
            add("key:citations")
        inner = block.get("content")
        if isinstance(inner, list):
            _block_types(inner, found)
        source = block.get("source")
        if isinstance(source, dict) and isinstance(source.get("content"), list):
            _block_types(source["content"], found)


def _keys(item: Any, found: set[str]) -> None:
    if isinstance(item, dict):
        for key, feature in KEY_FEATURES:
            if key in item:
                found.add(feature)


def index(payload: Any, ctx: RuleContext) -> PayloadIndex:
    """The index of `payload` for the check `ctx` belongs to (built once per check)."""
    first = ctx.first_index
    if first is not None and first.payload is payload:
        return first
    built = ctx.memo(PayloadIndex, payload)
    if first is None:
        ctx.first_index = built
    return built


def exchange_features(value: Any) -> frozenset[str]:
    """An exchange's members, and its request's as `request.<key>`."""
    if not isinstance(value, dict):
        return frozenset({EVERYTHING})
    request = value.get("request")
    found = set(value)
    if isinstance(request, dict):
        found.update(f"request.{key}" for key in request)
    return frozenset(found)
