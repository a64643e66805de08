"""The spec against real traffic: every accepted payload passes, facts in x-models hold.

Beta calls (a `?beta=true` URI or an `anthropic-beta` header) are judged with the
beta-inclusive schema, the others with the GA schema (x-beta nodes removed).
"""

from __future__ import annotations

import re
from typing import Any

from spec_cases.corpus import checks, is_beta_call
from spec_cases.schema import errors, load_spec

MODELS: dict[str, dict[str, Any]] = load_spec()["x-models"]
FACT_KEYS = {
    "max-output-tokens",
    "context-window",
    "thinking",
    "prefill",
    "sampling",
    "temperature-and-top-p",
    "system-role",
    "effort",
    "inference-geo",
    "deprecated",
    "retired",
    "alias-of",
}
# Reference §13: the SDK 2.13 model literal plus the retired ids it names.
REFERENCE_IDS = [
    "claude-fable-5-2",
    "claude-mythos-5-2",
    "claude-haiku-5-5",
    "claude-sonnet-5-5",
    "claude-fable-5-1",
    "claude-opus-5-5",
    "claude-mythos-5-1",
    "claude-sonnet-5",
    "claude-fable-5",
    "claude-mythos-5",
    "claude-opus-5",
    "claude-opus-4-8",
    "claude-opus-4-7",
    "claude-mythos-preview",
    "claude-opus-4-6",
    "claude-sonnet-4-6",
    "claude-haiku-4-5",
    "claude-haiku-4-5-20251001",
    "claude-opus-4-5",
    "claude-opus-4-5-20251101",
    "claude-sonnet-4-5",
    "claude-sonnet-4-5-20250929",
    "claude-opus-4-1",
    "claude-opus-4-1-20250805",
    "claude-opus-4-0",
    "claude-opus-4-20250514",
    "claude-sonnet-4-0",
    "claude-sonnet-4-20250514",
    "claude-3-7-sonnet-20250219",
    "claude-3-5-haiku-20241022",
    "claude-3-haiku-20240307",
    "claude-3-opus-20240229",
]


def _requests(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The create/count bodies of a record, batch params included."""
    body = record.get("request")
    if not isinstance(body, dict):
        return []
    nested = [r.get("params") for r in body.get("requests") or [] if isinstance(r, dict)]
    return [b for b in [body, *nested] if isinstance(b, dict) and isinstance(b.get("model"), str)]


def test_every_corpus_payload_passes_the_spec(corpus_records: list[dict[str, Any]]) -> None:
    failures, count = [], 0
    for record in corpus_records:
        for where, schema, payload, beta in checks(record):
            count += 1
            found = errors(schema, payload, beta=beta)
            if found:
                failures.append(f"{where} [{schema}, beta={beta}]: {found[:2]}")
    assert count > 2000  # requests, responses, every stream event, error bodies, batch lines
    assert failures == [], "\n".join(failures[:20])


def test_beta_calls_use_what_only_the_beta_schema_admits(
    corpus_records: list[dict[str, Any]],
) -> None:
    """Without the x-beta nodes, the corpus's beta-only payloads fail: the marks are needed."""
    rejected = {
        where
        for record in corpus_records
        if is_beta_call(record)
        for where, schema, payload, _ in checks(record)
        if errors(schema, payload, beta=False)
    }
    assert len(rejected) >= 40


def test_ga_calls_pass_without_any_beta_node(corpus_records: list[dict[str, Any]]) -> None:
    ga = [c for r in corpus_records if not is_beta_call(r) for c in checks(r)]
    assert len(ga) > 500
    assert [w for w, s, p, _ in ga if errors(s, p, beta=False)] == []


def test_x_models_facts_have_the_agreed_shape() -> None:
    for model, facts in MODELS.items():
        assert set(facts) <= FACT_KEYS, model
        assert set(facts.get("thinking", [])) <= {
            "enabled",
            "adaptive",
            "disabled",
            "between_tools",
        }
        assert set(facts.get("effort", [])) <= {"low", "medium", "high", "xhigh", "max"}
        assert facts.get("sampling", "full") in ("full", "restricted")
        for key in ("max-output-tokens", "context-window"):
            assert isinstance(facts.get(key, 1), int) and not isinstance(facts.get(key, 1), bool)
        for key in ("prefill", "temperature-and-top-p", "system-role", "inference-geo"):
            assert isinstance(facts.get(key, True), bool), (model, key)
        for key in ("deprecated", "retired"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", str(facts.get(key, "2026-01-01"))), (model, key)
        assert facts.get("alias-of", model) in MODELS, model


def test_x_models_cover_the_reference_ids() -> None:
    assert [m for m in REFERENCE_IDS if m not in MODELS] == []


def test_x_models_cover_every_model_the_api_accepted(corpus_records: list[dict[str, Any]]) -> None:
    accepted = {b["model"] for r in corpus_records if r["status"] < 300 for b in _requests(r)}
    unknown = {b["model"] for r in corpus_records if r["status"] == 404 for b in _requests(r)}
    assert sorted(accepted - set(MODELS)) == []
    assert sorted(unknown & set(MODELS)) == []


def _contradictions(body: dict[str, Any], facts: dict[str, Any]) -> list[str]:
    """What in an accepted request the model's facts say the API would reject."""
    out = []
    if body.get("max_tokens", 0) > facts.get("max-output-tokens", 10**9):
        out.append("max-output-tokens")
    thinking = (body.get("thinking") or {}).get("type")
    if thinking and thinking not in facts.get("thinking", [thinking]):
        out.append("thinking")
    effort = (body.get("output_config") or {}).get("effort")
    if effort and effort not in facts.get("effort", []):
        out.append("effort")
    if "temperature" in body and "top_p" in body and facts.get("temperature-and-top-p") is False:
        out.append("temperature-and-top-p")
    messages = body.get("messages") if isinstance(body.get("messages"), list) else []
    roles = [m.get("role") for m in messages if isinstance(m, dict)]
    if "system" in roles and not facts.get("system-role", True):
        out.append("system-role")
    if roles and roles[-1] == "assistant" and not facts.get("prefill", True):
        out.append("prefill")
    if facts.get("sampling") == "restricted" and (
        body.get("temperature", 1.0) != 1.0 or body.get("top_p", 1.0) < 0.99 or "top_k" in body
    ):
        out.append("sampling")
    return out


def test_x_models_agree_with_what_the_api_accepted(corpus_records: list[dict[str, Any]]) -> None:
    found = [
        (record["source"], body["model"], c)
        for record in corpus_records
        if record["status"] < 300
        for body in _requests(record)
        if body["model"] in MODELS
        for c in _contradictions(body, MODELS[body["model"]])
    ]
    assert found == []


def test_x_models_explain_what_the_api_rejected(corpus_records: list[dict[str, Any]]) -> None:
    """The corpus's model-feature 400s follow from the facts (effort, temperature with top_p)."""
    explained = {}
    for record in corpus_records:
        message = ((record.get("response") or {}).get("error") or {}).get("message", "")
        for body in _requests(record):
            if "effort" in message or "cannot both be specified" in message:
                explained[message[:40]] = _contradictions(body, MODELS[body["model"]])
    assert len(explained) == 3
    assert all(explained.values()), explained
