"""Warranty facts: a vehicle history becomes the measures the three-guarantee rules talk about.

Pure functions, one module per topic: `periods` (包修期, 三包有效期, early windows), `repairs` (visits, items,
repairs per problem, cumulative days, consumables), `replacements` (safety faults, assemblies, main parts),
`request` (the claim and the seller's deadlines), `vehicle` (scope, purchase, certificate). Every fact keeps the
visit ids it came from. Numbers and lists come from the version's parameters, never from literals here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ...core.calendar import WorkingDayCalendar
from ...core.facts import Fact, Note
from ...core.rulebook import CompiledRuleset
from ...core.text import Localized
from ..models import VehicleHistory, Visit
from ..unknowns import with_readings
from .periods import PeriodFacts, build_periods, period_start
from .repairs import RepairRecord, RepairWalk, cumulative_days, repair_days, repair_hours
from .request import claim_fact, request_fact
from .vehicle import certificate_fact, incident_facts, purchase_notes, vehicle_fact


@dataclass
class WarrantyFacts:
    facts: list[Fact]
    start: date
    periods: dict[str, PeriodFacts]
    assumptions: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    deadlines: dict[str, Any] = field(default_factory=dict)
    considered_visits: list[Visit] = field(default_factory=list)


def build(history: VehicleHistory, rules: CompiledRuleset, start_rule: str,
          calendar: WorkingDayCalendar | None = None) -> WarrantyFacts:
    """All facts for one history under one version's compiled rules and parameters. Unknown judgements are read
    as unknowns.ASSUMED says (the decision shows the other possibilities); the facts never hold an unknown."""
    history = with_readings(history)
    claim = history.claim
    start = period_start(history, start_rule)
    periods = build_periods(history, start, rules.param, rules.params.__contains__)
    assumptions: list[Note] = []
    warnings: list[Note] = []
    visits = sorted((v for v in history.visits if v.opened_on <= claim.date),
                    key=lambda v: (v.opened_on, v.odometer_km, v.id))
    later = [v.id for v in history.visits if v.opened_on > claim.date]
    if later:
        warnings.append(Note("visits_after_decision_date", Localized(
            zh=f"维修记录 {'、'.join(later)} 晚于决定日期 {claim.date}，未予考虑。",
            en=f"Visits {', '.join(later)} are after the decision date {claim.date} and were not considered."),
            "visits"))
    walk = RepairWalk(history, start, periods, rules.param)
    repairs = walk.run(visits)
    for visit_id, days in repairs.long_visits:
        warnings.append(Note("long_visit", Localized(
            zh=f"维修单 {visit_id} 历时 {days} 天，请核实开单与完工时间。",
            en=f"Visit {visit_id} lasted {days} days; check its opening and completion times."), "visits"))
    for visit, days in repairs.in_progress:
        warnings.append(_in_progress_note(visit, days, repairs.cumulative_days, claim.date, rules))
    facts = [vehicle_fact(history), *repairs.facts,
             claim_fact(history, walk, repairs, visits, periods, assumptions)]
    facts.extend(incident_facts(history))
    certificate = certificate_fact(history, rules.param)
    if certificate is not None:
        facts.append(certificate)
    request, deadlines = request_fact(history, rules, calendar, warnings)
    if request is not None:
        facts.append(request)
    if repairs.dates_only:
        assumptions.append(Note("repair_days_from_dates", Localized(
            zh="部分维修单只有日期没有时刻：修理天数按日期差计算（至少1天）。",
            en="Some visits carry dates without times: repair days were counted from the dates (at least one day)."),
            "visits"))
    if repairs.unknown_causes:
        listed = list(dict.fromkeys(repairs.unknown_causes))
        assumptions.append(Note("unknown_cause_counted", Localized(
            zh=f"维修单 {'、'.join(listed)} 的故障原因未知，按质量问题计入。",
            en=f"Visits {', '.join(listed)} have an unknown cause; counted as quality problems."),
            "visits.items.cause"))
    assumptions.extend(_no_fault_reading(repairs, rules, visits))
    if not rules.param("repair_day_remainder_stated"):
        assumptions.extend(_other_day_reading(repairs, rules))
    purchase_warnings, purchase_assumptions = purchase_notes(history, start_rule)
    return WarrantyFacts(facts, start, periods, assumptions + purchase_assumptions, warnings + purchase_warnings,
                         deadlines, visits)


def _no_fault_reading(repairs: RepairRecord, rules: CompiledRuleset, visits: list[Visit]) -> list[Note]:
    """Visits that found no fault, for a problem later confirmed as a defect: the decision does not count them as
    repairs (the strict reading); counted (the expert columns' reading), the outcome is shown where it changes."""
    limit = rules.param("same_problem_repairs_limit")
    opened = {v.id: v.opened_on for v in visits}
    notes = []
    for problem, repaired in repairs.problem_visits.items():
        last = max(opened[v] for v in repaired)
        linked = [v for v in repairs.no_fault_visits.get(problem, []) if opened[v] <= last and v not in repaired]
        if not linked:
            continue
        counted = len(repaired) + len(linked)
        name = repairs.problem_description.get(problem, problem)
        changes = (len(repaired) > limit) != (counted > limit)
        zh = (f"「{name}」有 {len(linked)} 次进厂检查未发现故障（维修单 {'、'.join(linked)}），其后确认为同一质量问题："
              f"本裁决不计为修理（检查无故障不是修理），计 {len(repaired)} 次；按计入的读法（同一故障零件引起的进厂均计入）为 "
              f"{counted} 次，{'超过' if counted > limit else '未超过'} {limit} 次"
              + ("，结果不同：同一质量问题修理次数的更换条件" + ("将满足。" if counted > limit else "将不满足。")
                 if changes else "，结果相同。"))
        en = (f"\"{name}\": {len(linked)} visit(s) found no fault ({', '.join(linked)}) before the same problem was "
              f"confirmed. They are not counted as repairs here ({len(repaired)} repairs); counting them (the reading "
              f"that every visit caused by the same failing part counts) gives {counted}, "
              f"{'more' if counted > limit else 'not more'} than {limit}"
              + (", which changes the outcome." if changes else ", with the same outcome."))
        notes.append(Note("no_fault_visits", Localized(zh=zh, en=en), "visits.items.action"))
    return notes


def _other_day_reading(repairs: RepairRecord, rules: CompiledRuleset) -> list[Note]:
    """Where the text leaves the remainder after the first 24 hours open, the other reading's outcome, computed,
    wherever it changes a limit: the cumulative days or a single repair's courtesy vehicle."""
    notes: list[Note] = []
    limit, courtesy_after = rules.param("cumulative_repair_days_limit"), rules.param("courtesy_after_days")
    choice = rules.params["repair_day_remainder_stated"].spec.choice
    if (repairs.cumulative_days > limit) != (repairs.cumulative_days_whole > limit):
        notes.append(Note("repair_day_reading", Localized(
            zh=f"按另一读法，累计修理时间为 {repairs.cumulative_days_whole} 天"
               f"（本裁决计 {repairs.cumulative_days} 天），"
               f"{'不' if repairs.cumulative_days_whole <= limit else ''}超过 {limit} 天。",
            en=f"Under the other reading the cumulative repair time is "
               f"{repairs.cumulative_days_whole} days ({repairs.cumulative_days} here), "
               f"{'not ' if repairs.cumulative_days_whole <= limit else ''}more than {limit}."), "visits"))
    for visit_id, days, whole in repairs.whole_day_visits:
        if days > courtesy_after >= whole:
            notes.append(Note("repair_day_reading", Localized(
                zh=f"按另一读法，维修单 {visit_id} 的单次修理时间为 {whole} 天（本裁决计 {days} 天），"
                   f"未超过 {courtesy_after} 天，不产生备用车或交通费用补偿。",
                en=f"Under the other reading visit {visit_id} took {whole} days ({days} here), not more than "
                   f"{courtesy_after}: no courtesy vehicle or transport compensation."), "visits"))
    if notes and choice is not None:          # the choice itself is said once, before its first consequence
        first = notes[0]
        notes[0] = Note(first.code, Localized(zh=choice.zh + first.text.zh, en=f"{choice.en} {first.text.en}"),
                        first.field)
    return notes


def _in_progress_note(visit: Visit, days: int, cumulative: int, on: date, rules: CompiledRuleset) -> Note:
    """A repair still going on at the decision date: counted to that date, with the days on which the courtesy
    vehicle and the cumulative-days limits are reached if it goes on."""
    courtesy_after = rules.param("courtesy_after_days")
    courtesy_from = visit.opened_on + timedelta(days=courtesy_after)
    zh = [f"维修单 {visit.id} 在决定日 {on} 仍在修理中，修理天数计至决定日（已 {days} 天），其后的时间未计入"]
    en = [f"Visit {visit.id} is still in repair on the decision date {on}: its days are counted to that date "
          f"({days} so far), none after it"]
    if days <= courtesy_after:
        zh.append(f"如修理继续，自 {courtesy_from}（第 {courtesy_after + 1} 日）起应提供备用车或交通费用补偿")
        en.append(f"if it goes on, a courtesy vehicle or transport compensation is due from {courtesy_from} "
                  f"(day {courtesy_after + 1})")
    limit = rules.param("cumulative_repair_days_limit")
    if cumulative <= limit:
        reached = on + timedelta(days=limit - cumulative + 1)
        zh.append(f"累计修理天数（现为 {cumulative} 天）将于 {reached} 超过 {limit} 天")
        en.append(f"the cumulative repair days ({cumulative} now) would pass {limit} on {reached}")
    return Note("visit_in_progress", Localized(zh="；".join(zh) + "。", en="; ".join(en) + "."), "visits")


__all__ = ["WarrantyFacts", "PeriodFacts", "build", "period_start", "repair_hours", "repair_days",
           "cumulative_days"]
