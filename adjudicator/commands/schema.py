"""`adjudicator schema`: the JSON Schema of an input or a decision."""
from __future__ import annotations

import json

import click

from .options import (
    EXIT_INPUT,
    api,
    fail,
)


@click.command("schema")
@click.argument("name", required=False)
def schema(name: str | None) -> None:
    """Print the JSON Schema of an input or a decision (NAME: warranty-input, warranty-decision, ...)."""
    models = api.schemas()
    if name is None or name not in models:
        if name is not None:
            fail(f"no schema {name!r}; choose one of: {', '.join(models)}", EXIT_INPUT)
        click.echo("\n".join(models))
        return
    click.echo(json.dumps(api.schema_document(name), ensure_ascii=False, indent=2))
