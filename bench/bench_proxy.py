"""Load test of the validating proxy on loopback: requests/s and the latency it adds.

Starts a fake upstream (a tiny starlette app answering a fixed Message) and the proxy in front
of it, each under uvicorn in its own process on 127.0.0.1, then sends N requests with C in
flight (httpx2, async) straight to the fake upstream, then through the proxy (log mode, every
request and response checked), and prints requests/s and latency p50/p99 of both and the
difference. Stops by itself. Run: `python bench/bench_proxy.py [--n 3000] [--concurrency 50]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time

import httpx2

MESSAGE = {
    "id": "msg_01A",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-6",
    "content": [{"type": "text", "text": "Hi there! How can I help you today?"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 12, "output_tokens": 10},
}
REQUEST = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 512,
    "system": "You are a concise assistant.",
    "messages": [
        {"role": "user", "content": "Say hi"},
        {"role": "assistant", "content": "Hi!"},
        {"role": "user", "content": [{"type": "text", "text": "And how are you today?"}]},
    ],
}
HEADERS = {"anthropic-version": "2023-06-01", "x-api-key": "REDACTED"}

UPSTREAM = f"""
import json, uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
BODY = json.dumps({MESSAGE!r}).encode()
async def messages(request):
    await request.body()
    return Response(BODY, media_type="application/json")
app = Starlette(routes=[Route("/v1/messages", messages, methods=["POST"])])
uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="error", access_log=False)
"""
PROXY = """
import uvicorn
from validator.proxy.app import create_app
app = create_app("{upstream}", "log", log=open("/dev/null", "w"))
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="error", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code])


def wait_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx2.post(url + "/v1/messages", json=REQUEST, headers=HEADERS, timeout=2)
            return
        except httpx2.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


async def load(url: str, n: int, concurrency: int) -> tuple[float, list[float]]:
    """(seconds for all n, per-request latencies in ms)."""
    body = json.dumps(REQUEST).encode()
    headers = {**HEADERS, "content-type": "application/json"}
    latencies: list[float] = []
    todo = iter(range(n))
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            for _ in todo:
                started = time.perf_counter()
                response = await client.post(url + "/v1/messages", content=body, headers=headers)
                await response.aread()
                if response.status_code != 200:
                    raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    up_port, proxy_port = free_port(), free_port()
    upstream_url = f"http://127.0.0.1:{up_port}"
    proxy_url = f"http://127.0.0.1:{proxy_port}"
    procs = [start(UPSTREAM.replace("PORT", str(up_port)))]
    try:
        wait_up(upstream_url)
        procs.append(start(PROXY.format(upstream=upstream_url, port=proxy_port)))
        wait_up(proxy_url)
        asyncio.run(load(proxy_url, 200, args.concurrency))  # warm both
        figures = {}
        for name, url in (("direct", upstream_url), ("proxy", proxy_url)):
            seconds, latencies = asyncio.run(load(url, args.n, args.concurrency))
            figures[name] = (args.n / seconds, pct(latencies, 50), pct(latencies, 99))
            rate, p50, p99 = figures[name]
            print(f"{name:>7}: {rate:8.0f} requests/s  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms")
        added50 = figures["proxy"][1] - figures["direct"][1]
        added99 = figures["proxy"][2] - figures["direct"][2]
        print(
            f"  added: p50 {added50:+.2f} ms  p99 {added99:+.2f} ms "
            f"({args.n} requests, {args.concurrency} concurrent, loopback, log mode)"
        )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


if __name__ == "__main__":
    main()
