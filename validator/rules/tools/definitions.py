"""Tool definitions: unique names, web domain lists, deferred loading, allowed callers; each
`input_schema` a valid JSON Schema of type object, each tool_use `input` valid against it.

The schema side (jsonschema-rs first, jsonschema for what fails, cached per distinct schema)
is `validator.schema.tools`; this module holds the rules only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.index import index
from validator.rules.payload import input_schemas, is_custom
from validator.schema.tools import input_errors, schema_problems


@rule("tools/tool-name-duplicate", needs=("tools",))
def tool_name_duplicate(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Tool names must be unique across `tools` (server tools included)."""
    seen: set[str] = set()
    for i, tool in index(payload, ctx).tools:
        name = tool.get("name")
        if isinstance(name, str) and name in seen:
            yield Hit(f"/tools/{i}/name", f"tools: Tool names must be unique ({name!r} repeats)")
        if isinstance(name, str):
            seen.add(name)


@rule("tools/web-domains-both-set", needs=("tools",))
def web_domains_both_set(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """web_search / web_fetch take `allowed_domains` or `blocked_domains`, not both."""
    for i, tool in index(payload, ctx).tools:
        if tool.get("allowed_domains") is not None and tool.get("blocked_domains") is not None:
            yield Hit(
                f"/tools/{i}/blocked_domains",
                "allowed_domains and blocked_domains cannot both be set; use one",
            )


@rule("tools/no-undeferred-tool", needs=("tools",))
def no_undeferred_tool(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """At least one tool must be loaded up front (`defer_loading` not true on every tool)."""
    tools = index(payload, ctx).tools
    if tools and all(t.get("defer_loading") is True for _, t in tools):
        yield Hit("/tools", "every tool has defer_loading: true; at least one must not be deferred")


@rule("tools/tool-search-tool-deferred", needs=("tools",))
def tool_search_tool_deferred(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """The tool-search tool itself must not be deferred (nothing could surface it)."""
    for i, tool in index(payload, ctx).tools:
        kind = tool.get("type")
        searching = isinstance(kind, str) and kind.startswith("tool_search_tool_")
        if searching and tool.get("defer_loading") is True:
            yield Hit(f"/tools/{i}/defer_loading", "the tool search tool cannot be deferred")


@rule("tools/allowed-callers-without-code-execution", needs=("tools",))
def allowed_callers_without_code_execution(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A `code_execution_*` caller in `allowed_callers` names no code execution tool in `tools`.

    Information only: the API accepts this and runs code execution for the call (recorded
    traffic), so the request is not wrong; naming the tool pins its version.
    """
    tools = index(payload, ctx).tools
    kinds = {t.get("type") for _, t in tools if isinstance(t.get("type"), str)}
    for i, tool in tools:
        callers = tool.get("allowed_callers")
        for k, caller in enumerate(callers if isinstance(callers, list) else []):
            if (
                isinstance(caller, str)
                and caller.startswith("code_execution")
                and caller not in kinds
            ):
                yield Hit(
                    f"/tools/{i}/allowed_callers/{k}",
                    f"allowed_callers names {caller} and tools has no {caller} tool; the API "
                    "provides it, add the tool to pin its version",
                )


@rule("tools/input-schema-invalid", needs=("tools",))
def input_schema_invalid(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A custom tool's `input_schema` must be a valid JSON Schema (its `type: object` is the
    spec schema's check, so it is not repeated here)."""
    for i, tool in index(payload, ctx).tools:
        schema = tool.get("input_schema")
        if is_custom(tool) and isinstance(schema, dict):
            for where, message in schema_problems(schema):
                yield Hit(f"/tools/{i}/input_schema{where}", message)


@rule("tools/tool-input-invalid", needs=("tools", "block:tool_use"))
def tool_input_invalid(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """Each tool_use `input` should validate against the input_schema of the tool it names.

    A warning: the API does not re-validate past tool calls, but an input that breaks its
    schema means a hand-made or corrupted history the model will imitate.
    """
    schemas = input_schemas(payload)
    for role, block in index(payload, ctx).blocks:
        if role != "assistant" or block.type != "tool_use":
            continue
        name = block.value.get("name")
        schema = schemas.get(name) if isinstance(name, str) else None
        if schema is not None and "input" in block.value:
            for where, message in input_errors(schema, block.value["input"]):
                yield Hit(f"{block.at('input')}{where}", message)
