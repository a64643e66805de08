"""Fuzz every reader and the engine behind it: mutated inputs must end in findings or a
ReadError (exit 2), never in another exception. Not part of CI; `make fuzz` runs it.

    python fuzz/fuzz_readers.py [--seconds-per-reader N] [--readers json,yaml,...]

A mutation-based loop over seed files (tests/data/readers, tests/hostile): byte flips,
insertions, deletions, splices of two seeds, runs of brackets (deep nesting), JSON tokens
and lone-surrogate escapes; it needs nothing beyond the standard library. Crashing inputs are
written to fuzz/crashes/. `fuzz/atheris_readers.py` fuzzes the same target coverage-guided.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from validator.config import Config  # noqa: E402
from validator.engine import check_document  # noqa: E402
from validator.readers import Document, ReadError  # noqa: E402
from validator.readers.dispatch import read_source  # noqa: E402
from validator.readers.source import Source  # noqa: E402

READERS = {"json": ".json", "yaml": ".yaml", "jsonl": ".jsonl", "har": ".har", "sse": ".sse"}
TOKENS = [
    b"[",
    b"{",
    b"]",
    b"}",
    b'"',
    b",",
    b":",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b"[]",
    b"{}",
    b'"type"',
    b'"text"',
    b'"image"',
    b'"tool_use"',
    b'"\\ud800"',
    b'"\\udfff"',
    b"\xff",
    b"\x00",
    b"&a ",
    b"*a",
    b"!tag ",
    b"- ",
    b"\n",
    b"event: ",
    b"data: ",
    b"\r",
    b"\xef\xbb\xbf",
    b'"encoding": "base64"',
    b'"media_type": {}',
    b'"$schema": []',
    b"[" * 300,
    b'{"a":' * 300,
]
CONFIG = Config()


def seeds(suffix: str) -> list[bytes]:
    found = []
    for folder in (ROOT / "tests" / "data" / "readers", ROOT / "tests" / "hostile"):
        for path in sorted(folder.glob("*")):
            if path.is_file() and (
                path.suffix == suffix or (suffix == ".json" and path.suffix in (".json", ".har"))
            ):
                found.append(path.read_bytes())
    return found or [b"{}"]


def mutate(data: bytes, pool: list[bytes], rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        pos = rng.randint(0, len(buf)) if buf else 0
        if op < 0.25 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op < 0.45:
            buf[pos:pos] = rng.choice(TOKENS)
        elif op < 0.6 and buf:
            end = min(len(buf), pos + rng.randint(1, 64))
            del buf[pos:end]
        elif op < 0.75:
            other = rng.choice(pool)
            start = rng.randint(0, len(other))
            buf[pos:pos] = other[start : start + rng.randint(1, 256)]
        elif op < 0.85 and buf:
            end = min(len(buf), pos + rng.randint(1, 32))
            buf[pos:pos] = buf[pos:end] * rng.randint(2, 40)
        else:
            depth = rng.randint(200, 1200)
            buf[pos:pos] = b"[" * depth + b"1" + b"]" * depth
    return bytes(buf[: 1 << 20])


def one_input(data: bytes, suffix: str) -> int:
    """Read and check one input; returns the documents the engine checked. Raises on a defect."""
    source = Source("fuzz" + suffix, data[:65536], io.BytesIO(data[65536:]))
    documents = 0
    try:
        for item in read_source(source, None, False, None):
            if isinstance(item, Document):
                check_document(item, CONFIG)
                documents += item.kind != "unknown"
    except ReadError:
        return 0
    return documents


def run(name: str, seconds: float, rng: random.Random) -> tuple[int, int, int, float]:
    suffix = READERS[name]
    pool = seeds(suffix)
    crashes = ROOT / "fuzz" / "crashes"
    n = failures = checked = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        data = mutate(rng.choice(pool), pool, rng)
        n += 1
        try:
            checked += one_input(data, suffix) > 0
        except Exception:  # a defect: keep the input and the traceback
            failures += 1
            crashes.mkdir(exist_ok=True)
            stem = crashes / f"{name}-{n}"
            stem.with_suffix(suffix).write_bytes(data)
            stem.with_suffix(".txt").write_text(traceback.format_exc(), encoding="utf-8")
        if n % 500 == 0 and rng.random() < 0.2:  # grow the pool with inputs that still parse
            pool.append(data)
            del pool[:-200]
    return n, failures, checked, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds-per-reader", type=float, default=60.0)
    parser.add_argument("--readers", default=",".join(READERS))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    total = bad = 0
    for name in args.readers.split(","):
        n, failures, checked, seconds = run(name, args.seconds_per_reader, rng)
        total, bad = total + n, bad + failures
        print(
            f"{name:6} {n:9,d} inputs in {seconds:7.1f} s ({n / seconds:8.0f}/s), "
            f"{failures} crashes",
            flush=True,
        )
        print(
            f"       {checked:9,d} of them reached the engine as payloads",
            flush=True,
        )
    print(f"total  {total:9,d} inputs, {bad} crashes", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
