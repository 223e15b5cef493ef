"""Stable outputs (issue 9, Build item 5): `warranty check` and `complaint check` with several files give one JSON
shape — a list, one entry per file in the order given, each with its source, bad files as error entries — and
every decision carries its `format_version`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli
from adjudicator.core.output_format import FORMAT_VERSION

ROOT = Path(__file__).resolve().parents[1]
CAR = next(p for p in sorted((ROOT / "examples" / "warranty").glob("*.json")))
CASE = ROOT / "examples" / "complaints" / "c1_withdrew.json"


@pytest.mark.parametrize(("command", "good"), [(["warranty", "check"], CAR), (["complaint", "check"], CASE)])
def test_several_files_give_a_list_of_entries_with_bad_files_in_place(tmp_path, command, good):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    missing = tmp_path / "missing.json"
    r = CliRunner().invoke(cli, [*command, str(good), str(bad), str(missing), str(good), "--format", "json",
                                 "--lang", "en"])
    assert r.exit_code == 2
    entries = json.loads(r.stdout)
    assert [e["record"] for e in entries] == [1, 2, 3, 4]
    assert [e["source"] for e in entries] == [str(good), str(bad), str(missing), str(good)]
    assert [e["ok"] for e in entries] == [True, False, False, True]
    assert entries[0]["decision"] == entries[3]["decision"]
    assert entries[0]["decision"]["format_version"] == FORMAT_VERSION
    assert set(entries[1]) == {"record", "source", "ok", "error"} and set(entries[1]["error"]) == {"field", "message"}
    assert "no such file" in entries[2]["error"]["message"].lower()
    assert str(bad) in r.stderr                                   # still said on stderr for a person


@pytest.mark.parametrize(("command", "good"), [(["warranty", "check"], CAR), (["complaint", "check"], CASE)])
def test_all_bad_files_still_give_the_list(tmp_path, command, good):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    r = CliRunner().invoke(cli, [*command, str(bad), str(bad), "--format", "json"])
    assert r.exit_code == 2 and [e["ok"] for e in json.loads(r.stdout)] == [False, False]


def test_one_file_gives_its_decision(tmp_path):
    r = CliRunner().invoke(cli, ["warranty", "check", str(CAR), "--format", "json"])
    assert json.loads(r.stdout)["format_version"] == FORMAT_VERSION


def test_every_decision_has_a_format_version():
    warranty = api.adjudicate_warranty(api.load_history(CAR))
    complaint = api.check_complaint(api.load_complaint(CASE))
    log = api.read_crm_logs(next((ROOT / "examples" / "followup").glob("*.csv")))[0]
    followup = api.check_followup(log)
    for decision in (warranty, complaint, followup):
        dumped = json.loads(decision.model_dump_json())
        assert next(iter(dumped)) == "format_version" and dumped["format_version"] == FORMAT_VERSION
    for name in ("warranty-decision", "complaint-decision"):
        r = CliRunner().invoke(cli, ["schema", name])
        assert "format_version" in json.loads(r.stdout)["properties"]


def test_every_published_schema_names_itself_and_its_dialect():
    import adjudicator as api

    for name in api.schemas():
        document = api.schema_document(name)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"] == f"urn:adjudicator:schema:{name}:1"


def test_batch_lines_match_the_batch_line_schema(tmp_path):
    import json

    from click.testing import CliRunner

    import adjudicator as api
    from adjudicator.catalog import BatchLine
    from adjudicator.commands.main import cli

    out = tmp_path / "out.jsonl"
    CliRunner().invoke(cli, ["batch", "examples/batch/dealer_export.csv", "-o", str(out), "--no-progress"])
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all(BatchLine.model_validate(line) for line in lines)
    assert "batch-line" in api.schemas()
