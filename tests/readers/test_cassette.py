"""VCR cassettes read by content: records by position, lines, bodies in every recorded form."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import yaml
from payloads import GOOD_REQUEST, GOOD_RESPONSE

from validator.core.findings import Finding
from validator.readers import Document, read_path, read_text
from validator.run.runner import check_paths

DATA = Path(__file__).parents[1] / "data" / "cassettes"
RESPONSE = GOOD_RESPONSE


def _items(path: Path | str, **kw: Any) -> list[Document | Finding]:
    return list(read_path(str(path), **kw))


def _docs(items: list[Any]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _cassette(tmp_path: Path, interactions: list[dict[str, Any]], name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}))
    return path


def _interaction(req_body: Any, resp_body: Any, status: int = 200, **extra: Any) -> dict:
    return {
        "request": {
            "method": "POST",
            "uri": extra.get("uri", "https://api.anthropic.com/v1/messages"),
            "headers": {"anthropic-version": ["2023-06-01"]},
            "body": req_body,
        },
        "response": {
            "status": {"code": status, "message": "OK"},
            "headers": extra.get("resp_headers", {"content-type": ["application/json"]}),
            "body": {"string": resp_body},
        },
    }


def test_vcrpy_records_count_other_hosts_and_carry_lines() -> None:
    docs = _docs(_items(DATA / "vcrpy.yaml"))
    assert [d.record for d in docs] == [2, 3]  # interaction 1 is example.com: no document
    assert [d.meta["line"] for d in docs] == [16, 45]  # each `- request:` line
    first = docs[0]
    assert first.context.uri == "https://api.anthropic.com/v1/messages"
    assert first.context.header("anthropic-version") == "2023-06-01"
    assert first.context.recorded_at == "Fri, 28 Nov 2025 09:13:24 GMT"
    assert first.value["status"] == 400 and first.value["request"]["temperature"] == 3
    assert docs[1].value["stream"][0]["type"] == "message_start"  # the SSE body, parsed


def test_vcrpy_findings_point_into_parsed_body() -> None:
    report = check_paths([str(DATA / "vcrpy.yaml")])
    [f] = report.findings
    assert (f.rule, f.record, f.line, f.column) == ("sampling/temperature-out-of-range", 2, 29, 20)


def test_ruby_vcr_binary_body_and_recorded_at() -> None:
    docs = _docs(_items(DATA / "ruby_vcr.yml"))
    assert [d.record for d in docs] == [1, 2]
    assert docs[0].value["response"]["id"] == "msg_1"  # the `!binary` base64 body
    assert docs[0].context.recorded_at == "Fri, 01 Aug 2025 09:55:56 GMT"
    report = check_paths([str(DATA / "ruby_vcr.yml")])
    assert [(f.rule, f.record, f.line) for f in report.findings] == [("schema/minimum", 2, 31)]


def test_gzip_binary_body(tmp_path: Path) -> None:
    body = gzip.compress(json.dumps(RESPONSE).encode())
    text = (
        "interactions:\n- request:\n    method: POST\n    uri: https://api.anthropic.com/v1/messages\n"
        f"    body: '{json.dumps(GOOD_REQUEST)}'\n    headers: {{}}\n  response:\n"
        "    status: {code: 200, message: OK}\n    headers: {content-encoding: [gzip]}\n"
        "    body:\n      string: !!binary |\n        "
        + base64.b64encode(body).decode()
        + "\nversion: 1\n"
    )
    path = tmp_path / "gz.yaml"
    path.write_text(text)
    [doc] = _docs(_items(path))
    assert doc.value["response"] == RESPONSE


def test_chunked_body_is_unframed(tmp_path: Path) -> None:
    raw = json.dumps(RESPONSE)
    chunked = f"{len(raw[:10]):x}\r\n{raw[:10]}\r\n{len(raw[10:]):x}\r\n{raw[10:]}\r\n0\r\n\r\n"
    path = _cassette(tmp_path, [_interaction(json.dumps(GOOD_REQUEST), chunked)])
    [doc] = _docs(_items(path))
    assert doc.value["response"] == RESPONSE


def test_python_tagged_header_names(tmp_path: Path) -> None:
    text = (
        "interactions:\n- request:\n    method: POST\n    uri: https://api.anthropic.com/v1/messages\n"
        f"    body: '{json.dumps(GOOD_REQUEST)}'\n    headers:\n"
        "      ? !!python/object/apply:multidict._multidict.istr\n      - anthropic-version\n"
        "      : - '2023-06-01'\n  response:\n    status: {code: 200, message: OK}\n"
        "    headers: {}\n    body: {string: ''}\nversion: 1\n"
    )
    path = tmp_path / "aiohttp.yaml"
    path.write_text(text)
    [doc] = _docs(_items(path, hook_mode=True))
    assert doc.context.header("anthropic-version") == "2023-06-01"


def test_unreadable_messages_body_is_a_finding(tmp_path: Path) -> None:
    path = _cassette(
        tmp_path,
        [_interaction("{not json", json.dumps(RESPONSE)), _interaction(None, "")],
    )
    report = check_paths([str(path)], hook_mode=True)
    assert [(f.rule, f.record, f.part) for f in report.findings] == [
        ("syntax/invalid-json", 1, "request"),
        ("syntax/invalid-json", 2, "request"),
    ]
    assert report.failed("error")


def test_other_endpoints_draw_nothing(tmp_path: Path) -> None:
    other = _interaction(None, '{"data": []}', uri="https://api.anthropic.com/v1/models")
    other["request"]["method"] = "GET"
    path = _cassette(tmp_path, [other])
    assert check_paths([str(path)]).findings == []
    assert check_paths([str(path)], hook_mode=True).findings == []


def test_bedrock_and_vertex_are_checked_with_platform_differences(tmp_path: Path) -> None:
    body = {k: v for k, v in GOOD_REQUEST.items() if k != "model"}
    bedrock = _interaction(
        json.dumps({**body, "anthropic_version": "bedrock-2023-05-31"}),
        json.dumps(RESPONSE),
        uri="https://bedrock-runtime.us-east-1.amazonaws.com/model/"
        "us.anthropic.claude-sonnet-4-6-v1:0/invoke",
    )
    vertex = _interaction(
        json.dumps({**body, "anthropic_version": "vertex-2023-10-16", "max_tokens": -1}),
        json.dumps(RESPONSE),
        uri="https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/"
        "publishers/anthropic/models/claude-sonnet-4-6:rawPredict",
    )
    path = _cassette(tmp_path, [bedrock, vertex])
    docs = _docs(_items(path))
    assert [d.meta["platform"] for d in docs] == ["bedrock", "vertex"]
    assert docs[0].value["request"]["model"] == "claude-sonnet-4-6"
    assert "anthropic_version" not in docs[0].value["request"]
    report = check_paths([str(path)])
    assert {f.record for f in report.errors} == {2}
    assert ("schema/minimum", "request") in {(f.rule, f.part) for f in report.errors}


def test_json_cassette_and_detection_without_extension_hint(tmp_path: Path) -> None:
    cassette = {"interactions": [_interaction(json.dumps({**GOOD_REQUEST, "top_k": -1}), "")]}
    text = json.dumps(cassette, indent=1)
    items = list(read_text(text, "recording.json"))
    [doc] = _docs(items)
    assert doc.record == 1 and doc.meta["line"] == 3
    path = tmp_path / "tests" / "cassettes" / "deep" / "x.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(cassette))
    report = check_paths([str(tmp_path / "tests")], hook_mode=True)
    assert report.documents == 1 and report.errors


def test_cassette_hook_pattern_and_run(tmp_path: Path) -> None:
    """The shipped cassette hook catches cassette folders, and its entry fails a bad one."""
    import re

    from validator.cli import main

    root = Path(__file__).resolve().parents[2]
    hooks = {h["id"]: h for h in yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())}
    hook = hooks["messages-validator-cassettes"]
    pattern = re.compile(hook["files"])
    for name in (
        "tests/cassettes/test_x/a.yaml",
        "spec/fixtures/vcr_cassettes/b.yml",
        "tests/lib/tools/nockFixtures/T.json",
        "tests/cassettes/c.yaml.gz",
    ):
        assert pattern.search(name), name
    assert not pattern.search("src/config.yaml") and not pattern.search("cassettes/a.txt")
    traffic = re.compile(hooks["messages-validator-traffic"]["files"])
    assert traffic.search("logs/traffic.jsonl.gz") and traffic.search("s.har.gz")
    args = hook["entry"].split()[1:]
    assert main([*args, str(DATA / "vcrpy.yaml")]) == 1
    assert main([*args, str(DATA / "nock.json")]) == 1
