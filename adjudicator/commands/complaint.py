"""`adjudicator complaint check|watch`: the complaint half of the command line.

Exit codes: 0 a decision was made; 2 bad input (one message naming the file and the field or line); 1 an internal
fault. Registered lazily by the command group in adjudicator/commands/main.py.
"""
from __future__ import annotations

import os
import sys
from datetime import datetime
from typing import Any

import click

from .language import message
from .options import (
    DETAIL_OPTION,
    EXIT_INPUT,
    EXIT_OVERDUE,
    Group,
    api,
    complaint_moment,
    decide_files,
    default_lang,
    echo_laid_out,
    end_on_closed_pipe,
    fail,
    internal_fault,
    json_entries,
    output_layout,
    record_options,
    record_path,
    working_day_calendar,
)

_FORMATS = click.Choice(["table", "json", "markdown"])
_LANGS = click.Choice(["zh", "en"])


class _Bad(Exception):
    def __init__(self, message: str):
        self.message = message


def _as_of(value: str | None) -> datetime | None:
    try:
        return complaint_moment(value)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _setup(policy: str | None, calendar: str | None, strict: bool, lang: str) -> tuple[Any, Any]:
    try:
        profile = api.resolve_policy(policy)
    except api.PolicyError as exc:
        raise _Bad(exc.get(lang)) from None
    return profile, working_day_calendar(calendar, strict, lang)


def _complaint(data: Any, source: str) -> Any:
    return api.complaint_from(data, source)


def _check_one(c: Any, source: str, profile: Any, cal: Any, as_of: datetime | None, evaluator: str) -> Any:
    try:
        return api.check_complaint(c, profile, as_of, evaluator=evaluator, calendar=cal)  # type: ignore[arg-type]
    except api.CalendarNotCovered as exc:
        raise api.InputError(source, str(exc), "calendar") from None
    except api.InputError as exc:      # the case checked again at --as-of: named by its file, not "complaint"
        raise api.InputError(source, exc.localized or exc.message, exc.field) from None
    except ValueError as exc:
        field, said = api.check_problem(exc)
        raise api.InputError(source, said, field) from None


def _run(fn: Any) -> None:
    """The warranty commands' conventions: exit 2 with one line naming file and field, 1 for an internal fault."""
    try:
        fn()
    except api.InputError as exc:
        fail(exc.text(default_lang()), EXIT_INPUT)
    except _Bad as exc:
        fail(exc.message, EXIT_INPUT)
    except SystemExit:
        raise
    except BrokenPipeError:
        end_on_closed_pipe()
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a command-line tool
        internal_fault(exc)


_common = [
    click.option("--as-of", "as_of", default=None),
    click.option("--policy", default=None),
    click.option("--calendar", default=None, type=click.Path(dir_okay=False)),
    click.option("--strict-calendar", is_flag=True),
    click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True),
    click.option("--lang", type=_LANGS, default=None),
    click.option("--evaluator", type=click.Choice(["durable_rules", "python"]), default="durable_rules",
                 hidden=True),
]


def _options(f: Any) -> Any:
    for opt in reversed(_common):
        f = opt(f)
    return f


@click.group("complaint", cls=Group, context_settings={"max_content_width": 100})
def complaint_group() -> None:
    pass


@complaint_group.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_options
@DETAIL_OPTION
@record_options
def check_cmd(files: tuple[str, ...], as_of: str | None, policy: str | None, calendar: str | None,
              strict_calendar: bool, fmt: str, lang: str, evaluator: str, detail: str, record: bool | None,
              db: str | None) -> None:
    language = lang or default_lang()

    def go() -> None:
        when = _as_of(as_of)
        profile, cal = _setup(policy, calendar, strict_calendar, language)
        keep = record_path(record, db)
        options = {"as_of": as_of, "evaluator": evaluator, "strict_calendar": strict_calendar or None,
                   "policy": policy and (os.path.abspath(policy) if os.path.isfile(policy) else policy),
                   "calendar": calendar and os.path.abspath(calendar)}

        def decide(name: str) -> tuple[str, Any]:
            data, given = api.read_file_as_given(name)
            return given, _check_one(_complaint(data, name), name, profile, cal, when, evaluator)

        results, decisions, errors = decide_files("complaint", files, decide, options, keep, detail, language)
        if fmt == "json" and len(files) > 1:
            click.echo(json_entries(results, language))
        elif decisions:
            layout = output_layout()
            echo_laid_out("\n\n".join(api.render_complaint(d, fmt, language, layout) for d in decisions), layout)
        if errors:
            raise _Bad("\n".join(errors))

    _run(go)


@complaint_group.command("watch")
@click.argument("source", type=str)
@_options
def watch_cmd(source: str, as_of: str | None, policy: str | None, calendar: str | None, strict_calendar: bool,
              fmt: str, lang: str, evaluator: str) -> None:
    language = lang or default_lang()

    def go() -> None:
        when = _as_of(as_of) or datetime.now(api.CHINA_TZ).replace(microsecond=0)
        profile, cal = _setup(policy, calendar, strict_calendar, language)
        name = "<stdin>" if source == "-" else source
        try:
            text = api.read_bounded(source).decode("utf-8-sig")
        except api.ReadError as exc:
            raise _Bad(f"{name}{api.field_separator(language)}{exc.text.get(language)}") from None
        except OSError as exc:
            raise _Bad(f"{name}{api.field_separator(language)}{api.os_error_text(exc).get(language)}") from None
        except UnicodeDecodeError as exc:
            raise _Bad(name + api.field_separator(language) + message("not_utf8", language, reason=exc.reason, byte=exc.start)) from None
        decisions, errors = [], []
        # lines end at "\n" only (a "\r\n" ending loses its "\r"): U+2028 or U+0085 inside a case is text
        for n, line in enumerate(text.split("\n"), 1):
            line = line.removesuffix("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = message("line_of", language, name=name, line=n)
            try:
                c = _complaint(api.parse_data(line, where, json_only=True), where)
                decisions.append(_check_one(c, where, profile, cal, when, evaluator))
            except api.InputError as exc:         # one bad line must not hide the other cases
                errors.append(exc.text(language))
        decisions.sort(key=api.urgency_key)
        layout = output_layout()
        echo_laid_out(api.render_watch(decisions, language, fmt, when, layout), layout)
        if errors:
            raise _Bad(message("lines_skipped", language, count=len(errors)) + "\n" + "\n".join(errors))
        if any(d.urgency == "overdue" for d in decisions):
            sys.exit(EXIT_OVERDUE)

    _run(go)


__all__ = ["complaint_group"]
