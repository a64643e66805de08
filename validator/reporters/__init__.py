"""Reporters render a finished `Report`; they decide nothing.

Every reporter has one signature: `render(report: Report, out: TextIO, *, color: bool) -> None`.
`REPORTERS` maps a `--format` name to the module path that implements it (imported lazily).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TextIO

from validator.core.findings import Report

Renderer = Callable[..., None]

REPORTERS: dict[str, str] = {
    "text": "validator.reporters.text",
    "json": "validator.reporters.json",
    "sarif": "validator.reporters.sarif",
    "junit": "validator.reporters.junit",
    "github": "validator.reporters.github",
}


def get(name: str) -> Renderer:
    return importlib.import_module(REPORTERS[name]).render  # type: ignore[no-any-return]


def render(name: str, report: Report, out: TextIO, *, color: bool = False) -> None:
    from validator.reporters._common import redacted

    get(name)(redacted(report), out, color=color)  # no credential reaches any format
