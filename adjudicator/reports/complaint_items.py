"""What the complaint rates count, read from complaint decisions: a closed complaint is solved at the first attempt
when it never needed escalating (no escalation recorded or required, and none of the deadlines whose running out
requires one, E1-E3, was missed); it is handled on time and to standard when no deadline was missed or overdue, a
closure condition holds, the record is complete (the decision's may_close) and, where the profile asks for it
(FAW-CRM ch.2 item 9), signed by the person responsible. An open complaint is an open item,
overdue when a deadline ran out."""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from ..complaints.decision import ComplaintDecision
from ..complaints.rulebook import builtin_profile, compiled_complaints
from ..followup.rates import NO_STAFF, Counted, OpenItem

LATE = ("missed", "overdue")
SIGNATURE_RULE = "c.record_signed"      # fires on a closed record without the responsible person's signature


@cache
def escalating_deadlines() -> frozenset[str]:
    """The deadlines the complaint rule book's escalation rules read (E1: the handling limits, E2: the VRT
    solution, E3: the handling plan): a complaint that missed one needed escalating."""
    rules = compiled_complaints(builtin_profile("default")).rules
    return frozenset(v for r in rules if r.kind == "escalation" for variant in r.variants for p in variant.patterns
                     for c in p.conditions if (c.fact, c.field) == ("deadline", "code")
                     for v in (c.value if isinstance(c.value, tuple) else (c.value,)))


def complaint_counted(d: ComplaintDecision, dealer: str, staff: str) -> Iterator[Counted]:
    if d.closed_at is None:
        return
    escalated = bool(d.escalations) or any(x.code in escalating_deadlines() and x.status in LATE for x in d.deadlines)
    yield Counted("complaint_first_time", d.closed_at, dealer, staff, not escalated)
    on_time = not any(x.status in LATE for x in d.deadlines)
    signed = SIGNATURE_RULE not in d.fired_ids()      # a profile without the rule does not ask for a signature
    yield Counted("complaint_on_time", d.closed_at, dealer, staff, on_time and d.may_close and signed)


def complaint_open(d: ComplaintDecision, dealer: str, staff: str) -> Iterator[OpenItem]:
    if d.closed_at is None:
        yield OpenItem(d.received_at, dealer, staff, d.urgency == "overdue")


__all__ = ["complaint_counted", "complaint_open", "NO_STAFF"]
