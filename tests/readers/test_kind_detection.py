"""Kinds are told by the members a payload has, so a broken payload is reported as itself."""

from __future__ import annotations

import json

import pytest

from validator.cli import main
from validator.readers import KIND_ALIASES, KIND_HELP, KINDS, canonical_kind
from validator.readers.detect import detect_kind

RESPONSE = {
    "id": "msg_1",
    "role": "assistant",
    "content": [],
    "model": "claude-sonnet-4-6",
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 1, "output_tokens": 1},
}


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ({"model": "claude-sonnet-4-6", "max_tokens": 10}, "request"),
        ({"model": "claude-sonnet-4-6", "system": "be brief"}, "request"),
        ({**RESPONSE, "type": "mesage"}, "response"),
        ({**RESPONSE, "type": ["message"]}, "response"),
        ({k: v for k, v in RESPONSE.items() if k != "role"}, "response"),
        ({"error": {"type": "invalid_request_error", "message": "x"}}, "error"),
        ({"id": "b", "processing_status": "ended", "request_counts": {}}, "batch"),
        ({"name": "my-package", "version": "1.0.0"}, "unknown"),
        ({"model": "gpt-2"}, "unknown"),
    ],
)
def test_detect_by_members(value, kind) -> None:
    assert detect_kind(value) == kind


def test_broken_request_without_messages_is_reported(tmp_path, capsys) -> None:
    path = tmp_path / "req.json"
    path.write_text(json.dumps({"model": "claude-sonnet-4-6", "max_tokens": 10}))
    assert main(["check", "--format", "json", str(path)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f["pointer"] for f in doc["findings"]] == ["/messages"]


def test_response_with_a_wrong_type_is_reported(tmp_path, capsys) -> None:
    path = tmp_path / "resp.json"
    path.write_text(json.dumps({**RESPONSE, "type": "mesage"}))
    assert main(["check", "--format", "json", str(path)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["pointer"]) for f in doc["findings"]] == [("schema/const", "/type")]


@pytest.mark.parametrize("value", [{"foo": 1}, {}, {"status": 200}])
def test_exchange_needs_a_request_or_a_response(tmp_path, capsys, value) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(value))
    assert main(["check", "--kind", "exchange", str(path)]) == 1
    out = capsys.readouterr().out
    assert "All checks passed" not in out and "schema/required" in out


def test_every_old_kind_name_still_works_and_aliases_resolve(tmp_path, capsys) -> None:
    path = tmp_path / "x.json"
    path.write_text("{}")
    for kind in [k for k in KINDS if k != "unknown"]:
        assert main(["check", "--kind", kind, str(path)]) in (0, 1), kind
    for alias, kind in KIND_ALIASES.items():
        assert canonical_kind(alias) == kind
        assert main(["check", "--kind", alias, str(path)]) in (0, 1), alias
    capsys.readouterr()


def test_help_names_what_each_kind_holds(capsys) -> None:
    assert main(["check", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "MessageBatch object" in text and "batch input JSONL" in text
    assert set(KIND_HELP) == {k for k in KINDS if k != "unknown"}
