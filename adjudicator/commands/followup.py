"""`adjudicator followup check|due`: the follow-up duties of a dealer's CRM log, and a day's call list.

Exit codes: 0 a decision was made; 2 bad input (one message naming the file, the row and the field, or a bad
policy file); 1 an internal fault. Registered lazily by the command group in adjudicator/commands/main.py.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import click

from .options import (
    EXIT_INPUT,
    LANG_OPTION,
    Group,
    api,
    as_of_option,
    default_lang,
    echo_laid_out,
    fail,
    iso_date,
    output_layout,
)

_FORMATS = click.Choice(["table", "json", "markdown"])


def _run(log_file: str, policy: str | None, each: Callable[[Any, Any, Any], str], fmt: str, lang: str) -> None:
    """Read every log of the file, check each under the policy, print; bad input and bad policies exit 2."""
    try:
        profile = api.resolve_followup_policy(policy)
        logs = api.read_crm_logs(log_file)
    except api.InputError as exc:
        fail(exc.text(lang), EXIT_INPUT)
        return
    except api.FollowupPolicyError as exc:
        fail(exc.get(lang), EXIT_INPUT)
        return
    layout = output_layout()
    out = [each(log, profile, layout) for log in logs]
    if fmt == "json" and len(out) > 1:
        click.echo("[" + ",\n".join(out) + "]")
    else:
        echo_laid_out("\n\n".join(out), layout)



_common = [
    click.option("--policy", default=None),
    click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True),
    LANG_OPTION,
    click.option("--evaluator", type=click.Choice(["durable_rules", "python"]), default="durable_rules", hidden=True),
]


def _options(f: Any) -> Any:
    for opt in reversed(_common):
        f = opt(f)
    return f


@click.group("followup", cls=Group, context_settings={"max_content_width": 100})
def followup_group() -> None:
    pass


@followup_group.command("check")
@click.argument("log_file", metavar="LOG", type=click.Path(dir_okay=False))
@click.option("--as-of", "as_of", default=None)
@_options
def check_cmd(log_file: str, as_of: str | None, policy: str | None, fmt: str, lang: str | None, evaluator: str) -> None:
    language, when = lang or default_lang(), as_of_option(as_of)
    _run(log_file, policy, lambda log, profile, layout: api.render_followup(
        api.check_followup(log, profile, when, evaluator), fmt, language, layout), fmt, language)


@followup_group.command("due")
@click.argument("log_file", metavar="LOG", type=click.Path(dir_okay=False))
@click.option("--date", "day", callback=iso_date, metavar="DATE")
@_options
def due_cmd(log_file: str, day: date | None, policy: str | None, fmt: str, lang: str | None, evaluator: str) -> None:
    language = lang or default_lang()

    def one(log: Any, profile: Any, layout: Any) -> str:
        when = day or (log.as_of.astimezone(api.CHINA_TZ).date() if log.as_of else datetime.now(api.CHINA_TZ).date())
        return api.render_calls(api.call_list(log, when, profile, evaluator), fmt, language, layout)

    _run(log_file, policy, one, fmt, language)


__all__ = ["followup_group"]
