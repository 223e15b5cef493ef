"""The periodic reports: the follow-up numbers recomputed independently from the raw event rows, the complaint
numbers from the complaint decisions, and every format (table, CSV, JSON, HTML with its SVG charts, XLSX)."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from browser import chart_pixels, chromium, needs_chromium, png_rows
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli
from adjudicator.reports.model import ALL
from adjudicator.reports.sources import complaint_report, followup_report
from adjudicator.reports.svg import LINE, TARGET

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "followup"
ROWS = EXAMPLES / "dealers_2025-02_03.csv"
CASES = EXAMPLES / "complaints_2025-02_03.jsonl"
TZ = api.CHINA_TZ
ANSWERED = ("reached", "refused")


@pytest.fixture(scope="module")
def monthly() -> api.Report:
    return followup_report(ROWS, "month", "dealer")


# ---------------------------------------------------------------- the numbers, recomputed from the raw rows

def _end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=TZ)


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=TZ)


def recompute(path: Path, as_of: datetime) -> dict[tuple[str, str, str], list[int]]:
    """The revisit policy read afresh, straight from the CSV rows: (dealer, month, rate) -> [n, N]. Only the
    policy's own figures appear here: next-day revisits, delivery calls on day 0, days 1-3 and day 7, 100 % for
    private cars and key customers."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in rows:
        r["at"] = datetime.fromisoformat(r["at"]).astimezone(TZ)
    out: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    months = {"2025-02", "2025-03"}

    def count(dealer: str, moment: datetime, rate: str, hit: bool) -> None:
        month = moment.strftime("%Y-%m")
        if month in months:
            out[(dealer, month, rate)][0] += hit
            out[(dealer, month, rate)][1] += 1

    calls = [r for r in rows if r["type"] == "revisit"]

    def in_window(dealer: str, vin: str, purpose: str, lo: datetime, hi: datetime | None) -> list[dict]:
        return [c for c in calls if (c["dealer"], c["vin"], c["purpose"]) == (dealer, vin, purpose)
                and c["at"] >= lo and (hi is None or c["at"] < hi)]

    def duty(r: dict, purpose: str, first: int | None, last: int, nxt: datetime | None) -> tuple[datetime | None, datetime, list]:
        day = r["at"].date()
        opens = r["at"] if first is None else max(r["at"], _start(day + timedelta(days=first)))
        tried = in_window(r["dealer"], r["vin"], purpose, opens, nxt)
        done = next((c["at"] for c in tried if c["outcome"] in ANSWERED), None)
        return done, _end(day + timedelta(days=last)), tried

    def on_time(r: dict, done: datetime | None, due: datetime) -> None:
        if done is not None or due < as_of:
            count(r["dealer"], due, "revisit_on_time", done is not None and done <= due)

    def starts(kind: str) -> list[tuple[dict, datetime | None]]:
        chosen = sorted((r for r in rows if r["type"] == kind), key=lambda r: (r["dealer"], r["vin"], r["at"]))
        return [(r, nxt["at"] if nxt and (nxt["dealer"], nxt["vin"]) == (r["dealer"], r["vin"]) else None)
                for r, nxt in zip(chosen, [*chosen[1:], None], strict=True)]

    for r, nxt in starts("workshop_completed"):
        done, due, tried = duty(r, "after_sales_revisit", 1, 1, nxt)
        full = r["car_use"] == "private" or r["customer_type"] == "key"
        if full or tried:
            on_time(r, done, due)
        if done is not None or due < as_of:
            count(r["dealer"], r["at"], "after_sales_revisit", done is not None)
            if r["car_use"] == "private":
                count(r["dealer"], r["at"], "private_car_revisit", done is not None)
            if r["customer_type"] == "key":
                count(r["dealer"], r["at"], "key_customer_revisit", done is not None)
    for r, nxt in starts("delivered"):
        answered, last_due = False, None
        for purpose, first, last in (("delivery_day_call", None, 0), ("delivery_specialist_call", 1, 3),
                                     ("delivery_week_call", 7, 7)):
            done, due, tried = duty(r, purpose, first, last, nxt)
            on_time(r, done, due)
            if tried:
                count(r["dealer"], due, "sales_revisit_success", any(c["outcome"] == "reached" for c in tried))
            answered, last_due = answered or done is not None, due
        if answered or last_due < as_of:
            count(r["dealer"], r["at"], "new_car_revisit", answered)
    for r, nxt in starts("complaint_closed"):
        done, due, _ = duty(r, "complaint_revisit", 1, 1, nxt)
        on_time(r, done, due)
    return out


def test_the_followup_numbers_are_recomputed_from_the_raw_rows(monthly: api.Report) -> None:
    expected = recompute(ROWS, _end(date(2025, 3, 31)))
    got = {}
    for g in monthly.groups:
        for row in g.rates:
            for label, cell in row.cells.items():
                if g.group != ALL and cell.N:
                    got[(g.group, label, row.rate)] = [cell.n, cell.N]
    assert got == dict(expected)
    assert len(got) == 3 * 2 * 6                       # three dealers, two months, six rates, none empty


def test_the_all_group_adds_up_the_dealers(monthly: api.Report) -> None:
    everything, dealers = monthly.groups[0], monthly.groups[1:]
    assert everything.group == ALL and [g.group for g in dealers] == ["D01", "D02", "D03"]
    for i, row in enumerate(everything.rates):
        for label, cell in row.cells.items():
            assert cell.n == sum(g.rates[i].cells[label].n for g in dealers)
            assert cell.N == sum(g.rates[i].cells[label].N for g in dealers)
            if cell.N:
                assert cell.pct == round(100 * cell.n / cell.N, 1) and cell.meets == (cell.pct >= row.target_pct)
        feb, mar = row.cells["2025-02"], row.cells["2025-03"]
        assert mar.change_pp == round(mar.pct - feb.pct, 1)


def test_the_complaint_numbers_come_from_the_complaint_decisions() -> None:
    report = complaint_report(CASES, "month", "dealer")
    expected: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    opened = defaultdict(int)
    for line in CASES.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        d = api.check_complaint(record["complaint"])
        if d.closed_at is None:
            opened[d.received_at.strftime("%Y-%m")] += 1
            continue
        month = d.closed_at.astimezone(TZ).strftime("%Y-%m")
        late = [x for x in d.deadlines if x.status in ("missed", "overdue")]
        signed = "signed_by" in record["complaint"]           # FAW-CRM ch.2 item 9, in the default profile
        expected[("complaint_on_time", month)][0] += not late and d.may_close and signed
        expected[("complaint_on_time", month)][1] += 1
        needed = d.escalations or [x for x in late if x.code in ("resolution", "general_close", "time_limit",
                                                                  "vrt_solution", "handling_plan")]
        expected[("complaint_first_time", month)][0] += not needed
        expected[("complaint_first_time", month)][1] += 1
    everything = report.groups[0]
    got = {(row.rate, label): [c.n, c.N] for row in everything.rates for label, c in row.cells.items() if c.N}
    assert got == dict(expected)
    assert {k: v.open + v.overdue for k, v in everything.items.items() if v.open + v.overdue} == dict(opened)
    assert [r.cites for r in everything.rates] == ["REVISIT §11 2", "REVISIT §11 2"]


def test_weeks_and_staff() -> None:
    weekly = followup_report(ROWS, "week", "advisor")
    labels = [p.label for p in weekly.periods]
    assert labels[0] == "2025-W05" and labels[-1] in ("2025-W14", "2025-W15") and len(labels) == len(set(labels))
    assert all((b.start - a.start).days == 7 for a, b in zip(weekly.periods, weekly.periods[1:], strict=False))
    staff = {g.group for g in weekly.groups} - {ALL}
    assert staff and all(re.match(r"^D0[123]-(SA|SC|RS)\d$|^—$", s) for s in staff), staff


# ---------------------------------------------------------------- the formats

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_with_a_chart_per_rate(monthly: api.Report) -> None:
    page = api.render_report(monthly, "html", "zh")
    parser = _Tags()
    parser.feed(page)
    parser.close()
    tags = [t for t, _ in parser.tags]
    assert page.startswith("<!DOCTYPE html>") and tags[:4] == ["html", "head", "meta", "title"]
    assert tags.count("svg") == len(monthly.groups) * 6
    assert tags.count("polyline") == len(monthly.groups) * 6           # two months: a line in every chart
    assert sum(1 for t, a in parser.tags if t == "line" and a.get("class") == "target") == len(monthly.groups) * 6
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        ET.fromstring(svg)                                              # each chart is well-formed XML
    assert not [a for _, a in parser.tags if {"src", "href"} & set(a)]
    assert "url(" not in page and "@import" not in page and "<script" not in page
    assert "回访按时完成率" in page and "经销商客户回访制度 §11 1" in page     # the source by its Chinese name
    english = api.render_report(monthly, "html", "en")
    assert "Revisits done on time" in english and "REVISIT §11 1" in english


def test_csv_holds_the_counts_of_the_json(monthly: api.Report) -> None:
    rows = list(csv.DictReader(io.StringIO(api.render_report(monthly, "csv", "en"))))
    data = json.loads(api.render_report(monthly, "json"))
    assert len(rows) == len(data["groups"]) * 6 * len(data["periods"])
    cell = data["groups"][1]["rates"][0]["cells"]["2025-03"]
    row = next(r for r in rows if (r["group"], r["rate"], r["period"]) == ("D01", "revisit_on_time", "2025-03"))
    assert (int(row["n"]), int(row["N"]), float(row["pct"])) == (cell["n"], cell["N"], cell["pct"])


def test_table_and_xlsx(monthly: api.Report, tmp_path: Path) -> None:
    table = api.render_report(monthly, "table", "zh")
    cell = monthly.groups[0].rates[0].cells["2025-03"]
    assert f"({cell.n}/{cell.N})" in table and "环比" in table and "已逾期未办" in table
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    out.write_bytes(api.render_report(monthly, "xlsx", "en"))
    wb = load_workbook(out)
    assert wb.sheetnames == ["All", "D01", "D02", "D03", "What each rate counts"]
    assert wb["D01"]["A3"].value == "Revisits done on time"


def test_cli_writes_every_format(tmp_path: Path) -> None:
    for fmt in ("table", "csv", "json", "html", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        r = CliRunner().invoke(cli, ["report", "followup", str(ROWS), "--format", fmt, "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert out.stat().st_size > 1000
    r = CliRunner().invoke(cli, ["report", "complaints", str(CASES), "--format", "csv", "--by", "advisor"])
    assert r.exit_code == 0 and r.output.startswith("group,period")
    r = CliRunner().invoke(cli, ["report", "followup", str(ROWS), "--format", "xlsx"])
    assert r.exit_code == 2 and "-o FILE" in r.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"dealer": "D1", "complaint": {"id": "x"}, "colour": 1}\n', encoding="utf-8")
    r = CliRunner().invoke(cli, ["report", "complaints", str(bad)])
    assert r.exit_code == 2 and "colour" in r.output and "Traceback" not in r.output


@needs_chromium
def test_the_html_report_shows_its_charts_in_chromium(monthly: api.Report, tmp_path: Path) -> None:
    page, shot = tmp_path / "report.html", tmp_path / "report.png"
    page.write_text(api.render_report(monthly, "html", "zh"), encoding="utf-8")
    dom = chromium("--virtual-time-budget=2000", "--dump-dom", page.as_uri())
    assert dom.returncode == 0 and dom.stdout.count("<svg") >= 1, dom.stderr[-500:]
    done = chromium("--window-size=1280,1600", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0 and shot.is_file(), done.stderr[-500:]
    width, height, _ = png_rows(shot)
    assert (width, height) == (1280, 1600)
    # the rate lines are drawn in the chart colour, the target lines in red
    assert chart_pixels(shot, bytes.fromhex(LINE[1:])) > 200
    assert chart_pixels(shot, bytes.fromhex(TARGET[1:])) > 100


# ---------------------------------------------------------------- input text never runs as a spreadsheet formula

FORMULA = '=HYPERLINK("http://example.invalid","x")'


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_dealer_named_like_a_formula_stays_text_in_the_spreadsheet(tmp_path, fmt):
    """A dealer id is input text: written as given, `=HYPERLINK(...)` would run in the reader's spreadsheet."""
    rows = tmp_path / "rows.csv"
    rows.write_text(ROWS.read_text(encoding="utf-8").replace("\nD01,", f'\n"{FORMULA.replace(chr(34), chr(34) * 2)}",'),
                    encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    lines = CASES.read_text(encoding="utf-8").splitlines()
    cases.write_text("\n".join(json.dumps({**json.loads(x), "dealer": FORMULA}) if '"dealer"' in x else x
                               for x in lines) + "\n", encoding="utf-8")
    for args in (["report", "followup", str(rows)], ["report", "complaints", str(cases), "--kind", "summary"],
                 ["report", "complaints", str(cases), "--kind", "time-limits", "--by", "dealer"]):
        out = tmp_path / f"report.{fmt}"
        result = CliRunner().invoke(cli, [*args, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        if fmt == "csv":
            cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))) for c in row]
        else:
            book = openpyxl.load_workbook(out)
            cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
            assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
        texts = [c for c in cells if isinstance(c, str)]
        assert not [c for c in texts if c.startswith(("=", "+", "@"))], args
        if fmt == "csv" and (args[1] == "followup" or "--by" in args):      # the dealer is a cell of its own
            assert "'" + FORMULA in texts, args
