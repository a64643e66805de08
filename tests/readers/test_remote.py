"""Inputs by URL (fsspec): a bucket of gzip JSONL logs on moto's S3 server on 127.0.0.1,
checked serially and on a 2-worker LocalCluster, gives the report a local run gives."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.moto_server.threaded_moto_server")

from validator.cli import main  # noqa: E402
from validator.readers.remote import display_name  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "readers"
BUCKET = "traffic"
FAKE_SECRET = "fake-secret-key-not-real-0123456789"
FORMATS = ("text", "json", "sarif", "junit", "github")


def _lines() -> list[bytes]:
    return [line for line in (DATA / "mixed.jsonl").read_bytes().splitlines() if line.strip()]


def _parts() -> dict[str, bytes]:
    """Day-partitioned gzip parts, one with a bad line, and a plain (uncompressed) part."""
    day1 = b"\n".join(_lines()) + b"\n"
    day2 = b"\n".join([*_lines()[:3], b'{"broken', *_lines()[3:]]) + b"\n"
    return {
        "logs/2026-11-01/part-0.jsonl.gz": gzip.compress(day1),
        "logs/2026-11-01/part-1.jsonl.gz": gzip.compress(day2),
        "logs/2026-11-02/part-0.jsonl.gz": gzip.compress(day1, mtime=0),
        "logs/2026-11-02/plain.jsonl": day2,
        "logs/2026-12-01/part-0.jsonl.gz": gzip.compress(b'{"not": "checked"}\n'),
    }


@pytest.fixture(scope="module")
def s3():
    """moto's S3 on loopback, fake credentials in the environment (also the workers')."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_ACCESS_KEY_ID", "testing-key-id")
        mp.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET)
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        mp.setenv("AWS_EC2_METADATA_DISABLED", "true")
        mp.delenv("AWS_PROFILE", raising=False)
        mp.setenv("FSSPEC_S3_ENDPOINT_URL", endpoint)
        import fsspec.config
        import s3fs

        fsspec.config.set_conf_env(fsspec.config.conf)  # fsspec read the env at import
        s3fs.S3FileSystem.clear_instance_cache()
        fs = s3fs.S3FileSystem(endpoint_url=endpoint)
        fs.mkdir(BUCKET)
        for key, data in _parts().items():
            fs.pipe(f"{BUCKET}/{key}", data)
        yield endpoint
        fsspec.config.conf.pop("s3", None)
        s3fs.S3FileSystem.clear_instance_cache()
    server.stop()


@pytest.fixture(scope="module")
def client(s3):
    """Started after the environment is set, so the workers inherit the fake credentials."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture
def local_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The same parts decompressed into local files (the serial reference)."""
    monkeypatch.chdir(tmp_path)
    for key, data in _parts().items():
        if "2026-11-" not in key:
            continue
        path = tmp_path / key.removesuffix(".gz")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.decompress(data) if key.endswith(".gz") else data)
    return tmp_path


def _report(args: list[str], out: Path) -> tuple[int, str]:
    code = main(["check", *args, "--output", str(out)])
    return code, out.read_text(encoding="utf-8")


def test_display_name_drops_credentials_and_query() -> None:
    url = "https://user:hunter2@example.com/logs/a.jsonl.gz?X-Amz-Signature=abc#frag"
    assert display_name(url) == "https://example.com/logs/a.jsonl.gz"
    assert display_name("s3://bucket/logs/a.jsonl") == "s3://bucket/logs/a.jsonl"
    assert display_name("s3://bucket/part-?.jsonl") == "s3://bucket/part-?.jsonl"  # a glob
    assert display_name("ftp://u:pw@host/a.json") == "ftp://host/a.json"


def test_s3_glob_serial_and_dask_equal_local(s3, client, local_copy: Path, tmp_path: Path):
    url = f"s3://{BUCKET}/logs/2026-11-*/*.jsonl*"
    for fmt in FORMATS:
        serial = _report([url, "--format", fmt], tmp_path / f"s3.{fmt}")
        dask = _report(
            [url, "--format", fmt, "--engine", "dask", "--scheduler", client.scheduler.address],
            tmp_path / f"dask.{fmt}",
        )
        assert dask == serial, fmt
        assert serial[0] == 1
    report = json.loads((tmp_path / "s3.json").read_text())
    files = sorted({f["file"] for f in report["findings"]})
    assert files == [f"s3://{BUCKET}/logs/2026-11-0{d}/{p}" for d, p in _names()]
    assert report["summary"]["files"] == 4  # the 2026-12 part is outside the glob
    # The same findings as the decompressed local files, but for the names.
    local = _report(["logs", "--format", "json"], tmp_path / "local.json")
    assert local[0] == 1
    assert _strip(json.loads(local[1])) == _strip(report)


def _names() -> list[tuple[int, str]]:
    return [
        (1, "part-0.jsonl.gz"),
        (1, "part-1.jsonl.gz"),
        (2, "part-0.jsonl.gz"),
        (2, "plain.jsonl"),
    ]


def _strip(report: dict) -> list[tuple]:
    def key(f: dict) -> tuple:
        name = f["file"].removeprefix(f"s3://{BUCKET}/").removesuffix(".gz")
        return (name, f["rule"], f["record"], f["line"], f["column"], f["pointer"], f["message"])

    return [key(f) for f in report["findings"]]


def test_missing_bucket_key_is_exit_2_without_secrets(s3, tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    url = f"s3://{BUCKET}/logs/nothing-here.jsonl.gz"
    done = subprocess.run(
        _exe(url),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert f"{url}: no such file" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert FAKE_SECRET not in done.stderr + done.stdout


def _exe(*args: str) -> list[str]:
    exe = shutil.which("messages-validator", path=str(Path(sys.executable).parent))
    assert exe is not None
    return [exe, *args]


def test_file_urls_and_unknown_protocols(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    plain = tmp_path / "a.jsonl"
    plain.write_bytes(b"\n".join(_lines()) + b"\n")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(plain.read_bytes()))
    out = tmp_path / "out.json"
    assert main(["check", f"file://{tmp_path}/*.jsonl*", "--format", "json", "-o", str(out)]) == 1
    report = json.loads(out.read_text())
    assert report["summary"]["files"] == 2
    by_file: dict[str, list] = {}
    for f in report["findings"]:
        by_file.setdefault(f["file"].removesuffix(".gz").removesuffix(".jsonl"), []).append(
            (f["rule"], f["record"], f["pointer"])
        )
    assert len(by_file) == 2 and len(set(map(tuple, by_file.values()))) == 1
    assert main(["check", f"file://{tmp_path}/nothing-*.jsonl.gz"]) == 2
    assert "nothing-*.jsonl.gz: no such file" in capsys.readouterr().err
    assert main(["check", "nosuchproto://x/y.json"]) == 2
    err = capsys.readouterr().err
    assert "nosuchproto://x/y.json" in err and "Traceback" not in err
