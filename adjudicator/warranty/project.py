"""Projection: how close a car is to the next remedy, and until when.

For each period: the date and the odometer reading at which it closes (at the car's daily km). For each remedy not
yet available: the smallest further event that would bring it (one more repair of the same problem, a longer
repair, a further serious-safety repair), found by re-running the decision on a projected history -- the
thresholds are the rule book's, never a second copy here. For a repair still in progress: the first day on which
the courtesy vehicle and the replace/return remedies would be due if it goes on.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from pydantic import Field

from ..core.text import Localized, Out, terminal_text
from .decide import adjudicate_warranty
from .decision import REMEDY_NAMES, Decision
from .models import VehicleHistory
from .vocabulary import REMEDY

MAX_EVENTS = 8          # further repairs tried before giving up on a remedy: every limit of either version is lower
MAX_DAYS = 120          # days a projected repair or an open repair is extended at most


class PeriodEnd(Out):
    code: str
    name: Localized
    end_date: date
    end_odometer_km: int | None
    km_reached_on: date | None = Field(None, description="the day the km limit is reached at the daily km")
    closes_on: date = Field(description="whichever comes first")


class Threshold(Out):
    event: Localized = Field(description="what would have to happen")
    count: int = Field(description="how many such events")
    remedies: list[REMEDY.literal] = Field(description="the remedies it would bring")  # type: ignore[valid-type]
    rule_ids: list[str]
    before: date = Field(description="the events must happen by this day (the period they count in)")
    text: Localized


class OpenRepair(Out):
    visit: str
    courtesy_from: date | None = Field(None, description="the first day the courtesy vehicle is due, if it goes on")
    replace_or_return_from: date | None = Field(None, description="the first day replace/return is due, if it goes on")
    text: Localized


class Projection(Out):
    vin: str
    as_of: date
    daily_km: float
    periods: list[PeriodEnd]
    thresholds: list[Threshold]
    open_repairs: list[OpenRepair]


def _daily_km(history: VehicleHistory, given: float | None) -> float:
    if given is not None:
        return max(0.0, given)
    start = history.purchase.delivery_date or history.purchase.invoice_date
    days = max(1, (history.claim.date - start).days)
    return max(1.0, (history.claim.odometer_km - history.purchase.delivery_odometer_km) / days)


def _remedy_rules(d: Decision) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in d.remedies:
        out.setdefault(r.code, set()).add(r.rule_id)
    return out


def _gained(base: Decision, other: Decision) -> tuple[list[str], list[str]]:
    before, after = _remedy_rules(base), _remedy_rules(other)
    codes = [c for c in after if c not in before and c in ("replace", "return", "assembly_replacement")]
    rules = sorted({rid for c in codes for rid in after[c]})
    return codes, rules


def _decide(data: dict[str, Any]) -> Decision:
    return adjudicate_warranty(data, counterfactuals=False)


def project_warranty(history: VehicleHistory | dict[str, Any], *, daily_km: float | None = None) -> Projection:
    if not isinstance(history, VehicleHistory):
        history = VehicleHistory.model_validate(history)
    base = _decide(history.model_dump())
    km_per_day = _daily_km(history, daily_km)
    claim = history.claim
    periods = []
    for p in base.periods:
        km_day = None       # absent: no km limit, no km driven, or already passed (then the period is closed)
        if p.end_odometer_km is not None and km_per_day > 0 and claim.odometer_km <= p.end_odometer_km:
            km_day = claim.date + timedelta(days=int((p.end_odometer_km - claim.odometer_km) / km_per_day))
        passed = p.end_odometer_km is not None and claim.odometer_km > p.end_odometer_km
        closes = min(p.end_date, claim.date) if passed else min(p.end_date, km_day or p.end_date)
        periods.append(PeriodEnd(code=p.code, name=p.name, end_date=p.end_date, end_odometer_km=p.end_odometer_km,
                                 km_reached_on=km_day, closes_on=closes))
    return_period = next((p for p in periods if p.code == "return_period"), None)
    before = return_period.closes_on if return_period else claim.date
    thresholds = _thresholds(history, base, km_per_day, before) if base.in_scope else []
    return Projection(vin=history.vehicle.vin, as_of=claim.date, daily_km=round(km_per_day, 1), periods=periods,
                      thresholds=thresholds, open_repairs=_open_repairs(history, base) if base.in_scope else [])


def _visit(vid: str, day: date, days: int, km: int, problem: str, system: str, **item: Any) -> dict[str, Any]:
    return {"id": vid, "opened_at": day.isoformat(), "closed_at": (day + timedelta(days=days)).isoformat(),
            "odometer_km": km, "items": [{"problem": problem, "system": system, "action": "repair", **item}]}


def _projected(history: VehicleHistory, km_per_day: float, visits: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
    """The history with hypothetical visits (days after the decision date, and what they hold) appended and the
    decision date moved after the last of them."""
    data = history.model_dump(mode="json")
    claim_day, odo = history.claim.date, history.claim.odometer_km
    last = claim_day
    for _, visit in visits:
        data["visits"].append(visit)
        last = max(last, date.fromisoformat(visit["closed_at"][:10]))
    data["claim"]["date"] = (last + timedelta(days=1)).isoformat()
    data["claim"]["odometer_km"] = odo + int(km_per_day * ((last - claim_day).days + 1))
    for name in ("request", "requested_on", "seller_replied_on", "completed_on"):
        data["claim"][name] = None
    return data


def _search(history: VehicleHistory, base: Decision, km_per_day: float,
            make: Callable[[int], list[tuple[int, dict[str, Any]]]], limit: int) -> tuple[int, list[str], list[str]] | None:
    """The smallest n in 1..limit for which the events make(n) bring a new remedy."""
    for n in range(1, limit + 1):
        other = _decide(_projected(history, km_per_day, make(n)))
        codes, rules = _gained(base, other)
        if codes:
            return n, codes, rules
    return None


def _thresholds(history: VehicleHistory, base: Decision, km_per_day: float, before: date) -> list[Threshold]:
    out: list[Threshold] = []
    claim = history.claim
    start_km = claim.odometer_km

    def repairs_of(problem: str, system: str, days: int = 1, **item: Any) -> Callable[[int], list[tuple[int, dict]]]:
        def make(n: int) -> list[tuple[int, dict[str, Any]]]:
            visits = []
            for i in range(n):
                offset = 1 + i * (days + 1)
                visits.append((offset, _visit(f"PROJ-{i + 1}", claim.date + timedelta(days=offset), days,
                                              start_km + int(km_per_day * offset), problem, system, **item)))
            return visits
        return make

    seen = {(it.problem, it.system) for v in history.visits for it in v.items if it.action != "inspect_no_fault"}
    for problem, system in sorted(seen):
        found = _search(history, base, km_per_day, repairs_of(problem, system), MAX_EVENTS)
        if found:
            n, codes, rules = found
            out.append(_threshold(Localized(zh=f"再修理 {n} 次同一质量问题「{problem}」",
                                            en=f"{n} more repair(s) of the same problem \"{problem}\""),
                                  n, codes, rules, before))
    if any(it.serious_safety_fault for v in history.visits for it in v.items):
        problem, system = next((it.problem, it.system) for v in history.visits for it in v.items
                               if it.serious_safety_fault)
        found = _search(history, base, km_per_day,
                        repairs_of(problem, system, serious_safety_fault=True, fixed=False), MAX_EVENTS)
        if found:
            n, codes, rules = found
            out.append(_threshold(Localized(zh=f"再发生 {n} 次严重安全性能故障修理（仍未排除）",
                                            en=f"{n} more serious-safety repair(s), not eliminated"),
                                  n, codes, rules, before))
    # one further repair of a new problem long enough to pass the cumulative limit
    for days in range(1, MAX_DAYS + 1):
        other = _decide(_projected(history, km_per_day, repairs_of("projected-part", "electrical", days)(1)))
        codes, rules = _gained(base, other)
        if codes:
            out.append(_threshold(Localized(zh=f"再有一次因质量问题的修理，历时 {days} 天",
                                            en=f"one more quality repair lasting {days} day(s)"),
                                  1, codes, rules, before))
            break
    return out


def _threshold(event: Localized, count: int, codes: list[str], rules: list[str], before: date) -> Threshold:
    both = {"replace", "return"} <= set(codes)
    names_zh = "更换或退货" if both else "、".join(REMEDY_NAMES[c].zh for c in codes)
    names_en = "replacement or return" if both else ", ".join(REMEDY_NAMES[c].en for c in codes)
    return Threshold(event=event, count=count, remedies=codes, rule_ids=rules, before=before, text=Localized(
        zh=f"{event.zh} — 在 {before} 前 — 即可要求{names_zh}（{'、'.join(rules)}）",
        en=f"{event.en} — before {before} — would bring {names_en} ({', '.join(rules)})"))


def _open_repairs(history: VehicleHistory, base: Decision) -> list[OpenRepair]:
    out = []
    claim = history.claim
    for v in history.visits:
        closed = v.closed_on
        if not (v.opened_on <= claim.date < closed):
            continue
        courtesy_from = replace_from = None
        had_courtesy = any(r.code == "courtesy_vehicle" and v.id in r.evidence for r in base.remedies)
        for extra in range(1, min(MAX_DAYS, (closed - claim.date).days) + 1):
            data = history.model_dump(mode="json")
            data["claim"]["date"] = (claim.date + timedelta(days=extra)).isoformat()
            d = _decide(data)
            if courtesy_from is None and not had_courtesy and any(
                    r.code == "courtesy_vehicle" and v.id in r.evidence for r in d.remedies):
                courtesy_from = claim.date + timedelta(days=extra)
            if replace_from is None and _gained(base, d)[0]:
                replace_from = claim.date + timedelta(days=extra)
            if (courtesy_from or had_courtesy) and replace_from:
                break
        zh = [f"维修单 {v.id} 在 {claim.date} 仍在修理"]
        en = [f"Visit {v.id} is still in repair on {claim.date}"]
        if courtesy_from:
            zh.append(f"如继续，自 {courtesy_from} 起应提供备用车或交通费用补偿")
            en.append(f"if it goes on, a courtesy vehicle or transport compensation is due from {courtesy_from}")
        if replace_from:
            zh.append(f"自 {replace_from} 起可要求更换或退货")
            en.append(f"replacement or return is due from {replace_from}")
        out.append(OpenRepair(visit=v.id, courtesy_from=courtesy_from, replace_or_return_from=replace_from,
                              text=Localized(zh="；".join(zh) + "。", en="; ".join(en) + ".")))
    return out


def projection_text(p: Projection, lang: str = "zh") -> str:
    zh = lang == "zh"
    lines = [(f"三包进度预测 — VIN {p.vin} — {p.as_of}（日均 {p.daily_km} 公里）" if zh
              else f"Warranty projection — VIN {p.vin} — {p.as_of} ({p.daily_km} km a day)")]
    lines.append("期限届满：" if zh else "Periods close:")
    for x in p.periods:
        km = f"，或 {x.km_reached_on} 达到 {x.end_odometer_km} 公里" if zh and x.km_reached_on else (
            f", or {x.end_odometer_km:,} km on {x.km_reached_on}" if x.km_reached_on else "")
        lines.append(f"- {x.name.get(lang)}：{x.end_date}{km} → {x.closes_on}" if zh
                     else f"- {x.name.get(lang)}: {x.end_date}{km} → {x.closes_on}")
    lines.append("尚未达到的条件：" if zh else "Thresholds not yet reached:")
    lines += [f"- {t.text.get(lang)}" for t in p.thresholds] or [("- 无" if zh else "- none")]
    if p.open_repairs:
        lines.append("在修车辆：" if zh else "Open repairs:")
        lines += [f"- {o.text.get(lang)}" for o in p.open_repairs]
    return terminal_text("\n".join(lines))     # problem names and ids are input text


__all__ = ["Projection", "project_warranty", "projection_text"]
