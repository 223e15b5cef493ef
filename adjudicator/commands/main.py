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
    # help: the catalogue's "" entry. Its --lang (every group has one) is read before parsing
    # (commands/language.py) and holds for the command that follows; a later --lang wins.
    pass


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
