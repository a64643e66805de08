"""The schema engine: compilation, the fast/detailed paths, and the findings they give.

Most tests run on a small OpenAPI document of their own (so they pin the engine, not the
spec's current content); the last group runs the real packaged spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from validator.core.context import Context
from validator.core.findings import Severity
from validator.schema import errors as schema_errors
from validator.schema import spec
from validator.schema.compile import compile_kind, compile_with_problems
from validator.schema.errors import schema_findings
from validator.schema.patterns import EcmaValidator, search


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def block(tag: str, **props: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["type", *props],
        "properties": {"type": {"const": tag}, **props},
    }


MINI: dict[str, Any] = {
    "openapi": "3.1.0",
    "components": {
        "schemas": {
            "Req": {
                "type": "object",
                "additionalProperties": False,
                "required": ["blocks"],
                "properties": {
                    "blocks": {"type": "array", "items": ref("Block")},
                    "content": {
                        "anyOf": [{"type": "string"}, {"type": "array", "items": ref("Block")}]
                    },
                    "level": {"type": "number", "minimum": 0, "maximum": 1, "x-rule": "demo/level"},
                    "wrapped": {**ref("Small"), "x-rule": "demo/wrapped"},
                    "secret": {"type": "string", "x-beta": "secret-2026-01-01"},
                    "id": {"type": "string", "pattern": "^[a-z]+$"},
                    "mode": {"oneOf": [{"enum": ["a", "b"]}, {"const": "c", "x-beta": "c-2026"}]},
                },
                "example": {"blocks": []},
                "x-internal": "dropped",
            },
            "Small": {"type": "integer", "maximum": 3},
            "Block": {
                "oneOf": [ref("Text"), ref("Image"), ref("Shiny")],
                "discriminator": {"propertyName": "type"},
            },
            "Text": block("text", text={"type": "string", "minLength": 1}),
            "Image": block("image", source={"type": "string"}),
            "Shiny": {**block("shiny", glow={"type": "integer"}), "x-beta": ["b1-2026", "b2-2026"]},
            "Resp": {
                "type": "object",
                "required": ["content"],
                "properties": {"content": {"type": "array", "items": ref("Block")}},
            },
            "Event": {
                "oneOf": [ref("Ping"), ref("Delta")],
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {"ping": ref("Ping")["$ref"], "delta": ref("Delta")["$ref"]},
                },
            },
            "Ping": {"type": "object", "properties": {"type": {"const": "ping"}}},
            "Delta": {
                "type": "object",
                "required": ["type", "block"],
                "properties": {"type": {"const": "delta"}, "block": ref("Block")},
            },
        }
    },
}


@pytest.fixture
def mini(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the engine at MINI: request=Req, response=Resp, stream-event=Event."""
    schema_errors.clear_caches()
    monkeypatch.setattr(spec, "load_spec", lambda: MINI)
    kinds = {"request": "Req", "response": "Resp", "stream-event": "Event"}
    monkeypatch.setattr(spec, "KIND_COMPONENTS", kinds)
    yield
    schema_errors.clear_caches()


def pairs(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.rule, f.pointer) for f in findings]


# -- compilation ----------------------------------------------------------------------------
def test_discriminated_union_becomes_if_then_on_type() -> None:
    schema = compile_kind(MINI, "Block", beta=True)
    union = schema["$defs"]["Block"]
    assert "oneOf" not in union
    assert union["properties"]["type"]["enum"] == ["text", "image", "shiny"]
    conditions, branch = [], union["allOf"][0]
    while branch:
        conditions.append(branch["if"]["properties"]["type"]["enum"])
        branch = branch.get("else")
    assert conditions == [["text"], ["image"], ["shiny"]]


def test_ga_variant_drops_beta_members_and_fields_but_remembers_them() -> None:
    schema = compile_kind(MINI, "Req", beta=False)
    req, union = schema["$defs"]["Req"], schema["$defs"]["Block"]
    assert "secret" not in req["properties"]
    assert req["x-beta-fields"] == {"secret": ["secret-2026-01-01"]}
    assert union["properties"]["type"]["enum"] == ["text", "image"]
    assert union["properties"]["type"]["x-discriminator"]["beta"] == {
        "shiny": ["b1-2026", "b2-2026"]
    }
    assert "Shiny" not in schema["$defs"]


def test_string_or_array_becomes_a_type_list() -> None:
    content = compile_kind(MINI, "Req", beta=True)["$defs"]["Req"]["properties"]["content"]
    assert content["type"] == ["string", "array"]
    assert "anyOf" not in content


def test_openapi_only_keywords_are_dropped() -> None:
    req = compile_kind(MINI, "Req", beta=True)["$defs"]["Req"]
    assert "example" not in req and "x-internal" not in req
    assert req["properties"]["level"]["x-rule"] == "demo/level"


def test_dangling_ref_is_reported_not_raised() -> None:
    doc = {"components": {"schemas": {"A": {"properties": {"b": ref("Missing")}}}}}
    schema, problems = compile_with_problems(doc, "A", beta=False)
    assert problems == ["dangling $ref '#/components/schemas/Missing'"]
    assert schema["$defs"]["Missing"] == {}


# -- patterns -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^ab$", "ab", True),
        ("^ab$", "ab\n", False),  # Python's `$` would match before the newline
        ("^[$]x$", "$x", True),
        ("^a\\$", "a$", True),
        ("^\\d+$", "\u0661\u0662", False),  # ECMA `\d` is ASCII
        ("^[\\w-]+$", "a-b_9", True),
        ("^[\\w-]+$", "\u00e9", False),  # ECMA `\w` is ASCII
        ("^\\p{L}+$", "\u00e9t\u00e9", True),  # Unicode property (Python `re` has none)
        ("^.$", "\ud800", True),  # a lone surrogate is one character, not a crash
        ("[]a]", "a", False),  # ECMA: `[]` is the empty class, never matches
    ],
)
def test_patterns_mean_what_ecma_262_means(pattern: str, text: str, matches: bool) -> None:
    assert search(pattern, text) is matches


def test_trailing_newline_fails_the_pattern_on_both_paths(mini: None) -> None:
    value = {"blocks": [], "id": "abc\n"}
    assert not spec.fast_validator("request").is_valid(value)
    assert not EcmaValidator(spec.validation_schema("request")).is_valid(value)
    assert re.search("^[a-z]+$", "abc\n")  # what plain Python would have said
    assert pairs(schema_findings("request", value)) == [("schema/pattern", "/id")]


def test_unicode_digits_do_not_match_backslash_d() -> None:
    validator = EcmaValidator({"pattern": "^\\d+$"})
    assert validator.is_valid("123") and not validator.is_valid("١٢٣")


# -- findings -------------------------------------------------------------------------------
def test_valid_payload_has_no_finding(mini: None) -> None:
    assert schema_findings("request", {"blocks": [{"type": "text", "text": "hi"}]}) == []


def test_bad_block_gives_one_finding_through_the_discriminator(mini: None) -> None:
    found = schema_findings("request", {"blocks": [{"type": "image", "source": 3}]})
    assert pairs(found) == [("schema/type", "/blocks/0/source")]
    assert found[0].message == "`blocks[0].source` is a number (3), expected string"


def test_missing_member_pointer_names_the_member(mini: None) -> None:
    found = schema_findings("request", {"blocks": [{"type": "text"}]})
    assert pairs(found) == [("schema/required", "/blocks/0/text")]
    assert found[0].message == "`blocks[0].text` is required"


def test_unknown_type_in_request_is_one_error_listing_ga_types(mini: None) -> None:
    found = schema_findings("request", {"blocks": [{"type": "fallback", "text": "x"}]})
    assert pairs(found) == [("schema/unknown-type", "/blocks/0/type")]
    assert found[0].severity is Severity.ERROR
    assert found[0].message == "unknown `blocks` type `fallback` (expected one of: text, image)"


def test_unknown_type_in_response_is_a_warning(mini: None) -> None:
    found = schema_findings("response", {"content": [{"type": "hologram"}]})
    assert pairs(found) == [("schema/unknown-type", "/content/0/type")]
    assert found[0].severity is Severity.WARNING


def test_unknown_stream_event_is_ignored_but_its_bad_block_is_not(mini: None) -> None:
    assert schema_findings("stream-event", {"type": "brand_new_event"}) == []
    found = schema_findings("stream-event", {"type": "delta", "block": {"type": "text"}})
    assert pairs(found) == [("schema/required", "/block/text")]


def test_x_rule_wins_over_the_keyword_table(mini: None) -> None:
    assert pairs(schema_findings("request", {"blocks": [], "level": 2})) == [
        ("demo/level", "/level")
    ]


def test_x_rule_on_a_ref_wrapper_reaches_the_referenced_node(mini: None) -> None:
    assert pairs(schema_findings("request", {"blocks": [], "wrapped": 4})) == [
        ("demo/wrapped", "/wrapped")
    ]


def test_wrong_type_stays_schema_type_under_an_x_rule(mini: None) -> None:
    assert pairs(schema_findings("request", {"blocks": [], "level": "high"})) == [
        ("schema/type", "/level")
    ]


def test_unknown_field_and_messages_are_one_line(mini: None) -> None:
    found = schema_findings("request", {"blocks": [], "foo": 1})
    assert pairs(found) == [("schema/unknown-field", "/foo")]
    assert found[0].message == "unexpected field `foo`"


NO_HEADERS = Context()
WITHOUT = Context(headers={"anthropic-version": "2023-06-01"})
WITH = Context(headers={"anthropic-beta": "b2-2026"})
BETA_URI = Context(headers={}, uri="https://api.anthropic.com/v1/messages?beta=true")


@pytest.mark.parametrize(
    ("context", "severity"),
    [(NO_HEADERS, Severity.WARNING), (WITHOUT, Severity.ERROR), (WITH, None), (BETA_URI, None)],
)
def test_beta_block_severity_follows_the_beta_state(
    mini: None, context: Context, severity: Severity | None
) -> None:
    found = schema_findings("request", {"blocks": [{"type": "shiny", "glow": 1}]}, context)
    if severity is None:
        assert found == []
    else:
        assert pairs(found) == [("beta/requires-beta-header", "/blocks/0/type")]
        assert found[0].severity is severity
        assert "anthropic-beta: b1-2026" in found[0].message


def test_beta_field_names_its_header_and_inner_errors_still_count(mini: None) -> None:
    found = schema_findings("request", {"blocks": [{"type": "shiny", "glow": "x"}]}, WITHOUT)
    assert pairs(found) == [
        ("schema/type", "/blocks/0/glow"),
        ("beta/requires-beta-header", "/blocks/0/type"),
    ]
    found = schema_findings("request", {"blocks": [], "secret": "s"}, WITHOUT)
    assert pairs(found) == [("beta/requires-beta-header", "/secret")]
    assert found[0].message.endswith("`anthropic-beta: secret-2026-01-01`")


@pytest.mark.parametrize(
    ("context", "severity"),
    [(NO_HEADERS, None), (WITHOUT, Severity.WARNING), (WITH, None)],
)
def test_beta_block_in_a_response_only_warns_when_headers_show_it_off(
    mini: None, context: Context, severity: Severity | None
) -> None:
    found = schema_findings("response", {"content": [{"type": "shiny", "glow": 1}]}, context)
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_beta_enum_member_is_a_beta_usage(mini: None) -> None:
    found = schema_findings("request", {"blocks": [], "mode": "c"}, WITHOUT)
    assert pairs(found) == [("beta/requires-beta-header", "/mode")]
    assert "c-2026" in found[0].message


@pytest.mark.parametrize("value", [None, [], "text", 3, {"blocks": "x"}, {"blocks": [1, None]}])
def test_malformed_payloads_give_findings_not_tracebacks(mini: None, value: Any) -> None:
    found = schema_findings("request", value)
    assert found and all(f.severity is Severity.ERROR for f in found)
    assert all("valid under" not in f.message for f in found)


# -- the real spec --------------------------------------------------------------------------
GOOD = {
    "model": "claude-haiku-4-5",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": "Hi"}],
}


def with_content(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {**GOOD, "messages": [{"role": "user", "content": list(blocks)}]}


def test_real_spec_text_block_without_text() -> None:
    found = schema_findings("request", with_content({"type": "text"}))
    assert pairs(found) == [("schema/required", "/messages/0/content/0/text")]


def test_real_spec_unknown_block_lists_ga_types_only() -> None:
    found = schema_findings("request", with_content({"type": "fallback", "text": "x"}))
    assert pairs(found) == [("schema/unknown-type", "/messages/0/content/0/type")]
    message = found[0].message
    assert message.startswith("unknown content block type `fallback` (expected one of: text, ")
    assert "compaction" not in message


def test_real_spec_bad_image_source_is_one_precise_finding() -> None:
    source = {"type": "base64", "media_type": "image/bmp", "data": "AAAA"}
    found = schema_findings("request", with_content({"type": "image", "source": source}))
    assert pairs(found) == [("schema/enum", "/messages/0/content/0/source/media_type")]


def test_real_spec_x_rule_on_a_bound() -> None:
    found = schema_findings("request", {**GOOD, "temperature": 1.5})
    assert pairs(found) == [("sampling/temperature-out-of-range", "/temperature")]
    assert found[0].message == "`temperature` is 1.5, must be at most 1"


def test_real_spec_beta_field_without_header() -> None:
    found = schema_findings("request", {**GOOD, "context_management": {"edits": []}}, WITHOUT)
    assert pairs(found) == [("beta/requires-beta-header", "/context_management")]
    assert found[0].severity is Severity.ERROR


def test_real_spec_loads_and_every_kind_compiles() -> None:
    assert spec.load_spec()["openapi"].startswith("3.1")
    for kind in spec.KIND_COMPONENTS:
        assert spec.fast_validator(kind) is not None
        assert spec.fast_validator(kind, beta=True) is not None


def test_real_spec_has_no_dangling_refs() -> None:
    assert spec.compile_problems() == []


def test_values_json_cannot_hold_go_to_the_detailed_path() -> None:
    import datetime

    found = schema_findings("request", {**GOOD, "metadata": {"user_id": datetime.date(2026, 1, 1)}})
    assert pairs(found) == [("schema/type", "/metadata/user_id")]
    assert "not a JSON value" in found[0].message


def test_fast_and_detailed_paths_agree_on_the_real_corpus(corpus_records: list[Any]) -> None:
    checked = 0
    for record in corpus_records:
        for kind, value in (
            ("request", record.get("request")),
            ("response", record.get("response")),
        ):
            if not isinstance(value, dict) or value.get("type") == "error":
                continue
            for beta in (False, True):
                fast = spec.fast_validator(kind, beta=beta).is_valid(value)
                errors = spec.detailed_validator(kind, beta=beta).iter_errors(value)
                assert fast == (next(errors, None) is None), (record["source"], kind, beta)
            checked += 1
    assert checked > 400
