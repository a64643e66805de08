"""`--jobs`: the work cut into tasks for worker processes.

Files go whole, except a large JSON Lines file, which is cut into byte ranges; each worker
opens the file and reads only its own range (`validator.readers.ranges.read_range`).

A local file is cut into many small pieces (about `PIECE_BYTES`, ~0.1 s of work, each; at
most `MAX_PIECES_PER_JOB` a worker), so that no worker idles long while another finishes
the last one, yet few enough that the parent's cost per task (~1 ms) stays small. The
planner finds each piece's line start and line number in one pass over the file
(`line_starts`), so that no worker counts the lines before its piece (a count that would
grow with the pieces). Tasks come as the pass goes (`iter_plan`): workers start on the
first pieces while the pass goes on. A file behind a URL is cut in a few pieces by size
alone, each worker aligning and counting for itself: a pass by the planner would download
the file twice.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from validator.readers.ranges import line_starts, splittable, stored_size

SPLIT_BYTES = 1 << 20  # a file smaller than this is not worth cutting
PIECE_BYTES = 2 << 20  # the size of a piece of a large local file
MIN_PIECE_BYTES = SPLIT_BYTES // 4
MAX_PIECES_PER_JOB = 64


@dataclass(frozen=True)
class Task:
    """A file, or the lines of a JSONL file that start in [start, end)."""

    path: str
    start: int = 0
    end: int | None = None  # None: the whole file, read by the ordinary readers
    # The line number of the line at `start` (a line start), when the planner counted it;
    # None: the worker aligns `start` and counts the lines before it.
    first_line: int | None = None

    @property
    def whole(self) -> bool:
        return self.end is None


def pieces(size: int, jobs: int, local: bool = True) -> int:
    """How many pieces a splittable file of `size` bytes is cut into, for `jobs` workers
    (fewer when its lines are longer than a piece)."""
    few = min(jobs * 4, size // MIN_PIECE_BYTES)
    if not local:
        return max(2, few)
    many = min(size // PIECE_BYTES, jobs * MAX_PIECES_PER_JOB)
    return max(2, few, many)


def plan(files: list[str], jobs: int) -> list[Task]:
    """Tasks in file order; large JSONL files become several, in file order."""
    return list(iter_plan(files, jobs))


def iter_plan(files: list[str], jobs: int, into: list[Task] | None = None) -> Iterator[Task]:
    """The tasks of `plan`, as they are found; each is also appended to `into`, if given."""
    for path in files:
        size = stored_size(path) if splittable(path) else 0
        tasks = iter((Task(path),)) if size < SPLIT_BYTES else _ranges(path, size, jobs)
        for task in tasks:
            if into is not None:
                into.append(task)
            yield task


def _ranges(path: str, size: int, jobs: int) -> Iterator[Task]:
    local = "://" not in path
    n = pieces(size, jobs, local)
    cuts = [size * k // n for k in range(1, n)]
    begin, line = 0, 1
    if local:
        try:
            for start, next_line in line_starts(path, cuts):
                yield Task(path, begin, start, line)
                begin, line = start, next_line
        except OSError:
            pass  # the rest by size: each worker counts (and reports what is wrong)
        else:
            yield Task(path, begin, size, line)
            return
    bounds = [begin, *(cut for cut in cuts if cut > begin), size]
    yield from (Task(path, a, b) for a, b in itertools.pairwise(bounds))
