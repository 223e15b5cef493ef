"""--detail full|brief (issue 14): full is the default and the same bytes as before the option; brief empties the
sections each domain's BRIEF_OMITS names, says so in `detail`, keeps every conclusion, and is described by the
same published schema; the decision record always keeps the full decision."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli
from adjudicator.complaints.decision import BRIEF_OMITS as COMPLAINT_OMITS
from adjudicator.complaints.decision import ComplaintDecision
from adjudicator.warranty.decision import BRIEF_OMITS as WARRANTY_OMITS
from adjudicator.warranty.decision import Decision

ROOT = Path(__file__).resolve().parents[1]
CAR = ROOT / "examples" / "warranty" / "01_2013_same_problem_six_repairs.json"
CASE = ROOT / "examples" / "complaints" / "c1_withdrew.json"


def _decisions(detail: str | None) -> tuple[dict, dict]:
    extra = {} if detail is None else {"detail": detail}
    warranty = api.adjudicate_warranty(api.load_history(CAR), **extra)
    complaint = api.check_complaint(api.load_complaint(CASE), as_of="2025-03-20T12:00", **extra)
    return json.loads(warranty.model_dump_json()), json.loads(complaint.model_dump_json())


def test_full_is_the_default_and_writes_no_detail_field():
    default, full = _decisions(None), _decisions("full")
    assert default == full
    for decision in default:
        assert "detail" not in decision                 # the bytes of a full decision are those it always had


@pytest.mark.parametrize(("which", "omits"), [(0, WARRANTY_OMITS), (1, COMPLAINT_OMITS)])
def test_brief_empties_only_its_sections_and_says_so(which, omits):
    full, brief = _decisions("full")[which], _decisions("brief")[which]
    assert brief["detail"] == "brief"
    assert any(full[name] for name in omits)           # the example has something to leave out
    assert all(brief[name] == [] for name in omits)
    kept = set(full) - set(omits)
    assert {k: brief[k] for k in kept} == {k: full[k] for k in kept}     # every conclusion unchanged
    assert len(json.dumps(brief, ensure_ascii=False)) < len(json.dumps(full, ensure_ascii=False))


def test_the_published_schema_covers_both_details():
    for model, name, (full, brief) in ((Decision, "warranty-decision", (_decisions("full")[0], _decisions("brief")[0])),
                                      (ComplaintDecision, "complaint-decision",
                                       (_decisions("full")[1], _decisions("brief")[1]))):
        for decision in (full, brief):
            assert model.model_validate_json(json.dumps(decision)).model_dump(mode="json") == decision
        detail = api.schema_document(name)["properties"]["detail"]
        assert detail["enum"] == list(api.DETAIL_LEVELS) and detail["default"] == "full"


def test_a_wrong_detail_is_an_input_error_naming_it():
    with pytest.raises(api.InputError) as caught:
        api.adjudicate_warranty(api.load_history(CAR), detail="short")
    assert caught.value.field == "detail"


@pytest.mark.parametrize(("command", "good"), [(["warranty", "check"], CAR), (["complaint", "check"], CASE)])
def test_the_commands_take_detail(command, good):
    full = CliRunner().invoke(cli, [*command, str(good), "--format", "json"])
    same = CliRunner().invoke(cli, [*command, str(good), "--format", "json", "--detail", "full"])
    brief = CliRunner().invoke(cli, [*command, str(good), "--format", "json", "--detail", "brief"])
    assert full.exit_code == same.exit_code == brief.exit_code == 0
    assert full.stdout == same.stdout
    assert json.loads(brief.stdout)["detail"] == "brief"
    table = CliRunner().invoke(cli, [*command, str(good), "--detail", "brief", "--lang", "zh"])
    assert table.exit_code == 0 and table.stdout


def test_batch_brief_lines_and_the_record_keeps_the_full_decision(tmp_path):
    out, db = tmp_path / "out.jsonl", tmp_path / "record.sqlite3"
    source = ROOT / "examples" / "batch" / "dealer_export.csv"
    r = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out), "--no-progress", "--workers", "2",
                                 "--detail", "brief", "--record", "--db", str(db)])
    assert r.exit_code in (0, 2), r.output                # 2: the example holds one bad record on purpose
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    decided = [line["decision"] for line in lines if line["ok"]]
    assert decided and all(d["detail"] == "brief" and d["not_fired"] == [] for d in decided)
    with api.DecisionRecord(str(db)) as record:
        kept = [json.loads(row["decision"]) for row in record.rows()]
    assert len(kept) == len(decided)
    assert all("detail" not in d and d["parameters"] for d in kept)      # full decisions, as replay compares them


def test_batch_detail_is_refused_for_followup_logs():
    r = CliRunner().invoke(cli, ["batch", str(next((ROOT / "examples" / "followup").glob("*.csv"))), "--kind",
                                 "followup", "--detail", "brief", "--no-progress"])
    assert r.exit_code == 2 and "--detail" in r.output
