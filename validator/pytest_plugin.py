"""pytest plugin (registered through the `pytest11` entry point).

    def test_my_client_builds_a_valid_request(messages_validator):
        payload = build_request()
        messages_validator.assert_valid(payload)              # a request
        messages_validator.assert_valid(reply, kind="response")

The fixture reads `[tool.messages-validator]` from the nearest pyproject.toml (like the CLI),
or the file named by the `messages_validator_config` ini option.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from validator import Report, Severity, assert_valid, check
from validator.config import Config


class MessagesValidator:
    """What the `messages_validator` fixture gives a test: checks bound to one config."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def check(self, payload: Any, kind: str = "request", **kwargs: Any) -> Report:
        return check(payload, kind, config=self.config, **kwargs)

    def assert_valid(self, payload: Any, kind: str = "request", **kwargs: Any) -> Report:
        """Fail the test (with the text report) when `payload` has an error-level finding."""
        kwargs.setdefault("fail_on", self.config.fail_on)
        return assert_valid(payload, kind, config=self.config, **kwargs)

    def assert_invalid(
        self, payload: Any, rule: str, kind: str = "request", **kwargs: Any
    ) -> Report:
        """Fail the test unless `payload` draws a finding of `rule`."""
        report = self.check(payload, kind, **kwargs)
        assert rule in report.rules, f"expected {rule}, got:\n{report.text()}"
        return report


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "messages_validator_config",
        "config file for the messages_validator fixture (default: nearest pyproject.toml)",
        default="",
    )


@pytest.fixture
def messages_validator(request: pytest.FixtureRequest) -> MessagesValidator:
    """Checks Messages API payloads inside tests; see `MessagesValidator`."""
    from validator.config import load_config

    name = request.config.getini("messages_validator_config")
    path = Path(request.config.rootpath, name) if name else None
    return MessagesValidator(load_config(path, start=request.config.rootpath))


__all__ = ["MessagesValidator", "Severity", "messages_validator"]
