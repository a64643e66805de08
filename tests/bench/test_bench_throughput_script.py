"""The throughput bench runs and prints its rows and ratios.

No timing is asserted (a shared machine decides figures); the test holds the script to its
output: for requests and responses, the stated traffic size, the parse floor, the fast
path, the engine and plain jsonschema, each with a ratio to the floor and to plain.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^ +(?P<name>\S.*?)\s+(?P<rate>[\d,]+)\s+(?P<floor>[\d.]+)\s+(?P<plain>[\d.]+)$")
NAMES = [
    "orjson parse alone (floor)",
    "parse + jsonschema-rs is_valid",
    "parse + schema_findings (engine)",
    "parse + plain jsonschema iter_errors",
    "same, unions as written (oneOf)",
]


def test_bench_prints_throughput_and_both_ratios_for_requests_and_responses() -> None:
    script = ROOT / "bench" / "bench_throughput.py"
    out = subprocess.run(
        [sys.executable, str(script), "--n", "40", "--rounds", "1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=300,
    ).stdout
    sections = re.split(r"\n(?=requests:|responses:)", out.strip())
    assert [s.split(":")[0] for s in sections] == ["requests", "responses"]
    for section in sections:
        assert re.match(r"\w+: 40 records, mean [\d.]+ KB", section), section
        rows = [m.groupdict() for m in map(ROW.match, section.splitlines()) if m]
        assert [r["name"].strip() for r in rows] == NAMES
        assert float(rows[0]["floor"]) == 1.0  # the floor against itself
        assert float(rows[3]["plain"]) == 1.0  # plain jsonschema against itself
        assert all(float(r["rate"].replace(",", "")) > 0 for r in rows)
