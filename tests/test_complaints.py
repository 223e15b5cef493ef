"""Complaint adjudication: input model, policy profiles, facts, rules, both evaluators, calendar, CLI."""
from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

import adjudicator
from adjudicator.commands.complaint import complaint_group
from adjudicator.complaints import facts as cfacts
from adjudicator.complaints.deadline_specs import HANDLING_RECORDS, deadline_book
from adjudicator.complaints.decide import check_complaint
from adjudicator.complaints.models import CASE_TYPES, CATEGORIES, CHANNELS, EVENT_TYPES, Complaint
from adjudicator.complaints.rulebook import (
    PROFILES,
    PolicyError,
    builtin_profile,
    compiled_complaints,
    load_profile,
    load_rule_specs,
)
from adjudicator.core.calendar import CalendarNotCovered, WorkingDayCalendar
from adjudicator.core.evaluate import evaluate
from adjudicator.core.inputs import CHINA_TZ
from adjudicator.io.files import InputError, validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "complaints"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def _load(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- examples


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLE_FILES) >= 6
    assert (EXAMPLES / "cases.jsonl").read_text(encoding="utf-8").count("\n") >= 6


@pytest.mark.parametrize("name,condition", [("c1_withdrew.json", "C1"), ("c2_repair_done.json", "C2"),
                                            ("c3_deferred.json", "C3"), ("c4_rejected.json", "C4")])
def test_closure_examples(name: str, condition: str) -> None:
    d = check_complaint(_load(name))
    assert d.may_close
    assert condition in [c.code for c in d.closure_conditions]
    c = next(c for c in d.closure_conditions if c.code == condition)
    assert c.cites == f'CS-CMS "投诉关闭条件" {condition}'
    assert "events[" in c.explanation.zh and "events[" in c.explanation.en


def test_escalation_example() -> None:
    d = check_complaint(_load("escalation_overdue.json"))
    assert {e.code for e in d.escalations} == {"E1", "E2", "E3"}
    assert d.urgency == "overdue"
    assert all(e.cites.startswith('CS-CMS "投诉升级管理"') for e in d.escalations)
    assert any(a.code == "escalate_e1" for a in d.next_actions)
    assert next(x for x in d.deadlines if x.code == "assistance_request").status == "missed"


def test_holiday_example() -> None:
    d = check_complaint(_load("holiday_spring_2025.json"))
    fb = next(x for x in d.deadlines if x.code == "first_feedback")
    assert fb.shifted_from == datetime(2025, 1, 28, 20, tzinfo=CHINA_TZ)
    assert fb.due == datetime(2025, 2, 5, 23, 59, 59, tzinfo=CHINA_TZ)
    res = next(x for x in d.deadlines if x.code == "resolution")
    assert res.due == datetime(2025, 2, 10, 20, tzinfo=CHINA_TZ)     # 2025-02-08 (Saturday) is a working day
    assert "c.holiday_shift" in d.fired_ids()


def test_issue_example_runs_through_national_day_2024() -> None:
    d = check_complaint(_load("c2_repair_done.json"))
    res = next(x for x in d.deadlines if x.code == "resolution")
    assert res.due == datetime(2024, 10, 10, 16, 30, tzinfo=CHINA_TZ)  # 2024-09-29 (Sunday) is a working day
    assert res.status == "running"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_engine_and_oracle_agree_on_examples(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for profile in PROFILES:
        a = check_complaint(data, profile)
        b = check_complaint(data, profile, evaluator="python")
        assert a.model_dump(exclude={"evaluator"}) == b.model_dump(exclude={"evaluator"})


def test_every_fired_rule_is_cited_and_explained_in_both_languages() -> None:
    for path in EXAMPLE_FILES:
        d = check_complaint(json.loads(path.read_text(encoding="utf-8")))
        for f in d.fired:
            assert f.cites.split()[0] in ("CS-CMS", "FAW-CRM", "DFP-COURSE", "REVISIT")
            assert "{" not in f.explanation.zh and "{" not in f.explanation.en, (f.rule_id, f.explanation)
            assert f.explanation.zh != f.explanation.en


# ---------------------------------------------------------------- engine vs oracle on generated cases


def _random_case(rng: random.Random) -> Complaint:
    start = datetime(2024, 1, 1, tzinfo=CHINA_TZ) + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60, 10))
    t = start
    events = []
    closed = False
    for _ in range(rng.randrange(0, 12)):
        t += timedelta(minutes=rng.choice([0, 30, 119, 120, 121, 600, 1440, 2880, 2881, 4000, 9000]))
        typ = rng.choice(EVENT_TYPES)
        if typ == "closed":
            if closed:
                continue
            closed = True
        e: dict = {"at": t.isoformat(), "type": typ}
        if rng.random() < 0.5 and typ in deadline_book()[0].group(HANDLING_RECORDS):
            e["note"] = "记录"
        if typ == "waiting_parts":
            if rng.random() < 0.7:
                e["part"] = "零件"
            if rng.random() < 0.7:
                e["ordered_on"] = (t.date() - timedelta(days=rng.randrange(0, 3))).isoformat()
        events.append(e)
    as_of = t + timedelta(minutes=rng.choice([0, 60, 1440, 6000, 20000]))
    return Complaint.model_validate({
        "id": f"G{rng.randrange(10**6)}", "channel": rng.choice(CHANNELS), "case_type": rng.choice(CASE_TYPES),
        "category": rng.choice(CATEGORIES), "received_at": start.isoformat(), "events": events,
        "time_limit_at": (start + timedelta(hours=rng.randrange(1, 200))).isoformat() if rng.random() < 0.3 else None,
        "severity": rng.choice(["normal", "major"]), "assistance_needed": rng.random() < 0.3,
        "as_of": as_of.isoformat()})


def test_engine_and_oracle_agree_on_generated_cases() -> None:
    rng = random.Random(20241001)
    cal = WorkingDayCalendar()
    rulesets = [compiled_complaints(builtin_profile(p)) for p in PROFILES]
    fired_rules: set[str] = set()
    for n in range(3000):
        c = _random_case(rng)
        rules = rulesets[n % len(rulesets)]
        built = cfacts.build(c, rules, c.as_of, cal)
        a = evaluate(rules, built.facts, "durable_rules")
        b = evaluate(rules, built.facts, "python")
        assert a == b, (c.model_dump_json(), a, b)
        fired_rules.update(name.split("#")[0] for name, _ in a)
    assert len(fired_rules) >= len(load_rule_specs()[0]) - 2      # the generator reaches (nearly) every rule


# ---------------------------------------------------------------- calendar


def test_calendar_agrees_with_chinese_calendar_2013_2026() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    cal = WorkingDayCalendar(strict=True)
    day, bad = date(2013, 1, 1), []
    while day <= date(2026, 12, 31):
        if cal.is_working_day(day) != chinese_calendar.is_workday(day):
            bad.append(day)
        day += timedelta(days=1)
    assert not bad, f"{len(bad)} day(s) disagree, first {bad[:5]}"


def _case_in(year: int) -> dict:
    return {"id": "Y", "channel": "dealer", "case_type": "complaint", "category": "service",
            "received_at": f"{year}-09-30T10:00:00+08:00", "as_of": f"{year}-10-02T10:00:00+08:00"}


def test_uncovered_year_warns_or_fails_in_strict_mode(tmp_path: Path) -> None:
    d = check_complaint(_case_in(2031))
    assert "calendar_not_covered" in [w.code for w in d.warnings]
    with pytest.raises(CalendarNotCovered):
        check_complaint(_case_in(2031), strict_calendar=True)
    supplement = tmp_path / "cal.yaml"
    supplement.write_text("2031:\n  holidays: [2031-10-01, 2031-10-02, 2031-10-03, 2031-10-06, 2031-10-07]\n"
                          "  workdays: [2031-09-28, 2031-10-11]\n", encoding="utf-8")
    d = check_complaint(_case_in(2031), calendar=supplement, strict_calendar=True)
    assert "calendar_not_covered" not in [w.code for w in d.warnings]
    fb = next(x for x in d.deadlines if x.code == "first_feedback")
    assert fb.due.date() == date(2031, 10, 8)
    r = CliRunner().invoke(complaint_group, ["check", str(EXAMPLES / "c1_withdrew.json"), "--calendar",
                                             str(supplement), "--format", "json"])
    assert r.exit_code == 0, r.output


# ---------------------------------------------------------------- input model


def _bad(events: list[dict], **extra: object) -> str:
    data = {"id": "E", "channel": "dealer", "case_type": "complaint", "category": "service",
            "received_at": "2025-03-12T10:00:00", "events": events, **extra}
    with pytest.raises(InputError) as exc:
        validate(Complaint, data, "case.json")
    return str(exc.value)


def test_impossible_timelines_name_the_field() -> None:
    assert _bad([{"at": "2025-03-12T09:00", "type": "customer_contacted"}]).startswith("case.json: events[0].at: ")
    msg = _bad([{"at": "2025-03-12T11:00", "type": "closed"}, {"at": "2025-03-12T12:00", "type": "closed"}])
    assert msg.startswith("case.json: events[1].type: ") and "second time" in msg
    assert _bad([{"at": "2025-03-12T11:00", "type": "phoned"}]).startswith("case.json: events[0].type: ")
    assert _bad([{"at": "2025-03-12T12:00", "type": "customer_contacted"},
                 {"at": "2025-03-12T11:00", "type": "feedback_logged"}]).startswith("case.json: events[1].at: ")
    assert _bad([], colour="red").startswith("case.json: colour: ")
    assert _bad([{"at": "2025-03-12", "type": "customer_contacted"}]).startswith("case.json: events[0].at: ")
    assert _bad([{"at": "2025-03-12T12:00", "type": "customer_contacted"}],
                as_of="2025-03-12T11:00").startswith("case.json: events[0].at: ")


def test_times_without_zone_are_china_time() -> None:
    c = Complaint.model_validate({"id": "Z", "channel": "dealer", "case_type": "general", "category": "other",
                                  "received_at": "2025-03-12T10:00"})
    assert c.received_at.utcoffset() == timedelta(hours=8)


# ---------------------------------------------------------------- profiles


def test_profiles_load_and_cite_their_sources() -> None:
    for pid in PROFILES:
        p = builtin_profile(pid)
        rs = compiled_complaints(p)
        assert rs.domain == "complaints" and rs.version == pid
        for name, rp in rs.params.items():
            assert rp.citation.article, name
    assert builtin_profile("default").parameters["first_contact_hours"].values[-1].value == 2
    assert "c.resolution_5wd" in builtin_profile("faw-crm").disabled


def test_carmaker_profile_overrides_numbers(tmp_path: Path) -> None:
    f = tmp_path / "oem.yaml"
    f.write_text("""profile: oem-x
name: {zh: 某厂投诉政策, en: OEM X policy}
extends: default
parameters:
  first_contact_hours:
    description: {zh: 联系时限, en: contact limit}
    unit: hour
    value: 1
    source: {document: CARMAKER, section: "第3条"}
""", encoding="utf-8")
    d = check_complaint(_load("c1_withdrew.json"), policy=str(f))
    fc = next(x for x in d.deadlines if x.code == "first_contact")
    assert fc.status == "missed" and d.profile == "oem-x"
    assert "1 小时" in fc.explanation.zh


@pytest.mark.parametrize("text,where", [
    ("profile: x\nname: {zh: a, en: b}\nextends: default\ncolour: red\n", "colour"),
    ("profile: x\nname: {zh: a, en: b}\nextends: default\nparameters:\n  nope:\n"
     "    value: 1\n    source: {document: CARMAKER, section: s}\n", "parameters.nope"),
    ("profile: x\nname: {zh: a, en: b}\nextends: default\ndisabled_rules: [c.nope]\n", "disabled_rules"),
    ("profile: x\nname: {zh: a, en: b}\nextends: default\nparameters:\n  first_contact_hours:\n"
     "    description: {zh: a, en: b}\n    unit: hour\n    value: [a]\n    source: {document: CARMAKER, section: s}\n",
     "first_contact_hours"),
])
def test_bad_profiles_are_rejected(tmp_path: Path, text: str, where: str) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as exc:
        load_profile(f)
    assert str(f) in str(exc.value) and where in str(exc.value)
    r = CliRunner().invoke(complaint_group, ["check", str(EXAMPLES / "c1_withdrew.json"), "--policy", str(f)])
    assert r.exit_code == 2 and where in r.output and "Traceback" not in r.output


# ---------------------------------------------------------------- API and CLI


def test_api_export() -> None:
    assert adjudicator.check_complaint is check_complaint
    assert "check_complaint" in adjudicator.__all__


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_check_all_examples(fmt: str, lang: str) -> None:
    r = CliRunner().invoke(complaint_group, ["check", *map(str, EXAMPLE_FILES), "--format", fmt, "--lang", lang])
    assert r.exit_code == 0, r.output
    if fmt == "json":
        assert len(json.loads(r.output)) == len(EXAMPLE_FILES)
    assert "CS-2024-0918" in r.output


def test_cli_table_lines_up_with_chinese() -> None:
    r = CliRunner().invoke(complaint_group, ["check", str(EXAMPLES / "c2_repair_done.json")])
    assert r.exit_code == 0
    for block in r.output.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.startswith(("┌", "│", "├", "└"))]
        assert len({wcswidth(ln) for ln in lines}) <= 1, block


def test_cli_watch_sorts_by_urgency() -> None:
    r = CliRunner().invoke(complaint_group, ["watch", str(EXAMPLES / "cases.jsonl"), "--lang", "zh"],
                           env={"COLUMNS": "400"})                  # a wide terminal: one line a case
    assert r.exit_code == 5, r.output                      # overdue cases: the cron alert's exit code
    assert "合计 " in r.output
    order = [ln.split("│")[1].strip() for ln in r.output.splitlines() if ln.startswith("│")][1:]
    rank = {"已逾期": 0, "今日到期": 1, "需升级": 2, "处理中": 3, "已关闭": 4}
    assert [rank[x] for x in order] == sorted(rank[x] for x in order)
    r = CliRunner().invoke(complaint_group, ["watch", "-", "--lang", "en", "--as-of", "2025-11-10T18:00"],
                           input=(EXAMPLES / "escalation_overdue.json").read_text(encoding="utf-8").replace("\n", "")
                           + "\n")
    assert r.exit_code == 5, r.output
    assert "1 case(s): 1 overdue" in r.output


def test_cli_bad_input_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_load("c1_withdrew.json") | {"events": [
        {"at": "2025-03-11T09:00:00+08:00", "type": "customer_contacted"}]}), encoding="utf-8")
    r = CliRunner().invoke(complaint_group, ["check", str(bad)])
    assert r.exit_code == 2
    assert f"{bad}: events[0].at:" in r.output and "Traceback" not in r.output
    lines = tmp_path / "cases.jsonl"
    lines.write_text((EXAMPLES / "cases.jsonl").read_text(encoding="utf-8") + '{"id": "x", "channel": "fax"}\n',
                     encoding="utf-8")
    r = CliRunner().invoke(complaint_group, ["watch", str(lines)])
    n = len(lines.read_text(encoding="utf-8").splitlines())
    assert r.exit_code == 2 and f"line {n}: channel:" in r.output
    r = CliRunner().invoke(complaint_group, ["check", str(tmp_path / "missing.json")])
    assert r.exit_code == 2
    r = CliRunner().invoke(complaint_group, ["check", str(EXAMPLES / "c1_withdrew.json"), "--as-of", "yesterday"])
    assert r.exit_code == 2 and "--as-of" in r.output
    r = CliRunner().invoke(complaint_group, ["check", str(EXAMPLES / "c1_withdrew.json"), "--as-of",
                                             "2025-03-13T09:00"])
    assert r.exit_code == 2 and "events[2].at" in r.output


def test_cli_internal_fault_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    cli = adjudicator

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(cli, "check_complaint", boom)
    r = CliRunner().invoke(complaint_group, ["check", str(EXAMPLES / "c1_withdrew.json")])
    assert r.exit_code == 1 and "internal error" in r.output and "Traceback" not in r.output


def test_an_as_of_before_receipt_names_the_file_and_the_field_once():
    """--as-of before the case was received: one line naming the file, then as_of, in either language."""
    case = str(EXAMPLES / "c1_withdrew.json")
    for lang, said in (("zh", "：as_of：2020-01-01T23:59:59+08:00 早于受理时间"),
                       ("en", ": as_of: 2020-01-01T23:59:59+08:00 is before received_at")):
        result = CliRunner().invoke(complaint_group, ["check", case, "--as-of", "2020-01-01", "--lang", lang])
        assert result.exit_code == 2
        assert f"c1_withdrew.json{said}" in result.output, result.output
        assert result.output.count("as_of") == 1, result.output
