"""`Report.checked` holds every checked (file, record) in memory that does not grow with the
records of a file (consecutive records are one run), and behaves as the list it stands for."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from validator.core.findings import CheckedDocuments, Report

pairs = st.lists(
    st.tuples(st.sampled_from(["a.jsonl", "b.json", None]), st.none() | st.integers(1, 30))
)


@given(pairs)
def test_it_is_the_list_it_stands_for(items: list) -> None:
    checked = CheckedDocuments(items)
    assert list(checked) == items and len(checked) == len(items) and checked == items
    assert pickle.loads(pickle.dumps(checked)) == items  # --jobs sends it between processes


def test_a_long_log_is_one_run() -> None:
    checked = CheckedDocuments()
    checked.extend(("big.jsonl", n) for n in range(1, 100_001))
    checked.append(("other.json", None))
    assert len(checked) == 100_001
    assert len(checked._runs) == 2  # not 100,001 tuples


def test_a_report_takes_a_plain_list() -> None:
    report = Report(checked=[("a.json", None), ("b.jsonl", 1), ("b.jsonl", 2)])
    assert isinstance(report.checked, CheckedDocuments)
    assert list(report.checked) == [("a.json", None), ("b.jsonl", 1), ("b.jsonl", 2)]
