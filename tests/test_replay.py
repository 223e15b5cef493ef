"""Replay (the issue's Done-when): a few hundred generated decisions recorded, one dated parameter changed in a
temporary rule book, replayed: exactly the cases whose facts cross the new threshold change, and no other."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from adjudicator.record.store import DecisionRecord
from adjudicator.warranty.synthetic import generate_histories

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300
AMENDED_FROM, AMENDED_LIMIT, RULE = "2024-01-01", 25, "w2021.cumulative_repair_days"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "adjudicator", *args], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=ROOT, env={**os.environ, "LANG": "C.UTF-8"})


def amended_rule_book(tmp: Path) -> Path:
    """rules/ copied, cumulative_repair_days_limit given a value of 25 from 2024-01-01 (instrument AMEND-X)."""
    rules = tmp / "rules"
    shutil.copytree(ROOT / "rules", rules)
    params = rules / "warranty" / "parameters.yaml"
    text = params.read_text(encoding="utf-8")
    anchor = "      - {from: 2022-01-01, value: 30, reference: {article: 第二十四条, paragraph: 第一款, item: （四）}}\n"
    assert text.count(anchor) == 1
    params.write_text(text.replace(anchor, anchor + f"      - {{from: {AMENDED_FROM}, value: {AMENDED_LIMIT}, "
                                                    "reference: {document: AMEND-X, article: 第一条}}\n"), encoding="utf-8")
    docs = rules / "warranty" / "documents.yaml"
    docs.write_text(docs.read_text(encoding="utf-8") + "  AMEND-X:\n    zh: 《关于修改三包规定的决定》（示例）\n"
                    "    en: Decision amending the regulation (example)\n", encoding="utf-8")
    return rules


def crosses_new_threshold(decision: dict) -> bool:
    """From the recorded decision alone: dated on or after the amendment, the cumulative-days rule not fired
    only because the days (26 to 30) were not over 30 — over 25, they are."""
    on = decision["regulation"].get("parameters_on")
    if decision["regulation"]["version"] != "2021" or on is None or on < AMENDED_FROM:
        return False
    missed = next((n for n in decision["not_fired"] if n["rule_id"] == RULE), None)
    if missed is None or len(missed["failed"]) != 1:
        return False
    failed = missed["failed"][0]
    return failed["condition"].startswith("repair_time.cumulative_days") and AMENDED_LIMIT < failed["actual"] <= 30


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("replay")
    src, db = tmp / "cars.jsonl", tmp / "decisions.sqlite3"
    src.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in generate_histories(400, seed=12)),
                   encoding="utf-8")
    out = cli("batch", str(src), "--record", "--db", str(db), "--workers", "2", "-o", str(tmp / "out.jsonl"))
    assert out.returncode in (0, 2), out.stderr
    return db


def test_replay_under_the_rule_book_in_force_changes_nothing(recorded):
    out = cli("replay", "--db", str(recorded), "--format", "json", "--workers", "2")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["replayed"] > 300 and report["changed"] == 0


def test_replay_under_an_amended_limit_reports_exactly_the_cases_that_cross_it(recorded, tmp_path):
    with DecisionRecord(recorded, create=False) as kept:
        decisions = {e["seq"]: json.loads(e["decision"]) for e in kept.rows()}
    expected = {seq for seq, d in decisions.items() if crosses_new_threshold(d)}
    assert len(expected) >= 3, "the generated histories should hold a few cases between 26 and 30 days"
    out = cli("replay", "--db", str(recorded), "--rules", str(amended_rule_book(tmp_path)), "--format", "json",
              "--workers", "2")
    assert out.returncode == 4, out.stderr                    # something changes: the CI exit code
    report = json.loads(out.stdout)
    assert {c["seq"] for c in report["cases"]} == expected
    # the amended rule fires in each (and may bring a rule that builds on it, e.g. return when no replacement
    # vehicle is available); nothing stops firing
    assert all(RULE in c["changes"]["rules_newly_fired"] and not c["changes"]["rules_no_longer_fired"]
               for c in report["cases"])
    assert report["by_rule"][RULE] == {"newly_fired": len(expected), "no_longer_fired": 0}
    table = cli("replay", "--db", str(recorded), "--rules", str(amended_rule_book(tmp_path / "zh")), "--lang", "zh",
                "--workers", "2")
    assert table.returncode == 4 and RULE in table.stdout and "新触发" in table.stdout


def test_a_broken_candidate_rule_book_is_said_before_anything_is_replayed(recorded, tmp_path):
    rules = amended_rule_book(tmp_path)
    (rules / "warranty" / "parameters.yaml").write_text("cumulative_repair_days_limit: [", encoding="utf-8")
    out = cli("replay", "--db", str(recorded), "--rules", str(rules), "--lang", "en")
    assert out.returncode == 2 and "candidate rule book" in out.stderr
