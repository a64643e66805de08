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


def _req(**fields: Any) -> dict[str, Any]:
    return {
        "model": "claude-opus-4-8",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": "Hi"}],
        **fields,
    }


def _tool(**fields: Any) -> dict[str, Any]:
    return _req(tools=[{"name": "get_weather", "input_schema": {"type": "object"}, **fields}])


def _web(**fields: Any) -> dict[str, Any]:
    return _req(tools=[{"type": "web_search_20250305", "name": "web_search", **fields}])


def _doc(**fields: Any) -> dict[str, Any]:
    block = {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": "x"},
        **fields,
    }
    return _req(messages=[{"role": "user", "content": [block]}])


# (id, schema, payload, valid): the reference's bounds at and just past each edge (inclusive
# where the reference says so; the Apidog page renders them as exclusive).
BOUNDS: list[tuple[str, str, Any, bool]] = [
    ("max_tokens=0", "CreateMessageParams", _req(max_tokens=0), True),
    ("max_tokens=-1", "CreateMessageParams", _req(max_tokens=-1), False),
    (
        "max_tokens missing",
        "CreateMessageParams",
        {"model": "m", "messages": [{"role": "user", "content": "x"}]},
        False,
    ),
    (
        "count_tokens without max_tokens",
        "CountMessageTokensParams",
        {"model": "m", "messages": [{"role": "user", "content": "x"}]},
        True,
    ),
    ("count_tokens max_tokens", "CountMessageTokensParams", _req(), False),
    ("messages empty", "CreateMessageParams", _req(messages=[]), False),
    (
        "role system",
        "CreateMessageParams",
        _req(messages=[{"role": "user", "content": "a"}, {"role": "system", "content": "b"}]),
        True,
    ),
    ("role tool", "CreateMessageParams", _req(messages=[{"role": "tool", "content": "a"}]), False),
    ("temperature=0", "CreateMessageParams", _req(temperature=0), True),
    ("temperature=1", "CreateMessageParams", _req(temperature=1), True),
    ("temperature=1.01", "CreateMessageParams", _req(temperature=1.01), False),
    ("top_p=1", "CreateMessageParams", _req(top_p=1), True),
    ("top_p=-0.1", "CreateMessageParams", _req(top_p=-0.1), False),
    ("top_k=0", "CreateMessageParams", _req(top_k=0), True),
    ("top_k=-1", "CreateMessageParams", _req(top_k=-1), False),
    (
        "budget=1024",
        "CreateMessageParams",
        _req(thinking={"type": "enabled", "budget_tokens": 1024}),
        True,
    ),
    (
        "budget=1023",
        "CreateMessageParams",
        _req(thinking={"type": "enabled", "budget_tokens": 1023}),
        False,
    ),
    ("user_id 512", "CreateMessageParams", _req(metadata={"user_id": "u" * 512}), True),
    ("user_id 513", "CreateMessageParams", _req(metadata={"user_id": "u" * 513}), False),
    ("stop_sequences ['']", "CreateMessageParams", _req(stop_sequences=[""]), False),
    (
        "text ''",
        "CreateMessageParams",
        _req(messages=[{"role": "user", "content": [{"type": "text", "text": ""}]}]),
        False,
    ),
    ("system text ''", "CreateMessageParams", _req(system=[{"type": "text", "text": ""}]), False),
    ("unknown top-level field", "CreateMessageParams", _req(foo=1), False),
    (
        "unknown block field",
        "CreateMessageParams",
        _req(messages=[{"role": "user", "content": [{"type": "text", "text": "a", "x": 1}]}]),
        False,
    ),
    (
        "unknown block type",
        "CreateMessageParams",
        _req(messages=[{"role": "user", "content": [{"type": "fallback"}]}]),
        False,
    ),
    (
        "cache_control ttl 1h",
        "CreateMessageParams",
        _req(cache_control={"type": "ephemeral", "ttl": "1h"}),
        True,
    ),
    (
        "cache_control ttl 2h",
        "CreateMessageParams",
        _req(cache_control={"type": "ephemeral", "ttl": "2h"}),
        False,
    ),
    (
        "thinking block cache_control",
        "CreateMessageParams",
        _req(
            messages=[
                {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "thinking",
                            "thinking": "t",
                            "signature": "s",
                            "cache_control": {"type": "ephemeral"},
                        }
                    ],
                }
            ]
        ),
        False,
    ),
    ("tool name 128", "CreateMessageParams", _tool(name="a" * 128), True),
    ("tool name 129", "CreateMessageParams", _tool(name="a" * 129), False),
    ("tool name with space", "CreateMessageParams", _tool(name="get weather"), False),
    ("tool name trailing newline", "CreateMessageParams", _tool(name="get_weather\n"), False),
    ("custom tool type custom", "CreateMessageParams", _tool(type="custom"), True),
    ("custom tool type null", "CreateMessageParams", _tool(type=None), True),
    (
        "input_schema type array",
        "CreateMessageParams",
        _req(tools=[{"name": "t", "input_schema": {"type": "array"}}]),
        False,
    ),
    (
        "anthropic tool wrong name",
        "CreateMessageParams",
        _req(tools=[{"type": "text_editor_20250124", "name": "str_replace_based_edit_tool"}]),
        False,
    ),
    ("max_uses=1", "CreateMessageParams", _web(max_uses=1), True),
    ("max_uses=0", "CreateMessageParams", _web(max_uses=0), False),
    (
        "country FR",
        "CreateMessageParams",
        _web(user_location={"type": "approximate", "country": "FR"}),
        True,
    ),
    (
        "country FRA",
        "CreateMessageParams",
        _web(user_location={"type": "approximate", "country": "FRA"}),
        False,
    ),
    ("document title 500", "CreateMessageParams", _doc(title="t" * 500), True),
    ("document title 501", "CreateMessageParams", _doc(title="t" * 501), False),
    ("document context ''", "CreateMessageParams", _doc(context=""), False),
    (
        "tool_use id pattern",
        "CreateMessageParams",
        _req(
            messages=[
                {
                    "role": "assistant",
                    "content": [{"type": "tool_use", "id": "toolu 1", "name": "t", "input": {}}],
                }
            ]
        ),
        False,
    ),
    (
        "server_tool_use id pattern",
        "CreateMessageParams",
        _req(
            messages=[
                {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "server_tool_use",
                            "id": "toolu_1",
                            "name": "web_search",
                            "input": {},
                        }
                    ],
                }
            ]
        ),
        False,
    ),
    (
        "image media type",
        "CreateMessageParams",
        _req(
            messages=[
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "image",
                            "source": {"type": "base64", "media_type": "image/bmp", "data": "AA=="},
                        }
                    ],
                }
            ]
        ),
        False,
    ),
    ("effort xhigh", "CreateMessageParams", _req(output_config={"effort": "xhigh"}), True),
    ("effort extreme", "CreateMessageParams", _req(output_config={"effort": "extreme"}), False),
    (
        "custom_id 64",
        "MessageBatchIndividualRequest",
        {"custom_id": "c" * 64, "params": _req()},
        True,
    ),
    (
        "custom_id 65",
        "MessageBatchIndividualRequest",
        {"custom_id": "c" * 65, "params": _req()},
        False,
    ),
    (
        "custom_id dot",
        "MessageBatchIndividualRequest",
        {"custom_id": "a.b", "params": _req()},
        False,
    ),
    ("batch requests empty", "CreateMessageBatchParams", {"requests": []}, False),
    ("response text 5M", "TextBlock", {"type": "text", "text": "x" * 5_000_000}, True),
    ("response text 5M+1", "TextBlock", {"type": "text", "text": "x" * 5_000_001}, False),
    (
        "response unknown field",
        "Message",
        {**COMPONENTS["Message"]["example"], "new_field": 1},
        True,
    ),
    (
        "response without stop_details/container",
        "Message",
        {
            k: v
            for k, v in COMPONENTS["Message"]["example"].items()
            if k not in ("stop_details", "container")
        },
        True,
    ),
    ("usage negative", "Usage", {"input_tokens": -1, "output_tokens": 0}, False),
]


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
