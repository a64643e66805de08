"""Leaked keys of the real shape are reported wherever a string can sit, and never echoed.

A real Anthropic key is `sk-ant-<kind>-` + ~93 URL-safe base64 characters (`-` and `_`
included) + `AA`. The placeholder heuristic once judged only the part after the last `-`, so a
key with a `-` near its end passed as a placeholder. The body comes from a seeded RNG (so it is
random, as a real key's is), and hypothesis also forces a `-`/`_` at any place near the end.
"""

from __future__ import annotations

import base64
import json
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import check, check_file
from validator.core.findings import Report
from validator.reporters.text import as_text
from validator.rules.secrets import api_keys, is_placeholder

KINDS = ("api03", "admin01", "oat01")


@st.composite
def real_keys(draw: st.DrawFn) -> str:
    rng = random.Random(draw(st.integers(0, 2**32)))
    body = base64.urlsafe_b64encode(rng.randbytes(70)).decode().rstrip("=")[:93]
    if draw(st.booleans()):  # a separator close to the end: the case the old split missed
        at = len(body) - draw(st.integers(1, 12))
        body = body[:at] + draw(st.sampled_from("-_")) + body[at + 1 :]
    return f"sk-ant-{draw(st.sampled_from(KINDS))}-{body}AA"


def _request(text: str) -> dict[str, Any]:
    return {
        "model": "claude-opus-4-8",
        "max_tokens": 16,
        "messages": [{"role": "user", "content": text}],
    }


def in_text(key: str) -> Report:
    return check(_request(f"my key is {key}, keep it"))


def in_system(key: str) -> Report:
    return check({**_request("hi"), "system": f"use {key}"})


def in_tool_input(key: str) -> Report:
    body = _request("hi")
    body["messages"] += [
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "toolu_01", "name": "f", "input": {"k": key}}],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "ok"}],
        },
    ]
    body["tools"] = [{"name": "f", "input_schema": {"type": "object"}}]
    return check(body)


def in_tool_result(key: str) -> Report:
    body = _request("hi")
    body["messages"] += [
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "toolu_01", "name": "f", "input": {}}],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_01", "content": f"env: {key}"}
            ],
        },
    ]
    body["tools"] = [{"name": "f", "input_schema": {"type": "object"}}]
    return check(body)


def in_stream_delta(key: str) -> Report:
    events = [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": key}},
    ]
    return check(events, "stream")


def in_batch_line(key: str) -> Report:
    return check({"custom_id": "a", "params": _request(key)}, "batch-line")


def _file(name: str, text: str) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text)
        return check_file(path)


def in_har_headers(key: str) -> Report:
    entry = {
        "startedDateTime": "2026-11-01T10:00:00Z",
        "request": {
            "method": "POST",
            "url": "https://api.anthropic.com/v1/messages",
            "headers": [{"name": "x-api-key", "value": key}],
            "postData": {"mimeType": "application/json", "text": json.dumps(_request("hi"))},
        },
        "response": {"status": 401, "content": {}},
    }
    return _file("rec.har", json.dumps({"log": {"version": "1.2", "entries": [entry]}}))


def in_jsonl_headers(key: str) -> Report:
    record = {
        "uri": "https://api.anthropic.com/v1/messages",
        "status": 401,
        "request": _request("hi"),
        "request_headers": {"authorization": f"Bearer {key}"},
    }
    return _file("rec.jsonl", json.dumps(record) + "\n")


PLACES: dict[str, Callable[[str], Report]] = {
    "text": in_text,
    "system": in_system,
    "tool input": in_tool_input,
    "tool_result": in_tool_result,
    "SSE text delta": in_stream_delta,
    "batch line": in_batch_line,
    "HAR headers": in_har_headers,
    "JSONL headers": in_jsonl_headers,
}
SECRET_RULES = {"secrets/api-key-in-payload", "secrets/credential-in-headers"}


def echoed(key: str, text: str) -> str | None:
    """A run of 12 characters of `key` that `text` shows, or None."""
    return next((key[i : i + 12] for i in range(len(key) - 11) if key[i : i + 12] in text), None)


@pytest.mark.parametrize("place", PLACES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=real_keys())
def test_a_real_key_is_reported_and_never_echoed(place: str, key: str) -> None:
    report = PLACES[place](key)
    assert {f.rule for f in report} & SECRET_RULES, (place, key)
    shown = "\n".join([as_text(report), json.dumps(report.to_dict())])
    assert echoed(key, shown) is None, (place, echoed(key, shown))


def test_a_dash_near_the_end_no_longer_hides_a_key() -> None:
    body = (
        "Hv4Bq8Tn2Wc6Ys0Rk3Lp9Zd1Mf5Jx7GaQe2Rt5Yu8Io1Pa4Sd7Fg0Hj3Kl6"
        "Zx9Cv2Bn5Mq8We1Rt4Yu7Io0Pa3Sd6Fg9H-j2AA"
    )
    key = f"sk-ant-api03-{body}"
    assert not is_placeholder(key)
    assert list(api_keys(f"x {key} y")) == [key]


@pytest.mark.parametrize(
    "text",
    [
        "sk-ant-api03-REDACTED",
        "sk-ant-api03-REDACTED-REDACTED-REDACTED-REDACTED-REDACTED-REDACTED-REDACTED-REDACTED-REDACTEDAA",
        "sk-ant-api03-" + "x" * 93 + "AA",
        "sk-ant-api03-" + "Ab" * 47 + "AA",
        "sk-ant-api03-<your key>",
        "<ANTHROPIC_API_KEY>",
        "sk-ant-api03-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-AbCdEfGh",
    ],
)
def test_placeholders_of_any_length_stay_clean(text: str) -> None:
    assert not {f.rule for f in in_text(text)} & SECRET_RULES
