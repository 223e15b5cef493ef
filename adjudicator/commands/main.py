"""The `adjudicator` command line: small command modules over the public API (`import adjudicator`).

Commands parse arguments, call the library and render; nothing else. Exit codes: 0 a decision was made; 2 bad
input (one message naming the file and the field); 1 an internal fault. `complaint watch` adds its own (see its
help). Command modules are imported when used, which keeps the start-up of the others fast.
"""
from __future__ import annotations

import click

from .options import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="adjudicator")
def cli() -> None:
    """Adjudicate car after-sales cases in China against the rule book, with cited reasons.

    \b
    adjudicator warranty check car.json         three-guarantee (三包) decision for one car
    adjudicator complaint check case.json       may it close, deadlines, escalation, next actions
    adjudicator complaint watch cases.jsonl     every open complaint, most urgent first
    adjudicator followup check crm_log.json     every revisit and reminder duty, on time or not
    adjudicator followup due crm_log.json --date 2025-03-12   the day's call list, most urgent first
    adjudicator report followup crm_logs.json --period month --format html -o report.html
    adjudicator batch cars.jsonl -o out.jsonl   many records, in parallel, one JSON line each
    adjudicator rules list                       the rules, their articles and versions
    adjudicator rules show w2021.same_problem_repeat
    adjudicator schema warranty-input            JSON Schema of the input
    adjudicator warranty check car.json --record  also keep the decision in the decision record
    adjudicator history LSVNV2182N2000001        every recorded decision of a car or case, what changed
    adjudicator replay --rules candidate/        what the recorded cases would get under another rule book
    adjudicator record verify                    check the record's hash chain
    """


cli.lazy = {"warranty": "adjudicator.commands.warranty:warranty", "rules": "adjudicator.commands.rules:rules",
            "batch": "adjudicator.commands.batch:batch", "schema": "adjudicator.commands.schema:schema",
            "complaint": "adjudicator.commands.complaint:complaint_group",
            "followup": "adjudicator.commands.followup:followup_group",
            "report": "adjudicator.commands.report:report_group",
            "record": "adjudicator.commands.record:record_group",
            "history": "adjudicator.commands.record:history_cmd",
            "replay": "adjudicator.commands.record:replay_cmd"}


def main() -> None:
    cli(prog_name="adjudicator")


if __name__ == "__main__":
    main()
