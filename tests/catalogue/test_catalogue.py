"""The catalogue (the spec's `x-rules`): complete, matched by the registry, examples that hold,
and the views people read (`rules`, `explain`, the README table) current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

from validator import catalogue
from validator.catalogue import RuleEntry, render

SEVERITIES = {"error", "warning", "info"}
CHECKED_BY = {"function", "schema", "reader"}


def example_cases() -> list:
    cases = []
    for entry in catalogue.entries():
        for i, example in enumerate(entry.examples):
            for side in ("bad", "good"):
                if getattr(example, f"has_{side}"):
                    cases.append(pytest.param(entry, i, side, id=f"{entry.id}[{i}]-{side}"))
    return cases


def test_entries_are_well_formed() -> None:
    entries = catalogue.entries()
    assert entries, "the spec has no x-rules"
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids)), "duplicate rule ids"
    aliases = [a for e in entries for a in e.aliases]
    assert not set(aliases) & set(ids), "an alias shadows a rule id"
    for e in entries:
        assert "/" in e.id and e.id == e.id.lower(), e.id
        assert e.severity in SEVERITIES, e.id
        assert e.checked_by in CHECKED_BY, e.id
        assert e.kinds and e.summary and e.rationale, e.id


def test_function_entries_match_the_registry() -> None:
    from validator.rules import registry

    declared = {e.id for e in catalogue.entries() if e.checked_by == "function"}
    registered = set(registry())
    assert sorted(declared - registered) == [], "catalogue entries without a function"
    assert sorted(registered - declared) == [], "registered functions without an entry"


def test_function_rules_have_examples() -> None:
    missing = [e.id for e in catalogue.entries() if e.checked_by != "reader" and not e.examples]
    assert missing == []


@pytest.mark.parametrize(("entry", "index", "side"), example_cases())
def test_example(entry: RuleEntry, index: int, side: str) -> None:
    """A bad example yields exactly its rule at its pointer; a good one yields nothing."""
    engine = pytest.importorskip("validator.engine")
    from validator.core.context import Context

    example = entry.examples[index]
    context = Context(**example.context) if example.context else None
    payload = example.bad if side == "bad" else example.good
    found = [
        (f.rule, f.pointer) for f in engine.check_value(example.kind, payload, context=context)
    ]
    if side == "good":
        assert found == []
        return
    assert found, f"{entry.id}: the bad example yields nothing"
    assert {rule for rule, _ in found} == {entry.id}, found
    if example.pointer is not None:
        assert example.pointer in {pointer for _, pointer in found}, found


# --- views ----------------------------------------------------------------------------------


def test_rules_table_lists_every_rule() -> None:
    table = render.render_table().splitlines()
    assert table[0].split() == ["RULE", "SEVERITY", "SUMMARY"]
    for entry in catalogue.entries():
        assert any(line.split()[:2] == [entry.id, entry.severity] for line in table[1:] if line)


def test_explain_shows_docs_and_examples() -> None:
    entry = next((e for e in catalogue.entries() if e.examples and e.examples[0].has_bad), None)
    if entry is None:
        pytest.skip("no catalogue entry has examples yet")
    text = render.explain(entry.id)
    assert entry.summary in text and f"Severity:   {entry.severity}" in text
    bad = json.dumps(entry.examples[0].bad, indent=2, ensure_ascii=False, default=str)
    assert bad.splitlines()[0] in text
    assert "Bad" in text


def test_explain_finds_aliases_and_rejects_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    renamed = RuleEntry(
        "fam/new-name", "warning", ("request",), "function", "s", "r", aliases=("fam/old-name",)
    )
    monkeypatch.setattr(catalogue, "entries", lambda: (renamed,))
    catalogue._index.cache_clear()
    try:
        assert catalogue.get("fam/old-name") is renamed
        assert "(renamed from fam/old-name)" in render.explain("fam/old-name")
        with pytest.raises(KeyError):
            render.explain("fam/nope")
        assert catalogue.suggestions("fam/new-nme")[0] == "fam/new-name"
    finally:
        catalogue._index.cache_clear()


def test_readme_table_is_current() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = render.readme_block(text)
    if block is None:
        pytest.skip("README.md has no rules-table markers yet")
    assert block == render.readme_table(), (
        "README rule table is stale: run `python -m validator.catalogue --write-readme`"
    )


def test_write_readme_regenerates_between_markers(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(f"# t\n\n{render.README_START}\nold\n{render.README_END}\n\nend\n")
    assert render.main(["--write-readme", str(path)]) == 0
    text = path.read_text()
    assert render.readme_block(text) == render.readme_table()
    assert text.startswith("# t\n") and text.endswith("\n\nend\n")
    assert render.write_readme(path) is False  # idempotent


def test_explain_markdown_fences_examples() -> None:
    entry = next((e for e in catalogue.entries() if e.examples and e.examples[0].has_good), None)
    if entry is None:
        pytest.skip("no catalogue entry has examples yet")
    text = render.explain_markdown(entry.id)
    assert text.startswith(f"**{entry.id}** ({entry.severity}): {entry.summary}")
    assert text.count("```json") == text.count("```") / 2 >= 1
    good = json.dumps(entry.examples[0].good, indent=2, ensure_ascii=False, default=str)
    assert good in text
