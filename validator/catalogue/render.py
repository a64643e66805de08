"""Renderers of the catalogue: the `rules` table, `explain RULE`, the README table, SARIF rules.

Everything here is generated from the spec's `x-rules` through `validator.catalogue`, so the
lists people read cannot drift from the rules the engine runs. `python -m validator.catalogue
--write-readme` regenerates the README's rule table between its markers; a test fails when it
is stale.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from validator import catalogue
from validator.catalogue import Example
from validator.core.findings import Report, Severity

README_START = "<!-- rules-table:start -->"


README_END = "<!-- rules-table:end -->"


def render_table() -> str:
    """The `messages-validator rules` table: id, severity, summary (one rule a line)."""
    rows = [(e.id, e.severity, e.summary) for e in catalogue.entries()]
    width = max([len("RULE"), *(len(r[0]) for r in rows)])
    lines = [f"{'RULE':<{width}}  {'SEVERITY':<8}  SUMMARY"]
    lines += [f"{rid:<{width}}  {sev:<8}  {summary}" for rid, sev, summary in rows]
    lines.append(f"\n{len(rows)} rules. `messages-validator explain RULE` shows one in full.")
    return "\n".join(lines)


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=str)


def _example_text(example: Example) -> list[str]:
    lines = [f"Kind: {example.kind}"]
    if example.context:
        lines.append(f"Context: {json.dumps(example.context, ensure_ascii=False, default=str)}")
    if example.has_bad:
        where = f" (found at {example.pointer})" if example.pointer is not None else ""
        lines += ["", f"Bad{where}:", _indent(_json(example.bad))]
    if example.has_good:
        lines += ["", "Good:", _indent(_json(example.good))]
    return lines


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def explain(rule_id: str) -> str:
    """The full docs of one rule (or alias) with its examples; `KeyError` when unknown."""
    entry = catalogue.get(rule_id)
    if entry is None:
        raise KeyError(rule_id)
    lines = [entry.id, "=" * len(entry.id), "", entry.summary, ""]
    if rule_id != entry.id:
        lines.insert(1, f"(renamed from {rule_id})")
    lines += [f"Severity:   {entry.severity}", f"Applies to: {', '.join(entry.kinds)}"]
    lines.append(f"Checked by: {entry.checked_by}")
    if entry.aliases:
        lines.append(f"Aliases:    {', '.join(entry.aliases)}")
    if entry.api_message:
        lines.append(f"API says:   {entry.api_message}")
    if entry.rationale:
        lines += ["", entry.rationale]
    for example in entry.examples:
        lines += ["", "Example", "-------", *_example_text(example)]
    return "\n".join(lines)


def explain_markdown(rule_id: str) -> str:
    """`explain` as markdown (SARIF `help.markdown`: code-scanning UIs render it)."""
    entry = catalogue.get(rule_id)
    if entry is None:
        raise KeyError(rule_id)
    lines = [f"**{entry.id}** ({entry.severity}): {entry.summary}", ""]
    if entry.api_message:
        lines += [f"> The API says: {entry.api_message}", ""]
    if entry.rationale:
        lines += [entry.rationale, ""]
    for example in entry.examples:
        if example.has_bad:
            where = f" (found at `{example.pointer}`)" if example.pointer is not None else ""
            lines += [f"Bad {example.kind}{where}:", "```json", _json(example.bad), "```", ""]
        if example.has_good:
            lines += [f"Good {example.kind}:", "```json", _json(example.good), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def readme_table() -> str:
    """The README's rule table (markdown): counts by family, then one row per rule by id."""
    families = Counter(e.family for e in catalogue.entries())
    by_family = ", ".join(f"{name} {n}" for name, n in sorted(families.items()))
    lines = [
        f"{len(catalogue.entries())} rules ({by_family}).",
        "`messages-validator explain RULE` shows the docs and examples of one.",
        "",
        "| rule | severity | checked by | summary |",
        "|---|---|---|---|",
    ]
    for e in catalogue.entries():
        lines.append(f"| `{e.id}` | {e.severity} | {e.checked_by} | {_cell(e.summary)} |")
    return "\n".join(lines)


def readme_block(text: str) -> str | None:
    """The text between the README markers, or None when the markers are missing."""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return None
    return text[start + len(README_START) : end].strip("\n")


def write_readme(path: Path) -> bool:
    """Regenerate the README's rule table in place; returns whether the file changed."""
    text = path.read_text(encoding="utf-8")
    if readme_block(text) is None:
        raise ValueError(f"{path}: markers {README_START} ... {README_END} not found")
    start = text.index(README_START) + len(README_START)
    end = text.index(README_END)
    new = text[:start] + "\n" + readme_table() + "\n" + text[end:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m validator.catalogue [--write-readme [PATH]]`: print or write the table."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--write-readme"]:
        path = Path(args[1]) if len(args) > 1 else Path(__file__).parents[2] / "README.md"
        changed = write_readme(path)
        print(f"{path}: {'updated' if changed else 'already current'}")
        return 0
    print(readme_table())
    return 0


LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _help(entry: Any) -> dict[str, str]:
    return {"text": explain(entry.id), "markdown": explain_markdown(entry.id)}


def _descriptor(entry: Any) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": entry.id,
        "shortDescription": {"text": entry.summary or entry.id},
        "fullDescription": {"text": entry.rationale or entry.summary or entry.id},
        "help": _help(entry),
        "defaultConfiguration": {"level": LEVEL.get(Severity(entry.severity), "error")},
        "properties": {
            "tags": [entry.family],
            "kinds": list(entry.kinds),
            "checkedBy": entry.checked_by,
        },
    }
    if entry.aliases:
        descriptor["deprecatedIds"] = list(entry.aliases)
    return descriptor


def _unknown_descriptor(rule_id: str, severity: Severity) -> dict[str, Any]:
    # A finding whose rule is not in the catalogue (an internal id such as a schema keyword
    # mapping): still listed, so that every result has a valid ruleIndex.
    return {
        "id": rule_id,
        "shortDescription": {"text": rule_id},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"tags": [rule_id.split("/", 1)[0]]},
    }


def rule_descriptors(report: Report) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The rules the report's findings use (catalogue order, with their help), and id -> index.

    Only the rules that fired are listed, not the whole catalogue: one finding makes a small
    log (the full catalogue with its help and examples is hundreds of kilobytes).
    """
    fired: dict[str, Any] = {}
    unknown: dict[str, Severity] = {}
    for f in report.findings:
        entry = catalogue.get(f.rule)  # an alias points at the renamed rule
        if entry is not None:
            fired[entry.id] = entry
        else:
            unknown.setdefault(f.rule, f.severity)
    order = {e.id: i for i, e in enumerate(catalogue.entries())}
    listed = sorted(fired.values(), key=lambda e: order.get(e.id, len(order)))
    descriptors = [_descriptor(e) for e in listed]
    descriptors += [_unknown_descriptor(r, sev) for r, sev in unknown.items()]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for f in report.findings:
        entry = catalogue.get(f.rule)
        if f.rule not in index and entry is not None:
            index[f.rule] = index[entry.id]
    return descriptors, index
