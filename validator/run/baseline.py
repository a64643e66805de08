"""Baselines (design §4, like bandit's and ruff's): adopt the tool without fixing everything first.

`--update-baseline` writes every current finding's fingerprint to a JSON file; later runs
with `--baseline FILE` fail only on findings that are not in it, and report the entries that
no longer match anything (stale: fixed, or changed) so the file can be trimmed. Fingerprints
ignore line numbers, so reformatting a file keeps its baseline valid.

    base = baseline.load(path)              # BaselineError if unreadable/invalid
    new, known, stale = base.split(findings, checked_files=files)
    baseline.write(path, findings)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.core.findings import Finding
from validator.core.fingerprint import fingerprint, repo_relative
from validator.core.redact import redact

FORMAT_VERSION = 1
# How fingerprints are computed. 1: messages-validator 0.1.0. 2 (0.2.0): findings in SSE
# streams point inside the event that carried the value, and pointers and messages that
# quoted a credential are redacted, so those findings fingerprint differently; all others
# are the same in both schemes, which is why a scheme-1 baseline still matches them.
FINGERPRINT_SCHEME = 2


class BaselineError(Exception):
    """The baseline file cannot be read or is not a baseline (the CLI exits 2)."""


@dataclass(frozen=True, order=True)
class Entry:
    """One baselined fingerprint; `rule`, `file`, `pointer` are there for humans and staleness."""

    file: str
    record: int | None
    pointer: str
    rule: str
    fingerprint: str
    count: int = 1

    def __str__(self) -> str:
        where = self.file + (f" record {self.record}" if self.record is not None else "")
        return redact(f"{self.rule} at {where} {self.pointer or '/'} ({self.fingerprint[:12]})")

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "file": redact(self.file),
            "record": self.record,
            "pointer": redact(self.pointer),
            "count": self.count,
        }


def key(f: Finding) -> str:
    """The finding's fingerprint, computed here when the producer left it out."""
    if f.fingerprint:
        return f.fingerprint
    return fingerprint(f.rule, f.file, f.record, _pointer(f), None)


def _pointer(f: Finding) -> str:
    return f"{f.part}:{f.pointer}" if f.part else f.pointer


def entries_for(findings: Iterable[Finding]) -> list[Entry]:
    """One sorted entry per fingerprint, counting findings that share one."""
    counts: Counter[str] = Counter()
    first: dict[str, Finding] = {}
    for f in findings:
        fp = key(f)
        counts[fp] += 1
        first.setdefault(fp, f)
    return sorted(
        Entry(repo_relative(f.file) or "", f.record, _pointer(f), f.rule, fp, counts[fp])
        for fp, f in first.items()
    )


@dataclass
class Baseline:
    """The fingerprints of a baseline file, with how many findings each one covers."""

    entries: list[Entry] = field(default_factory=list)
    scheme: int = FINGERPRINT_SCHEME  # the fingerprint scheme the file was written with

    def outdated_notice(self, stale: Sequence[Entry]) -> str | None:
        """One line telling the user to regenerate an older-scheme baseline, when it matters.

        Entries of an older scheme that still match are fine; only when some do not match
        (they may be the same findings, fingerprinted the new way) is the file stale as a whole.
        """
        if self.scheme >= FINGERPRINT_SCHEME or not stale:
            return None
        return (
            f"baseline was written with fingerprint scheme {self.scheme} (messages-validator"
            f" 0.1.0); this version uses scheme {FINGERPRINT_SCHEME}, under which findings in"
            " SSE streams and findings that quoted a credential are fingerprinted differently."
            " Regenerate it with --update-baseline."
        )

    def split(
        self, findings: Iterable[Finding], checked_files: Sequence[str | None] | None = None
    ) -> tuple[list[Finding], list[Finding], list[Entry]]:
        """(new, known, stale): findings beyond the baseline, findings it covers, and
        entries nothing matched. With `checked_files`, only entries of those files can be
        stale, so checking a subset of a repository does not call the rest stale."""
        budget = {e.fingerprint: e.count for e in self.entries}
        new: list[Finding] = []
        known: list[Finding] = []
        seen: set[str] = set()
        for f in findings:
            fp = key(f)
            if budget.get(fp, 0) > 0:
                budget[fp] -= 1
                known.append(f)
                seen.add(fp)
            else:
                new.append(f)
        return new, known, self._stale(seen, checked_files)

    def _stale(self, seen: set[str], checked_files: Sequence[str | None] | None) -> list[Entry]:
        scope = None
        if checked_files is not None:
            scope = {repo_relative(f) or "" for f in checked_files}
        return [
            e
            for e in self.entries
            if e.fingerprint not in seen and (scope is None or e.file in scope)
        ]


def _entry(raw: Any) -> Entry:
    if not isinstance(raw, dict) or not isinstance(raw.get("fingerprint"), str):
        raise BaselineError("each baseline entry needs a string 'fingerprint'")
    count = raw.get("count", 1)
    record = raw.get("record")
    return Entry(
        file=str(raw.get("file") or ""),
        record=record if isinstance(record, int) else None,
        pointer=str(raw.get("pointer") or ""),
        rule=str(raw.get("rule") or ""),
        fingerprint=raw["fingerprint"],
        count=count if isinstance(count, int) and count > 0 else 1,
    )


def load(path: str | Path) -> Baseline:
    """Read a baseline file; `BaselineError` (never a traceback) when it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise BaselineError(f"{path}: baseline is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a messages-validator baseline (no 'findings' list)")
    scheme = data.get("fingerprint_scheme", 1)
    try:
        return Baseline(
            [_entry(raw) for raw in data["findings"]],
            scheme=scheme if isinstance(scheme, int) else 1,
        )
    except BaselineError as exc:
        raise BaselineError(f"{path}: {exc}") from exc


def dumps(findings: Iterable[Finding]) -> str:
    """The baseline file's text for `findings` (sorted, stable, one entry per fingerprint)."""
    doc = {
        "version": FORMAT_VERSION,
        "tool": "messages-validator",
        "fingerprint_scheme": FINGERPRINT_SCHEME,
        "findings": [e.to_dict() for e in entries_for(findings)],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write(path: str | Path, findings: Iterable[Finding]) -> int:
    """Write the baseline for `findings`; returns the number of entries written.

    `BaselineError` (never a traceback) when the file cannot be written."""
    text = dumps(findings)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from exc
    return len(json.loads(text)["findings"])
