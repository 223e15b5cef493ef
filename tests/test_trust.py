"""Issue 10, item 5, "trust nothing": keys given twice, a tampered calendar cache, control characters, HTML and
links in input text, lax dates, owner-only output files; and item 4's budget for counterfactual re-runs."""
from __future__ import annotations

import copy
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli
from adjudicator.core import calendar as cal

ROOT = Path(__file__).resolve().parent.parent
from tests.test_cli import HISTORY  # noqa: E402

COMPLAINT = ROOT / "examples/complaints/c1_withdrew.json"
CRM_LOG = ROOT / "examples/followup/dealer_D01_2025-03.json"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- keys given twice


def test_a_json_key_given_twice_is_an_input_error_naming_the_key_and_the_object(tmp_path):
    text = json.dumps(HISTORY).replace('"usage": "household"', '"usage": "operational", "usage": "household"')
    car = tmp_path / "car.json"
    car.write_text(text, encoding="utf-8")
    code, out, err = run("warranty", "check", str(car), "--lang", "en")
    assert code == 2, (out, err)
    assert "vehicle.usage" in err and "'usage' given twice" in err
    code, _, err = run("warranty", "check", str(car), "--lang", "zh")
    assert code == 2 and "出现了两次" in err


def test_a_yaml_key_given_twice_is_an_input_error_with_both_lines(tmp_path):
    car = tmp_path / "car.yaml"
    import yaml
    text = yaml.safe_dump(HISTORY, allow_unicode=True, sort_keys=False)
    text = text.replace("  usage: household\n", "  usage: operational\n  usage: household\n")
    car.write_text(text, encoding="utf-8")
    code, _, err = run("warranty", "check", str(car), "--lang", "en")
    assert code == 2
    assert re.search(r"'usage' given twice in one mapping \(lines \d+ and \d+\)", err), err


def test_a_key_given_twice_in_a_batch_line_is_that_record_s_error(tmp_path):
    good = json.dumps(HISTORY)
    bad = good.replace('"usage": "household"', '"usage": "household", "usage": "operational"')
    src = tmp_path / "in.jsonl"
    src.write_text(good + "\n" + bad + "\n" + good + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run("batch", str(src), "-o", str(out), "--workers", "1")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert code == 2 and [x["ok"] for x in lines] == [True, False, True]
    assert lines[1]["error"]["field"] == "vehicle.usage" and "twice" in lines[1]["error"]["message"]


def test_a_csv_column_given_twice_is_refused(tmp_path):
    export = (ROOT / "examples/batch/dealer_export.csv").read_text(encoding="utf-8").splitlines()
    head = export[0].split(",")
    export[0] = ",".join([*head, head[1]])
    export[1:] = [row + "," + row.split(",")[1] if row else row for row in export[1:]]
    src = tmp_path / "export.csv"
    src.write_text("\n".join(export) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, _ = run("batch", str(src), "-o", str(out))
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert code == 2 and not line["ok"] and head[1] in line["error"]["message"] and "more than once" in \
        line["error"]["message"]


def test_a_policy_or_calendar_file_with_a_key_twice_is_refused(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("profile: p\nname: {zh: p, en: p}\nextends: default\nextends: faw-crm\n", encoding="utf-8")
    code, _, err = run("complaint", "check", str(COMPLAINT), "--policy", str(policy))
    assert code == 2 and "'extends' given twice" in err and "lines 3 and 4" in err
    days = tmp_path / "cal.yaml"
    days.write_text("2027:\n  holidays: [2027-01-01]\n  holidays: [2027-10-01]\n", encoding="utf-8")
    code, _, err = run("complaint", "check", str(COMPLAINT), "--calendar", str(days))
    assert code == 2 and "'holidays' given twice" in err and len(err.strip().splitlines()) == 1
    policy.write_text('{"profile": "p", "name": {"zh": "p", "en": "p"}, "extends": "default", "profile": "q"}',
                      encoding="utf-8")
    code, _, err = run("complaint", "check", str(COMPLAINT), "--policy", str(policy))
    assert code == 2 and "'profile' given twice" in err


def test_the_shipped_rule_files_and_examples_have_no_key_twice():
    from adjudicator.core.yaml_loader import load_yaml
    for path in [*ROOT.glob("rules/**/*.yaml"), *ROOT.glob("examples/**/*.yaml")]:
        load_yaml(path.read_bytes())
    for path in ROOT.glob("examples/**/*.json"):
        api.parse_data(path.read_bytes(), str(path))


# ---------------------------------------------------------------- strict dates

LAX = ["20230408", "2023-W14-6", "2023-04-28T09", "2023-098", "20230428T0900", "2023-04-28 09:00", "2023-4-8"]


@pytest.mark.parametrize("text", LAX)
def test_lax_dates_are_refused_where_a_date_or_date_time_is_read(text):
    with pytest.raises(ValueError, match="ISO"):
        api.iso_moment(text)
    with pytest.raises(ValueError):
        api.strict_date(text)
    data = copy.deepcopy(HISTORY)
    data["visits"][0]["opened_at"] = text
    with pytest.raises(ValueError, match="ISO"):
        api.adjudicate_warranty(data)
    data = copy.deepcopy(HISTORY)
    data["purchase"]["invoice_date"] = text
    with pytest.raises(ValueError, match="ISO"):
        api.adjudicate_warranty(data)


@pytest.mark.parametrize("good", ["2023-04-08", "2023-04-28T09:00", "2023-04-28T09:00:05", "2023-04-28T09:00+08:00",
                                  "2023-04-28T01:00:00Z", "2023-04-28T09:00:05-05:00"])
def test_the_documented_forms_are_read(good):
    api.iso_moment(good)


def test_lax_dates_on_the_command_line_and_in_a_calendar_file_are_refused(tmp_path, car_file):
    code, _, err = run("warranty", "check", str(car_file), "--as-of", "20230408")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run("complaint", "check", str(COMPLAINT), "--as-of", "2023-04-28T09")
    assert code == 2
    days = tmp_path / "cal.yaml"
    days.write_text('2027:\n  holidays: ["20270101"]\n', encoding="utf-8")
    code, _, err = run("complaint", "check", str(COMPLAINT), "--calendar", str(days))
    assert code == 2 and "'20270101' is not a date (YYYY-MM-DD)" in err


@pytest.fixture
def car_file(tmp_path) -> Path:
    p = tmp_path / "car.json"
    p.write_text(json.dumps(HISTORY), encoding="utf-8")
    return p


# ---------------------------------------------------------------- the calendar cache


def _fresh_days(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ADJUDICATOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ADJUDICATOR_NO_CACHE", raising=False)
    cal._library_days.cache_clear()
    cal._library_days()
    (path,) = (tmp_path / "cache").glob("china-calendar-*.json")
    return path


def _days_in_a_child(tmp_path: Path) -> dict:
    """The days a new process uses (a process computes them once), with the test's cache folder."""
    code = "import json; from adjudicator.core.calendar import _library_days; print(json.dumps(_library_days()))"
    env = {**os.environ, "ADJUDICATOR_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ADJUDICATOR_NO_CACHE", None)
    return json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                     check=True, cwd=ROOT).stdout)


@pytest.fixture
def cache_file(tmp_path, monkeypatch):
    path = _fresh_days(tmp_path, monkeypatch)
    yield path
    cal._library_days.cache_clear()


def test_the_calendar_cache_is_written_owner_only_with_its_digest(cache_file):
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    entry = json.loads(cache_file.read_text(encoding="utf-8"))
    assert set(entry) == {"fingerprint", "digest", "days"}


def test_added_rest_days_in_the_cache_are_noticed_and_the_cache_rebuilt(cache_file, tmp_path):
    true_days = json.loads(cache_file.read_text(encoding="utf-8"))["days"]
    tampered = json.loads(cache_file.read_text(encoding="utf-8"))
    year = str(tampered["days"]["covered"][-1])
    tampered["days"]["rest"][year] += [f"{year}-03-0{d}" for d in (2, 3, 4, 5)]   # four added rest days
    cache_file.write_text(json.dumps(tampered), encoding="utf-8")
    assert _days_in_a_child(tmp_path) == true_days
    assert json.loads(cache_file.read_text(encoding="utf-8"))["days"] == true_days      # rebuilt


def test_a_cache_with_a_recomputed_digest_but_open_to_others_is_not_trusted(cache_file, tmp_path):
    true_days = json.loads(cache_file.read_text(encoding="utf-8"))["days"]
    entry = json.loads(cache_file.read_text(encoding="utf-8"))
    year = str(entry["days"]["covered"][-1])
    entry["days"]["rest"][year].append(f"{year}-03-02")
    entry["digest"] = cal._data_digest(entry["fingerprint"], entry["days"])
    cache_file.write_text(json.dumps(entry), encoding="utf-8")
    os.chmod(cache_file, 0o666)
    assert _days_in_a_child(tmp_path) == true_days


def test_a_cache_from_other_holidays_sources_is_rebuilt(cache_file, tmp_path):
    true_days = json.loads(cache_file.read_text(encoding="utf-8"))["days"]
    entry = json.loads(cache_file.read_text(encoding="utf-8"))
    year = str(entry["days"]["covered"][-1])
    entry["days"]["rest"][year].append(f"{year}-03-02")
    entry["fingerprint"] = "0" * 64
    entry["digest"] = cal._data_digest(entry["fingerprint"], entry["days"])
    cache_file.write_text(json.dumps(entry), encoding="utf-8")
    assert _days_in_a_child(tmp_path) == true_days


@pytest.mark.parametrize("content", [b"\0" * (2 * 1024 * 1024), b"[1, 2", b'{"days": 1}', b"null"])
def test_a_huge_or_broken_cache_is_rebuilt_without_reading_it_all(cache_file, tmp_path, content):
    true_days = json.loads(cache_file.read_text(encoding="utf-8"))["days"]
    cache_file.write_bytes(content)
    assert cal.read_cached_days(cache_file, "x") is None
    assert _days_in_a_child(tmp_path) == true_days


# ---------------------------------------------------------------- control characters, HTML and links

from adjudicator.core.text import markdown_text, terminal_text  # noqa: E402

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202eevil\u2066 <script>alert(1)</script> [click](javascript:alert(1)) " \
          "**b** | x https://evil.example www.evil.example a@evil.example"


def _assert_inert(text: str, markdown: bool) -> None:
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), repr(text)
    if markdown:
        assert "<script" not in text and "<" not in text.replace("&lt;", "")
        assert "](" not in text.replace("\\](", "")
        assert "javascript:" not in text and "https://" not in text and "www.evil" not in text
        assert "**b**" not in text


def test_the_helpers_escape_what_a_terminal_or_markdown_would_act_on():
    assert terminal_text("a\x1b[31mb\u202ec\nd") == "a\\x1b[31mb\\u202ec\nd"
    _assert_inert(terminal_text(HOSTILE), markdown=False)
    _assert_inert(markdown_text(HOSTILE), markdown=True)
    assert markdown_text("平顺 09:00 ok") == "平顺 09:00 ok"


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_warranty_output_shows_input_text_inert(tmp_path, fmt):
    data = copy.deepcopy(HISTORY)
    data["visits"][0]["id"] = "RO-\x9b2J\u202e1"
    data["visits"][0]["items"][0]["description"] = HOSTILE
    data["visits"][0]["items"][0]["cause"] = "unknown"
    data["vehicle"]["vin"] = "LSVNV2182N2000001"
    car = tmp_path / "car.json"
    car.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("warranty", "check", str(car), "--format", fmt, "--lang", "en", "-v")
    assert code == 0, err
    assert "evil" in out                    # the text is there, made harmless
    _assert_inert(out, markdown=fmt == "markdown")


def _complaint_with(text: str) -> dict:
    case = json.loads(COMPLAINT.read_text(encoding="utf-8"))
    case["id"] = "C-\x1b[2J" + "1"
    for e in case["events"]:
        if "note" in e or e is case["events"][0]:
            e["note"] = text
        e["by"] = "\u202eadmin"
    return case


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_complaint_output_shows_input_text_inert(tmp_path, fmt):
    case = _complaint_with(HOSTILE)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    code, out, err = run("complaint", "check", str(path), "--format", fmt, "--lang", "en")
    assert code in (0, 2), err
    if code == 0:
        _assert_inert(out, markdown=fmt == "markdown")
    watch = tmp_path / "cases.jsonl"
    watch.write_text(json.dumps(case) + "\n", encoding="utf-8")
    code, out, err = run("complaint", "watch", str(watch), "--format", fmt, "--lang", "en")
    assert code == 0, err
    assert "C-" in out
    _assert_inert(out, markdown=fmt == "markdown")


def test_a_policy_file_s_rule_text_is_shown_inert(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "profile: p\nname: {zh: \"p\\e[2J\", en: \"p\\e[2J <b>x</b>\"}\nextends: default\n"
        "rules:\n  - id: c.close_c1\n    title: {zh: \"撤诉\\e]0;x\\a\", en: \"withdrawn\\e]0;x\\a\"}\n"
        "    explanation: {zh: \"说明 \\u202e [a](javascript:x)\", en: \"why \\u202e [a](javascript:x)\"}\n",
        encoding="utf-8")
    for fmt in ("table", "markdown"):
        code, out, err = run("complaint", "check", str(COMPLAINT), "--policy", str(policy), "--format", fmt,
                             "--lang", "en")
        assert code == 0, err
        _assert_inert(out, markdown=fmt == "markdown")


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_followup_output_shows_input_text_inert(tmp_path, fmt):
    log = json.loads(CRM_LOG.read_text(encoding="utf-8"))
    log["dealer"] = "D01\x1b[2J<b>[x](javascript:y)</b>"
    path = tmp_path / "log.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    code, out, err = run("followup", "check", str(path), "--format", fmt, "--lang", "en")
    assert code == 0, err
    assert "D01" in out
    _assert_inert(out, markdown=fmt == "markdown")


# ---------------------------------------------------------------- owner-only output


def test_batch_and_report_outputs_are_created_owner_only(tmp_path, car_file):
    old = os.umask(0o022)
    try:
        out = tmp_path / "out.jsonl"
        code, _, err = run("batch", str(car_file), "-o", str(out))
        assert code == 0, err
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        for fmt in ("csv", "xlsx"):
            report = tmp_path / f"report.{fmt}"
            code, _, err = run("report", "followup", str(CRM_LOG), "--format", fmt, "-o", str(report))
            assert code == 0, err
            assert stat.S_IMODE(report.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_a_report_that_cannot_be_written_is_an_input_error(tmp_path):
    code, _, err = run("report", "followup", str(CRM_LOG), "--format", "csv", "-o", str(tmp_path / "no/such.csv"))
    assert code == 2 and "such.csv" in err


# ---------------------------------------------------------------- the budget of counterfactual re-runs


def _many_unknown_causes(visits: int, items: int) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from unknown_causes import history
    return history(visits, items)


def test_many_unknown_causes_are_all_listed_within_the_re_run_budget():
    from adjudicator.warranty import decide
    data = _many_unknown_causes(300, 10)
    calls = []
    real = decide.remedy_keys            # a re-run computes only the remedies it compares

    def counting(*args, **kwargs):
        calls.append(False)
        return real(*args, **kwargs)

    decide.remedy_keys = counting
    try:
        d = decide.adjudicate_warranty(data, evaluator="python")
    finally:
        decide.remedy_keys = real
    causes = [m for m in d.missing_facts if m.field.endswith(".cause")]
    assert len(causes) == 3000                                   # every unknown cause, none dropped
    budget = decide.COUNTERFACTUAL_BUDGET_ITEMS // 3000
    assert calls.count(False) == budget                          # re-runs made: the budget, no more
    computed = [m for m in d.missing_facts if m.alternatives_computed and m.alternatives]
    assert len(computed) == budget and all(m.alternatives for m in computed)
    rest = [m for m in causes if not m.alternatives_computed]
    assert all(not m.alternatives and "not computed" in m.text.en and "未计算" in m.text.zh for m in rest)
    table = api.render_warranty(d, "en")
    assert "was not computed" in table


def test_a_small_history_still_gets_every_alternative():
    data = _many_unknown_causes(3, 2)
    d = api.adjudicate_warranty(data, evaluator="python")
    causes = [m for m in d.missing_facts if m.field.endswith(".cause")]
    assert len(causes) == 6 and all(m.alternatives_computed and m.alternatives for m in causes)


def test_the_budget_is_deterministic_and_the_evaluators_agree():
    data = _many_unknown_causes(100, 30)
    a = api.adjudicate_warranty(data, evaluator="python")
    b = api.adjudicate_warranty(data, evaluator="durable_rules")
    assert a.model_dump(exclude={"evaluator"}) == b.model_dump(exclude={"evaluator"})


def test_a_calendar_day_written_with_a_time_is_refused_not_silently_ignored(tmp_path):
    # YAML reads 2027-01-01 10:00:00 as a date-time, which no day ever equals: it was accepted and matched nothing
    days = tmp_path / "cal.yaml"
    days.write_text("2027:\n  holidays: [2027-01-01 10:00:00]\n", encoding="utf-8")
    code, _, err = run("complaint", "check", str(COMPLAINT), "--calendar", str(days))
    assert code == 2 and "is not a date in 2027" in err
    assert err.count(str(days)) == 1                    # the file named once
