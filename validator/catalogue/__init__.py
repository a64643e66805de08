"""The rule catalogue as users read it: `rules`, `explain RULE`, SARIF rules and the README table.

Everything here is generated from the spec's `x-rules` (design §1), so the lists people read
cannot drift from the rules the engine runs. `python -m validator.catalogue --write-readme`
regenerates the README's rule table between its markers; a test fails when it is stale.
"""

from __future__ import annotations

import functools
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

README_START = "<!-- rules-table:start -->"
README_END = "<!-- rules-table:end -->"


@dataclass(frozen=True)
class Example:
    """A bad payload that yields the rule at `pointer`, and a good one that yields nothing."""

    kind: str
    bad: Any = None
    good: Any = None
    pointer: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    has_bad: bool = False
    has_good: bool = False


@dataclass(frozen=True)
class RuleEntry:
    """One `x-rules` entry of the spec."""

    id: str
    severity: str
    kinds: tuple[str, ...]
    checked_by: str
    summary: str
    rationale: str = ""
    api_message: str | None = None
    aliases: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()

    @property
    def family(self) -> str:
        return self.id.split("/", 1)[0]


def _raw_rules() -> list[dict[str, Any]]:
    """The raw `x-rules` list: through `validator.schema.spec` when it offers it, else the YAML."""
    try:
        from validator.schema.spec import x_rules
    except ImportError:
        return _load_yaml_rules()
    return list(x_rules())


def _load_yaml_rules() -> list[dict[str, Any]]:
    import yaml

    path = Path(__file__).parent.parent / "spec" / "messages.openapi.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=loader)
    return list(doc.get("x-rules") or [])


def _examples(raw: dict[str, Any], kinds: tuple[str, ...]) -> tuple[Example, ...]:
    given = raw.get("examples")
    if not given:
        return ()
    items = given if isinstance(given, list) else [given]
    default_kind = next((k for k in kinds if k != "any"), "request")
    return tuple(
        Example(
            kind=item.get("kind", default_kind),
            bad=item.get("bad"),
            good=item.get("good"),
            pointer=item.get("pointer"),
            context=item.get("context") or {},
            has_bad="bad" in item,
            has_good="good" in item,
        )
        for item in items
    )


def _entry(raw: dict[str, Any]) -> RuleEntry:
    kinds = tuple(raw.get("kinds") or ())
    return RuleEntry(
        id=raw["id"],
        severity=str(raw.get("severity", "error")),
        kinds=kinds,
        checked_by=str(raw.get("checked-by", "function")),
        summary=str(raw.get("summary", "")).strip(),
        rationale=str(raw.get("rationale", "")).strip(),
        api_message=raw.get("api-message"),
        aliases=tuple(raw.get("aliases") or ()),
        examples=_examples(raw, kinds),
    )


@functools.cache
def entries() -> tuple[RuleEntry, ...]:
    """Every catalogue entry, sorted by id."""
    return tuple(sorted((_entry(r) for r in _raw_rules()), key=lambda e: e.id))


@functools.cache
def _index() -> dict[str, RuleEntry]:
    table: dict[str, RuleEntry] = {}
    for entry in entries():
        for alias in entry.aliases:
            table[alias] = entry
    for entry in entries():  # real ids win over aliases
        table[entry.id] = entry
    return table


def get(rule_id: str) -> RuleEntry | None:
    """The entry for `rule_id` or for a rule that was renamed from it; None when unknown."""
    return _index().get(rule_id)


def suggestions(rule_id: str) -> list[str]:
    """Known ids close to a mistyped `rule_id`, for error messages."""
    import difflib

    return difflib.get_close_matches(rule_id, list(_index()), n=3, cutoff=0.6)


def render_table() -> str:
    """The `messages-validator rules` table: id, severity, summary (one rule a line)."""
    rows = [(e.id, e.severity, e.summary) for e in entries()]
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
    entry = get(rule_id)
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
    entry = get(rule_id)
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
    families = Counter(e.family for e in entries())
    by_family = ", ".join(f"{name} {n}" for name, n in sorted(families.items()))
    lines = [
        f"{len(entries())} rules ({by_family}).",
        "`messages-validator explain RULE` shows the docs and examples of one.",
        "",
        "| rule | severity | checked by | summary |",
        "|---|---|---|---|",
    ]
    for e in entries():
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


if __name__ == "__main__":
    raise SystemExit(main())
