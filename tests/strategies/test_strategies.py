"""validator.strategies: every spec kind has a strategy, and what they generate checks clean."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import strategies as mv
from validator.core.context import Context
from validator.engine import check_value
from validator.readers import KINDS

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
HEADERS = Context(headers={"anthropic-version": "2023-06-01"})
CONTEXTS = {
    "exchange": Context(headers=mv.HEADERS, uri="https://api.anthropic.com/v1/messages"),
    "count-tokens": Context(
        headers=mv.HEADERS, uri="https://api.anthropic.com/v1/messages/count_tokens"
    ),
}


def test_every_spec_kind_has_a_strategy():
    assert set(mv.KIND_STRATEGIES) == set(KINDS) - {"unknown"}


def clean(kind: str, value: Any) -> None:
    found = check_value(kind, value, context=CONTEXTS.get(kind, HEADERS))
    assert [(f.rule, f.part, f.pointer, f.message) for f in found] == []


# Whole requests are the slow ones to check; ~2,000 examples in all.
EXAMPLES = {"request": 120, "count-tokens": 100, "batch-line": 100, "batch-create": 80}


@pytest.mark.parametrize("kind", sorted(mv.KIND_STRATEGIES))
def test_every_kind_generates_payloads_that_check_clean(kind: str) -> None:
    @settings(SETTINGS, max_examples=EXAMPLES.get(kind, 200))
    @given(mv.KIND_STRATEGIES[kind]())
    def generated_checks_clean(value: Any) -> None:
        clean(kind, value)

    generated_checks_clean()


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.data(),
    st.sampled_from([True, False]),
    st.sampled_from([True, False]),
    st.sampled_from([True, False]),
)
def test_knobs_are_obeyed_and_stay_clean(data, tools, thinking, stream):
    body = data.draw(mv.requests(tools=tools, thinking=thinking, stream=stream, images=False))
    assert bool(body.get("tools")) is tools
    assert (body.get("thinking", {}).get("type") == "enabled") is thinking
    assert bool(body.get("stream")) is stream
    assert "'image'" not in repr(body)
    clean("request", body)
    if thinking:
        assert body["thinking"]["budget_tokens"] < body["max_tokens"]


def test_images_carry_real_bytes_of_their_media_type():
    import base64
    import io

    import imagesize

    for media, data in mv.IMAGES.items():
        raw = base64.b64decode(data)
        assert imagesize.get(io.BytesIO(raw)) == (1, 1), media
