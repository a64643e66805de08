"""pytest plugin (registered through the `pytest11` entry point).

    def test_my_client_builds_a_valid_request(messages_validator):
        payload = build_request()
        messages_validator.assert_valid(payload)              # a request
        messages_validator.assert_valid(reply, kind="response")

The fixture reads `[tool.messages-validator]` from the nearest pyproject.toml (like the CLI),
or the file named by the `messages_validator_config` ini option.

What the SDK really sends and receives (see `validator.transport`):

    def test_my_call(messages_validator_transport):           # a transport in collect mode
        inner = httpx2.MockTransport(handler)
        http = httpx2.Client(transport=messages_validator_transport.wrap(inner))
        anthropic.Anthropic(http_client=http).messages.create(...)

    def test_any_client(validate_anthropic):                  # every SDK client of the test
        ...

    @pytest.mark.messages_validator                           # the same, by marker
    def test_marked(): ...

`pytest --messages-validator` turns `validate_anthropic` on for every test (opt-in: nothing
changes because the package is installed). The test fails with the text report when a call
had a finding at the config's `fail-on` level. `-p no:messages_validator` switches it all off.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from validator import Report, Severity, assert_valid, check
from validator.config import Config
from validator.reporters.text import as_text


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
        assert rule in report.rules, f"expected {rule}, got:\n{as_text(report)}"
        return report


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "messages_validator_config",
        "config file for the messages_validator fixture (default: nearest pyproject.toml)",
        default="",
    )
    parser.getgroup("messages-validator").addoption(
        "--messages-validator",
        action="store_true",
        default=False,
        help="check every anthropic SDK call made by every test (validate_anthropic)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "messages_validator: check every anthropic SDK call the test makes (validate_anthropic)",
    )


def _config(request: pytest.FixtureRequest) -> Config:
    from validator.config.loading import load_config

    name = request.config.getini("messages_validator_config")
    path = Path(request.config.rootpath, name) if name else None
    return load_config(path, start=request.config.rootpath)


@pytest.fixture
def messages_validator(request: pytest.FixtureRequest) -> MessagesValidator:
    """Checks Messages API payloads inside tests; see `MessagesValidator`."""
    return MessagesValidator(_config(request))


# Transports of the running test, checked right after the test body (a failure of the test
# itself) and again at teardown (for a stream read in a fixture's teardown).
_TRANSPORTS = pytest.StashKey[list[Any]]()


# Transports whose failure was already reported (once per transport, not at each check).
_FAILED: weakref.WeakSet[Any] = weakref.WeakSet()


def _failure(transports: list[Any]) -> str | None:
    for transport in transports:
        report = transport.report
        if report.failed(transport.config.fail_on) and transport not in _FAILED:
            _FAILED.add(transport)
            return "messages-validator found problems in the API calls:\n" + as_text(report)
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield  # an exception of the test itself propagates first
    message = _failure(item.stash.get(_TRANSPORTS, []))
    if message:
        pytest.fail(message, pytrace=False)
    return result


def _register(request: pytest.FixtureRequest, transport: Any) -> None:
    request.node.stash.setdefault(_TRANSPORTS, []).append(transport)


@pytest.fixture
def messages_validator_transport(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A `ValidatingTransport` in collect mode with the project's config.

    Its inner transport is the library's real `HTTPTransport`; `.wrap(inner)` gives one around
    a mock that shares its findings (`.wrap(inner, is_async=True)` for an async client). The
    test fails when any call it carried had a finding at the config's `fail-on` level.
    """
    from validator.transport import ValidatingTransport

    transport = ValidatingTransport(mode="collect", config=_config(request))
    _register(request, transport)
    yield transport
    transport.close()
    message = _failure([transport])
    if message:
        pytest.fail(message, pytrace=False)


@pytest.fixture
def validate_anthropic(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Every anthropic SDK client created during the test checks its calls.

    The patch point is the SDK's base client constructor (`SyncAPIClient` / `AsyncAPIClient`
    of `anthropic._base_client`, shared by `Anthropic`, `AsyncAnthropic` and the platform
    clients): once a client is built, its HTTP client's transports, the default one or the
    test's own mock, are wrapped in a validating transport. Gives the (collecting) transport
    whose `findings` hold what was found.
    """
    from validator.transport import Collector

    base = pytest.importorskip("anthropic._base_client")
    root = Collector("collect", _config(request))
    _register(request, root)
    for name, is_async in (("SyncAPIClient", False), ("AsyncAPIClient", True)):
        cls = getattr(base, name, None)
        if cls is not None:
            monkeypatch.setattr(cls, "__init__", _patched_init(cls.__init__, root, is_async))
    yield root
    message = _failure([root])
    if message:
        pytest.fail(message, pytrace=False)


def _patched_init(original: Any, root: Any, is_async: bool) -> Any:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        http = getattr(self, "_client", None)
        if http is not None and not getattr(http, "_messages_validator", False):
            _wrap_http_client(http, root, is_async)

    return __init__


def _wrap_http_client(http: Any, root: Any, is_async: bool) -> None:
    """Wrap the transports an httpx2/httpx client picks per URL (cached per inner transport)."""
    original = http._transport_for_url
    wrapped: dict[int, Any] = {}

    def transport_for_url(url: Any) -> Any:
        inner = original(url)
        if id(inner) not in wrapped:
            wrapped[id(inner)] = (inner, root.wrap(inner, is_async=is_async))
        return wrapped[id(inner)][1]

    http._transport_for_url = transport_for_url
    http._messages_validator = True


@pytest.fixture(autouse=True)
def _messages_validator_opt_in(request: pytest.FixtureRequest) -> None:
    """`@pytest.mark.messages_validator` or `--messages-validator` turn validate_anthropic on."""
    marked = request.node.get_closest_marker("messages_validator") is not None
    if marked or request.config.getoption("messages_validator", False):
        request.getfixturevalue("validate_anthropic")


__all__ = [
    "MessagesValidator",
    "Severity",
    "messages_validator",
    "messages_validator_transport",
    "validate_anthropic",
]
