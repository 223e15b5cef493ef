"""The decision record's stored form (issue 12): entries written before the codec was named (zlib, schema version
2, a file kept in tests/data as the program then wrote it) still verify and read after the migration, new entries
are LZ4 beside them; a changed codec is a changed entry; every entry holds the parameter values its decision used
-- a warranty decision's, and the values a complaint's policy profile resolved -- and history shows them."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from adjudicator.complaints.rulebook import builtin_profile, compiled_complaints
from adjudicator.core.inputs import CHINA_TZ
from adjudicator.record.store import SCHEMA_VERSION, DecisionRecord
from adjudicator.warranty.synthetic import generate_histories

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120
OLD_RECORD = ROOT / "tests" / "data" / "record_schema2.sqlite3"    # written by the program at schema version 2
CAR = ROOT / "examples" / "warranty" / "01_2013_same_problem_six_repairs.json"
CASE = ROOT / "examples" / "complaints" / "c1_withdrew.json"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "adjudicator", *args], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=ROOT, env={**os.environ, "LANG": "C.UTF-8"})


@pytest.fixture
def old_record(tmp_path) -> Path:
    """A copy of the schema-2 file (opening a record migrates it, so never the committed one)."""
    copy = tmp_path / "old.sqlite3"
    shutil.copyfile(OLD_RECORD, copy)
    os.chmod(copy, 0o600)
    return copy


def test_the_kept_file_is_as_the_older_program_wrote_it():
    with sqlite3.connect(f"file:{OLD_RECORD}?immutable=1", uri=True) as db:      # no -wal, -shm beside it
        assert db.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 2
        assert "codec" not in {row[1] for row in db.execute("PRAGMA table_info(entries)")}
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 4


def test_a_record_written_before_codecs_were_named_still_verifies_and_reads(old_record):
    out = cli("record", "verify", "--db", str(old_record), "--format", "json")
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] and report["entries"] == 4 and report["schema_version"] == SCHEMA_VERSION == 3
    with DecisionRecord(old_record, create=False) as kept:
        assert {row[0] for row in kept.db.execute("SELECT codec FROM entries")} == {"zlib"}
        first = next(kept.rows())
    assert first["input"] == CAR.read_text(encoding="utf-8")
    assert json.loads(first["decision"])["vin"] == first["subject"]


def test_new_entries_are_lz4_beside_the_old_ones_and_the_chain_holds(old_record):
    assert cli("warranty", "check", str(CAR), "--record", "--db", str(old_record)).returncode == 0
    assert cli("complaint", "check", str(CASE), "--record", "--db", str(old_record)).returncode == 0
    verified = json.loads(cli("record", "verify", "--db", str(old_record), "--format", "json").stdout)
    assert verified["ok"] and verified["entries"] == 6
    with DecisionRecord(old_record, create=False) as kept:
        codecs = [row[0] for row in kept.db.execute("SELECT codec FROM entries ORDER BY seq")]
        entries = list(kept.rows())
    assert codecs == ["zlib"] * 4 + ["lz4"] * 2
    assert entries[4]["input"] == entries[0]["input"]                          # the same car, both codecs read
    assert json.loads(entries[4]["decision"])["remedies"] == json.loads(entries[0]["decision"])["remedies"]
    vin = entries[0]["subject"]
    history = json.loads(cli("history", vin, "--db", str(old_record), "--format", "json").stdout)["decisions"]
    assert [step["seq"] for step in history] == [5, 1] and history[0]["parameters_changed"] == []


@pytest.mark.parametrize(("statement", "named"), [
    ("UPDATE entries SET codec = 'lz4' WHERE seq = 2", "entry 2"),           # an old zlib entry said to be lz4
    ("UPDATE entries SET codec = 'xz' WHERE seq = 5", "entry 5"),            # a codec no one knows
    ("UPDATE entries SET decision = CAST('not lz4' AS BLOB) WHERE seq = 6", "entry 6"),
])
def test_a_changed_codec_or_packed_text_is_a_changed_entry(old_record, statement, named):
    assert cli("warranty", "check", str(CAR), "--record", "--db", str(old_record)).returncode == 0
    assert cli("complaint", "check", str(CASE), "--record", "--db", str(old_record)).returncode == 0
    with sqlite3.connect(old_record) as db:
        db.execute("DROP TRIGGER entries_no_UPDATE")
        db.execute(statement)
    out = cli("record", "verify", "--db", str(old_record), "--lang", "en")
    assert out.returncode == 1 and named in out.stdout, out.stdout


# ---------------------------------------------------------------- the parameter values used


def test_every_batch_entry_holds_exactly_its_decisions_parameter_values(tmp_path):
    """Entries share the text of equal values (one per rule book and values): each must still be its own."""
    src, db = tmp_path / "cars.jsonl", tmp_path / "record.sqlite3"
    src.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in generate_histories(80, seed=11)),
                   encoding="utf-8")
    run = cli("batch", str(src), "--record", "--db", str(db), "--workers", "1", "--no-progress",
              "-o", str(tmp_path / "out.jsonl"))
    assert run.returncode == 0, run.stderr
    with DecisionRecord(db, create=False) as kept:
        entries = list(kept.rows())
    assert len(entries) == 80
    versions = set()
    for entry in entries:
        decision = json.loads(entry["decision"])
        versions.add(decision["regulation"]["version"])
        assert json.loads(entry["parameters"]) == [{"name": p["name"], "value": p["value"], "since": p["since"]}
                                                   for p in decision["parameters"]], entry["source"]
    assert {"2013", "2021"} <= versions                          # two rule books' values, side by side


def test_one_car_under_either_regulation_gets_each_ones_values_in_one_process():
    """A forced regulation looks its values up on a day its own days of force bound: the same day, other values."""
    import adjudicator as api

    for history in generate_histories(12, seed=4):
        for regulation in ("2013", "2021"):
            decision = api.adjudicate_warranty(history, regulation=regulation)
            entry = api.decision_entry("warranty", "test", json.dumps(history, ensure_ascii=False), decision, {})
            assert json.loads(entry.parameters) == [{"name": p.name, "value": p.value, "since": p.since.isoformat()}
                                                    for p in decision.parameters], (regulation, history["vehicle"])


def _china_day(case: Path) -> date:
    """The day the case was received in China: the day a complaint's profile values are looked up on."""
    moment = datetime.fromisoformat(json.loads(case.read_text(encoding="utf-8"))["received_at"])
    return (moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)).astimezone(CHINA_TZ).date()


def test_a_complaint_entry_holds_the_values_its_policy_profile_resolved(tmp_path):
    db = tmp_path / "record.sqlite3"
    assert cli("complaint", "check", str(CASE), "--record", "--db", str(db)).returncode == 0
    with DecisionRecord(db, create=False) as kept:
        (entry,) = kept.rows()
    recorded = json.loads(entry["parameters"])
    profile = builtin_profile("default")
    params = compiled_complaints(profile, _china_day(CASE)).params
    assert recorded == [{"name": p.name, "value": p.value, "since": p.since.isoformat()} for p in params.values()]
    assert {"first_contact_hours", "first_feedback_hours"} <= {p["name"] for p in recorded}


def test_history_shows_a_complaint_parameter_that_a_policy_file_changed(tmp_path):
    """The same case under the default profile, then in a batch under a carmaker's file giving 4 contact hours."""
    db, policy = tmp_path / "record.sqlite3", tmp_path / "maker.yaml"
    policy.write_text("profile: maker\nname: {zh: 厂家政策, en: Maker policy}\nextends: default\nparameters:\n"
                      "  first_contact_hours:\n    value: 4\n    source: {document: FAW-CRM, section: \"ch.2\"}\n",
                      encoding="utf-8")
    assert cli("complaint", "check", str(CASE), "--record", "--db", str(db)).returncode == 0
    run = cli("batch", str(CASE), "--kind", "complaint", "--policy", str(policy), "--record", "--db", str(db),
              "--workers", "1", "--no-progress", "-o", str(tmp_path / "out.jsonl"))
    assert run.returncode == 0, run.stderr
    with DecisionRecord(db, create=False) as kept:
        default, maker = (json.loads(e["parameters"]) for e in kept.rows())
    assert {p["name"]: p["value"] for p in default}["first_contact_hours"] == 2
    assert {p["name"]: p["value"] for p in maker}["first_contact_hours"] == 4
    case_id = json.loads(CASE.read_text(encoding="utf-8"))["id"]
    steps = json.loads(cli("history", case_id, "--db", str(db), "--format", "json").stdout)["decisions"]
    assert steps[0]["parameters"]["first_contact_hours"] == 4 and steps[1]["parameters"]["first_contact_hours"] == 2
    assert steps[0]["parameters_changed"] == [{"name": "first_contact_hours", "before": 2, "after": 4}]
    for lang, said in (("zh", "参数 first_contact_hours: 2 → 4"), ("en", "parameter first_contact_hours: 2 → 4")):
        table = cli("history", case_id, "--db", str(db), "--lang", lang)
        assert table.returncode == 0 and said in table.stdout, table.stdout


@pytest.mark.parametrize("codec", ["lz4", "zlib"])
def test_a_stored_text_unpacking_past_the_limit_or_broken_is_refused(monkeypatch, codec):
    from adjudicator.record import packing

    text = "三包".encode() * 500
    blob = packing.pack(text, codec)
    assert packing.unpack_bytes(blob, codec) == text and packing.unpack_bytes(packing.pack(b"", codec), codec) == b""
    monkeypatch.setattr(packing, "MAX_UNPACKED_BYTES", len(text) - 1)
    with pytest.raises(packing.Unpackable):
        packing.unpack_bytes(blob, codec)
    monkeypatch.undo()
    for broken in (blob[: len(blob) // 2], b"garbage"):
        with pytest.raises(packing.Unpackable):
            packing.unpack_bytes(broken, codec)
