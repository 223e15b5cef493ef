"""`adjudicator record verify|export`, `adjudicator history`, `adjudicator replay`: the decision record.

Exit codes: 0 done (verify: the record is intact; replay: nothing would change); 1 verify: the record was changed
or cut, or an internal fault; 2 bad input (no such record file, a bad option); 4 replay: some decisions would
change (so a rule book change can be checked in CI).
"""
from __future__ import annotations

import sys

import click

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
    """The decision record: check its hash chain, export it (whole or redacted for sharing)."""


@record_group.command("verify")
@DB_OPTION
@_FORMAT
@LANG_OPTION
def verify_cmd(db: str | None, fmt: str, lang: str | None) -> None:
    """Recompute the hash chain from the first entry: any changed or deleted entry is named (exit 1)."""
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
@click.option("--redact", is_flag=True, help="Mask VINs (the maker code stays) and drop free text (notes, "
                                             "descriptions, who did it), for sharing.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True)
@LANG_OPTION
def export_cmd(db: str | None, redact: bool, output: str, lang: str | None) -> None:
    """Every entry as one JSON line, oldest first."""
    language = lang or default_lang()
    try:
        lines = api.export_entries(db_path(db), redacted=redact)
        out = sys.stdout if output == "-" else open(output, "x", encoding="utf-8")   # never over an existing file
    except api.RecordError as exc:
        fail(exc.text.get(language), EXIT_INPUT)
    except OSError as exc:
        fail(f"{output}: {api.os_error_text(exc).get(language)}", EXIT_INPUT)
    try:
        for line in lines:
            out.write(line + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


@click.command("history")
@click.argument("subject", metavar="VIN|CASE-ID")
@DB_OPTION
@_FORMAT
@LANG_OPTION
def history_cmd(subject: str, db: str | None, fmt: str, lang: str | None) -> None:
    """Every recorded decision for a car (VIN) or a complaint case (id), newest first, with what changed from
    the decision before each: remedies gained or lost, the verdict on the request, deadlines, rules fired."""
    language = lang or default_lang()
    try:
        steps = api.decision_history(db_path(db), subject)
    except api.RecordError as exc:
        fail(exc.text.get(language), EXIT_INPUT)
    click.echo(api.render_history(subject, steps, fmt, language, output_layout()))


@click.command("replay")
@click.option("--since", callback=iso_date, metavar="DATE", help="Only decisions whose as-of date is DATE or later.")
@click.option("--rules", type=click.Path(file_okay=False), metavar="DIR",
              help="A candidate rule book folder, laid out like rules/ [default: the rule book in force].")
@click.option("--policy", metavar="FILE|ID", help="Complaints: re-decide under this policy profile instead of "
                                                  "the one each case was decided with.")
@click.option("--as-of", metavar="DATE", help="Re-decide as of this date (complaints: date-time, or a date: its "
                                              "end) [default: the as-of each decision was made for].")
@click.option("--kind", type=click.Choice(["warranty", "complaint"]), default=None, help="Only one kind.")
@click.option("--every", is_flag=True, help="Every recorded decision, not only the latest of each car or case.")
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None,
              help="Worker processes [default: the CPUs this process may use].")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr [default: only when stderr is a terminal].")
@DB_OPTION
@_FORMAT
@LANG_OPTION
def replay_cmd(since: object, rules: str | None, policy: str | None, as_of: str | None, kind: str | None,
               every: bool, workers: int | None, progress: bool | None, db: str | None, fmt: str,
               lang: str | None) -> None:
    """Re-decide the recorded inputs (the latest decision of each car and case) under the current or a
    candidate rule book and report, per case, what would change: remedies gained or lost, the verdict on the
    request, deadlines moved, rules newly fired or no longer fired; then a table by rule and by remedy.

    \b
    Exit codes: 0 nothing would change; 4 some decisions would change; 2 bad input (no record, a broken
    candidate rule book, a bad option); 1 an internal fault.
    """
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
