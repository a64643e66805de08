"""CLI benchmark: cold start on one file and one run over 1,000 files, against check-jsonschema.

    python bench/bench_cli.py [--files 1000] [--repeat 11] [--keep DIR]

Generates valid request payloads (1-11 turns, some with a system prompt, tools or thinking;
~1.6 KB mean) in a temporary directory, then times, as subprocesses:

- `messages-validator check one.json` (cold start; median of `--repeat` runs; the runs of
  all tools interleave, so a change in machine load hits each alike),
- `messages-validator check <1,000 files>` (median of max(3, repeat // 3) runs),
- the same two with `check-jsonschema --schemafile request.schema.json`, where the schema
  is the spec's `CreateMessageParams` compiled to a standalone draft 2020-12 schema (the
  same one the tool validates with), so both tools do comparable schema work; ours also runs
  the cross-field rules.

check-jsonschema is installed only in the bench environment (`bench/.venv`, ignored by git),
created on first use with pip. The peak number of file descriptors the 1,000-file run holds
open is sampled from /proc/<pid>/fd (Linux) to show that files are not all opened at once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH_VENV = HERE / ".venv"
WORDS = (
    "the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog",
    "while", "claude", "reads", "the", "tool", "output",
)  # fmt: skip


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def payload(rng: random.Random) -> dict:
    """A valid create-message request of varied shape."""
    turns = rng.randrange(1, 7) * 2 - 1
    messages = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": text(rng, rng.randrange(5, 60))}
        for i in range(turns)
    ]
    body: dict = {
        "model": rng.choice(["claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5"]),
        "max_tokens": rng.choice([1024, 4096, 16000]),
        "messages": messages,
    }
    if rng.random() < 0.5:
        body["system"] = text(rng, 30)
    if rng.random() < 0.3:
        body["tools"] = [
            {
                "name": "get_weather",
                "description": text(rng, 12),
                "input_schema": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}},
                    "required": ["city"],
                },
            }
        ]
    if rng.random() < 0.2 and body["max_tokens"] > 2048:
        body["thinking"] = {"type": "enabled", "budget_tokens": 2048}
    return body


def generate(directory: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = directory / f"request-{i:04d}.json"
        path.write_text(json.dumps(payload(rng), indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def standalone_schema(directory: Path) -> Path:
    """The spec's CreateMessageParams as one self-contained JSON schema file."""
    from validator.schema.spec import validation_schema

    path = directory / "request.schema.json"
    path.write_text(json.dumps(validation_schema("request")), encoding="utf-8")
    return path


def check_jsonschema() -> str:
    """Path of check-jsonschema in the bench venv, installing it there on first use."""
    exe = BENCH_VENV / "bin" / "check-jsonschema"
    if not exe.exists():
        print(f"installing check-jsonschema into {BENCH_VENV} ...", file=sys.stderr)
        venv.create(BENCH_VENV, with_pip=True)
        pip = [str(BENCH_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "check-jsonschema"], check=True)
    return str(exe)


def our_cli() -> str:
    exe = Path(sys.executable).parent / "messages-validator"
    return str(exe) if exe.exists() else shutil.which("messages-validator") or "messages-validator"


def _peak_fds(proc: subprocess.Popen, peak: list[int]) -> None:
    fd_dir = Path(f"/proc/{proc.pid}/fd")
    while proc.poll() is None:
        with contextlib.suppress(OSError):  # the process may exit between poll and listdir
            peak[0] = max(peak[0], len(os.listdir(fd_dir)))
        time.sleep(0.0005)


def timed(cmd: list[str], cwd: Path, *, sample_fds: bool = False) -> tuple[float, int, int]:
    """(seconds, exit code, peak open fds or -1) of one run."""
    env = dict(os.environ, NO_COLOR="1")
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    peak = [-1]
    sampler = None
    if sample_fds and Path("/proc").is_dir():
        sampler = threading.Thread(target=_peak_fds, args=(proc, peak), daemon=True)
        sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if sampler is not None:
        sampler.join()
    if proc.returncode != 0:  # every generated payload is valid: anything else is a bug
        tail = err.decode(errors="replace")[-2000:]
        raise SystemExit(f"{Path(cmd[0]).name} exited {proc.returncode} on valid files: {tail}")
    return elapsed, proc.returncode, peak[0]


def median_runs(cmds: list[list[str]], cwd: Path, repeat: int) -> list[tuple[float, int]]:
    """Median time and worst exit code of each command, runs interleaved round-robin so that
    a change in machine load hits every command alike."""
    for cmd in cmds:
        timed(cmd, cwd)  # warm the page cache and the spec cache: steady cold starts
    runs: list[list[tuple[float, int, int]]] = [[] for _ in cmds]
    for _ in range(repeat):
        for cmd, found in zip(cmds, runs, strict=True):
            found.append(timed(cmd, cwd))
    return [(statistics.median(t for t, _, _ in r), max(c for _, c, _ in r)) for r in runs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args(argv)
    tmp = None
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        root = args.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="mv-bench-")
        root = Path(tmp.name)
    try:
        return run(root, args.files, args.repeat)
    finally:
        if tmp is not None:
            tmp.cleanup()


def run(root: Path, count: int, repeat: int) -> int:
    paths = generate(root, count)
    names = [p.name for p in paths]
    schema = standalone_schema(root)
    ours, theirs = [our_cli(), "check"], [check_jsonschema(), "--schemafile", str(schema)]
    floor = [sys.executable, "-c", "pass"]
    size = sum(p.stat().st_size for p in paths) / len(paths)
    print(f"{count} generated request files, {size / 1024:.1f} KB mean, in {root}")
    one = median_runs([floor, [*ours, names[0]], [*theirs, names[0]]], root, repeat)
    many = median_runs([[*ours, *names], [*theirs, *names]], root, max(3, repeat // 3))
    labels = ["python -c pass (floor)", "messages-validator, 1 file", "check-jsonschema, 1 file"]
    labels += [f"messages-validator, {count} files", f"check-jsonschema, {count} files"]
    rows = dict(zip(labels, one + many, strict=True))
    for label, (seconds, code) in rows.items():
        print(f"  {label:<34} {seconds * 1000:8.0f} ms  (exit {code})")
    report_ratios(rows, count)
    _, _, peak = timed([*ours, *names], root, sample_fds=True)
    if peak >= 0:
        print(f"  peak open fds, messages-validator over {count} files: {peak}")
    return 0


def report_ratios(rows: dict[str, tuple[float, int]], count: int) -> None:
    one = rows["messages-validator, 1 file"][0] / rows["check-jsonschema, 1 file"][0]
    many = (
        rows[f"messages-validator, {count} files"][0] / rows[f"check-jsonschema, {count} files"][0]
    )
    per_file = rows[f"messages-validator, {count} files"][0] - rows["messages-validator, 1 file"][0]
    print(f"ratio cold start (ours / check-jsonschema): {one:.2f}")
    print(f"ratio {count} files (ours / check-jsonschema): {many:.2f}")
    print(f"our marginal cost per file: {per_file / max(count - 1, 1) * 1000:.2f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
