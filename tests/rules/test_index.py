"""The one walk: a check builds each view of a payload once, however many rules read it."""

from __future__ import annotations

from typing import Any

import pytest
from payloads import GOOD_REQUEST

from validator import engine
from validator.rules import RuleContext, caching
from validator.rules import index as index_module

EPHEMERAL = {"type": "ephemeral"}
REQUEST: dict[str, Any] = {
    **GOOD_REQUEST,
    "tools": [{"name": "get", "input_schema": {"type": "object"}}],
    "messages": [
        {
            "role": "user",
            "content": [{"type": "text", "text": "Hi", "cache_control": {"type": "ephemeral"}}],
        },
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t1", "name": "get", "input": {}}],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"}],
        },
    ],
}


def _count(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_blocks_turns_and_tools_are_built_once_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _count(monkeypatch, index_module, "blocks")
    tools = _count(monkeypatch, index_module, "tool_list")
    assert engine.check_value("request", REQUEST) == []
    # once a message, not once a rule, and the turns are made of the same blocks
    assert len(blocks) == len(REQUEST["messages"])
    assert len(tools) == 1
    engine.check_value("request", REQUEST)  # a new check walks again: nothing is kept
    assert len(blocks) == 2 * len(REQUEST["messages"])


def test_turns_merge_same_role_messages_from_the_blocks_made_once() -> None:
    request = {
        **REQUEST,
        "messages": [
            {"role": "user", "content": "a"},
            {"role": "user", "content": [{"type": "text", "text": "b"}]},
            {"role": "assistant", "content": "c"},
            "not a message",
            {"role": "user", "content": []},
        ],
    }
    built = index_module.PayloadIndex(request)
    turns = built.turns
    assert [(t.role, t.indices) for t in turns] == [
        ("user", [0, 1]),
        ("assistant", [2]),
        ("user", [4]),
    ]
    in_turns, flat = [b for t in turns for b in t.blocks], [b for _, b in built.blocks]
    assert len(in_turns) == len(flat) == 3
    assert all(a is b for a, b in zip(in_turns, flat, strict=True))


def test_cache_breakpoints_are_walked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    walks = _count(monkeypatch, caching, "breakpoints")
    assert engine.check_value("request", REQUEST) == []
    assert len(walks) == 1  # two caching rules read one list of breakpoints


@pytest.mark.parametrize("key", index_module.KEYS)
@pytest.mark.parametrize("nested", [False, True])
def test_every_member_feature_is_seen_on_a_block(key: str, nested: bool) -> None:
    block: dict[str, Any] = {"type": "text", "text": "x", key: {}}
    if nested:
        block = {"type": "tool_result", "tool_use_id": "t", "content": [block]}
    request = {**REQUEST, "messages": [{"role": "user", "content": [block]}]}
    features = index_module.PayloadIndex(request).features
    assert f"key:{key}" in features
    assert "role:user" in features and "block:text" in features


def test_roles_and_block_types_the_api_does_not_know_are_features_too() -> None:
    request = {
        **REQUEST,
        "messages": [
            {"role": "robot", "content": [{"type": "web_fetch_tool_result"}, {"type": ["x"]}]},
            {"role": ["odd"], "content": "hi"},
        ],
    }
    features = index_module.PayloadIndex(request).features
    assert {"role:robot", "role:['odd']", "block:text"} <= features
    assert {"block:web_fetch_tool_result", "block:*_tool_result", "block:['x']"} <= features


def test_one_check_indexes_each_payload_it_is_asked_about_once() -> None:
    ctx = RuleContext("exchange")
    request, other = dict(REQUEST), dict(REQUEST)  # equal, but not the same payload
    first = index_module.index(request, ctx)
    assert index_module.index(request, ctx) is first
    second = index_module.index(other, ctx)
    assert second is not first and second.payload is other
    assert index_module.index(other, ctx) is second and index_module.index(request, ctx) is first


def test_an_index_member_is_computed_on_first_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count(monkeypatch, index_module, "iter_messages")
    built = index_module.PayloadIndex(REQUEST)
    assert built.messages is built.messages and len(calls) == 1
    assert isinstance(index_module.PayloadIndex.messages, index_module.once)


def test_an_exchange_serialises_each_part_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The depth check's JSON of the request and response is the one the rules read."""
    import orjson
    from payloads import GOOD_RESPONSE

    exchange = {"request": dict(GOOD_REQUEST), "response": dict(GOOD_RESPONSE), "status": 200}
    dumped: list[Any] = []
    real = orjson.dumps

    def counting(value: Any, *args: Any, **kwargs: Any) -> bytes:
        dumped.append(value)
        return real(value, *args, **kwargs)

    monkeypatch.setattr(orjson, "dumps", counting)
    assert engine.check_value("exchange", exchange) == []
    for part in ("request", "response"):
        assert sum(value is exchange[part] for value in dumped) == 1, part
    assert not any(value is exchange for value in dumped)  # the whole is never serialised


def test_an_exchange_too_deep_in_any_member_is_refused() -> None:
    deep: Any = 1
    for _ in range(300):
        deep = [deep]
    for member in ("request", "response", "status"):
        exchange = {"request": dict(GOOD_REQUEST), member: {"x": deep}}
        (finding,) = engine.check_value("exchange", exchange)
        assert finding.rule == "input/too-deep"


@pytest.mark.parametrize("key", index_module.KEYS)
@pytest.mark.parametrize("where", ["tools", "system"])
def test_every_member_feature_is_seen_on_a_tool_or_system_item(key: str, where: str) -> None:
    item: dict[str, Any] = {"type": "text", "text": "x", "name": "t", key: {}}
    features = index_module.PayloadIndex({**GOOD_REQUEST, where: ["odd", item]}).features
    assert f"key:{key}" in features
    plain = index_module.PayloadIndex({**GOOD_REQUEST, where: ["odd", {"type": "text"}]})
    assert f"key:{key}" not in plain.features
