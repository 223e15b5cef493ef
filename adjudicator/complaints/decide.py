"""Complaint adjudication: case -> policy profile -> facts -> rules -> decision, each conclusion with its source.

The rules (rules/complaints/rules.yaml) are data with citations to the source policies; the numbers they use are
parameters of a policy profile (rules/complaints/profile_*.yaml, or a carmaker's own file). Rules are compiled
with `rulebook.compile_rules` (the same safe subset and checks as the warranty rules) and run by the durable_rules
adapter or the plain-Python oracle.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..core.calendar import CalendarNotCovered, WorkingDayCalendar, make_calendar
from ..core.evaluate import Evaluator, evaluate, explained_firings, used_values
from ..core.facts import Fact, Note
from ..core.inputs import CHINA_TZ
from ..core.oracle import Firing
from ..core.output_format import DETAIL_LEVELS, Detail
from ..core.problems import invalid
from ..core.rulebook import CompiledRuleset, Rule
from ..core.text import Localized, NoteOut
from ..io import arguments
from ..io.files import validate
from . import facts as cfacts
from .decision import (
    DEADLINE_CODES,
    ClosureCondition,
    ComplaintDeadline,
    ComplaintDecision,
    Escalation,
    FiredComplaintRule,
    MissingForClosure,
    NextAction,
)
from .models import Complaint
from .rulebook import Profile, compiled_complaints, resolve_policy
from .vocabulary import NEXT_ACTION, URGENCY

# ---------------------------------------------------------------- evaluation

def check_complaint(complaint: Complaint | dict[str, Any], policy: str | Path | Profile | dict[str, Any] | None = None,
                    as_of: datetime | str | None = None, evaluator: Evaluator = "durable_rules", *,
                    calendar: WorkingDayCalendar | str | Path | None = None,
                    strict_calendar: bool = False, detail: Detail = "full") -> ComplaintDecision:
    """Check one complaint case against a policy profile: closure, deadlines, escalations, next actions.

    `as_of` overrides the case's own `as_of`; with neither, the current time is used (and said in a warning).
    With `strict_calendar`, a date in a year the working-day calendar does not cover raises
    calendar.CalendarNotCovered instead of giving a warning. `detail="brief"` leaves out the sections of
    decision.BRIEF_OMITS (the decision's `detail` says so); the conclusions are the same.
    """
    brief = arguments.choice("detail", detail, DETAIL_LEVELS) == "brief"
    decision = _check(complaint, policy, as_of, evaluator, calendar, strict_calendar)
    return decision.brief() if brief else decision


def _check(complaint: Complaint | dict[str, Any], policy: str | Path | Profile | dict[str, Any] | None,
           as_of: datetime | str | None, evaluator: Evaluator, calendar: WorkingDayCalendar | str | Path | None,
           strict_calendar: bool) -> ComplaintDecision:
    complaint = arguments.record("complaint", complaint, Complaint)
    as_of = arguments.moment("as_of", as_of)
    evaluator = arguments.evaluator(evaluator)  # type: ignore[assignment]
    if not isinstance(complaint, Complaint):
        complaint = validate(Complaint, complaint, "complaint")
    notes: list[Note] = []
    if as_of is not None:
        complaint = validate(Complaint, complaint.model_dump() | {"as_of": as_of}, "complaint")
    when = complaint.as_of
    if when is None:
        when = datetime.now(CHINA_TZ).replace(microsecond=0)
        notes.append(Note("as_of_now", Localized(zh=f"未给出判断时间，按当前时间 {cfacts.fmt(when)} 判断。",
                                                 en=f"No decision time given: the current time {cfacts.fmt(when)} is used."),
                          "as_of"))
        if complaint.events and complaint.events[-1].at > when:
            raise invalid(f"as_of：事件晚于当前时间（{cfacts.fmt(when)}），请给出判断时间 as_of",
                          f"as_of: the events run past the current time ({cfacts.fmt(when)}); give as_of")
    profile = resolve_policy(policy)
    rules = compiled_complaints(profile, complaint.received_at.astimezone(CHINA_TZ).date())
    cal = make_calendar(calendar, strict_calendar)
    built = cfacts.build(complaint, rules, when, cal)
    firings = evaluate(rules, built.facts, evaluator)
    return assemble_decision(complaint, when, profile, rules, built, firings, evaluator, notes)


# ---------------------------------------------------------------- the decision

def _loc(zh: str, en: str) -> Localized:
    return Localized(zh=zh, en=en)


def cites(rule: Rule) -> str:
    return rule.spec.citation.short()


_URGENCY_ORDER = {code: i for i, code in enumerate(URGENCY.codes)}


def assemble_decision(c: Complaint, as_of: datetime, profile: Profile, rules: CompiledRuleset, built: cfacts.ComplaintFacts,
           firings: list[Firing], evaluator: Evaluator, notes: list[Note]) -> ComplaintDecision:
    facts = built.facts
    fired: list[FiredComplaintRule] = []
    conditions: list[ClosureCondition] = []
    deadlines: list[ComplaintDeadline] = []
    escalations: list[Escalation] = []
    actions: list[NextAction] = []
    warnings = [NoteOut(code=n.code, text=n.text, field=n.field) for n in [*notes, *built.warnings]]
    blocked: list[MissingForClosure] = []
    esc_seen: set[str] = set()
    explained = explained_firings(rules, facts, firings)
    for firing in explained:
        rule, ids, values, evidence, text = firing.rule, firing.ids, firing.values, firing.evidence, firing.text
        fired.append(FiredComplaintRule(rule_id=rule.id, kind=rule.kind, title=rule.title,
                                        cites=cites(rule), citation=rule.citation, explanation=text,
                                        evidence=evidence, values=used_values(rule, values)))
        con = rule.spec.conclusion
        kind = rule.spec.kind
        dl = next((built.deadline_fact_index[i] for i in ids if i in built.deadline_fact_index), None)
        if kind == "closure":
            conditions.append(ClosureCondition(code=con.closure, rule_id=rule.id, cites=cites(rule), explanation=text))
        elif kind == "closure_block":
            blocked.append(MissingForClosure(code="record", rule_id=rule.id, cites=cites(rule), text=text))
        elif kind == "deadline" and dl is not None:
            deadlines.append(ComplaintDeadline(
                code=dl.code, name=cfacts.DEADLINE_NAMES[dl.code], rule_id=rule.id, cites=cites(rule), start=dl.start,
                due=dl.due, shifted_from=dl.shifted_from, met_at=dl.met, status=dl.status,
                exception=None if dl.exception == "none" else cfacts.exception_texts(dl.exception)[1],
                hours_left=dl.hours_left, explanation=text))
            if dl.status in ("running", "overdue"):
                actions.append(NextAction(code=dl.code, text=NEXT_ACTION.name_of(dl.code), due=dl.due, overdue=dl.status == "overdue",
                                          rule_id=rule.id, cites=cites(rule)))
        elif kind == "escalation":
            trigger_at = dl.due if dl is not None else as_of
            done = next((t for t in built.escalated if t >= min(trigger_at, as_of) - _slack(rules)), None)
            key = f"{con.escalation}:{dl.code if dl else ''}"
            if key in esc_seen:
                continue
            esc_seen.add(key)
            escalations.append(Escalation(code=con.escalation, rule_id=rule.id, cites=cites(rule), trigger=text,
                                          escalated_at=done))
            if done is None:
                actions.append(NextAction(code=f"escalate_{con.escalation.lower()}", text=_loc(
                    f"发起升级管理（{con.escalation}）：按客户关怀费用授权权限确定升级对象",
                    f"escalate ({con.escalation}): the level follows the customer-care cost authorisation table"),
                    due=as_of, overdue=False, rule_id=rule.id, cites=cites(rule)))
        elif kind == "action":
            code = con.action
            if code not in built.done:
                actions.append(NextAction(code=code, text=NEXT_ACTION.name_of(code), due=as_of, rule_id=rule.id, cites=cites(rule)))
        elif kind == "notice" and con.warning:
            # a notice the rule book marks as a warning: shown beside the input warnings, on the deadline it reads
            warnings.append(NoteOut(code=rule.id.split(".", 1)[1], text=text, field=dl.code if dl else "events"))
    closed = built.closed_at is not None
    may_close = bool(conditions) and not blocked
    missing = list(blocked)
    if not conditions:
        missing = _closure_gaps(rules, facts) + missing
    if may_close and not closed:
        actions.append(NextAction(code="request_closure", text=_loc(
            "满足关闭条件，可申请关闭结案", "a closure condition holds: closure may be requested"), due=None,
            rule_id=conditions[0].rule_id, cites=conditions[0].cites))
    if closed and not may_close:
        warnings.append(NoteOut(code="closed_without_condition", field="events", text=_loc(
            "该投诉已关闭，但截至判断时间不满足任何关闭条件或记录不完整。",
            "The complaint is closed but, at the decision time, no closure condition holds or the record is incomplete.")))
    deadlines.sort(key=lambda d: (d.due, DEADLINE_CODES.index(d.code)))
    actions.sort(key=lambda a: (not a.overdue, a.due is None, a.due or as_of, a.code))
    urgency = _urgency(deadlines, escalations, closed, as_of)
    decision = ComplaintDecision(
        id=c.id, vin=c.vin, as_of=as_of, channel=c.channel, case_type=c.case_type, category=c.category,
        received_at=c.received_at, closed_at=built.closed_at, may_close=may_close, closure_conditions=conditions,
        missing_for_closure=missing, deadlines=deadlines, escalations=escalations, next_actions=actions,
        warnings=warnings, fired=fired, urgency=urgency, profile=profile.id, profile_name=profile.name,
        rulebook=f"{profile.id}@{rules.digest}", evaluator=evaluator)
    decision._parameters = rules.params
    return decision


def _slack(rules: CompiledRuleset) -> Any:
    """An escalation recorded up to the forecast window before the trigger counts as done."""
    return timedelta(hours=rules.param("close_forecast_hours"))


def _urgency(deadlines: list[ComplaintDeadline], escalations: list[Escalation], closed: bool, as_of: datetime) -> str:
    if any(d.status == "overdue" for d in deadlines):
        return "overdue"
    today = as_of.astimezone(CHINA_TZ).date()
    if any(d.status == "running" and d.due.astimezone(CHINA_TZ).date() == today for d in deadlines):
        return "due_today"
    if any(e.escalated_at is None for e in escalations):
        return "escalation"
    if closed and not any(d.status == "running" for d in deadlines):
        return "closed"
    return "open"


_FIELD_TEXT = {
    "withdrew": ("客户接受解释并撤回投诉", "the customer accepts the explanation and withdraws"),
    "plan_accepted": ("客户接受处理方案", "the customer accepts the handling plan"),
    "plan_completed": ("方案实施完成（维修完成或诉求达到期望值）", "the plan is carried out (repair done or demand met)"),
    "deferred_agreed": ("方案暂缓实施且客户表示理解或已达成后续处理一致意见",
                        "the plan is deferred and the customer understands or agreed the follow-up"),
    "demand_rejected": ("对不符合法规和保修政策的诉求给予明确答复", "a clear answer to a demand outside law and policy"),
}


def _closure_gaps(rules: CompiledRuleset, facts: list[Fact]) -> list[MissingForClosure]:
    closure = next((f for f in facts if f.type == "closure"), None)
    out = []
    for rule in rules.rules:
        if rule.spec.kind != "closure":
            continue
        need = [c for v in rule.variants[:1] for p in v.patterns for c in p.conditions
                if not c.holds(closure.fields.get(c.field) if closure and p.fact == "closure" else None)]
        zh = "；".join(_FIELD_TEXT.get(c.field, (c.source.text(), ""))[0] for c in need)
        en = "; ".join(_FIELD_TEXT.get(c.field, ("", c.source.text()))[1] for c in need)
        out.append(MissingForClosure(code=rule.spec.conclusion.closure, rule_id=rule.id, cites=cites(rule),
                                     text=_loc(f"{rule.spec.conclusion.closure} 尚缺：{zh}",
                                               f"{rule.spec.conclusion.closure} still needs: {en}")))
    return out


def urgency_key(d: ComplaintDecision) -> tuple[Any, ...]:
    nxt = min((a.due for a in d.next_actions if a.due is not None), default=None)
    due = min((x.due for x in d.deadlines if x.status in ("running", "overdue")), default=nxt)
    return (_URGENCY_ORDER[d.urgency], due is None, due or d.as_of, d.id)


__all__ = ["check_complaint", "urgency_key", "make_calendar", "CalendarNotCovered"]
