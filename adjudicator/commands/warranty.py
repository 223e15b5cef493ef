"""`adjudicator warranty check`: three-guarantee decisions for vehicle history files."""
from __future__ import annotations

import os
from datetime import date
from typing import Any

import click

from .options import (
    DETAIL_OPTION,
    EXIT_INPUT,
    FORMAT_OPTION,
    LANG_OPTION,
    Group,
    api,
    decide_files,
    default_lang,
    echo_laid_out,
    fail,
    iso_date,
    json_entries,
    output_layout,
    record_options,
    record_path,
    working_day_calendar,
)


@click.group(cls=Group)
def warranty() -> None:
    pass


@warranty.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--as-of", callback=iso_date, metavar="DATE")
@click.option("--regulation", type=click.Choice(["2013", "2021"]))
@click.option("--calendar", type=click.Path(dir_okay=False), default=None, metavar="FILE")
@click.option("--strict-calendar", is_flag=True)
@FORMAT_OPTION
@LANG_OPTION
@click.option("--evaluator", type=click.Choice(["durable_rules", "python"]), default="durable_rules",
              show_default=True)
@click.option("-v", "--verbose", is_flag=True)
@DETAIL_OPTION
@record_options
def warranty_check(files: tuple[str, ...], as_of: date | None, regulation: str | None, calendar: str | None,
                   strict_calendar: bool, fmt: str, lang: str | None, evaluator: str, verbose: bool, detail: str,
                   record: bool | None, db: str | None) -> None:
    lang = lang or default_lang()
    keep = record_path(record, db)
    cal = working_day_calendar(calendar, strict_calendar, lang) if calendar or strict_calendar else None
    options = {"as_of": as_of, "regulation": regulation, "evaluator": evaluator,
               "calendar": calendar and os.path.abspath(calendar), "strict_calendar": strict_calendar or None}

    def decide(name: str) -> tuple[str, Any]:
        try:
            data, given = api.read_file_as_given(name)
            history = api.history_from(data, name)
            return given, api.adjudicate_warranty(history, regulation=regulation, as_of=as_of, evaluator=evaluator,
                                                  calendar=cal)
        except api.InputError as exc:
            if exc.source == name:
                raise
            raise api.InputError(name, exc.localized or exc.message, exc.field) from None
        except api.CalendarNotCovered as exc:
            raise api.InputError(name, str(exc), "calendar") from None

    results, decisions, errors = decide_files("warranty", files, decide, options, keep, detail, lang)
    if fmt == "json" and len(files) > 1:
        click.echo(json_entries(results, lang))
    elif decisions:
        if fmt == "json":
            click.echo(api.to_json(decisions[0]))
        else:
            layout = output_layout()
            echo_laid_out(("\n\n" + "─" * 40 + "\n\n").join(api.render_warranty(d, lang, fmt, verbose, layout)
                                                             for d in decisions), layout)
    if errors:
        fail("\n".join(errors), EXIT_INPUT)



@warranty.command("project")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--daily-km", type=click.FloatRange(min=0, max=2000), metavar="KM")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@LANG_OPTION
def warranty_project(file: str, daily_km: float | None, fmt: str, lang: str | None) -> None:
    lang = lang or default_lang()
    try:
        data, _ = api.read_file_as_given(file)
        projection = api.project_warranty(api.history_from(data, file), daily_km=daily_km)
    except api.InputError as exc:
        fail(exc.text(lang), EXIT_INPUT)
    click.echo(projection.model_dump_json(indent=2) if fmt == "json" else api.projection_text(projection, lang))
