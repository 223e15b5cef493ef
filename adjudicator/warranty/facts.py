"""Warranty facts: a vehicle history becomes the measures the three-guarantee rules talk about.

Pure functions. Aggregates (repairs per problem, cumulative days, replacements) are computed here because
durable_rules cannot aggregate safely. Every fact keeps the visit ids it came from. Numbers and lists come
from the version's parameters, never from literals here.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..core.calendar import WorkingDayCalendar, default_calendar
from ..core.facts import Fact, Note, add_months
from ..core.rulebook import CompiledRuleset
from ..core.text import Localized
from .models import Item, VehicleHistory, Visit
from .vocabulary import BODY, CAUSE, FAILURE_MODE, SYSTEM, USAGE


@dataclass
class PeriodFacts:
    code: str
    start: date
    end_date: date
    end_odometer_km: int | None
    limit_km: int | None
    limit_days: int | None = None
    limit_years: float | None = None
    source: str = "statutory"
    param: str = ""

    def contains(self, day: date, odometer_km: int) -> bool:
        return day <= self.end_date and (self.end_odometer_km is None or odometer_km <= self.end_odometer_km)


@dataclass
class WarrantyFacts:
    facts: list[Fact]
    start: date
    periods: dict[str, PeriodFacts]
    assumptions: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    deadlines: dict[str, Any] = field(default_factory=dict)
    considered_visits: list[Visit] = field(default_factory=list)


def _loc(zh: str, en: str) -> Localized:
    return Localized(zh=zh, en=en)


def period_start(history: VehicleHistory, start_rule: str) -> date:
    """2013: the invoice date; 2021: the delivery date where it differs (versions.yaml `period_start`)."""
    p = history.purchase
    if start_rule == "delivery_if_different" and p.delivery_date and p.delivery_date != p.invoice_date:
        return p.delivery_date
    return p.invoice_date


def _years_period(code: str, start: date, delivery_km: int, min_years: float, min_km: int,
                  promised: Any, param: str) -> PeriodFacts:
    years, km, source = min_years, min_km, "statutory"
    if promised is not None and (promised.years > min_years or promised.km > min_km):
        years, km, source = max(promised.years, min_years), max(promised.km, min_km), "certificate"
    end = add_months(start, round(years * 12))
    return PeriodFacts(code, start, end, delivery_km + km, km, limit_years=years, source=source, param=param)


def repair_hours(visit: Visit, day_hours: int) -> tuple[float, bool]:
    """Hours a visit occupied; with dates only, whole days (at least one) and a flag saying so."""
    if isinstance(visit.opened_at, datetime):
        return (visit.closed_at - visit.opened_at).total_seconds() / 3600, False
    return max(1, (visit.closed_at - visit.opened_at).days) * day_hours, True


def repair_days(hours: float, day_hours: int) -> int:
    """Each started `day_hours` is one day; any repair at all is at least one day."""
    return max(1, math.ceil(hours / day_hours - 1e-9))


def cumulative_days(hours: float, excluded: float, day_hours: int) -> int:
    """Days a visit adds to the cumulative count once the regulation's excluded time is left out."""
    left = hours - excluded
    return 0 if left <= 1e-9 else max(1, math.ceil(left / day_hours - 1e-9))


def build(history: VehicleHistory, rules: CompiledRuleset, start_rule: str,
          calendar: WorkingDayCalendar | None = None) -> WarrantyFacts:
    """All facts for one history under one version's compiled rules and parameters."""
    P = rules.param
    has = rules.params.__contains__
    purchase, claim, cert = history.purchase, history.claim, history.certificate
    start = period_start(history, start_rule)
    dkm = purchase.delivery_odometer_km
    assumptions: list[Note] = []
    warnings: list[Note] = []

    repair = _years_period("repair_warranty", start, dkm, P("repair_warranty_min_years"), P("repair_warranty_min_km"),
                           cert.repair_warranty if cert else None, "repair_warranty_min_years")
    ret = _years_period("return_period", start, dkm, P("return_period_min_years"), P("return_period_min_km"),
                        cert.return_period if cert else None, "return_period_min_years")
    periods = {"repair_warranty": repair, "return_period": ret}
    periods["early_window"] = PeriodFacts("early_window", start, start + timedelta(days=P("early_window_days")),
                                          dkm + P("early_window_km"), P("early_window_km"),
                                          limit_days=P("early_window_days"), param="early_window_days")
    if has("seven_day_window_days"):
        n = P("seven_day_window_days")
        periods["seven_day_window"] = PeriodFacts("seven_day_window", start, start + timedelta(days=n),
                                                  None, None, limit_days=n, param="seven_day_window_days")

    day_hours = P("repair_day_hours")
    counted_causes = set(P("counted_causes"))
    assemblies = set(P("assemblies"))
    disclosed = {d.problem: d for d in history.disclosed_defects}
    breach_exempt = P("disclosure_exempts_standard_breach")
    consumables = {c.problem: c for c in (cert.consumables if cert else [])}

    visits = sorted((v for v in history.visits if v.opened_on <= claim.date),
                    key=lambda v: (v.opened_on, v.odometer_km, v.id))
    later = [v.id for v in history.visits if v.opened_on > claim.date]
    if later:
        warnings.append(Note("visits_after_decision_date", _loc(
            f"维修记录 {'、'.join(later)} 晚于决定日期 {claim.date}，未予考虑。",
            f"Visits {', '.join(later)} are after the decision date {claim.date} and were not considered."),
            "visits"))

    facts: list[Fact] = []
    facts.append(Fact("vehicle", {"usage": history.vehicle.usage, "body": history.vehicle.body,
                                  "powertrain": history.vehicle.powertrain,
                                  "has_invoice": purchase.has_invoice, "has_certificate": purchase.has_certificate},
                      {"vin": history.vehicle.vin, "usage_zh": USAGE.zh(history.vehicle.usage),
                       "body_zh": BODY.zh(history.vehicle.body)}))

    def window(day: date, odo: int) -> dict[str, Any]:
        return {"days_after_start": (day - start).days, "km_after_delivery": odo - dkm,
                "in_repair_warranty": repair.contains(day, odo), "in_return_period": ret.contains(day, odo)}

    def item_counts(item: Item) -> bool:
        """A repair of a quality problem that the regulation counts (a consumable's own period is checked apart)."""
        if item.action == "inspect_no_fault" or not item.quality_problem or item.cause not in counted_causes:
            return False
        d = disclosed.get(item.problem)
        return d is None or not (breach_exempt or not d.breaches_mandatory_standard)

    # per-item facts and per-key aggregates
    problem_visits: dict[str, list[str]] = defaultdict(list)
    problem_visits_rw: dict[str, list[str]] = defaultdict(list)
    problem_last: dict[str, Item] = {}
    problem_desc: dict[str, str] = {}
    safety_visits: list[str] = []
    safety_last: Item | None = None
    assembly_visits: list[str] = []
    assembly_last_fixed = True
    replaced_assemblies: set[str] = set()
    part_visits: dict[str, list[str]] = defaultdict(list)
    part_system: dict[str, str] = {}
    part_last_fixed: dict[str, bool] = {}
    cumulative = 0
    cumulative_visits: list[str] = []
    dates_only = False
    unknown_causes: list[str] = []
    for v in visits:
        day, odo = v.opened_on, v.odometer_km
        w = window(day, odo)
        hours, from_dates = repair_hours(v, day_hours)
        dates_only |= from_dates
        days = repair_days(hours, day_hours)
        visit_counts = False
        for item in v.items:
            counts = item_counts(item)
            c = consumables.get(item.problem)
            if c is not None:
                # a consumable's own period decides whether its failure counts
                end = add_months(start, c.months)
                within = day <= end and odo - dkm <= c.km
                counts = counts and within
                facts.append(Fact("consumable", {"within_own_period": within, "quality": item.quality_problem},
                                  {"visit": v.id, "date": day.isoformat(), "problem": item.problem,
                                   "period_end": end.isoformat(), "period_km": c.km}, (v.id,)))
            if counts and item.cause == "unknown":
                unknown_causes.append(v.id)
            major = item.system in assemblies and (
                item.action == "replace_assembly" or (item.action == "replace_part" and item.main_part))
            fields: dict[str, Any] = {"system": item.system, "action": item.action, "main_part": item.main_part,
                                      "serious": item.serious_safety_fault, "cause": item.cause,
                                      "quality": item.quality_problem, "counts": counts,
                                      "major_replacement": major, **w}
            if item.failure_mode:
                fields["failure_mode"] = item.failure_mode
            facts.append(Fact("item", fields, {
                "visit": v.id, "date": day.isoformat(), "odometer_km": odo, "problem": item.problem,
                "description": item.description or item.problem, "system_zh": SYSTEM.zh(item.system),
                "failure_zh": FAILURE_MODE.zh(item.failure_mode) if item.failure_mode else "",
                "failure_en": FAILURE_MODE.en(item.failure_mode) if item.failure_mode else "", "cause_zh": CAUSE.zh(item.cause)},
                (v.id,)))
            if not counts:
                continue
            visit_counts = True
            problem_desc.setdefault(item.problem, item.description or item.problem)
            if w["in_repair_warranty"] and v.id not in problem_visits_rw[item.problem]:
                problem_visits_rw[item.problem].append(v.id)
            if not w["in_return_period"]:
                continue
            if v.id not in problem_visits[item.problem]:
                problem_visits[item.problem].append(v.id)
            problem_last[item.problem] = item
            if item.serious_safety_fault:
                if v.id not in safety_visits:          # one visit is one repair, however many items
                    safety_visits.append(v.id)
                safety_last = item
            if item.system in assemblies:
                if item.action == "replace_assembly":
                    assembly_visits.append(v.id)
                    replaced_assemblies.add(item.system)
                if item.system in replaced_assemblies:   # later work on a replaced assembly tells if it works
                    assembly_last_fixed = item.fixed
            if item.action == "replace_part" and item.main_part:
                part_visits[item.problem].append(v.id)
                part_system[item.problem] = item.system
            if item.problem in part_system:
                part_last_fixed[item.problem] = item.fixed
        facts.append(Fact("visit", {"repair_days": days, "in_repair_warranty": w["in_repair_warranty"],
                                    "quality_repair": visit_counts}, {
            "visit": v.id, "opened": str(v.opened_at), "closed": str(v.closed_at),
            "courtesy_from": (v.opened_on + timedelta(days=P("courtesy_after_days"))).isoformat(),
            "courtesy_from_day": P("courtesy_after_days") + 1,
            "courtesy_days": max(0, days - P("courtesy_after_days")), "from_dates_only": from_dates}, (v.id,)))
        if visit_counts and w["in_return_period"]:
            added = cumulative_days(hours, v.excluded_hours, day_hours)
            cumulative += added
            cumulative_visits.append(f"{v.id}({added})")
        if days > 180:
            warnings.append(Note("long_visit", _loc(
                f"维修单 {v.id} 历时 {days} 天，请核实开单与完工时间。",
                f"Visit {v.id} lasted {days} days; check its opening and completion times."), "visits"))

    for name, vids in problem_visits.items():
        last = problem_last[name]
        d = disclosed.get(name)
        facts.append(Fact("problem", {
            "repairs": len(vids), "repairs_in_repair_warranty": len(problem_visits_rw.get(name, [])),
            "disclosed": d is not None, "disclosed_breach": bool(d and d.breaches_mandatory_standard),
            "unfixed": not last.fixed}, {"problem": name, "visits": vids, "description": problem_desc[name]},
            tuple(vids)))
    # disclosed problems never count, but the exclusion rule must still see them
    for name, d in disclosed.items():
        if name in problem_visits:
            continue
        vids = [v.id for v in visits if any(i.problem == name for i in v.items)]
        if vids:
            facts.append(Fact("problem", {"repairs": 0, "repairs_in_repair_warranty": 0, "disclosed": True,
                                          "disclosed_breach": d.breaches_mandatory_standard, "unfixed": False},
                              {"problem": name, "visits": vids, "description": d.description or name},
                              tuple(vids)))
    facts.append(Fact("repair_time", {"cumulative_days": cumulative, "visits": len(cumulative_visits)},
                      {"visit_list": cumulative_visits}, tuple(v.split("(")[0] for v in cumulative_visits)))
    facts.append(Fact("safety", {"repairs": len(safety_visits),
                                 "still_faulty": bool(safety_last is not None and not safety_last.fixed)},
                      {"visit_list": safety_visits}, tuple(safety_visits)))
    facts.append(Fact("assemblies", {"replacements": len(assembly_visits),
                                     "still_faulty": bool(assembly_visits) and not assembly_last_fixed},
                      {"visit_list": assembly_visits}, tuple(assembly_visits)))
    for name, vids in part_visits.items():
        facts.append(Fact("main_part", {"system": part_system[name], "replacements": len(vids),
                                        "still_faulty": not part_last_fixed.get(name, True)},
                          {"problem": name, "visit_list": vids, "system_zh": SYSTEM.zh(part_system[name]),
                           "description": problem_desc.get(name, name)}, tuple(vids)))

    # the decision date; a replace/return right is exercised when the consumer asks for it
    at_claim = window(claim.date, claim.odometer_km)
    exercised_on, exercised_km = claim.date, claim.odometer_km
    if claim.request is not None and claim.requested_on is not None and claim.requested_on < claim.date:
        exercised_on = claim.requested_on
        exercised_km = max([dkm] + [v.odometer_km for v in visits if v.opened_on <= exercised_on])
        assumptions.append(Note("exercised_at_request", _loc(
            f"更换、退货请求于 {exercised_on} 提出：以该日（里程按此前最近一次维修记录 {exercised_km} 公里计）判断是否在三包有效期内。",
            f"The replace/return request was made on {exercised_on}: whether it falls inside the return period is "
            f"judged on that day (km taken from the last visit before it, {exercised_km} km)."),
            "claim.requested_on"))
    claim_fields: dict[str, Any] = {
        "days_after_start": at_claim["days_after_start"], "km_after_delivery": at_claim["km_after_delivery"],
        "in_repair_warranty": at_claim["in_repair_warranty"],
        "in_return_period": ret.contains(exercised_on, exercised_km)}
    if claim.replacement_vehicle_available is not None:
        claim_fields["replacement_vehicle_available"] = claim.replacement_vehicle_available
    unfixed = [n for n, it in problem_last.items() if not it.fixed]
    facts.append(Fact("claim", claim_fields, {
        "exercised_on": exercised_on.isoformat(),
        "date": claim.date.isoformat(), "odometer_km": claim.odometer_km, "start": start.isoformat(),
        "repair_warranty_end": repair.end_date.isoformat(), "return_period_end": ret.end_date.isoformat(),
        "unfixed_problems": [problem_desc.get(n, n) for n in unfixed] or ["—"]},
        tuple(problem_visits[n][-1] for n in unfixed if problem_visits.get(n))))

    if cert is not None:
        cf: dict[str, Any] = {}
        # four decimals is finer than any certificate prints, and keeps the engine's JSON free of exponents
        if cert.repair_warranty:
            cf["repair_years"], cf["repair_km"] = round(float(cert.repair_warranty.years), 4), cert.repair_warranty.km
        if cert.return_period:
            cf["return_years"], cf["return_km"] = round(float(cert.return_period.years), 4), cert.return_period.km
        if cert.use_coefficient_pct is not None:
            cf["coefficient_pct"] = round(float(cert.use_coefficient_pct), 4)
        if cf:
            facts.append(Fact("certificate", cf, {
                "repair_min_years": P("repair_warranty_min_years"), "repair_min_km": P("repair_warranty_min_km"),
                "return_min_years": P("return_period_min_years"), "return_min_km": P("return_period_min_km")}))

    deadlines = _request(history, rules, facts, calendar, warnings)

    if dates_only:
        assumptions.append(Note("repair_days_from_dates", _loc(
            "部分维修单只有日期没有时刻：修理天数按日期差计算（至少1天）。",
            "Some visits carry dates without times: repair days were counted from the dates (at least one day)."),
            "visits"))
    if unknown_causes:
        assumptions.append(Note("unknown_cause_counted", _loc(
            f"维修单 {'、'.join(dict.fromkeys(unknown_causes))} 的故障原因未知，按质量问题计入。",
            f"Visits {', '.join(dict.fromkeys(unknown_causes))} have an unknown cause; counted as quality problems."),
            "visits.items.cause"))
    p = purchase
    if p.delivery_date and p.delivery_date < p.invoice_date:
        warnings.append(Note("delivered_before_invoice", _loc(
            f"交付日期 {p.delivery_date} 早于开票日期 {p.invoice_date}，请核实。",
            f"Delivery {p.delivery_date} is before the invoice {p.invoice_date}; please check."),
            "purchase.delivery_date"))
    if p.delivery_date and (p.delivery_date - p.invoice_date).days > 365:
        warnings.append(Note("late_delivery", _loc(
            f"交付日期 {p.delivery_date} 比开票日期晚一年以上，请核实。",
            f"Delivery {p.delivery_date} is more than a year after the invoice; please check."),
            "purchase.delivery_date"))
    if start_rule == "delivery_if_different" and p.delivery_date is None:
        assumptions.append(Note("delivery_is_invoice_date", _loc(
            "未提供交付日期：视为与开票日期相同，三包期自开票日期起算。",
            "No delivery date given: taken to be the invoice date, so the periods start on the invoice date."),
            "purchase.delivery_date"))
    return WarrantyFacts(facts, start, periods, assumptions, warnings, deadlines, visits)


def _request(history: VehicleHistory, rules: CompiledRuleset, facts: list[Fact],
             calendar: WorkingDayCalendar | None, warnings: list[Note]) -> dict[str, Any]:
    claim = history.claim
    if claim.request is None:
        return {}
    cal = calendar or default_calendar()
    asked = claim.requested_on or claim.date
    out: dict[str, Any] = {"requested_on": asked}
    fields: dict[str, Any] = {"kind": claim.request, "reply_overdue": False, "completion_overdue": False}
    display: dict[str, Any] = {"requested_on": asked.isoformat(), "replied_on": str(claim.seller_replied_on or "—"),
                               "completed_on": str(claim.completed_on or "—")}
    for code, param, done, flag in (("seller_reply", "seller_reply_working_days", claim.seller_replied_on,
                                     "reply_overdue"),
                                    ("seller_completion", "seller_completion_working_days", claim.completed_on,
                                     "completion_overdue")):
        if param not in rules.params:
            continue
        n = rules.param(param)
        due, note = cal.add_working_days(asked, n)
        if note:
            warnings.append(Note("calendar_not_covered", note, "claim.requested_on"))
        out[code] = {"due": due, "met_on": done, "days": n, "param": param, "requested_on": asked}
        display[code.replace("seller_", "") + "_due"] = due.isoformat()
        fields[flag] = done is None and claim.date > due      # late but done is "missed", not overdue
    if "completion_due" not in display:
        display["completion_due"] = "—"
    if "reply_due" not in display:
        display["reply_due"] = "—"
    facts.append(Fact("request", fields, display))
    return out
