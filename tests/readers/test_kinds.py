"""Which kind a recorded body is checked as, from its endpoint, and what the engine keeps."""

from __future__ import annotations

import pytest

from validator import Context, check_exchange
from validator.core.findings import Finding, Severity
from validator.core.kinds import request_kind, response_kind
from validator.engine import _offending
from validator.readers import Document

BATCHES = "https://api.anthropic.com/v1/messages/batches"


@pytest.mark.parametrize(
    ("uri", "kind"),
    [
        ("https://api.anthropic.com/v1/messages", "request"),
        ("https://api.anthropic.com/v1/messages?beta=true", "request"),
        ("https://api.anthropic.com/v1/messages/count_tokens", "count-tokens"),
        (BATCHES, "batch-create"),
        (f"{BATCHES}/msgbatch_01/cancel", None),
        (f"{BATCHES}/msgbatch_01", None),
    ],
)
def test_request_kind_by_endpoint(uri, kind):
    assert request_kind(Context(uri=uri)) == kind


@pytest.mark.parametrize(
    ("uri", "body", "kind"),
    [
        ("https://api.anthropic.com/v1/messages", {"type": "message"}, "response"),
        ("https://api.anthropic.com/v1/messages", {"type": "error"}, "error"),
        (
            "https://api.anthropic.com/v1/messages/count_tokens",
            {"input_tokens": 3},
            "count-tokens-response",
        ),
        (f"{BATCHES}/msgbatch_01", {"type": "message_batch"}, "batch"),
        (f"{BATCHES}/msgbatch_01/results", {"custom_id": "a"}, "batch-result"),
        (BATCHES, {"data": [], "has_more": False}, None),
    ],
)
def test_response_kind_by_endpoint_and_shape(uri, body, kind):
    assert response_kind(Context(uri=uri), body) == kind


def test_batch_cancel_has_no_body_to_check():
    report = check_exchange({}, None, context=Context(uri=f"{BATCHES}/msgbatch_01/cancel"))
    assert report.findings == []


def test_offending_header_value_found_whatever_the_case():
    doc = Document(kind="exchange", value={"request_headers": {"Anthropic-Version": "2099-01-01"}})
    finding = Finding(
        "headers/unknown-api-version",
        Severity.WARNING,
        "m",
        pointer="/anthropic-version",
        part="headers",
    )
    assert _offending(doc, finding) == "2099-01-01"


def test_the_kind_vocabulary_has_one_owner_that_the_others_agree_with() -> None:
    """validator.core.kinds owns the kind names; the lists kept elsewhere say the same."""
    from validator.cli import SCHEMA_KINDS as CLI_SCHEMA_KINDS
    from validator.core import kinds
    from validator.readers import KIND_ALIASES, KIND_HELP, KINDS, canonical_kind
    from validator.schema.errors import REQUEST_KINDS
    from validator.schema.spec import KIND_COMPONENTS
    from validator.strategies import KIND_STRATEGIES

    assert (KINDS, KIND_HELP, KIND_ALIASES) == (kinds.KINDS, kinds.KIND_HELP, kinds.KIND_ALIASES)
    assert canonical_kind is kinds.canonical_kind
    assert kinds.PAYLOAD_KINDS == tuple(KIND_HELP) == tuple(KIND_STRATEGIES)
    assert kinds.SCHEMA_KINDS == CLI_SCHEMA_KINDS == tuple(KIND_COMPONENTS)
    assert kinds.REQUEST_KINDS == REQUEST_KINDS
    assert set(KIND_ALIASES.values()) <= set(kinds.PAYLOAD_KINDS)
