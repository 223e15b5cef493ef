"""Repairs: each visit and item as the rules see it, the repairs of each quality problem, cumulative repair days
and consumables' own periods. Aggregates are computed here because durable_rules cannot aggregate safely."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ...core.facts import Fact, add_months
from ...core.inputs import as_moment
from ...core.text import Localized
from ..models import Item, VehicleHistory, Visit
from ..vocabulary import CAUSE, FAILURE_MODE, SYSTEM
from .periods import PeriodFacts
from .replacements import AssemblyReplacements, MainPartReplacements, SafetyRepairs


def repair_hours(visit: Visit, day_hours: int, until: date | None = None) -> tuple[float, bool]:
    """Hours a visit occupied, up to the end of `until` (the decision date) when it closed later; with dates only,
    whole days (at least one) and a flag saying so."""
    if isinstance(visit.opened_at, datetime):
        end = visit.closed_at
        if until is not None:
            end = min(end, as_moment(until + timedelta(days=1)))
        return (end - visit.opened_at).total_seconds() / 3600, False
    end_day = visit.closed_at if until is None else min(visit.closed_at, until)
    return max(1, (end_day - visit.opened_at).days) * day_hours, True


def in_progress(visit: Visit, until: date) -> bool:
    """The repair was still going on at the end of the decision date."""
    if isinstance(visit.closed_at, datetime):
        return visit.closed_at > as_moment(until + timedelta(days=1))
    return visit.closed_at > until


def repair_days(hours: float, day_hours: int) -> int:
    """Each started `day_hours` is one day; any repair at all is at least one day."""
    return max(1, math.ceil(hours / day_hours - 1e-9))


def cumulative_days(hours: float, excluded: float, day_hours: int, *, remainder_counts: bool = True) -> int:
    """Days a visit adds to the cumulative count once the regulation's excluded time is left out. With
    `remainder_counts` false, the other reading of the 2013 text: only whole days after the first count."""
    left = hours - excluded
    if left <= 1e-9:
        return 0
    if remainder_counts:
        return max(1, math.ceil(left / day_hours - 1e-9))
    return max(1, math.floor(left / day_hours + 1e-9))


def problem_name(part: str, description: str | None) -> str:
    """A quality problem is named by its failing part, with the record's description beside it."""
    return f"{part}（{description}）" if description and description != part else part


@dataclass
class RepairRecord:
    """What the walk over the visits found, beyond its facts: for the claim and the decision's notes."""
    facts: list[Fact] = field(default_factory=list)
    problem_visits: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    problem_last: dict[str, Item] = field(default_factory=dict)
    problem_description: dict[str, str] = field(default_factory=dict)
    long_visits: list[tuple[str, int]] = field(default_factory=list)
    in_progress: list[tuple[Visit, int]] = field(default_factory=list)     # visit, days so far
    cumulative_days: int = 0
    cumulative_days_whole: int = 0      # the other reading: a remainder under a day after the first not counted
    whole_day_visits: list[tuple[str, int, int]] = field(default_factory=list)  # visit, days, days the other way
    no_fault_visits: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # problem -> visits
    repair_warranty_problems: set[str] = field(default_factory=set)    # counted problems that arose in the 包修期
    problems_on_record: set[str] = field(default_factory=set)          # every problem a visit worked on
    dates_only: bool = False
    unknown_causes: list[str] = field(default_factory=list)


class RepairWalk:
    """Walks the considered visits in order and builds the repair facts under one version's parameters."""

    def __init__(self, history: VehicleHistory, start: date, periods: dict[str, PeriodFacts],
                 param: Callable[[str], Any]):
        self.history, self.start, self.param = history, start, param
        self.repair, self.return_period = periods["repair_warranty"], periods["return_period"]
        self.delivery_km = history.purchase.delivery_odometer_km
        self.day_hours = param("repair_day_hours")
        self.counted_causes = set(param("counted_causes"))
        self.assemblies = set(param("assemblies"))
        self.disclosed = {d.problem: d for d in history.disclosed_defects}
        self.breach_exempt = param("disclosure_exempts_standard_breach")
        cert = history.certificate
        self.consumables = {c.problem: c for c in (cert.consumables if cert else [])}

    def window(self, day: date, odo: int) -> dict[str, Any]:
        return {"days_after_start": (day - self.start).days, "km_after_delivery": odo - self.delivery_km,
                "in_repair_warranty": self.repair.contains(day, odo), "in_return_period": self.return_period.contains(day, odo)}

    def item_counts(self, item: Item) -> bool:
        """A repair of a quality problem that the regulation counts (a consumable's own period is checked apart)."""
        if item.action == "inspect_no_fault" or not item.quality_problem or item.cause not in self.counted_causes:
            return False
        d = self.disclosed.get(item.problem)
        return d is None or not (self.breach_exempt or not d.breaches_mandatory_standard)

    def run(self, visits: list[Visit]) -> RepairRecord:
        out = RepairRecord()
        in_repair_warranty: dict[str, list[str]] = defaultdict(list)
        safety, assemblies, parts = SafetyRepairs(), AssemblyReplacements(self.assemblies), MainPartReplacements()
        cumulative, cumulative_visits = 0, []
        courtesy_after = self.param("courtesy_after_days")
        until = self.history.claim.date
        for v in visits:
            day, odo = v.opened_on, v.odometer_km
            w = self.window(day, odo)
            hours, from_dates = repair_hours(v, self.day_hours, until)
            ongoing = in_progress(v, until)
            out.dates_only |= from_dates
            days = repair_days(hours, self.day_hours)
            visit_counts = False
            for item in v.items:
                counts = self._item_facts(out, v, item, w)
                if item.action != "inspect_no_fault":
                    out.problems_on_record.add(item.problem)
                elif w["in_return_period"] and v.id not in out.no_fault_visits[item.problem]:
                    out.no_fault_visits[item.problem].append(v.id)
                if not counts:
                    continue
                visit_counts = True
                out.problem_description.setdefault(item.problem, problem_name(item.problem, item.description))
                if w["in_repair_warranty"]:
                    out.repair_warranty_problems.add(item.problem)
                    if v.id not in in_repair_warranty[item.problem]:
                        in_repair_warranty[item.problem].append(v.id)
                if not w["in_return_period"]:
                    continue
                if v.id not in out.problem_visits[item.problem]:
                    out.problem_visits[item.problem].append(v.id)
                out.problem_last[item.problem] = item
                safety.observe(v.id, item)
                assemblies.observe(v.id, item)
                parts.observe(v.id, item)
            out.facts.append(Fact("visit", {"repair_days": days, "in_repair_warranty": w["in_repair_warranty"],
                                            "quality_repair": visit_counts, "in_progress": ongoing,
                                            "courtesy_provided": v.courtesy_provided}, {
                "visit": v.id, "opened": str(v.opened_at),
                "closed": Localized(zh=f"{until}（仍在修理）", en=f"{until} (still in repair)") if ongoing
                else str(v.closed_at),
                "courtesy_from": (v.opened_on + timedelta(days=courtesy_after)).isoformat(),
                "courtesy_from_day": courtesy_after + 1,
                "courtesy_days": max(0, days - courtesy_after), "from_dates_only": from_dates}, (v.id,)))
            whole = cumulative_days(hours, 0, self.day_hours, remainder_counts=False)
            if whole != days:
                out.whole_day_visits.append((v.id, days, whole))
            if visit_counts and w["in_return_period"]:
                added = cumulative_days(hours, v.excluded_hours, self.day_hours)
                cumulative += added
                out.cumulative_days_whole += cumulative_days(hours, v.excluded_hours, self.day_hours,
                                                             remainder_counts=False)
                cumulative_visits.append(f"{v.id}({added})")
            if ongoing:
                out.in_progress.append((v, days))
            if days > 180:
                out.long_visits.append((v.id, days))
        out.cumulative_days = cumulative
        out.facts.extend(self._problem_facts(out, in_repair_warranty, visits))
        out.facts.append(Fact("repair_time", {"cumulative_days": cumulative, "visits": len(cumulative_visits)},
                              {"visit_list": cumulative_visits},
                              tuple(v.split("(")[0] for v in cumulative_visits)))
        out.facts.append(safety.fact())
        out.facts.append(assemblies.fact())
        out.facts.extend(parts.facts(out.problem_description))
        return out

    def _item_facts(self, out: RepairRecord, v: Visit, item: Item, w: dict[str, Any]) -> bool:
        """The item's fact (and its consumable fact); whether the item counts as a repair of a quality problem."""
        day, odo = v.opened_on, v.odometer_km
        counts = self.item_counts(item)
        c = self.consumables.get(item.problem)
        if c is not None:
            # a consumable's own period decides whether its failure counts -- unless the certificate lists a main
            # part as a consumable, which it may not: the statutory reading decides, and the label is a finding
            end = add_months(self.start, c.months)
            within = day <= end and odo - self.delivery_km <= c.km
            if not item.main_part:
                counts = counts and within
            out.facts.append(Fact("consumable", {"within_own_period": within, "quality": item.quality_problem,
                                                 "main_part": item.main_part},
                                  {"visit": v.id, "date": day.isoformat(), "problem": item.problem,
                                   "period_end": end.isoformat(), "period_km": c.km}, (v.id,)))
        if counts and item.cause == "unknown":
            out.unknown_causes.append(v.id)
        major = item.system in self.assemblies and (
            item.action == "replace_assembly" or (item.action == "replace_part" and item.main_part))
        fields: dict[str, Any] = {"system": item.system, "action": item.action, "main_part": item.main_part,
                                  "serious": item.serious_safety_fault, "cause": item.cause,
                                  "quality": item.quality_problem, "counts": counts,
                                  "major_replacement": major, **w}
        if item.failure_mode:
            fields["failure_mode"] = item.failure_mode
        out.facts.append(Fact("item", fields, {
            "visit": v.id, "date": day.isoformat(), "odometer_km": odo, "problem": item.problem,
            "description": problem_name(item.problem, item.description), "system_zh": SYSTEM.zh(item.system),
            "failure_zh": FAILURE_MODE.zh(item.failure_mode) if item.failure_mode else "",
            "failure_en": FAILURE_MODE.en(item.failure_mode) if item.failure_mode else "",
            "cause_zh": CAUSE.zh(item.cause)}, (v.id,)))
        return counts

    def _problem_facts(self, out: RepairRecord, in_repair_warranty: dict[str, list[str]],
                       visits: list[Visit]) -> list[Fact]:
        facts = []
        for name, vids in out.problem_visits.items():
            last = out.problem_last[name]
            d = self.disclosed.get(name)
            facts.append(Fact("problem", {
                "repairs": len(vids), "repairs_in_repair_warranty": len(in_repair_warranty.get(name, [])),
                "disclosed": d is not None, "disclosed_breach": bool(d and d.breaches_mandatory_standard),
                "unfixed": not last.fixed}, {"problem": name, "visits": vids,
                                             "description": out.problem_description[name]}, tuple(vids)))
        # disclosed problems never count, but the exclusion rule must still see them
        for name, d in self.disclosed.items():
            if name in out.problem_visits:
                continue
            vids = [v.id for v in visits if any(i.problem == name for i in v.items)]
            if vids:
                facts.append(Fact("problem", {"repairs": 0, "repairs_in_repair_warranty": 0, "disclosed": True,
                                              "disclosed_breach": d.breaches_mandatory_standard, "unfixed": False},
                                  {"problem": name, "visits": vids, "description": problem_name(name, d.description)},
                                  tuple(vids)))
        return facts
