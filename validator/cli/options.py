"""The options of `check`, in one place: the command and its help read them from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from validator.readers import KIND_ALIASES, KIND_HELP, KINDS
from validator.reporters import REPORTERS

SEVERITIES = ("error", "warning", "info")

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def split(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select a,b --select c` -> ("a", "b", "c")."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def check_options() -> Decorator:
    """The arguments and options of `check`, as one decorator."""
    stack: list[Decorator] = [
        click.argument("paths", nargs=-1, metavar="[PATH|DIR|-]..."),
        click.option(
            "--kind",
            type=click.Choice(["auto", *[k for k in KINDS if k != "unknown"], *KIND_ALIASES]),
            default="auto",
            show_default=True,
            help="What the files hold; `auto` detects it from content and extension. "
            + "; ".join(f"{k}: {v}" for k, v in KIND_HELP.items())
            + ". Aliases: "
            + ", ".join(f"{a} = {k}" for a, k in KIND_ALIASES.items())
            + ".",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(sorted(REPORTERS)),
            help="Report format [default: github under GitHub Actions, else text].",
        ),
        click.option(
            "--output", "-o", type=click.Path(dir_okay=False), help="Write the report here."
        ),
        click.option(
            "--select", multiple=True, help="Only these rule ids or family prefixes (a/, b/)."
        ),
        click.option("--ignore", multiple=True, help="Skip these rule ids or family prefixes."),
        click.option(
            "--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that fails."
        ),
        click.option("--api-version", help="anthropic-version to assume where none was recorded."),
        click.option(
            "--strict", is_flag=True, default=None, help="Consecutive same-role turns fail."
        ),
        click.option(
            "--config", "config_file", type=click.Path(dir_okay=False), help="Config file."
        ),
        click.option("--exclude", multiple=True, help="Glob of paths to skip when walking dirs."),
        click.option(
            "--baseline", type=click.Path(dir_okay=False), help="Fail only on new findings."
        ),
        click.option("--update-baseline", is_flag=True, help="Write the findings to --baseline."),
        click.option(
            "--jobs", "-j", type=click.IntRange(min=1), default=1, help="Worker processes."
        ),
        click.option(
            "--engine",
            type=click.Choice(["serial", "dask"]),
            default="serial",
            show_default=True,
            help="Where to check: this process (and --jobs), or a Dask cluster.",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            help="Dask scheduler for --engine dask [default: a local cluster of --jobs workers].",
        ),
        click.option(
            "--hook", is_flag=True, help="Pre-commit mode: skip files that are not payloads."
        ),
        click.option(
            "--max-findings",
            type=click.IntRange(min=0),
            help="Tolerate up to N failing findings before the exit code turns 1.",
        ),
        click.option(
            "--max-bad-share",
            type=click.FloatRange(0.0, 1.0),
            help="Tolerate this share of documents with a failing finding (e.g. 0.01).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="Text: only the per-rule summary."),
        click.option("--statistics", is_flag=True, help="Print per-rule counts to stderr."),
    ]

    def apply(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(stack):
            function = decorator(function)
        return function

    return apply
