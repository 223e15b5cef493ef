"""Options where users look (issue 9, Build item 4): --calendar and --strict-calendar on `warranty check` and
`batch`, --policy and --regulation on `batch`, a bad --policy listing the built-in ids in the user's language,
and `complaint watch` judging every case at one moment, saying so, and exiting 5 when something is overdue."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli

ROOT = Path(__file__).resolve().parents[1]
COMPLAINTS = ROOT / "examples" / "complaints"

# a request made in 2027, a year the installed calendar has no official notice for
CAR_2027 = {"vehicle": {"vin": "LSVNV2182N2000001", "usage": "household"},
            "purchase": {"invoice_date": "2026-09-01", "price_yuan": 150000}, "visits": [],
            "claim": {"date": "2027-02-20", "odometer_km": 2100, "request": "return", "requested_on": "2027-02-01"}}
# the year as its notice would give it: here two rest days right after the request and no Spring Festival
# (the estimate without a notice keeps the statutory festival days), so the 10-working-day reply is due on 02-17
SUPPLEMENT = "2027:\n  holidays: [2027-02-02, 2027-02-03]\n  workdays: []\n"


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, env={"COLUMNS": "400"})   # no line wraps


@pytest.fixture()
def files(tmp_path):
    car = tmp_path / "car2027.json"
    car.write_text(json.dumps(CAR_2027), encoding="utf-8")
    cars = tmp_path / "cars.jsonl"
    cars.write_text(json.dumps(CAR_2027) + "\n" + json.dumps(CAR_2027) + "\n", encoding="utf-8")
    calendar = tmp_path / "cal2027.yaml"
    calendar.write_text(SUPPLEMENT, encoding="utf-8")
    return car, cars, calendar


def _reply_due(decision: dict) -> str:
    return next(d["due"] for d in decision["deadlines"] if d["code"] == "seller_reply")


def test_warranty_check_takes_a_calendar(files):
    car, _, calendar = files
    plain = json.loads(invoke("warranty", "check", str(car), "--format", "json").stdout)
    assert any(w["code"] == "calendar_not_covered" for w in plain["warnings"])
    given = json.loads(invoke("warranty", "check", str(car), "--format", "json", "--calendar", str(calendar)).stdout)
    assert not any(w["code"] == "calendar_not_covered" for w in given["warnings"])
    assert _reply_due(given) == "2027-02-17" != _reply_due(plain)
    strict = invoke("warranty", "check", str(car), "--strict-calendar")
    assert strict.exit_code == 2 and "calendar: no official holiday notice for 2027" in strict.stderr
    assert invoke("warranty", "check", str(car), "--strict-calendar", "--calendar", str(calendar)).exit_code == 0
    missing = invoke("warranty", "check", str(car), "--calendar", str(car.parent / "none.yaml"))
    assert missing.exit_code == 2 and "--calendar" in missing.stderr


def test_the_api_takes_a_calendar(files):
    _, _, calendar = files
    assert _reply_due(api.adjudicate_warranty(CAR_2027, calendar=str(calendar)).model_dump(mode="json")) == \
        "2027-02-17"
    with pytest.raises(api.CalendarNotCovered):
        api.adjudicate_warranty(CAR_2027, strict_calendar=True)


def test_batch_takes_a_calendar_and_a_regulation(files):
    car, cars, calendar = files
    plain = [json.loads(x) for x in invoke("batch", str(cars), "--workers", "1").stdout.splitlines()]
    given = [json.loads(x) for x in invoke("batch", str(cars), "--workers", "1", "--calendar",
                                           str(calendar)).stdout.splitlines()]
    assert [_reply_due(x["decision"]) for x in given] == [_reply_due(given[0]["decision"])] * 2
    assert _reply_due(given[0]["decision"]) == "2027-02-17" != _reply_due(plain[0]["decision"])
    strict = invoke("batch", str(cars), "--workers", "1", "--strict-calendar")
    assert strict.exit_code == 2
    assert [json.loads(x)["error"]["field"] for x in strict.stdout.splitlines()] == ["calendar", "calendar"]
    forced = [json.loads(x) for x in invoke("batch", str(cars), "--workers", "1", "--regulation",
                                            "2013").stdout.splitlines()]
    assert {x["decision"]["regulation"]["version"] for x in forced} == {"2013"}
    assert {x["decision"]["regulation"]["forced"] for x in forced} == {True}
    bad = invoke("batch", str(cars), "--calendar", str(car))
    assert bad.exit_code == 2 and "--calendar" in bad.stderr and bad.stdout == ""


def test_batch_takes_a_policy(tmp_path):
    cases = COMPLAINTS / "cases.jsonl"
    default = [json.loads(x)["decision"]["profile"] for x in
               invoke("batch", str(cases), "--kind", "complaint", "--workers", "1").stdout.splitlines()]
    faw = [json.loads(x)["decision"]["profile"] for x in
           invoke("batch", str(cases), "--kind", "complaint", "--workers", "1", "--policy",
                  "faw-crm").stdout.splitlines()]
    assert set(default) == {"default"} and set(faw) == {"faw-crm"} and len(faw) == len(default)
    assert invoke("batch", str(cases), "--policy", "faw-crm").exit_code == 2          # warranty: no policy
    assert invoke("batch", str(cases), "--kind", "complaint", "--regulation", "2021").exit_code == 2


@pytest.mark.parametrize("command", [["complaint", "check", str(COMPLAINTS / "c1_withdrew.json")],
                                     ["complaint", "watch", str(COMPLAINTS / "cases.jsonl")],
                                     ["batch", str(COMPLAINTS / "cases.jsonl"), "--kind", "complaint"]])
def test_a_bad_policy_lists_the_built_in_ids(command):
    en = invoke(*command, "--policy", "faw", "--lang", "en")
    assert en.exit_code == 2
    assert "unknown policy profile 'faw' (built-in: default, dfp-course, faw-crm, cs-cms" in en.stderr
    assert "No such file" not in en.stderr
    zh = invoke(*command, "--policy", "faw", "--lang", "zh")
    assert "未知的策略配置 'faw'（内置：default、dfp-course、faw-crm、cs-cms" in zh.stderr


def test_a_bad_followup_policy_lists_its_built_in_ids():
    log = next(p for p in (ROOT / "examples" / "followup").iterdir() if p.suffix in (".json", ".csv", ".jsonl"))
    r = invoke("followup", "check", str(log), "--policy", "faw", "--lang", "en")
    assert r.exit_code == 2 and "(built-in: default, revisit, faw-crm" in r.stderr
    with pytest.raises(api.FollowupPolicyError):
        api.resolve_followup_policy("faw")


def test_watch_judges_every_case_at_one_moment_and_says_so():
    cases = COMPLAINTS / "cases.jsonl"
    r = invoke("complaint", "watch", str(cases), "--format", "json")
    out = json.loads(r.stdout)
    moments = {c["as_of"] for c in out["cases"]}
    assert moments == {out["as_of"]}                       # one "now" for every case, said in the output
    now = datetime.now(api.CHINA_TZ)
    assert abs((datetime.fromisoformat(out["as_of"]) - now).total_seconds()) < 120
    table = invoke("complaint", "watch", str(cases), "--lang", "en")
    assert "every case judged at the same moment" in table.stdout.splitlines()[-1]
    zh = invoke("complaint", "watch", str(cases), "--lang", "zh")
    assert "所有案件均按同一时间" in zh.stdout


def test_watch_exits_5_when_something_is_overdue_and_0_when_nothing_is(tmp_path):
    overdue = invoke("complaint", "watch", str(COMPLAINTS / "cases.jsonl"))
    assert overdue.exit_code == 5
    closed = tmp_path / "closed.jsonl"
    case = json.loads((COMPLAINTS / "c1_withdrew.json").read_text(encoding="utf-8"))
    closed.write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    r = invoke("complaint", "watch", str(closed), "--format", "json")
    assert json.loads(r.stdout)["counts"]["overdue"] == 0
    assert r.exit_code == 0, r.output
