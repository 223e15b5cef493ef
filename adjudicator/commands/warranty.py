"""`adjudicator warranty check`: three-guarantee decisions for vehicle history files."""
from __future__ import annotations

import os
from datetime import date

import click

from .options import (
    DETAIL_OPTION,
    EXIT_INPUT,
    FORMAT_OPTION,
    LANG_OPTION,
    Group,
    api,
    default_lang,
    echo_laid_out,
    fail,
    iso_date,
    json_entries,
    output_layout,
    record_options,
    record_path,
    store_decisions,
    working_day_calendar,
)


@click.group(cls=Group)
def warranty() -> None:
    """Household-car three-guarantee regulation (2013 and 2021 versions)."""


@warranty.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--as-of", callback=iso_date, metavar="DATE",
              help="Decide as of this date instead of claim.date (visits after it are ignored).")
@click.option("--regulation", type=click.Choice(["2013", "2021"]),
              help="Force a version [default: chosen by the invoice date].")
@click.option("--calendar", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="YAML/JSON file of holidays and make-up working days for years the calendar lacks.")
@click.option("--strict-calendar", is_flag=True, help="A deadline in a year the calendar does not cover is an "
                                                     "error (exit 2), not a warning.")
@FORMAT_OPTION
@LANG_OPTION
@click.option("--evaluator", type=click.Choice(["durable_rules", "python"]), default="durable_rules",
              show_default=True, help="Rule engine, or the plain-Python oracle of the same rules.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the remedy rules that did not fire and why.")
@DETAIL_OPTION
@record_options
def warranty_check(files: tuple[str, ...], as_of: date | None, regulation: str | None, calendar: str | None,
                   strict_calendar: bool, fmt: str, lang: str | None, evaluator: str, verbose: bool, detail: str,
                   record: bool | None, db: str | None) -> None:
    """Decide what the regulation gives the consumer for each vehicle history FILE (JSON or YAML).

    Prints the version and why, the periods and what is left of them, every remedy with its article and the
    facts behind it, deadlines, near-limit warnings, assumptions and missing facts. A bad file is reported on
    stderr (exit 2) after the others. --format json: one file gives its decision; several give a list with one
    entry per file, in the order given: {"record", "source", "ok": true, "decision"} or {"record", "source",
    "ok": false, "error": {"field", "message"}} (the shape of a batch line).
    """
    lang = lang or default_lang()
    keep = record_path(record, db)
    results: list[tuple[str, object]] = []
    entries = []
    cal = working_day_calendar(calendar, strict_calendar, lang) if calendar or strict_calendar else None
    options = {"as_of": as_of, "regulation": regulation, "evaluator": evaluator,
               "calendar": calendar and os.path.abspath(calendar), "strict_calendar": strict_calendar or None}
    for name in files:
        try:
            data, given = api.read_file_as_given(name)
            history = api.history_from(data, name)
            decision = api.adjudicate_warranty(history, regulation=regulation, as_of=as_of, evaluator=evaluator,
                                               calendar=cal)
        except api.InputError as exc:
            results.append((name, exc if exc.source == name else api.InputError(name, exc.localized or exc.message,
                                                                                 exc.field)))
            continue
        except api.CalendarNotCovered as exc:
            results.append((name, api.InputError(name, str(exc), "calendar")))
            continue
        if keep:           # the record keeps the full decision, whatever is shown: replay compares full ones
            entries.append(api.decision_entry("warranty", name, given, decision, options))
        results.append((name, decision.brief() if detail == "brief" else decision))
    if entries:
        store_decisions(keep, entries, lang)
    decisions = [r for _, r in results if not isinstance(r, api.InputError)]
    errors = [r.text(lang) for _, r in results if isinstance(r, api.InputError)]
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
@click.option("--daily-km", type=click.FloatRange(min=0, max=2000), metavar="KM",
              help="km driven a day from now on [default: the car's own average so far].")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@LANG_OPTION
def warranty_project(file: str, daily_km: float | None, fmt: str, lang: str | None) -> None:
    """How close the car in FILE is to the next remedy, and until when.

    For each period, the date and the odometer reading at which it closes; for each remedy not yet available,
    the smallest further event that would bring it and the day it must happen by; for a repair still in
    progress, the day the courtesy vehicle and replace/return would be due. Found by re-running the decision
    on projected histories, with the rule book's own thresholds.
    """
    lang = lang or default_lang()
    try:
        data, _ = api.read_file_as_given(file)
        projection = api.project_warranty(api.history_from(data, file), daily_km=daily_km)
    except api.InputError as exc:
        fail(exc.text(lang), EXIT_INPUT)
    click.echo(projection.model_dump_json(indent=2) if fmt == "json" else api.projection_text(projection, lang))
