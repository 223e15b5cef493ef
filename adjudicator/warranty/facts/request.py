"""The claim and the consumer's request: where the decision date and the request fall in the periods, which
problems are unfixed, and the seller's reply and completion deadlines on the working-day calendar."""
from __future__ import annotations

from typing import Any

from ...core.calendar import WorkingDayCalendar, default_calendar
from ...core.facts import Fact, Note
from ...core.rulebook import CompiledRuleset
from ...core.text import Localized
from ..models import VehicleHistory, Visit
from .periods import PeriodFacts
from .repairs import RepairRecord, RepairWalk

# a seller deadline -> its working-days parameter, the claim's field that records it done, the fact's flag
SELLER_DEADLINES = (("seller_reply", "seller_reply_working_days", "seller_replied_on", "reply_overdue"),
                    ("seller_completion", "seller_completion_working_days", "completed_on", "completion_overdue"))


def claim_fact(history: VehicleHistory, walk: RepairWalk, repairs: RepairRecord, visits: list[Visit],
               periods: dict[str, PeriodFacts], assumptions: list[Note]) -> Fact:
    """The decision date's place in the periods; a replace/return right is exercised when the consumer asks."""
    claim, dkm = history.claim, history.purchase.delivery_odometer_km
    repair, return_period = periods["repair_warranty"], periods["return_period"]
    at_claim = walk.window(claim.date, claim.odometer_km)
    exercised_on, exercised_km = claim.date, claim.odometer_km
    if claim.request is not None and claim.requested_on is not None and claim.requested_on < claim.date:
        exercised_on = claim.requested_on
        exercised_km = max([dkm] + [v.odometer_km for v in visits if v.opened_on <= exercised_on])
        assumptions.append(Note("exercised_at_request", Localized(
            zh=f"更换、退货请求于 {exercised_on} 提出：以该日（里程按此前最近一次维修记录 {exercised_km} 公里计）判断是否在三包有效期内。",
            en=f"The replace/return request was made on {exercised_on}: whether it falls inside the return period is "
               f"judged on that day (km taken from the last visit before it, {exercised_km} km)."),
            "claim.requested_on"))
    fields: dict[str, Any] = {
        "days_after_start": at_claim["days_after_start"], "km_after_delivery": at_claim["km_after_delivery"],
        "in_repair_warranty": at_claim["in_repair_warranty"],
        "in_return_period": return_period.contains(exercised_on, exercised_km),
        "repair_warranty_problems": len(repairs.repair_warranty_problems),
        "problems_on_record": len(repairs.problems_on_record)}
    if claim.replacement_vehicle_available is not None:
        fields["replacement_vehicle_available"] = claim.replacement_vehicle_available
    unfixed = [n for n, it in repairs.problem_last.items() if not it.fixed]
    return Fact("claim", fields, {
        "exercised_on": exercised_on.isoformat(),
        "date": claim.date.isoformat(), "odometer_km": claim.odometer_km, "start": walk.start.isoformat(),
        "repair_warranty_end": repair.end_date.isoformat(), "return_period_end": return_period.end_date.isoformat(),
        "unfixed_problems": [repairs.problem_description.get(n, n) for n in unfixed] or ["—"],
        "repair_warranty_problem_list": [repairs.problem_description.get(n, n)
                                         for n in sorted(repairs.repair_warranty_problems)] or ["—"]},
        tuple(repairs.problem_visits[n][-1] for n in unfixed if repairs.problem_visits.get(n)))


def request_fact(history: VehicleHistory, rules: CompiledRuleset, calendar: WorkingDayCalendar | None,
                 warnings: list[Note]) -> tuple[Fact | None, dict[str, Any]]:
    """The request's fact and the seller deadlines it starts (empty without a request)."""
    claim = history.claim
    if claim.request is None:
        return None, {}
    cal = calendar or default_calendar()
    asked = claim.requested_on or claim.date
    out: dict[str, Any] = {"requested_on": asked}
    fields: dict[str, Any] = {"kind": claim.request, "reply_overdue": False, "completion_overdue": False}
    display: dict[str, Any] = {"requested_on": asked.isoformat(), "replied_on": str(claim.seller_replied_on or "—"),
                               "completed_on": str(claim.completed_on or "—"), "reply_due": "—",
                               "completion_due": "—"}
    for code, param, done_field, flag in SELLER_DEADLINES:
        if param not in rules.params:
            continue
        n = rules.param(param)
        done = getattr(claim, done_field)
        due, note = cal.add_working_days(asked, n)
        if note:
            warnings.append(Note("calendar_not_covered", note, "claim.requested_on"))
        out[code] = {"due": due, "met_on": done, "days": n, "param": param, "requested_on": asked}
        display[code.replace("seller_", "") + "_due"] = due.isoformat()
        fields[flag] = done is None and claim.date > due      # late but done is "missed", not overdue
    return Fact("request", fields, display), out
