"""Exported JSON Schemas: standalone draft 2020-12, docs kept, and they agree with the fixtures."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from validator.cli import main
from validator.core.context import endpoint_of
from validator.schema.export import KINDS, export_schema

ROOT = Path(__file__).parents[2]
KIND_OF_ENDPOINT = {"messages": "request", "count_tokens": "count-tokens"}


def validator_of(kind: str) -> Draft202012Validator:
    return Draft202012Validator(export_schema(kind))


def walk(node, path=()):
    """(path, schema node) for every dict in the schema."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*path, i))


@pytest.mark.parametrize("kind", KINDS)
def test_export_is_a_standalone_draft_2020_12_schema(kind):
    schema = export_schema(kind)
    Draft202012Validator.check_schema(schema)  # valid under the 2020-12 metaschema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for path, node in walk(schema):
        ref = node.get("$ref")
        assert ref is None or (isinstance(ref, str) and ref.startswith("#/$defs/")), path
        if ref is not None:
            assert ref.removeprefix("#/$defs/") in schema["$defs"], path
        # OpenAPI-only keywords are gone (property names are not keywords: skip those maps).
        if path and path[-1] in ("properties", "$defs", "patternProperties"):
            continue
        assert not [k for k in node if k.startswith("x-") or k in ("discriminator", "nullable")]
        assert "example" not in node or path[-1:] == ("properties",)


def test_docs_are_kept_for_editor_hover():
    schema = export_schema("request")
    root = schema["$defs"]["CreateMessageParams"]
    assert schema["title"] and root["examples"]
    described = [p for p, node in walk(schema) if isinstance(node.get("description"), str)]
    assert len(described) >= 10


def test_every_spec_example_is_accepted_by_its_own_definition():
    checked = 0
    for kind in KINDS:
        schema = export_schema(kind)
        for name, definition in schema["$defs"].items():
            for example in definition.get("examples", []) if isinstance(definition, dict) else []:
                one = Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"})
                errors = [e.message for e in one.iter_errors(example)]
                assert not errors, (kind, name, errors)
                checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("request", "examples/request.json"),
        ("request", "tests/data/readers/request.json"),
        ("count-tokens", "tests/data/readers/count_tokens.json"),
    ],
)
def test_valid_fixture_files_are_accepted(kind, path):
    payload = json.loads((ROOT / path).read_text())
    assert [e.message for e in validator_of(kind).iter_errors(payload)] == []


def test_valid_corpus_traffic_is_accepted(corpus_records):
    validators = {kind: validator_of(kind) for kind in ("request", "count-tokens", "response")}
    events = validator_of("stream-event")
    from validator.readers.sse import parse_text

    counted = {"request": 0, "response": 0, "event": 0}
    for record in corpus_records:
        if not (200 <= (record.get("status") or 0) < 300):
            continue
        kind = KIND_OF_ENDPOINT.get(endpoint_of(record.get("uri") or "") or "")
        if kind and isinstance(record.get("request"), dict):
            errors = [e.message for e in validators[kind].iter_errors(record["request"])]
            assert not errors, (record["source"], errors)
            counted["request"] += 1
        response = record.get("response")
        if kind == "request" and isinstance(response, dict) and response.get("type") == "message":
            errors = [e.message for e in validators["response"].iter_errors(response)]
            assert not errors, (record["source"], errors)
            counted["response"] += 1
        if isinstance(record.get("response_sse"), str):
            for event in parse_text(record["response_sse"]).events:
                assert not list(events.iter_errors(event)), (record["source"], event)
                counted["event"] += 1
    assert counted["request"] > 300 and counted["response"] > 100 and counted["event"] > 100


GOOD = json.loads((ROOT / "examples/request.json").read_text())


def _mutants():
    def change(fn):
        payload = copy.deepcopy(GOOD)
        fn(payload)
        return payload

    yield "missing model", change(lambda p: p.pop("model"))
    yield "max_tokens a string", change(lambda p: p.update(max_tokens="many"))
    yield "messages an object", change(lambda p: p.update(messages={"role": "user"}))
    yield "role bot", change(lambda p: p["messages"][0].update(role="bot"))
    yield (
        "unknown block type",
        change(
            lambda p: p["messages"].__setitem__(0, {"role": "user", "content": [{"type": "nope"}]})
        ),
    )
    yield (
        "text block without text",
        change(
            lambda p: p["messages"].__setitem__(0, {"role": "user", "content": [{"type": "text"}]})
        ),
    )
    yield "unknown top-level field", change(lambda p: p.update(temprature=0.5))
    yield "bad-request.json", json.loads((ROOT / "examples/bad-request.json").read_text())


@pytest.mark.parametrize(("name", "payload"), list(_mutants()), ids=[n for n, _ in _mutants()])
def test_schema_expressible_faults_are_rejected(name, payload):
    from validator import check_request

    # The engine calls each of these a schema fault, and so does the exported schema.
    assert any(f.rule.startswith("schema/") for f in check_request(payload).findings), name
    assert list(validator_of("request").iter_errors(payload)), name


def test_schema_command_writes_the_schema(tmp_path, capsys):
    out = tmp_path / "request.schema.json"
    assert main(["schema", "request", "--output", str(out)]) == 0
    assert json.loads(out.read_text()) == export_schema("request")
    assert main(["schema", "error"]) == 0
    assert json.loads(capsys.readouterr().out) == export_schema("error")
    assert main(["schema", "no-such-kind"]) == 2


def test_check_jsonschema_command_line_agrees(tmp_path):
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("check-jsonschema is not installed beside this Python")
    schema = tmp_path / "request.schema.json"
    schema.write_text(json.dumps(export_schema("request")))

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, "--schemafile", str(schema), str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    good = run(ROOT / "examples/request.json")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = run(ROOT / "examples/bad-request.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "text" in bad.stdout


def test_corpus_requests_with_schema_faults_are_rejected(corpus_records):
    from validator import check
    from validator.readers.exchange import exchange_context

    validators = {kind: validator_of(kind) for kind in ("request", "count-tokens")}
    rejected = 0
    for record in corpus_records:
        kind = KIND_OF_ENDPOINT.get(endpoint_of(record.get("uri") or "") or "")
        if not kind or not isinstance(record.get("request"), dict):
            continue
        context = exchange_context(record, None)
        findings = check(record["request"], kind, context=context).findings
        if any(f.rule.startswith("schema/") and f.severity.value == "error" for f in findings):
            assert list(validators[kind].iter_errors(record["request"])), record["source"]
            rejected += 1
    assert rejected >= 2  # the API refused these (400) for a shape the schema can express
