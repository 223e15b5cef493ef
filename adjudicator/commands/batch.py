"""`adjudicator batch`: many records, in parallel, one JSON line each, in input order."""
from __future__ import annotations

import os
import signal
import sys
from collections import Counter
from typing import Any

import click

from .options import (
    DETAIL_OPTION,
    EXIT_ENGINE_CRASHED,
    EXIT_FAULT,
    EXIT_INPUT,
    LANG_OPTION,
    api,
    complaint_moment,
    default_lang,
    echo_laid_out,
    end_on_closed_pipe,
    fail,
    in_language,
    output_layout,
    record_options,
    record_path,
    working_day_calendar,
)


def _print_csv_columns(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    layout = output_layout()          # below 100 columns the Chinese headers go under the column name
    intro = ("One row per repair item (CSV in UTF-8, GB18030/GBK or UTF-16, or the first sheet of an .xlsx); rows "
             "with the same vin make one history, rows with the same visit_id one visit.\nVehicle, purchase, "
             "certificate and claim columns repeat on every row of a vin; each different consumable_*, defect_* or "
             "incident_* entry on any row is one entry.\nA column is found by its name or by any of its Chinese headers; "
             "--columns FILE maps other headers.\n")
    click.echo("\n".join(api.wrap_paragraph(line, layout.width) for line in intro.split("\n")))
    rows = [(name, " / ".join(api.CSV_CHINESE_HEADERS.get(name, ())), meaning)
            for name, meaning in api.CSV_COLUMNS.items()]
    echo_laid_out(api.layout_table(api.TextTable(["column", "Chinese headers", "meaning"], rows, {1: 0},
                                                 style="simple"), layout), layout)
    ctx.exit(0)


@click.command("batch")
@click.argument("source", metavar="INPUT")
@click.option("--csv-columns", is_flag=True, expose_value=False, is_eager=True, callback=_print_csv_columns,
              help="List the columns of the CSV input and exit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              show_default=True, help="Where the JSONL goes (one line per input record, in input order).")
@click.option("--resume", is_flag=True,
              help="Continue a run from the last complete line of the existing --output file.")
@click.option("--kind", type=click.Choice(["warranty", "complaint", "followup"]), default="warranty",
              show_default=True, help="warranty histories, complaint cases, or CRM logs (one dealer's log a record)")
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None,
              help="Worker processes [default: the CPUs this process may use].")
@click.option("--as-of", metavar="DATE", help="Decide every record as of this date (complaints: a date means the "
                                              "end of that day, 23:59:59 China time; or give a date-time).")
@click.option("--evaluator", type=click.Choice(["durable_rules", "python"]), default="durable_rules",
              show_default=True)
@click.option("--regulation", type=click.Choice(["2013", "2021"]),
              help="warranty: force a version [default: chosen by each invoice date].")
@click.option("--policy", default=None, help="complaint or followup: a policy profile, a built-in id or a "
                                             "YAML/JSON file [default: default].")
@click.option("--calendar", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="YAML/JSON file of holidays and make-up working days for years the calendar lacks.")
@click.option("--strict-calendar", is_flag=True, help="A deadline in a year the calendar does not cover is that "
                                                     "record's error, not a warning.")
@click.option("--encoding", metavar="NAME", help="Encoding of a CSV input [default: detected: UTF-8 with or without "
                                                 "BOM, GB18030/GBK, UTF-16 with BOM].")
@click.option("--sheet", metavar="NAME", help="The sheet of an .xlsx input [default: the first].")
@click.option("--columns", "columns_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="YAML or JSON mapping of a dealer system's own headers to the columns ({工单编号: visit_id}).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with rate and ETA on stderr [default: only when stderr is a terminal].")
@LANG_OPTION
@DETAIL_OPTION
@record_options
def batch(source: str, output: str, resume: bool, kind: str, workers: int | None, as_of: str | None,
          evaluator: str, regulation: str | None, policy: str | None, calendar: str | None, strict_calendar: bool,
          encoding: str | None, sheet: str | None, columns_file: str | None, progress: bool | None,
          lang: str | None, detail: str, record: bool | None, db: str | None) -> None:
    """Decide many records: INPUT is a JSONL file, a JSON array, a folder of files, '-' (stdin: JSONL, a JSON
    array, a CSV export or an .xlsx workbook) or a dealer export (.csv or .xlsx) with one row per repair item
    (grouped by VIN; `adjudicator batch --csv-columns` lists the columns and their Chinese headers). JSONL or one
    document is told by the content, not by the name.

    Writes exactly one JSON line per input record, in input order: {"record", "source", "ok", "decision"} or
    {"record", "source", "ok": false, "error": {"field", "message"}}. A bad record never stops the run, nor does
    a record that crashes the engine (it is retried once in a fresh worker, then reported). The output file is
    written beside itself and put in place at the end; it is never one of the inputs. A summary table goes to
    stderr.

    \b
    Exit codes: 0 every record decided; 2 some records were bad input, or the input or output could not be used
    (disk full, no permission: the complete lines written are kept, --resume continues); 1 some records met an
    internal error; 3 some records crashed the engine twice; 130 / 143 interrupted by SIGINT / SIGTERM (the output
    holds every record completed, each line whole); 141 the reader of stdout went away.

    With --record (or ADJUDICATOR_RECORD=1) each decision is kept in the decision record, one transaction per
    chunk of lines, stored before the lines are written: every line written out is in the record.
    """
    language = lang or default_lang()
    stop = api.process_stop_flag()
    stop.exit_at_once = False
    if stop.set:                                         # interrupted while starting: nothing decided yet
        _report(api.BatchResult(0, Counter(), interrupted=True, signal=stop.signal), language, output, 0)
    moment = _moment(as_of, kind, language)
    options = _decision_options(kind, evaluator, regulation, policy, calendar, strict_calendar, language)
    if detail != "full":
        if kind == "followup":
            fail(in_language(language, "--detail 只用于保修与投诉裁决", "--detail is for warranty and complaint "
                                                                  "decisions only"), EXIT_INPUT)
        options["detail"] = detail
    if resume and output == "-":
        fail(in_language(language, "--resume 需要 -o 输出文件", "--resume needs an output file (-o FILE)"),
             EXIT_INPUT)
    workers = workers or api.default_workers()
    keep = record_path(record, db)
    if keep and kind == "followup":
        fail(in_language(language, "--record 只用于保修与投诉裁决", "--record keeps warranty and complaint decisions "
                                                            "only"), EXIT_INPUT)
    kept_record = None
    try:
        if keep:
            kept_record = api.DecisionRecord(keep)
    except api.RecordError as exc:
        fail(exc.text.get(language), EXIT_FAULT)
    try:
        sink: Any = sys.stdout
        kept = None
        records = api.records_of(source, kind, encoding=encoding, sheet=sheet, columns=columns_file)
        if output != "-":
            api.refuse_output_over_input(output, source)
            if resume and os.path.exists(output):
                kept = api.completed_lines(output)
                records = api.skip_completed(records, kept, output)
            sink = api.OutputFile(output, keep=kept)
    except api.InputError as exc:
        fail(exc.text(language), EXIT_INPUT)
    except OSError as exc:
        fail(_cannot_write(output, exc, language), EXIT_INPUT)
    before = kept.lines if kept else 0
    bar = None
    if sys.stderr.isatty() if progress is None else progress:
        from tqdm import tqdm

        total = api.count_records(source)
        bar = tqdm(total=None if total is None else total - before, unit=" records", file=sys.stderr,
                   dynamic_ncols=True, smoothing=0.1)
    try:
        result = api.run_batch(records, sink, kind=kind, workers=workers, as_of=moment,
                               options=options, progress=bar, lang=language, stop=stop,
                               record=None if kept_record is None else (api.batch_entry, kept_record.append))
    finally:
        if kept_record is not None:
            kept_record.close()
        if bar is not None:
            bar.close()
        if sink is not sys.stdout:
            try:
                sink.close()                             # the complete lines take the output's place
            except OSError as exc:
                fail(_cannot_write(output, exc, language) + in_language(
                    language, f"；已完成的行留在 {sink.partial}", f"; the complete lines are in {sink.partial}"),
                     EXIT_INPUT)
    _report(result, language, output, before)


def _decision_options(kind: str, evaluator: str, regulation: str | None, policy: str | None, calendar: str | None,
                      strict_calendar: bool, lang: str) -> dict[str, Any]:
    """The options every record is decided with, each checked here, before any worker starts: exit 2 naming the
    option when it does not fit the kind or cannot be read."""
    if regulation is not None and kind != "warranty":
        fail(in_language(lang, "--regulation 只用于保修裁决（--kind warranty）",
                         "--regulation is for warranty decisions (--kind warranty) only"), EXIT_INPUT)
    if policy is not None and kind == "warranty":
        fail(in_language(lang, "--policy 只用于投诉与回访（--kind complaint 或 followup）；保修按法规裁决",
                         "--policy is for --kind complaint or followup; warranty decides by the regulation"),
             EXIT_INPUT)
    options: dict[str, Any] = {"evaluator": evaluator}
    if regulation is not None:
        options["regulation"] = regulation
    if policy is not None:
        try:
            (api.resolve_policy if kind == "complaint" else api.resolve_followup_policy)(policy)
        except (api.PolicyError, api.FollowupPolicyError) as exc:
            fail(f"--policy: {exc.get(lang)}", EXIT_INPUT)
        options["policy"] = os.path.abspath(policy) if os.path.isfile(policy) else policy
    if calendar is not None:
        working_day_calendar(calendar, strict_calendar, lang)          # read here: a bad file stops the run
        options["calendar"] = os.path.abspath(calendar)
    if strict_calendar:
        options["strict_calendar"] = True
    return options


def _moment(value: str | None, kind: str, lang: str) -> Any:
    if value is None:
        return None
    if kind in ("complaint", "followup"):
        try:
            return complaint_moment(value)
        except ValueError as exc:
            fail(str(exc), EXIT_INPUT)
    try:
        return api.strict_date(value)
    except ValueError:
        fail(in_language(lang, f"--as-of：{value!r} 不是日期（YYYY-MM-DD）", f"--as-of: {value!r} is not a date "
                                                                             f"(YYYY-MM-DD)"), EXIT_INPUT)


def _cannot_write(output: str, exc: OSError, lang: str) -> str:
    reason = api.os_error_text(exc).get(lang)
    return in_language(lang, f"无法写入 {output}：{reason}", f"cannot write {output}: {reason}")


def _report(result: Any, lang: str, output: str, before: int) -> None:
    """The summary table on stderr, then the exit code that says how the run ended."""
    error = result.write_error
    if isinstance(error, BrokenPipeError) and output == "-":
        end_on_closed_pipe()
    rows = [["records", result.records]] + [[key, count] for key, count in sorted(result.summary.items())]
    if result.recorded:
        rows.append(["recorded", result.recorded])
    layout = output_layout(err=True)
    echo_laid_out(api.layout_table(api.TextTable(["outcome", "count"], [[str(c) for c in r] for r in rows],
                                                 style="simple"), layout), layout, err=True)
    complete = before + result.records
    if before:
        click.echo(in_language(lang, f"续跑：前 {before} 行保留自上次运行", f"resumed: the first {before} lines are "
                                                                     f"kept from the earlier run"), err=True)
    if error is not None:
        where = "stdout" if output == "-" else output
        span = f" (1–{complete})" if complete else ""
        fail(_cannot_write(where, error, lang) + in_language(
            lang, f"；已写入 {complete} 行完整记录{span}，可用 --resume 续跑",
            f"; {complete} complete lines written{span}; --resume continues"), EXIT_INPUT)
    if result.record_error is not None:
        text = getattr(result.record_error, "text", None)
        reason = text.get(lang) if text is not None else str(result.record_error)
        fail(reason + in_language(lang, f"；已写入 {complete} 行完整记录，均已记录",
                                  f"; {complete} complete lines written, every one of them recorded"), EXIT_INPUT)
    if result.interrupted:
        name = signal.Signals(result.signal).name if result.signal else "signal"
        click.echo(in_language(lang, f"已中断（{name}）：{complete} 条记录已完成并写出",
                               f"interrupted ({name}): {complete} records completed and written"), err=True)
        sys.exit(128 + (result.signal or signal.SIGINT))
    if result.summary.get("engine_crashed"):
        sys.exit(EXIT_ENGINE_CRASHED)
    if result.summary.get("internal_error"):
        sys.exit(EXIT_FAULT)
    if result.summary.get("error"):
        sys.exit(EXIT_INPUT)
