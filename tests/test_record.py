"""The decision record: kept by --record on every deciding command, append-only and hash-chained (`record
verify` finds a changed, deleted or cut-off entry), owner-only, migrated by schema version, safe against a
killed batch and two writers at once; `history` on every bundled example; `record export --redact`."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adjudicator.record.packing import pack, unpack
from adjudicator.record.store import MIGRATIONS, SCHEMA_VERSION, DecisionRecord, RecordError
from adjudicator.warranty.synthetic import generate_histories

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120
WARRANTY_EXAMPLES = sorted((ROOT / "examples" / "warranty").glob("*.json"))
COMPLAINT_EXAMPLES = sorted((ROOT / "examples" / "complaints").glob("*.json"))


def cli(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "adjudicator", *args], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=ROOT, env={**os.environ, "LANG": "C.UTF-8", **(env or {})}, **kw)


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory) -> Path:
    """Every bundled warranty and complaint example recorded twice (the second time as of a later day)."""
    db = tmp_path_factory.mktemp("record") / "decisions.sqlite3"
    assert cli("warranty", "check", *map(str, WARRANTY_EXAMPLES), "--record", "--db", str(db)).returncode == 0
    assert cli("complaint", "check", *map(str, COMPLAINT_EXAMPLES), "--db", str(db), "--policy", "default",
               env={"ADJUDICATOR_RECORD": "1"}).returncode == 0
    again = cli("warranty", "check", str(WARRANTY_EXAMPLES[2]), "--as-of", "2024-12-31", "--record", "--db", str(db))
    assert again.returncode == 0, again.stderr
    return db


def test_every_decision_is_kept_with_what_it_was_decided_on(examples_db):
    with DecisionRecord(examples_db, create=False) as kept:
        entries = list(kept.rows())
    assert len(entries) == len(WARRANTY_EXAMPLES) + len(COMPLAINT_EXAMPLES) + 1
    first = entries[0]
    assert first["input"] == WARRANTY_EXAMPLES[0].read_text(encoding="utf-8")
    assert first["kind"] == "warranty" and first["rulebook_version"] == "2013" and first["evaluator"] == "durable_rules"
    decision = json.loads(first["decision"])
    assert first["subject"] == decision["vin"] and first["rulebook"] == decision["rulebook"]
    assert {p["name"] for p in json.loads(first["parameters"])} == {p["name"] for p in decision["parameters"]}
    assert first["program_version"] and first["decided_at"].endswith("+00:00") and len(first["input_sha256"]) == 64
    complaint = next(e for e in entries if e["kind"] == "complaint")
    assert json.loads(complaint["options"])["policy"] == "default"
    assert complaint["subject"] == json.loads(complaint["decision"])["id"]


def test_the_record_is_owner_only_in_wal_mode_and_verifies(examples_db):
    assert stat.S_IMODE(examples_db.stat().st_mode) == 0o600
    out = cli("record", "verify", "--db", str(examples_db), "--format", "json")
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] and report["entries"] == len(WARRANTY_EXAMPLES) + len(COMPLAINT_EXAMPLES) + 1
    assert report["schema_version"] == SCHEMA_VERSION
    with sqlite3.connect(examples_db) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_updates_and_deletes_are_refused(examples_db):
    db = sqlite3.connect(examples_db)
    for statement in ("UPDATE entries SET decision = '{}' WHERE seq = 1", "DELETE FROM entries WHERE seq = 1",
                      "DELETE FROM seals", "UPDATE schema_version SET version = 9"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)
    db.close()


def _copy(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.sqlite3"
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def _tamper(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER entries_no_UPDATE")
    db.execute("DROP TRIGGER entries_no_DELETE")
    blob, codec = db.execute("SELECT decision, codec FROM entries WHERE seq = 3").fetchone()
    decision = json.loads(unpack(blob, codec))
    decision["remedies"] = decision["remedies"][1:]
    rewritten = pack(json.dumps(decision).encode("utf-8"), codec)
    for statement in statements:
        db.execute(statement, {"rewritten": rewritten} if ":rewritten" in statement else {})
    db.commit()
    db.close()


@pytest.mark.parametrize(("statements", "named"), [
    (["UPDATE entries SET decision = :rewritten WHERE seq = 3"], "entry 3"),     # a remedy taken out, recompressed
    (["UPDATE entries SET decided_at = '2020-01-01T00:00:00+00:00' WHERE seq = 5"], "entry 5"),
    (["UPDATE entries SET input = CAST('garbage' AS BLOB) WHERE seq = 6"], "entry 6"),
    (["DELETE FROM entries WHERE seq = 4"], "entries 4–4 are missing"),
    (["DELETE FROM entries WHERE seq = (SELECT max(seq) FROM entries)"], "is gone (deleted)"),
])
def test_verify_names_a_changed_deleted_or_cut_off_entry(examples_db, tmp_path, statements, named):
    copy = _copy(examples_db, tmp_path)
    _tamper(copy, *statements)
    out = cli("record", "verify", "--db", str(copy), "--lang", "en")
    assert out.returncode == 1 and "TAMPERED" in out.stdout and named in out.stdout, out.stdout
    zh = cli("record", "verify", "--db", str(copy), "--lang", "zh")
    assert zh.returncode == 1 and "已被改动" in zh.stdout


def test_an_older_schema_is_migrated_and_a_newer_one_refused(tmp_path):
    path = tmp_path / "old.sqlite3"
    with DecisionRecord(path, migrations=MIGRATIONS[:1]) as old:
        assert old.schema_version() == 1
    with DecisionRecord(path) as kept:
        assert kept.schema_version() == SCHEMA_VERSION
        names = {r[0] for r in kept.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "entries_by_subject" in names
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version VALUES (99, 'from the future', 'x')")
    with pytest.raises(RecordError, match="schema version 99"):
        DecisionRecord(path)


def test_history_works_on_every_bundled_example(examples_db):
    subjects = [json.loads(p.read_text(encoding="utf-8"))["vehicle"]["vin"] for p in WARRANTY_EXAMPLES]
    subjects += [json.loads(p.read_text(encoding="utf-8"))["id"] for p in COMPLAINT_EXAMPLES]
    for subject in subjects:
        out = cli("history", subject, "--db", str(examples_db), "--format", "json")
        assert out.returncode == 0, out.stderr
        steps = json.loads(out.stdout)["decisions"]
        assert steps and steps[-1]["changes"] is None, subject
        for lang in ("zh", "en"):
            table = cli("history", subject, "--db", str(examples_db), "--lang", lang)
            assert table.returncode == 0 and subject in table.stdout


def test_history_says_what_changed_between_consecutive_decisions(examples_db):
    vin = json.loads(WARRANTY_EXAMPLES[2].read_text(encoding="utf-8"))["vehicle"]["vin"]
    steps = json.loads(cli("history", vin, "--db", str(examples_db), "--format", "json").stdout)["decisions"]
    assert len(steps) == 2 and steps[0]["seq"] > steps[1]["seq"]          # newest first
    newest = steps[0]
    assert newest["as_of"] == "2024-12-31" and newest["changes"]["changed"]
    changes = newest["changes"]
    assert changes["deadlines"] or changes["remedies_lost"] or changes["rules_no_longer_fired"] \
        or changes["verdict_before"] != changes["verdict_after"]


def test_a_redacted_export_masks_vins_and_drops_free_text(examples_db):
    whole = cli("record", "export", "--db", str(examples_db))
    redacted = cli("record", "export", "--db", str(examples_db), "--redact")
    assert whole.returncode == 0 and redacted.returncode == 0
    note = json.loads(COMPLAINT_EXAMPLES[0].read_text(encoding="utf-8"))["events"][0]["note"]
    vin = json.loads(WARRANTY_EXAMPLES[0].read_text(encoding="utf-8"))["vehicle"]["vin"]
    assert note in whole.stdout and vin in whole.stdout
    assert note not in redacted.stdout and vin not in redacted.stdout and vin[:3] + "*" * 14 in redacted.stdout
    rows = [json.loads(line) for line in redacted.stdout.splitlines()]
    assert all(r["redacted"] and r["entry_hash"] for r in rows)


# ---------------------------------------------------------------- batch: killed, and two writers at once


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("many") / "cars.jsonl"
    src.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in generate_histories(2000, seed=5)),
                   encoding="utf-8")
    return src


def test_a_batch_killed_mid_run_leaves_a_whole_record_holding_every_line_written(many, tmp_path):
    db, out = tmp_path / "killed.sqlite3", tmp_path / "out.jsonl"
    with out.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "adjudicator", "batch", str(many), "--record", "--db", str(db),
                                 "--workers", "2", "--no-progress"], stdout=sink, stderr=subprocess.DEVNULL, cwd=ROOT,
                                start_new_session=True)
        deadline = time.monotonic() + TIMEOUT
        while out.stat().st_size < 2_000_000 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)                 # the parent and its workers, with no warning
        proc.wait(timeout=TIMEOUT)
    assert proc.returncode == -signal.SIGKILL
    verified = cli("record", "verify", "--db", str(db), "--format", "json")
    assert verified.returncode == 0, verified.stdout
    lines = out.read_text(encoding="utf-8").split("\n")
    written = [json.loads(line) for line in lines[:-1]]       # the last piece may be a half-written line
    assert 0 < len(written) < 2000
    with DecisionRecord(db, create=False) as kept:
        recorded = {e["source"]: e["decision"] for e in kept.rows()}
    for row in written:
        if row["ok"]:
            assert json.loads(recorded[row["source"]]) == row["decision"], row["source"]
    assert json.loads(verified.stdout)["entries"] >= sum(r["ok"] for r in written)


def test_two_batches_recording_at_once_do_not_corrupt_the_record(many, tmp_path):
    db = tmp_path / "shared.sqlite3"
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    lines = many.read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(lines[:150]), encoding="utf-8")
    second.write_text("".join(lines[150:300]), encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, "-m", "adjudicator", "batch", str(src), "--record", "--db", str(db),
                               "--workers", "1", "--no-progress", "-o", str(src) + ".out"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT) for src in (first, second)]
    for proc in procs:
        assert proc.wait(timeout=TIMEOUT) in (0, 2), proc.stderr.read()
    verified = json.loads(cli("record", "verify", "--db", str(db), "--format", "json").stdout)
    decided = sum(json.loads(x)["ok"] for src in (first, second)
                  for x in Path(str(src) + ".out").read_text(encoding="utf-8").splitlines())
    assert verified["ok"] and verified["entries"] == decided


# ---------------------------------------------------------------- batch: chunks of entries, each as written out


def test_a_batch_stores_its_entries_in_chunks_each_entry_the_decision_exactly_as_its_line_holds_it(tmp_path):
    """A transaction costs as much as a couple of entries of its own: a batch stores RECORD_CHUNK lines in order
    at a time (it used to store each group of lines as soon as they were in order, about two). The entry keeps
    the decision's bytes the line is made of (one encoding for both), before the line's escapes."""
    from adjudicator.batch import RECORD_CHUNK, one_line, run_batch
    from adjudicator.io.records import Record
    from adjudicator.record.entry import batch_entry
    from tests.test_cli import HISTORY

    odd = json.loads(json.dumps(HISTORY))
    odd["visits"][0]["id"] = "RO-1\u2028\u2029\u0085x"        # escaped in the line, kept as it is in the record
    texts = [json.dumps(h, ensure_ascii=False) for h in [odd, *generate_histories(150, seed=8)]]
    records = [Record(i + 1, f"cars:{i + 1}", text=text, json_only=True) for i, text in enumerate(texts)]
    out, db = tmp_path / "out.jsonl", tmp_path / "chunks.sqlite3"
    with DecisionRecord(db) as kept, out.open("w", encoding="utf-8") as sink:
        result = run_batch(records, sink, kind="warranty", workers=2, record=(batch_entry, kept.append))
    assert result.records == len(texts) and result.recorded == len(texts)
    with sqlite3.connect(db) as raw:
        seals = [n for (n,) in raw.execute("SELECT entries FROM seals ORDER BY id")]
    assert sum(seals) == len(texts)
    assert len(seals) <= -(-len(texts) // RECORD_CHUNK), seals     # at least RECORD_CHUNK a transaction
    with DecisionRecord(db, create=False) as kept:
        recorded = {e["source"]: e for e in kept.rows()}
    marker = b', "decision": '
    for line in out.read_bytes().splitlines():
        source = json.loads(line)["source"]
        written = line[line.index(marker) + len(marker):-1]
        assert one_line(recorded[source]["decision"]).encode("utf-8") == written, source
    assert "RO-1\u2028\u2029\u0085x" in recorded["cars:1"]["decision"]
    with DecisionRecord(db, create=False) as kept:
        assert kept.verify().ok


def _recorded_sources(db: Path) -> list[str]:
    with DecisionRecord(db, create=False) as kept:
        assert kept.verify().ok
        return [e["source"] for e in kept.rows()]


def test_a_batch_stopped_by_sigterm_records_and_writes_the_lines_in_hand_and_nothing_else(many, tmp_path):
    """Lines wait in the parent for their chunk: a stop stores and writes them, as a run without a record would."""
    db, out = tmp_path / "stopped.sqlite3", tmp_path / "out.jsonl"
    with out.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "adjudicator", "batch", str(many), "--record", "--db", str(db),
                                 "--workers", "2", "--no-progress"], stdout=sink, stderr=subprocess.PIPE, cwd=ROOT)
        deadline = time.monotonic() + TIMEOUT
        while out.stat().st_size < 500_000 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 128 + signal.SIGTERM, err
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(written) < 2000
    assert [r["record"] for r in written] == list(range(1, len(written) + 1))
    assert sorted(_recorded_sources(db)) == sorted(r["source"] for r in written if r["ok"])


def test_a_batch_whose_worker_dies_records_exactly_the_lines_it_writes(many, tmp_path):
    """A record that kills its worker once is retried in a fresh one; the lines before it are stored meanwhile."""
    src, db, out, marks = tmp_path / "cars.jsonl", tmp_path / "crash.sqlite3", tmp_path / "out.jsonl", tmp_path / "m"
    marks.mkdir()
    src.write_text("".join(many.read_text(encoding="utf-8").splitlines(keepends=True)[:120]), encoding="utf-8")
    run = cli("batch", str(src), "--record", "--db", str(db), "--workers", "2", "--no-progress", "-o", str(out),
              env={"ADJUDICATOR_TEST_CRASH_ON_RECORDS": "40,90", "ADJUDICATOR_TEST_CRASH_ONCE_FOLDER": str(marks)})
    assert run.returncode in (0, 3), run.stderr
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["record"] for r in written] == list(range(1, 121))
    assert _recorded_sources(db) == [r["source"] for r in written if r["ok"]]     # in input order, each once
