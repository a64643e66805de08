"""Request rules (conversation, content, tools, thinking, sampling, caching, models, request,
headers): called directly with a RuleContext, over hand-made payloads, random payloads and the
real recorded traffic of ../shared/corpus/."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.core.context import Context
from validator.core.findings import Severity
from validator.rules import Hit, RuleContext, registry

FAMILIES = (
    "conversation/",
    "content/",
    "tools/",
    "thinking/",
    "sampling/",
    "caching/",
    "models/",
    "request/",
    "headers/",
)

# A model table of our own, so these tests do not move when the spec's x-models grows.
MODELS: dict[str, dict[str, Any]] = {
    "old": {"max-output-tokens": 64000, "thinking": ["enabled", "disabled"], "prefill": True,
            "sampling": "full", "temperature-and-top-p": False, "system-role": False,
            "effort": False, "inference-geo": False, "speed": False},
    "old-alias": {"alias-of": "old"},
    "new": {"max-output-tokens": 128000, "thinking": {"adaptive": True, "enabled": False},
            "prefill": False, "sampling": "restricted", "system-role": True,
            "effort": ["low", "medium", "high"], "inference-geo": ["us", "global"],
            "speed": "beta"},
    "sunset": {"deprecated": "2026-11-30"},
    "gone": {"retired": "2026-01-05", "deprecated": "2025-10-01"},
}  # fmt: skip
V2023 = {"anthropic-version": "2023-06-01"}
V2026 = {"anthropic-version": "2026-10-21"}


def run(rule_id: str, payload: Any, *, headers: Mapping[str, str] | None = None,
        strict: bool = False, recorded_at: str | None = None) -> list[Hit]:  # fmt: skip
    """The hits of one rule."""
    context = Context(headers=headers, recorded_at=recorded_at)
    rctx = RuleContext(kind="request", context=context, strict=strict, models=MODELS)
    return list(registry()[rule_id](payload, rctx))


def req(*messages: Any, model: str = "old", **extra: Any) -> dict[str, Any]:
    """A request; messages given as (role, content) pairs."""
    body = [{"role": role, "content": content} for role, content in messages]
    return {"model": model, "max_tokens": 1024, "messages": body, **extra}


def tool_use(ident: str, name: str = "get_weather", **inp: Any) -> dict[str, Any]:
    return {"type": "tool_use", "id": ident, "name": name, "input": inp}


def tool_result(ident: str) -> dict[str, Any]:
    return {"type": "tool_result", "tool_use_id": ident, "content": "ok"}


WEATHER = {"name": "get_weather", "input_schema": {"type": "object"}}


def pointers(hits: list[Hit]) -> list[str]:
    return [h.pointer for h in hits]


# --- conversation and content ---------------------------------------------------------------


def test_same_role_turns_warn_and_strict_makes_them_errors() -> None:
    payload = req(("user", "a"), ("user", "b"))
    assert [
        (h.pointer, h.severity) for h in run("conversation/roles-not-alternating", payload)
    ] == [("/messages/1/role", Severity.WARNING)]
    assert (
        run("conversation/roles-not-alternating", payload, strict=True)[0].severity
        is Severity.ERROR
    )
    assert run("conversation/roles-not-alternating", req(("user", "a"), ("assistant", "b"))) == []


def test_final_assistant_may_be_empty_but_no_other_message() -> None:
    rule = "conversation/message-content-empty"
    assert run(rule, req(("user", "a"), ("assistant", ""))) == []
    assert pointers(run(rule, req(("user", []), ("assistant", "b")))) == ["/messages/0/content"]


def test_prefill_trailing_whitespace_only_on_a_real_prefill() -> None:
    rule = "conversation/prefill-trailing-whitespace"
    assert pointers(run(rule, req(("user", "a"), ("assistant", "{ ")))) == ["/messages/1/content"]
    pause = [{"type": "text", "text": "Searching "}, {"type": "server_tool_use", "id": "srvtoolu_1",
             "name": "web_search", "input": {}}]  # fmt: skip
    assert run(rule, req(("user", "a"), ("assistant", pause))) == []


def test_single_space_in_a_mid_conversation_assistant_turn_is_accepted() -> None:
    """The corpus shows the API accepting it (claude-haiku-4-5): only user/system text counts."""
    spaced = [{"type": "text", "text": "Done."}, {"type": "text", "text": " "}]
    payload = req(("user", "a"), ("assistant", spaced), ("user", "b"))
    assert run("content/text-whitespace-only", payload) == []
    user = req(("user", [{"type": "text", "text": " \n"}]), system=[{"type": "text", "text": "\t"}])
    assert pointers(run("content/text-whitespace-only", user)) == [
        "/messages/0/content/0/text",
        "/system/0/text",
    ]


def test_system_role_placement() -> None:
    rule = "conversation/system-role-placement"
    assert run(rule, req(("user", "a"), ("system", "s"), ("system", "t"))) == []  # corpus
    assert run(rule, req(("user", "a"), ("system", "s"), ("assistant", "b"))) == []
    assert len(run(rule, req(("system", "s"), ("user", "a")))) == 2  # first, then a user turn
    assert pointers(run(rule, req(("user", "a"), ("assistant", "b"), ("system", "s")))) == [
        "/messages/2"
    ]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [(V2026, [None]), (None, [Severity.WARNING]), ({}, [Severity.WARNING]), (V2023, [])],
)
def test_version_dependent_rules(headers: dict[str, str] | None, expected: list[Any]) -> None:
    document = {"type": "document", "source": {"type": "text", "media_type": "text/plain",
                "data": "x"}}  # fmt: skip
    payload = req(("user", "a"), ("assistant", [document]), ("user", "b"))
    hits = run("content/document-in-assistant-turn", payload, headers=headers)
    # accepted under 2023-06-01 but almost certainly a mistake there (reference §11.2: W)
    assert [h.severity for h in hits] == (expected if headers != V2023 else [Severity.WARNING])
    cited = [{"type": "text", "text": "x", "citations": [{"type": "char_location"}]}]
    hits = run("content/citations-in-user-turn", req(("user", cited)), headers=headers)
    assert [h.severity for h in hits] == expected
    hits = run("sampling/removed-in-version", req(("user", "a"), temperature=1.0), headers=headers)
    assert [h.severity for h in hits] == expected


# --- tools ----------------------------------------------------------------------------------


def test_tool_pairing_reads_merged_turns() -> None:
    """The corpus holds accepted requests whose tool_use blocks span two assistant messages."""
    payload = req(
        ("user", "a"),
        ("assistant", [tool_use("t1")]),
        ("assistant", [tool_use("t2")]),
        ("user", [tool_result("t1"), tool_result("t2")]),
        tools=[WEATHER],
    )
    for rule in ("tools/tool-use-without-result", "tools/tool-result-without-use"):
        assert run(rule, payload) == []


def test_tool_pairing_errors() -> None:
    payload = req(
        ("user", "a"),
        ("assistant", [tool_use("t1"), tool_use("t2")]),
        ("user", [tool_result("t1"), tool_result("t3")]),
    )
    assert pointers(run("tools/tool-use-without-result", payload)) == ["/messages/1/content/1/id"]
    assert pointers(run("tools/tool-result-without-use", payload)) == [
        "/messages/2/content/1/tool_use_id"
    ]


def test_tool_result_after_text_and_in_assistant_turn() -> None:
    text = {"type": "text", "text": "here"}
    payload = req(
        ("user", "a"), ("assistant", [tool_use("t1")]), ("user", [text, tool_result("t1")])
    )
    assert pointers(run("tools/tool-result-not-first", payload)) == ["/messages/2/content/1"]
    payload = req(("user", "a"), ("assistant", [tool_result("t1")]))
    assert pointers(run("tools/tool-result-in-assistant-turn", payload)) == [
        "/messages/1/content/0/type"
    ]


def test_tool_use_id_reuse_across_turns_is_only_a_warning() -> None:
    rule = "tools/tool-use-id-duplicate"
    later = req(("user", "a"), ("assistant", [tool_use("t1")]), ("user", [tool_result("t1")]),
                ("assistant", [tool_use("t1")]), ("user", [tool_result("t1")]))  # fmt: skip
    assert [h.severity for h in run(rule, later)] == [Severity.WARNING]
    same = req(("user", "a"), ("assistant", [tool_use("t1"), tool_use("t1")]))
    assert [h.severity for h in run(rule, same)] == [None]


def test_tool_definitions() -> None:
    twice = req(("user", "a"), tools=[WEATHER, WEATHER])
    assert pointers(run("tools/tool-name-duplicate", twice)) == ["/tools/1/name"]
    none = req(("user", "a"), tool_choice={"type": "none"})
    assert [h.severity for h in run("tools/tool-choice-without-tools", none)] == [Severity.WARNING]
    mcp = req(("user", "a"), tool_choice={"type": "any"}, mcp_servers=[{"name": "x"}])
    assert run("tools/tool-choice-without-tools", mcp) == []
    forced = req(("user", "a"), tools=[WEATHER], tool_choice={"type": "tool", "name": "nope"})
    assert pointers(run("tools/tool-choice-names-undefined-tool", forced)) == ["/tool_choice/name"]
    deferred = req(("user", "a"), tools=[{**WEATHER, "defer_loading": True}])
    assert pointers(run("tools/no-undeferred-tool", deferred)) == ["/tools"]


def test_input_schema_must_be_a_valid_object_schema() -> None:
    bad = {"name": "f", "input_schema": {"type": "array", "items": {"type": "strng"}}}
    hits = run("tools/input-schema-invalid", req(("user", "a"), tools=[bad]))
    assert pointers(hits) == ["/tools/0/input_schema/items/type"]  # type: object is the schema's
    hostile = {"name": "f", "input_schema": {"type": "object", "$ref": "https://example.com/x"}}
    payload = req(("user", "a"), ("assistant", [tool_use("t1", "f", a=1)]), tools=[hostile])
    run("tools/input-schema-invalid", payload)  # no network, no crash
    run("tools/tool-input-invalid", payload)


def test_tool_input_findings_point_at_the_offending_value() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a", "b"],
              "additionalProperties": False}  # fmt: skip
    tool = {"name": "f", "input_schema": schema}
    payload = req(("user", "x"), ("assistant", [tool_use("t1", "f", a="one", c=2)]), tools=[tool])
    found = sorted(pointers(run("tools/tool-input-invalid", payload)))
    base = "/messages/1/content/0/input"
    assert found == [f"{base}/a", f"{base}/b", f"{base}/c"]


# --- thinking and sampling ------------------------------------------------------------------


def test_thinking_budget_and_interleaved_beta() -> None:
    payload = req(("user", "a"), max_tokens=2048,
                  thinking={"type": "enabled", "budget_tokens": 2048})  # fmt: skip
    rule = "thinking/budget-not-below-max-tokens"
    assert pointers(run(rule, payload)) == ["/thinking/budget_tokens"]
    beta = {"anthropic-beta": "interleaved-thinking-2025-05-14"}
    assert run(rule, payload, headers=beta) == []


def test_adaptive_thinking_may_force_tools() -> None:
    """The corpus shows adaptive thinking with tool_choice any accepted (claude-opus-4-6)."""
    choice = {"type": "any"}
    adaptive = req(
        ("user", "a"), tools=[WEATHER], tool_choice=choice, thinking={"type": "adaptive"}
    )
    assert run("thinking/forced-tool-choice", adaptive) == []
    enabled = {**adaptive, "thinking": {"type": "enabled", "budget_tokens": 1024}}
    assert pointers(run("thinking/forced-tool-choice", enabled)) == ["/tool_choice/type"]


def test_thinking_turn_shape() -> None:
    on = {"type": "enabled", "budget_tokens": 1024}
    loop = req(("user", "a"), ("assistant", [{"type": "text", "text": "x"}, tool_use("t1")]),
               ("user", [tool_result("t1")]), thinking=on)  # fmt: skip
    hits = run("thinking/final-assistant-not-thinking-first", loop)
    assert pointers(hits) == ["/messages/1/content/0/type"]
    new_turn = req(("user", "a"), ("assistant", [tool_use("t1")]), ("user", [tool_result("t1")]),
                   ("assistant", "done"), ("user", "next"), thinking=on)  # fmt: skip
    assert run("thinking/final-assistant-not-thinking-first", new_turn) == []
    assert pointers(run("thinking/prefill-with-thinking", req(("user", "a"), ("assistant", "{"),
                    thinking=on))) == ["/messages/1"]  # fmt: skip


def test_sampling_by_model() -> None:
    both = req(("user", "a"), temperature=0.5, top_p=0.9)
    assert pointers(run("sampling/temperature-and-top-p", both, headers=V2023)) == ["/top_p"]
    restricted = req(("user", "a"), model="new", temperature=1, top_p=0.995, top_k=5)
    assert pointers(run("sampling/restricted-by-model", restricted, headers=V2023)) == ["/top_k"]
    assert run("sampling/restricted-by-model", restricted, headers=V2026) == []  # removal reports
    thinking = req(("user", "a"), temperature=0.5, top_p=0.9, thinking={"type": "adaptive"})
    assert pointers(run("thinking/temperature-with-thinking", thinking)) == [
        "/temperature",
        "/top_p",
    ]


def test_stop_sequences() -> None:
    payload = req(("user", "a"), stop_sequences=["END", "\n", ""])
    assert pointers(run("request/stop-sequence-whitespace", payload)) == ["/stop_sequences/1"]


def test_cache_breakpoints_count_nested_and_top_level() -> None:
    mark = {"type": "ephemeral"}
    nested = {"type": "tool_result", "tool_use_id": "t1",
              "content": [{"type": "text", "text": "r", "cache_control": mark}]}  # fmt: skip
    payload = req(("user", "a"), ("assistant", [tool_use("t1", k={"cache_control": mark})]),
                  ("user", [nested]), tools=[{**WEATHER, "cache_control": mark}],
                  system=[{"type": "text", "text": "s", "cache_control": mark}] * 2,
                  cache_control=mark)  # fmt: skip
    hits = run("caching/too-many-breakpoints", payload)
    assert [(h.pointer, h.message[-8:]) for h in hits] == [("/cache_control", "Found 5.")]


# --- models and headers ---------------------------------------------------------------------


def test_model_facts_resolve_aliases_and_unknown_models_skip() -> None:
    over = req(("user", "a"), model="old-alias", max_tokens=64001)
    assert pointers(run("models/max-tokens-over-model-limit", over)) == ["/max_tokens"]
    unknown = req(("user", "a"), model="olde", max_tokens=10**9)
    assert "did you mean 'old'" in run("models/unknown-model", unknown)[0].message
    assert run("models/max-tokens-over-model-limit", unknown) == []


def test_lifecycle_is_judged_by_data_never_the_clock() -> None:
    assert (
        "2026-11-30"
        in run("models/deprecated-model", req(("user", "a"), model="sunset"))[0].message
    )
    gone = req(("user", "a"), model="gone")
    assert run("models/deprecated-model", gone) == []
    assert [h.severity for h in run("models/retired-model", gone)] == [None]
    before = run("models/retired-model", gone, recorded_at="Wed, 12 Jun 2024 15:17:41 GMT")
    assert [h.severity for h in before] == [Severity.WARNING]


def test_model_features() -> None:
    assert (
        run("models/prefill-unsupported", req(("user", "a"), ("assistant", "{"), model="old")) == []
    )
    hits = run("models/prefill-unsupported", req(("user", "a"), ("assistant", "{"), model="new"))
    assert pointers(hits) == ["/messages/1"]
    system = req(("user", "a"), ("system", "s"))
    assert pointers(run("models/system-role-unsupported", system)) == ["/messages/1/role"]
    effort = req(("user", "a"), model="new", output_config={"effort": "max"})
    assert (
        "Supported levels: high, low, medium."
        in run("models/effort-unsupported", effort)[0].message
    )
    geo = req(("user", "a"), inference_geo="us")
    assert pointers(run("models/inference-geo-unsupported", geo)) == ["/inference_geo"]
    fast = req(("user", "a"), model="new", speed="fast")
    assert [h.severity for h in run("models/speed-unsupported", fast)] == [Severity.WARNING]
    assert [h.severity for h in run("models/speed-unsupported", fast, headers=V2023)] == [None]
    beta = {"anthropic-beta": "fast-mode-2026-02-01"}
    assert run("models/speed-unsupported", fast, headers=beta) == []


def test_unknown_api_version_header() -> None:
    hits = run(
        "headers/unknown-api-version", req(("user", "a")), headers={"anthropic-version": "1"}
    )
    assert [(h.pointer, h.part) for h in hits] == [("/anthropic-version", "headers")]
    assert run("headers/unknown-api-version", req(("user", "a")), headers={}) == []


# --- robustness -----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)
KEYS = st.sampled_from(["model", "max_tokens", "messages", "tools", "tool_choice", "thinking",
                        "system", "temperature", "top_p", "stop_sequences", "cache_control",
                        "output_config", "speed", "inference_geo", "mcp_servers"])  # fmt: skip
BLOCK = st.fixed_dictionaries(
    {"type": st.sampled_from(["text", "tool_use", "tool_result", "document", "thinking",
                              "server_tool_use", "web_search_tool_result", "search_result"])},
    optional={"text": JSON, "id": JSON, "tool_use_id": JSON, "input": JSON, "name": JSON,
              "content": JSON, "citations": JSON, "cache_control": JSON},
)  # fmt: skip
MESSAGE = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "assistant", "system", 3]),
     "content": st.one_of(st.text(max_size=3), st.lists(st.one_of(BLOCK, JSON), max_size=4))}
)  # fmt: skip
PAYLOAD = st.one_of(
    JSON,
    st.dictionaries(KEYS, JSON, max_size=6),
    st.fixed_dictionaries(
        {
            "model": st.sampled_from(["old", "new", "gone", "x"]),
            "messages": st.lists(MESSAGE, max_size=5),
        },
        optional={"tools": st.lists(JSON, max_size=3), "thinking": JSON, "tool_choice": JSON},
    ),
)


def our_rules() -> list[str]:
    return sorted(r for r in registry() if r.startswith(FAMILIES))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAYLOAD, st.sampled_from([None, {}, V2023, V2026]))
def test_rules_never_raise_on_any_payload(payload: Any, headers: dict[str, str] | None) -> None:
    for rule_id in our_rules():
        for hit in run(rule_id, payload, headers=headers):
            assert hit.pointer == "" or hit.pointer.startswith("/"), (rule_id, hit)


# --- real traffic ---------------------------------------------------------------------------


def _spec_models() -> Mapping[str, Any]:
    from validator.rules.facts import shipped_models

    return shipped_models()


def _corpus_hits(record: dict[str, Any]) -> list[tuple[str, Severity, Hit]]:
    from validator import catalogue

    defaults = {e.id: Severity(e.severity) for e in catalogue.entries()}
    context = Context(
        headers=record["request_headers"], uri=record["uri"], recorded_at=record.get("recorded_at")
    )
    rctx = RuleContext(kind="request", context=context, models=_spec_models())
    found = []
    for rule_id in our_rules():
        for hit in registry()[rule_id](record["request"], rctx):
            found.append((rule_id, hit.severity or defaults.get(rule_id, Severity.ERROR), hit))
    return found


def _requests(records: list[dict[str, Any]], accepted: bool) -> list[dict[str, Any]]:
    return [
        r for r in records
        if isinstance(r["request"], dict) and "messages" in r["request"]
        and (200 <= r["status"] < 300) == accepted
    ]  # fmt: skip


def test_no_error_on_requests_the_api_accepted(corpus_records: list[dict[str, Any]]) -> None:
    """Real traffic is the judge: an accepted request yields no error (a retired model aside)."""
    errors = []
    for record in _requests(corpus_records, accepted=True):
        hits = _corpus_hits(record)
        if any(rule == "models/retired-model" for rule, _, _ in hits):
            continue
        errors += [
            (record["source"], rule, h.pointer) for rule, s, h in hits if s is Severity.ERROR
        ]
    assert errors == []


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("`temperature` and `top_p` cannot both be specified", "sampling/temperature-and-top-p"),
        ("This model does not support the effort parameter", "models/effort-unsupported"),
        ("does not support effort level 'xhigh'", "models/effort-unsupported"),
        ("model: claude-sonet-4-5", "models/unknown-model"),
    ],
)
def test_rejections_visible_in_the_payload_are_flagged(
    corpus_records: list[dict[str, Any]], message: str, rule: str
) -> None:
    rejected = [
        r for r in _requests(corpus_records, accepted=False)
        if message in str((r["response"] or {}).get("error", {}).get("message", ""))
    ]  # fmt: skip
    assert rejected, f"no corpus record says {message!r}"
    for record in rejected:
        assert rule in {rule_id for rule_id, _, _ in _corpus_hits(record)}, record["source"]


# --- added rules: system message content, pending server tools, sizes, PII -------------------


def test_system_message_holds_text_only() -> None:
    image = {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}}
    payload = req(("user", "a"), ("system", [image]), model="new")
    assert pointers(run("conversation/system-message-not-text", payload)) == [
        "/messages/1/content/0/type"
    ]
    addition = req(("user", "a"), ("system", [{"type": "tool_addition"}]), model="new")
    assert run("conversation/system-message-not-text", addition) == []  # beta, corpus


def test_user_turn_after_a_pending_server_tool_holds_tool_results_only() -> None:
    server = {"type": "server_tool_use", "id": "srvtoolu_1", "name": "code_execution", "input": {}}
    text = {"type": "text", "text": "more"}
    pending = req(("user", "a"), ("assistant", [server, tool_use("t1")]),
                  ("user", [tool_result("t1"), text]))  # fmt: skip
    assert pointers(run("tools/text-with-pending-server-tool", pending)) == [
        "/messages/2/content/1"
    ]
    answered = {"type": "code_execution_tool_result", "tool_use_id": "srvtoolu_1", "content": {}}
    done = req(("user", "a"), ("assistant", [server, answered]), ("user", [text]))
    assert run("tools/text-with-pending-server-tool", done) == []


def test_request_size_limits() -> None:
    assert run("request/text-too-large", req(("user", "x" * 9_000_000))) == []
    big = req(("user", "x" * 4_500_000), system=[{"type": "text", "text": "é" * 2}])
    big["messages"].append({"role": "assistant", "content": "y" * 4_500_000})
    assert [h.message for h in run("request/text-too-large", big)] == [
        "too many total text bytes: 9000004 > 9000000"
    ]
    assert run("request/body-too-large", big) == []
    huge = req(("user", "x" * (32 * 1024 * 1024)))
    assert pointers(run("request/body-too-large", huge)) == [""]


@pytest.mark.parametrize(("user_id", "flagged"), [("jane@example.com", True), ("6f1c2a9e", False),
                                                  ("1234567890", False)])  # fmt: skip
def test_metadata_user_id_is_not_an_email(user_id: str, flagged: bool) -> None:
    hits = run("request/metadata-user-id-pii", req(("user", "a"), metadata={"user_id": user_id}))
    assert bool(hits) is flagged


def test_cache_ttl_order() -> None:
    def mark(ttl: str | None) -> dict[str, Any]:
        return {"type": "ephemeral", **({"ttl": ttl} if ttl else {})}

    text = {"type": "text", "text": "t"}
    late = req(
        ("user", [{**text, "cache_control": mark("1h")}]),
        system=[{**text, "cache_control": mark(None)}],
    )
    assert pointers(run("caching/ttl-out-of-order", late)) == [
        "/messages/0/content/0/cache_control/ttl"
    ]
    early = req(
        ("user", [{**text, "cache_control": mark("5m")}]),
        system=[{**text, "cache_control": mark("1h")}],
    )
    assert run("caching/ttl-out-of-order", early) == []


def test_thinking_first_is_judged_at_the_start_of_the_running_tool_loop() -> None:
    on = {"type": "enabled", "budget_tokens": 1024}
    think = {"type": "thinking", "thinking": "t", "signature": "s"}
    loop = [
        ("user", [tool_result("t1")]),
        ("assistant", [tool_use("t2")]),
        ("user", [tool_result("t2")]),
    ]
    rounds = req(("user", "a"), ("assistant", [think, tool_use("t1")]), *loop, thinking=on)
    assert run("thinking/final-assistant-not-thinking-first", rounds) == []
    text = {"type": "text", "text": "x"}
    unthought = req(("user", "a"), ("assistant", [text, tool_use("t1")]), *loop, thinking=on)
    hits = run("thinking/final-assistant-not-thinking-first", unthought)
    assert pointers(hits) == ["/messages/1/content/0/type"]


def test_tool_input_messages_never_quote_the_input() -> None:
    schema = {"type": "object", "properties": {"k": {"type": "integer"}}}
    secret = "sk-ant-api03-" + "x" * 40
    payload = req(("user", "x"), ("assistant", [tool_use("t1", "f", k=secret)]),
                  tools=[{"name": "f", "input_schema": schema}])  # fmt: skip
    hits = run("tools/tool-input-invalid", payload)
    assert [h.message for h in hits] == [
        "tool input does not match input_schema: must be of type 'integer'"
    ]
