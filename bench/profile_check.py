"""cProfile of `messages-validator check` on the first N records of a JSONL file, in CPU time.

    <tool-venv>/bin/python bench/profile_check.py FILE [--count 2000]

Run it with the python of the checkout to profile (it imports `validator` from there). It
profiles in CPU time (`time.process_time`), not wall time, since other processes share the
machine. Prints the top 10 functions by cumulative time (as is, then below the CLI, click and
runner wrappers, which otherwise fill it) and by own time (tottime), with their share of the
whole run. Use the clean records the speed bench keeps (`.bench/work/realistic-*.clean-*.jsonl`).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

WRAPPERS = ("click/", "cli.py", "cli/__init__.py", "runner.py", "builtins.exec")


def short(file: str, line: int, func: str) -> str:
    return f"{'/'.join(file.split('/')[-2:])}:{line}({func})" if file != "~" else func


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--count", type=int, default=2000, help="records profiled")
    args = parser.parse_args(argv)
    from validator.cli import main as cli  # the checkout whose python runs this script

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"first-{args.count}.jsonl"
        with args.file.open("rb") as src, path.open("wb") as dst:
            for i, line in enumerate(src):
                if i >= args.count:
                    break
                dst.write(line)
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        cli(["check", "-o", "/dev/null", str(path)])
        profile.disable()
    stats = pstats.Stats(profile)
    rows = [(*key, nc, tt, ct) for key, (_, nc, tt, ct, _) in stats.stats.items()]  # type: ignore[attr-defined]
    total = max(r[5] for r in rows)
    print(f"messages-validator check, {args.count} records of {args.file.name}:")
    print(f"{stats.total_calls} calls, {total:.2f} s CPU under cProfile")  # type: ignore[attr-defined]
    for title, key, skip in (
        ("top 10 by cumulative time", 5, ()),
        ("top 10 by cumulative time, below the CLI/click/runner wrappers", 5, WRAPPERS),
        ("top 10 by tottime (own time)", 4, ()),
    ):
        print(f"\n=== {title} ===")
        print(f"{'ncalls':>10} {'tottime':>8} {'cumtime':>8} {'cum %':>6}  function")
        chosen = [r for r in rows if not any(w in r[0] or w in r[2] for w in skip)]
        for r in sorted(chosen, key=lambda r: -r[key])[:10]:
            print(f"{r[3]:10} {r[4]:8.3f} {r[5]:8.3f} {100 * r[5] / total:6.1f}  {short(*r[:3])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
