"""`adjudicator rules list|show`: the rule book, every rule with its citation, condition and parameters."""
from __future__ import annotations

import json

import click

from .language import message
from .options import (
    EXIT_INPUT,
    LANG_OPTION,
    Group,
    api,
    default_lang,
    echo_laid_out,
    fail,
    output_layout,
)


@click.group(cls=Group)
def rules() -> None:
    pass


@rules.command("list")
@click.option("--domain", type=click.Choice(["warranty", "complaints", "followup", "all"]), default="all", show_default=True)
@click.option("--version", "version", type=click.Choice(["2013", "2021"]))
@click.option("--kind")
@LANG_OPTION
def rules_list(domain: str, version: str | None, kind: str | None, lang: str | None) -> None:
    lang = lang or default_lang()
    rows, digests = api.rule_rows(domain, version, kind, lang)
    zh = lang == "zh"
    head = ["id", "版本/政策" if zh else "version", "类别" if zh else "kind", "条款" if zh else "article",
            "标题" if zh else "title"]
    # below 100 columns the version or policy and the kind are stacked under the id: the id, the article and the
    # title are what a reader scans the list by
    layout = output_layout()
    shown = [[api.terminal_text(c) for c in r] for r in rows]       # a policy file's titles are input text
    echo_laid_out(api.layout_table(api.TextTable(head, shown, {1: 0, 2: 0}, style="simple"), layout), layout)
    echo_laid_out("\n" + api.wrap_paragraph(message("rules_count", lang, count=len(rows), digests=", ".join(digests)),
                                            layout.width), layout)


@rules.command("show")
@click.argument("rule_id")
@click.option("--policy", default="default", show_default=True)
@LANG_OPTION
def rules_show(rule_id: str, policy: str, lang: str | None) -> None:
    lang = lang or default_lang()
    zh = lang == "zh"
    try:
        detail = api.rule_detail(rule_id, policy, lang)
    except api.UnknownRule as exc:
        hint = message("did_you_mean", lang, names=", ".join(exc.close[:5])) if exc.close else ""
        where = {"c.": " --domain complaints", "f.": " --domain followup"}.get(rule_id[:2], "")
        fail(message("no_rule", lang, rule=rule_id, hint=hint, where=where), EXIT_INPUT)
    except (api.PolicyError, api.FollowupPolicyError) as exc:       # --policy names no profile of that domain
        fail(exc.get(lang), EXIT_INPUT)
    layout = output_layout()

    def _say(text: str) -> None:
        """A line of `rules show`, wrapped to the terminal; a policy file's titles and explanations are input,
        shown inert."""
        echo_laid_out(api.wrap_paragraph(api.terminal_text(text), layout.width), layout)

    sep = api.field_separator(lang)
    spec, citation, where, in_force = detail.spec, detail.citation, detail.where, detail.in_force
    _say(f"{spec.id} — {detail.title.get(lang)}")
    _say(f"{'依据' if zh else 'Citation'}{sep}{citation.text(lang)}")
    _say(f"{'类别' if zh else 'Kind'}{sep}{spec.kind}    {'文件' if zh else 'File'}{sep}{where}")
    _say(f"{'施行' if zh else 'In force'}{sep}{in_force}")
    _say(f"{'条件' if zh else 'Condition'}{sep}{detail.condition}")
    _say(f"{'条件（规则文件）' if zh else 'Condition (rule file)'}{sep}{' '.join(spec.when.split())}")
    conclusion = {k: v for k, v in spec.conclusion.model_dump().items() if v not in (None, False, [])}
    if conclusion:
        _say(f"{'结论' if zh else 'Conclusion'}{sep}{'; '.join(f'{k}={v}' for k, v in conclusion.items())}")
    if detail.params:
        _say(f"{'参数' if zh else 'Parameters'}{sep}")
        rows = [[api.terminal_text(c) for c in (n, json.dumps(value, ensure_ascii=False), cited)]
                for n, (value, cited) in detail.params.items()]
        echo_laid_out(api.layout_table(api.TextTable([], rows, style="plain"), layout), layout)
    _say(f"{'说明模板' if zh else 'Explanation'}{sep}{getattr(spec.explanation, lang)}")
    found = api.scenarios_for(rule_id)
    _say(f"{'测试场景' if zh else 'Scenarios'} ({len(found)}){sep}")
    for name in found:
        echo_laid_out(api.wrap_paragraph(api.terminal_text(name), layout.width, "  - "), layout)


@rules.command("report")
@click.option("--domain", type=click.Choice(["warranty", "complaints", "followup", "all"]), default="all", show_default=True)
@click.option("--version", "version", type=click.Choice(["2013", "2021"]))
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True)
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False))
@click.option("--results", type=click.Path(dir_okay=False))
@click.option("--run", "run", is_flag=True)
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]))
@LANG_OPTION
def rules_report(domain: str, version: str | None, fmt: str, out: str, results: str | None, run: bool,
                 on: object, lang: str | None) -> None:
    from pathlib import Path

    lang = lang or default_lang()
    results_path = Path(results) if results else Path(out) / api.REPORT_RESULTS_FILE
    if run:
        try:
            done = api.run_features(results_path)
        except api.CannotRunFeatures as exc:
            fail(message("cannot_run_features", lang, detail=exc), EXIT_INPUT)
        summary = next((line.strip("= ") for line in reversed(done.stdout.splitlines())
                        if " passed" in line or " failed" in line), f"pytest exited with {done.returncode}")
        click.echo(message("features_ran", lang, summary=summary, path=results_path), err=True)
    report, files = api.write_rulebook_report(out, fmt, domain, version, results_path, on.date() if on else None)
    if report.results.problem:
        click.echo(report.results.problem, err=True)
    click.echo(message("pages_written", lang, count=len(files), out=out, start=Path(out) / ("index." + fmt)))

