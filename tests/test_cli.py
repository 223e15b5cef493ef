"""The command line as warranty staff use it: exit codes, messages, languages, tables that line up."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from adjudicator.commands.main import cli
from adjudicator.commands.options import default_lang

HISTORY = {
    "vehicle": {"vin": "LSVNV2182N2000001", "usage": "household", "powertrain": "ice", "body": "passenger_car"},
    "purchase": {"invoice_date": "2023-03-01", "delivery_date": "2023-03-03", "price_yuan": 150000,
                 "delivery_odometer_km": 12, "has_invoice": True, "has_certificate": True},
    "certificate": {"repair_warranty": {"years": 3, "km": 100000}, "return_period": {"years": 2, "km": 50000},
                    "use_coefficient_pct": 0.5},
    "disclosed_defects": [],
    "visits": [{"id": "RO-1001", "opened_at": "2023-03-20T09:00:00+08:00", "closed_at": "2023-03-22T17:00:00+08:00",
                "odometer_km": 1850, "excluded_hours": 0,
                "items": [{"problem": "brake-master-cylinder", "description": "制动总泵失效，踏板无力", "system": "brake",
                           "action": "replace_part", "main_part": True, "quality_problem": True,
                           "serious_safety_fault": True, "failure_mode": "brake_failure", "cause": "quality",
                           "fixed": False}]}],
    "claim": {"date": "2023-04-01", "odometer_km": 2100, "request": "return"}}


@pytest.fixture
def car(tmp_path: Path) -> Path:
    p = tmp_path / "car.json"
    p.write_text(json.dumps(HISTORY, ensure_ascii=False), encoding="utf-8")
    return p


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_prints_remedies_with_articles_in_chinese(car):
    r = run("warranty", "check", str(car), "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert "2021年版" in r.output and "第二十三条" in r.output and "退货" in r.output and "RO-1001" in r.output


def test_check_in_english(car):
    r = run("warranty", "check", str(car), "--lang", "en")
    assert r.exit_code == 0 and "Remedies the consumer may now choose" in r.output


def test_table_columns_line_up_with_chinese_text(car):
    r = run("warranty", "check", str(car), "--lang", "zh")
    for block in r.output.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith(("│", "┌", "├", "└"))]
        if rows:
            assert len({wcswidth(line) for line in rows}) == 1, block


def test_json_output_is_a_decision(car):
    r = run("warranty", "check", str(car), "--format", "json")
    d = json.loads(r.output)
    assert d["regulation"]["version"] == "2021"
    assert {x["code"] for x in d["remedies"]} >= {"replace", "return", "free_repair"}


def test_json_output_is_byte_identical_across_runs(car):
    assert run("warranty", "check", str(car), "--format", "json").output == \
        run("warranty", "check", str(car), "--format", "json").output


def test_several_files_give_a_json_array(car):
    r = run("warranty", "check", str(car), str(car), "--format", "json")
    assert isinstance(json.loads(r.output), list)


def test_markdown_output(car):
    r = run("warranty", "check", str(car), "--format", "markdown", "--lang", "zh")
    assert r.output.startswith("# 三包裁决") and "| 救济" in r.output


def test_forced_regulation_and_as_of(car):
    r = run("warranty", "check", str(car), "--regulation", "2013", "--as-of", "2023-03-25", "--format", "json")
    d = json.loads(r.output)
    assert d["regulation"]["version"] == "2013" and d["regulation"]["forced"] and d["as_of"] == "2023-03-25"


def test_evaluators_agree_through_the_cli(car):
    a = json.loads(run("warranty", "check", str(car), "--format", "json").output)
    b = json.loads(run("warranty", "check", str(car), "--format", "json", "--evaluator", "python").output)
    a.pop("evaluator"), b.pop("evaluator")
    assert a == b


@pytest.mark.parametrize("mutate,field", [
    (lambda h: h["visits"][0].update(closed_at="2023-03-19T09:00:00+08:00"), "visits[0]"),
    (lambda h: h["visits"][0].update(opened_at="2023-02-01T09:00:00+08:00", closed_at="2023-02-02"), "visits[0]"),
    (lambda h: h["claim"].update(odometer_km=100), "claim.odometer_km"),
    (lambda h: h["vehicle"].update(usage="taxi"), "vehicle.usage"),
    (lambda h: h["purchase"].update(price_yuan=-5), "purchase.price_yuan"),
    (lambda h: h["purchase"].update(price_yuan="150000"), "purchase.price_yuan"),
    (lambda h: h["visits"][0]["items"][0].update(colour="red"), "visits[0].items[0].colour"),
    (lambda h: h["visits"].append(dict(h["visits"][0])), "visits[1].id"),
])
def test_bad_input_exits_2_with_file_and_field(tmp_path, mutate, field):
    h = json.loads(json.dumps(HISTORY))
    mutate(h)
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(h), encoding="utf-8")
    r = CliRunner().invoke(cli, ["warranty", "check", str(p)])
    assert r.exit_code == 2, r.output
    assert str(p) in r.stderr and field in r.stderr and "Traceback" not in r.output + r.stderr


def test_unreadable_and_non_json_files_exit_2(tmp_path):
    missing = CliRunner().invoke(cli, ["warranty", "check", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"{\xff\xfe")
    r = CliRunner().invoke(cli, ["warranty", "check", str(junk)])
    assert r.exit_code == 2 and "UTF-8" in r.stderr


def test_yaml_input_is_accepted(tmp_path):
    import yaml

    p = tmp_path / "car.yaml"
    p.write_text(yaml.safe_dump(HISTORY, allow_unicode=True), encoding="utf-8")
    assert run("warranty", "check", str(p), "--format", "json").exit_code == 0


def test_good_files_are_decided_even_when_one_is_bad(car, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    r = CliRunner().invoke(cli, ["warranty", "check", str(car), str(bad), "--format", "json"])
    assert r.exit_code == 2 and json.loads(r.stdout)[0]["decision"]["vin"] == "LSVNV2182N2000001"


def test_rules_list_and_show():
    r = run("rules", "list", "--version", "2021", "--lang", "zh")
    assert r.exit_code == 0 and "w2021.same_problem_repeat" in r.output and "第二十四条" in r.output
    r = run("rules", "show", "w2021.same_problem_repeat", "--lang", "zh")
    assert r.exit_code == 0 and "same_problem_repairs_limit" in r.output and "4" in r.output
    assert "第二十四条第一款（四）" in r.output


def test_rules_show_unknown_rule_exits_2():
    r = CliRunner().invoke(cli, ["rules", "show", "w2021.nope"])
    assert r.exit_code == 2 and "no rule" in r.stderr


def test_schema_prints_json_schema():
    r = run("schema", "warranty-input")
    assert json.loads(r.output)["title"] == "VehicleHistory"
    assert "warranty-decision" in run("schema").output


def test_default_language_follows_the_locale(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_lang() == "zh"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert default_lang() == "en"


def test_python_dash_m_runs_the_cli(car):
    r = subprocess.run([sys.executable, "-m", "adjudicator", "warranty", "check", str(car), "--lang", "en"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Remedies" in r.stdout


def test_non_editable_install_works_from_any_directory(tmp_path):
    """Build the wheel, install it (without dependencies, which this environment has) into a fresh target and
    run it from an unrelated directory: the rule files and features must ship inside the package."""
    root = Path(__file__).resolve().parents[1]
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(wheels), str(root)], check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("adjudicator-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "adjudicator/rules/warranty/reg2021.yaml" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    car = elsewhere / "car.json"
    car.write_text(json.dumps(HISTORY), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(target))
    code = "import adjudicator, sys; print(adjudicator.__file__); from adjudicator.commands.main import main; main()"
    r = subprocess.run([sys.executable, "-c", code, "warranty", "check", "car.json", "--format", "json"],
                       cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    first, rest = r.stdout.split("\n", 1)
    assert first.startswith(str(target))
    assert json.loads(rest)["regulation"]["version"] == "2021"
    assert "adjudicator/rules/warranty/law/reg2021.yaml" in names
    code = ("import adjudicator.warranty.rulebook as r; t = r.warranty_law_texts()['SAMR-43']; "
            "print(r.__file__); print(len(t.articles), t.article('第二十八条').paragraph('第二款').text[:6])")
    r = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    first, rest = r.stdout.split("\n", 1)
    assert first.startswith(str(target)) and rest.strip() == "42 符合更换或者"


def test_every_problem_of_a_json_file_is_listed(tmp_path):
    """Each problem with its field path, never "(and 12 more problem(s))"."""
    path = tmp_path / "car.json"
    path.write_text(json.dumps({"vehicle": {"vin": "x", "usage": "household"}, "purchase": {
        "invoice_date": "2023-03-01", "price_yuan": -1}, "claim": {"date": "2023-04-01", "odometer_km": 5}}),
                    encoding="utf-8")
    r = CliRunner().invoke(cli, ["warranty", "check", str(path)])
    assert r.exit_code == 2 and "more problem" not in r.stderr
    assert "vehicle.vin" in r.stderr and "purchase.price_yuan" in r.stderr
