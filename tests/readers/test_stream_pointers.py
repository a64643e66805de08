"""In an .sse file `record` is the event number and the pointer is inside that event's data;
a stream inside a record keeps `record` for the record and points at `/<event index>/...`."""

from __future__ import annotations

import json
from pathlib import Path

from validator.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def findings(capsys, *args: str) -> list[dict]:
    main(["check", "--format", "json", *args])
    return json.loads(capsys.readouterr().out)["findings"]


def test_sse_file_record_is_the_event_and_pointer_is_inside_it(capsys) -> None:
    (found,) = findings(capsys, str(EXAMPLES / "stream.sse"))
    assert found["record"] == 2
    assert found["pointer"] == "/index"
    assert found["line"] == 5


def test_stream_inside_a_jsonl_record_points_at_the_event(tmp_path, capsys) -> None:
    text = (EXAMPLES / "stream.sse").read_text()
    events = [json.loads(line[5:]) for line in text.splitlines() if line.startswith("data:")]
    request = {
        "model": "claude-sonnet-4-6",
        "max_tokens": 64,
        "stream": True,
        "messages": [{"role": "user", "content": "Hi"}],
    }
    record = {"request": request, "response_sse": text, "status": 200}
    log = tmp_path / "traffic.jsonl"
    log.write_text(
        json.dumps({"request": request, "status": 200}) + "\n" + json.dumps(record) + "\n"
    )
    stream_findings = [f for f in findings(capsys, str(log)) if f["part"] == "stream"]
    assert stream_findings, "the out-of-order delta is found in the recorded stream"
    assert {f["record"] for f in stream_findings} == {2}
    assert all(f["pointer"].split("/")[1].isdigit() for f in stream_findings)
    assert len(events) > 1
