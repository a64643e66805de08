"""Whole-run throughput of one recorded-traffic file: `--jobs 1` against `--jobs 2`.

Generates N exchanges (request, response, headers, as in ../shared/corpus/) into one JSONL
file, then times `check_paths` over it, the full engine (schema and every rule) with
positions, in this process and with 2 workers reading their own byte ranges. Prints records/s
and the ratio. Run: `python bench/bench_jobs.py [--n N]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_traffic import describe, traffic

from validator.run.runner import check_paths

HEADERS = {"anthropic-version": "2023-06-01", "content-type": "application/json"}


def write_traffic(path: Path, n: int) -> list[bytes]:
    requests, responses = traffic(n)
    lines = [
        orjson.dumps(
            {
                "method": "POST",
                "uri": "https://api.anthropic.com/v1/messages",
                "status": 200,
                "request": orjson.loads(req),
                "request_headers": HEADERS,
                "response": orjson.loads(resp),
            }
        )
        for req, resp in zip(requests, responses, strict=True)
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return lines


def timed(path: Path, jobs: int, runs: int = 2) -> tuple[float, int]:
    best, documents = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        report = check_paths([path], jobs=jobs)
        best = min(best, time.perf_counter() - start)
        documents = report.documents
    return best, documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8000, help="exchanges to generate")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "traffic.jsonl"
        lines = write_traffic(path, args.n)
        print(f"traffic: {describe(lines)}, {path.stat().st_size / 2**20:.1f} MiB in one file")
        check_paths([path])  # warm: spec compiled, caches filled
        one, docs = timed(path, 1)
        two, docs2 = timed(path, 2)
        assert docs == docs2 == args.n
        print(f"--jobs 1: {docs / one:8.0f} exchanges/s ({one:.2f} s)")
        print(f"--jobs 2: {docs / two:8.0f} exchanges/s ({two:.2f} s)  ratio {one / two:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
