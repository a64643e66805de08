"""The validating transport under the real `anthropic` SDK, over httpx2's MockTransport."""

from __future__ import annotations

import asyncio
import json

import pytest

from validator.reporters.text import as_text
from validator.transport import (
    AsyncValidatingTransport,
    MessagesValidationError,
    MessagesValidationWarning,
    ValidatingTransport,
)

anthropic = pytest.importorskip("anthropic")
httpx2 = pytest.importorskip("httpx2")

KEY = "sk-ant-api03-Qm7Zt4vLx9Pk2Rw8Bn5Cd3Fh"  # looks real: a live call's own key is expected
MODEL = "claude-sonnet-4-6"
ARGS = {"model": MODEL, "max_tokens": 64, "messages": [{"role": "user", "content": "Hi"}]}
MESSAGE = {
    "id": "msg_01",
    "type": "message",
    "role": "assistant",
    "model": MODEL,
    "content": [{"type": "text", "text": "Hello there"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 5, "output_tokens": 3},
}
EVENTS = [
    {
        "type": "message_start",
        "message": {**MESSAGE, "content": [], "stop_reason": None, "usage": {**MESSAGE["usage"]}},
    },
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "ping"},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": " there"}},
    {"type": "content_block_stop", "index": 0},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 3},
    },
    {"type": "message_stop"},
]
SSE = b"".join(
    f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in EVENTS
)  # fmt: skip


def chunked(data: bytes, size: int = 7) -> list[bytes]:
    """Chunks that cut lines and events anywhere, as a network does."""
    return [data[i : i + size] for i in range(0, len(data), size)]


class Server:
    """A mock API: records what it got, answers with a message or a chunked stream."""

    def __init__(self, message: dict | None = None, events: list[dict] | None = None) -> None:
        self.message = message or MESSAGE
        self.sse = SSE if events is None else _sse(events)
        self.received: list[dict] = []
        self.sent: list[bytes] = []

    def __call__(self, request):
        body = json.loads(request.content)
        self.received.append(body)
        if body.get("stream"):
            self.sent.append(self.sse)
            headers = {"content-type": "text/event-stream"}
            return httpx2.Response(200, headers=headers, stream=_Chunks(chunked(self.sse)))
        data = json.dumps(self.message).encode()
        self.sent.append(data)
        return httpx2.Response(200, headers={"content-type": "application/json"}, content=data)


def _sse(events: list[dict]) -> bytes:
    return b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)


class _Chunks(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.yielded = 0

    def __iter__(self):
        for chunk in self.chunks:
            self.yielded += 1
            yield chunk

    async def __aiter__(self):
        for chunk in self.chunks:
            self.yielded += 1
            yield chunk


def client(server: Server, mode: str = "raise"):
    transport = ValidatingTransport(httpx2.MockTransport(server), mode=mode)
    sdk = anthropic.Anthropic(
        api_key=KEY, max_retries=0, http_client=httpx2.Client(transport=transport)
    )
    return sdk, transport


def async_client(server: Server, mode: str = "raise"):
    transport = AsyncValidatingTransport(httpx2.MockTransport(server), mode=mode)
    sdk = anthropic.AsyncAnthropic(
        api_key=KEY, max_retries=0, http_client=httpx2.AsyncClient(transport=transport)
    )
    return sdk, transport


def test_a_valid_call_passes_and_its_own_key_is_not_a_leak():
    sdk, transport = client(Server())
    message = sdk.messages.create(**ARGS)
    assert message.content[0].text == "Hello there"
    assert transport.report.ok, as_text(transport.report)
    assert transport.report.documents == 1


def test_a_bad_parameter_through_extra_body_raises_our_error_not_a_connection_error():
    server = Server()
    sdk, _ = client(server)
    with pytest.raises(MessagesValidationError) as caught:
        sdk.messages.create(**ARGS, extra_body={"temperature": 5})
    assert "sampling/temperature-out-of-range" in caught.value.report.rules
    assert "/temperature" in str(caught.value)
    assert not isinstance(caught.value, anthropic.APIConnectionError)
    assert server.received == []  # the bad request was never sent


def test_collect_mode_reports_a_bad_response_field():
    server = Server(message={**MESSAGE, "stop_reason": "finished"})
    sdk, transport = client(server, mode="collect")
    sdk.messages.create(**ARGS)
    found = [(f.rule, f.part, f.pointer) for f in transport.findings]
    assert ("schema/enum", "response", "/stop_reason") in found, as_text(transport.report)


def test_warn_mode_warns_with_the_report():
    sdk, transport = client(Server(), mode="warn")
    with pytest.warns(MessagesValidationWarning, match="temperature"):
        sdk.messages.create(**ARGS, extra_body={"temperature": 5})
    assert "sampling/temperature-out-of-range" in transport.report.rules


def test_a_stream_is_checked_and_get_final_message_is_unchanged():
    server = Server()
    sdk, transport = client(server, mode="collect")
    with sdk.messages.stream(**ARGS) as stream:
        texts = list(stream.text_stream)
        final = stream.get_final_message()
    assert texts == ["Hello", " there"]
    assert final.model_dump(exclude_none=True) == anthropic.types.Message(**MESSAGE).model_dump(
        exclude_none=True
    )
    assert transport.report.ok, as_text(transport.report)
    assert len(transport.calls[0].events) == len(EVENTS)


def test_the_sdk_receives_every_byte_unchanged():
    server = Server()
    sdk, _ = client(server)
    raw = sdk.messages.with_raw_response.create(**ARGS, stream=True)
    received = b"".join(raw.http_response.iter_bytes())
    assert received == server.sent[-1] == SSE
    raw = sdk.messages.with_raw_response.create(**ARGS)
    assert raw.http_response.content == server.sent[-1]


def test_a_bad_event_raises_as_it_flows_before_the_end():
    events = [*EVENTS]
    events[3] = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta"}}
    server = Server(events=events)
    sdk, _ = client(server)
    seen = []
    with pytest.raises(MessagesValidationError) as caught:
        for event in sdk.messages.create(**ARGS, stream=True):
            seen.append(event.type)
    assert "schema/required" in caught.value.report.rules
    assert next(f.pointer for f in caught.value.report).startswith("/3/delta")
    assert "message_stop" not in seen  # it raised at event 3, not at the end


def test_stream_order_rules_run_at_the_end_of_the_stream():
    events = [e for e in EVENTS if e["type"] != "content_block_stop"]
    sdk, transport = client(Server(events=events), mode="collect")
    for _ in sdk.messages.create(**ARGS, stream=True):
        pass
    assert any(r.startswith("stream/") for r in transport.report.rules), as_text(transport.report)
    assert all(f.part == "stream" for f in transport.findings)


def test_the_async_client_the_same():
    async def main():
        server = Server()
        sdk, transport = async_client(server, mode="collect")
        message = await sdk.messages.create(**ARGS)
        async with sdk.messages.stream(**ARGS) as stream:
            texts = [t async for t in stream.text_stream]
            final = await stream.get_final_message()
        assert transport.report.ok, as_text(transport.report)
        sdk_raise, _ = async_client(server)
        with pytest.raises(MessagesValidationError):
            await sdk_raise.messages.create(**ARGS, extra_body={"top_k": -1})
        return message, texts, final, transport

    message, texts, final, transport = asyncio.run(main())
    assert message.content[0].text == final.content[0].text == "Hello there"
    assert texts == ["Hello", " there"]
    assert len(transport.calls) == 2


def test_count_tokens_and_other_endpoints():
    def handler(request):
        if request.url.path.endswith("/count_tokens"):
            return httpx2.Response(200, json={"input_tokens": 12})
        return httpx2.Response(200, json={"data": [], "has_more": False})

    transport = ValidatingTransport(httpx2.MockTransport(handler), mode="collect")
    sdk = anthropic.Anthropic(api_key=KEY, http_client=httpx2.Client(transport=transport))
    assert sdk.messages.count_tokens(model=MODEL, messages=ARGS["messages"]).input_tokens == 12
    sdk.models.list()  # not a Messages API call: passes through unchecked
    assert transport.report.ok, as_text(transport.report)
    assert len(transport.calls) == 1


def test_wrap_shares_findings_and_bad_modes_are_refused():
    _, transport = client(Server(), mode="collect")
    other = transport.wrap(httpx2.MockTransport(Server()))
    assert other.findings is transport.findings
    with pytest.raises(ValueError, match="mode"):
        ValidatingTransport(httpx2.MockTransport(Server()), mode="loud")


def test_the_inner_transport_decides_the_library():
    httpx = pytest.importorskip("httpx")
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json=MESSAGE))
    transport = ValidatingTransport(answer, mode="collect")
    assert isinstance(transport, httpx.BaseTransport)
    assert not isinstance(transport, httpx2.BaseTransport)
    with httpx.Client(transport=transport) as http:
        response = http.post("https://api.anthropic.com/v1/messages", json={**ARGS, "top_k": -1})
    assert response.json() == MESSAGE
    assert "sampling/top-k-out-of-range" in transport.report.rules


def test_raise_mode_raises_on_a_bad_response_too():
    sdk, _ = client(Server(message={**MESSAGE, "usage": {"input_tokens": -1, "output_tokens": 1}}))
    with pytest.raises(MessagesValidationError) as caught:
        sdk.messages.create(**ARGS)
    assert [(f.part, f.pointer) for f in caught.value.report] == [
        ("response", "/usage/input_tokens")
    ]


def test_batch_results_are_checked_line_by_line_and_other_calls_pass():
    good = {"custom_id": "a", "result": {"type": "canceled"}}
    bad = {"custom_id": "b", "result": {"type": "exploded"}}
    lines = json.dumps(good) + "\n" + json.dumps(bad) + "\n"

    def handler(request):
        if request.method == "DELETE":
            return httpx2.Response(200, json={"id": "msgbatch_1", "type": "message_batch_deleted"})
        return httpx2.Response(200, content=lines.encode())

    transport = ValidatingTransport(httpx2.MockTransport(handler), mode="collect")
    with httpx2.Client(transport=transport) as http:
        http.get("https://api.anthropic.com/v1/messages/batches/msgbatch_1/results")
        http.delete("https://api.anthropic.com/v1/messages/batches/msgbatch_1")
    assert {f.pointer.split("/")[1] for f in transport.findings} == {"1"}, as_text(transport.report)
    assert len(transport.calls) == 1


def test_a_key_in_another_header_is_still_a_leak_on_a_live_call():
    transport = ValidatingTransport(httpx2.MockTransport(Server()), mode="collect")
    sdk = anthropic.Anthropic(
        api_key=KEY,
        default_headers={"x-debug": KEY},
        http_client=httpx2.Client(transport=transport),
    )
    sdk.messages.create(**ARGS)
    found = [(f.rule, f.pointer) for f in transport.findings]
    assert found == [("secrets/credential-in-headers", "/x-debug")]
    assert KEY not in as_text(transport.report)
