"""Report outputs (the table, the XLSX workbook and the HTML page of `report followup` and `report complaints`)
name their sources in the reader's language: under zh a policy by its Chinese name and its section as 第2章第13项
(core.specs.cited_in, as the complaint and follow-up tables do), never by a code citation such as
"FAW-CRM ch.2 item 13"; under en by the code citation."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from adjudicator.commands.main import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEALERS = str(EXAMPLES / "followup" / "dealers_2025-02_03.csv")
CASES = str(EXAMPLES / "complaints" / "cases.jsonl")
# a document's code followed by its section: how a short citation reads in English
CODE_CITATION = re.compile(r"\b(?:FAW-CRM|REVISIT|CS-CMS|DFP-COURSE|CARMAKER|CV-REMOTE|DEALER) (?:ch\.|§|item|“|\")")
REPORTS = {
    "followup": ["report", "followup", DEALERS],
    "time-limits": ["report", "complaints", CASES, "--kind", "time-limits"],
    "reminders": ["report", "complaints", CASES, "--kind", "reminders", "--as-of", "2025-11-10T12:00"],
    "assessment": ["report", "complaints", CASES, "--kind", "assessment"],
}


def _output(args: list[str], fmt: str, lang: str, tmp_path: Path) -> str:
    if fmt == "table":            # on stdout at a wide COLUMNS: one row a line (a file is laid out at 100)
        r = CliRunner().invoke(cli, [*args, "--lang", lang], env={"COLUMNS": "400"})
        assert r.exit_code == 0, r.output
        return r.stdout
    out = tmp_path / f"report.{fmt}"
    r = CliRunner().invoke(cli, [*args, "--format", fmt, "--lang", lang, "-o", str(out)])
    assert r.exit_code == 0, r.output
    if fmt != "xlsx":
        return out.read_text(encoding="utf-8")
    book = load_workbook(io.BytesIO(out.read_bytes()))
    return "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)


@pytest.mark.parametrize("fmt", ["table", "xlsx", "html"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_reports_name_their_sources_in_chinese_under_zh(report: str, fmt: str, tmp_path: Path) -> None:
    zh = _output(REPORTS[report], fmt, "zh", tmp_path)
    en = _output(REPORTS[report], fmt, "en", tmp_path)
    assert CODE_CITATION.search(en), (report, fmt)
    assert not CODE_CITATION.search(zh), (report, fmt, CODE_CITATION.findall(zh))
    assert re.search(r"第\d+章|§\d|经销商客户回访制度|客户投诉管理系统", zh), (report, fmt)
