"""The `messages-validator` command: `check` (the default), `rules`, `explain RULE`.

Exit codes are decided here and only here: 0 no finding at or above `--fail-on`, 1 such
findings, 2 usage error, bad config or an unreadable path (2 wins over 1).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import click

from validator import __version__
from validator.readers import KIND_ALIASES, KIND_HELP, KINDS, canonical_kind
from validator.reporters import REPORTERS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = ("error", "warning", "info")


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


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PATH|DIR|-]...")
@click.option(
    "--kind",
    type=click.Choice(["auto", *[k for k in KINDS if k != "unknown"], *KIND_ALIASES]),
    default="auto",
    show_default=True,
    help="What the files hold; `auto` detects it from content and extension. "
    + "; ".join(f"{k}: {v}" for k, v in KIND_HELP.items())
    + ". Aliases: "
    + ", ".join(f"{a} = {k}" for a, k in KIND_ALIASES.items())
    + ".",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(REPORTERS)),
    help="Report format [default: github under GitHub Actions, else text].",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--select", multiple=True, help="Only these rule ids or family prefixes (a/, b/).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or family prefixes.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that fails.")
@click.option("--api-version", help="anthropic-version to assume where none was recorded.")
@click.option("--strict", is_flag=True, default=None, help="Consecutive same-role turns fail.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Config file.")
@click.option("--exclude", multiple=True, help="Glob of paths to skip when walking dirs.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Fail only on new findings.")
@click.option("--update-baseline", is_flag=True, help="Write the findings to --baseline.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, help="Worker processes.")
@click.option(
    "--engine",
    type=click.Choice(["serial", "dask"]),
    default="serial",
    show_default=True,
    help="Where to check: this process (and --jobs), or a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler for --engine dask [default: a local cluster of --jobs workers].",
)
@click.option("--hook", is_flag=True, help="Pre-commit mode: skip files that are not payloads.")
@click.option(
    "--max-findings",
    type=click.IntRange(min=0),
    help="Tolerate up to N failing findings before the exit code turns 1.",
)
@click.option(
    "--max-bad-share",
    type=click.FloatRange(0.0, 1.0),
    help="Tolerate this share of documents with a failing finding (e.g. 0.01).",
)
@click.option("--quiet", "-q", is_flag=True, help="Text: only the per-rule summary.")
@click.option("--statistics", is_flag=True, help="Print per-rule counts to stderr.")
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], **opts: Any) -> None:
    """Check payload files, traffic files and directories (`-` reads standard input)."""
    if not paths:
        raise click.UsageError("no PATH given (use `-` to read standard input)")
    config = _config(opts)
    ctx.exit(_run(paths, config, opts))


def _config(opts: dict[str, Any]) -> Any:
    """The file config (explicit or found upward) with the command-line flags on top."""
    from validator.config.loading import ConfigError, load_config, merge_cli

    try:
        config = load_config(Path(opts["config_file"]) if opts["config_file"] else None)
        return merge_cli(
            config,
            select=_split(opts["select"]),
            ignore=_split(opts["ignore"]),
            exclude=opts["exclude"],
            fail_on=opts["fail_on"],
            api_version=opts["api_version"],
            strict=opts["strict"],
        )
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _run(paths: Sequence[str], config: Any, opts: dict[str, Any]) -> int:
    from validator.run.runner import check_paths

    read_errors: list[str] = []

    def on_error(message: str) -> None:
        read_errors.append(message)
        click.echo(f"messages-validator: error: {message}", err=True)

    _refuse_overwriting_inputs(paths, config, opts)
    kind = canonical_kind(opts["kind"])
    engine_errors: tuple[type[Exception], ...] = ()
    if opts["engine"] == "dask":
        from validator.dask import EngineError

        engine_errors = (EngineError,)
    elif opts["scheduler"]:
        raise click.UsageError("--scheduler needs --engine dask")

    def run(items: Sequence[str]) -> Any:
        return check_paths(
            items,
            kind=kind,
            config=config,
            hook_mode=opts["hook"],
            jobs=opts["jobs"],
            on_error=on_error,
            engine=opts["engine"],
            scheduler=opts["scheduler"],
        )

    try:
        report = _with_progress(paths, config, opts, run)
    except engine_errors as exc:
        raise click.ClickException(str(exc)) from exc
    report = _apply_baseline(report, opts)
    _emit(report, opts)
    if opts.get("statistics"):
        from validator.run.gate import statistics

        statistics(report, sys.stderr)
    if read_errors or report.failures:
        return EXIT_ERROR
    from validator.run.gate import gate_failed

    failed = gate_failed(
        report, config.fail_on, opts.get("max_findings"), opts.get("max_bad_share")
    )
    return EXIT_FINDINGS if failed else EXIT_OK


def _with_progress(paths: Sequence[str], config: Any, opts: dict[str, Any], run: Any) -> Any:
    """The run, with a progress bar on stderr for a large input on a terminal (text only)."""
    fmt = _format(opts)
    if fmt != "text" or opts["output"] or not sys.stderr.isatty():
        return run(paths)
    from validator.run.gate import check_with_progress, wants_progress
    from validator.run.runner import expand

    unlisted: list[Any] = []  # directories that cannot be listed: failures of the run
    files = list(expand(paths, config.exclude, unlisted))
    if not wants_progress(fmt, files):
        return run(paths)
    report = check_with_progress(files, run, opts["jobs"])
    report.failures[:0] = unlisted
    for failure in unlisted:
        click.echo(f"messages-validator: error: {failure.path}: {failure.reason}", err=True)
    return report


def _format(opts: dict[str, Any]) -> str:
    return opts["fmt"] or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")


def _apply_baseline(report: Any, opts: dict[str, Any]) -> Any:
    if not opts["baseline"]:
        if opts["update_baseline"]:
            raise click.UsageError("--update-baseline needs --baseline FILE")
        return report
    from validator.run import baseline

    path = Path(opts["baseline"])
    if opts["update_baseline"]:
        try:
            baseline.write(path, report.findings)
        except baseline.BaselineError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"messages-validator: wrote {len(report.findings)} findings to {path}", err=True)
        return replace(report, findings=[])
    try:
        known = baseline.load(path)
    except baseline.BaselineError as exc:
        raise click.ClickException(str(exc)) from exc
    checked = [file for file, _record in report.checked]
    new, _matched, stale = known.split(report.findings, checked_files=checked)
    notice = known.outdated_notice(stale)
    if notice:
        click.echo(f"messages-validator: {notice}", err=True)
    for entry in stale:
        click.echo(f"messages-validator: stale baseline entry: {entry}", err=True)
    return replace(report, findings=new)


def _refuse_overwriting_inputs(paths: Sequence[str], config: Any, opts: dict[str, Any]) -> None:
    """`--output` or `--update-baseline` naming a file being checked is a usage error (2)."""
    targets = [opts["output"]] if opts["output"] else []
    if opts["update_baseline"] and opts["baseline"]:
        targets.append(opts["baseline"])
    targets = [t for t in targets if os.path.exists(t)]
    if not targets:
        return
    from validator.run.runner import expand

    inputs = {_identity(p) for p in expand(paths, config.exclude) if p != "-"}
    for target in targets:
        if _identity(target) in inputs:
            message = f"refusing to overwrite {target}: it is one of the files being checked"
            raise click.ClickException(message)


def _identity(path: str) -> tuple[int, int] | str:
    try:
        st = os.stat(path)
        return (st.st_dev, st.st_ino)
    except OSError:
        return os.path.realpath(path)


def _emit(report: Any, opts: dict[str, Any]) -> None:
    """Render the report; a failed write is exit 2, a closed pipe (`| head`) ends quietly."""
    from validator.reporters import render

    fmt = _format(opts)
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


@cli.command()
def rules() -> None:
    """List every rule: id, default severity, summary."""
    from validator.catalogue.render import render_table

    click.echo(render_table())


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show a rule's documentation with its bad and good examples."""
    from validator.catalogue import suggestions
    from validator.catalogue.render import explain as explain_rule

    try:
        click.echo(explain_rule(rule))
    except KeyError as exc:
        close = suggestions(rule)
        hint = f" (did you mean {close[0]}?)" if close else ""
        message = f"unknown rule {rule!r}{hint}; `messages-validator rules` lists them"
        raise click.ClickException(message) from exc


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


@cli.command()
@click.option(
    "--upstream",
    default="https://api.anthropic.com",
    show_default=True,
    help="Where requests are forwarded.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option(
    "--mode",
    type=click.Choice(["log", "reject"]),
    default="log",
    show_default=True,
    help="log: forward everything; reject: answer a request with an error finding "
    "with a 400 invalid_request_error and never forward it.",
)
@click.option(
    "--log",
    "log_file",
    type=click.Path(dir_okay=False),
    help="Write findings here as JSON lines [default: stderr].",
)
@click.option(
    "--record",
    "record_file",
    type=click.Path(dir_okay=False),
    help="Append each exchange here as JSONL (the format `check` reads), "
    "credentials replaced by REDACTED.",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=32 * 1024 * 1024,
    show_default=True,
    help="Largest request body accepted, in bytes (else 413).",
)
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0.01),
    default=10.0,
    show_default=True,
    help="Seconds to connect to the upstream (else 502).",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0.01),
    default=600.0,
    show_default=True,
    help="Seconds of upstream silence before giving up (else 529).",
)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Config file.")
def proxy(**opts: Any) -> None:
    """A validating reverse proxy: set ANTHROPIC_BASE_URL=http://HOST:PORT in the application."""
    try:
        from validator.proxy.app import create_app
        from validator.proxy.server import serve
    except ImportError as exc:
        message = f"the proxy needs its extra: pip install 'messages-validator[proxy]' ({exc})"
        raise click.ClickException(message) from exc
    from validator.config.loading import ConfigError, load_config

    try:
        config = load_config(Path(opts["config_file"]) if opts["config_file"] else None)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        log = open(opts["log_file"], "a", encoding="utf-8") if opts["log_file"] else None  # noqa: SIM115
        record = (
            open(opts["record_file"], "a", encoding="utf-8")  # noqa: SIM115
            if opts["record_file"]
            else None
        )
    except OSError as exc:
        raise click.ClickException(f"cannot open {exc.filename}: {exc.strerror}") from exc
    files = [f for f in (log, record) if f is not None]
    app = create_app(
        opts["upstream"],
        opts["mode"],
        log=log,
        record=record,
        max_body=opts["max_body"],
        connect_timeout=opts["connect_timeout"],
        read_timeout=opts["read_timeout"],
        config=config,
    )
    click.echo(
        f"messages-validator proxy ({opts['mode']}) on http://{opts['host']}:{opts['port']} "
        f"-> {opts['upstream']}",
        err=True,
    )
    try:
        serve(app, host=opts["host"], port=opts["port"])
    finally:
        for f in files:
            f.close()


SCHEMA_KINDS = (
    "request",
    "count-tokens",
    "response",
    "error",
    "stream-event",
    "batch-create",
    "batch-line",
    "batch-result",
    "batch",
    "count-tokens-response",
)


@cli.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the schema here.")
def schema(kind: str, output: str | None) -> None:
    """Write a standalone JSON Schema (draft 2020-12) of a payload KIND, for editors."""
    import json

    from validator.schema.export import export_schema

    text = json.dumps(export_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if not output:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
