"""Unknown is a value: the judgement fields of a repair may be unknown (null, or "unknown"), and a repair's end
may be a range (`closed_at` the earliest it can have ended, `closed_at_latest` the latest) or differ from the
handover to the consumer (`handed_over_at`).

The engine never sees an unknown: the facts are built on a stated reading of each one (below, declared once),
and the decision re-runs itself with every other possibility, so that each outcome is computed, none assumed.
What hinges on an unknown becomes `undetermined` and names the fact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.text import Localized
from .models import Incident, Item, VehicleHistory, Visit
from .vocabulary import FAILURE_MODE, INCIDENT, SYSTEM

UNKNOWN = "unknown"
# the reading the facts use for an unknown judgement, and why
ASSUMED: dict[str, tuple[object, Localized]] = {
    "serious_safety_fault": (False, Localized(
        zh="严重安全性能故障须由技术人员认定，未认定的按非严重安全性能故障计",
        en="a serious safety fault is the technician's finding; without one it is taken as not serious")),
    "main_part": (False, Localized(
        zh="未确定是否属于主要零件的，按非主要零件计", en="a part not established as a main part is taken as not one")),
    "quality_problem": (True, Localized(
        zh="修理者未查明非质量原因的，按质量问题计（与原因不明的处理一致）",
        en="where the repairer found no other cause it is taken as a quality problem (as for an unknown cause)")),
    "failure_mode": (None, Localized(
        zh="未确定是否属于所列失效情形的，按不属于计", en="a failure not established as a listed one is taken as not listed")),
}
FIELD_NAMES = {"serious_safety_fault": Localized(zh="严重安全性能故障", en="a serious safety fault"),
               "main_part": Localized(zh="主要零件", en="a main part"),
               "quality_problem": Localized(zh="质量问题", en="a quality problem"),
               "failure_mode": Localized(zh="属于所列失效情形", en="a listed failure")}
# the listed failure a fault of each system could be, for the other possibility of an unknown failure mode
FAILURE_OF_SYSTEM = {"brake": "brake_failure", "steering": "steering_failure", "body": "body_crack",
                     "engine": "fuel_leak", "power_battery": "battery_fire"}
for _system, _mode in FAILURE_OF_SYSTEM.items():
    if _system not in SYSTEM or _mode not in FAILURE_MODE:
        raise ValueError(f"FAILURE_OF_SYSTEM: {_system} -> {_mode} is not in the vocabularies")


@dataclass(frozen=True)
class Unknown:
    path: str                       # where in the input, for a re-run: "visits.2.items.0.main_part"
    field: str                      # the same, as the decision names it: "visits[2].items[0].main_part"
    assumed: object
    alternatives: tuple[object, ...]
    text: Localized


def _label(visit_id: str, item: Item) -> str:
    return f"{visit_id}「{item.problem}」" + (f"（{item.description}）" if item.description else "")


def find_unknowns(history: VehicleHistory) -> list[Unknown]:
    """Every unknown the decision must show both sides of, in input order."""
    out: list[Unknown] = []
    for vi, v in enumerate(history.visits):
        for ii, item in enumerate(v.items):
            if item.action == "inspect_no_fault":
                continue
            for name, (assumed, why) in ASSUMED.items():
                value = getattr(item, name)
                if not (value is None and name != "failure_mode" or value == UNKNOWN):
                    continue
                others: tuple[object, ...]
                if name == "failure_mode":
                    others = (FAILURE_OF_SYSTEM[item.system],) if item.system in FAILURE_OF_SYSTEM else ()
                else:
                    others = (not assumed,)
                if not others:
                    continue
                what = FIELD_NAMES[name]
                out.append(Unknown(f"visits.{vi}.items.{ii}.{name}", f"visits[{vi}].items[{ii}].{name}", assumed,
                                   others, Localized(zh=f"维修单 {_label(v.id, item)} 是否{what.zh}未知：{why.zh}。",
                                                     en=f"Visit {v.id} \"{item.problem}\": whether it is {what.en} "
                                                        f"is unknown; {why.en}.")))
        for name, zh, en in (("closed_at_latest", "修理结束时间只知道一个范围（{a} 至 {b}）：按最早的结束时间计",
                              "the end of the repair is only known as a range ({a} to {b}): the earliest is used"),
                             ("handed_over_at", "完成修理（{a}）与交车（{b}）时间不同：按完成修理之时计（第四十条）",
                              "the repair was completed ({a}) before the car was handed over ({b}): completion is "
                              "used (art. 40)")):
            other = getattr(v, name)
            if other is not None and other != v.closed_at:
                out.append(Unknown(f"visits.{vi}.closed_at", f"visits[{vi}].{name}", str(v.closed_at), (str(other),),
                                   Localized(zh=f"维修单 {v.id} " + zh.format(a=v.closed_at, b=other) + "。",
                                             en=f"Visit {v.id}: " + en.format(a=v.closed_at, b=other) + ".")))
    for i, incident in enumerate(history.incidents):
        if incident.cause == "not_established":
            out.append(Unknown(f"incidents.{i}.cause", f"incidents[{i}].cause", "not_established", ("quality",),
                               Localized(zh=f"事件 {incident.id}（{INCIDENT.zh(incident.kind)}，{incident.date}）原因未查明："
                                            f"未查明为质量问题的不按三包计算。",
                                         en=f"Incident {incident.id} ({INCIDENT.en(incident.kind)}, {incident.date}): "
                                            f"cause not established; it counts under the regulation only once "
                                            f"established as a quality problem.")))
    return out


def incident_as_repair(history: VehicleHistory, incident: Incident) -> Visit:
    """A fire or total loss caused by a quality problem, as the rules count it: a serious safety fault of the
    system it started in, not eliminated (2021 第四十条: a fire hazard is a serious safety fault); a fire in the
    power battery is the listed battery fire."""
    system = incident.system or "other"
    known = [v.odometer_km for v in history.visits if v.opened_on <= incident.date]
    fire_mode = FAILURE_OF_SYSTEM.get(system) if incident.kind == "fire" and system == "power_battery" else None
    item = Item(problem=f"{INCIDENT.zh(incident.kind)}:{SYSTEM.zh(system)}", description=incident.description,
                system=system, action="repair", serious_safety_fault=True, failure_mode=fire_mode, fixed=False)
    return Visit(id=f"{incident.id}", opened_at=incident.date, closed_at=incident.date,
                 odometer_km=max(known, default=history.purchase.delivery_odometer_km), items=[item])


def with_readings(history: VehicleHistory) -> VehicleHistory:
    """The history the facts are built on: every unknown judgement replaced by its stated reading, and incidents
    caused by a quality problem counted as the repairs the rules read."""
    caused = [incident_as_repair(history, x) for x in history.incidents if x.cause == "quality"]
    if caused:
        history = history.model_copy(update={"visits": [*history.visits, *caused]})
    if not any(getattr(i, n) is None and n != "failure_mode" or getattr(i, n) == UNKNOWN
               for v in history.visits for i in v.items for n in ASSUMED):
        return history
    visits = []
    for v in history.visits:
        items = []
        for item in v.items:
            changes: dict[str, Any] = {n: a for n, (a, _) in ASSUMED.items()
                                       if getattr(item, n) is None and n != "failure_mode" or getattr(item, n) == UNKNOWN}
            items.append(item.model_copy(update=changes) if changes else item)
        visits.append(v.model_copy(update={"items": items}))
    return history.model_copy(update={"visits": visits})


__all__ = ["Unknown", "find_unknowns", "with_readings", "ASSUMED", "UNKNOWN"]
