"""Closure facts: which closure conditions' events the timeline holds, whether the handling was recorded, and the
waiting periods (technical conclusion, parts) with what they are missing."""
from __future__ import annotations

from ...core.facts import Fact
from ...core.text import Localized
from .timeline import IndexedEvent, Timeline, evidence_of, fmt

# a closure condition's field -> the event that establishes it
CONDITION_EVENTS = {"withdrew": "customer_withdrew", "accepted": "customer_accepted_plan",
                    "completed": "plan_completed", "deferred": "plan_deferred_agreed",
                    "rejected": "demand_rejected_with_reply"}
RESULTS = ("withdrew", "completed", "deferred", "rejected")       # a result of the handling is recorded
WAITING_EVENTS = {"waiting_technical_conclusion": "technical", "waiting_parts": "parts"}
# what a waiting-for-parts record must name, with the words for it
PARTS_DETAILS = {"part": Localized(zh="所缺备件名称", en="the part's name"),
                 "ordered_on": Localized(zh="订货日期", en="its order date")}


def closure_fact(tl: Timeline, closed: IndexedEvent | None, record_types: tuple[str, ...]) -> Fact:
    got = {k: tl.first(t) for k, t in CONDITION_EVENTS.items()}
    records = tl.all(*record_types)
    noted = [(i, e) for i, e in records if e.note and e.note.strip()]
    fields = {
        "withdrew": got["withdrew"] is not None,
        "plan_accepted": got["accepted"] is not None,
        "plan_completed": got["completed"] is not None,
        "deferred_agreed": got["deferred"] is not None,
        "demand_rejected": got["rejected"] is not None,
        "result_recorded": any(got[k] is not None for k in RESULTS),
        "record_complete": bool(noted),
        "closed": closed is not None,
        "signed": tl.complaint.signed_by is not None,
        "records": len(records),
        "noted_records": len(noted),
    }
    display = {f"{k}_at": fmt(v[1].at) if v else "—" for k, v in got.items()}
    display["closed_at"] = fmt(closed[1].at) if closed else "—"
    display["signed_by"] = tl.complaint.signed_by or "—"
    display["signed_at"] = fmt(tl.complaint.signed_at) if tl.complaint.signed_at else "—"
    evidence = [evidence_of(*v) for v in got.values() if v] + [evidence_of(*x) for x in noted[:3]]
    return Fact("closure", fields, display=display, evidence=tuple(evidence))


def waiting_facts(tl: Timeline) -> list[Fact]:
    facts = []
    for i, e in tl.all(*WAITING_EVENTS):
        kind = WAITING_EVENTS[e.type]
        missing = [] if kind != "parts" else [d for d in PARTS_DETAILS if not getattr(e, d)]
        facts.append(Fact("waiting", {"kind": kind, "complete": not missing}, display={
            "at": fmt(e.at), "part": e.part or "—", "ordered_on": fmt(e.ordered_on),
            "missing_zh": "、".join(PARTS_DETAILS[m].zh for m in missing),
            "missing_en": " and ".join(PARTS_DETAILS[m].en for m in missing)}, evidence=(evidence_of(i, e),)))
    return facts
