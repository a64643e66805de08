"""The pytest plugin, exercised through pytest itself (pytester)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _spec_loaded_outside():
    """Load the spec (and yaml) in this process first: pytester's in-process runs drop the
    modules they imported, and a yaml imported inside one run breaks the next one's loader."""
    from validator.schema import spec

    spec.load_spec()


def test_fixture_passes_good_and_fails_bad(pytester):
    pytester.makepyfile(
        """
        GOOD = {"model": "claude-sonnet-4-6", "max_tokens": 64,
                "messages": [{"role": "user", "content": "Hi"}]}

        def test_good(messages_validator):
            messages_validator.assert_valid(GOOD)

        def test_bad(messages_validator):
            messages_validator.assert_valid({**GOOD, "max_tokens": -5})

        def test_expected_rule(messages_validator):
            messages_validator.assert_invalid({**GOOD, "max_tokens": -5}, "schema/minimum")
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*PayloadInvalid*", "*/max_tokens*"])


def test_fixture_reads_project_config(pytester):
    pytester.makepyprojecttoml(
        """
        [tool.messages-validator]
        ignore = ["schema/"]
        """
    )
    pytester.makepyfile(
        """
        def test_ignored(messages_validator):
            messages_validator.assert_valid({"model": "claude-sonnet-4-6", "max_tokens": -5,
                                             "messages": [{"role": "user", "content": "Hi"}]})
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)


# -- checking what the SDK really sends (validator.transport) ---------------------------------
SDK_TESTS = """
    import json
    import anthropic, httpx2, pytest

    ARGS = {"model": "claude-sonnet-4-6", "max_tokens": 64,
            "messages": [{"role": "user", "content": "Hi"}]}
    MESSAGE = {"id": "msg_01", "type": "message", "role": "assistant",
               "model": "claude-sonnet-4-6", "content": [{"type": "text", "text": "Hi"}],
               "stop_reason": "end_turn", "stop_sequence": None,
               "usage": {"input_tokens": 5, "output_tokens": 2}}

    def mock():
        return httpx2.MockTransport(lambda request: httpx2.Response(200, json=MESSAGE))

    def make_client(transport=None):
        return anthropic.Anthropic(api_key="k", max_retries=0,
                                   http_client=httpx2.Client(transport=transport or mock()))
"""


def test_transport_fixture_fails_the_test_with_the_report(pytester):
    pytester.makepyfile(
        SDK_TESTS
        + """
    def test_good(messages_validator_transport):
        make_client(messages_validator_transport.wrap(mock())).messages.create(**ARGS)

    def test_bad(messages_validator_transport):
        client = make_client(messages_validator_transport.wrap(mock()))
        client.messages.create(**ARGS, extra_body={"top_k": -1})  # collected: the call returns
        assert len(messages_validator_transport.findings) >= 1
    """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_bad*", "*sampling/top-k-out-of-range*"])


def test_validate_anthropic_patches_clients_made_in_the_test(pytester):
    pytester.makepyfile(
        SDK_TESTS
        + """
    def test_bad(validate_anthropic):
        make_client().messages.create(**ARGS, extra_body={"top_k": -1})

    def test_good(validate_anthropic):
        make_client().messages.create(**ARGS)
        assert validate_anthropic.report.documents == 1

    def test_async(validate_anthropic):
        import asyncio
        async def go():
            http = httpx2.AsyncClient(transport=mock())
            client = anthropic.AsyncAnthropic(api_key="k", http_client=http)
            await client.messages.create(**ARGS, extra_body={"temperature": 9})
        asyncio.run(go())

    def test_unpatched_after():
        make_client().messages.create(**ARGS, extra_body={"top_k": -1})  # not checked
    """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["*FAILED*test_bad*", "*FAILED*test_async*"])
    result.stdout.fnmatch_lines(["*sampling/temperature-out-of-range*"])


def test_marker_and_option_turn_it_on_and_it_is_opt_in(pytester):
    pytester.makepyfile(
        SDK_TESTS
        + """
    @pytest.mark.messages_validator
    def test_marked():
        make_client().messages.create(**ARGS, extra_body={"top_k": -1})

    def test_unmarked():
        make_client().messages.create(**ARGS, extra_body={"top_k": -1})
    """
    )
    result = pytester.runpytest("--strict-markers")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*FAILED*test_marked*"])
    result = pytester.runpytest("--messages-validator")
    result.assert_outcomes(failed=2)


def test_transport_fixture_reads_the_project_config(pytester):
    pytester.makepyprojecttoml(
        """
        [tool.messages-validator]
        ignore = ["sampling/"]
        """
    )
    pytester.makepyfile(
        SDK_TESTS
        + """
    def test_ignored(validate_anthropic):
        make_client().messages.create(**ARGS, extra_body={"top_k": -1})
    """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_plugin_can_be_switched_off(pytester):
    pytester.makepyfile(
        """
        def test_uses_fixture(validate_anthropic):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:messages_validator")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'validate_anthropic' not found*"])
    result = pytester.runpytest("-p", "no:messages_validator", "--messages-validator")
    assert result.ret != 0  # the option is the plugin's: unknown without it
