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

from .options import EXIT_INPUT, LANG_OPTION, Group, api, complaint_moment, default_lang, fail, output_layout


def _when(value: str | None) -> Any:
    try:
        return complaint_moment(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix("--as-of: "), param_hint="--as-of") from None
def _week(value: str | None) -> Any:
    """--week YYYY-Www (an ISO week) as the moment of its Monday's start, China time."""
    if value is None:
        return None
    try:
        year, week = value.upper().split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise click.BadParameter(f"{value!r}: 应为 ISO 周，如 2025-W10 / expected an ISO week such as 2025-W10",
                                 param_hint="--week") from None
    return datetime.combine(monday, time.min, tzinfo=api.CHINA_TZ)


KINDS = ("rates", "summary", "time-limits", "reminders", "assessment")
_common = [
    click.option("--period", type=click.Choice(["month", "week"]), default=None,
                 help="按月或按周 / month or week  [default: month; week for --kind summary]"),
    click.option("--by", type=click.Choice(["dealer", "advisor", "department"]), default="dealer", show_default=True,
                 help="group by dealer, or by the member of staff an item belongs to, or (complaints) by the "
                      "handling department / 按经销商、经办人或（投诉）处理部门分组"),
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
    layout = output_layout() if output == "-" else api.Layout()     # a file gets the width of piped output
    body = api.render_report(report, fmt, lang or default_lang(), layout)
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
def followup_cmd(source: str, period: str | None, by: str, fmt: str, output: str, as_of: str | None,
                 policy: str | None, lang: str | None) -> None:
    """Follow-up rates of CRM logs (as `followup check` reads them): revisits on time, revisit rates, success."""
    when = _when(as_of)
    if by == "department":
        fail("--by department: only complaint reports have a handling department / 只有投诉报表可按处理部门分组",
             EXIT_INPUT)
    _write(lambda: api.followup_report(source, period or "month", by, policy, when),  # type: ignore[arg-type]
           fmt, output, lang)


@report_group.command("complaints")
@click.argument("source", metavar="INPUT", type=click.Path())
@click.option("--complaint-policy", default=None, help="complaint profile the cases are decided by")
@click.option("--kind", type=click.Choice(KINDS), default="rates", show_default=True,
              help="rates: 投诉指标对比目标 / the complaint rates against their targets; "
                   "summary: 客户投诉业务汇总周报表 (FAW-CRM) / the weekly summary by department; "
                   "time-limits: 时限报表 (CS-CMS) / every deadline kind met, late, overdue, open; "
                   "reminders: 时限提示 (CS-CMS) / deadlines overdue or about to run out at --as-of (default: now); "
                   "assessment: 考核报表 (CS-CMS) / the rates per --by advisor or department")
@click.option("--week", default=None, metavar="YYYY-Www",
              help="--kind summary: 汇总的周（ISO 周）/ the week summarised (an ISO week) "
                   "[default: the last week ended by the report time]")
@_options
def complaints_cmd(source: str, complaint_policy: str | None, kind: str, week: str | None, period: str | None,
                   by: str, fmt: str, output: str, as_of: str | None, policy: str | None, lang: str | None) -> None:
    """Complaint reports of complaint cases (JSONL, a JSON array or a folder; a case, or {dealer, advisor,
    complaint}): the rates (solved at the first attempt, handled on time and to standard), the weekly summary by
    department, the time-limit report and reminders, the assessment report.

    \b
    投诉报表：指标、部门汇总周报、时限报表、时限提示、考核报表。"""
    when = _when(as_of)
    at = _week(week)
    if at is not None and kind != "summary":
        fail("--week: only for --kind summary / 仅用于 --kind summary", EXIT_INPUT)
    if at is not None and period == "month":
        fail("--week: the summary is weekly with --week / 指定 --week 时按周汇总", EXIT_INPUT)
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
