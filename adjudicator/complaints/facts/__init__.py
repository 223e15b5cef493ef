"""Complaint facts: a case timeline becomes the measures the complaint rules talk about.

Pure functions, one module per topic: `deadlines` (every deadline as rules/complaints/deadlines.yaml defines it,
on the official working-day calendar), `closure` (closure conditions, the record of the handling, waiting
periods), `involvement` (arbitration, lawsuits, crises, departments). The rules only compare the results
(status, exception, hours left) with constants and parameters. Every fact keeps the events it came from as
evidence ("events[i]@time").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ...core.calendar import WorkingDayCalendar
from ...core.facts import Fact, Note
from ...core.rulebook import CompiledRuleset
from ...core.text import Localized
from ..deadline_specs import HANDLING_RECORDS, deadline_book
from ..models import Complaint
from ..vocabulary import CATEGORY
from .closure import closure_fact, waiting_facts
from .deadlines import (
    CLOSED,
    DEADLINE_NAMES,
    STATUS_NAMES,
    DeadlineInfo,
    DeadlineMeter,
    deadline_fact,
    exception_texts,
)
from .involvement import actions_done, involvement_fact
from .timeline import Timeline, fmt


@dataclass
class ComplaintFacts:
    facts: list[Fact]
    deadlines: list[DeadlineInfo]                      # in the order of the deadline facts
    deadline_fact_index: dict[int, DeadlineInfo]
    warnings: list[Note] = field(default_factory=list)
    closed_at: datetime | None = None
    escalated: list[datetime] = field(default_factory=list)
    done: dict[str, datetime] = field(default_factory=dict)   # involvement/report events already recorded


def build(c: Complaint, rules: CompiledRuleset, as_of: datetime, calendar: WorkingDayCalendar) -> ComplaintFacts:
    book = deadline_book()[0]
    tl = Timeline(c)
    warnings: list[Note] = []
    seen_notes: set[str] = set()

    def note_calendar(note: Localized | None) -> None:
        if note is not None and note.en not in seen_notes:
            seen_notes.add(note.en)
            warnings.append(Note("calendar_not_covered", note, "calendar"))

    wanted = {r.spec.conclusion.deadline for r in rules.rules if r.spec.conclusion.deadline}
    deadlines = DeadlineMeter(tl, book, rules.param, as_of, calendar, note_calendar).measure(wanted)
    closed = tl.first(CLOSED)
    reported = tl.first("reported_to_carmaker")
    facts: list[Fact] = [Fact("complaint", {
        "channel": c.channel, "case_type": c.case_type, "category": c.category, "major": c.severity == "major",
        "closed": closed is not None, "vrt_started": tl.first("vrt_started") is not None,
        "has_time_limit": c.time_limit_at is not None,
    }, display={"id": c.id, "vin": c.vin or "—", "received": fmt(c.received_at), "category_zh": CATEGORY.zh(c.category),
                "reported_at": fmt(reported[1].at) if reported else Localized(zh="未报告", en="not yet")},
        evidence=(tl.received_evidence,))]
    facts.append(closure_fact(tl, closed, book.group(HANDLING_RECORDS)))
    index: dict[int, DeadlineInfo] = {}
    for d in deadlines:
        if d.status in ("running", "overdue"):
            d.hours_left = round((d.due - as_of).total_seconds() / 3600, 2)
        index[len(facts)] = d
        facts.append(deadline_fact(d, as_of))
    facts.extend(waiting_facts(tl))
    facts.append(involvement_fact(tl))
    return ComplaintFacts(facts, deadlines, index, warnings, closed[1].at if closed else None,
                          [e.at for _, e in tl.all("escalated")], actions_done(tl))


__all__ = ["ComplaintFacts", "DeadlineInfo", "build", "fmt", "exception_texts", "DEADLINE_NAMES", "STATUS_NAMES"]
