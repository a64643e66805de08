"""Coverage-guided fuzzing of one reader (and the engine behind it) with atheris.

    pip install atheris            # in a fuzz-only environment, not a project dependency
    python fuzz/atheris_readers.py READER [libFuzzer flags...]
    python fuzz/atheris_readers.py json -max_total_time=300 -print_final_stats=1

READER is one of json, yaml, jsonl, har, sse. The target is the same as the mutation loop's
(`fuzz_readers.one_input`): every input must end in findings or a ReadError (exit 2); any
other exception is a crash, which libFuzzer saves as `crash-*`. The seed corpus is the
mutation loop's seeds (tests/data/readers, tests/hostile).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports():
    import fuzz_readers


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in fuzz_readers.READERS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(fuzz_readers.READERS)}}} [libFuzzer flags]")
    name = sys.argv.pop(1)
    suffix = fuzz_readers.READERS[name]
    seed_dir = Path(tempfile.mkdtemp(prefix=f"atheris-{name}-"))
    for i, seed in enumerate(fuzz_readers.seeds(suffix)):
        (seed_dir / f"seed-{i}{suffix}").write_bytes(seed)

    def target(data: bytes) -> None:
        fuzz_readers.one_input(data, suffix)

    atheris.Setup([*sys.argv, str(seed_dir)], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
