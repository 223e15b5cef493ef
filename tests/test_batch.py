"""`adjudicator batch`: every input shape, one line per record in input order, bad records reported, interrupts
leave a valid file."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from adjudicator.batch import count_records, records_of
from adjudicator.commands.main import cli
from adjudicator.complaints.synthetic import generate_complaints
from adjudicator.warranty.synthetic import generate_histories


def read_records(source, stdin=None):
    return records_of(source, "warranty", stdin)


ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "examples" / "batch" / "dealer_export.csv"


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["batch", *args], input=stdin)


def lines(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines() if x.strip()]


def test_csv_export_is_grouped_by_vin_and_visit():
    out = lines(run(str(CSV)).stdout)
    assert [r["record"] for r in out] == [1, 2, 3]
    first = out[0]["decision"]
    assert first["vin"] == "LFV2A21K8P3000011"
    assert first["regulation"]["version"] == "2021"
    # five visits for the same valve body: more than 4 repairs under 2021 art. 24(1)(4)
    assert any(r["rule_id"] == "w2021.same_problem_repeat" for r in first["remedies"])
    assert out[1]["decision"]["vin"] == "LGBH52E02NY000022"
    assert out[2]["ok"] is False and out[2]["error"]["field"] == "vehicle.usage"
    assert "row 9" in out[2]["source"]


def test_csv_with_unknown_column_is_one_error_record(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("vin,colour\nLFV2A21K8P3000011,red\n", encoding="utf-8")
    r = run(str(bad))
    assert r.exit_code == 2
    (rec,) = lines(r.stdout)
    assert "colour" in rec["error"]["message"] and "vin" in rec["error"]["message"]


def test_json_array_folder_and_stdin_give_the_same_decisions(tmp_path):
    histories = list(generate_histories(6, seed=2))
    array = tmp_path / "cars.json"
    array.write_text(json.dumps(histories, ensure_ascii=False), encoding="utf-8")
    folder = tmp_path / "cars"
    folder.mkdir()
    for i, h in enumerate(histories):
        (folder / f"{i:02d}.json").write_text(json.dumps(h, ensure_ascii=False), encoding="utf-8")
    jsonl = "".join(json.dumps(h, ensure_ascii=False) + "\n" for h in histories)
    results = [lines(run(str(array)).stdout), lines(run(str(folder)).stdout), lines(run("-", stdin=jsonl).stdout),
               lines(run("-", stdin=json.dumps(histories)).stdout)]
    decisions = [[r.get("decision") for r in res] for res in results]
    assert all(len(d) == 6 for d in decisions)
    assert decisions[0] == decisions[1] == decisions[2] == decisions[3]


def test_complaints_in_batch():
    cases = list(generate_complaints(20, seed=4))
    r = run("-", "--kind", "complaint", stdin="".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases))
    out = lines(r.stdout)
    assert r.exit_code == 0, r.stderr
    assert [x["record"] for x in out] == list(range(1, 21)) and all(x["ok"] for x in out)
    assert "may_close" in r.stderr or "open" in r.stderr


def test_summary_table_counts_outcomes(tmp_path):
    r = run(str(ROOT / "examples" / "warranty"))
    assert "records" in r.stderr and "remedy:replace" in r.stderr and "out_of_scope" in r.stderr


def test_count_records_for_the_eta(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"a": 1}\n\n{"b": 2}\n', encoding="utf-8")
    assert count_records(str(p)) == 2
    assert count_records("-") is None
    assert count_records(str(ROOT / "examples" / "warranty")) == len(list(read_records(str(ROOT / "examples" /
                                                                                          "warranty"))))


def test_missing_input_exits_2(tmp_path):
    r = run(str(tmp_path / "nope.jsonl"))
    assert r.exit_code == 2 and "no such file" in r.stderr


def test_csv_columns_are_documented():
    r = CliRunner().invoke(cli, ["batch", "--csv-columns"])
    assert r.exit_code == 0 and "visit_id" in r.stdout and "claim_odometer_km" in r.stdout


def test_interrupted_run_leaves_a_valid_file_of_completed_records(tmp_path):
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in generate_histories(3000, seed=9)),
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "adjudicator", "batch", str(src), "-o", str(out), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.time() + 120

    def written() -> int:                     # lines go to a temporary file beside the output until the end
        return sum(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*.partial"))

    while time.time() < deadline and written() < 200_000:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]   # every line is whole JSON
    assert 0 < len(rows) < 3000
    assert [r["record"] for r in rows] == list(range(1, len(rows) + 1))
    assert f"{len(rows)} records completed" in err.decode()
