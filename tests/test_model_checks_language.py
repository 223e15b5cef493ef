"""Every check of our own that is not pydantic's (a model check, a dealer export's row check, the complaint's
"now", a JSON constant) is told in Chinese under zh -- no English sentence under a Chinese lead -- and in English
under en: each raised through core.problems.invalid(zh, en), driven here through the command line."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_cli_language import CJK, invoke

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXPORT = EXAMPLES / "followup" / "dealers_2025-02_03.csv"
CASE = EXAMPLES / "complaints" / "c1_withdrew.json"
LOG = EXAMPLES / "followup" / "dealer_D01_2025-03.json"
# words an English sentence cannot do without; field names, codes and values from the input are not sentences
ENGLISH = re.compile(r"\b(?:the|an?|is|are|of|to|from|before|after|not|no|missing|unknown|differs|earlier|give|"
                     r"beside|only|twice|needs|expected|should|run|past|number|listed|column|row|rows)\b", re.I)
# where the problem is: the file, and a dealer export's rows (a location, not a sentence)
LOCATION = re.compile(r"^adjudicator: [^:：]+(?::rows? [\d-]+ \([^)]*\))?[:：] ?", re.M)

PATH = re.compile(r"/[^\s:：]+")            # a file named again inside the message
QUOTED = re.compile(r"'[^']*'")            # a value from the input, which may be Chinese in either language


def _export_rows(tmp: Path, name: str, change) -> Path:
    header, first, *_ = EXPORT.read_text(encoding="utf-8").splitlines()
    path = tmp / name
    path.write_text("\n".join([header, *change(first)]) + "\n", encoding="utf-8")
    return path


def _missing_car_use(row: str) -> list[str]:
    cells = row.split(",")
    cells[5] = ""
    return [",".join(cells)]


def _customer_differs(row: str) -> list[str]:
    return [row, row.replace("陈女士", "王女士").replace("09:45", "11:45")]


def _cases(tmp: Path) -> dict[str, list[str]]:
    future = json.loads(CASE.read_text(encoding="utf-8").replace("2025-", "2035-"))
    del future["as_of"]
    unsigned = json.loads(CASE.read_text(encoding="utf-8"))
    del unsigned["signed_by"]
    log = json.loads(LOG.read_text(encoding="utf-8"))
    log["events"][0]["vin"] = "LSVNV2182N2999999"
    rows = [{"dealer": "D01", "customer": "C1", "customer_type": "private", "vin": "LSVNV2182N2000001",
             "car_use": "private", "at": "2025-03-02T10:00:00", "type": "workshop_completed", "colour": "red"}]
    envelope = {"dealer": "D01", "complaint": json.loads(CASE.read_text(encoding="utf-8")), "region": "north"}
    files = {"future.json": json.dumps(future), "unsigned.json": json.dumps(unsigned), "log.json": json.dumps(log),
             "events.jsonl": "\n".join(map(json.dumps, rows)), "nan.json": '{"vin": NaN}',
             "envelope.jsonl": json.dumps(envelope)}
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    f = {name: str(tmp / name) for name in files}
    return {
        "export row lacks a column": ["followup", "check", str(_export_rows(tmp, "missing.csv", _missing_car_use))],
        "export rows disagree": ["followup", "check", str(_export_rows(tmp, "differ.csv", _customer_differs))],
        "event rows with an unknown key": ["followup", "check", f["events.jsonl"]],
        "a log's event names a car it lacks": ["followup", "check", f["log.json"]],
        "events past now": ["complaint", "check", f["future.json"]],
        "signed without a signer": ["complaint", "check", f["unsigned.json"]],
        "a complaint record's unknown key": ["report", "complaints", f["envelope.jsonl"]],
        "NaN in JSON": ["warranty", "check", f["nan.json"]],
    }


@pytest.fixture
def cases(tmp_path: Path) -> dict[str, list[str]]:
    return _cases(tmp_path)


def test_every_own_check_is_told_in_chinese_under_zh(cases):
    for name, args in cases.items():
        r = invoke([*args, "--lang", "zh"])
        assert r.exit_code == 2, (name, r.output)
        said = PATH.sub("", LOCATION.sub("", r.stderr))
        assert CJK.search(said), (name, r.stderr)
        assert not ENGLISH.search(said), (name, r.stderr)


def test_every_own_check_is_told_in_english_under_en(cases):
    for name, args in cases.items():
        r = invoke([*args, "--lang", "en"])
        assert r.exit_code == 2, (name, r.output)
        assert not CJK.search(QUOTED.sub("", LOCATION.sub("", r.stderr))), (name, r.stderr)
        assert ENGLISH.search(r.stderr), (name, r.stderr)
