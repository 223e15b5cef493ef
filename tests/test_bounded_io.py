"""Nothing lost, nothing unbounded: JSONL or a document by content; the output never an input, written beside
itself and put in place; full disks reported with what was written; CR-only CSV; lines split on \\n only; a date
for complaint --as-of; every read with a size and a time limit; a history too large refused up front."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from adjudicator.batch import records_of
from adjudicator.commands.main import cli
from adjudicator.complaints.synthetic import generate_complaints
from adjudicator.warranty.synthetic import generate_histories

ROOT = Path(__file__).resolve().parents[1]
CARS = [json.dumps(h, ensure_ascii=False) for h in generate_histories(4, seed=5)]


def cli_run(*args: str, stdin: str | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, env={"LANG": "C.UTF-8", **(env or {})})


def out_rows(text: str) -> list[dict]:
    return [json.loads(x) for x in text.split("\n") if x.strip()]


def test_jsonl_whose_first_line_is_an_array_keeps_every_record():
    stdin = "[1, 2]\n" + "\n".join(CARS) + "\n"
    got = out_rows(cli_run("batch", "-", "--workers", "1", stdin=stdin).stdout)
    assert [x["ok"] for x in got] == [False, True, True, True, True]
    assert "JSON array" in got[0]["error"]["message"]


def test_jsonl_in_a_json_file_and_a_broken_first_line_are_still_jsonl(tmp_path):
    named_json = tmp_path / "cars.json"
    named_json.write_text("not json\r\n" + "\r\n".join(CARS) + "\r\n", encoding="utf-8")
    recs = list(records_of(str(named_json), "warranty"))
    assert [r.source for r in recs] == [f"{named_json}:{i}" for i in range(1, 6)]
    array = tmp_path / "one.json"
    array.write_text("[\n" + ",\n".join(CARS[:2]) + "\n]\n", encoding="utf-8")
    assert [r.source for r in records_of(str(array), "warranty")] == [f"{array}[0]", f"{array}[1]"]


def test_u2028_inside_a_record_does_not_split_it(tmp_path):
    case = next(iter(generate_complaints(1, seed=3)))
    case["events"][0]["note"] = "line\u2028sep\x85next"
    src = tmp_path / "cases.jsonl"
    src.write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    assert len(list(records_of(str(src), "complaint"))) == 1
    r = cli_run("complaint", "watch", str(src), "--format", "json")
    assert r.exit_code in (0, 5) and not r.stderr, r.stderr         # 5: the case has an overdue item


def test_output_that_is_the_input_is_refused_before_anything_is_touched(tmp_path):
    src = tmp_path / "cars.jsonl"
    src.write_text("\n".join(CARS) + "\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(src)
    for target in (src, link):
        r = cli_run("batch", str(src), "-o", str(target))
        assert r.exit_code == 2 and "is the input" in r.stderr
    assert src.read_text(encoding="utf-8") == "\n".join(CARS) + "\n"
    r = cli_run("batch", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert r.exit_code == 2 and "inside the input folder" in r.stderr


def test_a_full_disk_is_exit_2_with_what_was_written():
    r = cli_run("batch", str(ROOT / "examples" / "warranty"), "-o", "/dev/full", "--workers", "1")
    assert r.exit_code == 2
    assert "No space left on device" in r.stderr and "complete lines written" in r.stderr and "records" in r.stderr


def test_an_unwritable_output_is_exit_2_with_a_clear_message(tmp_path):
    r = cli_run("batch", str(ROOT / "examples" / "warranty"), "-o", str(tmp_path / "no" / "out.jsonl"))
    assert r.exit_code == 2 and "cannot write" in r.stderr


def test_resume_continues_from_the_last_complete_line(tmp_path):
    src = tmp_path / "cars.jsonl"
    src.write_text("\n".join(CARS) + "\n", encoding="utf-8")
    full = tmp_path / "full.jsonl"
    assert cli_run("batch", str(src), "-o", str(full), "--workers", "1").exit_code == 0
    lines = full.read_bytes().split(b"\n")
    part = tmp_path / "part.jsonl"
    part.write_bytes(b"\n".join(lines[:2]) + b"\n" + lines[2][:50])       # two lines and a cut third
    r = cli_run("batch", str(src), "-o", str(part), "--resume", "--workers", "1")
    assert r.exit_code == 0, r.stderr
    assert part.read_bytes() == full.read_bytes() and "resumed" in r.stderr
    other = tmp_path / "other.jsonl"
    other.write_text("\n".join(CARS[1:]) + "\n", encoding="utf-8")
    r = cli_run("batch", str(other), "-o", str(part), "--resume")
    assert r.exit_code == 2 and "does not belong to this input" in r.stderr


def test_cr_only_csv_is_read(tmp_path):
    csv = (ROOT / "examples" / "batch" / "dealer_export.csv").read_text(encoding="utf-8")
    cr = tmp_path / "cr.csv"
    cr.write_bytes(csv.replace("\r\n", "\n").replace("\n", "\r").encode("utf-8"))
    got = out_rows(cli_run("batch", str(cr), "--workers", "1").stdout)
    assert [x["record"] for x in got] == [1, 2, 3] and got[0]["ok"]


def test_complaint_as_of_takes_a_date_meaning_the_end_of_that_day():
    cases = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in generate_complaints(3, seed=4))
    by_date = out_rows(cli_run("batch", "-", "--kind", "complaint", "--as-of", "2025-12-20", "--workers", "1",
                               stdin=cases).stdout)
    by_time = out_rows(cli_run("batch", "-", "--kind", "complaint", "--as-of", "2025-12-20T23:59:59",
                               "--workers", "1", stdin=cases).stdout)
    assert all(x["ok"] for x in by_date) and by_date == by_time


def test_devices_are_too_large_at_once_for_every_door():
    examples = sorted(str(p) for p in (ROOT / "examples" / "complaints").glob("*.json"))[:1]
    started = time.time()
    for args in (["warranty", "check", "/dev/zero"], ["complaint", "check", "/dev/zero"],
                 ["complaint", "watch", "/dev/zero"], ["complaint", "check", *examples, "--policy", "/dev/zero"],
                 ["complaint", "check", *examples, "--calendar", "/dev/zero"]):
        r = cli_run(*args)
        assert r.exit_code == 2 and "too large" in r.stderr, (args, r.stderr)
    r = cli_run("batch", "/dev/zero", "--workers", "1")
    assert r.exit_code == 2 and "too large" in out_rows(r.stdout)[0]["error"]["message"]
    assert time.time() - started < 10


def test_a_fifo_with_no_writer_is_an_error_after_the_time_limit(tmp_path):
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    env = {**os.environ, "ADJUDICATOR_READ_TIMEOUT": "0.5", "LANG": "zh_CN.UTF-8"}
    for args in (["warranty", "check", str(fifo)], ["batch", str(fifo), "--workers", "1"]):
        r = subprocess.run([sys.executable, "-m", "adjudicator", *args], capture_output=True, text=True, timeout=30,
                           env=env, cwd=ROOT)
        assert r.returncode == 2
        assert "0.5 秒内没有读到任何数据" in r.stderr + r.stdout, r.stderr


def test_a_history_too_large_for_a_second_is_refused_up_front():
    h = json.loads(CARS[0])
    visit = h["visits"][0] if h["visits"] else None
    assert visit is not None
    h["visits"] = [dict(visit, id=f"RO-{i}", items=[visit["items"][0]] * 100) for i in range(201)]
    started = time.time()
    r = cli_run("batch", "-", "--workers", "1", stdin=json.dumps(h) + "\n" + CARS[1] + "\n")
    got = out_rows(r.stdout)
    assert time.time() - started < 10
    assert "20,100 repair items" in got[0]["error"]["message"] and "limit is 20,000" in got[0]["error"]["message"]
    assert got[1]["ok"]
