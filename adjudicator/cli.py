"""The `adjudicator` command line. It parses arguments, calls the library and renders; nothing else.

Exit codes: 0 a decision was made; 2 bad input (one message naming the file and the field); 1 internal fault.
"""
from __future__ import annotations

import importlib
import json
import locale
import os
import re
import sys
import traceback
from datetime import date
from importlib import resources
from typing import Any

import click

from .io import InputError, load_history
from .rulebook import RulebookError, compiled_warranty, load_warranty_rulebook


def tabulate(*args: Any, **kwargs: Any) -> str:
    """tabulate, imported on first use (with wcwidth it costs ~80 ms, which JSON output does not need)."""
    from tabulate import tabulate as _tabulate

    return _tabulate(*args, **kwargs)

EXIT_OK, EXIT_FAULT, EXIT_INPUT = 0, 1, 2


def default_lang() -> str:
    """zh when the locale says Chinese, otherwise en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


LANG_OPTION = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                           help="Language of the output [default: from the locale: zh for a Chinese locale, else en].")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
                             show_default=True, help="table: one screen per decision; json: for other systems; "
                                                     "markdown: for reports.")


def fail(message: str, code: int) -> None:
    click.echo(f"adjudicator: {message}", err=True)
    sys.exit(code)


def internal_fault(exc: BaseException) -> None:
    if os.environ.get("ADJUDICATOR_DEBUG"):
        traceback.print_exc()
    fail(f"internal error ({type(exc).__name__}: {exc}); set ADJUDICATOR_DEBUG=1 for the traceback", EXIT_FAULT)


class Group(click.Group):
    """Turns anything unexpected into exit 1 with one line, never a bare traceback. Subcommands listed in
    `lazy` are imported only when used, which keeps the start-up of the other commands fast."""

    lazy: dict[str, str] = {}

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
        except RulebookError as exc:
            fail(f"rule files are broken: {exc}", EXIT_FAULT)
        except Exception as exc:  # noqa: BLE001 - the last line of defence of a command-line tool
            internal_fault(exc)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="adjudicator")
def cli() -> None:
    """Adjudicate car after-sales cases in China against the rule book, with cited reasons.

    \b
    adjudicator warranty check car.json         three-guarantee (三包) decision for one car
    adjudicator complaint check case.json       may it close, deadlines, escalation, next actions
    adjudicator complaint watch cases.jsonl     every open complaint, most urgent first
    adjudicator batch cars.jsonl -o out.jsonl   many records, in parallel, one JSON line each
    adjudicator rules list                       the rules, their articles and versions
    adjudicator rules show w2021.same_problem_repeat
    adjudicator schema warranty-input            JSON Schema of the input
    """


# ---------------------------------------------------------------- warranty


@cli.group(cls=Group)
def warranty() -> None:
    """Household-car three-guarantee regulation (2013 and 2021 versions)."""


@warranty.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--as-of", callback=_iso_date, metavar="DATE",
              help="Decide as of this date instead of claim.date (visits after it are ignored).")
@click.option("--regulation", type=click.Choice(["2013", "2021"]),
              help="Force a version [default: chosen by the invoice date].")
@FORMAT_OPTION
@LANG_OPTION
@click.option("--evaluator", type=click.Choice(["durable_rules", "python"]), default="durable_rules",
              show_default=True, help="Rule engine, or the plain-Python oracle of the same rules.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the remedy rules that did not fire and why.")
def warranty_check(files: tuple[str, ...], as_of: date | None, regulation: str | None, fmt: str, lang: str | None,
                   evaluator: str, verbose: bool) -> None:
    """Decide what the regulation gives the consumer for each vehicle history FILE (JSON or YAML).

    Prints the version and why, the periods and what is left of them, every remedy with its article and the
    facts behind it, deadlines, near-limit warnings, assumptions and missing facts. With several files and
    --format json the output is a JSON array. A bad file is reported on stderr (exit 2) after the others.
    """
    from .warranty import adjudicate_warranty

    lang = lang or default_lang()
    decisions, errors = [], []
    for name in files:
        try:
            history = load_history(name)
        except InputError as exc:
            errors.append(str(exc))
            continue
        try:
            decisions.append(adjudicate_warranty(history, regulation=regulation, as_of=as_of, evaluator=evaluator))
        except InputError as exc:
            errors.append(f"{name}: {exc}")
    if decisions:
        from .render import decision_text, to_json

        if fmt == "json":
            click.echo(to_json(decisions if len(files) > 1 else decisions[0]))
        else:
            click.echo(("\n\n" + "─" * 40 + "\n\n").join(decision_text(d, lang, fmt, verbose) for d in decisions))
    if errors:
        fail("\n".join(errors), EXIT_INPUT)


# ---------------------------------------------------------------- rules


@cli.group(cls=Group)
def rules() -> None:
    """The rule book: every rule with its citation, condition and parameters."""


@rules.command("list")
@click.option("--domain", type=click.Choice(["warranty", "complaints", "all"]), default="all", show_default=True)
@click.option("--version", "version", type=click.Choice(["2013", "2021"]), help="Only this regulation version.")
@click.option("--kind", help="Only rules of this kind (remedy, scope, exclusion, closure, escalation, ...).")
@LANG_OPTION
def rules_list(domain: str, version: str | None, kind: str | None, lang: str | None) -> None:
    """List the rules: id, version or policy, kind, article or section, and title."""
    lang = lang or default_lang()
    rows = []
    digests = []
    if domain in ("warranty", "all"):
        book = load_warranty_rulebook()
        digests.append(f"warranty {book.digest}")
        for vid, specs in book.rules.items():
            if version and vid != version:
                continue
            for s in specs:
                if kind and s.kind != kind:
                    continue
                c = s.citation
                rows.append([s.id, vid, s.kind,
                             c.article + (c.paragraph or "") + (c.item or "") + ("" if c.verified else "*"),
                             getattr(s.title, lang)])
    if domain in ("complaints", "all") and not version:
        from .complaints import load_rule_specs

        specs, digest = load_rule_specs()
        digests.append(f"complaints {digest[:12]}")
        for s in specs:
            if kind and s.kind != kind:
                continue
            rows.append([s.id, "policy", s.kind, s.citation.short(), getattr(s.title, lang)])
    zh = lang == "zh"
    head = ["id", "版本/政策" if zh else "version", "类别" if zh else "kind", "条款" if zh else "article",
            "标题" if zh else "title"]
    click.echo(tabulate(rows, headers=head, tablefmt="simple", disable_numparse=True))
    click.echo(f"\n{len(rows)} rules · rule sets: {', '.join(digests)}")


def scenarios_for(rule_id: str) -> list[str]:
    """Names of the Gherkin scenarios tagged with this rule id (features ship inside the package)."""
    found = []
    try:
        root = resources.files("adjudicator.features")
        files = [p for sub in root.iterdir() if sub.is_dir() for p in sub.iterdir() if p.name.endswith(".feature")]
    except (ModuleNotFoundError, FileNotFoundError):
        return found
    tag = re.compile(r"(?<!\S)@" + re.escape(rule_id) + r"(?!\S)")
    for f in sorted(files, key=lambda p: p.name):
        pending = False
        for line in f.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if s.startswith("@"):
                pending = pending or bool(tag.search(s))
            elif pending and re.match(r"^(场景|场景大纲|剧本|剧本大纲|Scenario|Scenario Outline|Example)\s*[:：]", s):
                found.append(f"{f.name}: {s.split(':', 1)[-1].split('：', 1)[-1].strip()}")
                pending = False
            elif s and not s.startswith("#"):
                pending = False
    return found


@rules.command("show")
@click.argument("rule_id")
@click.option("--policy", default="default", show_default=True, help="Complaint rules: the policy profile whose "
                                                                      "parameter values to show.")
@LANG_OPTION
def rules_show(rule_id: str, policy: str, lang: str | None) -> None:
    """Show one rule: citation, condition, parameters with their values and sources, and its scenarios."""
    lang = lang or default_lang()
    zh = lang == "zh"
    if rule_id.startswith("c."):
        from .complaints import builtin_profile, compiled_complaints, load_rule_specs

        specs = {s.id: s for s in load_rule_specs()[0]}
        if rule_id not in specs:
            fail(f"no rule {rule_id!r}; see `adjudicator rules list --domain complaints`", EXIT_INPUT)
        compiled = compiled_complaints(builtin_profile(policy))
        spec = specs[rule_id]
        citation = spec.citation.citation()
        where = "rules/complaints/rules.yaml"
        in_force = f"policy profile {policy}" + ("" if rule_id in {r.id for r in compiled.rules} else " (disabled)")
        param_citation = {n: p.citation.text(lang) for n, p in compiled.params.items()}
    else:
        book = load_warranty_rulebook()
        version = next((v for v, specs in book.rules.items() if any(s.id == rule_id for s in specs)), None)
        if version is None:
            close = [s.id for specs in book.rules.values() for s in specs if rule_id.split(".")[-1] in s.id]
            hint = f" (did you mean: {', '.join(close[:5])})" if close else ""
            fail(f"no rule {rule_id!r}{hint}; see `adjudicator rules list`", EXIT_INPUT)
        compiled = compiled_warranty(version)
        spec = compiled.rule(rule_id).spec
        citation = compiled.rule(rule_id).citation
        where = f"rules/{book.rule_files[spec.id]}"
        v = book.version(version)
        in_force = f"{v.in_force.from_} – {v.in_force.to or ''}"
        param_citation = {n: p.citation.text(lang) for n, p in compiled.params.items()}
    click.echo(f"{spec.id} — {getattr(spec.title, lang)}")
    click.echo(f"{'依据' if zh else 'Citation'}: {citation.text(lang)}")
    click.echo(f"{'类别' if zh else 'Kind'}: {spec.kind}    {'文件' if zh else 'File'}: {where}")
    click.echo(f"{'施行' if zh else 'In force'}: {in_force}")
    click.echo(f"{'条件' if zh else 'Condition'}: {' '.join(spec.when.split())}")
    conclusion = {k: v for k, v in spec.conclusion.model_dump().items() if v not in (None, False, [])}
    if conclusion:
        click.echo(f"{'结论' if zh else 'Conclusion'}: {'; '.join(f'{k}={v}' for k, v in conclusion.items())}")
    params = sorted(set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", spec.when + spec.explanation.zh)))
    if params:
        click.echo(f"{'参数' if zh else 'Parameters'}:")
        rows = [[n, json.dumps(compiled.params[n].value, ensure_ascii=False), param_citation[n]]
                for n in params if n in compiled.params]
        click.echo(tabulate(rows, tablefmt="plain", disable_numparse=True))
    click.echo(f"{'说明模板' if zh else 'Explanation'}: {getattr(spec.explanation, lang)}")
    found = scenarios_for(rule_id)
    click.echo(f"{'测试场景' if zh else 'Scenarios'} ({len(found)}):")
    for name in found:
        click.echo(f"  - {name}")


# ---------------------------------------------------------------- batch


def _print_csv_columns(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .batch import CSV_COLUMNS

    click.echo("One row per repair item; rows with the same vin make one history, rows with the same visit_id one "
               "visit.\nVehicle, purchase, certificate and claim columns repeat on every row of a vin.\n")
    click.echo(tabulate(list(CSV_COLUMNS.items()), headers=["column", "meaning"], tablefmt="simple"))
    ctx.exit(0)


@cli.command("batch")
@click.argument("source", metavar="INPUT")
@click.option("--csv-columns", is_flag=True, expose_value=False, is_eager=True, callback=_print_csv_columns,
              help="List the columns of the CSV input and exit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              show_default=True, help="Where the JSONL goes (one line per input record, in input order).")
@click.option("--kind", type=click.Choice(["warranty", "complaint"]), default="warranty", show_default=True)
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None,
              help="Worker processes [default: the CPUs this process may use].")
@click.option("--as-of", callback=_iso_date, metavar="DATE", help="Decide every record as of this date.")
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
    from .batch import count_records, default_workers, read_records, run_batch

    workers = workers or default_workers()
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=count_records(source), unit=" records", file=sys.stderr, dynamic_ncols=True,
                   smoothing=0.1)
    options = {"evaluator": evaluator}
    try:
        records = read_records(source)
        sink = click.open_file(output, "w", encoding="utf-8", lazy=False, atomic=False)
        with sink as out:
            result = run_batch(records, out, kind=kind, workers=workers, as_of=as_of, options=options, progress=bar)
    except InputError as exc:
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


# ---------------------------------------------------------------- schema


def _schemas() -> dict[str, Any]:
    from .models.decision import Decision
    from .models.warranty import VehicleHistory

    out: dict[str, Any] = {"warranty-input": VehicleHistory, "warranty-decision": Decision}
    from .models.complaint import Complaint, ComplaintDecision

    out["complaint-input"] = Complaint
    out["complaint-decision"] = ComplaintDecision
    return out


@cli.command("schema")
@click.argument("name", required=False)
def schema(name: str | None) -> None:
    """Print the JSON Schema of an input or a decision (NAME: warranty-input, warranty-decision, ...)."""
    models = _schemas()
    if name is None or name not in models:
        if name is not None:
            fail(f"no schema {name!r}; choose one of: {', '.join(models)}", EXIT_INPUT)
        click.echo("\n".join(models))
        return
    click.echo(json.dumps(models[name].model_json_schema(), ensure_ascii=False, indent=2))


cli.lazy = {"complaint": "adjudicator.cli_complaint:complaint_group"}


def main() -> None:
    cli(prog_name="adjudicator")


if __name__ == "__main__":
    main()
