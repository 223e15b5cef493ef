"""Follow-up adjudication: CRM log -> policy profile -> duties -> rules -> decision, each duty with its source.

The rules (rules/followup/rules.yaml) say which measured duties (rules/followup/duties.yaml) a policy imposes and
cite it; the numbers are parameters of a profile (rules/followup/profile_*.yaml, or a dealer's own file). They are
compiled by core/rulebook.py and run by the durable_rules adapter or the plain-Python oracle, in one evaluation
per log.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.calendar import WorkingDayCalendar, default_calendar, load_supplement
from ..core.evaluate import Evaluator, evaluate, explained_firings
from ..core.inputs import iso_moment
from ..core.profiles import Profile
from ..core.text import NoteOut
from . import facts as ffacts
from .calendar_days import china_day, end_of_day, start_of_day
from .decision import CallItem, CallList, FollowupDecision, FollowupDuty, PopulationMember
from .duty_specs import DELIVERY, WORKSHOP, duty_book
from .facts.duties import DutyInfo
from .models import CrmLog
from .rulebook import compiled_followup, resolve_followup_policy
from .vocabulary import CALL_URGENCY, DEADLINE_STATUS, DUTY


def _moment(value: datetime | date | str) -> datetime:
    """A decision time: a date-time (China time without a zone), or a date meaning the end of that day."""
    moment = iso_moment(value)
    return moment if isinstance(moment, datetime) else end_of_day(moment)


def _calendar(calendar: WorkingDayCalendar | str | Path | None, strict: bool) -> WorkingDayCalendar:
    if isinstance(calendar, WorkingDayCalendar):
        return calendar
    if calendar is None:
        return WorkingDayCalendar(strict=True) if strict else default_calendar()
    return WorkingDayCalendar(load_supplement(calendar), strict=strict)


def check_followup(log: CrmLog | dict[str, Any], policy: str | Path | Profile | dict[str, Any] | None = None,
                   as_of: datetime | str | None = None, evaluator: Evaluator = "durable_rules", *,
                   calendar: WorkingDayCalendar | str | Path | None = None,
                   strict_calendar: bool = False) -> FollowupDecision:
    """Every follow-up duty the log gave rise to, judged at `as_of` (default: the log's own as_of, else the end of
    its period). Events after `as_of` are not seen."""
    if not isinstance(log, CrmLog):
        log = CrmLog.model_validate(log)
    when = _moment(as_of) if as_of is not None else log.decision_time
    profile = resolve_followup_policy(policy)
    rules = compiled_followup(profile, log.period.from_)
    built = ffacts.build(log, rules, when, _calendar(calendar, strict_calendar))
    firings = evaluate(rules, built.facts, evaluator)
    duties = []
    for firing in explained_firings(rules, built.facts, firings):
        info = next(built.duty_fact_index[i] for i in firing.ids if i in built.duty_fact_index)
        duties.append(_duty(info, built, firing.rule, firing.text))
    duties.sort(key=lambda d: (d.due, DUTY.codes.index(d.code), d.vin))
    counts = Counter(d.status for d in duties)
    return FollowupDecision(
        dealer=log.dealer, period_from=log.period.from_, period_to=log.period.to, as_of=when, duties=duties,
        population=_population(built), status_counts={s: counts.get(s, 0) for s in DEADLINE_STATUS.codes},
        warnings=[NoteOut(code=n.code, text=n.text, field=n.field) for n in built.warnings], profile=profile.id,
        profile_name=profile.name, rulebook=f"{profile.id}@{rules.digest}", evaluator=evaluator)


def _duty(d: DutyInfo, built: ffacts.FollowupFacts, rule: Any, text: Any) -> FollowupDuty:
    customer, vehicle = built.index.customers[d.vin], built.index.vehicles[d.vin]
    return FollowupDuty(
        code=d.code, name=DUTY.name_of(d.code), rule_id=rule.id, cites=rule.spec.citation.short(),
        citation=rule.citation, vin=d.vin, customer=customer.name or customer.id, customer_type=customer.type,
        car_use=vehicle.use, role=duty_book()[0].duties[d.code].role, by=d.by, start=d.start, opens=d.opens,
        due=d.due, done_at=d.met, status=d.status, attempts=d.attempts, reached=d.reached, complaint=d.complaint,
        explanation=text, evidence=list(d.evidence))


def _population(built: ffacts.FollowupFacts) -> list[PopulationMember]:
    """Every workshop visit and every delivery of the log, with whether a call for it was answered."""
    out = []
    book = duty_book()[0]
    for code in book.calls(WORKSHOP):
        out += [_member("after_sales", d, built, d.met is not None) for d in built.measured[code]]
    deliveries: dict[tuple[str, datetime], list[DutyInfo]] = {}
    for code in book.calls(DELIVERY):
        for d in built.measured[code]:
            deliveries.setdefault((d.vin, d.start), []).append(d)
    for calls in deliveries.values():
        out.append(_member("new_car", calls[0], built, any(c.met is not None for c in calls),
                           max(c.due for c in calls)))
    out.sort(key=lambda m: (m.at, m.population, m.vin))
    return out


def _member(population: str, d: DutyInfo, built: ffacts.FollowupFacts, revisited: bool,
            due: datetime | None = None) -> PopulationMember:
    return PopulationMember(population=population, vin=d.vin, at=d.start, customer_type=built.index.customers[d.vin].type,
                            car_use=built.index.vehicles[d.vin].use, by=d.by, due=due or d.due, revisited=revisited)


# ---------------------------------------------------------------- the call list of a day

def call_list(log: CrmLog | dict[str, Any], day: date, policy: str | Path | Profile | dict[str, Any] | None = None,
              evaluator: Evaluator = "durable_rules", **options: Any) -> CallList:
    """What is to be done on `day`, judged at its start: overdue duties (oldest first), those due that day, and
    calls whose window is open; most urgent first."""
    decision = check_followup(log, policy, start_of_day(day), evaluator, **options)
    calls = []
    for d in decision.duties:
        if d.status not in ("running", "overdue"):
            continue
        if d.status == "overdue":
            urgency = "overdue"
        elif china_day(d.due) == day:
            urgency = "due_today"
        elif china_day(d.opens) <= day and d.code in duty_book()[0].calls():
            urgency = "window_open"
        else:
            continue
        calls.append(CallItem(urgency=urgency, duty=d))
    rank = {code: i for i, code in enumerate(CALL_URGENCY.codes)}
    calls.sort(key=lambda c: (rank[c.urgency], c.duty.due, DUTY.codes.index(c.duty.code), c.duty.vin))
    return CallList(dealer=decision.dealer, day=day, calls=calls)


__all__ = ["check_followup", "call_list"]
