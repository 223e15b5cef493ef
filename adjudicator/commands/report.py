"""`adjudicator report followup|complaints INPUT`: the rates the dealer policies set, per month or week, per dealer
or member of staff, against their targets; as a table, CSV, JSON, XLSX or a self-contained HTML page with charts.

Exit codes: 0 a report was made; 2 bad input (one message naming the file, the record and the field) or a bad
policy file; 1 an internal fault. Registered lazily by the command group in adjudicator/commands/main.py.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .options import EXIT_INPUT, LANG_OPTION, Group, api, complaint_moment, default_lang, fail


def _when(value: str | None) -> Any:
    try:
        return complaint_moment(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix("--as-of: "), param_hint="--as-of") from None
_common = [
    click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True),
    click.option("--by", type=click.Choice(["dealer", "advisor"]), default="dealer", show_default=True,
                 help="group by dealer, or by the member of staff an item belongs to"),
    click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "html", "xlsx"]), default="table",
                 show_default=True),
    click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
                 show_default=True, help="where the report goes (xlsx needs a file)"),
    click.option("--as-of", "as_of", default=None, help="judge every record at this time [default: its own]"),
    click.option("--policy", default=None, help="follow-up profile with the targets: a built-in id or a file"),
    LANG_OPTION,
]


def _options(f: Any) -> Any:
    for opt in reversed(_common):
        f = opt(f)
    return f


def _write(make: Callable[[], Any], fmt: str, output: str, lang: str | None) -> None:
    if fmt in api.BINARY_FORMATS and output == "-":
        fail(f"--format {fmt} writes a file: give -o FILE", EXIT_INPUT)
    try:
        report = make()
    except (api.InputError, api.FollowupPolicyError, api.PolicyError) as exc:
        fail(str(exc), EXIT_INPUT)
        return
    body = api.render_report(report, fmt, lang or default_lang())
    text = body if isinstance(body, bytes) else body if body.endswith("\n") else body + "\n"
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        with api.open_owner_only(output, binary=isinstance(text, bytes)) as fh:
            fh.write(text)
    except OSError as exc:
        fail(f"{output}: {api.os_error_text(exc).en}", EXIT_INPUT)


@click.group("report", cls=Group, context_settings={"max_content_width": 100})
def report_group() -> None:
    """The periodic reports: rates against the policies' targets, counts behind them, month or week on month or
    week."""


@report_group.command("followup")
@click.argument("source", metavar="INPUT", type=click.Path(dir_okay=False))
@_options
def followup_cmd(source: str, period: str, by: str, fmt: str, output: str, as_of: str | None, policy: str | None,
                 lang: str | None) -> None:
    """Follow-up rates of CRM logs (as `followup check` reads them): revisits on time, revisit rates, success."""
    when = _when(as_of)
    _write(lambda: api.followup_report(source, period, by, policy, when), fmt, output, lang)  # type: ignore[arg-type]


@report_group.command("complaints")
@click.argument("source", metavar="INPUT", type=click.Path())
@click.option("--complaint-policy", default=None, help="complaint profile the cases are decided by")
@_options
def complaints_cmd(source: str, complaint_policy: str | None, period: str, by: str, fmt: str, output: str,
                   as_of: str | None, policy: str | None, lang: str | None) -> None:
    """Complaint rates of complaint cases (JSONL, a JSON array or a folder; a case, or {dealer, advisor,
    complaint}): solved at the first attempt, handled on time and to standard."""
    when = _when(as_of)
    _write(lambda: api.complaint_report(source, period, by, policy, when, complaint_policy),  # type: ignore[arg-type]
           fmt, output, lang)


__all__ = ["report_group"]
