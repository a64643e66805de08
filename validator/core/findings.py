"""The data model every face of the tool shares: `Severity`, `Finding` and `Report`."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any


class Severity(str, enum.Enum):  # noqa: UP042 (StrEnum's __str__ differs; keep str mixin)
    """How bad a finding is; compares by rank (`ERROR > WARNING > INFO`)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One constraint violation: data first (like a pydantic-core error record), text second."""

    rule: str
    severity: Severity
    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    record: int | None = None
    part: str | None = None
    fingerprint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as the JSON report contract spells it (design §5)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def location(self) -> str:
        """`file:line:col` (or as much of it as is known), for text output."""
        where = self.file or "<payload>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where


@dataclass(frozen=True)
class Failure:
    """An input the tool could not read or check at all (missing, no permission, ...)."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


Checked = tuple[str | None, int | None]


class CheckedDocuments:
    """The (file, record) of every document checked, in order, in memory that does not grow
    with the records: consecutive records of one file are kept as one run (first, last).

    It behaves as the list of pairs it stands for (iterate, len, append, extend, compare),
    so a log of a million lines costs a few runs, not a million tuples.
    """

    __slots__ = ("_count", "_runs")

    def __init__(self, pairs: Iterable[Checked] = ()) -> None:
        self._runs: list[list[Any]] = []  # [file, first record, last record]
        self._count = 0
        self.extend(pairs)

    def append(self, pair: Checked) -> None:
        file, record = pair
        self._count += 1
        last = self._runs[-1] if self._runs else None
        if (
            last is not None
            and record is not None
            and last[2] is not None
            and last[0] == file
            and record == last[2] + 1
        ):
            last[2] = record
        else:
            self._runs.append([file, record, record])

    def extend(self, pairs: Iterable[Checked]) -> None:
        for pair in pairs:
            self.append(pair)

    def files(self) -> list[str | None]:
        """The files checked, each once, in order."""
        return list(dict.fromkeys(f for f, _, _ in self._runs))

    def with_files(self, rename: Callable[[str], str]) -> CheckedDocuments:
        """The same documents with every file name passed through `rename` (run by run)."""
        out = CheckedDocuments()
        out._runs = [[rename(f) if isinstance(f, str) else f, a, b] for f, a, b in self._runs]
        out._count = self._count
        return out

    def __iter__(self) -> Iterator[Checked]:
        for file, first, last in self._runs:
            if first is None:
                yield file, None
            else:
                yield from ((file, record) for record in range(first, last + 1))

    def __len__(self) -> int:
        return self._count

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CheckedDocuments | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"CheckedDocuments({list(self)!r})"


@dataclass
class Report:
    """Findings plus what was looked at; what reporters render and the API returns."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    # Inputs that could not be read: a run with any is exit 2, and every format says so.
    failures: list[Failure] = field(default_factory=list)
    # (file, record) of every document checked, for reporters that list passes (JUnit).
    checked: CheckedDocuments = field(default_factory=CheckedDocuments)

    def __post_init__(self) -> None:
        if not isinstance(self.checked, CheckedDocuments):
            self.checked = CheckedDocuments(self.checked)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:
        return True

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there is no error-level finding."""
        return not self.errors

    def failed(self, fail_on: Severity = Severity.ERROR) -> bool:
        """Whether any finding is at or above `fail_on`."""
        return any(f.severity >= fail_on for f in self.findings)

    @property
    def rules(self) -> list[str]:
        """The rule ids found, in order of first appearance (handy in tests)."""
        return list(dict.fromkeys(f.rule for f in self.findings))

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "documents": self.documents,
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "failures": len(self.failures),
            "by_rule": dict(sorted(Counter(f.rule for f in self.findings).items())),
        }

    def to_dict(self) -> dict[str, Any]:
        """The whole JSON report (design §5)."""
        return {
            "version": 1,
            "findings": [f.to_dict() for f in self.findings],
            "failures": [f.to_dict() for f in self.failures],
            "summary": self.summary(),
        }
