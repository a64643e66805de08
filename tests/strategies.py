"""Single mutations of valid Messages payloads, for the schema engine's properties.

The valid payloads come from the package's own strategies (`validator.strategies`, which
respect the schema and the function rules); here they get one mutation each.

`mutated_requests()` / `mutated_responses()` yield `(payload, pointer, rule)`: one mutation
(out-of-range number, wrong type, missing required field, unknown field, unknown block type,
trailing newline against a pattern) and the finding it must produce at exactly `pointer`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from validator import strategies as valid
from validator.core import pointer as jp

Json = dict[str, Any]


def requests() -> st.SearchStrategy[Json]:
    """Valid requests (the package's own strategy, base64 images left to the media tests)."""
    return valid.requests(images=False)


responses = valid.responses


# -- mutations ------------------------------------------------------------------------------
Mutation = tuple[Json, str, str]  # (mutated payload, pointer, expected rule)
Candidate = tuple[str, Callable[[Any], Mutation]]


def content_blocks(payload: Json) -> list[tuple[str, Json]]:
    """(pointer, block) of every content block of a request or a response."""
    if "messages" not in payload:
        return [(f"/content/{j}", b) for j, b in enumerate(payload.get("content", []))]
    found = []
    for i, message in enumerate(payload["messages"]):
        if isinstance(message["content"], list):
            found += [(f"/messages/{i}/content/{j}", b) for j, b in enumerate(message["content"])]
    return found


def _set(payload: Json, pointer: str, value: Any) -> Json:
    out = copy.deepcopy(payload)
    *parents, last = jp.decode(pointer)
    node = out
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return out


_DELETE = object()


def _mutation(pointer: str, value: Any, rule: str) -> Callable[[Json], Mutation]:
    return lambda payload: (_set(payload, pointer, value), pointer, rule)


def _request_candidates(payload: Json, budget_rule: str) -> list[Candidate]:
    c: list[Candidate] = [
        ("range", _mutation("/max_tokens", -1, "schema/minimum")),
        ("type", _mutation("/max_tokens", str(payload["max_tokens"]), "schema/type")),
        ("type", _mutation("/messages/0/content", 7, "schema/type")),
        ("missing", _mutation("/model", _DELETE, "schema/required")),
        ("missing", _mutation("/max_tokens", _DELETE, "schema/required")),
        ("missing", _mutation("/messages/0/role", _DELETE, "schema/required")),
        ("unknown-field", _mutation("/zz_extra", 1, "schema/unknown-field")),
        ("unknown-field", _mutation("/messages/0/zz_extra", True, "schema/unknown-field")),
    ]
    thinking = payload.get("thinking") or {}
    if thinking.get("type") == "enabled":
        c.append(("range", _mutation("/thinking/budget_tokens", 1023, budget_rule)))
        c.append(("unknown-field", _mutation("/thinking/zz_extra", 1, "schema/unknown-field")))
    for i in range(len(payload.get("tools", []))):
        c.append(("missing", _mutation(f"/tools/{i}/input_schema", _DELETE, "schema/required")))
        c.append(("type", _mutation(f"/tools/{i}/name", 12, "schema/type")))
    return c + _block_candidates(payload, request=True)


def _block_candidates(payload: Json, *, request: bool) -> list[Candidate]:
    c: list[Candidate] = []
    for where, block in content_blocks(payload):
        c.append(("unknown-type", _mutation(f"{where}/type", "hologram", "schema/unknown-type")))
        if request:
            c.append(("unknown-field", _mutation(f"{where}/zz_extra", 0, "schema/unknown-field")))
        if block["type"] == "text":
            c.append(("missing", _mutation(f"{where}/text", _DELETE, "schema/required")))
            c.append(("type", _mutation(f"{where}/text", 5, "schema/type")))
        elif block["type"] == "tool_use":
            c.append(("missing", _mutation(f"{where}/input", _DELETE, "schema/required")))
            c.append(("type", _mutation(f"{where}/input", "q", "schema/type")))
            if request:  # ids have a pattern in requests; `$` must not pass a trailing newline
                c.append(
                    ("newline", _mutation(f"{where}/id", block["id"] + "\n", "schema/pattern"))
                )
        elif block["type"] == "tool_result":
            newline = block["tool_use_id"] + "\n"
            c.append(("newline", _mutation(f"{where}/tool_use_id", newline, "schema/pattern")))
    return c


def _response_candidates(payload: Json) -> list[Candidate]:
    c: list[Candidate] = [
        ("range", _mutation("/usage/input_tokens", -5, "schema/minimum")),
        ("type", _mutation("/usage/output_tokens", "12", "schema/type")),
        ("type", _mutation("/model", 4, "schema/type")),
        ("missing", _mutation("/usage", _DELETE, "schema/required")),
        ("missing", _mutation("/id", _DELETE, "schema/required")),
        ("missing", _mutation("/usage/output_tokens", _DELETE, "schema/required")),
    ]
    return c + _block_candidates(payload, request=False)


@st.composite
def mutated_requests(draw: Any, budget_rule: str = "thinking/budget-below-minimum") -> Mutation:
    """A valid request with one mutation, its pointer and the rule it must trigger."""
    payload = draw(requests())
    _, apply = draw(st.sampled_from(_request_candidates(payload, budget_rule)))
    return apply(payload)


@st.composite
def mutated_responses(draw: Any) -> Mutation:
    """A valid response with one mutation, its pointer and the rule it must trigger."""
    payload = draw(responses())
    _, apply = draw(st.sampled_from(_response_candidates(payload)))
    return apply(payload)
