"""Batch rules: unique custom_ids and no streaming inside a batch."""

from __future__ import annotations

from typing import Any

from validator import engine
from validator.core.findings import Severity


def params(**extra: Any) -> dict[str, Any]:
    return {
        "model": "claude-haiku-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Hi"}],
        **extra,
    }


def batch_rules(kind: str, value: Any) -> list[tuple[str, str, Severity]]:
    findings = engine.check_value(kind, value)
    return [(f.rule, f.pointer, f.severity) for f in findings if f.rule.startswith("batch/")]


def test_duplicate_custom_ids_point_at_each_repeat() -> None:
    requests = [{"custom_id": cid, "params": params()} for cid in ("a", "b", "a", "a")]
    assert batch_rules("batch-create", {"requests": requests}) == [
        ("batch/custom-id-duplicate", "/requests/2/custom_id", Severity.ERROR),
        ("batch/custom-id-duplicate", "/requests/3/custom_id", Severity.ERROR),
    ]
    requests[2]["custom_id"], requests[3]["custom_id"] = "c", "d"
    assert batch_rules("batch-create", {"requests": requests}) == []


def test_stream_in_params_is_a_warning_in_lines_and_bodies() -> None:
    line = {"custom_id": "a", "params": params(stream=True)}
    assert batch_rules("batch-line", line) == [
        ("batch/stream-in-params", "/params/stream", Severity.WARNING)
    ]
    assert batch_rules("batch-create", {"requests": [line]}) == [
        ("batch/stream-in-params", "/requests/0/params/stream", Severity.WARNING)
    ]
    assert batch_rules("batch-line", {"custom_id": "a", "params": params(stream=False)}) == []


def test_malformed_batches_do_not_raise() -> None:
    for value in (None, [], {"requests": "x"}, {"requests": [1, None, {"custom_id": 3}]}):
        assert batch_rules("batch-create", value) == []
