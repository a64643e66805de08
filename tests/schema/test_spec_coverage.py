"""The spec covers every name of the reference, with its bounds as written.

The lists below are copied from ../shared/reference/messages-api.md (the section is named on
each), not read from the spec, so a name the spec drops or renames fails here. Bounds are
checked on the schema node itself: the keyword (inclusive `minimum` vs `exclusiveMinimum`)
and its value, as the reference gives them (the Apidog page renders inclusive bounds as
exclusive, §14).
"""

from __future__ import annotations

from typing import Any

import pytest

from validator.schema.spec import load_spec

SPEC: dict[str, Any] = load_spec()
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
REF = "#/components/schemas/"


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMAS[node["$ref"][len(REF) :]]
    return node


def props(name: str) -> dict[str, Any]:
    return SCHEMAS[name]["properties"]


def non_null(node: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of `anyOf: [X, null]` (or the node itself)."""
    node = resolve(node)
    for branch in node.get("anyOf", []):
        if resolve(branch).get("type") != "null":
            return resolve(branch)
    return node


def members(union: str) -> dict[str, dict[str, Any]]:
    node = SCHEMAS[union]
    disc = node.get("discriminator") or node.get("x-discriminator")
    return {tag: SCHEMAS[ref[len(REF) :]] for tag, ref in disc["mapping"].items()}


def enum_of(node: dict[str, Any]) -> set[Any]:
    node = non_null(node)
    return {node["const"]} if "const" in node else set(node.get("enum", []))


# §4.1 top-level fields
REQUEST_FIELDS = [
    "model", "max_tokens", "messages", "system", "stop_sequences", "stream", "metadata",
    "thinking", "tool_choice", "tools", "output_config", "cache_control", "service_tier",
    "speed", "inference_geo", "container", "diagnostics", "temperature", "top_p", "top_k",
]  # fmt: skip
# §9 count_tokens: accepted and not accepted
COUNT_FIELDS = [
    "model", "messages", "system", "tools", "tool_choice", "thinking", "output_config",
    "cache_control", "speed",
]  # fmt: skip
COUNT_REJECTS = [
    "max_tokens", "stream", "stop_sequences", "metadata", "service_tier", "container",
    "inference_geo", "diagnostics", "temperature", "top_p", "top_k",
]  # fmt: skip
# §2 request headers
HEADERS = [
    "x-api-key", "Authorization", "anthropic-version", "anthropic-beta",
    "anthropic-workspace-id", "anthropic-user-profile-id",
    "anthropic-dangerous-direct-browser-access",
]  # fmt: skip
# §4.7 Anthropic-defined tools: type -> fixed name (None: the toolsets have no name)
TOOL_NAMES: dict[str, str | None] = {
    "bash_20250124": "bash",
    "text_editor_20250124": "str_replace_editor",
    "text_editor_20250429": "str_replace_based_edit_tool",
    "text_editor_20250728": "str_replace_based_edit_tool",
    "memory_20250818": "memory",
    "code_execution_20250522": "code_execution",
    "code_execution_20250825": "code_execution",
    "code_execution_20260120": "code_execution",
    "code_execution_20260521": "code_execution",
    "web_search_20250305": "web_search",
    "web_search_20260209": "web_search",
    "web_search_20260318": "web_search",
    "web_fetch_20250910": "web_fetch",
    "web_fetch_20260209": "web_fetch",
    "web_fetch_20260309": "web_fetch",
    "web_fetch_20260318": "web_fetch",
    "tool_search_tool_bm25_20251119": "tool_search_tool_bm25",
    "tool_search_tool_bm25": "tool_search_tool_bm25",
    "tool_search_tool_regex_20251119": "tool_search_tool_regex",
    "tool_search_tool_regex": "tool_search_tool_regex",
    "browser_toolset_20260801": None,
    "computer_toolset_20260801": None,
}
CUSTOM_TOOL_FIELDS = [
    "name", "input_schema", "type", "description", "cache_control", "strict",
    "eager_input_streaming", "defer_loading", "allowed_callers", "input_examples",
]  # fmt: skip
# §6 Message, §6.2 stop reasons, §6.3 usage
MESSAGE_FIELDS = [
    "id", "type", "role", "content", "model", "stop_reason", "stop_sequence", "stop_details",
    "usage", "container", "diagnostics",
]  # fmt: skip
STOP_REASONS = {
    "end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal",
    "model_context_window_exceeded",
}  # fmt: skip
USAGE_FIELDS = [
    "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
    "cache_creation", "server_tool_use", "service_tier", "inference_geo",
    "output_tokens_details", "speed",
]  # fmt: skip
# §8.2 error type <-> HTTP status
ERROR_STATUS = {
    "invalid_request_error": "400",
    "authentication_error": "401",
    "billing_error": "402",
    "permission_error": "403",
    "not_found_error": "404",
    "conflict_error": "409",
    "request_too_large": "413",
    "rate_limit_error": "429",
    "api_error": "500",
    "timeout_error": "504",
    "overloaded_error": "529",
}
# §10 MessageBatch fields
BATCH_FIELDS = [
    "id", "type", "processing_status", "request_counts", "created_at", "expires_at",
    "ended_at", "cancel_initiated_at", "archived_at", "results_url",
]  # fmt: skip


def test_every_top_level_request_field() -> None:
    assert [f for f in REQUEST_FIELDS if f not in props("CreateMessageParams")] == []
    assert set(SCHEMAS["CreateMessageParams"]["required"]) == {"model", "max_tokens", "messages"}
    assert SCHEMAS["CreateMessageParams"]["additionalProperties"] is False


def test_count_tokens_fields_and_what_it_rejects() -> None:
    count = props("CountMessageTokensParams")
    assert [f for f in COUNT_FIELDS if f not in count] == []
    assert [f for f in COUNT_REJECTS if f in count] == []
    assert set(SCHEMAS["CountMessageTokensParams"]["required"]) == {"model", "messages"}
    assert SCHEMAS["CountMessageTokensParams"]["additionalProperties"] is False
    assert set(props("CountMessageTokensResponse")) == {"input_tokens"}


def _parameters(path: str) -> set[str]:
    params = SPEC["paths"][path]["post"]["parameters"]
    named = [SPEC["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]] for p in params]
    return {p["name"] for p in named if p["in"] == "header"}


@pytest.mark.parametrize("path", ["/v1/messages", "/v1/messages/count_tokens"])
def test_request_headers(path: str) -> None:
    assert sorted(set(HEADERS) - _parameters(path)) == []
    version = SPEC["components"]["parameters"]["AnthropicVersion"]["schema"]
    assert {"2023-06-01", "2026-10-21"} <= {v for b in version["anyOf"] for v in b.get("enum", [])}


@pytest.mark.parametrize(("tool_type", "name"), TOOL_NAMES.items())
def test_anthropic_tool_version_with_its_fixed_name(tool_type: str, name: str | None) -> None:
    tool = members("ToolUnion")[tool_type]
    assert tool_type in enum_of(tool["properties"]["type"])
    if name is None:
        assert "name" not in tool.get("required", [])
    else:
        assert enum_of(tool["properties"]["name"]) == {name}
        assert "name" in tool["required"]
    assert tool["additionalProperties"] is False


def test_custom_tool_fields() -> None:
    tool = props("Tool")
    assert [f for f in CUSTOM_TOOL_FIELDS if f not in tool] == []
    assert set(SCHEMAS["Tool"]["required"]) == {"name", "input_schema"}
    name = tool["name"]
    assert name["pattern"] == "^[a-zA-Z0-9_-]{1,128}$"
    assert enum_of(resolve(tool["input_schema"])["properties"]["type"]) == {"object"}


def test_tool_choice_variants() -> None:
    choice = members("ToolChoice")
    assert set(choice) == {"auto", "any", "tool", "none"}
    assert "name" in choice["tool"]["required"]
    assert set(choice["none"]["properties"]) == {"type"}
    for tag in ("auto", "any", "tool"):
        assert "disable_parallel_tool_use" in choice[tag]["properties"]
        assert "disable_parallel_tool_use" not in choice[tag].get("required", [])


def test_thinking_variants() -> None:
    thinking = members("ThinkingConfig")
    assert set(thinking) == {"enabled", "disabled", "adaptive", "between_tools"}
    budget = thinking["enabled"]["properties"]["budget_tokens"]
    assert (budget["minimum"], "exclusiveMinimum" in budget) == (1024, False)
    assert enum_of(thinking["enabled"]["properties"]["display"]) == {"summarized", "omitted"}
    assert "display" in thinking["adaptive"]["properties"]


def test_output_config_and_cache_control() -> None:
    config = props("OutputConfig")
    assert enum_of(config["effort"]) == {"low", "medium", "high", "xhigh", "max"}
    assert enum_of(resolve(non_null(config["format"]))["properties"]["type"]) == {"json_schema"}
    assert "schema" in resolve(non_null(config["format"]))["required"]
    cache = props("CacheControlEphemeral")
    assert enum_of(cache["type"]) == {"ephemeral"} and enum_of(cache["ttl"]) == {"5m", "1h"}
    assert cache["ttl"].get("default") == "5m"


def test_image_and_document_sources() -> None:
    image = members("ImageSource")
    assert set(image) == {"base64", "url", "file"}
    assert enum_of(image["base64"]["properties"]["media_type"]) == {
        "image/jpeg", "image/png", "image/gif", "image/webp",
    }  # fmt: skip
    document = members("DocumentSource")
    assert set(document) == {"base64", "text", "content", "url", "file"}
    assert enum_of(document["base64"]["properties"]["media_type"]) == {"application/pdf"}
    assert enum_of(document["text"]["properties"]["media_type"]) == {"text/plain"}
    assert "file_id" in document["file"]["required"] and "file_id" in image["file"]["required"]


def test_message_fields_stop_reasons_and_usage() -> None:
    assert [f for f in MESSAGE_FIELDS if f not in props("Message")] == []
    assert enum_of(SCHEMAS["StopReason"]) >= STOP_REASONS
    assert (enum_of(SCHEMAS["StopReason"]) - STOP_REASONS) <= {"compaction"}  # beta only
    assert [f for f in USAGE_FIELDS if f not in props("Usage")] == []
    usage = props("Usage")
    assert enum_of(usage["service_tier"]) == {"standard", "priority", "batch"}
    assert enum_of(usage["speed"]) == {"standard", "fast"}
    cache = resolve(non_null(usage["cache_creation"]))["properties"]
    assert set(cache) >= {"ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"}
    server = resolve(non_null(usage["server_tool_use"]))["properties"]
    assert set(server) >= {"web_search_requests", "web_fetch_requests"}
    assert "thinking_tokens" in non_null(usage["output_tokens_details"])["properties"]
    assert "additionalProperties" not in SCHEMAS["Message"]  # responses are open


@pytest.mark.parametrize(("error_type", "status"), ERROR_STATUS.items())
def test_error_envelope_for_each_status(error_type: str, status: str) -> None:
    member = members("ErrorObject")[error_type]
    assert {"type", "message"} <= set(member["required"])
    assert f"HTTP {status}" in member["description"]
    envelope = SCHEMAS["ErrorResponse"]
    assert set(envelope["required"]) >= {"type", "error"} and "request_id" in envelope["properties"]


def test_every_operation_declares_the_error_envelope() -> None:
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method in ("get", "post", "delete"):
                assert {"4XX", "5XX"} <= set(op["responses"]), (path, method)


def test_streaming_is_a_second_200_media_type() -> None:
    content = SPEC["paths"]["/v1/messages"]["post"]["responses"]["200"]["content"]
    assert content["text/event-stream"]["schema"]["$ref"] == REF + "MessageStreamEvent"
    assert content["application/json"]["schema"]["$ref"] == REF + "Message"
    error_event = members("MessageStreamEvent")["error"]
    assert "error" in error_event["required"]


def test_batches() -> None:
    requests = props("CreateMessageBatchParams")["requests"]
    assert (requests["minItems"], requests["maxItems"]) == (1, 100_000)
    line = props("MessageBatchIndividualRequest")
    assert line["custom_id"]["pattern"] == "^[a-zA-Z0-9_-]{1,64}$"
    assert line["params"]["$ref"] == REF + "CreateMessageParams"
    assert [f for f in BATCH_FIELDS if f not in props("MessageBatch")] == []
    assert enum_of(props("MessageBatch")["processing_status"]) == {
        "in_progress", "canceling", "ended",
    }  # fmt: skip
    counts = props("MessageBatch")["request_counts"]["properties"]
    assert set(counts) == {"processing", "succeeded", "errored", "canceled", "expired"}
    assert set(members("MessageBatchResult")) == {"succeeded", "errored", "canceled", "expired"}
    listing = SPEC["paths"]["/v1/messages/batches"]["get"]["parameters"]
    limit = next(p for p in listing if p.get("name") == "limit")["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 1000, 20)


# (schema, member path, keyword, value): §4.1, §4.5, §4.7, §5, §5.3, §12, §15.
BOUNDS = [
    ("CreateMessageParams", ["max_tokens"], "minimum", 0),
    ("Temperature", [], "minimum", 0),
    ("Temperature", [], "maximum", 1),
    ("TopP", [], "minimum", 0),
    ("TopP", [], "maximum", 1),
    ("TopK", [], "minimum", 0),
    ("Metadata", ["user_id"], "maxLength", 512),
    ("ThinkingConfigEnabled", ["budget_tokens"], "minimum", 1024),
    ("Tool", ["name"], "pattern", "^[a-zA-Z0-9_-]{1,128}$"),
    ("RequestToolUseBlock", ["name"], "maxLength", 200),
    ("RequestToolUseBlock", ["id"], "pattern", "^[a-zA-Z0-9_-]+$"),
    ("RequestServerToolUseBlock", ["id"], "pattern", "^srvtoolu_[a-zA-Z0-9_]+$"),
    ("ToolReferenceBlock", ["tool_name"], "pattern", "^[a-zA-Z0-9_-]{1,256}$"),
    ("RequestTextBlock", ["text"], "minLength", 1),
    ("TextBlock", ["text"], "maxLength", 5_000_000),
    ("RequestDocumentBlock", ["title"], "minLength", 1),
    ("RequestDocumentBlock", ["title"], "maxLength", 500),
    ("RequestDocumentBlock", ["context"], "minLength", 1),
    ("RequestCharLocationCitation", ["document_index"], "minimum", 0),
    ("RequestCharLocationCitation", ["start_char_index"], "minimum", 0),
    ("RequestCharLocationCitation", ["document_title"], "maxLength", 255),
    ("RequestPageLocationCitation", ["start_page_number"], "minimum", 1),
    ("RequestWebSearchResultLocationCitation", ["url"], "maxLength", 2048),
    ("RequestWebSearchResultLocationCitation", ["title"], "maxLength", 512),
    ("TextEditor20250728", ["max_characters"], "minimum", 1),
    ("MaxUses", [], "exclusiveMinimum", 0),
    ("Usage", ["input_tokens"], "minimum", 0),
    ("Usage", ["output_tokens"], "minimum", 0),
    ("Usage", ["cache_read_input_tokens"], "minimum", 0),
    ("Messages", [], "maxItems", 100_000),
]


def _bound_node(schema: str, path: list[str]) -> dict[str, Any]:
    node = non_null(SCHEMAS[schema])
    for name in path:
        node = non_null(node["properties"][name])
    return node


def _keyword(node: dict[str, Any], keyword: str) -> Any:
    """The keyword's value on the node or on one of its `allOf` parts."""
    for part in [node, *node.get("allOf", [])]:
        if keyword in part:
            return part[keyword]
    return None


@pytest.mark.parametrize(("schema", "path", "keyword", "value"), BOUNDS)
def test_bound_as_the_reference_writes_it(
    schema: str, path: list[str], keyword: str, value: Any
) -> None:
    node = _bound_node(schema, path)
    assert _keyword(node, keyword) == value
    other = {"minimum": "exclusiveMinimum", "exclusiveMinimum": "minimum"}.get(keyword)
    other = other or {"maximum": "exclusiveMaximum"}.get(keyword)
    if other:  # inclusive stays inclusive (and exclusive exclusive)
        assert _keyword(node, other) is None


def test_max_content_tokens_and_user_location() -> None:
    fetch = props("WebFetchTool20250910")
    assert _keyword(non_null(fetch["max_content_tokens"]), "exclusiveMinimum") == 0
    location = non_null(props("WebSearchTool20250305")["user_location"])["properties"]
    country = non_null(location["country"])
    assert (country["minLength"], country["maxLength"]) == (2, 2)
    for name in ("city", "region", "timezone"):
        field = non_null(location[name])
        assert (field["minLength"], field["maxLength"]) == (1, 255)


MAJOR = [
    "CreateMessageParams", "CountMessageTokensParams", "CountMessageTokensResponse", "Message",
    "ErrorResponse", "MessageStreamEvent", "CreateMessageBatchParams",
    "MessageBatchIndividualRequest", "MessageBatchIndividualResponse", "MessageBatch",
    "Tool", "RequestTextBlock", "RequestImageBlock", "RequestDocumentBlock",
    "RequestToolUseBlock", "RequestToolResultBlock", "TextBlock", "Usage",
]  # fmt: skip


@pytest.mark.parametrize("name", MAJOR)
def test_major_schema_has_an_example(name: str) -> None:
    assert "example" in SCHEMAS[name]


def _unions_without_discriminator(node: Any, where: str) -> list[str]:
    """Every `oneOf`/`anyOf` of two or more `type`-tagged members that lacks a discriminator."""
    found: list[str] = []
    if isinstance(node, dict):
        for key in ("oneOf", "anyOf"):
            members_ = [resolve(m) for m in node.get(key, []) if isinstance(m, dict)]
            tagged = [m for m in members_ if "const" in (m.get("properties") or {}).get("type", {})]
            if len(tagged) >= 2 and not ({"discriminator", "x-discriminator"} & set(node)):
                found.append(f"{where}/{key}")
        for key, value in node.items():
            found += _unions_without_discriminator(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _unions_without_discriminator(value, f"{where}/{i}")
    return found


def test_every_type_tagged_union_is_one_of_with_a_discriminator() -> None:
    assert _unions_without_discriminator(SCHEMAS, "") == []
    unions = [n for n in SCHEMAS.values() if "discriminator" in n or "x-discriminator" in n]
    assert len(unions) >= 15
    assert all("oneOf" in n for n in unions)


# §5 server-tool error codes
ERROR_CODES = {
    "WebSearchErrorCode": {
        "invalid_tool_input", "unavailable", "max_uses_exceeded", "too_many_requests",
        "query_too_long", "request_too_large",
    },
    "WebFetchErrorCode": {
        "invalid_tool_input", "url_too_long", "url_not_allowed", "url_not_in_prior_context",
        "url_not_accessible", "unsupported_content_type", "too_many_requests",
        "max_uses_exceeded", "unavailable", "content_too_large",
    },
    "CodeExecutionErrorCode": {
        "invalid_tool_input", "unavailable", "too_many_requests", "execution_time_exceeded",
    },
    "BashCodeExecutionErrorCode": {
        "invalid_tool_input", "unavailable", "too_many_requests", "execution_time_exceeded",
        "output_file_too_large",
    },
    "TextEditorCodeExecutionErrorCode": {
        "invalid_tool_input", "unavailable", "too_many_requests", "execution_time_exceeded",
        "file_not_found",
    },
}  # fmt: skip


@pytest.mark.parametrize(("name", "codes"), ERROR_CODES.items())
def test_server_tool_error_codes(name: str, codes: set[str]) -> None:
    assert enum_of(SCHEMAS[name]) == codes


def test_nested_request_shapes_of_the_reference() -> None:
    """§4.1 container/diagnostics, §5 tool_use/server_tool_use/image fields, §5.3 citations."""
    container = SCHEMAS["ContainerParam"]["anyOf"]
    assert [b.get("type") for b in container] == ["string", "object", "null"]
    assert set(container[1]["properties"]) == {"id", "skills"}
    assert set(non_null(props("CreateMessageParams")["diagnostics"])["properties"]) == {
        "previous_message_id"
    }
    assert {"caller", "toolset_name"} <= set(props("RequestToolUseBlock"))
    name = non_null(props("RequestToolUseBlock")["name"])
    assert (name["minLength"], name["maxLength"]) == (1, 200)
    assert enum_of(props("RequestServerToolUseBlock")["name"]) == {
        "web_search", "web_fetch", "code_execution", "bash_code_execution",
        "text_editor_code_execution", "tool_search_tool_regex", "tool_search_tool_bm25",
    }  # fmt: skip
    transformations = non_null(props("RequestImageBlock")["transformations"])
    assert enum_of(transformations["properties"]["oversized_image"]) == {"downsize", "error"}
    web = members("RequestTextCitation")["web_search_result_location"]["properties"]
    assert (web["url"]["minLength"], web["url"]["maxLength"]) == (1, 2048)
    search = members("RequestTextCitation")["search_result_location"]
    assert {"search_result_index", "source", "start_block_index", "end_block_index"} <= set(
        search["required"]
    )
    for tag in ("char_location", "page_location", "content_block_location"):
        assert "file_id" in members("TextCitation")[tag]["properties"]  # response side only
        assert "file_id" not in members("RequestTextCitation")[tag]["properties"]


def test_nested_response_shapes_of_the_reference() -> None:
    """§6 stop_details, diagnostics; §7.1 message_delta; §10 errored batch results."""
    details = non_null(SCHEMAS["StopDetails"])["properties"]
    assert enum_of(details["category"]) == {
        "cyber", "bio", "frontier_llm", "reasoning_extraction", "general_harms",
    }  # fmt: skip
    reasons = non_null(SCHEMAS["ResponseDiagnostics"])["properties"]["cache_miss_reason"]
    assert set(reasons["discriminator"]["mapping"]) == {
        "model_changed", "system_changed", "tools_changed", "messages_changed",
        "previous_message_not_found", "unavailable",
    }  # fmt: skip
    delta = members("MessageStreamEvent")["message_delta"]["properties"]["delta"]
    assert set(delta["properties"]) == {"stop_reason", "stop_sequence", "stop_details", "container"}
    usage = resolve(members("MessageStreamEvent")["message_delta"]["properties"]["usage"])
    assert usage["required"] == ["output_tokens"]  # the rest is omitted when unchanged
    errored = members("MessageBatchResult")["errored"]["properties"]["error"]
    assert errored["$ref"] == REF + "ErrorResponse"


@pytest.mark.parametrize(
    ("kind", "component"),
    [
        ("request", "CreateMessageParams"),
        ("count-tokens", "CountMessageTokensParams"),
        ("count-tokens-response", "CountMessageTokensResponse"),
        ("response", "Message"),
        ("error", "ErrorResponse"),
        ("stream-event", "MessageStreamEvent"),
        ("batch-create", "CreateMessageBatchParams"),
        ("batch-line", "MessageBatchIndividualRequest"),
        ("batch-result", "MessageBatchIndividualResponse"),
        ("batch", "MessageBatch"),
    ],
)
def test_each_kind_example_passes_the_engine(kind: str, component: str) -> None:
    from validator.core.context import Context
    from validator.engine import check_value

    context = Context(headers={"anthropic-version": "2023-06-01"})
    found = check_value(kind, SCHEMAS[component]["example"], context=context)
    assert [(f.rule, f.pointer, f.message) for f in found] == []
