"""The corpus check (tests/rules/test_corpus_rules.py) really reads each record's
headers and URI as context, and really fails when an accepted exchange shows an error."""

from __future__ import annotations

import copy
from typing import Any

from payloads import accepted, exchanges, findings_of, retired

from validator.core.context import Context
from validator.core.findings import Severity
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


# Every 4xx of the corpus: (record, part of the API's message, the rule that must flag it at
# that pointer) where the cause shows in the payload, or (record, message, why not) else.
EFFORT = "/output_config/effort"
REJECTED_VISIBLE = {
    14: ("Input does not match the expected shape", "schema/type", "/messages/0"),
    150: ("Input should be a valid list", "schema/type", "/messages/0/content"),
    153: ("cannot both be specified", "sampling/temperature-and-top-p", "/top_p"),
    154: ("does not support the effort parameter", "models/effort-unsupported", EFFORT),
    313: ("does not support effort level 'xhigh'", "models/effort-unsupported", EFFORT),
}
REJECTED_INVISIBLE = {
    1: ("invalid x-api-key", "credentials are redacted in the recording"),
    2: ("invalid x-api-key", "credentials are redacted in the recording"),
    5: ("invalid x-api-key", "credentials are redacted in the recording"),
    7: ("invalid x-api-key", "credentials are redacted in the recording"),
    15: ("invalid x-api-key", "credentials are redacted in the recording"),
    76: ("invalid x-api-key", "credentials are redacted in the recording"),
    111: ("prompt is too long", "counted in tokens: needs the tokenizer"),
    147: ("too many total text bytes", "the recording replaced the text by <MASSIVE_TEXT>"),
    148: ("rate limit", "account state"),
    149: ("rate limit", "account state"),
    152: ("rate limit", "account state"),
    151: ("Unable to download the file", "a URL fetched server side"),
    176: ("model: claude-sonet-4-5", "an id not in the table: models/unknown-model warns"),
    289: ("model: claude-does-not-exist", "an id not in the table: models/unknown-model warns"),
    470: ("Input tag 'file'", "file sources were beta then; GA since Aug 2026 (reference §5.1)"),
    472: ("Input tag 'file'", "file sources were beta then; GA since Aug 2026 (reference §5.1)"),
    474: ("Input tag 'file'", "file sources were beta then; GA since Aug 2026 (reference §5.1)"),
    476: ("Input tag 'file'", "file sources were beta then; GA since Aug 2026 (reference §5.1)"),
}


def _message(record: dict[str, Any]) -> str:
    error = (record.get("response") or {}).get("error")
    return str(error.get("message", "")) if isinstance(error, dict) else ""


def test_every_rejection_is_judged(corpus_records: list[dict[str, Any]]) -> None:
    rejected = {n for n, r in enumerate(corpus_records, 1) if 400 <= r["status"] < 500}
    assert rejected == set(REJECTED_VISIBLE) | set(REJECTED_INVISIBLE)
    for number, (_, (text, _)) in zip(REJECTED_INVISIBLE, REJECTED_INVISIBLE.items(), strict=True):
        assert text in _message(corpus_records[number - 1]), number


def test_rejections_visible_in_the_payload_get_the_right_rule(
    corpus_records: list[dict[str, Any]],
) -> None:
    docs = {n: d for n, _, d in exchanges(corpus_records)}
    for number, (text, rule, pointer) in REJECTED_VISIBLE.items():
        assert text in _message(corpus_records[number - 1]), number
        errors = {
            (f.rule, f.part, f.pointer)
            for f in findings_of(docs[number])
            if f.severity is Severity.ERROR
        }
        assert (rule, "request", pointer) in errors, (number, errors)
    for number in REJECTED_INVISIBLE:
        errors = [f.rule for f in findings_of(docs[number]) if f.severity is Severity.ERROR]
        assert errors == [], (number, errors)
