"""Batches: input lines, creation bodies, result lines, batch objects; count_tokens answers."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from validator.strategies.leaves import Json
from validator.strategies.requests import requests
from validator.strategies.responses import errors, responses

custom_ids = st.from_regex(r"[a-zA-Z0-9_-]{1,64}", fullmatch=True)


def count_tokens_responses() -> st.SearchStrategy[Json]:
    """A valid count_tokens response."""
    return st.integers(0, 200_000).map(lambda n: {"input_tokens": n})


@st.composite
def batch_lines(draw: Any, **knobs: Any) -> Json:
    """One valid line of a batch input file (`custom_id` and non-streaming `params`)."""
    return {"custom_id": draw(custom_ids), "params": draw(requests(**knobs, stream=False))}


@st.composite
def batch_creates(draw: Any, **knobs: Any) -> Json:
    """A valid `POST /v1/messages/batches` body: requests with unique custom ids."""
    ids = draw(st.lists(custom_ids, min_size=1, max_size=3, unique=True))
    return {
        "requests": [{"custom_id": i, "params": draw(requests(**knobs, stream=False))} for i in ids]
    }


@st.composite
def batch_results(draw: Any) -> Json:
    """One valid line of a batch results file."""
    kind = draw(st.sampled_from(["succeeded", "errored", "canceled", "expired"]))
    result: Json = {"type": kind}
    if kind == "succeeded":
        result["message"] = draw(responses())
    elif kind == "errored":
        result["error"] = draw(errors())
    return {"custom_id": draw(custom_ids), "result": result}


@st.composite
def batches(draw: Any) -> Json:
    """A valid `MessageBatch` object."""
    status = draw(st.sampled_from(["in_progress", "canceling", "ended"]))
    counts = {
        k: draw(st.integers(0, 1000))
        for k in ("processing", "succeeded", "errored", "canceled", "expired")
    }
    ended = status == "ended"
    return {
        "id": "msgbatch_" + draw(st.from_regex(r"[A-Za-z0-9]{24}", fullmatch=True)),
        "type": "message_batch",
        "processing_status": status,
        "request_counts": counts,
        "created_at": "2026-11-24T16:00:00Z",
        "expires_at": "2026-11-25T16:00:00Z",
        "ended_at": "2026-11-24T18:00:00Z" if ended else None,
        "cancel_initiated_at": "2026-11-24T17:00:00Z" if status == "canceling" else None,
        "archived_at": None,
        "results_url": "https://api.anthropic.com/v1/messages/batches/x/results" if ended else None,
    }
