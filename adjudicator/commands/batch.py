"""`adjudicator batch`: many records, in parallel, one JSON line each, in input order."""
from __future__ import annotations

import sys
from datetime import date

import click

from .options import (
    EXIT_FAULT,
    EXIT_INPUT,
    api,
    fail,
    iso_date,
    tabulate,
)


def _print_csv_columns(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo("One row per repair item; rows with the same vin make one history, rows with the same visit_id one "
               "visit.\nVehicle, purchase, certificate and claim columns repeat on every row of a vin.\n")
    click.echo(tabulate(list(api.CSV_COLUMNS.items()), headers=["column", "meaning"], tablefmt="simple"))
    ctx.exit(0)


@click.command("batch")
@click.argument("source", metavar="INPUT")
@click.option("--csv-columns", is_flag=True, expose_value=False, is_eager=True, callback=_print_csv_columns,
              help="List the columns of the CSV input and exit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              show_default=True, help="Where the JSONL goes (one line per input record, in input order).")
@click.option("--kind", type=click.Choice(["warranty", "complaint"]), default="warranty", show_default=True)
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None,
              help="Worker processes [default: the CPUs this process may use].")
@click.option("--as-of", callback=iso_date, metavar="DATE", help="Decide every record as of this date.")
@click.option("--evaluator", type=click.Choice(["durable_rules", "python"]), default="durable_rules",
              show_default=True)
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with rate and ETA on stderr [default: only when stderr is a terminal].")
def batch(source: str, output: str, kind: str, workers: int | None, as_of: date | None, evaluator: str,
          progress: bool | None) -> None:
    """Decide many records: INPUT is a JSONL file, a JSON array, a folder of files, '-' (stdin, JSONL or a
    JSON array) or a CSV export with one row per repair item (grouped by VIN; `adjudicator batch --csv-columns`
    lists the columns).

    Writes exactly one JSON line per input record, in input order: {"record", "source", "ok", "decision"} or
    {"record", "source", "ok": false, "error": {"field", "message"}}. A bad record never stops the run. A summary
    table (records, decisions by remedy or closure, errors) goes to stderr. Interrupted with Ctrl-C, the output
    holds every record completed so far (exit 130). Exit 0 when every record was decided, 2 when some records
    were bad input.
    """
    workers = workers or api.default_workers()
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=api.count_records(source), unit=" records", file=sys.stderr, dynamic_ncols=True,
                   smoothing=0.1)
    options = {"evaluator": evaluator}
    try:
        records = api.records_of(source, kind)
        sink = click.open_file(output, "w", encoding="utf-8", lazy=False, atomic=False)
        with sink as out:
            result = api.run_batch(records, out, kind=kind, workers=workers, as_of=as_of, options=options, progress=bar)
    except api.InputError as exc:
        fail(str(exc), EXIT_INPUT)
    finally:
        if bar is not None:
            bar.close()
    rows = [["records", result.records]] + [[key, count] for key, count in sorted(result.summary.items())]
    click.echo(tabulate(rows, headers=["outcome", "count"], tablefmt="simple", disable_numparse=True), err=True)
    if result.interrupted:
        click.echo(f"interrupted: {result.records} records completed and written", err=True)
        sys.exit(130)
    if result.summary.get("internal_error"):
        sys.exit(EXIT_FAULT)
    if result.summary.get("error"):
        sys.exit(EXIT_INPUT)
