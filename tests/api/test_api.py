"""The Python API: check_* functions, Report, assert_valid, check_file."""

from __future__ import annotations

import json

import pytest
from payloads import GOOD_REQUEST, GOOD_RESPONSE, GOOD_STREAM

import validator
from validator import (
    Context,
    PayloadInvalid,
    Severity,
    assert_valid,
    check_exchange,
    check_file,
    check_request,
    check_response,
    check_stream,
)

GOOD = GOOD_REQUEST
RESPONSE = GOOD_RESPONSE
STREAM = GOOD_STREAM


def test_public_names():
    for name in validator.__all__:
        assert hasattr(validator, name), name


def test_good_request_and_response_are_clean():
    assert check_request(GOOD).findings == []
    assert check_response(RESPONSE).findings == []
    assert check_stream(STREAM).findings == []
    assert check_exchange(GOOD, RESPONSE).findings == []


def test_missing_field_finding_names_the_field():
    payload = {k: v for k, v in GOOD.items() if k != "max_tokens"}
    report = check_request(payload)
    (finding,) = report.findings
    assert finding.rule == "schema/required"
    assert finding.pointer == "/max_tokens"
    assert finding.severity is Severity.ERROR
    assert "max_tokens" in finding.message
    assert finding.file is None and finding.line is None


def test_bad_block_gives_one_precise_finding():
    payload = {**GOOD, "messages": [{"role": "user", "content": [{"type": "text"}]}]}
    (finding,) = check_request(payload).findings
    assert finding.pointer == "/messages/0/content/0/text"
    assert "text" in finding.message
    assert "any of the given schemas" not in finding.message


def test_unknown_block_type_lists_allowed_types_and_is_error_in_request_warning_in_response():
    payload = {**GOOD, "messages": [{"role": "user", "content": [{"type": "fallback"}]}]}
    (finding,) = check_request(payload).findings
    assert finding.severity is Severity.ERROR and finding.pointer == "/messages/0/content/0/type"
    assert "fallback" in finding.message and "text" in finding.message
    response = {**RESPONSE, "content": [{"type": "shiny_new_block", "x": 1}]}
    (warning,) = check_response(response).findings
    assert warning.severity is Severity.WARNING
    stream = [*STREAM[:-1], {"type": "brand_new_event"}, STREAM[-1]]
    assert check_stream(stream).findings == []


def test_error_body():
    body = {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
        "request_id": "req_1",
    }
    assert check_response(body).findings == []
    bad = {"type": "error", "error": {"type": "overloaded_error"}}
    assert [f.pointer for f in check_response(bad).findings] == ["/error/message"]


def test_context_reaches_version_dependent_rules():
    payload = {**GOOD, "temperature": 0.5}
    new = check_request(payload, context=Context(headers={"anthropic-version": "2026-10-21"}))
    assert any(f.severity is Severity.ERROR and f.pointer == "/temperature" for f in new)
    old = check_request(payload, context={"headers": {"anthropic-version": "2023-06-01"}})
    assert not old.errors


def test_assert_valid_raises_assertion_error_with_text_report():
    assert_valid(GOOD)
    bad = {**GOOD, "max_tokens": -1}
    with pytest.raises(AssertionError) as info:
        assert_valid(bad)
    assert isinstance(info.value, PayloadInvalid)
    assert "/max_tokens" in str(info.value)
    assert info.value.report.errors


def test_check_file_positions(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**GOOD, "max_tokens": -1}, indent=2))
    report = check_file(path)
    (finding,) = report.findings
    assert (finding.file, finding.line) == (str(path), 3)
    assert report.files == 1 and report.documents == 1


def test_report_json_contract():
    report = check_request({**GOOD, "max_tokens": -1})
    data = report.to_dict()
    assert data["version"] == 1
    assert data["summary"]["errors"] == 1 and data["summary"]["by_rule"]
