"""Through the public API: the version comes from the context's headers, else
the `api-version` setting; an unknown version warns instead of failing; an unknown model is a
warning that skips model rules; deprecated and retired are judged from the data, never the
clock; `check_exchange` runs the request, response and cross-checks of one exchange."""

from __future__ import annotations

from typing import Any

import pytest
from payloads import GOOD_RESPONSE

from validator import check_exchange, check_request
from validator.config import Config

DOCUMENT = {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "x"}}


def request(model: str = "claude-haiku-4-5", **extra: Any) -> dict[str, Any]:
    messages = extra.pop("messages", [{"role": "user", "content": "Hello"}])
    return {"model": model, "max_tokens": 1024, "messages": messages, **extra}


def found(payload: Any, **kwargs: Any) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in check_request(payload, **kwargs).findings]


def headers(version: str | None) -> dict[str, Any]:
    return {"headers": {} if version is None else {"anthropic-version": version}}


SAMPLED = request(temperature=0.5)
CITATION = {
    "type": "char_location",
    "cited_text": "x",
    "document_index": 0,
    "document_title": "T",
    "start_char_index": 0,
    "end_char_index": 1,
}
CITED = request(
    messages=[{"role": "user", "content": [{"type": "text", "text": "x", "citations": [CITATION]}]}]
)
DOC_IN_ASSISTANT = request(
    messages=[
        {"role": "user", "content": "Read this."},
        {"role": "assistant", "content": [DOCUMENT]},
        {"role": "user", "content": "Thanks."},
    ]
)


@pytest.mark.parametrize(
    ("payload", "rule"),
    [
        (SAMPLED, "sampling/removed-in-version"),
        (CITED, "content/citations-in-user-turn"),
        (DOC_IN_ASSISTANT, "content/document-in-assistant-turn"),
    ],
)
def test_version_rules_read_the_header_else_the_setting(payload: Any, rule: str) -> None:
    assert found(payload, context=headers("2026-10-21")) == [(rule, "error")]
    assert (rule, "error") not in found(payload, context=headers("2023-06-01"))
    # no header recorded: the setting decides; no setting: a warning, never an error
    assert found(payload, context=headers(None)) == [(rule, "warning")]
    assert found(payload) == [(rule, "warning")]
    v2026 = Config(api_version="2026-10-21")
    assert found(payload, config=v2026) == [(rule, "error")]
    assert found(payload, config=v2026, context=headers(None)) == [(rule, "error")]
    # a recorded header beats the setting
    assert (rule, "error") not in found(payload, config=v2026, context=headers("2023-06-01"))


def test_an_unknown_version_warns_and_never_fails() -> None:
    result = found(SAMPLED, context=headers("2025-02-30"))
    assert ("headers/unknown-api-version", "warning") in result
    assert all(severity == "warning" for _, severity in result), result


def test_an_unknown_model_warns_once_and_skips_model_rules() -> None:
    payload = request("claude-unreleased-9", max_tokens=10**7, thinking={"type": "weird"})
    result = found(payload, context=headers("2023-06-01"))
    assert ("models/unknown-model", "warning") in result
    assert not [r for r, _ in result if r.startswith("models/") and r != "models/unknown-model"]
    assert "thinking/type-unsupported-by-model" not in dict(result)
    assert "models/max-tokens-over-model-limit" not in dict(result)


def test_a_deprecated_model_warns_naming_its_date() -> None:
    report = check_request(request("claude-sonnet-4-5"), context=headers("2023-06-01"))
    assert [(f.rule, f.severity.value) for f in report.findings] == [
        ("models/deprecated-model", "warning")
    ]
    assert "2026-11-30" in report.findings[0].message


def test_retirement_is_judged_by_the_data_never_the_clock() -> None:
    # Dates far in the future and far in the past: the verdict follows the data alone.
    models = {
        "m-retired-later": {"retired": "2999-01-01"},
        "m-deprecated-long-ago": {"deprecated": "1999-01-01"},
    }
    config = Config(models=models)
    assert found(request("m-retired-later"), config=config) == [("models/retired-model", "error")]
    assert found(request("m-deprecated-long-ago"), config=config) == [
        ("models/deprecated-model", "warning")
    ]
    shipped = check_request(request("claude-3-opus-20240229")).findings
    assert [(f.rule, f.severity.value) for f in shipped] == [("models/retired-model", "error")]
    assert "404" in shipped[0].message


def test_check_exchange_runs_request_response_and_cross_checks() -> None:
    req = request(
        max_tokens=100,
        thinking={"type": "enabled", "budget_tokens": 2048},  # request rule
    )
    response = {
        **GOOD_RESPONSE,
        "model": "claude-haiku-4-5-20251001",
        "stop_sequence": "###",  # response rule
        "usage": {"input_tokens": 5, "output_tokens": 500},  # cross-check: over max_tokens
    }
    report = check_exchange(req, response, context=headers("2023-06-01"), status=200)
    parts = {(f.rule, f.part) for f in report.findings}
    assert ("thinking/budget-not-below-max-tokens", "request") in parts
    assert ("response/stop-sequence-mismatch", "response") in parts
    assert "exchange/output-exceeds-max-tokens" in {rule for rule, _ in parts}
    clean = {**response, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 50}}
    good = request(max_tokens=100)
    assert check_exchange(good, clean, context=headers("2023-06-01"), status=200).findings == []


def test_facts_no_shipped_model_states_yet_can_come_from_config() -> None:
    from validator.config.loading import parse_config

    config = parse_config({"models": {"m-no-force": {"forced-tool-choice": False, "speed": False}}})
    forced = request(
        "m-no-force",
        tool_choice={"type": "any"},
        tools=[{"name": "get_weather", "input_schema": {"type": "object"}}],
        speed="fast",
    )
    result = found(forced, config=config, context=headers("2023-06-01"))
    assert sorted(result) == [
        ("models/forced-tool-choice-unsupported", "error"),
        ("models/speed-unsupported", "error"),
    ]
    auto = {**forced, "tool_choice": {"type": "auto"}, "speed": None}
    assert found(auto, config=config, context=headers("2023-06-01")) == []
