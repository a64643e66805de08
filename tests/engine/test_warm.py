"""`engine.warm`: what a check needs is loaded before workers fork, so they inherit it."""

from __future__ import annotations

import subprocess
import sys


def test_warm_loads_rules_spec_and_the_compiled_schemas() -> None:
    code = (
        "from validator import engine\n"
        "from validator.engine.dispatch import rules_for\n"
        "from validator.schema import spec\n"
        "engine.warm()\n"
        "print(spec.fast_validator.cache_info().currsize, rules_for.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    compiled, tables = map(int, out.stdout.split())
    assert compiled == 2 and tables == 3, out.stderr


def test_the_runner_warms_the_engine_before_it_forks_workers(tmp_path, monkeypatch) -> None:
    import json

    from payloads import GOOD_REQUEST

    from validator import engine
    from validator.run.runner import check_paths

    paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for path in paths:
        path.write_text(json.dumps({"request": GOOD_REQUEST}) + "\n", encoding="utf-8")
    calls: list[int] = []
    real = engine.warm
    monkeypatch.setattr(engine, "warm", lambda *a: (calls.append(1), real(*a))[1])
    report = check_paths([str(p) for p in paths], jobs=2)
    assert calls == [1] and report.documents == 2
