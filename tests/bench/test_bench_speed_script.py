"""The speed bench runs end to end on a tiny workload and prints every row with a ratio.

No timing is asserted (a shared machine decides figures): the test holds the script to its
output. Tiny counts, no Redocly (npm would install), RSS on 1 and 2 MB instead of 10 MB and
1 GB, the test venv standing in for the bench venv (it has orjson and check-jsonschema).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    "realistic: orjson floor",
    "realistic: tool --jobs 1",
    "realistic: tool --jobs 2",
    "worst: orjson floor",
    "worst: tool --jobs 1",
    "worst: tool --jobs 2",
    "MB file: tool --jobs 1",
    "MB file: tool --jobs 2",
    "files: tool",
    "files: check-jsonschema",
    "cold start: tool",
    "cold start: check-jsonschema",
    "peak RSS on 1 MB",
    "peak RSS on 2 MB",
]
RATIOS = [
    "realistic: tool / orjson floor",
    "worst: tool / orjson floor",
    "MB file: --jobs 2 / --jobs 1",
    "realistic: --jobs 2 / --jobs 1",
    "peak RSS 1 MB vs 2 MB",
    "files: tool time / check-jsonschema",
    "cold start: tool time / check-jsonschema",
]
RATIO = re.compile(
    r"^(?P<name>\S.*?)\s+(?P<value>\d+\.\d{3})\s+(?P<goal>\S+(?: \S+)?)\s+(?P<v>met|NOT met|info)$"
)


def test_bench_prints_every_row_and_ratio_and_exits_zero(tmp_path: Path) -> None:
    shared_path("bench", "gen_traffic.py")
    venv = Path(sys.executable).parent.parent
    cmd = [sys.executable, str(ROOT / "bench" / "bench_speed.py"), "--tool-venv", str(venv)]
    cmd += ["--bench-venv", str(venv), "--cache", str(tmp_path), "--count", "24"]
    cmd += ["--rounds", "1", "--warm", "0", "--big-mb", "2", "--small-mb", "1"]
    cmd += ["--jobs-mb", "1", "--files", "5"]
    cmd += ["--rows", "floor,jobs1,jobs2,bigfile,rss,files,cold"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert re.search(r"workloads: realistic: \d+ clean records of 24", out), out
    lines = out.splitlines()
    for name in ROWS:
        assert any(name in line for line in lines), f"row {name!r} missing:\n{out}"
    found = {m["name"]: m for m in map(RATIO.match, lines) if m}
    for name in RATIOS:
        match = next((m for key, m in found.items() if key.endswith(name)), None)
        assert match is not None, f"ratio {name!r} missing:\n{out}"
        assert float(match["value"]) > 0
    # not asked for: neither installed nor timed, and its ratio says so
    assert not any(line.startswith("realistic: redocly") for line in lines)
    assert re.search(r"^realistic: tool / redocly drift +- +>= 3x +not measured$", out, re.M)
    assert (tmp_path / "work").is_dir() and not (
        ROOT / ".bench" / "work" / "realistic-24.jsonl"
    ).exists()


def test_bench_rejects_an_unknown_row_with_a_message() -> None:
    cmd = [sys.executable, str(ROOT / "bench" / "bench_speed.py"), "--rows", "floor,nope"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert "unknown rows ['nope']" in done.stderr and "Traceback" not in done.stderr
