"""Throughput of the schema pass on generated traffic, against parsing alone and plain jsonschema.

    python bench/bench_throughput.py [--n N] [--seed S]

For requests and responses it prints records/s for: orjson parsing alone (the floor);
parse + jsonschema-rs `is_valid` (the fast path); parse + `schema_findings` (what the engine
runs: fast path, detailed path only on failure); parse + plain jsonschema `iter_errors` on the
same compiled schema (what checking every record in detail would cost). Ratios are given
against the floor and against plain jsonschema. The traffic is valid, as recorded traffic
mostly is; `--n` sets the number of exchanges (default 2000: well under a minute).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import orjson
from gen_traffic import describe, traffic  # beside this script: on sys.path when run as one

from validator import spec
from validator.schema_errors import schema_findings


def rate(records: list[bytes], check: Callable[[Any], Any]) -> float:
    """Records per second of parse + `check` over `records` (best of two runs)."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for raw in records:
            check(orjson.loads(raw))
        best = min(best, time.perf_counter() - start)
    return len(records) / best


def bench(kind: str, records: list[bytes], plain_n: int) -> None:
    fast = spec.fast_validator(kind)
    detailed = spec.detailed_validator(kind)
    assert all(fast.is_valid(orjson.loads(r)) for r in records[:50]), "generated traffic invalid"
    rows = [
        ("orjson parse alone (floor)", rate(records, lambda v: None)),
        ("parse + jsonschema-rs is_valid", rate(records, fast.is_valid)),
        ("parse + schema_findings (engine)", rate(records, lambda v: schema_findings(kind, v))),
        (
            "parse + plain jsonschema iter_errors",
            rate(records[:plain_n], lambda v: list(detailed.iter_errors(v))),
        ),
    ]
    floor, plain = rows[0][1], rows[-1][1]
    print(f"\n{kind}s: {describe(records)}")
    print(f"  {'path':38} {'records/s':>12} {'vs floor':>9} {'vs plain':>9}")
    for name, value in rows:
        print(f"  {name:38} {value:12,.0f} {value / floor:9.3f} {value / plain:9.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="exchanges to generate")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    requests, responses = traffic(args.n, args.seed)
    for kind in ("request", "response"):
        spec.fast_validator(kind), spec.detailed_validator(kind)  # compile outside the timing
    plain_n = min(args.n, 1000)  # plain jsonschema is slow: time it on a prefix
    bench("request", requests, plain_n)
    bench("response", responses, plain_n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
