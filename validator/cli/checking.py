"""The `check` command: config from file and flags, the run (with a progress bar on a
terminal), the baseline, then the report and the exit code (`validator.cli.output`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from validator.cli.options import check_options, split
from validator.cli.output import emit, exit_code, report_format
from validator.readers import canonical_kind


@click.command()
@check_options()
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
            select=split(opts["select"]),
            ignore=split(opts["ignore"]),
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
    else:
        _settle()

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
    emit(report, opts)
    if opts.get("statistics"):
        from validator.run.gate import statistics

        statistics(report, sys.stderr)
    return exit_code(report, read_errors, config, opts)


def _settle() -> None:
    """Load the engine, then freeze what is on the heap (`gc.freeze`).

    The spec, the compiled schemas and the rule tables live until this one-shot process
    ends, so the cyclic collector need not walk them again on each full collection (about a
    tenth of a large run), and `--jobs` workers forked later keep sharing their pages. The
    Python API never does this: the heap there is the caller's.
    """
    import gc

    from validator import engine

    engine.warm()
    gc.freeze()


def _with_progress(paths: Sequence[str], config: Any, opts: dict[str, Any], run: Any) -> Any:
    """The run, with a progress bar on stderr for a large input on a terminal (text only)."""
    fmt = report_format(opts)
    if fmt != "text" or opts["output"] or not sys.stderr.isatty():
        return run(paths)
    from validator.run.gate import check_with_progress, wants_progress
    from validator.run.paths import expand

    unlisted: list[Any] = []  # directories that cannot be listed: failures of the run
    files = list(expand(paths, config.exclude, unlisted))
    if not wants_progress(fmt, files):
        return run(paths)
    report = check_with_progress(files, run, opts["jobs"])
    report.failures[:0] = unlisted
    for failure in unlisted:
        click.echo(f"messages-validator: error: {failure.path}: {failure.reason}", err=True)
    return report


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
    checked = report.checked.files()
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
    from validator.run.paths import expand

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
