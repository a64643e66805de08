"""What the run shows and what it exits with: the report's format and rendering (a closed
pipe ends quietly, a failed write is exit 2), and the exit code.

Exit codes are decided here and only here: 0 no finding at or above `--fail-on`, 1 such
findings, 2 usage error, bad config or an unreadable path (2 wins over 1).
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

import click

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def exit_code(report: Any, read_errors: list[str], config: Any, opts: dict[str, Any]) -> int:
    """2 when an input could not be read, else 1 when the gate fails, else 0."""
    if read_errors or report.failures:
        return EXIT_ERROR
    from validator.run.gate import gate_failed

    failed = gate_failed(
        report, config.fail_on, opts.get("max_findings"), opts.get("max_bad_share")
    )
    return EXIT_FINDINGS if failed else EXIT_OK


def report_format(opts: dict[str, Any]) -> str:
    return opts["fmt"] or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")


def emit(report: Any, opts: dict[str, Any]) -> None:
    """Render the report; a failed write is exit 2, a closed pipe (`| head`) ends quietly."""
    from validator.reporters import render

    fmt = report_format(opts)
    if fmt == "text" and opts.get("quiet"):
        from validator.reporters.text import render as render_text

        def render(_fmt: str, report: Any, out: TextIO, *, color: bool) -> None:
            render_text(report, out, color=color, quiet=True)

    if opts["output"]:
        try:
            with open(opts["output"], "w", encoding="utf-8") as out:
                render(fmt, report, out, color=False)
        except OSError as exc:  # a bad --output or a full disk: exit 2, not a traceback
            raise click.ClickException(f"cannot write {opts['output']}: {exc.strerror}") from exc
        return
    try:
        render(fmt, report, sys.stdout, color=_color(sys.stdout))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: the exit code still says what was found
        _silence_stdout()
    except OSError as exc:  # stdout on a full disk
        _silence_stdout()
        raise click.ClickException(f"cannot write the report: {exc.strerror or exc}") from exc


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (tests)
        pass


def _color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty() or bool(os.environ.get("FORCE_COLOR"))
