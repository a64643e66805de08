"""Baselines record their fingerprint scheme; an older one still matches, or says to regenerate."""

from __future__ import annotations

import json

from payloads import BUDGET_REQUEST

from validator.cli import main
from validator.run import baseline


def write_baseline(tmp_path, capsys):
    payload = tmp_path / "request.json"
    payload.write_text(json.dumps(BUDGET_REQUEST), encoding="utf-8")
    base = tmp_path / "baseline.json"
    assert main(["check", "--baseline", str(base), "--update-baseline", str(payload)]) == 0
    capsys.readouterr()
    return payload, base


def test_new_baselines_record_the_scheme(tmp_path, capsys) -> None:
    _, base = write_baseline(tmp_path, capsys)
    doc = json.loads(base.read_text())
    assert doc["fingerprint_scheme"] == baseline.FINGERPRINT_SCHEME == 2
    assert baseline.load(base).scheme == 2


def test_a_scheme_1_baseline_still_matches_unchanged_findings(tmp_path, capsys) -> None:
    payload, base = write_baseline(tmp_path, capsys)
    doc = json.loads(base.read_text())
    del doc["fingerprint_scheme"]  # as 0.1.0 wrote it
    base.write_text(json.dumps(doc))
    assert main(["check", "--baseline", str(base), str(payload)]) == 0
    assert "Regenerate" not in capsys.readouterr().err


def test_a_scheme_1_baseline_that_no_longer_matches_says_so_once(tmp_path, capsys) -> None:
    payload, base = write_baseline(tmp_path, capsys)
    doc = json.loads(base.read_text())
    del doc["fingerprint_scheme"]
    for entry in doc["findings"]:
        entry["fingerprint"] = "0" * 32  # fingerprinted the old way
    base.write_text(json.dumps(doc))
    assert main(["check", "--baseline", str(base), str(payload)]) == 1
    err = capsys.readouterr().err
    assert err.count("Regenerate it with --update-baseline") == 1
    assert "fingerprint scheme 1" in err


def test_a_current_baseline_with_stale_entries_does_not_ask_to_regenerate(tmp_path, capsys):
    payload, base = write_baseline(tmp_path, capsys)
    doc = json.loads(base.read_text())
    doc["findings"][0]["fingerprint"] = "f" * 32
    base.write_text(json.dumps(doc))
    main(["check", "--baseline", str(base), str(payload)])
    err = capsys.readouterr().err
    assert "stale baseline entry" in err and "Regenerate" not in err
