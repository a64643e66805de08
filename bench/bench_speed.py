"""The speed bench: every row of the speed targets in one interleaved run, with ratios.

    python bench/bench_speed.py [--tool-venv DIR] [--rounds 3] [--rows a,b] [--quick]

Workloads are written by ../shared/bench/gen_traffic.py (run from there, never copied):
`realistic` (`--tool-pool 3`: tool definitions reused) and `worst` (every tool definition
new), 20,000 exchanges each, no deliberate faults. Only the records on which the tool reports
no finding are kept (one `check --format json` run), as ../shared/bench/README.md says.
Generated and filtered files are cached under `.bench/work/` (ignored by git).

Everything is timed as whole processes with default flags; the rounds interleave every
command so that a change of machine load hits each alike, and the median is taken. The tool
is the `messages-validator` of `--tool-venv` (default: the repository's `.venv`), so the same
script measures an older checkout. Peers live in bench-only places: orjson and
check-jsonschema in `.bench/venv`, Redocly CLI (npm) in `.bench/redocly/`.

Groups of rows (`--rows` takes a comma-separated subset):

- floor:    a python process reading the file and `orjson.loads` of every line;
- jobs1:    `messages-validator check FILE` (`--jobs 1`);
- jobs2:    the same with `--jobs 2`;
- redocly:  `redocly drift FILE.ndjson --api <spec> --traffic-format ndjson` on the same
            records in drift's NDJSON form (skipped with a message when npm is absent);
- bigfile:  `--jobs 1` and `--jobs 2` on >= 100 MB of clean records (repeated);
- rss:      peak RSS of `check` on 10 MB and on 1 GB of clean records (repeated; one run
            each, outside the rounds; measured with /usr/bin/time where present);
- files:    1,000 request payload files in one call, against `check-jsonschema
            --schemafile` with the tool's own exported request schema;
- cold:     one payload file, the tool against check-jsonschema.

Redocly reads the spec of this checkout (`validator/spec/messages.openapi.yaml`), whatever
`--tool-venv` is.

The script reports, it does not assert: it exits 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT.parent / "shared" / "bench" / "gen_traffic.py"
SPEC = ROOT / "validator" / "spec" / "messages.openapi.yaml"
REDOCLY_VERSION = "2.77.0"  # `drift` appeared in 2.38.0; pinned so figures stay comparable
GROUPS = ("floor", "jobs1", "jobs2", "redocly", "bigfile", "rss", "files", "cold")
WORKLOADS = {"realistic": ["--tool-pool", "3"], "worst": []}
FLOOR = """import sys, orjson
with open(sys.argv[1], "rb") as fh:
    for line in fh:
        orjson.loads(line)
"""
URL = "https://api.anthropic.com/v1/messages"
REQ_HEADERS = {"content-type": "application/json", "anthropic-version": "2023-06-01"}
MB = 1_000_000


def say(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


@dataclass
class Run:
    wall: float
    cpu: float
    rss_kb: int
    code: int


def run(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """One whole process: wall seconds, CPU seconds, peak RSS (KiB) and exit code.

    os.wait4 gives the rusage of this child alone (its own waited-for children included),
    so rows do not charge each other as RUSAGE_CHILDREN would."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or os.environ
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode)


def peak_rss(cmd: list[str], work: Path) -> Run:
    """`run(cmd)` with the peak RSS measured by /usr/bin/time where there is one.

    A child's ru_maxrss counts the memory of the process it was forked from, until its exec
    (Linux keeps the old mm's high-water mark): forked from this bench, which has read the
    workloads, the child would show the bench's own peak. /usr/bin/time is forked from a
    small process; without it, a bare python trampoline does the same, at ~10 MB of floor."""
    out = work / "rss.txt"
    timer = Path("/usr/bin/time")
    if timer.exists():
        done = run([str(timer), "-f", "%M", "-o", str(out), *cmd])
        done.rss_kb = int(out.read_text().split()[-1])
        return done
    trampoline = "import os, sys; os.execv(sys.argv[1], sys.argv[1:])"
    return run([sys.executable, "-S", "-c", trampoline, *cmd])


@dataclass
class Row:
    name: str
    group: str
    cmd: list[str]
    units: int  # records or files handled, for the rate
    unit: str = "rec"
    env: dict[str, str] | None = None
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)


# ----------------------------------------------------------------------------- workloads


def generate(work: Path, name: str, count: int) -> Path:
    out = work / f"{name}-{count}.jsonl"
    if out.exists():
        return out
    if not GEN.exists():
        raise SystemExit(
            f"{GEN} is absent: the bench needs ../shared/bench/gen_traffic.py beside the checkout"
        )
    say(f"generating {out.name} with {GEN} ...")
    tmp = out.with_suffix(".tmp")
    cmd = [sys.executable, str(GEN), "--count", str(count), "--schema-faults", "0"]
    cmd += ["--rule-faults", "0", "--jobs", "1", *WORKLOADS[name], "--out", str(tmp)]
    cmd += ["--labels", str(work / f"{name}-{count}.labels.jsonl")]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tmp.rename(out)
    return out


def clean_records(tool: Path, work: Path, raw: Path) -> Path:
    """The lines of `raw` on which the tool reports no finding (cached per tool venv)."""
    key = hashlib.sha256(str(tool.resolve()).encode()).hexdigest()[:8]
    out = work / f"{raw.stem}.clean-{key}.jsonl"
    if out.exists():
        return out
    say(f"filtering {raw.name}: keeping the records {tool} finds clean ...")
    report = work / f"{raw.stem}.report-{key}.json"
    cmd = [str(tool), "check", "--format", "json", "-o", str(report), str(raw)]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    data = json.loads(report.read_text(encoding="utf-8"))
    bad = {f["line"] for f in data["findings"]} | {f.get("line") for f in data["failures"]}
    tmp = out.with_suffix(".tmp")
    with raw.open("rb") as src, tmp.open("wb") as dst:
        for number, line in enumerate(src, 1):
            if number not in bad and line.strip():
                dst.write(line)
    tmp.rename(out)
    report.unlink()
    return out


def count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def repeated(src: Path, size: int) -> Path:
    """`src`'s lines repeated until the file holds at least `size` bytes."""
    out = src.with_name(f"{src.stem}.x{size // MB}MB.jsonl")
    if out.exists():
        return out
    data = src.read_bytes()
    lines = data.splitlines(keepends=True)
    tmp = out.with_suffix(".tmp")
    written = 0
    with tmp.open("wb") as fh:
        while written < size:
            for line in lines:
                fh.write(line)
                written += len(line)
                if written >= size:
                    break
    tmp.rename(out)
    return out


def drift_ndjson(src: Path) -> Path:
    """The records as Redocly drift's NDJSON exchanges."""
    out = src.with_suffix(".ndjson")
    if out.exists():
        return out
    tmp = out.with_suffix(".tmp")
    with src.open(encoding="utf-8") as fh, tmp.open("w", encoding="utf-8") as dst:
        for line in fh:
            record = json.loads(line)
            exchange = {
                "request": {"method": "POST", "url": URL, "headers": REQ_HEADERS}
                | {"body": record["request"]},
                "response": {"status": 200, "headers": {"content-type": "application/json"}}
                | {"body": record["response"]},
            }
            dst.write(json.dumps(exchange, ensure_ascii=False, separators=(",", ":")) + "\n")
    tmp.rename(out)
    return out


def payload_files(src: Path, directory: Path, count: int) -> list[Path]:
    """The first `count` request bodies of `src`, one pretty-printed JSON file each."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    with src.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= count:
                break
            path = directory / f"request-{i:04d}.json"
            if not path.exists():
                body = json.loads(line)["request"]
                path.write_text(json.dumps(body, indent=2, ensure_ascii=False), encoding="utf-8")
            paths.append(path)
    return paths


# ----------------------------------------------------------------------------- peers


def bench_python(bench_venv: Path) -> Path:
    """Python of the bench venv, with orjson and check-jsonschema (created on first use)."""
    python = bench_venv / "bin" / "python"
    has = bench_venv / "bin" / "check-jsonschema"
    if not python.exists() or not has.exists():
        say(f"installing orjson and check-jsonschema into {bench_venv} ...")
        venv.create(bench_venv, with_pip=True)
        pip = [str(python), "-m", "pip", "install", "-q", "orjson", "check-jsonschema"]
        subprocess.run(pip, check=True)
    return python


def redocly(cache: Path) -> Path | None:
    """The redocly executable installed with npm into `cache/redocly`, or None (said why)."""
    prefix = cache / "redocly"
    exe = prefix / "node_modules" / ".bin" / "redocly"
    if exe.exists():
        return exe
    npm = shutil.which("npm")
    if npm is None:
        say("redocly rows skipped: npm is absent")
        return None
    say(f"installing @redocly/cli@{REDOCLY_VERSION} with npm into {prefix} ...")
    prefix.mkdir(parents=True, exist_ok=True)
    cmd = [npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix)]
    done = subprocess.run(
        [*cmd, f"@redocly/cli@{REDOCLY_VERSION}"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not exe.exists():
        say(f"redocly rows skipped: npm install failed: {done.stderr.strip()[-500:]}")
        return None
    return exe


# ----------------------------------------------------------------------------- the run


@dataclass
class Target:
    name: str
    value: Callable[[], float | None]
    goal: str
    met: Callable[[float], bool]


def fmt_rate(row: Row) -> str:
    return f"{row.units / row.wall:10,.0f} {row.unit}/s"


def compiled(venv: Path) -> str:
    """Byte-compile the tool's package, as a wheel install does, so that an editable install
    (or PYTHONDONTWRITEBYTECODE) does not make every measured process compile its sources
    while the peers, installed from wheels, run from bytecode."""
    python = str(venv / "bin" / "python")
    where = "import os, validator; print(os.path.dirname(validator.__file__))"
    package = subprocess.run([python, "-c", where], capture_output=True, text=True, check=True)
    subprocess.run([python, "-m", "compileall", "-q", package.stdout.strip()], check=True)
    return f"byte-compiled {package.stdout.strip()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool-venv", type=Path, default=ROOT / ".venv")
    parser.add_argument("--bench-venv", type=Path, default=ROOT / ".bench" / "venv")
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median)")
    parser.add_argument("--rows", default=",".join(GROUPS), help=f"subset of {GROUPS}")
    parser.add_argument("--count", type=int, default=20000, help="exchanges generated")
    parser.add_argument("--quick", action="store_true", help="1 GB -> 100 MB, 100 MB -> 30 MB")
    parser.add_argument("--big-mb", type=int, help="the large RSS input (default 1000)")
    parser.add_argument("--small-mb", type=int, default=10, help="the small RSS input")
    parser.add_argument("--jobs-mb", type=int, help="the --jobs 2 input (default 100)")
    parser.add_argument("--files", type=int, default=1000, help="payload files in one call")
    parser.add_argument("--warm", type=int, default=1, help="untimed runs of each row first")
    args = parser.parse_args(argv)
    groups = [g.strip() for g in args.rows.split(",") if g.strip()]
    if unknown := set(groups) - set(GROUPS):
        parser.error(f"unknown rows {sorted(unknown)}; choose from {GROUPS}")
    big_mb = args.big_mb or (100 if args.quick else 1000)
    jobs_mb = args.jobs_mb or (30 if args.quick else 100)
    tool = args.tool_venv / "bin" / "messages-validator"
    if not tool.exists():
        parser.error(f"{tool} is absent: install the tool in --tool-venv first")
    say(compiled(args.tool_venv))
    work = args.cache / "work"
    work.mkdir(parents=True, exist_ok=True)
    python = bench_python(args.bench_venv)
    cjs = str(args.bench_venv / "bin" / "check-jsonschema")
    drift = redocly(args.cache) if "redocly" in groups else None
    quiet = dict(os.environ, NO_COLOR="1", REDOCLY_TELEMETRY="off")
    quiet |= {"REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NODE_NO_WARNINGS": "1"}

    rows: list[Row] = []
    about: list[str] = []
    clean: dict[str, Path] = {}
    for name in WORKLOADS:
        path = clean[name] = clean_records(tool, work, generate(work, name, args.count))
        n = count_lines(path)
        about.append(
            f"{name}: {n} clean records of {args.count}, {path.stat().st_size / MB:.1f} MB"
        )
        say(about[-1])
        if "floor" in groups:
            rows.append(
                Row(f"{name}: orjson floor", "floor", [str(python), "-c", FLOOR, str(path)], n)
            )
        if "jobs1" in groups:
            rows.append(Row(f"{name}: tool --jobs 1", "jobs1", [str(tool), "check", str(path)], n))
        if "jobs2" in groups:
            cmd = [str(tool), "check", "--jobs", "2", str(path)]
            rows.append(Row(f"{name}: tool --jobs 2", "jobs2", cmd, n))
        if drift is not None:
            cmd = [str(drift), "drift", str(drift_ndjson(path)), "--api", str(SPEC)]
            cmd += ["--traffic-format", "ndjson"]
            rows.append(Row(f"{name}: redocly drift", "redocly", cmd, n, env=quiet))
    if "bigfile" in groups:
        path = repeated(clean["realistic"], jobs_mb * MB)
        n, size = count_lines(path), path.stat().st_size / MB
        for jobs in (1, 2):
            cmd = [str(tool), "check", "--jobs", str(jobs), str(path)]
            rows.append(Row(f"{size:.0f} MB file: tool --jobs {jobs}", "bigfile", cmd, n))
    if "files" in groups or "cold" in groups:
        source = clean["realistic"]  # payload dir named after it: rebuilt if the records differ
        files = payload_files(source, work / f"payloads-{source.stem}", args.files)
        schema = work / f"request.schema-{hashlib.sha256(str(tool).encode()).hexdigest()[:8]}.json"
        subprocess.run([str(tool), "schema", "request", "-o", str(schema)], check=True)
        many = [str(p) for p in files]
        if "files" in groups:
            rows.append(
                Row(
                    f"{len(files)} files: tool",
                    "files",
                    [str(tool), "check", *many],
                    len(files),
                    "file",
                )
            )
            cmd = [cjs, "--schemafile", str(schema), *many]
            rows.append(
                Row(f"{len(files)} files: check-jsonschema", "files", cmd, len(files), "file")
            )
        if "cold" in groups:
            one = many[0]
            rows.append(Row("cold start: tool", "cold", [str(tool), "check", one], 1, "file"))
            cmd = [cjs, "--schemafile", str(schema), one]
            rows.append(Row("cold start: check-jsonschema", "cold", cmd, 1, "file"))

    for _ in range(args.warm):  # warm the page cache and compiled-spec caches: steady figures
        for row in rows:
            run(row.cmd, row.env)
    for r in range(args.rounds):
        say(f"round {r + 1}/{args.rounds} ...")
        for row in rows:
            row.runs.append(run(row.cmd, row.env))
    rss: dict[str, Run] = {}
    if "rss" in groups:
        for mb in (args.small_mb, big_mb):
            path = repeated(clean["realistic"], mb * MB)
            say(f"peak RSS on {path.stat().st_size / MB:.0f} MB ...")
            rss[f"{mb} MB"] = peak_rss([str(tool), "check", str(path)], work)

    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"tool: {tool}")
    print(f"rounds: {args.rounds} interleaved, median wall time; load average now: {load}")
    print("workloads: " + "; ".join(about))
    print(f"\n{'row':40} {'wall s':>8} {'cpu s':>8} {'rate':>16} {'exit':>5}")
    for row in rows:
        codes = max(r.code for r in row.runs)
        print(f"{row.name:40} {row.wall:8.2f} {row.cpu:8.2f} {fmt_rate(row):>16} {codes:5}")
    for name, r in rss.items():
        print(
            f"{'peak RSS on ' + name:40} {r.wall:8.2f} {r.cpu:8.2f}"
            f" {r.rss_kb / 1024:12.1f} MiB {r.code:5}"
        )

    by = {row.name: row for row in rows}

    def ratio(a: str, b: str) -> float | None:
        """wall(b) / wall(a): how many times faster `a` is than `b` (same work)."""
        return by[b].wall / by[a].wall if a in by and b in by else None

    big = next((row.name.split(":")[0] for row in rows if row.group == "bigfile"), "")
    nfiles = next((row.name.split(":")[0] for row in rows if row.group == "files"), "")
    sizes = list(rss)
    targets = [
        Target(
            "realistic: tool / orjson floor",
            lambda: ratio("realistic: tool --jobs 1", "realistic: orjson floor"),
            ">= 0.25",
            lambda v: v >= 0.25,
        ),
        Target(
            "worst: tool / orjson floor",
            lambda: ratio("worst: tool --jobs 1", "worst: orjson floor"),
            ">= 0.10",
            lambda v: v >= 0.10,
        ),
        Target(
            "realistic: tool / redocly drift",
            lambda: ratio("realistic: tool --jobs 1", "realistic: redocly drift"),
            ">= 3x",
            lambda v: v >= 3,
        ),
        Target(
            "worst: tool / redocly drift",
            lambda: ratio("worst: tool --jobs 1", "worst: redocly drift"),
            "(none)",
            lambda v: True,
        ),
        Target(
            f"{big}: --jobs 2 / --jobs 1",
            lambda: ratio(f"{big}: tool --jobs 2", f"{big}: tool --jobs 1"),
            ">= 1.8x",
            lambda v: v >= 1.8,
        ),
        Target(
            "realistic: --jobs 2 / --jobs 1",
            lambda: ratio("realistic: tool --jobs 2", "realistic: tool --jobs 1"),
            "(none)",
            lambda v: True,
        ),
        Target(
            f"peak RSS {' vs '.join(sizes) or 'large vs small'}",
            lambda: rss[sizes[1]].rss_kb / rss[sizes[0]].rss_kb if len(sizes) == 2 else None,
            "<= 1.2x",
            lambda v: v <= 1.2,
        ),
        Target(
            f"{nfiles}: tool time / check-jsonschema",
            lambda: (lambda v: 1 / v if v else None)(
                ratio(f"{nfiles}: tool", f"{nfiles}: check-jsonschema")
            ),
            "<= 0.3x",
            lambda v: v <= 0.3,
        ),
        Target(
            "cold start: tool time / check-jsonschema",
            lambda: (lambda v: 1 / v if v else None)(
                ratio("cold start: tool", "cold start: check-jsonschema")
            ),
            "<= 0.5x",
            lambda v: v <= 0.5,
        ),
    ]
    print(f"\n{'ratio':44} {'value':>8} {'target':>8}  verdict")
    for t in targets:
        value = t.value()
        if value is None:
            print(f"{t.name:44} {'-':>8} {t.goal:>8}  not measured")
            continue
        verdict = "info" if t.goal == "(none)" else ("met" if t.met(value) else "NOT met")
        print(f"{t.name:44} {value:8.3f} {t.goal:>8}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
