"""`--engine dask` on this machine: serial against a LocalCluster of 1 and 2 workers.

Generates traffic with ../shared/bench/gen_traffic.py into a bench-only temporary directory
(never the repository), cuts it into gzip parts (`part-NNN.jsonl.gz`, one task each, named
by `file://` URL so that they are read through fsspec as object storage would be), then
times `check_paths` over the parts serially and on LocalClusters of 1 and 2 single-threaded
worker processes (cluster start-up not counted). Prints MB/s (uncompressed) and records/s,
the ratio to serial, and each worker's peak RSS, and checks the reports are equal.
Run: `python bench/bench_dask.py [--mb 1024] [--parts 32] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from validator.run.runner import check_paths

GEN = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "gen_traffic.py"
BYTES_PER_COUNT = 28_000_000 / 5000  # gen_traffic.py output per --count unit, measured


def generate(root: Path, mb: int, parts: int) -> tuple[list[str], int]:
    """Gzip parts of about `mb` MB of JSONL in total; returns their paths and the raw size."""
    raw = root / "all.jsonl"
    count = max(parts, int(mb * 1_000_000 / BYTES_PER_COUNT))
    subprocess.run(
        [sys.executable, str(GEN), "--count", str(count), "--out", str(raw)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    size = raw.stat().st_size
    with raw.open("rb") as fh:
        total = sum(1 for _ in fh)
    per_part = -(-total // parts)
    paths = []
    with raw.open("rb") as fh:  # streamed: the bench's own memory stays small
        for k in range(parts):
            path = root / f"part-{k:03d}.jsonl.gz"
            with gzip.open(path, "wb", compresslevel=1) as out:
                for _ in range(per_part):
                    line = fh.readline()
                    if not line:
                        break
                    out.write(line)
            paths.append(path.as_uri())  # file:// URLs: read through fsspec, as s3:// would be
    raw.unlink()
    return paths, size


def timed(paths: list[str], **kwargs: object) -> tuple[float, object]:
    start = time.perf_counter()
    report = check_paths(paths, **kwargs)  # type: ignore[arg-type]
    return time.perf_counter() - start, report


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: reset at exec, unlike ru_maxrss, which a worker
    would inherit from the process that forked it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def on_cluster(paths: list[str], workers: int) -> tuple[float, object, list[float]]:
    from distributed import Client

    from validator.dask import local_cluster

    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(
            lambda: __import__("validator.schema.spec").schema.spec.load_spec()
        )  # warm, like serial
        seconds, report = timed(paths, engine="dask", scheduler=client)
        rss = sorted(client.run(_peak_rss_mb).values())
    return seconds, report, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1024, help="uncompressed MB to generate")
    parser.add_argument("--parts", type=int, default=32, help="gzip parts (tasks)")
    parser.add_argument("--keep", type=Path, help="generate here and keep it (not the repo)")
    args = parser.parse_args(argv)
    if not GEN.exists():
        print(f"{GEN} is missing (../shared/ beside the checkout)", file=sys.stderr)
        return 2
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-dask-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        paths, size = generate(root, args.mb, args.parts)
        gz = sum(Path(p.removeprefix("file://")).stat().st_size for p in paths)
        print(f"{len(paths)} gzip parts: {size / 1e6:.0f} MB of JSONL, {gz / 1e6:.0f} MB gzip")
        serial_s, serial = timed(paths)
        docs = serial.documents  # type: ignore[attr-defined]
        print(
            f"serial     {serial_s:7.1f} s  {size / 1e6 / serial_s:6.2f} MB/s  "
            f"{docs / serial_s:7.0f} records/s  peak RSS {_peak_rss_mb():.0f} MB"
        )
        for workers in (1, 2):
            seconds, report, rss = on_cluster(paths, workers)
            assert report == serial, "the dask report differs from the serial one"
            print(
                f"dask x{workers}    {seconds:7.1f} s  {size / 1e6 / seconds:6.2f} MB/s  "
                f"{docs / seconds:7.0f} records/s  x{serial_s / seconds:.2f} of serial  "
                f"worker peak RSS {', '.join(f'{r:.0f}' for r in rss)} MB"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
