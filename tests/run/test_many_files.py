"""Many files fast: 1,000 files in one call, a bounded number of open files, and a
single-file run that never imports the detailed schema engine."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from payloads import BUDGET_REQUEST, BUDGET_RULE, fresh_imports, installed_exe
from payloads import GOOD_REQUEST as GOOD

BAD, RULE = BUDGET_REQUEST, BUDGET_RULE
FD_DIR = Path("/proc/self/fd")


exe = installed_exe


def payloads(root: Path, n: int, bad_every: int = 100) -> list[str]:
    """`n` request files named as given on a command line; every `bad_every`-th one is bad."""
    root.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        body = BAD if i % bad_every == 0 else {**GOOD, "metadata": {"user_id": f"u{i}"}}
        name = f"req{i:04d}.json"
        (root / name).write_text(json.dumps(body, indent=2), encoding="utf-8")
        names.append(name)
    return names


def test_one_call_with_1000_files(tmp_path: Path) -> None:
    """As pre-commit calls the hook: every file name on one command line."""
    names = payloads(tmp_path, 1000)
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    done = subprocess.run(
        [exe(), "check", "--hook", "--format", "json", *names],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["files"] == 1000 and report["summary"]["documents"] == 1000
    found = sorted((f["file"], f["rule"]) for f in report["findings"])
    assert found == [(f"req{i:04d}.json", RULE) for i in range(0, 1000, 100)]


def _open_fds() -> int:
    return len(os.listdir(FD_DIR))


@pytest.mark.skipif(not FD_DIR.is_dir(), reason="needs /proc/self/fd (Linux)")
def test_open_files_stay_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking 300 files (JSON and streamed JSONL) never holds more than a couple open:
    the descriptor count is sampled each time the engine checks a document."""
    from validator import engine
    from validator.run.runner import check_paths

    names = payloads(tmp_path / "json", 150, bad_every=50)
    files = [str(tmp_path / "json" / n) for n in names]
    for i in range(150):
        path = tmp_path / "jsonl" / f"traffic{i:03d}.jsonl"
        path.parent.mkdir(exist_ok=True)
        lines = [{"request": GOOD, "status": 200}, {"request": BAD, "status": 200}]
        path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
        files.append(str(path))
    real = engine.check_document
    samples: list[int] = []

    def counting(doc, config):  # type: ignore[no-untyped-def]
        samples.append(_open_fds())
        return real(doc, config)

    monkeypatch.setattr(engine, "check_document", counting)
    before = _open_fds()
    report = check_paths(files)
    assert report.files == 300 and report.documents == 450 and len(samples) == 450
    assert len([f for f in report.findings if f.rule == RULE]) == 3 + 150
    assert max(samples) - before <= 2, (before, max(samples))
    assert _open_fds() <= before  # nothing leaked after the run


def test_single_file_run_imports_no_schema_engine(tmp_path: Path) -> None:
    """Cold start for pre-commit: a valid file is checked by the compiled fast path alone;
    the detailed engine (jsonschema, referencing) is imported only when a document fails."""
    (tmp_path / "request.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps({**GOOD, "max_tokens": "x"}), encoding="utf-8")
    code = "import sys\nfrom validator.cli import main\nprint(main(['check', sys.argv[1]]))\n"
    heavy = ("jsonschema", "referencing", "pypdf", "imagesize", "validator.catalogue.render")
    heavy += ("fsspec", "dask", "distributed", "s3fs", "validator.dask", "validator.readers.remote")

    def run(name: str) -> tuple[list[str], str]:
        loaded, printed = fresh_imports(code, heavy, name, cwd=tmp_path)
        return loaded, printed.splitlines()[-1]

    assert run("request.json") == ([], "0")
    # The check is able to fail: a schema error does pull the detailed engine in.
    loaded, status = run("bad.json")
    assert status == "1" and "jsonschema" in loaded
