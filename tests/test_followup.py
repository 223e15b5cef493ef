"""The follow-up domain: input errors that name the field in English and Chinese, the three input shapes agreeing,
engine and oracle agreeing on generated logs, profiles (a dealer's file, working days), the command line."""
from __future__ import annotations

import copy
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli
from adjudicator.followup.decide import call_list, check_followup
from adjudicator.followup.duty_specs import duty_book
from adjudicator.followup.load import read_logs
from adjudicator.followup.rows import COLUMNS, rows_of_log
from adjudicator.followup.rulebook import (
    PROFILES,
    FollowupPolicyError,
    builtin_profile,
    resolve_followup_policy,
)
from adjudicator.followup.synthetic import generate_logs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "followup"
LOG = EXAMPLES / "dealer_D01_2025-03.json"


@pytest.fixture(scope="module")
def log() -> dict:
    return json.loads(LOG.read_text(encoding="utf-8"))


def test_the_examples_are_what_the_script_writes() -> None:
    sys.path.insert(0, str(EXAMPLES))
    try:
        from make_examples import example_files
    finally:
        sys.path.remove(str(EXAMPLES))
    for name, text in example_files().items():
        assert (EXAMPLES / name).read_text(encoding="utf-8") == text, f"{name}: run examples/followup/make_examples.py"


def test_engine_and_oracle_agree_on_generated_logs() -> None:
    for data in generate_logs(["A", "B"], 2025, 10, seed=11):
        d = check_followup(data)
        o = check_followup(data, evaluator="python")
        assert d.model_dump(exclude={"evaluator"}) == o.model_dump(exclude={"evaluator"})
        assert d.duties and {x.status for x in d.duties} >= {"met", "missed", "overdue", "running"}


def test_every_duty_is_cited_and_explained_in_both_languages(log: dict) -> None:
    d = check_followup(log)
    assert {x.code for x in d.duties} == set(duty_book()[0].duties)
    for x in d.duties:
        assert x.cites.startswith(("REVISIT §", "FAW-CRM ")) and x.citation.instrument.zh
        assert x.explanation.zh and x.explanation.en and "{" not in x.explanation.zh + x.explanation.en


def test_json_csv_and_jsonl_inputs_agree(tmp_path: Path) -> None:
    data = generate_logs(["D9"], 2025, 4, seed=3)[0]
    data["vehicles"] = [v for v in data["vehicles"] if any(e["vin"] == v["vin"] for e in data["events"])]
    rows = rows_of_log(data)
    (tmp_path / "log.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "rows.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    import csv
    with (tmp_path / "rows.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    period = (date(2025, 4, 1), date(2025, 4, 30))
    decisions = [check_followup(read_logs(tmp_path / name, period)[0]).model_dump()
                 for name in ("log.json", "rows.jsonl", "rows.json", "rows.csv")]
    assert all(d == decisions[0] for d in decisions[1:])


def test_rows_name_codes_in_chinese(tmp_path: Path) -> None:
    row = {"dealer": "D1", "customer": "C1", "customer_type": "重点客户", "vin": "LSVAU2180N2183294", "car_use": "公车",
           "at": "2025-03-10T10:00", "type": "竣工出厂", "by": "SA1"}
    (tmp_path / "r.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    log = read_logs(tmp_path / "r.jsonl")[0]
    assert (log.customers[0].type, log.vehicles[0].use, log.events[0].type) == ("key", "company", "workshop_completed")
    assert (log.period.from_, log.period.to) == (date(2025, 3, 1), date(2025, 3, 31))


BAD = [
    (lambda d: d["events"][0].update(vin="LSVAU2180N2183294"), "events[0].vin", "不是本日志中的车辆"),
    (lambda d: d["events"].reverse(), "events[1].at", "事件须按时间先后排列"),
    (lambda d: d["vehicles"][0].update(customer="nobody"), "vehicles[0].customer", "不是本日志中的客户"),
    (lambda d: d["customers"].append(dict(d["customers"][0])), "customers", "客户重复"),
    (lambda d: next(e for e in d["events"] if e["type"] == "revisit").pop("outcome"), "outcome", "须写明"),
    (lambda d: next(e for e in d["events"] if e["type"] == "reminder_sent").update(purpose="after_sales_revisit"),
     "purpose", "不能用于该事项"),
    (lambda d: d.update(as_of="2025-03-02T00:00:00+08:00"), ".at", "事件晚于判断时间"),
    (lambda d: d["period"].update(to="2025-02-01"), "period", "结束日期早于开始日期"),
]


@pytest.mark.parametrize("mutate,field,zh", BAD, ids=[b[1] for b in BAD])
def test_bad_logs_name_the_field_in_english_and_chinese(tmp_path: Path, log: dict, mutate, field: str, zh: str) -> None:
    data = copy.deepcopy(log)
    mutate(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = CliRunner().invoke(cli, ["followup", "check", str(bad), "--lang", "zh"])
    assert r.exit_code == 2, r.output
    assert f"{bad}：" in r.output and field in r.output and zh in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(cli, ["followup", "check", str(bad), "--lang", "en"])      # English alone under en
    assert r.exit_code == 2 and field in r.output and zh not in r.output, r.output


def test_bad_rows_name_the_row(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("dealer,customer,customer_type,vin,car_use,at,type\n"
                    "D1,C1,private,LSVAU2180N2183294,private,2025-03-10T10:00,workshop_completed\n"
                    "D1,C1,company,LSVAU2180N2183294,private,2025-03-11T10:00,delivered\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["followup", "check", str(rows), "--lang", "zh"])
    assert r.exit_code == 2 and "第 3 行" in r.output and "与前面的行不一致" in r.output
    r = CliRunner().invoke(cli, ["followup", "check", str(rows), "--lang", "en"])
    assert r.exit_code == 2 and "row 3" in r.output and "differs from an earlier row" in r.output
    rows.write_text("dealer,colour\nD1,red\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["followup", "check", str(rows)])
    assert r.exit_code == 2 and "unknown column(s) colour" in r.output


def test_profiles_load_and_a_dealer_file_changes_a_number(tmp_path: Path, log: dict) -> None:
    for pid in PROFILES:
        assert builtin_profile(pid).id == pid
    own = tmp_path / "own.yaml"
    own.write_text("profile: own\nname: {zh: 本店回访政策, en: Our policy}\nextends: default\nparameters:\n"
                   "  complaint_revisit_day:\n    value: 2\n    source: {document: DEALER, section: 第3条}\n",
                   encoding="utf-8")
    base = [x for x in check_followup(log).duties if x.code == "complaint_revisit"]
    mine = [x for x in check_followup(log, str(own)).duties if x.code == "complaint_revisit"]
    assert base and all((m.due - b.due).days == 1 for b, m in zip(base, mine, strict=True))
    own.write_text("profile: own\nname: {zh: x, en: x}\nextends: default\nparameters:\n  complaint_revisit_day:\n"
                   "    value: [1]\n    source: {document: DEALER, section: x}\n", encoding="utf-8")
    with pytest.raises(FollowupPolicyError, match="complaint_revisit_day"):
        resolve_followup_policy(str(own))
    r = CliRunner().invoke(cli, ["followup", "check", str(LOG), "--policy", str(own)])
    assert r.exit_code == 2 and "complaint_revisit_day" in r.output


def test_a_profile_may_count_working_days() -> None:
    """A revisit after a Friday completion falls on Saturday in calendar days, on Monday in working days."""
    data = {"dealer": "D1", "period": {"from": "2025-03-01", "to": "2025-03-31"},
            "customers": [{"id": "C1", "type": "private"}],
            "vehicles": [{"vin": "LSVAU2180N2183294", "customer": "C1", "use": "private"}],
            "events": [{"at": "2025-03-07T16:00", "type": "workshop_completed", "vin": "LSVAU2180N2183294"}]}
    calendar_days = check_followup(data).duties[0]
    policy = {"profile": "wd", "name": {"zh": "工作日", "en": "working days"}, "extends": "default",
              "parameters": {"working_day_duties": {"value": ["after_sales_revisit"],
                                                    "source": {"document": "DEALER", "section": "x"}}}}
    working = check_followup(data, policy).duties[0]
    assert (calendar_days.due.date(), working.due.date()) == (date(2025, 3, 8), date(2025, 3, 10))


def test_call_list_is_most_urgent_first(log: dict) -> None:
    calls = call_list(log, date(2025, 3, 15)).calls
    order = ["overdue", "due_today", "window_open"]
    assert calls and [order.index(c.urgency) for c in calls] == sorted(order.index(c.urgency) for c in calls)
    overdue = [c.duty.due for c in calls if c.urgency == "overdue"]
    assert overdue == sorted(overdue)
    assert all(c.duty.done_at is None for c in calls)


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_check_and_due(fmt: str, lang: str) -> None:
    r = CliRunner().invoke(cli, ["followup", "check", str(LOG), "--format", fmt, "--lang", lang],
                           env={"COLUMNS": "400"})                  # a wide terminal: no cell wraps
    assert r.exit_code == 0, r.output
    if fmt == "json":
        assert json.loads(r.output)["dealer"] == "D01"
    else:
        assert ("售后回访" if lang == "zh" else "After-sales revisit") in r.output
        assert ("经销商客户回访制度 §3" if lang == "zh" else "REVISIT §3") in r.output      # the source in the language
    r = CliRunner().invoke(cli, ["followup", "due", str(LOG), "--date", "2025-03-12", "--format", fmt, "--lang", lang])
    assert r.exit_code == 0, r.output
    assert "2025-03-12" in r.output


def test_cli_reads_several_dealers_from_one_export() -> None:
    r = CliRunner().invoke(cli, ["followup", "check", str(EXAMPLES / "dealers_2025-02_03.csv"), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert [d["dealer"] for d in json.loads(r.output)] == ["D01", "D02", "D03"]


def test_api_exports() -> None:
    for name in ("check_followup", "call_list", "read_crm_logs", "render_followup", "render_calls", "CrmLog",
                 "FollowupDecision", "followup_report", "complaint_report", "render_report", "generate_crm_logs"):
        assert getattr(api, name) is not None and name in api.__all__


def test_the_catalogue_lists_and_shows_the_followup_rules() -> None:
    r = CliRunner().invoke(cli, ["rules", "list", "--domain", "followup", "--lang", "en"], env={"COLUMNS": "400"})
    assert r.exit_code == 0 and "f.after_sales_revisit" in r.output and "REVISIT §5 提醒服务 4" in r.output
    r = CliRunner().invoke(cli, ["rules", "show", "f.complaint_revisit", "--policy", "faw-crm", "--lang", "en"])
    assert r.exit_code == 0 and "FAW-CRM" in r.output and "complaint_revisit.feature" in r.output
    r = CliRunner().invoke(cli, ["schema", "followup-input"])
    assert r.exit_code == 0 and json.loads(r.output)["title"] == "CrmLog"


def test_batch_decides_one_log_a_record(tmp_path: Path) -> None:
    logs = generate_logs(["A", "B"], 2025, 5, seed=4)
    source = tmp_path / "logs.jsonl"
    source.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in logs) + '{"dealer": "X"}\n',
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(cli, ["batch", str(source), "--kind", "followup", "-o", str(out), "--workers", "1",
                                 "--as-of", "2025-05-20"])
    assert r.exit_code == 2, r.output                     # the third record is not a log
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["ok"] for x in lines] == [True, True, False] and lines[2]["error"]["field"] == "period"
    direct = check_followup(logs[0], as_of="2025-05-20").model_dump(mode="json")
    assert lines[0]["decision"] == direct


def test_a_profile_without_extends_that_lacks_a_parameter_is_a_policy_error_naming_it():
    import yaml

    import adjudicator as api

    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "rules/followup/profile_default.yaml")
                          .read_text(encoding="utf-8"))
    last = list(data["parameters"])[-1]
    data = {**data, "profile": "own", "parameters": {k: v for k, v in data["parameters"].items() if k != last}}
    data.pop("extends", None)
    with pytest.raises(api.FollowupPolicyError, match=f"missing {last}"):
        api.resolve_followup_policy(data)
