"""Step definitions of features/followup/complaint_reports.feature: the FAW-CRM weekly complaint summary and the
CS-CMS time-limit report and reminders, over a few complaint cases written step by step."""
from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from adjudicator.complaints.vocabulary import CASE_TYPE, CATEGORY, DEADLINE, DEPARTMENT, EVENT_TYPE
from adjudicator.reports.complaint_cases import decided_complaints
from adjudicator.reports.sheets import SheetReport, cell_text
from adjudicator.reports.time_limits import OUTCOME, time_limit_reminders_of, time_limit_report_of
from adjudicator.reports.weekly_summary import complaint_summary_of


def _t(text: str) -> str:
    return text.strip().replace(" ", "T") + ":00+08:00"


@pytest.fixture
def complaint_cases() -> dict[str, dict[str, Any]]:
    return {}


@pytest.fixture
def sheets() -> dict[str, SheetReport]:
    return {}


def _new(cases: dict[str, dict[str, Any]], cid: str, case_type: str, category: str, received: str) -> dict[str, Any]:
    case = cases[cid] = {"id": cid, "channel": "dealer", "case_type": CASE_TYPE.from_words()[case_type],
                         "category": CATEGORY.from_words()[category], "received_at": _t(received), "events": []}
    return case


@given(parsers.parse('"{case_type}"类投诉"{cid}"，类别"{category}"，处理部门"{department}"，于"{received}"受理'))
def complaint_of_department(complaint_cases: dict[str, dict[str, Any]], cid: str, case_type: str, category: str,
                            department: str, received: str) -> None:
    _new(complaint_cases, cid, case_type, category, received)["department"] = DEPARTMENT.from_words()[department]


@given(parsers.parse('"{case_type}"类投诉"{cid}"，类别"{category}"，未注明处理部门，于"{received}"受理'))
def complaint_without_department(complaint_cases: dict[str, dict[str, Any]], cid: str, case_type: str, category: str,
                                 received: str) -> None:
    _new(complaint_cases, cid, case_type, category, received)


@given(parsers.parse('投诉"{cid}"于"{at}"发生事件"{type_}"，备注"{note}"'))
def complaint_event_with_note(complaint_cases: dict[str, dict[str, Any]], cid: str, at: str, type_: str,
                              note: str) -> None:
    complaint_cases[cid]["events"].append({"at": _t(at), "type": EVENT_TYPE.from_words()[type_], "note": note})


@given(parsers.parse('投诉"{cid}"于"{at}"发生事件"{type_}"'))
def complaint_event(complaint_cases: dict[str, dict[str, Any]], cid: str, at: str, type_: str) -> None:
    complaint_cases[cid]["events"].append({"at": _t(at), "type": EVENT_TYPE.from_words()[type_]})


def _decided(cases: dict[str, dict[str, Any]], at: str) -> list[Any]:
    return list(decided_complaints(((cid, c) for cid, c in cases.items()), _t(at)))  # type: ignore[arg-type]


@when(parsers.parse('在"{at}"生成投诉汇总周报'))
def weekly_summary(complaint_cases: dict[str, dict[str, Any]], sheets: dict[str, SheetReport], at: str) -> None:
    sheets["report"] = complaint_summary_of(_decided(complaint_cases, at), "week")


@when(parsers.parse('在"{at}"生成按月的投诉时限报表'))
def time_limit_report(complaint_cases: dict[str, dict[str, Any]], sheets: dict[str, SheetReport], at: str) -> None:
    sheets["report"] = time_limit_report_of(_decided(complaint_cases, at), "month", "department")


@when(parsers.parse('在"{at}"生成投诉时限提示'))
def reminders(complaint_cases: dict[str, dict[str, Any]], sheets: dict[str, SheetReport], at: str) -> None:
    sheets["report"] = time_limit_reminders_of(_decided(complaint_cases, at))


def _row(report: SheetReport, sheet: str, first: str) -> dict[str, Any]:
    s = next(x for x in report.sheets if x.key == sheet)
    row = next(r for r in s.rows if cell_text(r[0], "zh") == first)
    return {c.key: v for c, v in zip(s.columns, row, strict=True)}


@then(parsers.parse('周报统计的是"{label}"，对比上一周'))
def summary_week(sheets: dict[str, SheetReport], label: str) -> None:
    assert sheets["report"].period.startswith(label), sheets["report"].period


@then(parsers.parse('"{group}"本周受理{received:d}件、关闭{closed:d}件、期末未结{open_:d}件、期末逾期{overdue:d}件'))
def summary_counts(sheets: dict[str, SheetReport], group: str, received: int, closed: int, open_: int,
                   overdue: int) -> None:
    row = _row(sheets["report"], "by_department", group)
    assert (row["received"], row["closed"], row["open"], row["overdue"]) == (received, closed, open_, overdue), row


@then(parsers.parse('"{group}"上周受理{received:d}件、关闭{closed:d}件、期末未结{open_:d}件、期末逾期{overdue:d}件'))
def summary_counts_before(sheets: dict[str, SheetReport], group: str, received: int, closed: int, open_: int,
                          overdue: int) -> None:
    row = _row(sheets["report"], "by_department", group)
    got = (row["received_prev"], row["closed_prev"], row["open_prev"], row["overdue_prev"])
    assert got == (received, closed, open_, overdue), row


@then(parsers.parse('"{group}"本周按时关闭率为{n:d}/{total:d}'))
def summary_on_time(sheets: dict[str, SheetReport], group: str, n: int, total: int) -> None:
    row = _row(sheets["report"], "by_department", group)
    assert row["on_time"] == f"{n}/{total}" and row["on_time_pct"] == (round(100 * n / total, 1) if total else None)


@then(parsers.parse('类别"{category}"本周受理{received:d}件'))
def summary_category(sheets: dict[str, SheetReport], category: str, received: int) -> None:
    assert _row(sheets["report"], "by_category", category)["received"] == received


@then(parsers.parse('期末状态为"{status}"的有{count:d}件'))
def summary_status(sheets: dict[str, SheetReport], status: str, count: int) -> None:
    assert _row(sheets["report"], "by_status", status)["count"] == count


@then(parsers.parse('"{period}"的时限"{deadline}"：按时完成{met:d}、超时完成{late:d}、逾期未办{overdue:d}、未到期{open_:d}，按时完成率{n:d}/{total:d}'))
def time_limit_row(sheets: dict[str, SheetReport], period: str, deadline: str, met: int, late: int, overdue: int,
                   open_: int, n: int, total: int) -> None:
    s = next(x for x in sheets["report"].sheets if x.key == "by_deadline")
    row = next(dict(zip([c.key for c in s.columns], r, strict=True)) for r in s.rows
               if r[0] == period and cell_text(r[1], "zh") == DEADLINE.zh(DEADLINE.from_words()[deadline]))
    assert [row[k] for k in OUTCOME.codes[:4]] == [met, late, overdue, open_], row
    assert row["on_time"] == f"{n}/{total}", row


@then(parsers.parse('第{i:d}条提示是投诉"{cid}"的"{deadline}"，{reminder}'))
def reminder_row(sheets: dict[str, SheetReport], i: int, cid: str, deadline: str, reminder: str) -> None:
    rows = next(x for x in sheets["report"].sheets if x.key == "reminders").rows
    row = rows[i - 1]
    assert (cell_text(row[0], "zh"), row[3], cell_text(row[7], "zh")) == (reminder, cid, deadline), row


@then(parsers.parse('共有{count:d}条提示'))
def reminder_count(sheets: dict[str, SheetReport], count: int) -> None:
    rows = next(x for x in sheets["report"].sheets if x.key == "reminders").rows
    assert len(rows) == count, [(cell_text(r[0], "zh"), r[3], cell_text(r[7], "zh")) for r in rows]
