"""Warranty adjudication: history -> version -> facts -> rules -> decision, each remedy with its reasons."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar

from ..core.calendar import WorkingDayCalendar, make_calendar
from ..core.evaluate import Evaluator, evaluate, explained_firings, used_values
from ..core.facts import Note
from ..core.oracle import Firing
from ..core.output_format import DETAIL_LEVELS, Detail
from ..core.rulebook import CompiledRuleset, Rule
from ..core.text import Localized, loc
from ..core.whynot import not_fired
from ..io import arguments
from ..io.files import validate
from . import facts as wfacts
from .changed import with_change
from .decision import (
    REMEDY_NAMES,
    Alternative,
    Deadline,
    Decision,
    FiredRule,
    MissingFact,
    NoteOut,
    ParameterUsed,
    Period,
    Regulation,
    Remedy,
    RequestVerdict,
    UseCompensation,
)
from .models import VehicleHistory
from .request import judge_request, verdict_for
from .rulebook import VersionSpec, compiled_warranty, load_warranty_rulebook
from .unknowns import find_unknowns
from .vocabulary import REMEDY_STRENGTH, REQUEST, VERDICT

T = TypeVar("T")
_CENT = Decimal("0.01")
FINISHED_FACTS = {"visit", "item", "consumable"}      # measures of past records: never "near" a limit


def _period_name(code: str, p: wfacts.PeriodFacts) -> Localized:
    """Window names from their own figures (a changed parameter renames them)."""
    if code == "early_window":
        return _loc(f"{p.limit_days}日/{p.limit_km}公里期", f"{p.limit_days}-day / {p.limit_km:,} km window")
    if code == "seven_day_window":
        return _loc(f"{p.limit_days}日期", f"{p.limit_days}-day window")
    return {"repair_warranty": _loc("包修期", "repair warranty (包修期)"),
            "return_period": _loc("三包有效期", "replace/return period (三包有效期)")}[code]


_loc = loc


def select_version(history: VehicleHistory, forced: str | None) -> tuple[str | None, Regulation]:
    """The version that governs the car (by its invoice date, or as forced), and why."""
    book = load_warranty_rulebook()
    invoice = history.purchase.invoice_date
    natural = book.version_on(invoice)
    if forced is not None:
        v = book.version(forced)
        was = natural.id if natural else "—"
        return v.id, Regulation(version=v.id, instrument=book.instrument(v), forced=True, reason=_loc(
            f"按用户指定适用{v.short.zh}（依发票日期 {invoice} 本应适用：{was}）。",
            f"{v.short.en} applied as requested by the user (by the invoice date {invoice} it would be: {was})."))
    if natural is None:
        first = min(book.versions, key=lambda x: x.in_force.from_)
        return None, Regulation(version=None, instrument=None, reason=_loc(
            f"购车发票日期 {invoice} 早于{first.short.zh}施行日 {first.in_force.from_}（{first.entry_into_force.article}"
            f"{'' if first.entry_into_force.verified else '，条号未经原文核实'}），三包规定不适用于该车。",
            f"The invoice date {invoice} is before the {first.short.en} came into force on {first.in_force.from_} "
            f"({first.entry_into_force.article}{'' if first.entry_into_force.verified else ', article number unverified'}"
            f"); the regulation does not apply to this car."))
    span = f"{natural.in_force.from_} – {natural.in_force.to or '今'}"
    span_en = f"{natural.in_force.from_} – {natural.in_force.to or 'now'}"
    return natural.id, Regulation(version=natural.id, instrument=book.instrument(natural), reason=_loc(
        f"购车发票日期 {invoice} 在{natural.short.zh}施行期间（{span}）内，依发票日期确定适用版本。",
        f"The invoice date {invoice} falls in the {natural.short.en}'s period in force ({span_en}); the version is "
        f"chosen by the invoice date."))


def adjudicate_warranty(history: VehicleHistory | dict[str, Any], *, regulation: str | None = None,
                        as_of: date | None = None, evaluator: Evaluator = "durable_rules",
                        counterfactuals: bool = True, calendar: WorkingDayCalendar | str | Path | None = None,
                        strict_calendar: bool = False, detail: Detail = "full") -> Decision:
    """Evaluate a vehicle history against the three-guarantee regulation; the decision lists its reasons.

    The seller's deadlines count working days on China's calendar; `calendar` (a file of holidays and make-up
    working days, or a WorkingDayCalendar) supplies the years it lacks. With `strict_calendar`, a deadline in a
    year the calendar does not cover raises CalendarNotCovered instead of giving a warning. `detail="brief"`
    leaves out the sections of decision.BRIEF_OMITS (the decision's `detail` says so); the conclusions are the
    same.

    Raises `InputError` for a wrong argument (an unknown regulation version or evaluator, an `as_of` that is not a
    date) and for a history that is not valid."""
    brief = arguments.choice("detail", detail, DETAIL_LEVELS) == "brief"
    decision = _adjudicate(history, regulation, as_of, evaluator, counterfactuals, calendar, strict_calendar)
    return decision.brief() if brief else decision


def _adjudicate(history: VehicleHistory | dict[str, Any], regulation: str | None, as_of: date | None,
                evaluator: Evaluator, counterfactuals: bool, calendar: WorkingDayCalendar | str | Path | None,
                strict_calendar: bool) -> Decision:
    history = arguments.record("history", history, VehicleHistory)
    regulation = arguments.choice("regulation", regulation, (v.id for v in load_warranty_rulebook().versions))
    as_of = arguments.day("as_of", as_of)
    evaluator = arguments.evaluator(evaluator)  # type: ignore[assignment]
    if not isinstance(history, VehicleHistory):
        history = validate(VehicleHistory, history, "history")
    moved_odometer = None
    if as_of is not None and as_of != history.claim.date:
        history, moved_odometer = _decide_as_of(history, as_of)
    version, reg = select_version(history, regulation)
    book = load_warranty_rulebook()
    if version is None:
        return Decision(vin=history.vehicle.vin, as_of=history.claim.date, regulation=reg, in_scope=False,
                        request=_outside(history, reg.reason), rulebook=book.digest, evaluator=evaluator)
    spec = book.version(version)
    on = parameter_date(history, spec)
    reg = reg.model_copy(update={"parameters_dated_by": spec.parameters_dated_by, "parameters_on": on})
    rules = compiled_warranty(version, on)
    cal = make_calendar(calendar, strict_calendar) if calendar is not None or strict_calendar else None
    built = wfacts.build(history, rules, spec.period_start, cal)
    if moved_odometer is not None:
        built.assumptions.append(moved_odometer)
    firings = evaluate(rules, built.facts, evaluator)
    return _assemble_decision(history, reg, rules, built, firings, evaluator, counterfactuals, regulation, cal)


def remedy_keys(history: VehicleHistory, forced: str | None, evaluator: Evaluator,
                calendar: WorkingDayCalendar | None) -> set[tuple[str, str]]:
    """The (remedy, rule) pairs the decision of `history` grants, and nothing else: what a counterfactual
    compares. The same steps as `adjudicate_warranty` up to the rules, then `_granted` on the rules that fired,
    without the explanations, the why-not and the output models a full decision builds."""
    found = rules_and_facts(history, forced, calendar)
    if found is None:
        return set()
    rules, built = found
    fired: list[Rule] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    for name, ids in evaluate(rules, built.facts, evaluator):
        rule = rules.rule(name.split("#")[0])
        if (rule.id, ids) not in seen:
            seen.add((rule.id, ids))
            fired.append(rule)
    grants, _ = _granted(fired, lambda rule: rule)
    return {(code, rule.id) for rule, code in grants}


def rules_and_facts(history: VehicleHistory, forced: str | None = None, calendar: WorkingDayCalendar | None = None
                    ) -> tuple[CompiledRuleset, wfacts.WarrantyFacts] | None:
    """The compiled rule set that decides `history` and the facts it reads; None where no version applies."""
    version, _ = select_version(history, forced)
    if version is None:
        return None
    spec = load_warranty_rulebook().version(version)
    rules = compiled_warranty(version, parameter_date(history, spec))
    return rules, wfacts.build(history, rules, spec.period_start, calendar)


def _granted(fired: list[T], rule_of: Callable[[T], Rule]) -> tuple[list[tuple[T, str]], Rule | None]:
    """The remedies the fired rules grant, as (firing, remedy code) in firing order; and the fallback rule when
    it took a replacement away (it fired: there is no car to replace with, only the return it gives). Nothing is
    granted when a scope rule fired."""
    if any(rule_of(f).kind == "scope" for f in fired):
        return [], None
    grants = [(f, code) for f in fired if rule_of(f).kind == "remedy" for code in rule_of(f).spec.conclusion.remedies]
    fallback = next((rule_of(f) for f in fired if rule_of(f).kind == "remedy" and any(
        c.field == "replacement_vehicle_available" for v in rule_of(f).variants for p in v.patterns
        for c in p.conditions)), None)
    if fallback is None or all(code != "replace" for _, code in grants):
        return grants, None
    return [(f, code) for f, code in grants if code != "replace"], fallback


def parameter_date(history: VehicleHistory, version: VersionSpec) -> date:
    """The date of the case at which dated parameter values are looked up, as the version says."""
    claim = history.claim
    return {"invoice": history.purchase.invoice_date,
            "period_start": wfacts.period_start(history, version.period_start),
            "request": claim.requested_on or claim.date,
            "decision": claim.date}[version.parameters_dated_by]


def _decide_as_of(history: VehicleHistory, as_of: date) -> tuple[VehicleHistory, Note | None]:
    """The same history decided at another date. Going back in time, the odometer is the last one known by then
    and request dates after it are dropped (they had not happened yet)."""
    claim = history.claim.model_dump()
    claim["date"] = as_of
    note = None
    if as_of < history.claim.date:
        known = [v.odometer_km for v in history.visits if v.opened_on <= as_of]
        km = max(known, default=history.purchase.delivery_odometer_km)
        if km != claim["odometer_km"]:
            note = Note("odometer_at_as_of", _loc(
                f"按 {as_of} 裁决：当日里程取此前最近一次维修记录的 {km} 公里（输入的 {claim['odometer_km']} 公里属于之后）。",
                f"Decided as of {as_of}: the odometer is the last one recorded by then, {km} km "
                f"(the input's {claim['odometer_km']} km is later)."), "claim.odometer_km")
            claim["odometer_km"] = km
        for name in ("requested_on", "seller_replied_on", "completed_on"):
            if claim[name] is not None and claim[name] > as_of:
                claim[name] = None
        if claim["requested_on"] is None:         # no request date: it was made on the (later) claim date
            claim.update(request=None, seller_replied_on=None, completed_on=None)
    data = history.model_dump() | {"claim": claim}
    return validate(VehicleHistory, data, f"--as-of {as_of}"), note


# ---------------------------------------------------------------- building the decision


def _assemble_decision(history: VehicleHistory, reg: Regulation, rules: CompiledRuleset, built: wfacts.WarrantyFacts,
            firings: list[Firing], evaluator: Evaluator, counterfactuals: bool, forced: str | None,
            calendar: WorkingDayCalendar | None = None) -> Decision:
    facts, as_of = built.facts, history.claim.date
    remedies: list[Remedy] = []
    deadlines: list[Deadline] = []
    explained = explained_firings(rules, facts, firings)
    fired_ids = {f.rule.id for f in explained}
    fired = [FiredRule(rule_id=f.rule.id, kind=f.rule.kind, title=f.rule.title, citation=f.rule.citation,
                       explanation=f.text, evidence=f.evidence, values=used_values(f.rule, f.values))
             for f in explained]
    in_scope = not any(f.rule.kind == "scope" for f in explained)
    assumptions = [NoteOut(code=n.code, text=n.text, field=n.field) for n in built.assumptions]
    warnings = [NoteOut(code=n.code, text=n.text, field=n.field) for n in built.warnings]
    if reg.forced:
        assumptions.append(NoteOut(code="version_forced", text=reg.reason, field="regulation"))
    for firing in explained:
        rule, text = firing.rule, firing.text
        c = rule.spec.conclusion
        if c.deadline and c.deadline in built.deadlines and in_scope and all(d.code != c.deadline for d in deadlines):
            deadlines.append(_deadline(rule, c.deadline, built.deadlines[c.deadline], as_of, text))
    grants, fallback = _granted(explained, lambda f: f.rule)
    for firing, code in grants:
        rule = firing.rule
        comp = None
        if code in ("replace", "return"):
            comp = _use_compensation(history, rules, rule.spec.conclusion.use_compensation == "charged")
        remedies.append(Remedy(code=code, rule_id=rule.id, citation=rule.citation, explanation=firing.text,
                               evidence=firing.evidence, free_of_charge=comp is None or not comp.charged,
                               use_compensation=comp))
    if fallback is not None:
        assumptions.append(NoteOut(code="no_car_no_replacement", field="claim.replacement_vehicle_available", text=_loc(
            f"没有可供更换的车辆：不能选择更换，只能依{fallback.citation.article}选择退货。",
            f"No car is available for replacement: a replacement cannot be chosen, only a return under "
            f"{fallback.citation.article}.")))
    if any(r.use_compensation and r.use_compensation.charged for r in remedies):
        assumptions.append(NoteOut(code="km_driven_from_odometers", field="claim.odometer_km", text=_loc(
            "使用补偿中的行驶里程按决定日里程减交付里程计算（规定未明确计算方法）。",
            "km driven for the use compensation = odometer at the decision date minus odometer at delivery "
            "(the regulation does not say how to measure it).")))
    unfired, near = ([], []) if not in_scope else not_fired(rules, facts, fired_ids, ("remedy",), FINISHED_FACTS)
    missing: list[MissingFact] = []
    periods = _periods(built, rules, history) if in_scope else []
    claim = history.claim
    if in_scope:
        missing = _missing_facts(history, rules, remedies, assumptions, evaluator, counterfactuals, forced, calendar)
        request = judge_request(claim.request, claim.requested_on or (claim.date if claim.request else None),
                                remedies, unfired, missing, periods, fired, deadlines, as_of, _per_ruleset(rules)[0])
    else:
        scope = [f.explanation for f in fired if f.kind == "scope"]
        request = _outside(history, Localized(zh="；".join(x.zh for x in scope), en="; ".join(x.en for x in scope)))
    return Decision(
        vin=history.vehicle.vin, as_of=as_of, regulation=reg, in_scope=in_scope, request=request,
        periods=periods,
        remedies=remedies, deadlines=deadlines, fired=fired, not_fired=unfired, near_limits=near,
        assumptions=assumptions, warnings=warnings, missing_facts=missing,
        parameters=list(_per_ruleset(rules)[1]), rulebook=rules.digest, evaluator=evaluator)


_PER_RULESET: dict[tuple[str, str, str, str], tuple[dict[str, tuple[str, ...]], tuple[ParameterUsed, ...]]] = {}


def _per_ruleset(rules: CompiledRuleset) -> tuple[dict[str, tuple[str, ...]], tuple[ParameterUsed, ...]]:
    """What every decision under one compiled rule set shares, built once: each remedy rule's remedies, and the
    parameters used (frozen models, so decisions may share them). One entry per compiled rule set, which the
    rule book bounds."""
    found = _PER_RULESET.get(rules.key)
    if found is None:
        found = _PER_RULESET[rules.key] = (
            {r.id: tuple(r.spec.conclusion.remedies) for r in rules.rules if r.spec.kind == "remedy"},
            tuple(ParameterUsed(name=p.name, value=p.value, since=p.since, citation=p.citation)
                  for p in rules.params.values()))
    return found


def _outside(history: VehicleHistory, reason: Localized) -> RequestVerdict:
    """The verdict where the regulation does not reach the car at all."""
    claim = history.claim
    kind = claim.request
    verdict = "refused" if kind else "no_request"
    asked = f"请求{REQUEST.zh(kind)}：{VERDICT.zh(verdict)}。" if kind else "无三包救济："
    asked_en = f"Request for {REQUEST.en(kind)}: {VERDICT.en(verdict)}. " if kind else "No 三包 remedy: "
    return RequestVerdict(kind=kind, requested_on=claim.requested_on or (claim.date if kind else None),
                          verdict=verdict, reason=reason,
                          headline=_loc(asked + reason.zh, asked_en + reason.en))


def _periods(built: wfacts.WarrantyFacts, rules: CompiledRuleset, history: VehicleHistory) -> list[Period]:
    out = []
    as_of, odo = history.claim.date, history.claim.odometer_km
    for code, p in built.periods.items():
        citation = rules.params[p.param].citation
        days_left = (p.end_date - as_of).days
        km_left = None if p.end_odometer_km is None else p.end_odometer_km - odo
        out.append(Period(code=code, name=_period_name(code, p), start=p.start, end_date=p.end_date,
                          end_odometer_km=p.end_odometer_km, limit_days=p.limit_days, limit_years=p.limit_years,
                          limit_km=p.limit_km, source=p.source, citation=citation, days_left=days_left,
                          km_left=km_left, active=days_left >= 0 and (km_left is None or km_left >= 0)))
    return out


def _deadline(rule: Rule, code: str, info: dict[str, Any], as_of: date, text: Localized) -> Deadline:
    due, met = info["due"], info["met_on"]
    if met is not None:
        status = "met" if met <= due else "missed"
    else:
        status = "overdue" if as_of > due else "running"
    return Deadline(code=code, rule_id=rule.id, citation=rule.citation, requested_on=info["requested_on"], due=due,
                    met_on=met, status=status, explanation=text)


def _use_compensation(history: VehicleHistory, rules: CompiledRuleset, charged: bool) -> UseCompensation:
    citation = rules.params["use_coefficient_max_pct"].citation
    if not charged:
        return UseCompensation(charged=False, citation=citation, reason=_loc(
            "该情形由销售者免费更换或退货，不收取使用补偿。",
            "In this case the seller replaces or takes back the car free of charge: no use compensation."))
    raw_price = history.purchase.price_yuan
    price = Decimal(int(raw_price)) if float(raw_price).is_integer() else Decimal(str(raw_price))
    km = history.claim.odometer_km - history.purchase.delivery_odometer_km
    unit = Decimal(rules.param("use_compensation_km_unit"))
    lo, hi = Decimal(str(rules.param("use_coefficient_min_pct"))), Decimal(str(rules.param("use_coefficient_max_pct")))
    formula = f"{price} × {km} / {unit} × n"
    n = history.certificate.use_coefficient_pct if history.certificate else None

    def formula_amount(pct: Decimal) -> Decimal:
        return (price * km / unit * pct / 100).quantize(_CENT, ROUND_HALF_UP)

    def amount(pct: Decimal) -> Decimal:
        """The formula's result, never more than the price: beyond it the car has no value left to refund."""
        return min(formula_amount(pct), price)

    cap_zh = cap_en = ""
    top = formula_amount(hi if n is None else min(Decimal(str(n)), hi))
    if top > price:
        return_km = rules.param("return_period_min_km")
        cap_zh = (f"按公式计算为 {top} 元，超过车价 {price} 元：使用补偿以车价为限（退货时无应退车款）。行驶 {km} 公里"
                  f"远超三包有效期的 {return_km} 公里，请核实更换、退货请求是否在三包有效期内提出。")
        cap_en = (f" The formula gives {top} yuan, more than the price of {price}: the compensation is capped at the "
                  f"price (a return refunds nothing). {km} km is far beyond the return period's {return_km:,} km; "
                  f"check that the request was made inside it.")

    if n is None:
        return UseCompensation(
            charged=True, citation=citation, price_yuan=price, km_driven=km, coefficient_range_pct=(lo, hi),
            amount_range_yuan=(amount(lo), amount(hi)), formula=formula, reason=_loc(
                f"三包凭证未载明系数 n，按允许范围 {lo}%～{hi}% 计算：{amount(lo)}～{amount(hi)} 元（行驶 {km} 公里）。{cap_zh}",
                f"No coefficient n on the certificate: the allowed range {lo} %–{hi} % gives "
                f"{amount(lo)}–{amount(hi)} yuan ({km} km driven).{cap_en}"))
    pct = Decimal(str(n))
    # a promise more generous than the rule binds (2013 art. 3, 2021 art. 4): a lower n stands, a higher is capped
    used = min(pct, hi)
    clamp_zh = "" if used == pct else f"（凭证载明 {pct}% 超过上限，按 {used}% 计）"
    clamp_en = "" if used == pct else f" (the certificate's {pct} % is above the ceiling; {used} % used)"
    return UseCompensation(
        charged=True, citation=citation, price_yuan=price, km_driven=km, coefficient_pct=used,
        amount_yuan=amount(used), formula=formula, reason=_loc(
            f"使用补偿 = {price} × {km} / {unit} × {used}% = {amount(used)} 元{clamp_zh}。{cap_zh}",
            f"Use compensation = {price} × {km} / {unit} × {used} % = {amount(used)} yuan{clamp_en}.{cap_en}"))


def _diff(before: set[tuple[str, str]], after: set[tuple[str, str]]) -> Localized:
    added, removed = sorted(after - before), sorted(before - after)
    if not added and not removed:
        return _loc("救济结果不变。", "The remedies stay the same.")
    zh, en = [], []
    if added:
        zh.append("新增" + "、".join(f"「{REMEDY_NAMES[c].zh}」（{r}）" for c, r in added))
        en.append("adds " + ", ".join(f"{REMEDY_NAMES[c].en} ({r})" for c, r in added))
    if removed:
        zh.append("不再有" + "、".join(f"「{REMEDY_NAMES[c].zh}」（{r}）" for c, r in removed))
        en.append("removes " + ", ".join(f"{REMEDY_NAMES[c].en} ({r})" for c, r in removed))
    return _loc("；".join(zh) + "。", "; ".join(en) + ".")


# Each unknown fact is answered by re-running the whole decision under its other value (a "counterfactual"), and a
# re-run costs about what the decision costs, which grows with the number of repair items. One record must not
# hold a batch for minutes (issue 10: 1,000 visits x 10 unknown causes took 109 s), so a decision spends at most
# this many repair items on re-runs: 12 re-runs of a history of up to 1,666 items, 2 of 10,000, 1 of the largest
# history accepted (20,000 items, about 0.6 s a decision). A count, not a clock, so that the same input always
# gives the same decision. The facts past the budget are still listed, each saying its alternative was not
# computed.
COUNTERFACTUAL_BUDGET_ITEMS = 20_000
MAX_COUNTERFACTUALS = 12            # re-runs of any one decision, however small the history


def counterfactual_budget(history: VehicleHistory) -> int:
    """How many re-runs one decision of `history` may make (at least one)."""
    items = max(1, sum(len(v.items) for v in history.visits))
    return max(1, min(MAX_COUNTERFACTUALS, COUNTERFACTUAL_BUDGET_ITEMS // items))


NOT_COMPUTED = loc("（另一种取值下的结果未计算：本次裁决的重算预算已用完。）",
                   " (What the other value would change was not computed: the decision's budget of re-runs was "
                   "spent.)")


def _missing_facts(history: VehicleHistory, rules: CompiledRuleset, remedies: list[Remedy],
                   assumptions: list[NoteOut], evaluator: Evaluator, counterfactuals: bool,
                   forced: str | None, calendar: WorkingDayCalendar | None = None) -> list[MissingFact]:
    out: list[MissingFact] = []
    base = {(r.code, r.rule_id) for r in remedies}
    budget = counterfactual_budget(history)

    def rerun(change: dict[str, Any]) -> list[Alternative]:
        """The decision under another value of the unknown fact: its remedies, their difference, the verdict;
        nothing when the budget is spent."""
        nonlocal budget
        if budget <= 0:
            return []
        budget -= 1
        ((path, value),) = change.items()
        other = remedy_keys(with_change(history, path, value), forced, evaluator, calendar)
        codes = sorted({code for code, _ in other}, key=REMEDY_STRENGTH.index)
        return [Alternative(value=value, changes=_diff(base, other), remedies=codes,
                            verdict=verdict_for(history.claim.request, codes))]

    def missing(field: str, assumed: Any, text: Localized, *changes: dict[str, Any]) -> MissingFact:
        """A missing fact with the decision under each of its other values (`changes`), as far as the budget goes;
        where it does not, the text says that what the other values would change was not computed."""
        alternatives = [a for change in changes for a in rerun(change)]
        if len(alternatives) == len(changes):
            return MissingFact(field=field, assumed=assumed, text=text, alternatives=alternatives)
        return MissingFact(field=field, assumed=assumed, alternatives=alternatives, alternatives_computed=False,
                           text=_loc(text.zh + NOT_COMPUTED.zh, text.en + NOT_COMPUTED.en))

    replace_due = any(rules.rule(r.rule_id).spec.conclusion.derives == "replacement_due" for r in remedies)
    if replace_due and history.claim.replacement_vehicle_available is None:
        assumptions.append(NoteOut(code="replacement_vehicle_assumed", field="claim.replacement_vehicle_available",
                                   text=_loc("假定有同品牌同型号或不低于原车配置的车辆可供更换；如无，消费者可选择退货。",
                                             "A same-model or not-lower car is assumed available for replacement; "
                                             "if none is, the consumer may choose a return.")))
        # where a return is already on offer, the answer changes nothing, unless a replacement is what was asked
        if not any(r.code == "return" for r in remedies) or history.claim.request == "replace":
            unknown = _loc("是否有可供更换的车辆未知。", "Whether a car is available for replacement is unknown.")
            if counterfactuals:
                out.append(missing("claim.replacement_vehicle_available", True, unknown,
                                   {"claim.replacement_vehicle_available": False}))
            else:
                out.append(MissingFact(field="claim.replacement_vehicle_available", assumed=True, text=unknown))
    if any(r.use_compensation and r.use_compensation.coefficient_range_pct for r in remedies):
        out.append(MissingFact(field="certificate.use_coefficient_pct", assumed=None, text=_loc(
            "三包凭证上的使用补偿系数 n 未提供：使用补偿按法定范围给出上下限。",
            "The certificate's coefficient n is not given: the use compensation is shown as a range.")))
    if counterfactuals:
        for unknown in find_unknowns(history):
            out.append(missing(unknown.field, unknown.assumed, unknown.text,
                               *({unknown.path: value} for value in unknown.alternatives)))
        for vi, v in enumerate(history.visits):
            for ii, item in enumerate(v.items):
                if item.cause == "unknown" and item.quality_problem and item.action != "inspect_no_fault":
                    out.append(missing(
                        f"visits[{vi}].items[{ii}].cause", "quality",
                        _loc(f"维修单 {v.id}「{item.description or item.problem}」的故障原因未知，按质量问题计。",
                             f"Visit {v.id} \"{item.description or item.problem}\": cause unknown, counted "
                             f"as a quality problem."),
                        {f"visits.{vi}.items.{ii}.cause": "misuse"}))
    return out


__all__ = ["adjudicate_warranty", "select_version"]
