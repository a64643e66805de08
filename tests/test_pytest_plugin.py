"""The pytest plugin, exercised through pytest itself (pytester)."""

from __future__ import annotations

pytest_plugins = ["pytester"]


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
