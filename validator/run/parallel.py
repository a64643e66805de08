"""`--jobs`: the work cut into tasks for worker processes.

Files go whole, except a large JSON Lines file, which is cut into byte ranges; each worker
opens the file and reads only its own range (`validator.readers.ranges.read_range`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from validator.readers.ranges import splittable, stored_size

SPLIT_BYTES = 1 << 20  # a file smaller than this is not worth cutting


@dataclass(frozen=True)
class Task:
    """A file, or the lines of a JSONL file that start in [start, end)."""

    path: str
    start: int = 0
    end: int | None = None  # None: the whole file, read by the ordinary readers

    @property
    def whole(self) -> bool:
        return self.end is None


def plan(files: list[str], jobs: int) -> list[Task]:
    """Tasks in file order; large JSONL files become several (about 4 per worker)."""
    tasks: list[Task] = []
    for path in files:
        size = stored_size(path) if splittable(path) else 0
        if size < SPLIT_BYTES:
            tasks.append(Task(path))
            continue
        pieces = max(2, min(jobs * 4, size // (SPLIT_BYTES // 4)))
        bounds = [size * k // pieces for k in range(pieces + 1)]
        tasks.extend(Task(path, a, b) for a, b in itertools.pairwise(bounds))
    return tasks
