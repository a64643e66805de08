"""The commands that print reference material: `rules`, `explain RULE`, `schema KIND`."""

from __future__ import annotations

from pathlib import Path

import click

from validator.core.kinds import SCHEMA_KINDS


@click.command()
def rules() -> None:
    """List every rule: id, default severity, summary."""
    from validator.catalogue.render import render_table

    click.echo(render_table())


@click.command()
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


@click.command()
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
