"""Complaint deadlines measured on a timeline, as rules/complaints/deadlines.yaml defines them.

Each definition says when the deadline arises, when it starts, how its due time is computed from a profile
parameter (hours, working days on the official calendar, calendar days to the end of the day) or read from the
case, and which events meet it. This module only carries the definitions out; it knows no deadline by name.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from ...core.calendar import WorkingDayCalendar
from ...core.facts import Fact
from ...core.inputs import CHINA_TZ
from ...core.text import Localized
from ..deadline_specs import INPUT_FLAGS, START_OF_CASE, DeadlineBook, DeadlineSpec
from ..vocabulary import DEADLINE, DEADLINE_STATUS, EXCEPTION
from .timeline import IndexedEvent, Timeline, evidence_of, fmt

END_OF_DAY = time(23, 59, 59)
CLOSED = "closed"            # the event that ends the case: a repeating deadline runs until it
NOT_YET = Localized(zh="未", en="not yet")
DEADLINE_NAMES: dict[str, Localized] = DEADLINE.names()
STATUS_NAMES: dict[str, Localized] = DEADLINE_STATUS.names()


@dataclass
class DeadlineInfo:
    code: str
    start: datetime
    due: datetime
    met: datetime | None
    status: str
    shifted_from: datetime | None = None
    exception: str = "none"
    exception_at: datetime | None = None
    hours_left: float | None = None
    evidence: tuple[str, ...] = ()


def status_of(due: datetime, met: datetime | None, as_of: datetime) -> str:
    if met is not None:
        return "met" if met <= due else "missed"
    return "overdue" if as_of > due else "running"


class DeadlineMeter:
    """Measures the deadlines of one case at one decision time under one profile's parameter values."""

    def __init__(self, timeline: Timeline, book: DeadlineBook, param: Callable[[str], Any], as_of: datetime,
                 calendar: WorkingDayCalendar, note_calendar: Callable[[Localized | None], None]):
        self.timeline, self.book, self.param, self.as_of = timeline, book, param, as_of
        self.calendar, self.note_calendar = calendar, note_calendar
        self.shift_codes = set(param("holiday_shift_deadlines"))

    def measure(self, wanted: Iterable[str]) -> list[DeadlineInfo]:
        """The deadlines that arise for this case, in the order of the definitions."""
        wanted = set(wanted)
        out: list[DeadlineInfo] = []
        for code, spec in self.book.deadlines.items():
            if code in wanted and self._arises(spec):
                out.extend(self._measure(code, spec))
        return out

    def _arises(self, spec: DeadlineSpec) -> bool:
        case = self.timeline.complaint
        if spec.case_types is not None and case.case_type not in self.param(spec.case_types):
            return False
        if spec.arises_if and not any(getattr(case, c) if c in INPUT_FLAGS else self.timeline.first(c)
                                      for c in spec.arises_if):
            return False
        return not (spec.unless and self.timeline.first(*spec.unless))

    def _measure(self, code: str, spec: DeadlineSpec) -> list[DeadlineInfo]:
        tl = self.timeline
        if spec.starts == START_OF_CASE:
            start, start_evidence = tl.complaint.received_at, tl.received_evidence
        else:
            started = tl.first(spec.starts)
            if started is None:
                return []
            start, start_evidence = started[1].at, evidence_of(*started)
        met_by = self.book.events_meeting(code)
        if spec.repeats:
            return self._repeating(code, spec, start, start_evidence, met_by)
        due = self._due(spec, start)
        if due is None:
            return []
        info = self._deadline(code, start, due, tl.first(*met_by, after=start), start_evidence)
        if spec.suspended_by and info.status in ("missed", "overdue"):
            self._suspend(info, spec)
        return [info]

    def _due(self, spec: DeadlineSpec, start: datetime) -> datetime | None:
        due = spec.due
        if due.kind == "input":
            return getattr(self.timeline.complaint, due.input or "")
        amount = self.param(due.parameter or "")
        if due.kind == "hours":
            return start + timedelta(hours=amount)
        local = start.astimezone(CHINA_TZ)
        if due.kind == "working_days":
            day, note = self.calendar.add_working_days(local.date(), amount)
            self.note_calendar(note)
            return datetime.combine(day, local.time(), tzinfo=CHINA_TZ)
        return datetime.combine(local.date() + timedelta(days=amount), END_OF_DAY, tzinfo=CHINA_TZ)

    def _deadline(self, code: str, start: datetime, due: datetime, met_event: IndexedEvent | None,
                  *evidence: str) -> DeadlineInfo:
        due, shifted_from = self._shifted(code, due)
        met = met_event[1].at if met_event else None
        met_evidence = [evidence_of(*met_event)] if met_event else []
        return DeadlineInfo(code, start, due, met, status_of(due, met, self.as_of), shifted_from,
                            evidence=tuple(dict.fromkeys([*evidence, *met_evidence])))

    def _shifted(self, code: str, due: datetime) -> tuple[datetime, datetime | None]:
        """A due time on a statutory holiday moves to the end of the first working day after it, for the
        deadlines the profile names."""
        if code not in self.shift_codes:
            return due, None
        day = due.astimezone(CHINA_TZ).date()
        new_day, note = self.calendar.holiday_shift(day)
        self.note_calendar(note)
        if new_day == day:
            return due, None
        return datetime.combine(new_day, END_OF_DAY, tzinfo=CHINA_TZ), due

    def _repeating(self, code: str, spec: DeadlineSpec, start: datetime, start_evidence: str,
                   met_by: tuple[str, ...]) -> list[DeadlineInfo]:
        """Records while open: each within the interval of the one before (the first, of the start). Reports the
        first missed interval (or, without a miss, the last completed one) and the interval running now, if open."""
        tl = self.timeline
        closed = tl.first(CLOSED)
        end = closed[1].at if closed else None
        interval = timedelta(hours=self.param(spec.due.parameter or ""))   # the file allows hours only here
        prev, prev_evidence = start, start_evidence
        missed: DeadlineInfo | None = None
        last: DeadlineInfo | None = None
        for i, e in tl.all(*met_by):
            if end is not None and e.at > end:
                break
            last = self._deadline(code, prev, prev + interval, (i, e), prev_evidence)
            if last.status == "missed" and missed is None:
                missed = last
            prev, prev_evidence = e.at, evidence_of(i, e)
        if end is None:
            return [x for x in (missed or last, self._deadline(code, prev, prev + interval, None, prev_evidence)) if x]
        if end > prev:
            last = self._deadline(code, prev, prev + interval, closed, prev_evidence)
            if last.status == "missed" and missed is None:
                missed = last
        return [missed] if missed else [last] if last else []

    def _suspend(self, info: DeadlineInfo, spec: DeadlineSpec) -> None:
        """An event of `suspended_by`, recorded before the limit ran out and naming what it must, suspends it."""
        by_event = {s.event: s for s in spec.suspended_by}
        for i, e in self.timeline.all(*by_event):
            if e.at > info.due:
                break
            rule = by_event[e.type]
            if not all(getattr(e, detail) for detail in rule.needs):
                continue
            info.exception, info.exception_at, info.status = rule.exception, e.at, "exempt"
            info.evidence = (*info.evidence, evidence_of(i, e))
            return


def exception_texts(code: str) -> tuple[Localized, Localized]:
    """A suspension as a clause after the deadline's status, and as a short label."""
    if code == "none":
        return Localized(zh="", en=""), Localized(zh="—", en="—")
    name = EXCEPTION.name_of(code)
    return Localized(zh=f"（{name.zh}，不受此时限约束）", en=f" ({name.en}: limit suspended)"), name


def deadline_fact(d: DeadlineInfo, as_of: datetime) -> Fact:
    fields: dict[str, Any] = {"code": d.code, "status": d.status, "exception": d.exception,
                              "shifted": d.shifted_from is not None,
                              "due_today": d.status == "running" and d.due.astimezone(CHINA_TZ).date() ==
                              as_of.astimezone(CHINA_TZ).date()}
    if d.hours_left is not None:
        fields["hours_left"] = float(d.hours_left)
    long, short = exception_texts(d.exception)
    name, status = DEADLINE_NAMES[d.code], STATUS_NAMES[d.status]
    return Fact("deadline", fields, display={
        "name_zh": name.zh, "name_en": name.en, "start": fmt(d.start), "due": fmt(d.due),
        "base_due": fmt(d.shifted_from) if d.shifted_from else fmt(d.due),
        "met": fmt(d.met) if d.met else NOT_YET, "status_zh": status.zh, "status_en": status.en,
        "exception_zh": long.zh, "exception_en": long.en, "exception_zh_short": short.zh,
        "exception_en_short": short.en, "exception_at": fmt(d.exception_at) if d.exception_at else "—",
        "as_of": fmt(as_of)}, evidence=d.evidence)
