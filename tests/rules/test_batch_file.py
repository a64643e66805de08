"""`custom_id` is unique across the lines of a batch input JSONL file, not only in one array."""

from __future__ import annotations

import json
from pathlib import Path

from validator import check, check_file

RULE = "batch/custom-id-duplicate-in-file"


def _line(custom_id: str) -> str:
    params = {
        "model": "claude-haiku-4-5",
        "max_tokens": 16,
        "messages": [{"role": "user", "content": "hi"}],
    }
    return json.dumps({"custom_id": custom_id, "params": params})


def test_a_repeated_custom_id_across_lines_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(_line(c) for c in ("a", "b", "a", "c", "b", "a")) + "\n")
    found = [f for f in check_file(path) if f.rule == RULE]
    assert [(f.record, f.pointer, f.severity.value) for f in found] == [
        (3, "/custom_id", "error"),
        (5, "/custom_id", "error"),
        (6, "/custom_id", "error"),
    ]
    assert "first on line 1" in found[0].message and "first on line 2" in found[1].message


def test_distinct_ids_and_separate_files_are_clean(tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(_line("a") + "\n" + _line("b") + "\n")
    two.write_text(_line("a") + "\n")
    assert not [f for f in check_file(one) if f.rule == RULE]
    assert not [f for f in check_file(tmp_path) if f.rule == RULE]  # state is per file


def test_a_line_checked_alone_is_not_judged() -> None:
    assert RULE not in {f.rule for f in check(json.loads(_line("a")), "batch-line")}
