"""Step definitions of features/followup/rates.feature: the report's rate definitions, what each numerator and
denominator count. The follow-up logs are written with the steps of steps_followup.py; complaint cases come from
examples/complaints/."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from steps_followup import ordered

from adjudicator.followup.rates import RATE
from adjudicator.reports.model import ALL
from adjudicator.reports.sources import complaint_report_of, followup_report_of

COMPLAINTS = Path(__file__).resolve().parent.parent / "examples" / "complaints"
RATES = RATE.from_words()


@pytest.fixture
def cases() -> list[tuple[str, Any]]:
    return []


def _example(case_id: str) -> tuple[str, dict[str, Any]]:
    """An example case of examples/complaints/, named by its case number (the file's "id")."""
    found = [(path.name, case) for path in sorted(COMPLAINTS.glob("*.json"))
             if (case := json.loads(path.read_text(encoding="utf-8"))).get("id") == case_id]
    assert len(found) == 1, f"examples/complaints/ 中案件编号为 {case_id} 的示例有 {len(found)} 个"
    return found[0]


@given(parsers.parse('经销商"{dealer}"的投诉记录取自投诉示例"{case_id}"'))
def complaint_case(cases: list[tuple[str, Any]], dealer: str, case_id: str) -> None:
    name, case = _example(case_id)
    cases.append((name, {"dealer": dealer, "complaint": case}))


@given(parsers.parse('经销商"{dealer}"的投诉记录取自投诉示例"{case_id}"，负责人"{person}"已在关闭时签字'))
def signed_complaint_case(cases: list[tuple[str, Any]], dealer: str, case_id: str, person: str) -> None:
    name, case = _example(case_id)
    closed = next(e["at"] for e in case["events"] if e["type"] == "closed")
    cases.append((name, {"dealer": dealer, "complaint": case | {"signed_by": person, "signed_at": closed}}))


@when(parsers.parse('在"{at}"按月统计回访报表'))
def followup_month(log: dict[str, Any], ctx: dict[str, Any], at: str) -> None:
    ctx["report"] = followup_report_of([ordered(log)], "month", "dealer", ctx["policy"], _t(at))


@when(parsers.parse('在"{at}"按月统计投诉报表'))
def complaint_month(cases: list[tuple[str, Any]], ctx: dict[str, Any], at: str) -> None:
    ctx["report"] = complaint_report_of(cases, "month", "dealer", None, _t(at))


def _t(text: str) -> str:
    return text.strip().replace(" ", "T") + ":00+08:00"


def _group(ctx: dict[str, Any], group: str) -> Any:
    return next(g for g in ctx["report"].groups if g.group == (ALL if group == "全部" else group))


@then(parsers.parse('"{group}"的"{rate}"在"{period}"为{n:d}/{total:d}'))
def rate_is(ctx: dict[str, Any], group: str, rate: str, period: str, n: int, total: int) -> None:
    code = RATES[rate]
    row = next(r for r in _group(ctx, group).rates if r.rate == code)
    cell = row.cells[period]
    assert (cell.n, cell.N) == (n, total), f"{rate} {period}: {cell.n}/{cell.N}, expected {n}/{total}"
    assert cell.pct == (round(100 * n / total, 1) if total else None)


@then(parsers.parse('"{group}"的"{rate}"目标为{target:d}%，依据"{doc}"的"{section}"'))
def target_is(ctx: dict[str, Any], group: str, rate: str, target: int, doc: str, section: str) -> None:
    row = next(r for r in _group(ctx, group).rates if r.rate == RATES[rate])
    assert row.target_pct == target and row.cites.startswith(f"{doc} {section}"), (row.target_pct, row.cites)


@then(parsers.parse('"{group}"在"{period}"有{open_:d}项未到期、{overdue:d}项已逾期'))
def items_are(ctx: dict[str, Any], group: str, period: str, open_: int, overdue: int) -> None:
    items = _group(ctx, group).items[period]
    assert (items.open, items.overdue) == (open_, overdue), items
