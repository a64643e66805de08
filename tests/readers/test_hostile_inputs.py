"""Hostile inputs (tests/hostile/, expected.json says what each gives): a finding or exit 2,
never a traceback, bounded memory, and the other inputs of the run still reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payloads import replaced, seeds

from validator import check_request
from validator.cli import main
from validator.engine import check_value
from validator.readers import read_text

HOSTILE = Path(__file__).parents[1] / "hostile"
EXPECTED = {
    k: v
    for k, v in json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}
DATA = Path(__file__).parents[1] / "data" / "readers"
GOOD = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "hi"}],
}
BAD = {**GOOD, "max_tokens": -1}


def test_every_fixture_is_in_the_manifest():
    fixtures = {p.name for p in HOSTILE.iterdir() if p.name != "expected.json"}
    assert fixtures == set(EXPECTED)


def _json_report(capsys, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_gives_its_finding_and_the_run_goes_on(name, tmp_path, capsys):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(GOOD), encoding="utf-8")
    bad.write_text(json.dumps(BAD), encoding="utf-8")
    code, report = _json_report(capsys, str(HOSTILE / name))
    assert code == EXPECTED[name]["exit"]
    rules = {f["rule"] for f in report["findings"]}
    if EXPECTED[name]["rule"]:
        assert EXPECTED[name]["rule"] in rules
    # with a good and a bad payload beside it: both are still checked and reported
    code, report = _json_report(capsys, str(good), str(HOSTILE / name), str(bad))
    files = {f["file"] for f in report["findings"]}
    assert str(bad) in files and report["summary"]["files"] == 3
    assert code == 1


def test_too_deep_is_one_finding_with_its_line(capsys):
    _code, report = _json_report(capsys, str(HOSTILE / "deep-tool-input.json"))
    (finding,) = report["findings"]
    assert finding["rule"] == "input/too-deep" and finding["line"] == 126  # level 256
    assert finding["pointer"].startswith("/messages/1/content/0/input/x")


@pytest.mark.parametrize("depth, deep", [(255, False), (256, False), (257, True)])
def test_the_depth_bound_is_256_levels(depth, deep):
    value: Any = 1
    for _ in range(depth - 1):
        value = [value]
    payload = {**GOOD, "metadata": {"user_id": "u"}, "stop_sequences": value}
    rules = {f.rule for f in check_request(payload).findings}
    assert ("input/too-deep" in rules) is deep


def test_deep_input_through_the_python_api_is_a_finding():
    value: Any = {}
    for _ in range(5000):
        value = {"a": value}
    report = check_request({**GOOD, "metadata": value})
    assert report.rules == ["input/too-deep"]


def test_yaml_aliases_to_scalars_under_the_bound_still_load():
    text = "model: &m claude-sonnet-4-6\nmax_tokens: 5\nmessages:\n  - {role: user, content: *m}\n"
    (doc,) = list(read_text(text, "x.yaml"))
    assert doc.value["messages"][0]["content"] == "claude-sonnet-4-6"


def test_duplicate_keys_are_not_checked_in_traffic_logs(tmp_path, capsys):
    path = tmp_path / "log.jsonl"
    path.write_text(
        '{"model": "a", "model": "claude-sonnet-4-6", "max_tokens": 5, "messages": []}\n'
    )
    _code, report = _json_report(capsys, str(path))
    assert "syntax/duplicate-key" not in {f["rule"] for f in report["findings"]}


def test_nested_duplicate_key_is_found_at_its_line(tmp_path, capsys):
    path = tmp_path / "dup.json"
    path.write_text('{"a": {"b": 1,\n "c": [{"d": 1}, {"d": 2}]},\n "x": {"y": 1, "y": 2}}')
    _code, report = _json_report(capsys, str(path))
    (dup,) = [f for f in report["findings"] if f["rule"] == "syntax/duplicate-key"]
    assert (dup["line"], dup["column"]) == (3, 16) and "'y'" in dup["message"]


# --- non-regular files ---------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_a_walked_directory_is_skipped(tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps(BAD), encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.json")
    code = f"from validator.cli import main; raise SystemExit(main(['check', {str(tmp_path)!r}]))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    assert "bad.json" in run.stdout and "pipe.json" not in run.stdout + run.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="process substitution is POSIX")
def test_a_pipe_named_on_the_command_line_is_read_as_a_stream():
    exe = Path(sys.executable).parent / "messages-validator"
    script = f"{exe} check <(cat {DATA / 'mixed.jsonl'}) <(cat {DATA / 'request.yaml'})"
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    assert "/dev/fd/" in run.stdout and "in 2 files" in run.stdout


# --- memory and time: every fixture under a 512 MB address-space cap ------------------------

_CAPPED = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))
    from validator.cli import main
    raise SystemExit(main(["check", "--format", "json", sys.argv[1]]))
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_finishes_under_a_memory_cap(name):
    run = subprocess.run(
        [sys.executable, "-c", _CAPPED, str(HOSTILE / name)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == EXPECTED[name]["exit"], run.stderr[-2000:]
    report = json.loads(run.stdout)
    if EXPECTED[name]["rule"]:
        assert EXPECTED[name]["rule"] in {f["rule"] for f in report["findings"]}


# --- properties: any JSON value in any place of a valid payload of every kind ---------------

_RICH = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 1024,
    "system": [{"type": "text", "text": "s", "cache_control": {"type": "ephemeral"}}],
    "tools": [
        {
            "name": "get",
            "input_schema": {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "properties": {"a": {"type": "string"}},
            },
        },
        {"type": "web_search_20250305", "name": "web_search", "max_uses": 3},
    ],
    "tool_choice": {"type": "auto"},
    "thinking": {"type": "enabled", "budget_tokens": 512},
    "stop_sequences": ["x"],
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "hi"},
                {
                    "type": "image",
                    "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
                },
                {
                    "type": "document",
                    "source": {
                        "type": "base64",
                        "media_type": "application/pdf",
                        "data": "JVBERi0=",
                    },
                },
            ],
        },
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "t", "signature": "sig"},
                {"type": "tool_use", "id": "toolu_01", "name": "get", "input": {"a": "b"}},
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "r"}],
        },
    ],
}


def _seeds() -> dict[str, tuple[str, Any]]:
    valid = seeds()
    found = {name: ("exchange" if "exchange" in name else name, v) for name, v in valid.items()}
    found["rich request"] = ("request", _RICH)
    found["rich exchange"] = (
        "exchange",
        {"request": _RICH, "response": valid["response"], "request_headers": {}, "status": 200},
    )
    return found


SEEDS = _seeds()
_text = st.text(st.characters(codec=None), max_size=12)  # lone surrogates included
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    _text,
    st.sampled_from(["text", "image", "tool_use", "object", "image/png", "$schema", "\ud800"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_text, inner, max_size=3)),
    max_leaves=12,
)


def _paths(value: Any) -> list[tuple[Any, ...]]:
    out, stack = [], [((), value)]
    while stack:
        path, node = stack.pop()
        out.append(path)
        items = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        stack.extend(((*path, k), v) for k, v in items)
    return sorted(out, key=repr)


def _deep(depth: int) -> Any:
    value: Any = "x"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_any_value_in_any_place_of_any_kind_never_raises(name, data):
    kind, seed = SEEDS[name]
    path = data.draw(st.sampled_from(_paths(seed)))
    new = data.draw(st.one_of(_values, st.integers(200, 400).map(_deep)))
    findings = check_value(kind, replaced(seed, path, new))
    for f in findings:  # every string that leaves can be written as UTF-8
        (f.message + f.pointer).encode("utf-8")


_names = st.sampled_from(["x.json", "x.yaml", "x.jsonl", "x.har", "x.sse", "x"])


@settings(max_examples=80, deadline=None)
@given(_names, st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_bytes_through_every_reader_end_in_findings_or_exit_2(tmp_path_factory, name, data):
    path = tmp_path_factory.mktemp("fz") / name
    path.write_bytes(data)
    good = path.parent / "good.json"
    good.write_text(json.dumps(BAD), encoding="utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", "--format", "json", str(path), str(good)])
    assert code in (1, 2)
    report = json.loads(out.getvalue())
    assert str(good) in {f["file"] for f in report["findings"]}  # the other input survives


@settings(max_examples=30, deadline=None)
@given(_names, st.integers(250, 1500), st.sampled_from(["[", '{"a":', "- "]))
def test_deep_nesting_through_every_reader(name, depth, opener):
    closer = {"[": "]", '{"a":': "}", "- ": ""}[opener]
    body = opener * depth + "1" + closer * depth
    if name.endswith(".sse"):
        body = f"event: x\ndata: {body}\n\n"
    elif name.endswith(".har"):
        request = json.dumps(GOOD)[:-1] + f', "metadata": {body}}}'
        entry = {
            "request": {
                "url": "https://api.anthropic.com/v1/messages",
                "postData": {"text": request},
            }
        }
        body = json.dumps({"log": {"entries": [entry]}})
    items = list(read_text(body, name))
    from validator.engine import check_document
    from validator.readers import Document

    for item in items:
        if isinstance(item, Document):
            check_document(item)
