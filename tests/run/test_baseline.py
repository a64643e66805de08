"""Fingerprints survive reformatting; baselines split findings into new, known and stale."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator.core.findings import Finding, Severity
from validator.core.fingerprint import fingerprint, repo_relative, value_hash
from validator.run import baseline
from validator.run.baseline import BaselineError

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def finding(
    rule: str = "x/y",
    file: str = "a.json",
    pointer: str = "/a",
    value: object = 1,
    line: int = 1,
    record: int | None = None,
) -> Finding:
    return Finding(
        rule,
        Severity.ERROR,
        "m",
        pointer,
        file,
        line,
        1,
        record,
        None,
        fingerprint(rule, file, record, pointer, value),
    )


# --- fingerprint ----------------------------------------------------------------------------


def test_fingerprint_ignores_key_order_and_whitespace() -> None:
    a = fingerprint("r/x", "f.json", None, "/p", {"a": 1, "b": [1, 2]})
    b = fingerprint("r/x", "f.json", None, "/p", {"b": [1, 2], "a": 1})
    assert a == b and len(a) == 32


@pytest.mark.parametrize(
    "changed",
    [
        ("r/z", "f.json", None, "/p", 1),
        ("r/x", "g.json", None, "/p", 1),
        ("r/x", "f.json", 2, "/p", 1),
        ("r/x", "f.json", None, "/q", 1),
        ("r/x", "f.json", None, "/p", 2),
        ("r/x", "f.json", None, "/p", "1"),
    ],
)
def test_fingerprint_changes_with_each_input(changed: tuple) -> None:
    assert fingerprint("r/x", "f.json", None, "/p", 1) != fingerprint(*changed)


@given(json_values, json_values)
def test_value_hash_tells_values_apart(a: object, b: object) -> None:
    same = json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert (value_hash(a) == value_hash(b)) == same


def test_repo_relative_is_the_same_from_a_subdirectory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "fixtures").mkdir()
    monkeypatch.chdir(tmp_path)
    top = repo_relative("fixtures/req.json")
    monkeypatch.chdir(tmp_path / "fixtures")
    assert repo_relative("req.json") == top == "fixtures/req.json"
    assert repo_relative("<stdin>") == "<stdin>" and repo_relative(None) is None


def test_fingerprint_survives_reformatting(in_tmp: Path) -> None:
    """The same finding on another line (the file was reformatted) keeps its fingerprint."""
    before = finding(line=3)
    after = finding(line=17)
    base = baseline.Baseline(baseline.entries_for([before]))
    new, known, stale = base.split([after])
    assert (new, known, stale) == ([], [after], [])


# --- baseline -------------------------------------------------------------------------------


def test_write_then_load_round_trips(in_tmp: Path) -> None:
    findings = [
        finding(file="b.json"),
        finding(file="a.json", pointer="/z"),
        finding(file="a.json", pointer="/b"),
    ]
    path = in_tmp / "baseline.json"
    assert baseline.write(path, findings) == 3
    doc = json.loads(path.read_text())
    assert doc["version"] == 1
    assert [(e["file"], e["pointer"]) for e in doc["findings"]] == [
        ("a.json", "/b"),
        ("a.json", "/z"),
        ("b.json", "/a"),
    ]
    assert set(doc["findings"][0]) == {"fingerprint", "rule", "file", "record", "pointer", "count"}
    assert baseline.dumps(reversed(findings)) == path.read_text()  # order-independent
    new, known, stale = baseline.load(path).split(findings)
    assert new == [] and len(known) == 3 and stale == []


def test_split_new_known_stale(in_tmp: Path) -> None:
    old_a, old_b = finding(pointer="/a"), finding(pointer="/b")
    base = baseline.Baseline(baseline.entries_for([old_a, old_b]))
    fresh = finding(pointer="/c")
    changed = finding(pointer="/a", value=99)  # same place, different offending value
    new, known, stale = base.split([old_b, fresh, changed])
    assert new == [fresh, changed]
    assert known == [old_b]
    assert [e.pointer for e in stale] == ["/a"]


def test_duplicates_are_counted(in_tmp: Path) -> None:
    f = finding()
    base = baseline.Baseline(baseline.entries_for([f, f]))
    assert base.entries[0].count == 2
    new, known, _ = base.split([f, f, f])
    assert len(known) == 2 and len(new) == 1


def test_stale_limited_to_checked_files(in_tmp: Path) -> None:
    base = baseline.Baseline(baseline.entries_for([finding(file="a.json"), finding(file="b.json")]))
    _, _, stale = base.split([], checked_files=["a.json"])
    assert [e.file for e in stale] == ["a.json"]
    _, _, stale = base.split([])
    assert len(stale) == 2


def test_findings_without_fingerprint_get_one(in_tmp: Path) -> None:
    f = replace(finding(), fingerprint=None)
    base = baseline.Baseline(baseline.entries_for([f]))
    assert base.entries[0].fingerprint == baseline.key(f)
    assert base.split([f])[1] == [f]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{not json", "not valid JSON"),
        ('{"version": 1}', "no 'findings' list"),
        ('{"findings": [{"rule": "x"}]}', "fingerprint"),
        ("[]", "no 'findings' list"),
    ],
)
def test_bad_baseline_files(in_tmp: Path, text: str, says: str) -> None:
    path = in_tmp / "b.json"
    path.write_text(text)
    with pytest.raises(BaselineError, match=says):
        baseline.load(path)


def test_missing_baseline_file(in_tmp: Path) -> None:
    with pytest.raises(BaselineError, match="cannot read"):
        baseline.load(in_tmp / "nope.json")


def test_stale_entry_reads_well() -> None:
    entry = baseline.Entry("a.json", 3, "request:/x", "r/y", "0123456789abcdef")
    assert str(entry) == "r/y at a.json record 3 request:/x (0123456789ab)"


# --- through the CLI ------------------------------------------------------------------------

BAD = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 1024,
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "messages": [{"role": "user", "content": "Hello"}],
}


def test_cli_baseline_survives_reformatting(in_tmp: Path, capsys: pytest.CaptureFixture) -> None:
    from validator.cli import main

    payload = in_tmp / "fixtures" / "req.json"
    payload.parent.mkdir()
    payload.write_text(json.dumps(BAD, indent=2))
    assert main(["check", "fixtures/req.json"]) == 1
    assert main(["check", "--baseline", "b.json", "--update-baseline", "fixtures/req.json"]) == 0
    entries = json.loads((in_tmp / "b.json").read_text())["findings"]
    assert [e["rule"] for e in entries] == ["thinking/budget-not-below-max-tokens"]
    payload.write_text("\n\n" + json.dumps(BAD, indent=4, sort_keys=True))  # lines move
    assert main(["check", "--baseline", "b.json", "fixtures/req.json"]) == 0
    capsys.readouterr()
    changed = {**BAD, "thinking": {"type": "enabled", "budget_tokens": 4096}}
    payload.write_text(json.dumps(changed))
    assert main(["check", "--baseline", "b.json", "fixtures/req.json"]) == 1
    err = capsys.readouterr().err
    assert "stale baseline entry: thinking/budget-not-below-max-tokens" in err
