"""Every verdict the tool gives, held to a snapshot: a restructuring or a faster engine must
not change one finding (rule, severity, message, file, line, column, pointer, record, part,
fingerprint) on any fixture, example, catalogue example or recorded exchange.

The inputs: every file under examples/, tests/data/ and tests/hostile/; ../shared/corpus and
../shared/cassettes; a seeded workload of ../shared/bench/gen_traffic.py with schema and rule
faults; every bad and good example of the rule catalogue. The JSON report of each is compared
with `tests/snapshots/verdicts.jsonl.gz`. Files outside the checkout are fingerprinted with a
stand-in for their directory (`<shared>`, `<tmp>`), so the snapshot holds on any machine.

To refresh the snapshot after an intended change of verdict (say why in the commit):
    UPDATE_VERDICTS=1 .venv/bin/python -m pytest tests/test_verdicts_unchanged.py
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, shared_path

from validator import catalogue, engine
from validator.cli import main
from validator.core import fingerprint
from validator.core.context import Context

SNAPSHOT = ROOT / "tests" / "snapshots" / "verdicts.jsonl.gz"
FILE_INPUTS = ("examples", "tests/data", "tests/hostile")
GENERATED = ("--count", "1500", "--seed", "11", "--schema-faults", "0.15", "--rule-faults", "0.25")


def _report(paths: list[str], tmp_path: Path, name: str) -> list[dict]:
    out = tmp_path / f"{name}.json"
    main(["check", "--format", "json", "--output", str(out), *paths])
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = [{"input": name, **finding} for finding in report["findings"]]
    rows += [{"input": name, "failure": failure} for failure in report["failures"]]
    rows.append({"input": name, "summary": report["summary"]})
    return rows


def _catalogue_rows() -> list[dict]:
    rows = []
    for entry in catalogue.entries():
        for index, example in enumerate(entry.examples):
            context = Context(**example.context) if example.context else None
            for side in ("bad", "good"):
                if not getattr(example, f"has_{side}"):
                    continue
                payload = example.bad if side == "bad" else example.good
                for f in engine.check_value(example.kind, payload, context=context):
                    rows.append(
                        {
                            "input": f"catalogue:{entry.id}#{index}:{side}",
                            "rule": f.rule,
                            "severity": str(f.severity),
                            "message": f.message,
                            "pointer": f.pointer,
                        }
                    )
    return rows


def _machine_independent(monkeypatch: pytest.MonkeyPatch, places: dict[Path, str]) -> None:
    """A file in no work tree is fingerprinted by its absolute path (so that a baseline holds
    from any directory); name `places` (../shared, the temporary workload) by a stand-in
    instead, so that the snapshot holds on a machine that keeps them elsewhere."""
    named = fingerprint.repo_relative

    def stand_in(file: str | None) -> str | None:
        name = named(file)
        for place, label in places.items():
            if name and Path(name).is_relative_to(place):
                return label + "/" + Path(name).relative_to(place).as_posix()
        return name

    monkeypatch.setattr(fingerprint, "repo_relative", stand_in)


def _verdicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    monkeypatch.chdir(ROOT)
    places = {SHARED: "<shared>", SHARED.resolve(): "<shared>", tmp_path: "<tmp>"}
    _machine_independent(monkeypatch, places)
    corpus = shared_path("corpus")
    cassettes = shared_path("cassettes")
    generator = shared_path("bench", "gen_traffic.py")
    generated = tmp_path / "generated.jsonl"
    subprocess.run(
        [sys.executable, str(generator), *GENERATED, "--out", str(generated)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    rows = _report(list(FILE_INPUTS), tmp_path, "fixtures")
    rows += _report([os.path.relpath(corpus, ROOT)], tmp_path, "corpus")
    rows += _report([os.path.relpath(cassettes, ROOT)], tmp_path, "cassettes")
    rows += _report([str(generated)], tmp_path, "generated")
    for row in rows:
        if row.get("file") == str(generated):
            row["file"] = "<generated>"
    return rows + _catalogue_rows()


def _lines(rows: list[dict]) -> list[str]:
    """One line per verdict, sorted: the order of findings at one place is not a verdict."""
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


def test_verdicts_match_the_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _lines(_verdicts(tmp_path, monkeypatch))
    if os.environ.get("UPDATE_VERDICTS") == "1":
        SNAPSHOT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
        pytest.skip(f"wrote {len(lines)} verdicts to {SNAPSHOT.name}")
    expected = gzip.decompress(SNAPSHOT.read_bytes()).decode().splitlines()
    have, want = set(lines), set(expected)
    missing = [line for line in expected if line not in have]
    extra = [line for line in lines if line not in want]
    assert not missing and not extra, (
        f"{len(missing)} verdicts lost, {len(extra)} new:\n"
        + "\n".join(["- " + m for m in missing[:10]] + ["+ " + e for e in extra[:10]])
    )
    assert sorted(lines) == sorted(expected), "the same verdicts, a different number of times"


def test_snapshot_covers_every_kind_of_input() -> None:
    """The snapshot is not empty and reaches every input group (a guard on the guard)."""
    rows = [json.loads(line) for line in gzip.decompress(SNAPSHOT.read_bytes()).splitlines()]
    groups = {row["input"].split(":")[0] for row in rows}
    assert {"fixtures", "corpus", "cassettes", "generated", "catalogue"} <= groups
    rules = {row["rule"] for row in rows if "rule" in row}
    assert len(rules) > 100, len(rules)
