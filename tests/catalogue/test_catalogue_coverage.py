"""Every rule of reference §11 maps to a catalogue rule or is out of
scope with a reason; entries are complete; schema-checked bounds carry `x-rule` and are
checked once. The coverage table here is the one the README's out-of-scope section cites."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from validator import catalogue, engine
from validator.catalogue import render
from validator.core.context import Context
from validator.schema.spec import load_spec

OUT = "out of scope"

# reference §11 id -> (our rule ids, expected default severities) or (OUT, why).
COVERAGE: dict[str, tuple[Any, ...]] = {
    # 11.1 structure
    "required-field": (("schema/required",), "error"),
    "unknown-field": (("schema/unknown-field", "beta/requires-beta-header"), "error"),
    "union-tag": (("schema/unknown-type",), "error"),
    "messages-nonempty": (("conversation/messages-empty",), "error"),
    "messages-max": (("conversation/too-many-messages",), "error"),
    "max-tokens-min": (("schema/minimum",), "error"),
    "max-tokens-model-max": (("models/max-tokens-over-model-limit",), "error"),
    "context-limit": (OUT, "needs the model's tokenizer: input tokens cannot be counted offline"),
    "request-size": (("request/body-too-large", "request/text-too-large"), "error"),
    # 11.2 content hygiene
    "text-nonempty": (("content/text-empty",), "error"),
    "text-non-whitespace": (("content/text-whitespace-only",), "error"),
    "message-content-nonempty": (("conversation/message-content-empty",), "error"),
    "prefill-trailing-ws": (("conversation/prefill-trailing-whitespace",), "error"),
    "prefill-unsupported": (("models/prefill-unsupported",), "error"),
    "prefill-with-thinking": (("thinking/prefill-with-thinking",), "error"),
    "cache-on-empty-text": (("content/text-empty",), "error"),
    "cache-breakpoints-max": (("caching/too-many-breakpoints",), "error"),
    "cache-min-tokens": (OUT, "the cacheable prefix length is in tokens (tokenizer needed)"),
    "stop-seq-nonempty": (("request/stop-sequence-empty",), "error"),
    "stop-seq-non-whitespace": (("request/stop-sequence-whitespace",), "error"),
    "document-in-assistant": (("content/document-in-assistant-turn",), "error"),
    "citations-in-user": (("content/citations-in-user-turn",), "error"),
    "system-role-placement": (("conversation/system-role-placement",), "error"),
    "system-role-model": (("models/system-role-unsupported",), "error"),
    "system-role-content": (("conversation/system-message-not-text",), "error"),
    # 11.3 tools
    "tool-use-needs-result": (("tools/tool-use-without-result",), "error"),
    "tool-result-needs-use": (("tools/tool-result-without-use",), "error"),
    "tool-result-first": (("tools/tool-result-not-first",), "error"),
    "tool-result-only-with-pending-server-tool": (
        ("tools/text-with-pending-server-tool",),
        "error",
    ),
    "tool-result-role": (("tools/tool-result-in-assistant-turn",), "error"),
    "tool-use-id-unique": (("tools/tool-use-id-duplicate",), "error"),
    "tool-use-id-pattern": (("schema/pattern",), "error"),
    "no-result-for-server-tool": (
        ("tools/server-tool-result-without-use", "tools/tool-result-without-use"),
        "error",
    ),
    "tool-name-pattern": (("tools/tool-name-invalid",), "error"),
    "tool-name-unique": (("tools/tool-name-duplicate",), "error"),
    "tool-schema-object": (
        ("schema/const", "schema/required", "tools/input-schema-invalid"),
        "error",
    ),
    "tool-anthropic-name": (("schema/const",), "error"),
    "tool-choice-needs-tools": (("tools/tool-choice-without-tools",), "error"),
    "tool-choice-name-exists": (("tools/tool-choice-names-undefined-tool",), "error"),
    "tool-choice-forced-vs-thinking": (("thinking/forced-tool-choice",), "error"),
    "tool-choice-forced-model": (("models/forced-tool-choice-unsupported",), "error"),
    "web-domains-exclusive": (("tools/web-domains-both-set",), "error"),
    "defer-loading": (("tools/no-undeferred-tool", "tools/tool-search-tool-deferred"), "error"),
    # The reference's E is "reported"; recorded 200s show the API accepting and running it.
    "allowed-callers-needs-code-exec": (("tools/allowed-callers-without-code-execution",), "info"),
    "tools-limit": (OUT, "the limit is not published (only the error_code is known)"),
    # 11.4 thinking
    "budget-min": (("thinking/budget-below-minimum",), "error"),
    "budget-lt-max": (("thinking/budget-not-below-max-tokens",), "error"),
    "thinking-temperature": (("thinking/temperature-with-thinking",), "error"),
    "thinking-type-model": (("thinking/type-unsupported-by-model",), "error"),
    "thinking-final-assistant-first": (("thinking/final-assistant-not-thinking-first",), "error"),
    "thinking-unmodified": (OUT, "needs the original response the blocks were copied from"),
    "thinking-signature": (OUT, "signatures are verified with Anthropic's keys, server side"),
    "thinking-no-cache-control": (("schema/unknown-field",), "error"),
    # 11.5 sampling, headers, model features
    "sampling-removed-2026": (("sampling/removed-in-version",), "error"),
    "sampling-deprecated-model": (("sampling/restricted-by-model",), "error"),
    "temperature-xor-top-p": (("sampling/temperature-and-top-p",), "error"),
    "sampling-bounds": (
        (
            "sampling/temperature-out-of-range",
            "sampling/top-p-out-of-range",
            "sampling/top-k-out-of-range",
        ),
        "error",
    ),
    "metadata-user-id": (
        ("request/metadata-user-id-too-long", "request/metadata-user-id-pii"),
        ("error", "warning"),
    ),
    "inference-geo-model": (("models/inference-geo-unsupported",), "error"),
    "effort-model": (("models/effort-unsupported",), "error"),
    "speed-fast-beta": (("models/speed-unsupported",), "error"),
    "anthropic-version": (("headers/unknown-api-version",), "warning"),
    "auth-header": (
        OUT,
        "recordings redact credentials; a live key is secrets/credential-in-headers",
    ),
    # 11.6 media
    "image-size": (("media/image-too-large",), "error"),
    "image-dims": (("media/image-dimensions-too-large",), "error"),
    "image-media-type": (("media/media-type-mismatch",), "error"),
    "image-count": (("media/too-many-images",), "error"),
    "pdf-pages": (("media/pdf-too-many-pages",), "error"),
    "pdf-password": (("media/pdf-encrypted",), "error"),
    # 11.7 legacy: warnings, never errors on the first-party API
    "roles-alternate": (("conversation/roles-not-alternating",), "warning"),
    "first-user": (("conversation/first-message-not-user",), "warning"),
    "no-system-role": (("models/system-role-unsupported",), "error"),
}
# The issue's own rules beyond §11.
ISSUE_RULES = {
    "response/stop-sequence-mismatch": "error",
    "response/tool-use-stop-without-tool-use": "error",
    "response/thinking-tokens-exceed-output": "error",
    "response/cache-creation-mismatch": "error",
    "secrets/api-key-in-payload": "error",
    "secrets/bearer-token-in-payload": "error",
    "secrets/credential-in-headers": "error",
}
# Families whose entries are the schema engine's or the readers' own ids, not a bound.
ENGINE_FAMILIES = ("schema/", "syntax/", "beta/", "input/")


def reference_ids(text: str) -> list[str]:
    """The rule ids of the tables of reference §11 (first column, in backticks)."""
    section = text[text.index("## 11. Semantic") : text.index("### 11.8")]
    return re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.MULTILINE)


def test_every_reference_rule_is_mapped(shared_dir: Path) -> None:
    text = (shared_dir / "reference" / "messages-api.md").read_text(encoding="utf-8")
    ids = reference_ids(text)
    assert len(ids) > 70
    assert sorted(set(ids) - set(COVERAGE)) == [], "map these §11 rules in COVERAGE"
    assert sorted(set(COVERAGE) - set(ids)) == [], "COVERAGE names rules §11 does not have"


@pytest.mark.parametrize("ref", sorted(COVERAGE))
def test_mapped_rules_exist_with_the_severity_the_issue_asks(ref: str) -> None:
    rules, expected = COVERAGE[ref]
    if rules == OUT:
        assert expected, f"{ref}: say why it is out of scope"
        return
    severities = expected if isinstance(expected, tuple) else (expected,) * len(rules)
    for rule_id, severity in zip(rules, severities, strict=True):
        entry = catalogue.get(rule_id)
        assert entry is not None, f"{ref}: {rule_id} is not in the catalogue"
        assert entry.severity == severity, (ref, rule_id, entry.severity)


def test_the_issues_own_rules_exist() -> None:
    for rule_id, severity in ISSUE_RULES.items():
        entry = catalogue.get(rule_id)
        assert entry is not None and entry.severity == severity, rule_id


def test_entries_are_complete() -> None:
    for e in catalogue.entries():
        assert e.id and e.severity and e.kinds and e.summary and e.rationale, e.id
        if e.id.startswith(ENGINE_FAMILIES):
            continue
        assert any(x.has_good for x in e.examples), f"{e.id}: no good example"
        if not any(x.has_bad for x in e.examples):
            # only where a bad payload cannot be written down; the rationale says so
            assert re.search(r"no bad example", e.rationale, re.IGNORECASE), e.id
        for example in e.examples:
            if example.has_bad:
                assert example.pointer is not None, f"{e.id}: bad example without pointer"


def _x_rule_nodes(node: Any) -> list[str]:
    found = []
    if isinstance(node, dict):
        if "x-rule" in node:
            found.append(node["x-rule"])
        for value in node.values():
            found += _x_rule_nodes(value)
    elif isinstance(node, list):
        for value in node:
            found += _x_rule_nodes(value)
    return found


def test_schema_checked_entries_are_exactly_the_x_rule_bounds() -> None:
    placed = set(_x_rule_nodes(load_spec()["components"]))
    schema_checked = {
        e.id
        for e in catalogue.entries()
        if e.checked_by == "schema" and not e.id.startswith(ENGINE_FAMILIES)
    }
    assert placed == schema_checked
    from validator.rules import registry

    assert not placed & set(registry()), "a bound checked by the schema and by a function"


@pytest.mark.parametrize(
    "entry",
    [
        e
        for e in catalogue.entries()
        if e.checked_by == "schema"
        and not e.id.startswith(ENGINE_FAMILIES)
        and any(x.has_bad for x in e.examples)
    ],
    ids=lambda e: e.id,
)
def test_a_schema_checked_bound_is_reported_once(entry: catalogue.RuleEntry) -> None:
    for example in entry.examples:
        if not example.has_bad:
            continue
        context = Context(**example.context) if example.context else None
        found = engine.check_value(example.kind, example.bad, context=context)
        assert [(f.rule, f.pointer) for f in found] == [(entry.id, example.pointer)]


def test_rules_and_explain_commands_print_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    from validator.cli import main

    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == render.render_table().strip()
    assert all(f"\n{e.id} " in out for e in catalogue.entries())
    for entry in catalogue.entries():
        assert main(["explain", entry.id]) == 0
        text = capsys.readouterr().out
        assert text.strip() == render.explain(entry.id).strip()
        assert entry.summary in text and entry.rationale.split()[0] in text
