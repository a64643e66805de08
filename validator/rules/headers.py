"""Request headers: the `anthropic-version` a recording sent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from validator.rules import Hit, RuleContext, rule
from validator.rules.facts import KNOWN_VERSIONS


@rule("headers/unknown-api-version")
def unknown_api_version(payload: Any, ctx: RuleContext) -> Iterator[Hit]:
    """A recorded `anthropic-version` header must be one of the versions the API knows."""
    version = ctx.context.header("anthropic-version")
    if version is None or version in KNOWN_VERSIONS:
        return
    yield Hit(
        "/anthropic-version",
        f"anthropic-version {version!r} is not a known version ({', '.join(KNOWN_VERSIONS)})",
        part="headers",
    )
