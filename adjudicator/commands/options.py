"""What every command shares: exit codes, the output language, the common options, one-line errors."""
from __future__ import annotations

import contextlib
import importlib
import os
import sys
import traceback
from datetime import date, datetime
from typing import Any, NoReturn

import click

import adjudicator as api

from .language import Command, Localized, current_language, message


def output_layout(err: bool = False) -> Any:
    """How a command's text goes out (stderr with `err`): the width of COLUMNS, else of the terminal, else 100
    columns when piped; colour for overdue items on a terminal or with FORCE_COLOR, never with NO_COLOR."""
    return api.layout_for(sys.stderr if err else sys.stdout)


def echo_laid_out(text: str, layout: Any, err: bool = False) -> None:
    """Text laid out for `layout`; its colour codes are kept when the layout wants colour (click would drop them
    from anything but a terminal, which FORCE_COLOR asks it not to)."""
    click.echo(text, err=err, color=layout.colour)


EXIT_OK, EXIT_FAULT, EXIT_INPUT = 0, 1, 2
EXIT_ENGINE_CRASHED = 3        # batch: some records killed a worker twice (their lines say "engine crashed")
EXIT_CLOSED_PIPE = 141         # stdout's reader went away (`| head`): 128 + SIGPIPE, as a shell reports it
EXIT_CHANGED = 4               # replay: some recorded decisions would change under the rule book replayed
EXIT_OVERDUE = 5               # complaint watch: some case has an overdue item


def default_lang() -> str:
    """The run's language when no --lang was given to the command itself: a --lang elsewhere on the command line,
    else ADJUDICATOR_LANG, else the locale (commands/language.py)."""
    return current_language()


def in_language(lang: str, zh: str, en: str) -> str:
    """A message of the command line in the user's language."""
    return zh if lang == "zh" else en


def end_on_closed_pipe() -> NoReturn:
    """stdout's reader has gone (`adjudicator rules list | head`): stop without a word, as a Unix tool killed by
    SIGPIPE would; stdout is pointed at /dev/null so that the interpreter's last flush does not complain."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_CLOSED_PIPE)


def as_of_prefix(lang: str) -> str:
    """How a message about --as-of starts in `lang`."""
    return "--as-of" + api.field_separator(lang)


def complaint_moment(value: str | None) -> datetime | None:
    """--as-of for complaints: a date-time (China time without a zone), or a date meaning the end of that day in
    China (23:59:59). ValueError names the option."""
    if value is None:
        return None
    try:
        moment = api.iso_moment(value)
    except ValueError:
        lang = default_lang()
        raise ValueError(as_of_prefix(lang) + message("not_a_moment", lang, value=value)) from None
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 23, 59, 59, tzinfo=api.CHINA_TZ)
    return moment


def as_of_option(value: str | None) -> datetime | None:
    """--as-of of a complaint or follow-up command (complaint_moment), refused as click refuses a bad option."""
    try:
        return complaint_moment(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix(as_of_prefix(default_lang())), param_hint="--as-of") from None


def iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return api.strict_date(value)
    except ValueError:
        raise click.BadParameter(message("not_a_date", default_lang(), value=value)) from None


# Help texts of the options are in the message catalogue (commands/catalogue.py), put in place for the language.
LANGUAGE = click.Choice(["zh", "en"])
LANG_OPTION = click.option("--lang", type=LANGUAGE, default=None)
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
                             show_default=True)

DETAIL_OPTION = click.option("--detail", type=click.Choice(api.DETAIL_LEVELS), default="full", show_default=True)


RECORD_OPTION = click.option("--record/--no-record", "record", default=None)
DB_OPTION = click.option("--db", "db", type=click.Path(dir_okay=False), default=None, metavar="PATH")


def record_options(f: Any) -> Any:
    return RECORD_OPTION(DB_OPTION(f))


def record_path(record: bool | None, db: str | None) -> str | None:
    """The record file to keep decisions in, or None when this run does not record."""
    if record is None:
        record = api.recording_by_default()
    if not record:
        return None
    return db or str(api.default_record_path())


def store_decisions(path: str, entries: list[Any], lang: str) -> None:
    """Keep decisions in the record before they are shown; exit 1 with the reason when it cannot be written."""
    try:
        with api.DecisionRecord(path) as kept:
            kept.append(entries)
    except api.RecordError as exc:
        fail(exc.text.get(lang), EXIT_FAULT)


def decide_files(kind: str, files: tuple[str, ...], decide: Any, options: dict[str, Any], keep: str | None,
                 detail: str, lang: str) -> tuple[list[tuple[str, Any]], list[Any], list[str]]:
    """The files of a check command, each decided by `decide(name) -> (text as given, decision)`, which raises
    InputError for a bad file. With `keep` every decision goes to the record first -- the full decision,
    whatever `detail` shows, since replay compares full ones. Returns (file, decision or error) in the order
    given, the decisions shown, and the error lines in `lang`."""
    results: list[tuple[str, Any]] = []
    entries = []
    for name in files:
        try:
            given, decision = decide(name)
        except api.InputError as exc:
            results.append((name, exc))
            continue
        if keep:
            entries.append(api.decision_entry(kind, name, given, decision, options))
        results.append((name, decision.brief() if detail == "brief" else decision))
    if entries:
        store_decisions(keep, entries, lang)  # type: ignore[arg-type]
    decisions = [r for _, r in results if not isinstance(r, api.InputError)]
    errors = [r.text(lang) for _, r in results if isinstance(r, api.InputError)]
    return results, decisions, errors


def db_path(db: str | None) -> str:
    return db or str(api.default_record_path())


def working_day_calendar(calendar: str | None, strict: bool, lang: str) -> Any:
    """The calendar of --calendar FILE and --strict-calendar; exit 2 naming the file when it cannot be read."""
    try:
        return api.make_calendar(calendar, strict)
    except OSError as exc:
        fail(message("calendar_file", lang, file=calendar, reason=api.os_error_text(exc).get(lang)), EXIT_INPUT)
    except Exception as exc:  # noqa: BLE001 - YAML, shape and date errors of the calendar file
        text = getattr(exc, "text", None)
        fail(message("calendar_unreadable", lang, detail=text.get(lang) if text is not None else exc), EXIT_INPUT)


def json_entries(results: list[tuple[str, Any]], lang: str) -> str:
    """The JSON of a command given several files: a list, one entry per file in the order given, each the shape
    of a batch line: {"record", "source", "ok": true, "decision"} or {"record", "source", "ok": false,
    "error": {"field", "message"}} for a file that could not be decided (an api.InputError)."""
    import json

    out = []
    for number, (source, result) in enumerate(results, 1):
        entry: dict[str, Any] = {"record": number, "source": source}
        if isinstance(result, api.InputError):
            message = result.bare(lang)
            entry |= {"ok": False, "error": {"field": result.field, "message": message}}
        else:
            entry |= {"ok": True, "decision": result.model_dump(mode="json")}
        out.append(entry)
    return json.dumps(out, ensure_ascii=False, indent=2)


def fail(message: str, code: int) -> None:
    click.echo(f"adjudicator: {message}", err=True)
    sys.exit(code)


def internal_fault(exc: BaseException) -> None:
    if os.environ.get("ADJUDICATOR_DEBUG"):
        traceback.print_exc()
    fail(message("internal_error", default_lang(), kind=type(exc).__name__, detail=exc), EXIT_FAULT)


class Group(Localized, click.Group):
    """Turns anything unexpected into exit 1 with one line, never a bare traceback. Subcommands listed in
    `lazy` are imported only when used, which keeps the start-up of the other commands fast."""

    lazy: dict[str, str] = {}
    command_class = Command
    group_class = type                  # a group's subgroups are of its own class

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # `adjudicator warranty --help --lang zh`: a group takes --lang too (read before parsing, see language.py)
        if not any(p.name == "lang" for p in self.params):
            click.option("--lang", type=LANGUAGE, default=None, expose_value=False)(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module, attr = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:
            end_on_closed_pipe()
        except api.RulebookError as exc:
            fail(message("broken_rules", default_lang(), detail=exc), EXIT_FAULT)
        except Exception as exc:  # noqa: BLE001 - the last line of defence of a command-line tool
            internal_fault(exc)


__all__ = ["EXIT_OK", "EXIT_FAULT", "EXIT_INPUT", "EXIT_ENGINE_CRASHED", "EXIT_CLOSED_PIPE", "EXIT_CHANGED",
           "EXIT_OVERDUE",
           "record_options", "record_path", "db_path", "store_decisions", "decide_files", "DB_OPTION", "complaint_moment", "as_of_prefix", "as_of_option",
           "end_on_closed_pipe", "in_language", "default_lang", "iso_date", "LANG_OPTION", "FORMAT_OPTION", "DETAIL_OPTION",
           "fail", "internal_fault", "api", "output_layout", "echo_laid_out", "Group", "Command", "message",
           "working_day_calendar", "json_entries"]
