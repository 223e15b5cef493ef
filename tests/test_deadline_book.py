"""rules/complaints/deadlines.yaml: what each deadline measures is data, checked when it is loaded."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from adjudicator.complaints.deadline_specs import DeadlineBook, deadline_book
from adjudicator.complaints.decide import check_complaint
from adjudicator.complaints.rulebook import PolicyError, resolve_policy
from adjudicator.core.rulebook import RulebookError

ROOT = Path(__file__).resolve().parents[1]
CASE = json.loads((ROOT / "examples" / "complaints" / "escalation_overdue.json").read_text(encoding="utf-8"))


def _book_data() -> dict:
    return yaml.safe_load((ROOT / "rules" / "complaints" / "deadlines.yaml").read_text(encoding="utf-8"))


def test_every_deadline_a_rule_concludes_is_defined_and_every_definition_is_used() -> None:
    from adjudicator.complaints.rulebook import load_rule_specs
    concluded = {r.conclusion.deadline for r in load_rule_specs()[0] if r.conclusion.deadline}
    assert concluded == set(deadline_book()[0].deadlines)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["deadlines"]["first_contact"].update(met_by=["customer_called"]), "customer_called"),
    (lambda d: d["deadlines"]["first_contact"].update(due={"hours": "x", "days": "y"}), "exactly one"),
    (lambda d: d["deadlines"]["progress"].update(due={"days": "revisit_days"}), "interval in hours"),
    (lambda d: d["deadlines"]["resolution"]["suspended_by"][1].update(needs=["colour"]), "colour"),
    (lambda d: d["deadlines"]["first_feedback"].update(met_by="records"), "event group"),
    (lambda d: d["deadlines"].update(callback={"starts": "received", "due": {"hours": "h"}, "met_by": []}),
     "not a deadline of the vocabulary"),
    (lambda d: d["deadlines"]["time_limit"].update(due={"input": "vin"}), "not a time of the case"),
])
def test_a_wrong_definition_is_refused_naming_its_place(edit, message) -> None:
    data = _book_data()
    edit(data)
    with pytest.raises(ValueError, match=message):
        DeadlineBook.model_validate(data)


def test_a_parameter_of_the_wrong_unit_or_missing_is_refused_when_the_profile_is_checked() -> None:
    book = DeadlineBook.model_validate(_book_data() | {"deadlines": {
        "first_contact": {"starts": "received", "due": {"hours": "resolution_working_days"},
                          "met_by": ["customer_contacted"]}}})
    units = {n: p.unit for n, p in resolve_policy("default").parameters.items()}
    with pytest.raises(RulebookError, match="working_day, not hour"):
        book.check_parameters(units, "default")
    with pytest.raises(RulebookError, match="not a parameter"):
        book.check_parameters({}, "default")


def test_case_types_come_from_the_profile_alone() -> None:
    """The handling limit exists for the case types the profile lists; the rules do not repeat the gate."""
    assert any(d.code == "resolution" for d in check_complaint(CASE).deadlines)
    narrower = {"profile": "narrow", "name": {"zh": "窄", "en": "narrow"}, "extends": "default",
                "parameters": {"resolution_case_types": {"value": ["crisis"],
                                                         "source": {"document": "CARMAKER", "section": "第1条"}}}}
    d = check_complaint(CASE, policy=narrower)
    assert not any(x.code in ("resolution", "progress", "handling_plan") for x in d.deadlines)
    assert not any(e.rule_id == "c.escalate_e1" for e in d.escalations)


def test_a_changed_definition_changes_the_decision(tmp_path: Path) -> None:
    """A candidate rule book whose first contact is met only by a handling record: the example's contact event no
    longer meets it, and the decision's rule-book digest changes with the file."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    data = _book_data()
    data["deadlines"]["first_contact"]["met_by"] = "handling_records"
    (rules / "complaints" / "deadlines.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code = f"""
import json, adjudicator as api
d = api.check_complaint(json.loads({json.dumps(json.dumps(CASE))}))
c = next(x for x in d.deadlines if x.code == 'first_contact')
print(json.dumps({{'met': c.met_at.isoformat(), 'rulebook': d.rulebook}}))
"""
    changed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                             env={"ADJUDICATOR_RULES": str(rules), "PATH": ""})
    assert changed.returncode == 0, changed.stderr
    now = check_complaint(CASE)
    original = next(x for x in now.deadlines if x.code == "first_contact")
    out = json.loads(changed.stdout)
    feedback = next(e["at"] for e in CASE["events"] if e["type"] == "feedback_logged")
    assert out["met"][:16] == feedback[:16] != original.met_at.isoformat()[:16]
    assert out["rulebook"] != now.rulebook


def test_a_broken_deadline_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "complaints" / "deadlines.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("met_by: [revisited]", "met_by: [revisted]"),
                    encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "adjudicator", "complaint", "check",
                          str(ROOT / "examples" / "complaints" / "c1_withdrew.json"), "--lang", "en"],
                         capture_output=True, text=True, timeout=120, env={"ADJUDICATOR_RULES": str(rules), "PATH": ""})
    assert out.returncode != 0
    assert "rules/complaints/deadlines.yaml" in out.stderr and "revisted" in out.stderr


def test_a_profile_cannot_change_the_unit_a_deadline_reads() -> None:
    bad = {"profile": "bad", "name": {"zh": "坏", "en": "bad"}, "extends": "default",
           "parameters": {"first_contact_hours": {"unit": "day", "value": 2,
                                                  "source": {"document": "CARMAKER", "section": "1"}}}}
    with pytest.raises(PolicyError, match="day cannot replace the parameter's unit hour"):
        check_complaint(CASE, policy=bad)
