"""The spec against the SDK pinned in the test extra: nothing it sends or parses is missing.

`tools/sdk_drift.py` walks the SDK's request TypedDicts (from MessageCreateParams,
MessageCountTokensParams and the batch create params) and its response models (Message and
the raw stream events) beside the spec. `make drift` runs the same walk against the newest
SDK on the registry. The last tests prove the walk can fail: a spec that lost a member the
SDK knows, or that holds one neither the SDK nor a beta/older version explains, drifts.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("anthropic", reason="the drift walk needs the anthropic SDK (test extra)")

TOOL = Path(__file__).resolve().parents[1] / "tools" / "sdk_drift.py"


@pytest.fixture(scope="module")
def drift_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sdk_drift", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sdk_drift"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spec_doc(drift_tool: ModuleType) -> dict[str, Any]:
    return drift_tool.load_spec()


def test_the_spec_lacks_nothing_the_pinned_sdk_knows(drift_tool: ModuleType) -> None:
    drift = drift_tool.run()
    assert drift.missing == [], "add to the spec:\n" + "\n".join(drift.missing)
    assert drift.unexplained == [], "mark x-beta / x-removed-in, or drop:\n" + "\n".join(
        drift.unexplained
    )


def test_the_sdk_sends_workspace_and_user_profile_ids(drift_tool: ModuleType) -> None:
    from validator import check

    body = {
        "model": "claude-opus-4-8",
        "max_tokens": 16,
        "messages": [{"role": "user", "content": "hi"}],
        "workspace_id": "wrkspc_01",
        "user_profile_id": "uprof_01",
    }
    assert [f.rule for f in check(body)] == []
    assert [
        f.rule for f in check({k: body[k] for k in body if k != "max_tokens"}, "count-tokens")
    ] == []


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["schemas"]


def test_a_member_the_spec_lost_is_reported(drift_tool: ModuleType, spec_doc: dict) -> None:
    doc = copy.deepcopy(spec_doc)
    del _schemas(doc)["CreateMessageParams"]["properties"]["workspace_id"]
    del _schemas(doc)["Message"]["properties"]["stop_reason"]
    missing = drift_tool.run(doc=doc).missing
    assert "CreateMessageParams.workspace_id (MessageCreateParamsBase)" in missing
    assert "Message[message].stop_reason (Message)" in missing


def test_a_type_literal_the_spec_lost_is_reported(drift_tool: ModuleType, spec_doc: dict) -> None:
    doc = copy.deepcopy(spec_doc)
    _schemas(doc)["WebSearchTool20250305"]["properties"]["type"] = {"const": "web_search_x"}
    missing = drift_tool.run(doc=doc).missing
    assert any("type 'web_search_20250305'" in line for line in missing), missing


def test_an_unexplained_spec_member_fails(drift_tool: ModuleType, spec_doc: dict) -> None:
    doc = copy.deepcopy(spec_doc)
    _schemas(doc)["CreateMessageParams"]["properties"]["made_up"] = {"type": "string"}
    del _schemas(doc)["Temperature"]["x-removed-in"]
    drift = drift_tool.run(doc=doc)
    assert "CreateMessageParams.made_up" in drift.unexplained
    assert "CreateMessageParams.temperature" in drift.unexplained
    assert not drift.ok


def test_the_sdks_tagged_url_sources_pass_and_the_plain_ones_still_do() -> None:
    from validator import check

    def body(url_sources: dict[str, Any]) -> dict[str, Any]:
        tool = {"type": "web_fetch_20250910", "name": "web_fetch", "url_sources": url_sources}
        return {
            "model": "claude-opus-4-8",
            "max_tokens": 16,
            "messages": [{"role": "user", "content": "hi"}],
            "tools": [tool],
        }

    tagged = {
        "user_input": {"type": "all"},
        "client_tool_results": {"type": "none"},
        "server_tool_results": {
            "type": "only",
            "tools": [{"type": "tool_reference", "name": "web_search"}],
        },
    }
    assert [f.rule for f in check(body(tagged))] == []
    assert [f.rule for f in check(body({"user_input": "all", "client_tool_results": "none"}))] == []
    bad = {"server_tool_results": {"type": "only"}}  # tools is required
    assert [f.rule for f in check(body(bad))] != []
