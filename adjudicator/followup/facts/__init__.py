"""Follow-up facts: a CRM log becomes the duties the follow-up rules talk about.

Pure functions: `duties` measures every duty as rules/followup/duties.yaml defines it (calendar days, or working
days for the duties a profile names), `log_index` finds the events. The rules only compare the results (which
duty, its status, the customer's type, the car's use) with constants and parameters. Every fact keeps the log
events it came from as evidence ("events[i]@time").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ...core.calendar import WorkingDayCalendar
from ...core.facts import Fact, Note
from ...core.rulebook import CompiledRuleset
from ...core.text import Localized
from ..calendar_days import DayCounter
from ..duty_specs import duty_book
from ..models import CrmLog
from ..vocabulary import CAR_USE, CUSTOMER_TYPE, DEADLINE_STATUS, DUTY
from .duties import DutyInfo, DutyMeter
from .log_index import LogIndex, fmt

NOT_YET = Localized(zh="未", en="not yet")


@dataclass
class FollowupFacts:
    facts: list[Fact]
    duty_fact_index: dict[int, DutyInfo]
    measured: dict[str, list[DutyInfo]]                 # every duty measured, by code, whether a rule imposes it
    index: LogIndex
    warnings: list[Note] = field(default_factory=list)


def duty_fact(d: DutyInfo, index: LogIndex) -> Fact:
    customer, vehicle = index.customers[d.vin], index.vehicles[d.vin]
    name, status = DUTY.name_of(d.code), DEADLINE_STATUS.name_of(d.status)
    return Fact("duty", {"code": d.code, "status": d.status, "customer_type": customer.type, "car_use": vehicle.use,
                         "attempted": d.attempts > 0},
                display={"vin": d.vin, "customer": customer.name or customer.id,
                         "customer_type_zh": CUSTOMER_TYPE.zh(customer.type),
                         "customer_type_en": CUSTOMER_TYPE.en(customer.type), "car_use_zh": CAR_USE.zh(vehicle.use),
                         "car_use_en": CAR_USE.en(vehicle.use), "start": fmt(d.start), "opens": fmt(d.opens),
                         "due": fmt(d.due), "met": fmt(d.met) if d.met else NOT_YET, "anchor": fmt(d.anchor),
                         "complaint": d.complaint or "—", "status_zh": status.zh, "status_en": status.en,
                         "name_zh": name.zh, "name_en": name.en},
                evidence=d.evidence)


def build(log: CrmLog, rules: CompiledRuleset, as_of: datetime, calendar: WorkingDayCalendar) -> FollowupFacts:
    book = duty_book()[0]
    index = LogIndex(log, as_of)
    days = DayCounter(calendar, set(rules.param("working_day_duties")))
    measured = DutyMeter(index, book, rules.param, days).measure()
    facts: list[Fact] = []
    at: dict[int, DutyInfo] = {}
    wanted = {r.spec.conclusion.duty for r in rules.rules}
    for code in book.duties:
        if code not in wanted:
            continue
        for d in measured[code]:
            at[len(facts)] = d
            facts.append(duty_fact(d, index))
    warnings = [Note("calendar_not_covered", note, "calendar") for note in days.notes]  # type: ignore[arg-type]
    return FollowupFacts(facts, at, measured, index, warnings)


__all__ = ["FollowupFacts", "DutyInfo", "build", "fmt", "NOT_YET"]
