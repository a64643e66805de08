"""The `proxy` command: the validating reverse proxy (needs the `proxy` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


@click.command()
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
