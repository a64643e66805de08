"""The validating proxy, end to end: a fake upstream and the proxy on 127.0.0.1, the real SDK."""

from __future__ import annotations

import asyncio
import io
import json
import socket
import subprocess
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("httpx2")
anthropic = pytest.importorskip("anthropic")

from payloads import GOOD_RESPONSE, installed_exe  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import Response, StreamingResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

from validator.proxy.app import SSESplitter, create_app  # noqa: E402
from validator.proxy.server import ThreadedServer  # noqa: E402

KEY = "sk-ant-api03-" + "Zq8Xw3Lm9Pk2Jr7Vt5Nb4Hc6Gd1Fs0Ae-Uy_Io" + "QwErTyUiOpAsDfGh"
MESSAGE = {**GOOD_RESPONSE, "id": "msg_01A", "usage": {"input_tokens": 9, "output_tokens": 4}}
# Odd spacing on purpose: a proxy that re-serialised the body would change these bytes.
MESSAGE_BYTES = json.dumps(MESSAGE, indent=1).encode()
BAD_MESSAGE = {**MESSAGE, "content": [{"type": "text"}]}
STREAM = [
    (
        "message_start",
        {"type": "message_start", "message": {**MESSAGE, "content": [], "stop_reason": None}},
    ),
    (
        "content_block_start",
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    ),
    (
        "content_block_delta",
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi!"}},
    ),
    ("content_block_stop", {"type": "content_block_stop", "index": 0}),
    (
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 4},
        },
    ),
    ("message_stop", {"type": "message_stop"}),
]
GAP = 1.0  # the fake upstream's pause after message_start
GOOD = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "Say hi"}],
}
BAD_TOOL_CHOICE = {
    "tool_choice": {"type": "tool", "name": "nope"},
    "tools": [{"name": "get_weather", "input_schema": {"type": "object"}}],
}


class Upstream:
    """A fake API: records what reached it; `bad-response` in the prompt gets a bad Message."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.app = Starlette(routes=[Route("/v1/messages", self.messages, methods=["POST"])])

    async def messages(self, request: Request) -> Response:
        body = await request.json()
        self.received.append({"body": body, "headers": dict(request.headers)})
        if body.get("stream"):
            return StreamingResponse(self.sse(), media_type="text/event-stream")
        if "bad-response" in json.dumps(body):
            return Response(json.dumps(BAD_MESSAGE), media_type="application/json")
        return Response(
            MESSAGE_BYTES, media_type="application/json", headers={"request-id": "req_fake"}
        )

    async def sse(self):
        for name, data in STREAM:
            yield f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
            await asyncio.sleep(GAP if name == "message_start" else 0)


@pytest.fixture(scope="module")
def upstream():
    fake = Upstream()
    with ThreadedServer(fake.app) as server:
        fake.url = server.url
        yield fake


def proxy_for(upstream_url: str, mode: str = "log", **kw):
    log, record = io.StringIO(), io.StringIO()
    app = create_app(upstream_url, mode, log=log, record=record, **kw)
    return ThreadedServer(app), log, record


def client(url: str, cls=None):
    cls = cls or anthropic.Anthropic
    return cls(base_url=url, api_key=KEY, max_retries=0, timeout=10)


def lines(buffer: io.StringIO) -> list[dict]:
    deadline = time.monotonic() + 3  # findings are written after the response is sent
    while not buffer.getvalue() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.05)
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_valid_call_is_answered_byte_for_byte_and_recorded(upstream, tmp_path):
    import httpx2

    server, log, record = proxy_for(upstream.url)
    with server:
        message = client(server.url).messages.create(**GOOD)
        direct = httpx2.post(upstream.url + "/v1/messages", json=GOOD)
        proxied = httpx2.post(
            server.url + "/v1/messages",
            json=GOOD,
            headers={"x-api-key": KEY, "anthropic-version": "2023-06-01"},
        )
        recorded = lines(record)
    assert message.content[0].text == "Hi!"
    assert proxied.content == direct.content == MESSAGE_BYTES
    assert proxied.headers["request-id"] == "req_fake"
    # The credential reached the upstream untouched, and no log or record holds it.
    sent = upstream.received[0]["headers"]  # SDK 2.15 sends the key as a bearer token
    assert KEY in (sent.get("x-api-key"), sent.get("authorization", "").removeprefix("Bearer "))
    assert KEY not in log.getvalue() and KEY not in record.getvalue()
    assert log.getvalue() == ""  # a live call's own key is not a finding
    assert recorded[1]["request_headers"]["x-api-key"] == "REDACTED"
    path = tmp_path / "traffic.jsonl"
    path.write_text(record.getvalue())
    done = subprocess.run([installed_exe(), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_bad_call_is_rejected_with_the_rule_id_and_never_forwarded(upstream):
    server, log, _record = proxy_for(upstream.url, "reject")
    before = len(upstream.received)
    with server, pytest.raises(anthropic.BadRequestError) as caught:
        client(server.url).messages.create(**GOOD, **BAD_TOOL_CHOICE)
    assert caught.value.status_code == 400
    error = caught.value.body["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"] == (
        "tools/tool-choice-names-undefined-tool: tool_choice names 'nope', which is not in tools"
    )
    assert len(upstream.received) == before
    assert [f["rule"] for f in lines(log)] == ["tools/tool-choice-names-undefined-tool"]


def test_bad_response_is_logged_in_log_mode(upstream):
    server, log, _record = proxy_for(upstream.url, "log")
    with server:
        prompt = {**GOOD, "messages": [{"role": "user", "content": "bad-response"}]}
        response = client(server.url).messages.with_raw_response.create(**prompt)
        found = lines(log)
    assert json.loads(response.http_response.content) == BAD_MESSAGE  # forwarded as it came
    assert [(f["rule"], f["phase"], f["part"]) for f in found] == [
        ("schema/required", "response", "response")
    ]


def test_async_client_goes_through(upstream):
    server, log, _record = proxy_for(upstream.url, "reject")

    async def call():
        async with client(server.url, anthropic.AsyncAnthropic) as api:
            return await api.messages.create(**GOOD)

    with server:
        message = asyncio.run(call())
    assert message.id == "msg_01A"
    assert log.getvalue() == ""


def test_stream_is_relayed_as_it_comes_and_checked(upstream, tmp_path):
    server, log, record = proxy_for(upstream.url, "log")
    with server:
        with client(server.url).messages.stream(**GOOD) as stream:
            events = iter(stream)
            first = next(events)
            first_at = time.monotonic()
            rest = list(events)
            last_at = time.monotonic()
            text = stream.get_final_text()
        recorded = lines(record)
    # The upstream pauses after message_start: a buffering proxy would hold it back that long.
    assert first.type == "message_start" and last_at - first_at > GAP * 0.8
    assert text == "Hi!" and rest[-1].type == "message_stop"
    assert log.getvalue() == ""
    assert "event: message_start" in recorded[0]["response_sse"]
    path = tmp_path / "stream.jsonl"
    path.write_text(record.getvalue())
    done = subprocess.run([installed_exe(), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_dead_upstream_gives_the_api_error_shape():
    server, _log, _record = proxy_for(f"http://127.0.0.1:{_closed_port()}", connect_timeout=2)
    with server, pytest.raises(anthropic.APIStatusError) as caught:
        client(server.url).messages.create(**GOOD)
    assert caught.value.status_code == 502
    assert caught.value.body["type"] == "error"
    assert caught.value.body["error"]["type"] == "api_error"


def test_slow_upstream_gives_overloaded_error_not_a_hang():
    async def slow(_request: Request) -> Response:
        await asyncio.sleep(2)
        return Response(MESSAGE_BYTES)

    slow_app = Starlette(routes=[Route("/v1/messages", slow, methods=["POST"])])
    with ThreadedServer(slow_app) as fake:
        server, _log, _record = proxy_for(fake.url, read_timeout=0.3)
        started = time.monotonic()
        with server, pytest.raises(anthropic.APIStatusError) as caught:
            client(server.url).messages.create(**GOOD)
    assert time.monotonic() - started < 3
    assert caught.value.status_code == 529
    assert caught.value.body["error"]["type"] == "overloaded_error"


def test_oversized_body_gets_413_in_the_api_shape(upstream):
    import httpx2

    server, _log, _record = proxy_for(upstream.url, max_body=1000)
    before = len(upstream.received)
    with server:
        big = {**GOOD, "messages": [{"role": "user", "content": "x" * 5000}]}
        response = httpx2.post(server.url + "/v1/messages", json=big)
    assert response.status_code == 413
    assert response.json()["error"]["type"] == "request_too_large"
    assert len(upstream.received) == before


def test_sse_splitter_handles_events_split_across_chunks():
    splitter = SSESplitter()
    text = "".join(f"event: {n}\ndata: {json.dumps(d)}\r\n\r\n" for n, d in STREAM).encode()
    for i in range(0, len(text), 7):
        splitter.feed(text[i : i + 7])
    splitter.close()
    assert splitter.events == [d for _n, d in STREAM]


def test_check_command_does_not_import_the_proxy_stack(tmp_path):
    from payloads import fresh_imports

    code = "from validator.cli import main\nmain(['examples/request.json'])\n"
    stack = {"starlette", "uvicorn", "httpx2", "httpx", "anyio"}  # a package's modules need it
    assert fresh_imports(code, stack, cwd=Path(__file__).parents[2])[0] == []


def test_batch_creation_is_checked_and_rejected(upstream):
    import httpx2

    server, _log, _record = proxy_for(upstream.url, "reject")
    bad = {"requests": [{"custom_id": "a", "params": {**GOOD, **BAD_TOOL_CHOICE}}]}
    with server:
        response = httpx2.post(server.url + "/v1/messages/batches", json=bad)
    assert response.status_code == 400
    assert "tools/tool-choice-names-undefined-tool" in response.json()["error"]["message"]


def test_a_key_in_another_header_is_a_leak_through_the_proxy_as_through_the_transport(upstream):
    """One owner for "a live call's own credential is expected": `Context.live`, used by
    the proxy as by the transport; any other header holding a key is still reported."""
    import httpx2

    server, log, record = proxy_for(upstream.url)
    headers = {"x-api-key": KEY, "x-debug": KEY, "anthropic-version": "2023-06-01"}
    with server:
        httpx2.post(server.url + "/v1/messages", json=GOOD, headers=headers)
        found = lines(log)
        recorded = lines(record)
    assert [(f["rule"], f["pointer"]) for f in found] == [
        ("secrets/credential-in-headers", "/x-debug")
    ]
    assert KEY not in log.getvalue() and KEY not in record.getvalue()
    assert recorded[0]["request_headers"]["x-api-key"] == "REDACTED"
    assert recorded[0]["request_headers"]["x-debug"].endswith("[REDACTED]")
