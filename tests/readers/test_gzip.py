"""`.gz` inputs of every format, recognised by their magic bytes, inflated as they are read."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from payloads import GOOD_REQUEST

from validator.cli import main
from validator.readers import Document, iter_paths, read_path
from validator.readers.source import open_source
from validator.run.runner import check_paths

DATA = Path(__file__).parents[1] / "data"


def _gz(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data))
    return path


def test_jsonl_gz_streams_and_keeps_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({**GOOD_REQUEST, "max_tokens": -1 if i == 500 else 10}) for i in range(1, 2001)
    ]
    path = _gz(tmp_path / "traffic.jsonl.gz", "\n".join(lines).encode())
    report = check_paths([str(path)])
    assert report.documents == 2000
    assert [(f.record, f.line) for f in report.errors] == [(500, 500)]


def test_gzip_by_magic_bytes_without_extension(tmp_path: Path) -> None:
    path = _gz(tmp_path / "capture", (DATA / "readers" / "traffic.har").read_bytes())
    source = open_source(str(path))
    assert source.format_name.endswith(".gz-content") and source.head.startswith(b"{")
    source.close()
    plain = check_paths([str(DATA / "readers" / "traffic.har")])
    packed = check_paths([str(path)])
    assert packed.documents == plain.documents > 0
    assert [f.rule for f in packed.findings] == [f.rule for f in plain.findings]


def test_har_gz_and_cassette_gz(tmp_path: Path) -> None:
    har = _gz(tmp_path / "session.har.gz", (DATA / "readers" / "traffic.har").read_bytes())
    cas = _gz(tmp_path / "c.yaml.gz", (DATA / "cassettes" / "vcrpy.yaml").read_bytes())
    docs = [d for d in read_path(str(cas)) if isinstance(d, Document)]
    assert [d.record for d in docs] == [2, 3]
    assert {p.name for p in iter_paths([tmp_path])} == {"session.har.gz", "c.yaml.gz"}
    assert check_paths([str(har)]).documents > 0


def test_corrupt_gzip_is_exit_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"a": 1}\n' * 1000)[:60])
    assert main(["check", str(path)]) == 2
    assert "gzip" in capsys.readouterr().err
