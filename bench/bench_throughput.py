"""Throughput of the schema pass on generated traffic, against parsing alone and plain jsonschema.

    python bench/bench_throughput.py [--n N] [--seed S]

For requests and responses it prints records/s for:

- orjson parsing alone (the floor);
- parse + jsonschema-rs `is_valid` on the compiled schema (the fast path);
- parse + `schema_findings` (what the engine runs: fast path, detailed path only on failure);
- parse + plain jsonschema `iter_errors` on the compiled schema (the detailed path, if it
  were run on every record): the "plain" baseline of the ratios;
- parse + jsonschema `iter_errors` on the spec's unions as written (`oneOf`, discriminator
  ignored), to show what compiling them to if/then/else buys.

Ratios are given against the floor and against plain jsonschema. The generated traffic is
valid, as recorded traffic mostly is. `--n` sets the number of exchanges (default 5000:
well under a minute); the jsonschema rows are timed on the first 300 / 100 records.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import orjson
from gen_traffic import describe, traffic  # beside this script: on sys.path when run as one

from validator.schema import spec
from validator.schema.errors import schema_findings
from validator.schema.patterns import ecma_validator

OPENAPI_ONLY = {"discriminator", "example", "examples", "deprecated", "nullable"}


def once(records: list[bytes], check: Callable[[Any], Any]) -> float:
    """CPU seconds of parse + `check` over `records`, with the garbage collector paused.

    CPU time of this process, not wall time: on a shared machine other processes would
    otherwise decide the figures. The collector is paused because its passes grow with the
    heap, so they would charge whichever row runs later (the parse floor once came out
    slower than parse + validation).
    """
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for raw in records:
            check(orjson.loads(raw))
        return time.process_time() - start
    finally:
        gc.enable()


def rates(rows: list[tuple[list[bytes], Callable[[Any], Any]]], rounds: int) -> list[float]:
    """Records per second of each row: best of `rounds`, the rows interleaved in each round
    so that a change of machine load hits every row alike."""
    best = [float("inf")] * len(rows)
    for _ in range(rounds):
        for i, (records, check) in enumerate(rows):
            best[i] = min(best[i], once(records, check))
    return [len(records) / max(t, 1e-9) for (records, _), t in zip(rows, best, strict=True)]


def as_written(node: Any) -> Any:
    """The spec's schemas as a reader sees them: `oneOf` kept, OpenAPI-only keywords dropped."""
    if isinstance(node, list):
        return [as_written(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in OPENAPI_ONLY or key.startswith("x-"):
            continue
        if key == "$ref" and isinstance(value, str):
            value = value.replace("#/components/schemas/", "#/$defs/")
        out[key] = as_written(value)
    return out


def naive_validator(kind: str) -> Any:
    defs = as_written(spec.load_spec()["components"]["schemas"])
    root = {"$ref": f"#/$defs/{spec.component_of(kind)}", "$defs": defs}
    return ecma_validator()(root)


def bench(kind: str, records: list[bytes], slow_n: int, rounds: int = 5) -> None:
    fast = spec.fast_validator(kind)
    detailed, naive = spec.detailed_validator(kind), naive_validator(kind)
    assert all(fast.is_valid(orjson.loads(r)) for r in records[:50]), "generated traffic invalid"
    slow, slowest = records[:slow_n], records[: max(1, slow_n // 3)]
    fast_rows = rates(
        [
            (records, lambda v: None),
            (records, fast.is_valid),
            (records, lambda v: schema_findings(kind, v)),
        ],
        rounds,
    )
    plain_rate = rates([(slow, lambda v: list(detailed.iter_errors(v)))], 2)[0]
    naive_rate = rates([(slowest, lambda v: list(naive.iter_errors(v)))], 1)[0]
    names = [
        "orjson parse alone (floor)",
        "parse + jsonschema-rs is_valid",
        "parse + schema_findings (engine)",
        "parse + plain jsonschema iter_errors",
        "  same, unions as written (oneOf)",
    ]
    rows = list(zip(names, [*fast_rows, plain_rate, naive_rate], strict=True))
    floor, plain = rows[0][1], rows[3][1]
    print(f"\n{kind}s: {describe(records)}")
    print(f"  {'path':38} {'records/s':>12} {'vs floor':>9} {'vs plain':>9}")
    for name, value in rows:
        print(f"  {name:38} {value:12,.0f} {value / floor:9.3f} {value / plain:9.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="exchanges to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5, help="best of N (fast rows)")
    args = parser.parse_args(argv)
    requests, responses = traffic(args.n, args.seed)
    for kind in ("request", "response"):
        spec.fast_validator(kind), spec.detailed_validator(kind)  # compile outside the timing
    slow_n = min(args.n, 300)  # jsonschema is ~100x slower: time it on a prefix
    bench("request", requests, slow_n, args.rounds)
    bench("response", responses, slow_n, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
