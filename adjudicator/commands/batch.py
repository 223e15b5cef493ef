"""`adjudicator batch`: many records, in parallel, one JSON line each, in input order."""
from __future__ import annotations

import os
import signal
import sys
from collections import Counter
from typing import Any

import click

from .language import Command, message
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
    lang = default_lang()
    layout = output_layout()          # below 100 columns the Chinese headers go under the column name
    intro = message("csv_columns_intro", lang)
    click.echo("\n".join(api.wrap_paragraph(line, layout.width) for line in intro.split("\n")))
    rows = [(name, " / ".join(api.CSV_CHINESE_HEADERS.get(name, ())), meaning)
            for name, meaning in api.CSV_COLUMNS.items()]
    heads = [message(key, lang) for key in ("csv_column", "csv_headers", "csv_meaning")]
    echo_laid_out(api.layout_table(api.TextTable(heads, rows, {1: 0}, style="simple"), layout), layout)
    ctx.exit(0)


@click.command("batch", cls=Command)
@click.argument("source", metavar="INPUT")
@click.option("--csv-columns", is_flag=True, expose_value=False, is_eager=True, callback=_print_csv_columns)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              show_default=True)
@click.option("--resume", is_flag=True)
@click.option("--kind", type=click.Choice(["warranty", "complaint", "followup"]), default="warranty",
              show_default=True)
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None)
@click.option("--as-of", metavar="DATE")
@click.option("--evaluator", type=click.Choice(["durable_rules", "python"]), default="durable_rules",
              show_default=True)
@click.option("--regulation", type=click.Choice(["2013", "2021"]))
@click.option("--policy", default=None)
@click.option("--calendar", type=click.Path(dir_okay=False), default=None, metavar="FILE")
@click.option("--strict-calendar", is_flag=True)
@click.option("--encoding", metavar="NAME")
@click.option("--sheet", metavar="NAME")
@click.option("--columns", "columns_file", type=click.Path(dir_okay=False), metavar="FILE")
@click.option("--progress/--no-progress", default=None)
@LANG_OPTION
@DETAIL_OPTION
@record_options
def batch(source: str, output: str, resume: bool, kind: str, workers: int | None, as_of: str | None,
          evaluator: str, regulation: str | None, policy: str | None, calendar: str | None, strict_calendar: bool,
          encoding: str | None, sheet: str | None, columns_file: str | None, progress: bool | None,
          lang: str | None, detail: str, record: bool | None, db: str | None) -> None:
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
            fail(f"--policy{api.field_separator(lang)}{exc.get(lang)}", EXIT_INPUT)
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
        fail("--as-of" + api.field_separator(lang) + message("not_a_date", lang, value=value), EXIT_INPUT)


def _cannot_write(output: str, exc: OSError, lang: str) -> str:
    reason = api.os_error_text(exc).get(lang)
    return in_language(lang, f"无法写入 {output}：{reason}", f"cannot write {output}: {reason}")


def _outcome(key: str, lang: str) -> str:
    """A row of the summary: in English the outcome's key as the batch counts it, in Chinese its name."""
    code = key.removeprefix("remedy:")
    if code != key and code in api.REMEDY:
        return message("outcome_remedy", lang, code=code, name=api.REMEDY.zh(code))
    return message(f"outcome_{key.replace(':', '_')}", lang)


def _report(result: Any, lang: str, output: str, before: int) -> None:
    """The summary table on stderr, then the exit code that says how the run ended."""
    error = result.write_error
    if isinstance(error, BrokenPipeError) and output == "-":
        end_on_closed_pipe()
    rows = [[message("outcome_records", lang), result.records]] + [
        [_outcome(key, lang), count] for key, count in sorted(result.summary.items())]
    if result.recorded:
        rows.append([message("outcome_recorded", lang), result.recorded])
    layout = output_layout(err=True)
    heads = [message("summary_outcome", lang), message("summary_count", lang)]
    echo_laid_out(api.layout_table(api.TextTable(heads, [[str(c) for c in r] for r in rows],
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
