"""The real traffic of ../shared/corpus/ through `check_exchange`.

Every exchange the API accepted (2xx) must check without an error, a retired model included
(the API would answer 404 today, but the answer shows the record predates retirement: a
warning). Each
record is read as the CLI reads it (`read_exchange`: headers and URI as context, the SSE body
parsed with its event names), so beta calls are judged with their beta on. The warnings
raised there are listed with the reason they are right to be raised, and rules of the
response, stream, exchange, media and secrets families raise nothing at all on that traffic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from payloads import accepted, exchanges, findings_of, retired

from validator import engine
from validator.core.findings import Finding, Severity

QUIET_FAMILIES = ("response/", "stream/", "exchange/", "media/", "secrets/")

# Why each warning raised on accepted traffic is right to be raised there.
WARNINGS_EXPLAINED = {
    "models/deprecated-model": "the model has a deprecation date in x-models (it still answers)",
    "models/retired-model": "recorded before the retirement date in x-models: a warning then",
    "conversation/roles-not-alternating": "the API merges same-role turns; Bedrock rejects them",
    "conversation/first-message-not-user": "the first-party API accepts it; Bedrock does not",
    "sampling/removed-in-version": "no anthropic-version recorded: rejected under 2026-10-21",
    "tools/tool-input-invalid": "a replayed tool_use input that no longer fits its schema",
    "tools/tool-use-id-duplicate": "a replayed history that repeats a tool_use id",
    "models/unknown-model": "a model id missing from x-models: model rules are skipped",
    "tools/tool-use-without-result": "recorded 2024-06-12, before the API enforced the pairing",
    "tools/tool-result-without-use": "recorded 2024-06-12, before the API enforced the pairing",
}


@pytest.fixture(scope="module")
def checked(corpus_records: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any], list]]:
    return [(n, rec, findings_of(doc)) for n, rec, doc in exchanges(corpus_records)]


def test_every_record_is_read(checked: list[Any], corpus_records: list[dict[str, Any]]) -> None:
    assert len(checked) == len(corpus_records) == 476
    streamed = [n for n, rec, _ in checked if rec.get("response_sse")]
    assert len(streamed) == 40


def _line(number: int, record: dict[str, Any], f: Finding) -> str:
    model = (record.get("request") or {}).get("model")
    return f"#{number} {model} {f.rule} {f.part}:{f.pointer} {f.message[:120]}"


def _on_accepted(checked: list[Any], keep: Callable[[Finding], bool]) -> list[str]:
    """The findings `keep` picks on the exchanges the API accepted, one line each."""
    return [
        _line(n, rec, f) for n, rec, found in checked if accepted(rec) for f in found if keep(f)
    ]


def test_no_error_on_any_accepted_exchange(checked: list[Any]) -> None:
    errors = _on_accepted(checked, lambda f: f.severity is Severity.ERROR)
    assert errors == [], "\n".join(errors)


def test_accepted_exchanges_of_retired_models_get_a_warning(checked: list[Any]) -> None:
    answered = [(n, rec, found) for n, rec, found in checked if accepted(rec) and retired(found)]
    assert answered, "the corpus holds accepted calls to models retired since"
    # The 2024 history whose tool_result answers another id (records 25 and 26,
    # claude-3-opus-20240229) is among them: judged by its recording date, as a warning too.
    severities = {
        f.severity for _, _, found in answered for f in found if f.rule == "models/retired-model"
    }
    assert severities == {Severity.WARNING}


def test_a_retired_model_sent_today_is_an_error(corpus_records: list[dict[str, Any]]) -> None:
    """The same request outside its recorded exchange is what the API answers 404 today."""
    record = next(
        r for r in corpus_records if (r.get("request") or {}).get("model") == "claude-sonnet-4-0"
    )
    found = engine.check_value("request", record["request"])
    assert [f.severity for f in found if f.rule == "models/retired-model"] == [Severity.ERROR]


def test_response_stream_exchange_media_and_secrets_rules_stay_quiet(checked: list[Any]) -> None:
    noisy = _on_accepted(checked, lambda f: f.rule.startswith(QUIET_FAMILIES))
    assert noisy == [], "\n".join(noisy)


def test_corpus_warnings_are_explained(checked: list[Any]) -> None:
    warnings = Counter(
        f.rule
        for _, rec, found in checked
        if accepted(rec)
        for f in found
        if f.severity is Severity.WARNING
    )
    print("\nwarnings on accepted exchanges:")
    for rule, count in warnings.most_common():
        print(f"  {count:4d}  {rule}: {WARNINGS_EXPLAINED.get(rule, 'UNEXPLAINED')}")
    unexplained = sorted(set(warnings) - set(WARNINGS_EXPLAINED))
    assert unexplained == [], f"explain these corpus warnings in WARNINGS_EXPLAINED: {unexplained}"


def _api_message(record: dict[str, Any]) -> str:
    error = (record.get("response") or {}).get("error")
    return str(error.get("message", "")) if isinstance(error, dict) else ""


def test_rejected_exchanges_that_show_their_cause_are_flagged(checked: list[Any]) -> None:
    """4xx records whose cause is in the payload get an error; our families add no noise."""
    rejected = [(n, rec, found) for n, rec, found in checked if 400 <= rec["status"] < 500]
    assert rejected
    for n, _, found in rejected:
        assert not any(f.rule.startswith(("exchange/", "response/", "stream/")) for f in found), n
    visible = [
        (n, found)
        for n, rec, found in rejected
        if "effort" in _api_message(rec) or "top_p" in _api_message(rec)
    ]
    assert visible and all(any(f.severity is Severity.ERROR for f in found) for _, found in visible)
