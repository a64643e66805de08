"""Secrets rules: leaked keys and tokens are found anywhere, and never shown in full."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator import check, check_exchange, engine
from validator.core.context import Context
from validator.core.findings import Report
from validator.reporters import REPORTERS, render
from validator.reporters.text import as_text
from validator.rules import RuleContext
from validator.rules.secrets import api_keys, is_placeholder, redact, strings

# Made up for these tests (and unlike the spec examples, which SARIF output embeds).
KEY = "sk-ant-api03-Hv4Bq8Tn2Wc6Ys0Rk3Lp9Zd1Mf5Jx7Ga"
ADMIN = "sk-ant-admin01-Wd3Nf8Kq2Lz7Xc5Vb9Mh4Jt6"
OAUTH = "sk-ant-oat01-Ra5Tg1Yh8Uj3Ik7Ol2Pz9Xs4D"
TOKEN = "Ue5Rj2Ko8Mi4Nb7Vc1Xz3Aq6Sw"


def request(text: str) -> dict[str, Any]:
    return {
        "model": "claude-haiku-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": text}],
    }


def found(kind: str, value: Any, **kwargs: Any) -> list[tuple[str, str]]:
    findings = engine.check_value(kind, value, **kwargs)
    return [(f.rule, f.pointer) for f in findings if f.rule.startswith("secrets/")]


@pytest.mark.parametrize("key", [KEY, ADMIN, OAUTH])
def test_every_key_kind_is_found(key: str) -> None:
    assert found("request", request(f"my key is {key}, help")) == [
        ("secrets/api-key-in-payload", "/messages/0/content")
    ]


def test_keys_are_found_at_any_depth_and_in_object_keys() -> None:
    payload = request("hi")
    payload["messages"][0]["content"] = [
        {
            "type": "tool_result",
            "tool_use_id": "toolu_1",
            "content": [{"type": "text", "text": f"env: ANTHROPIC_API_KEY={KEY}"}],
        },
    ]
    payload["metadata"] = {"user_id": "u1"}
    payload["system"] = [{"type": "text", "text": f"Authorization: Bearer {TOKEN}"}]
    hits = found("request", payload)
    assert ("secrets/api-key-in-payload", "/messages/0/content/0/content/0/text") in hits
    assert ("secrets/bearer-token-in-payload", "/system/0/text") in hits
    rctx = RuleContext("request")
    assert next(p for p, _ in strings({"a": {KEY: 1}}, rctx.kind) if KEY in _) == "/a"


def test_responses_streams_and_errors_are_scanned() -> None:
    response = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-4-5",
        "content": [{"type": "text", "text": f"Use {KEY}"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }
    assert found("response", response) == [("secrets/api-key-in-payload", "/content/0/text")]
    events = [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": KEY}}
    ]
    assert ("secrets/api-key-in-payload", "/0/delta/text") in found("stream", events)


def test_batch_params_are_reported_once() -> None:
    line = {"custom_id": "a", "params": request(KEY)}
    assert found("batch-line", line) == [
        ("secrets/api-key-in-payload", "/params/messages/0/content")
    ]
    batch = {"requests": [line, {"custom_id": "b", "params": request("hi")}]}
    assert found("batch-create", batch) == [
        ("secrets/api-key-in-payload", "/requests/0/params/messages/0/content")
    ]
    line["custom_id"] = KEY  # outside params: the batch-line pass reports it
    assert ("secrets/api-key-in-payload", "/custom_id") in found("batch-line", line)


@pytest.mark.parametrize(
    "text",
    [
        "sk-ant-api03-REDACTED",
        "sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "sk-ant-api03-XXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "sk-ant-api03-your-api-key-goes-here-please",
        "sk-ant-api03-...",
        "Bearer REDACTED",
        "Bearer $ANTHROPIC_API_KEY",
        "Bearer <your-token-here-and-more-text>",
        "Bearer short",
        "The bearer of this letter",
        "sk-ant-api03-0000000000000000000000000000",
    ],
)
def test_placeholders_are_not_secrets(text: str) -> None:
    assert found("request", request(f"key: {text}")) == []


def test_headers_with_real_credentials_are_found() -> None:
    value = {
        "request_headers": {
            "x-api-key": KEY,
            "Authorization": f"Bearer {TOKEN}",
            "x-custom": f"token={OAUTH}",
            "anthropic-version": "2023-06-01",
        }
    }
    findings = engine.check_value("exchange", value)
    assert sorted((f.rule, f.pointer, f.part) for f in findings) == [
        ("secrets/credential-in-headers", "/Authorization", "headers"),
        ("secrets/credential-in-headers", "/x-api-key", "headers"),
        ("secrets/credential-in-headers", "/x-custom", "headers"),
    ]
    assert all(f.severity.value == "error" for f in findings)


def test_opaque_x_api_key_values_that_look_real_are_found() -> None:
    value = {"request_headers": {"x-api-key": "a8F3kL0qZ7xV2mN9pR4tW6yB1cD5"}}
    assert [f.rule for f in engine.check_value("exchange", value)] == [
        "secrets/credential-in-headers"
    ]


@pytest.mark.parametrize("secret", ["REDACTED", "test-key", "Bearer REDACTED", "<api-key>"])
def test_scrubbed_headers_are_clean(secret: str) -> None:
    value = {"request_headers": {"x-api-key": secret, "authorization": secret}}
    assert engine.check_value("exchange", value) == []


def test_headers_from_the_context_are_used_when_the_value_has_none() -> None:
    report = check_exchange(request("hi"), context={"headers": {"X-Api-Key": KEY}})
    assert [(f.rule, f.part) for f in report] == [("secrets/credential-in-headers", "headers")]


def _all_renderings(report: Report) -> str:
    texts = [str(f) for f in report] + [as_text(report), json.dumps(report.to_dict())]
    for name in REPORTERS:
        out = io.StringIO()
        render(name, report, out)
        texts.append(out.getvalue())
    return "\n".join(texts)


def test_no_output_format_ever_shows_the_key() -> None:
    report = check(request(f"{KEY} and Bearer {TOKEN}"))
    value = {"request": request(ADMIN), "request_headers": {"x-api-key": OAUTH}}
    report.extend(check(value, "exchange").findings)
    assert len(report.rules) == 3, report.rules
    shown = _all_renderings(report)
    for secret in (KEY, ADMIN, OAUTH, TOKEN):
        assert secret not in shown
        assert secret[7:-4] not in shown  # not even the middle
    assert "sk-ant api03 …x7Ga" in shown and "…6Sw" not in shown and "…q6Sw" in shown


def test_redact_keeps_only_prefix_and_last_four() -> None:
    assert redact(KEY) == "sk-ant api03 …x7Ga"
    assert redact(TOKEN) == "…q6Sw"
    assert redact("sk-ant-api03-abc") == "sk-ant api03 …"


@given(
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
        min_size=20,
        max_size=120,
    )
)
def test_any_real_looking_key_is_found_and_never_echoed(body: str) -> None:
    key = f"sk-ant-api03-{body}"
    findings = engine.check_value("request", request(f"x {key} y"))
    keys = [f for f in findings if f.rule == "secrets/api-key-in-payload"]
    assert bool(keys) == (not is_placeholder(key) and list(api_keys(key)) != [])
    for f in findings:
        assert key not in f.message and body not in str(f)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_any_json_value_is_walked_without_error(value: Any) -> None:
    for kind in ("request", "response", "stream", "exchange"):
        engine.check_value(kind, value, context=Context(headers={"x-api-key": "REDACTED"}))


def test_a_payload_changed_in_place_is_scanned_again() -> None:
    payload = request("nothing to see")
    assert found("request", payload) == []
    payload["messages"][0]["content"] = f"now {KEY}"
    assert found("request", payload) == [("secrets/api-key-in-payload", "/messages/0/content")]
