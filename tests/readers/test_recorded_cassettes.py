"""The raw recordings of ../shared/cassettes/ agree with the corpus lines taken from them.

Every file is read by content (no --kind), every interaction of a Messages endpoint becomes
an exchange document numbered by its position in the file, and each one's verdict is
compared with the verdict the same code gives its corpus line (`source` =
`<repo>@<commit>:<path>#<index>`, index 0-based): the same error rules, and no error at all on
an interaction the API accepted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from tests.conftest import shared_path
from validator import engine
from validator.core.findings import Finding, Severity
from validator.readers import Document, read_path
from validator.readers.exchange import read_exchange


def _errors(findings: list[Finding]) -> frozenset[str]:
    return frozenset(f.rule for f in findings if f.severity is Severity.ERROR)


def _corpus_verdicts(records: list[dict[str, Any]]) -> dict[str, tuple[int, frozenset[str]]]:
    out = {}
    for record in records:
        for item in read_exchange(
            record, file="corpus", number=1, base=None, position=lambda t: (1, 1)
        ):
            if isinstance(item, Document):
                found = engine.check_value(
                    "exchange", item.value, context=item.context, meta=item.meta
                )
                out[record["source"]] = (record["status"], _errors(found))
    return out


@pytest.fixture(scope="module")
def cassette_run(corpus_records: list[dict[str, Any]]) -> dict[str, Any]:
    root = shared_path("cassettes")
    corpus = _corpus_verdicts(corpus_records)
    files, interactions, compared, agreed = 0, 0, 0, 0
    disagreements, unread, unmapped, accepted_errors = [], [], [], []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        sources = json.loads((folder / "SOURCES.json").read_text(encoding="utf-8"))
        for name, where in sorted(sources.items()):
            files += 1
            path = folder / name
            verdicts: dict[int, set[str]] = defaultdict(set)
            statuses: dict[int, Any] = {}
            for item in read_path(str(path)):
                if isinstance(item, Document):
                    statuses[item.record] = item.value.get("status")
                    verdicts[item.record] |= _errors(engine.check_document(item))
                    verdicts.setdefault(item.record, set())
                else:  # a reader finding: a Messages interaction that could not be read
                    unread.append(f"{name}#{item.record}: {item.message}")
            if not statuses:
                unread.append(f"{name}: no Messages interaction read")
            prefix = f"{where['repo']}@{where['commit']}:{where['path']}#"
            for record, rules in sorted(verdicts.items()):
                interactions += 1
                source = f"{prefix}{record - 1}"
                status = statuses[record]
                if isinstance(status, int) and 200 <= status < 300 and rules:
                    accepted_errors.append(f"{source}: {sorted(rules)}")
                if source not in corpus:
                    unmapped.append(source)  # an exact repeat, dropped from the corpus
                    continue
                compared += 1
                if frozenset(rules) == corpus[source][1]:
                    agreed += 1
                else:
                    disagreements.append(
                        f"{source}: cassette {sorted(rules)} corpus {sorted(corpus[source][1])}"
                    )
    return {
        "files": files,
        "interactions": interactions,
        "compared": compared,
        "agreed": agreed,
        "disagreements": disagreements,
        "unread": unread,
        "unmapped": unmapped,
        "accepted_errors": accepted_errors,
        "corpus": len(corpus),
    }


def test_every_file_is_read(cassette_run: dict[str, Any]) -> None:
    assert cassette_run["files"] == 308
    assert cassette_run["unread"] == []


def test_every_corpus_line_has_its_interaction(cassette_run: dict[str, Any]) -> None:
    assert cassette_run["compared"] == cassette_run["corpus"] == 476
    # the rest are exact repeats of an interaction, dropped from the corpus
    assert cassette_run["interactions"] - cassette_run["compared"] == len(cassette_run["unmapped"])


def test_cassette_verdicts_equal_corpus_verdicts(cassette_run: dict[str, Any]) -> None:
    assert cassette_run["disagreements"] == []
    assert cassette_run["agreed"] == cassette_run["compared"]


def test_no_error_on_an_accepted_interaction(cassette_run: dict[str, Any]) -> None:
    assert cassette_run["accepted_errors"] == []
