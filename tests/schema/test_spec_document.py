"""The hand-written OpenAPI document itself: valid OpenAPI, valid examples, exact bounds.

Checked with plain jsonschema (tests/spec_cases/schema.py), independent of the engine.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from conftest import shared_path
from openapi_spec_validator import validate
from spec_cases.bounds import BETA_FIELDS, BOUNDS
from spec_cases.cases import all_cases, beta_cases
from spec_cases.schema import SCHEMAS, errors, load_spec, walk

SPEC = load_spec()
COMPONENTS: dict[str, Any] = SPEC["components"]["schemas"]
FIXED_NAMES = [
    "CreateMessageParams",
    "CountMessageTokensParams",
    "Message",
    "ErrorResponse",
    "MessageStreamEvent",
    "CreateMessageBatchParams",
    "MessageBatchIndividualRequest",
    "MessageBatchIndividualResponse",
    "MessageBatch",
    "CountMessageTokensResponse",
]
EXAMPLES = [
    (p, n["example"])
    for p, n in walk(COMPONENTS, "#/components/schemas")
    if isinstance(n, dict) and "example" in n and "/properties/example" not in p
]


def test_openapi_spec_validator_accepts_the_document() -> None:
    validate(copy.deepcopy(SPEC))


def test_fixed_component_names_exist() -> None:
    assert [n for n in FIXED_NAMES if n not in COMPONENTS] == []


def test_every_ref_resolves() -> None:
    text = json.dumps(SPEC)
    missing = sorted(set(re.findall(r"#/components/schemas/(\w+)", text)) - set(COMPONENTS))
    assert missing == []


def test_major_schemas_carry_examples() -> None:
    assert len(EXAMPLES) > 100
    assert [n for n in FIXED_NAMES if "example" not in COMPONENTS[n]] == []


@pytest.mark.parametrize(("pointer", "example"), EXAMPLES, ids=[p[21:] for p, _ in EXAMPLES])
def test_example_validates(pointer: str, example: Any) -> None:
    assert errors(pointer, example) == []


def _unions() -> list[tuple[str, dict[str, Any]]]:
    return [
        (p, n)
        for p, n in walk(COMPONENTS, "#/components/schemas")
        if isinstance(n, dict) and ("discriminator" in n or "x-discriminator" in n)
    ]


def _tags(schema: dict[str, Any]) -> set[str]:
    tag = schema["properties"]["type"]
    return {tag["const"]} if "const" in tag else set(tag.get("enum", []))


@pytest.mark.parametrize(("pointer", "union"), _unions(), ids=[p[21:] for p, _ in _unions()])
def test_discriminator_mapping_matches_member_tags(pointer: str, union: dict[str, Any]) -> None:
    disc = union.get("discriminator") or union["x-discriminator"]
    assert disc["propertyName"] == "type"
    members = {m["$ref"] for m in union["oneOf"]}
    assert set(disc["mapping"].values()) == members
    for tag, ref in disc["mapping"].items():
        target = COMPONENTS[ref[len(SCHEMAS) :]]
        assert tag in _tags(target) or (tag == "custom" and ref.endswith("/Tool")), (tag, ref)


def _reachable(root: str) -> set[str]:
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += re.findall(r"#/components/schemas/(\w+)", json.dumps(COMPONENTS[name]))
    return seen


OPEN_IN_REQUESTS = {"InputSchema", "JSONOutputFormat"}  # they hold user JSON Schemas


def test_request_objects_are_closed() -> None:
    names = _reachable("CreateMessageParams") | _reachable("CreateMessageBatchParams")
    open_nodes = [
        p
        for n in sorted(names - OPEN_IN_REQUESTS)
        for p, node in walk(COMPONENTS[n], n)
        if "/example" not in p
        and isinstance(node, dict)
        and "properties" in node
        and node.get("type") == "object"
        and node.get("additionalProperties") is not False
    ]
    assert open_nodes == []


def test_response_objects_are_open() -> None:
    names = _reachable("Message") | _reachable("MessageStreamEvent") | _reachable("MessageBatch")
    closed = [
        p
        for n in sorted(names)
        for p, node in walk(COMPONENTS[n], n)
        if "/example" not in p
        and isinstance(node, dict)
        and node.get("additionalProperties") is False
    ]
    assert closed == []


def test_apidog_examples_pass() -> None:
    for name, schema in (("request.json", "CreateMessageParams"), ("response.json", "Message")):
        payload = json.loads(shared_path("reference", "apidog-examples", name).read_text())
        assert errors(schema, payload, beta=False) == [], name


CASES = all_cases()


@pytest.mark.parametrize(
    ("case", "schema", "payload", "beta", "valid"), CASES, ids=[c[0] for c in CASES]
)
def test_named_payload_verdict(
    case: str, schema: str, payload: Any, beta: bool, valid: bool
) -> None:
    found = errors(schema, payload, beta=beta)
    assert (found == []) is valid, found


@pytest.mark.parametrize(
    ("case", "union", "payload"), beta_cases(), ids=[c[0] for c in beta_cases()]
)
def test_beta_member_needs_beta_schema(case: str, union: str, payload: Any) -> None:
    assert errors(union, payload, beta=True) == []
    assert errors(union, payload, beta=False) != []


@pytest.mark.parametrize(("case", "schema", "payload", "valid"), BOUNDS, ids=[b[0] for b in BOUNDS])
def test_bound_verdict(case: str, schema: str, payload: Any, valid: bool) -> None:
    found = errors(schema, payload, beta=False)
    assert (found == []) is valid, found


RULE_IDS = {
    "thinking/budget-below-minimum",
    "sampling/temperature-out-of-range",
    "sampling/top-p-out-of-range",
    "sampling/top-k-out-of-range",
    "tools/tool-name-invalid",
    "request/metadata-user-id-too-long",
    "batch/custom-id-invalid",
    "conversation/messages-empty",
    "conversation/too-many-messages",
    "content/text-empty",
    "request/stop-sequence-empty",
}


def test_x_rule_ids_placed_and_catalogued() -> None:
    placed = {n["x-rule"] for _, n in walk(COMPONENTS) if isinstance(n, dict) and "x-rule" in n}
    assert placed == RULE_IDS
    catalogue = {entry["id"] for entry in SPEC.get("x-rules") or []}
    assert sorted(placed - catalogue) == []


def test_beta_marks_name_betas() -> None:
    marks = [n["x-beta"] for _, n in walk(SPEC) if isinstance(n, dict) and "x-beta" in n]
    names = {b for m in marks for b in (m if isinstance(m, list) else [m])}
    assert len(marks) > 15
    assert all(re.fullmatch(r"[a-z0-9-]+-20\d\d-\d\d-\d\d", b) for b in names), names


@pytest.mark.parametrize(("case", "payload"), BETA_FIELDS, ids=[b[0] for b in BETA_FIELDS])
def test_beta_field_needs_beta_schema(case: str, payload: dict[str, Any]) -> None:
    assert errors("CreateMessageParams", payload, beta=True) == []
    assert errors("CreateMessageParams", payload, beta=False) != []


def test_beta_stop_reason_and_delta() -> None:
    message = {**COMPONENTS["Message"]["example"], "stop_reason": "compaction"}
    assert errors("Message", message, beta=True) == []
    assert errors("Message", message, beta=False) != []
