"""`adjudicator schema`: the JSON Schema of an input or a decision."""
from __future__ import annotations

import json

import click

from .language import Command, message
from .options import (
    EXIT_INPUT,
    LANG_OPTION,
    api,
    default_lang,
    fail,
)


@click.command("schema", cls=Command)
@click.argument("name", required=False)
@LANG_OPTION
def schema(name: str | None, lang: str | None) -> None:
    models = api.schemas()
    if name is None or name not in models:
        if name is not None:
            fail(message("no_schema", lang or default_lang(), name=name, names=", ".join(models)), EXIT_INPUT)
        click.echo("\n".join(models))
        return
    click.echo(json.dumps(api.schema_document(name), ensure_ascii=False, indent=2))
