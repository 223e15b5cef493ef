"""Complaint adjudication: case -> policy profile -> facts -> rules -> decision, each conclusion with its source.

The rules (rules/complaints/rules.yaml) are data with citations to the seed policies; the numbers they use are
parameters of a policy profile (rules/complaints/profile_*.yaml, or a carmaker's own file). Rules are compiled
with `rulebook.compile_rules` (the same safe subset and checks as the warranty rules) and run by the durable_rules
adapter or the plain-Python oracle.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, field_validator

from .calendar import CalendarNotCovered, WorkingDayCalendar, default_calendar, load_supplement
from .engine import Firing
from .explain import Evaluator, evaluate, explain, template_values, used_values
from .facts import complaints as cfacts
from .facts.base import Fact, Note
from .models.common import CHINA_TZ
from .models.complaint import (
    CASE_TYPES,
    DEADLINE_CODES,
    ClosureCondition,
    Complaint,
    ComplaintDeadline,
    ComplaintDecision,
    DeadlineCode,
    Escalation,
    FiredComplaintRule,
    MissingForClosure,
    NextAction,
)
from .models.decision import Citation, Localized, NoteOut
from .rulebook import (
    DISPLAY_FIELDS,
    CompiledRuleset,
    DatedValue,
    LocalizedSpec,
    ParameterSpec,
    Reference,
    ResolvedParam,
    Rule,
    RulebookError,
    SpecModel,
    compile_rules,
    format_value,
    read_rule_yaml,
    validated_spec,
)
from .yaml_loader import load_yaml

DOCUMENTS: dict[str, Localized] = {
    "CS-CMS": Localized(zh="长安铃木客户投诉管理系统（CS-CMS）",
                        en="Changan Suzuki complaint management system (CS-CMS)"),
    "FAW-CRM": Localized(zh="一汽轿车经销商手册·客户部分（FAW-CRM）",
                         en="FAW Car dealer handbook, customer part (FAW-CRM)"),
    "DFP-COURSE": Localized(zh="东风标致售后业务经理资格培训课程（DFP-COURSE）",
                            en="Dongfeng Peugeot after-sales business manager course (DFP-COURSE)"),
    "REVISIT": Localized(zh="经销商客户回访制度（REVISIT）", en="Dealer customer revisit policy (REVISIT)"),
    "CV-REMOTE": Localized(zh="商用车异地客户管理规定（CV-REMOTE）",
                           en="Commercial-vehicle out-of-area customer management rules (CV-REMOTE)"),
    "CARMAKER": Localized(zh="厂家自定投诉政策", en="The carmaker's own complaint policy"),
}
Document = Literal["CS-CMS", "FAW-CRM", "DFP-COURSE", "REVISIT", "CV-REMOTE", "CARMAKER"]
PROFILES = {"default": "complaints/profile_default.yaml", "dfp-course": "complaints/profile_dfp_course.yaml",
            "faw-crm": "complaints/profile_faw_crm.yaml", "cs-cms": "complaints/profile_cs_cms.yaml"}
RULES_FILE = "complaints/rules.yaml"
_EPOCH = date(2000, 1, 1)


class Source(SpecModel):
    """Where a rule or a number comes from: a seed document and its section."""

    document: Document
    section: str = Field(min_length=1)
    item: str | None = None
    also: list[str] = Field(default_factory=list)
    verified: bool = True

    # the shape rulebook.compile_rules reads
    @property
    def article(self) -> str:
        return self.section

    @property
    def paragraph(self) -> str | None:
        return None

    def short(self) -> str:
        sec = self.section if self.section.startswith(("ch.", "§")) else f'"{self.section}"'
        return f"{self.document} {sec}" + (f" {self.item}" if self.item else "")

    def citation(self) -> Citation:
        return Citation(instrument=DOCUMENTS[self.document], article=self.section, item=self.item,
                        verified=self.verified)


class ComplaintConclusion(SpecModel):
    closure: Literal["C1", "C2", "C3", "C4"] | None = None
    escalation: Literal["E1", "E2", "E3"] | None = None
    deadline: DeadlineCode | None = None
    action: Literal["involve_legal", "involve_marketing", "report_to_carmaker", "start_vrt"] | None = None
    derives: str | None = Field(None, pattern=r"^[a-z_]+$")


class ComplaintRuleSpec(SpecModel):
    """Mirrors rulebook.RuleSpec, with the kinds a complaint decision needs."""

    id: str = Field(pattern=r"^c\.[a-z0-9_]+$")
    title: LocalizedSpec
    kind: Literal["closure", "closure_block", "deadline", "escalation", "action", "notice"]
    citation: Source
    when: str
    conclusion: ComplaintConclusion = Field(default_factory=ComplaintConclusion)
    explanation: LocalizedSpec

    @field_validator("conclusion")
    @classmethod
    def _fits(cls, c: ComplaintConclusion, info: Any) -> ComplaintConclusion:
        kind = info.data.get("kind")
        need = {"closure": "closure", "escalation": "escalation", "deadline": "deadline", "action": "action"}
        for k, attr in need.items():
            if (kind == k) != (getattr(c, attr) is not None):
                raise ValueError(f"a {kind} rule {'must' if kind == k else 'cannot'} set conclusion.{attr}")
        return c


class ComplaintRuleFile(SpecModel):
    rules: list[ComplaintRuleSpec] = Field(min_length=1)


class ProfileParameter(SpecModel):
    description: LocalizedSpec
    unit: Literal["hour", "day", "working_day", "list", "flag", "count"]
    value: bool | int | float | list[str]
    source: Source
    choice: LocalizedSpec | None = Field(None, description="the source gives no figure: the profile's own choice")


class ProfileFile(SpecModel):
    profile: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,40}$")
    name: LocalizedSpec
    extends: str | None = None
    parameters: dict[str, ProfileParameter] = Field(default_factory=dict)
    disabled_rules: list[str] = Field(default_factory=list)


_LIST_VALUES: dict[str, tuple[str, ...]] = {
    "holiday_shift_deadlines": DEADLINE_CODES,
    "resolution_case_types": CASE_TYPES,
    "general_case_types": CASE_TYPES,
    "major_report_categories": cfacts.CATEGORIES,
}


@dataclass(frozen=True)
class Profile:
    id: str
    name: Localized
    parameters: dict[str, ProfileParameter]
    disabled: frozenset[str]
    digest: str
    origin: str


class PolicyError(RulebookError):
    """A policy profile or the complaint rule file is wrong; the message names the file and the place."""


def _validated(model: type[BaseModel], data: Any, where: str) -> Any:
    return validated_spec(model, data, where, PolicyError)


@cache
def load_rule_specs() -> tuple[tuple[ComplaintRuleSpec, ...], str]:
    data, raw = read_rule_yaml(RULES_FILE)
    rf = _validated(ComplaintRuleFile, data, f"rules/{RULES_FILE}")
    ids = [r.id for r in rf.rules]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise PolicyError(f"rules/{RULES_FILE}: rule id(s) defined twice: {', '.join(sorted(dup))}")
    return tuple(rf.rules), hashlib.sha256(raw).hexdigest()


def _profile_from(data: Any, raw: bytes, where: str, stack: tuple[str, ...] = ()) -> Profile:
    pf: ProfileFile = _validated(ProfileFile, data, where)
    specs, _ = load_rule_specs()
    known_rules = {r.id for r in specs}
    params: dict[str, ProfileParameter] = {}
    disabled: set[str] = set()
    digest = hashlib.sha256(raw)
    if pf.extends is not None:
        if pf.extends not in PROFILES:
            raise PolicyError(f"{where}: extends: unknown profile {pf.extends!r} (known: {', '.join(PROFILES)})")
        if pf.extends in stack:
            raise PolicyError(f"{where}: extends: profile {pf.extends!r} extends itself")
        base = builtin_profile(pf.extends) if not stack else _load_builtin(pf.extends, stack)
        params.update(base.parameters)
        disabled |= base.disabled
        digest.update(base.digest.encode())
    base_names = set(params)
    for name, p in pf.parameters.items():
        if base_names and name not in base_names:
            raise PolicyError(f"{where}: parameters.{name}: unknown parameter (known: {', '.join(sorted(base_names))})")
        if name in params:
            old = params[name].value
            if isinstance(old, list) != isinstance(p.value, list) or isinstance(old, bool) != isinstance(p.value, bool):
                raise PolicyError(f"{where}: parameters.{name}.value: {p.value!r} is not the kind of value the "
                                  f"parameter takes (like {old!r})")
        if isinstance(p.value, (int, float)) and not isinstance(p.value, bool) and p.value < 0:
            raise PolicyError(f"{where}: parameters.{name}.value: must not be negative")
        if name in _LIST_VALUES:
            bad = [v for v in p.value if v not in _LIST_VALUES[name]] if isinstance(p.value, list) else [p.value]
            if bad:
                raise PolicyError(f"{where}: parameters.{name}.value: {bad[0]!r} is not one of "
                                  f"{', '.join(_LIST_VALUES[name])}")
        params[name] = p
    for rid in pf.disabled_rules:
        if rid not in known_rules:
            raise PolicyError(f"{where}: disabled_rules: unknown rule {rid!r}")
        disabled.add(rid)
    return Profile(pf.profile, pf.name.out(), params, frozenset(disabled), digest.hexdigest()[:12], where)


def _load_builtin(pid: str, stack: tuple[str, ...] = ()) -> Profile:
    rel = PROFILES[pid]
    data, raw = read_rule_yaml(rel)
    return _profile_from(data, raw, f"rules/{rel}", (*stack, pid))


@cache
def builtin_profile(pid: str = "default") -> Profile:
    if pid not in PROFILES:
        raise PolicyError(f"unknown policy profile {pid!r} (known: {', '.join(PROFILES)})")
    return _load_builtin(pid)


def load_profile(path: str | Path) -> Profile:
    """A carmaker's own profile file (YAML or JSON), validated like the built-in ones."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise PolicyError(f"{p}: {exc.strerror or exc}") from None
    try:
        data = load_yaml(raw)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{p}: not valid YAML or JSON: {exc}") from None
    return _profile_from(data, raw, str(p))


def _resolved(profile: Profile) -> dict[str, ResolvedParam]:
    out = {}
    for name, p in profile.parameters.items():
        ref = Reference(article=p.source.section, item=p.source.item, verified=p.source.verified)
        spec = ParameterSpec(description=p.description.model_dump(), unit=p.unit,
                             values=[DatedValue.model_validate({"from": _EPOCH, "value": p.value, "reference": ref})])
        out[name] = ResolvedParam(name, p.value, spec, p.source.citation())
    return out


_COMPILED: dict[tuple[str, str], CompiledRuleset] = {}


def compiled_complaints(profile: Profile) -> CompiledRuleset:
    """The complaint rules with the profile's parameters resolved, checked against the fact schema."""
    specs, rules_digest = load_rule_specs()
    digest = hashlib.sha256(f"{rules_digest}:{profile.digest}".encode()).hexdigest()[:12]
    key = (profile.id, digest)
    if key in _COMPILED:
        return _COMPILED[key]
    DISPLAY_FIELDS.update(cfacts.DISPLAY)
    active = [s for s in specs if s.id not in profile.disabled]
    try:
        rs = compile_rules(active, _resolved(profile), cfacts.SCHEMA, domain="complaints",  # type: ignore[arg-type]
                           version=profile.id, instrument=profile.name, digest=digest,
                           files={s.id: RULES_FILE for s in active})
    except RulebookError as exc:
        raise PolicyError(f"{exc} (policy profile {profile.id}: {profile.origin})") from None
    rs.rules = [Rule(r.spec, r.spec.citation.citation(), r.variants) for r in rs.rules]  # type: ignore[attr-defined]
    _COMPILED[key] = rs
    return rs


def resolve_policy(policy: str | Path | Profile | dict[str, Any] | None) -> Profile:
    if policy is None:
        return builtin_profile("default")
    if isinstance(policy, Profile):
        return policy
    if isinstance(policy, dict):
        return _profile_from(policy, yaml.safe_dump(policy, allow_unicode=True).encode(), "policy")
    if isinstance(policy, str) and policy in PROFILES:
        return builtin_profile(policy)
    return load_profile(policy)


# ---------------------------------------------------------------- evaluation

def make_calendar(calendar: WorkingDayCalendar | str | Path | None, strict: bool = False) -> WorkingDayCalendar:
    if isinstance(calendar, WorkingDayCalendar):
        return calendar
    if calendar is None:
        return WorkingDayCalendar(strict=True) if strict else default_calendar()
    return WorkingDayCalendar(load_supplement(calendar), strict=strict)


def check_complaint(complaint: Complaint | dict[str, Any], policy: str | Path | Profile | dict[str, Any] | None = None,
                    as_of: datetime | str | None = None, evaluator: Evaluator = "durable_rules", *,
                    calendar: WorkingDayCalendar | str | Path | None = None,
                    strict_calendar: bool = False) -> ComplaintDecision:
    """Check one complaint case against a policy profile: closure, deadlines, escalations, next actions.

    `as_of` overrides the case's own `as_of`; with neither, the current time is used (and said in a warning).
    With `strict_calendar`, a date in a year the working-day calendar does not cover raises
    calendar.CalendarNotCovered instead of giving a warning.
    """
    if not isinstance(complaint, Complaint):
        complaint = Complaint.model_validate(complaint)
    notes: list[Note] = []
    if as_of is not None:
        complaint = Complaint.model_validate(complaint.model_dump() | {"as_of": as_of})
    when = complaint.as_of
    if when is None:
        when = datetime.now(CHINA_TZ).replace(microsecond=0)
        notes.append(Note("as_of_now", Localized(zh=f"未给出判断时间，按当前时间 {cfacts.fmt(when)} 判断。",
                                                 en=f"No decision time given: the current time {cfacts.fmt(when)} is used."),
                          "as_of"))
        if complaint.events and complaint.events[-1].at > when:
            raise ValueError(f"as_of: the events run past the current time ({cfacts.fmt(when)}); give as_of")
    profile = resolve_policy(policy)
    rules = compiled_complaints(profile)
    cal = make_calendar(calendar, strict_calendar)
    built = cfacts.build(complaint, rules, when, cal)
    firings = evaluate(rules, built.facts, evaluator)
    return decide(complaint, when, profile, rules, built, firings, evaluator, notes)


# ---------------------------------------------------------------- the decision

def _loc(zh: str, en: str) -> Localized:
    return Localized(zh=zh, en=en)


def cites(rule: Rule) -> str:
    return rule.spec.citation.short()  # type: ignore[attr-defined]


_ACTION_TEXT = {
    "first_contact": ("与客户取得联系", "contact the customer"),
    "assistance_request": ("向厂家申请援助", "ask the carmaker for assistance"),
    "first_feedback": ("在系统中首次反馈", "record the first feedback in the system"),
    "progress": ("在系统中反馈处理进展", "record progress in the system"),
    "resolution": ("完成处理并申请关闭", "finish handling and request closure"),
    "general_close": ("处理、解决并关闭", "handle, resolve and close the case"),
    "time_limit": ("在专员设定的时限内关闭", "close within the specialist's time limit"),
    "revisit": ("回访客户", "revisit the customer"),
    "vrt_solution": ("VRT 提出技术解决方案或提案", "VRT delivers a solution or proposal"),
    "handling_plan": ("制定处理方案", "make a handling plan"),
    "involve_legal": ("通知投诉处理专员和法务人员配合处理", "bring in the complaint specialist and legal staff"),
    "involve_marketing": ("通知投诉处理专员和市场部门配合处理", "bring in the complaint specialist and marketing"),
    "report_to_carmaker": ("将投诉内容、处理方法和结果报厂家", "report the complaint, its handling and result to the carmaker"),
    "start_vrt": ("需要支援时启动品质类 VRT 小组", "start a quality VRT where support is needed"),
}
_URGENCY_ORDER = {"overdue": 0, "due_today": 1, "escalation": 2, "open": 3, "closed": 4}


def decide(c: Complaint, as_of: datetime, profile: Profile, rules: CompiledRuleset, built: cfacts.ComplaintFacts,
           firings: list[Firing], evaluator: Evaluator, notes: list[Note]) -> ComplaintDecision:
    facts = built.facts
    fired: list[FiredComplaintRule] = []
    conditions: list[ClosureCondition] = []
    deadlines: list[ComplaintDeadline] = []
    escalations: list[Escalation] = []
    actions: list[NextAction] = []
    warnings = [NoteOut(code=n.code, text=n.text, field=n.field) for n in [*notes, *built.warnings]]
    blocked: list[MissingForClosure] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    fired_ids: set[str] = set()
    esc_seen: set[str] = set()
    for name, ids in firings:
        rule = rules.rule(name.split("#")[0])
        if (rule.id, ids) in seen:
            continue
        seen.add((rule.id, ids))
        fired_ids.add(rule.id)
        values, evidence = template_values(rules, facts, ids)
        text = explain(rule, values)
        fired.append(FiredComplaintRule(rule_id=rule.id, kind=rule.spec.kind, title=rule.spec.title.out(),
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
                exception=None if dl.exception == "none" else cfacts._EXC[dl.exception][1],
                hours_left=dl.hours_left, explanation=text))
            if dl.status in ("running", "overdue"):
                zh, en = _ACTION_TEXT[dl.code]
                actions.append(NextAction(code=dl.code, text=_loc(zh, en), due=dl.due, overdue=dl.status == "overdue",
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
                zh, en = _ACTION_TEXT[code]
                actions.append(NextAction(code=code, text=_loc(zh, en), due=as_of, rule_id=rule.id, cites=cites(rule)))
        elif kind == "notice" and rule.id == "c.time_limit_warning" and dl is not None:
            warnings.append(NoteOut(code="time_limit_warning", text=text, field=dl.code))
        elif kind == "notice" and rule.id == "c.waiting_parts_details":
            warnings.append(NoteOut(code="waiting_parts_details", text=text, field="events"))
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
    return ComplaintDecision(
        id=c.id, vin=c.vin, as_of=as_of, channel=c.channel, case_type=c.case_type, category=c.category,
        received_at=c.received_at, closed_at=built.closed_at, may_close=may_close, closure_conditions=conditions,
        missing_for_closure=missing, deadlines=deadlines, escalations=escalations, next_actions=actions,
        warnings=warnings, fired=fired, urgency=urgency, profile=profile.id, profile_name=profile.name,
        rulebook=f"{profile.id}@{rules.digest}", evaluator=evaluator)


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


__all__ = ["check_complaint", "load_profile", "builtin_profile", "compiled_complaints", "resolve_policy",
           "Profile", "PolicyError", "PROFILES", "urgency_key", "CalendarNotCovered", "format_value"]
