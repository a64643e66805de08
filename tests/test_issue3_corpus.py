"""Issue 3, point 10: the corpus check (tests/test_corpus_rules.py) really reads each record's
headers and URI as context, and really fails when an accepted exchange shows an error."""

from __future__ import annotations

import copy
from typing import Any

from tests.test_corpus_rules import accepted, exchanges, findings_of, retired
from validator.context import Context
from validator.findings import Severity
from validator.readers import Document

BETA_RULE = "beta/requires-beta-header"


def _beta(record: dict[str, Any]) -> bool:
    headers = {str(k).lower(): v for k, v in (record.get("request_headers") or {}).items()}
    return "beta=true" in (record.get("uri") or "") or "anthropic-beta" in headers


def test_context_is_the_records_headers_and_uri(corpus_records: list[dict[str, Any]]) -> None:
    seen = 0
    for _, record, doc in exchanges(corpus_records):
        assert doc.context.uri == record["uri"]
        recorded = record.get("request_headers") or {}
        assert {k.lower(): str(v) for k, v in (doc.context.headers or {}).items()} == {
            str(k).lower(): str(v) for k, v in recorded.items()
        }
        seen += 1
    assert seen == len(corpus_records)


def test_beta_calls_pass_only_because_their_beta_is_read(
    corpus_records: list[dict[str, Any]],
) -> None:
    """Checked without their URI and beta header, accepted beta calls do raise beta errors."""
    flagged = 0
    beta_calls = 0
    for _, record, doc in exchanges(corpus_records):
        if not accepted(record) or not _beta(record):
            continue
        beta_calls += 1
        assert not [f for f in findings_of(doc) if f.rule == BETA_RULE]
        headers = {
            k: v for k, v in (record.get("request_headers") or {}).items()
            if str(k).lower() != "anthropic-beta"
        }  # fmt: skip
        stripped = Document(doc.kind, doc.value, doc.file, doc.record, Context(headers=headers),
                            doc.locate, doc.meta)  # fmt: skip
        if any(f.rule == BETA_RULE and f.severity is Severity.ERROR for f in findings_of(stripped)):
            flagged += 1
    accepted_count = sum(accepted(r) for r in corpus_records)
    assert beta_calls > accepted_count / 2  # "more than half of the accepted exchanges"
    assert flagged >= 20, flagged  # 26 when written: the calls that use beta-only fields


def test_an_error_in_an_accepted_exchange_would_be_caught(
    corpus_records: list[dict[str, Any]],
) -> None:
    number, _, doc = next(
        (n, r, d)
        for n, r, d in exchanges(corpus_records)
        if accepted(r) and isinstance(r.get("request"), dict) and not retired(findings_of(d))
    )
    assert not [f for f in findings_of(doc) if f.severity is Severity.ERROR], number
    broken = copy.deepcopy(doc.value)
    broken["request"]["messages"].append(
        {"role": "user", "content": [{"type": "text", "text": " "}]}
    )
    mutated = Document(doc.kind, broken, doc.file, doc.record, doc.context, doc.locate, doc.meta)
    errors = [f for f in findings_of(mutated) if f.severity is Severity.ERROR]
    assert [(f.rule, f.part) for f in errors] == [("content/text-whitespace-only", "request")]
