"""No credential leaves the tool: keys planted in every place a string can sit, every output
format grepped for any 12 characters of them (validator/redact.py, applied at the edge)."""

from __future__ import annotations

import json
import secrets
import string

import pytest

from validator import check_request
from validator.cli import main
from validator.core.redact import MARK, redact
from validator.reporters import REPORTERS

_ALPHABET = string.ascii_letters + string.digits


def _key(kind: str = "api03") -> str:
    return f"sk-ant-{kind}-" + "".join(secrets.choice(_ALPHABET) for _ in range(40))


def _leaks(text: str, planted: list[str]) -> list[str]:
    """Every 12-character window of a planted secret found in `text`. Windows hold at least 4
    characters past the fixed `sk-ant-kind-` prefix: the prefix is no secret, and the rule
    docs' own `sk-ant-api03-REDACTED` example would match a key whose body starts with R."""
    found = []
    for key in planted:
        body = key.index("-", 7) + 1 if key.startswith("sk-ant-") else 0
        for i in range(max(0, body - 8), len(key) - 11):
            if key[i : i + 12] in text:
                found.append(key[i : i + 12])
                break
    return found


def _plant(tmp_path):
    """Input files with a key in values, member names, headers, ids, tags, event names..."""
    k = {name: _key() for name in "abcdefghijklmnopq"}
    bearer = "".join(secrets.choice(_ALPHABET) for _ in range(32))
    cookie = "".join(secrets.choice(_ALPHABET) for _ in range(24))
    request = {
        "model": k["a"],
        "max_tokens": 16,
        "stop_sequences": [k["b"]],
        "messages": [
            {"role": "user", "content": f"my key is {k['c']}"},
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": k["d"], "name": k["e"], "input": {}}],
            },
        ],
        "tools": [{"name": "t", "input_schema": {"type": "object"}}],
        "tool_choice": {"type": "tool", "name": k["f"]},
        k["g"]: 1,  # an unknown field named by a key: the pointer carries it
    }
    (tmp_path / "request.json").write_text(json.dumps(request), encoding="utf-8")
    exchange = {
        "uri": "https://api.anthropic.com/v1/messages",
        "status": 200,
        "request_headers": {
            "anthropic-version": k["h"],
            "x-api-key": k["i"],
            "authorization": f"Bearer {bearer}",
            "cookie": f"session={cookie}",
        },
        "request": {"model": "claude-sonnet-4-6", "max_tokens": 16, "messages": []},
        "response": {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": k["j"],
            "content": [{"type": "tool_use", "id": "toolu_1", "name": k["k"], "input": {}}],
            "stop_reason": "stop_sequence",
            "stop_sequence": k["l"],
            "usage": {"input_tokens": 1, "output_tokens": 1},
        },
    }
    batch = {"custom_id": k["m"], "params": {"model": "claude-sonnet-4-6", "max_tokens": 1}}
    (tmp_path / "traffic.jsonl").write_text(
        "\n".join(json.dumps(x) for x in (exchange, batch, batch)) + "\n", encoding="utf-8"
    )
    start = {
        "type": "message_start",
        "message": {"id": "m", "type": "message", "role": "assistant", "content": []},
    }
    sse = f"event: {k['n']}\ndata: {json.dumps(start)}\n\nevent: x\ndata: {{{k['o']}\n\n"
    (tmp_path / "stream.sse").write_text(sse, encoding="utf-8")
    (tmp_path / "tagged.yaml").write_text(f"model: !{k['p']} x\n", encoding="utf-8")
    (tmp_path / f"{k['q']}.json").write_text('{"type": "error"}', encoding="utf-8")
    return [*k.values(), bearer, cookie]


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_no_output_format_carries_a_planted_key(tmp_path, capsys, fmt):
    planted = _plant(tmp_path)
    out = tmp_path / "out" / f"report.{fmt}"
    out.parent.mkdir()
    files = [str(p) for p in sorted(tmp_path.glob("*.*"))]
    assert main(["check", "--format", fmt, *files]) == 1
    stdout, stderr = capsys.readouterr()
    assert main(["check", "--format", fmt, "--output", str(out), *files]) == 1
    written = out.read_text(encoding="utf-8")
    assert stdout.count(MARK) >= 8, stdout  # the findings are there, their secrets are not
    assert written.count(MARK) >= 8
    for text in (stdout, stderr, written, capsys.readouterr().err):
        assert not _leaks(text, planted), text


def test_baseline_and_stale_lines_carry_no_key(tmp_path, capsys):
    planted = _plant(tmp_path)
    files = [str(p) for p in sorted(tmp_path.glob("*.*"))]
    base = tmp_path / "base" / "baseline.json"
    base.parent.mkdir()
    assert main(["check", "--baseline", str(base), "--update-baseline", *files]) == 0
    text = base.read_text(encoding="utf-8")
    assert MARK in text and not _leaks(text, planted)
    # a hand-made baseline whose entries hold a key: the stale lines on stderr are redacted
    stale = {"findings": [{"fingerprint": "f" * 16, "rule": "x/y", "file": files[0],
                           "pointer": f"/{planted[0]}"}]}  # fmt: skip
    base.write_text(json.dumps(stale), encoding="utf-8")
    main(["check", "--baseline", str(base), *files])
    captured = capsys.readouterr()
    assert "stale baseline entry" in captured.err
    assert not _leaks(captured.out + captured.err, planted)


def test_python_api_findings_are_redacted():
    key = _key()
    report = check_request({"model": key, "max_tokens": 1, "messages": [], key: 1})
    text = " ".join(f"{f.message} {f.pointer}" for f in report.findings)
    assert MARK in text and not _leaks(text, [key])


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: Bearer abcdefghijklmnop1234",
        "'x-api-key': 'abcdefgh12345678'",
        "proxy-authorization=Basic dXNlcjpwYXNzd29yZA==",
        "cookie: session=abcdef123456",
        "sk-ant-admin01-abcdefghijklmnopqrstuvwx",
    ],
)
def test_credential_shapes_are_redacted(text):
    assert MARK in redact(text)


@pytest.mark.parametrize(
    "text", ["claude-sonnet-4-6", "requests/request.json", "toolu_01ABCdef", "x-api-key missing"]
)
def test_plain_identifiers_are_left_alone(text):
    assert redact(text) == text
