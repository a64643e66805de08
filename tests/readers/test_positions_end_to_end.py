"""Positions end to end, lazily; kind detection and `--kind`.

Through the public `check_file` and the CLI (not the reader alone): a finding in a JSON or a
YAML file carries the 1-based line and column of the offending value, a missing member the
position of the object that lacks it; a clean document never maps a pointer to a position
(neither the JSON locator nor the YAML composer runs). A count_tokens body is told from a
create body missing `max_tokens` only by context: a filename hint, `--kind`, a recorded URI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from validator import check_file
from validator.cli import main
from validator.readers import locate, yaml_payload

REQUEST_JSON = """{
  "model": "claude-haiku-4-5",
  "max_tokens": 1024,
  "messages": [
    {"role": "user", "content": [
      {"type": "text", "text": "Hi", "cache_control": {"type": "ephemeral", "ttl": "2h"}}]},
    {"role": "assistant", "content": [{"type": "text"}]},
    {"role": "user", "content": "ok"}
  ],
  "temperature": 1.5
}
"""
REQUEST_YAML = """model: claude-haiku-4-5
max_tokens: 1024
messages:
  - role: user
    content:
      - type: text
        text: Hi
        cache_control: {type: ephemeral, ttl: 2h}
  - role: assistant
    content:
      - type: text
  - role: user
    content: ok
temperature: 1.5
"""
CLEAN = {
    "model": "claude-haiku-4-5",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": "Hi"}],
}
COUNT = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "Hi"}]}


def at(text: str, line: int, needle: str) -> tuple[int, int]:
    """(line, 1-based column) of the first `needle` on `line` of `text`."""
    return line, text.splitlines()[line - 1].index(needle) + 1


# pointer -> (line, column) in REQUEST_JSON / REQUEST_YAML
JSON_AT = {
    "/messages/0/content/0/cache_control/ttl": at(REQUEST_JSON, 6, '"2h"'),
    # missing: the `{` of the block that lacks it
    "/messages/1/content/0/text": at(REQUEST_JSON, 7, '{"type": "text"}'),
    "/temperature": at(REQUEST_JSON, 10, "1.5"),
}
YAML_AT = {
    "/messages/0/content/0/cache_control/ttl": at(REQUEST_YAML, 8, "2h"),
    "/messages/1/content/0/text": at(REQUEST_YAML, 11, "type"),  # the mapping that lacks it
    "/temperature": at(REQUEST_YAML, 14, "1.5"),
}


def positions(path: Path) -> dict[str, tuple[int | None, int | None]]:
    report = check_file(str(path))
    return {f.pointer: (f.line, f.column) for f in report.findings}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [("req.json", REQUEST_JSON, JSON_AT), ("req.yaml", REQUEST_YAML, YAML_AT)],
)
def test_findings_carry_the_position_of_the_offending_value(
    tmp_path: Path, name: str, text: str, expected: dict[str, tuple[int, int]]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    found = positions(path)
    assert {p: found.get(p) for p in expected} == expected


def test_json_report_of_the_cli_carries_the_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "req.json"
    path.write_text(REQUEST_JSON, encoding="utf-8")
    assert main(["check", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {f["pointer"]: (f["line"], f["column"]) for f in report["findings"]}
    assert {p: found.get(p) for p in JSON_AT} == JSON_AT


@pytest.fixture
def locator_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every pointer -> position mapping (JSON locator, YAML composer)."""
    calls: list[str] = []
    json_position = locate.JsonText.position
    composed = yaml_payload._composed.__wrapped__

    def spy_json(self: Any, tokens: Any) -> Any:
        calls.append("json")
        return json_position(self, tokens)

    def spy_yaml(text: str) -> Any:
        calls.append("yaml")
        return composed(text)

    monkeypatch.setattr(locate.JsonText, "position", spy_json)
    monkeypatch.setattr(yaml_payload, "_composed", spy_yaml)
    return calls


@pytest.mark.parametrize(
    ("name", "indent", "line"),
    [("clean.json", 2, 3), ("clean.yaml", 2, 3), ("clean.jsonl", None, 1)],
)
def test_a_clean_document_is_never_located(
    tmp_path: Path, locator_calls: list[str], name: str, indent: int | None, line: int
) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(CLEAN, indent=indent) + "\n", encoding="utf-8")  # JSON is YAML
    assert check_file(str(path)).findings == []
    assert locator_calls == []
    broken = {**CLEAN, "max_tokens": -1}
    path.write_text(json.dumps(broken, indent=indent) + "\n", encoding="utf-8")
    found = check_file(str(path)).findings
    assert [(f.pointer, f.line) for f in found] == [("/max_tokens", line)]
    assert locator_calls  # the same reader does locate once there is a finding


# -- kinds ----------------------------------------------------------------------------------
def kinds_of(tmp_path: Path, name: str, value: Any, *flags: str) -> list[tuple[str, str]]:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    report = check_file(str(path), kind=flags[0]) if flags else check_file(str(path))
    return sorted({(f.rule, f.pointer) for f in report.findings})


def test_a_body_without_max_tokens_is_a_create_request_missing_it(tmp_path: Path) -> None:
    assert ("schema/required", "/max_tokens") in kinds_of(tmp_path, "body.json", COUNT)


def test_count_tokens_by_filename_hint_or_kind(tmp_path: Path) -> None:
    assert kinds_of(tmp_path, "count_tokens.json", COUNT) == []
    assert kinds_of(tmp_path, "body.json", COUNT, "count-tokens") == []
    # and a create body forced to count-tokens is judged as one: max_tokens is unexpected
    assert ("schema/unknown-field", "/max_tokens") in kinds_of(
        tmp_path, "body.json", CLEAN, "count-tokens"
    )


def test_count_tokens_by_recorded_uri(tmp_path: Path) -> None:
    line = {
        "request": COUNT,
        "response": {"input_tokens": 12},
        "uri": "https://api.anthropic.com/v1/messages/count_tokens",
        "status": 200,
        "request_headers": {"anthropic-version": "2023-06-01"},
    }
    path = tmp_path / "traffic.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert [(f.rule, f.pointer) for f in check_file(str(path)).findings] == []
    line["uri"] = "https://api.anthropic.com/v1/messages"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    found = [(f.rule, f.pointer) for f in check_file(str(path)).findings]
    assert ("schema/required", "/max_tokens") in found


@pytest.mark.parametrize(
    ("value", "forced", "pointer"),
    [
        # detected as a response (type: message), forced to be a request
        ({"type": "message", "role": "assistant"}, "request", "/messages"),
        # detected as a request, forced to be a response
        (CLEAN, "response", "/id"),
        # detected as an error body, forced to be a batch result line
        ({"type": "error", "error": {"type": "api_error", "message": "x"}}, "batch-result", ""),
    ],
)
def test_kind_flag_forces_the_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: Any, forced: str, pointer: str
) -> None:
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    assert main(["check", "--format", "json", "--kind", forced, str(path)]) == 1
    pointers = {f["pointer"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert pointer in pointers or any(p.startswith(pointer + "/") for p in pointers)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (CLEAN, "request"),
        ({"type": "message"}, "response"),
        ({"type": "error", "error": {}}, "error"),
        ({"custom_id": "a", "params": CLEAN}, "batch-line"),
        ({"custom_id": "a", "result": {"type": "canceled"}}, "batch-result"),
        ({"requests": [{"custom_id": "a", "params": CLEAN}]}, "batch-create"),
        ({"type": "message_batch"}, "batch"),
        ({"type": "content_block_stop", "index": 0}, "stream-event"),
        ({"name": "pkg"}, "unknown"),
    ],
)
def test_single_payload_kind_detection(tmp_path: Path, value: Any, kind: str) -> None:
    from validator.readers import read_path

    path = tmp_path / "p.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    docs = list(read_path(str(path)))
    assert [getattr(d, "kind", None) for d in docs] == [kind]
