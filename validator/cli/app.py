"""The command group: `check` is the default command, `rules`, `explain`, `schema`, `proxy`;
`main` runs it and returns the exit code."""

from __future__ import annotations

from collections.abc import Sequence

import click

from validator import __version__
from validator.cli.checking import check
from validator.cli.output import EXIT_ERROR, EXIT_OK
from validator.cli.reference import explain, rules, schema
from validator.cli.serving import proxy


class DefaultGroup(click.Group):
    """A group whose first argument, when it is not a command, goes to `check`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = args[0] if args else None
        if (
            first is not None
            and first not in self.commands
            and first
            not in (
                "--help",
                "-h",
                "--version",
            )
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="messages-validator")
def cli() -> None:
    """Check Anthropic Messages API payloads, streams and recorded traffic.

    `messages-validator PATH...` is short for `messages-validator check PATH...`.
    """


for _command in (check, rules, explain, proxy, schema):
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting (for tests and embedding)."""
    try:
        code = cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_OK
