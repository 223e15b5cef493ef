"""The complaint reports beside the rates: FAW-CRM's weekly summary by department, CS-CMS's time-limit report,
reminders and assessment report. Every kind in every format from the command line; the example's weekly summary
and time-limit counts recomputed here from the raw cases with code of this test's own; the reminder threshold
taken from the complaint profile."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from browser import chart_pixels, chromium, needs_chromium, png_rows
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli
from adjudicator.complaints.vocabulary import DEPARTMENT
from adjudicator.reports.sheets import SheetReport
from adjudicator.reports.svg import BAR_COLOURS
from adjudicator.reports.weekly_summary import COUNTS

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "examples" / "followup" / "complaints_2025-02_03.jsonl"
CHINA = api.CHINA_TZ
KINDS = ("rates", "summary", "time-limits", "reminders", "assessment")


def _run(*args: str):
    return CliRunner().invoke(cli, ["report", "complaints", str(CASES), *args])


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_in_every_format(tmp_path, kind):
    for fmt in ("table", "csv", "json", "html"):
        r = _run("--kind", kind, "--format", fmt, "--lang", "zh", "--by", "department")
        assert r.exit_code == 0, r.output
        if fmt == "csv":
            assert len(list(csv.reader(io.StringIO(r.stdout)))) > 3
        if fmt == "json":
            json.loads(r.stdout)
        if fmt == "html":
            assert "<svg" in r.stdout and "<script" not in r.stdout and "http://" not in r.stdout.replace(
                'xmlns="http://www.w3.org/2000/svg"', "")
    out = tmp_path / f"{kind}.xlsx"
    assert _run("--kind", kind, "--format", "xlsx", "-o", str(out)).exit_code == 0
    from openpyxl import load_workbook
    assert load_workbook(out).sheetnames


def _raw_cases() -> list[dict]:
    return [json.loads(line)["complaint"] for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(CHINA)


def test_weekly_summary_recomputed_from_the_raw_cases():
    report = api.complaint_summary(CASES, "week", datetime(2025, 3, 10, tzinfo=CHINA))
    assert report.period.startswith("2025-W11") and "2025-W10" in report.period
    start = datetime.combine(date(2025, 3, 10), time.min, tzinfo=CHINA)
    end = start + timedelta(days=7) - timedelta(seconds=1)
    expected: Counter = Counter()
    for case in _raw_cases():
        dept = case.get("department", "unspecified")
        received = _moment(case["received_at"])
        closed = next((_moment(e["at"]) for e in case["events"] if e["type"] == "closed"), None)
        expected[(dept, "received")] += start <= received <= end
        expected[(dept, "closed")] += closed is not None and start <= closed <= end
        expected[(dept, "open")] += received <= end and (closed is None or closed > end)
    sheet = next(s for s in report.sheets if s.key == "by_department")
    keys = [c.key for c in sheet.columns]
    got: Counter = Counter()
    names = {t.zh: t.code for t in DEPARTMENT}
    for row in sheet.rows:
        if row[0].zh == "全部":
            total = dict(zip(keys, row, strict=True))
            continue
        for k in ("received", "closed", "open"):
            got[(names[row[0].zh], k)] = row[keys.index(k)]
    assert +got == +expected
    assert total["received"] == sum(v for (_, k), v in expected.items() if k == "received")


def test_time_limit_report_counts_every_deadline_once():
    report = api.time_limit_report(CASES, "month", "dealer")
    decisions = [api.check_complaint(c) for c in _raw_cases()]
    statuses = Counter(d.status for x in decisions for d in x.deadlines)
    sheet = next(s for s in report.sheets if s.key == "by_deadline")
    keys = [c.key for c in sheet.columns]
    got = Counter()
    for row in sheet.rows:
        for outcome, status in (("met", "met"), ("late", "missed"), ("overdue", "overdue"), ("open", "running"),
                                ("exempt", "exempt")):
            got[status] += row[keys.index(outcome)]
    assert +got == +statuses
    by_dealer = next(s for s in report.sheets if s.key == "by_dealer")
    assert sum(r[keys.index("met")] for r in by_dealer.rows) == statuses["met"]


def test_reminder_threshold_is_the_complaint_profiles(tmp_path):
    case = {"id": "E", "channel": "dealer", "case_type": "complaint", "category": "service",
            "received_at": "2025-03-17T08:00:00+08:00", "events": []}
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(case) + "\n", encoding="utf-8")
    at = datetime(2025, 3, 17, 9, tzinfo=CHINA)                 # first contact due 10:00: one hour left
    assert len(api.time_limit_reminders(source, at).sheets[0].rows) == 1
    profile = tmp_path / "p.yaml"
    profile.write_text("profile: short\nname: {zh: 短, en: short}\nextends: default\nparameters:\n"
                       "  warn_before_hours:\n    value: 0.5\n    source: {document: CARMAKER, section: s}\n",
                       encoding="utf-8")
    assert api.time_limit_reminders(source, at, str(profile)).sheets[0].rows == []


def test_assessment_is_the_rates_by_department_under_cs_cms_title():
    r = _run("--kind", "assessment", "--by", "department", "--format", "json")
    report = json.loads(r.stdout)
    assert report["subject"] == "assessment" and report["by"] == "department"
    assert {g["group"] for g in report["groups"]} >= {"*", "after_sales", "unspecified"}
    assert {row["rate"] for row in report["groups"][0]["rates"]} == {"complaint_first_time", "complaint_on_time"}
    table = _run("--kind", "assessment", "--by", "department", "--lang", "zh").stdout
    assert "投诉考核报表" in table and "售后服务部" in table and "未注明部门" in table


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "summary", "--week", "2025-10"], "ISO"),
    (["--kind", "rates", "--week", "2025-W10"], "--week"),
    (["--kind", "summary", "--week", "2025-W10", "--period", "month"], "--week"),
])
def test_bad_week_options_are_refused(args, message):
    r = _run(*args)
    assert r.exit_code == 2 and message in r.output


def test_followup_report_has_no_department():
    r = CliRunner().invoke(cli, ["report", "followup", str(ROOT / "examples" / "followup" / "dealers_2025-02_03.csv"),
                                 "--by", "department"])
    assert r.exit_code == 2 and "department" in r.output


def test_summary_json_is_the_model():
    r = _run("--kind", "summary", "--week", "2025-W11", "--format", "json")
    report = SheetReport.model_validate_json(r.stdout)
    assert report.cites.startswith("FAW-CRM ch.2") and [s.key for s in report.sheets] == [
        "by_department", "by_category", "by_status"]


@needs_chromium
def test_the_weekly_summary_page_shows_its_bars_in_chromium(tmp_path):
    page, shot = tmp_path / "summary.html", tmp_path / "summary.png"
    page.write_text(api.render_report(api.complaint_summary(CASES, "week"), "html", "zh"), encoding="utf-8")
    done = chromium("--window-size=1280,1400", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0 and shot.is_file(), done.stderr[-500:]
    assert png_rows(shot)[:2] == (1280, 1400)
    for colour in BAR_COLOURS[:len(COUNTS)]:          # a bar of every count drawn: received, closed, open, overdue
        assert chart_pixels(shot, bytes.fromhex(colour[1:])) > 50, colour
