"""`--engine dask`, `check_bag` and `findings_dataframe` on a LocalCluster of 2 workers:
the report (every format), the baseline and the exit code equal a serial run's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")

from validator.cli import main  # noqa: E402
from validator.dask import check_bag, findings_dataframe  # noqa: E402
from validator.run import parallel  # noqa: E402
from validator.run.runner import check_paths  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "readers"
FORMATS = ("text", "json", "sarif", "junit", "github")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _lines() -> list[str]:
    return [line for line in (DATA / "mixed.jsonl").read_text().splitlines() if line.strip()]


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every reader's format, a bad JSON file, and a JSONL file large enough to be cut."""
    root = tmp_path / "in"
    root.mkdir()
    for name in ("request.json", "request.yaml", "stream.sse", "traffic.har", "mixed.jsonl"):
        shutil.copy(DATA / name, root / name)
    (root / "broken.json").write_text('{"model": ', encoding="utf-8")
    big = _lines() * 40
    big.insert(57, '{"not json')
    (root / "big.jsonl").write_text("\n".join(big) + "\n", encoding="utf-8")
    # Cut JSONL files from 4 KiB up, so big.jsonl becomes byte ranges on the workers.
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 4096)
    monkeypatch.chdir(tmp_path)
    return root


def _run(args: list[str], out: Path) -> tuple[int, str]:
    code = main(["check", *args, "--output", str(out)])
    return code, out.read_text(encoding="utf-8")


def test_dask_engine_report_and_exit_code_equal_serial(client, inputs: Path, tmp_path: Path):
    address = client.scheduler.address
    files = [str(inputs), str(inputs / "missing.json")]
    assert len(parallel.plan([str(inputs / "big.jsonl")], 2)) > 1  # the file is really cut
    for fmt in FORMATS:
        serial = _run([*files, "--format", fmt], tmp_path / f"serial.{fmt}")
        dask = _run(
            [*files, "--format", fmt, "--engine", "dask", "--scheduler", address],
            tmp_path / f"dask.{fmt}",
        )
        assert dask == serial, fmt
        assert serial[0] == 2  # the missing file wins over the findings
    report = json.loads((tmp_path / "serial.json").read_text())
    rules = {f["rule"] for f in report["findings"]}
    assert "syntax/invalid-json" in rules and len(report["findings"]) > 40


def test_dask_engine_baseline_equals_serial(client, inputs: Path, tmp_path: Path):
    address = client.scheduler.address
    serial, dask = tmp_path / "serial.baseline.json", tmp_path / "dask.baseline.json"
    assert main(["check", str(inputs), "--baseline", str(serial), "--update-baseline"]) == 0
    args = ["--engine", "dask", "--scheduler", address]
    assert main(["check", str(inputs), "--baseline", str(dask), "--update-baseline", *args]) == 0
    assert dask.read_bytes() == serial.read_bytes()
    assert len(json.loads(serial.read_text())["findings"]) > 40
    # Against the baseline, nothing is new: exit 0 in both engines; a new bad file fails both.
    assert main(["check", str(inputs), "--baseline", str(serial), *args]) == 0
    (inputs / "new.json").write_text('{"model": ', encoding="utf-8")
    assert main(["check", str(inputs), "--baseline", str(serial)]) == 1
    assert main(["check", str(inputs), "--baseline", str(serial), *args]) == 1


def test_workers_load_the_spec_once(client, inputs: Path):
    serial = check_paths([inputs], on_error=lambda _m: None)
    report = check_paths([inputs], engine="dask", scheduler=client, on_error=lambda _m: None)
    assert report == serial

    def loads() -> int:
        from validator.schema.spec import load_spec

        return load_spec.cache_info().misses

    per_worker = client.run(loads)
    assert len(per_worker) == 2 and max(per_worker.values()) == 1, per_worker


def _parsed(line: str) -> object:
    try:
        return json.loads(line)
    except ValueError:
        return line  # a record that is not JSON stays a string


def _where(findings: list) -> list[tuple]:
    """What a finding says, less its column (dicts are re-serialized compactly)."""
    return [(f.rule, f.severity, f.file, f.record, f.pointer, f.fingerprint) for f in findings]


def test_check_bag_equals_check_of_the_same_jsonl(client, tmp_path: Path):
    lines = [*_lines(), '{"bad', "", *_lines()]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = check_paths([str(path)])
    as_text = dask_bag.from_sequence(lines, npartitions=3)
    report = check_bag(as_text, name=str(path), scheduler=client)
    assert report.findings == expected.findings
    assert (report.documents, report.checked) == (expected.documents, expected.checked)
    as_values = dask_bag.from_sequence([_parsed(line) for line in lines], npartitions=4)
    report = check_bag(as_values, name=str(path), scheduler=client)
    assert _where(report.findings) == _where(expected.findings)
    assert (report.documents, report.checked) == (expected.documents, expected.checked)
    assert {f.record for f in expected.findings} >= {1, len(_lines()) + 1, len(_lines()) + 3}


def test_findings_dataframe_counts_by_rule(client, inputs: Path):
    serial = check_paths([inputs])
    frame = findings_dataframe([str(inputs)])
    assert list(frame.columns)[:6] == ["rule", "severity", "file", "record", "line", "column"]
    counts = frame.groupby("rule").size().compute(scheduler=client).to_dict()
    assert counts == serial.summary()["by_rule"]
    bag = dask_bag.from_sequence(_lines(), npartitions=2)
    rows = findings_dataframe(bag).compute(scheduler=client)
    assert len(rows) == len(check_bag(bag, scheduler=client).findings) > 0


def test_bad_scheduler_address_is_a_clear_error(inputs: Path, capsys: pytest.CaptureFixture):
    code = main(["check", str(inputs), "--engine", "dask", "--scheduler", "nonsense://x"])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler" in err and "Traceback" not in err
    assert main(["check", str(inputs), "--scheduler", "tcp://127.0.0.1:1"]) == 2
