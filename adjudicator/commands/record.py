"""`adjudicator record verify|export`, `adjudicator history`, `adjudicator replay`: the decision record.

Exit codes: 0 done (verify: the record is intact; replay: nothing would change); 1 verify: the record was changed
or cut, or an internal fault; 2 bad input (no such record file, a bad option); 4 replay: some decisions would
change (so a rule book change can be checked in CI).
"""
from __future__ import annotations

import sys

import click

from .language import Command
from .options import (
    DB_OPTION,
    EXIT_CHANGED,
    EXIT_FAULT,
    EXIT_INPUT,
    LANG_OPTION,
    Group,
    api,
    db_path,
    default_lang,
    fail,
    iso_date,
    output_layout,
)

_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


@click.group("record", cls=Group)
def record_group() -> None:
    pass


@record_group.command("verify")
@DB_OPTION
@_FORMAT
@LANG_OPTION
def verify_cmd(db: str | None, fmt: str, lang: str | None) -> None:
    language = lang or default_lang()
    path = db_path(db)
    try:
        with api.DecisionRecord(path, create=False) as kept:
            result = kept.verify()
    except api.RecordError as exc:
        fail(exc.text.get(language), EXIT_INPUT)
    click.echo(api.render_verification(path, result, fmt, language))
    if not result.ok:
        sys.exit(EXIT_FAULT)


@record_group.command("export")
@DB_OPTION
@click.option("--redact", is_flag=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True)
@LANG_OPTION
def export_cmd(db: str | None, redact: bool, output: str, lang: str | None) -> None:
    language = lang or default_lang()
    try:
        lines = api.export_entries(db_path(db), redacted=redact)
        out = sys.stdout if output == "-" else open(output, "x", encoding="utf-8")   # never over an existing file
    except api.RecordError as exc:
        fail(exc.text.get(language), EXIT_INPUT)
    except OSError as exc:
        fail(f"{output}{api.field_separator(language)}{api.os_error_text(exc).get(language)}", EXIT_INPUT)
    try:
        for line in lines:
            out.write(line + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


@click.command("history", cls=Command)
@click.argument("subject", metavar="VIN|CASE-ID")
@DB_OPTION
@_FORMAT
@LANG_OPTION
def history_cmd(subject: str, db: str | None, fmt: str, lang: str | None) -> None:
    language = lang or default_lang()
    try:
        steps = api.decision_history(db_path(db), subject)
    except api.RecordError as exc:
        fail(exc.text.get(language), EXIT_INPUT)
    click.echo(api.render_history(subject, steps, fmt, language, output_layout()))


@click.command("replay", cls=Command)
@click.option("--since", callback=iso_date, metavar="DATE")
@click.option("--rules", type=click.Path(file_okay=False), metavar="DIR")
@click.option("--policy", metavar="FILE|ID")
@click.option("--as-of", metavar="DATE")
@click.option("--kind", type=click.Choice(["warranty", "complaint"]), default=None)
@click.option("--every", is_flag=True)
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None)
@click.option("--progress/--no-progress", default=None)
@DB_OPTION
@_FORMAT
@LANG_OPTION
def replay_cmd(since: object, rules: str | None, policy: str | None, as_of: str | None, kind: str | None,
               every: bool, workers: int | None, progress: bool | None, db: str | None, fmt: str,
               lang: str | None) -> None:
    language = lang or default_lang()
    bar = None
    if sys.stderr.isatty() if progress is None else progress:
        from tqdm import tqdm

        bar = tqdm(unit=" decisions", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
    stop = api.process_stop_flag()
    try:
        report = api.replay(db_path(db), since=since, rules=rules, policy=policy, as_of=as_of, kind=kind,
                            every=every, workers=workers or api.default_workers(), progress=bar, stop=stop)
    except api.ReplayError as exc:
        fail(exc.text.get(language), EXIT_INPUT)
    finally:
        if bar is not None:
            bar.close()
    click.echo(api.render_replay(report, fmt, language, output_layout()))
    if report.interrupted:
        sys.exit(128 + (stop.signal or 2))
    if report.changed:
        sys.exit(EXIT_CHANGED)


__all__ = ["record_group", "history_cmd", "replay_cmd"]
