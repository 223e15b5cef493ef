"""`adjudicator report followup|complaints INPUT`: the rates the dealer policies set, per month or week, per dealer
or member of staff, against their targets; as a table, CSV, JSON, XLSX or a self-contained HTML page with charts.

Exit codes: 0 a report was made; 2 bad input (one message naming the file, the record and the field) or a bad
policy file; 1 an internal fault. Registered lazily by the command group in adjudicator/commands/main.py.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

import click

from .language import message
from .options import (
    EXIT_INPUT,
    LANG_OPTION,
    Group,
    api,
    as_of_option,
    default_lang,
    fail,
    output_layout,
)


def _week(value: str | None) -> Any:
    """--week YYYY-Www (an ISO week) as the moment of its Monday's start, China time."""
    if value is None:
        return None
    try:
        year, week = value.upper().split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise click.BadParameter(message("not_a_week", default_lang(), value=value), param_hint="--week") from None
    return datetime.combine(monday, time.min, tzinfo=api.CHINA_TZ)


KINDS = ("rates", "summary", "time-limits", "reminders", "assessment")
_common = [
    click.option("--period", type=click.Choice(["month", "week"]), default=None),
    click.option("--by", type=click.Choice(["dealer", "advisor", "department"]), default="dealer", show_default=True),
    click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "html", "xlsx"]), default="table",
                 show_default=True),
    click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
                 show_default=True),
    click.option("--as-of", "as_of", default=None),
    click.option("--policy", default=None),
    LANG_OPTION,
]


def _options(f: Any) -> Any:
    for opt in reversed(_common):
        f = opt(f)
    return f


def _write(make: Callable[[], Any], fmt: str, output: str, lang: str | None) -> None:
    lang = lang or default_lang()
    if fmt in api.BINARY_FORMATS and output == "-":
        fail(message("writes_a_file", lang, fmt=fmt), EXIT_INPUT)
    try:
        report = make()
    except api.InputError as exc:
        fail(exc.text(lang), EXIT_INPUT)
        return
    except (api.FollowupPolicyError, api.PolicyError) as exc:
        fail(exc.get(lang), EXIT_INPUT)
        return
    layout = output_layout() if output == "-" else api.Layout()     # a file gets the width of piped output
    body = api.render_report(report, fmt, lang, layout)
    text = body if isinstance(body, bytes) else body if body.endswith("\n") else body + "\n"
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        with api.open_owner_only(output, binary=isinstance(text, bytes)) as fh:
            fh.write(text)
    except OSError as exc:
        fail(f"{output}{api.field_separator(lang)}{api.os_error_text(exc).get(lang)}", EXIT_INPUT)


@click.group("report", cls=Group, context_settings={"max_content_width": 100})
def report_group() -> None:
    pass


@report_group.command("followup")
@click.argument("source", metavar="INPUT", type=click.Path(dir_okay=False))
@_options
def followup_cmd(source: str, period: str | None, by: str, fmt: str, output: str, as_of: str | None,
                 policy: str | None, lang: str | None) -> None:
    when = as_of_option(as_of)
    if by == "department":
        fail(message("by_department_complaints_only", lang or default_lang()), EXIT_INPUT)
    _write(lambda: api.followup_report(source, period or "month", by, policy, when),  # type: ignore[arg-type]
           fmt, output, lang)


@report_group.command("complaints")
@click.argument("source", metavar="INPUT", type=click.Path())
@click.option("--complaint-policy", default=None)
@click.option("--kind", type=click.Choice(KINDS), default="rates", show_default=True)
@click.option("--week", default=None, metavar="YYYY-Www")
@_options
def complaints_cmd(source: str, complaint_policy: str | None, kind: str, week: str | None, period: str | None,
                   by: str, fmt: str, output: str, as_of: str | None, policy: str | None, lang: str | None) -> None:
    when = as_of_option(as_of)
    at = _week(week)
    if at is not None and kind != "summary":
        fail(message("week_for_summary_only", lang or default_lang()), EXIT_INPUT)
    if at is not None and period == "month":
        fail(message("week_is_weekly", lang or default_lang()), EXIT_INPUT)
    makers = {
        "rates": lambda: api.complaint_report(source, period or "month", by, policy, when, complaint_policy),
        "assessment": lambda: api.complaint_report(source, period or "month", by, policy, when, complaint_policy,
                                                   "assessment"),
        "summary": lambda: api.complaint_summary(source, period or "week", at, when, complaint_policy),
        "time-limits": lambda: api.time_limit_report(source, period or "month", by, when, complaint_policy),
        "reminders": lambda: api.time_limit_reminders(source, when, complaint_policy),
    }
    _write(makers[kind], fmt, output, lang)


__all__ = ["report_group"]
