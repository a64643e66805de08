"""Shared fixtures. Tests that need ../shared/ skip without it, except under CI=true."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/; skips the test when it is absent (fails under CI=true)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true requires ../shared/ beside the checkout")
        pytest.skip(f"{path} is absent (../shared/ is not beside this checkout)")
    return path


@pytest.fixture
def shared_dir() -> Path:
    return shared_path()


@pytest.fixture(scope="session")
def corpus_records() -> list[dict]:
    """The 476 real recorded exchanges of ../shared/corpus/real-traffic.jsonl."""
    import json

    path = shared_path("corpus", "real-traffic.jsonl")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
