"""Follow-up duties measured on a CRM log, as rules/followup/duties.yaml defines them.

Each definition says what gives rise to a duty, when it may be done and when it falls due (a window of calendar
days after its start, or a lead time before an anchor), and which log events do it. This module only carries the
definitions out; it knows no duty by name.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ...core.inputs import CHINA_TZ
from ...core.vocabulary import DEADLINE_STATUS
from ..calendar_days import DayCounter, china_day, end_of_day, start_of_day
from ..duty_specs import PERIOD_START, DutyBook, DutySpec
from ..models import PURPOSE_EVENTS
from .log_index import IndexedEvent, LogIndex, evidence_of

STATUSES = DEADLINE_STATUS.codes


@dataclass
class DutyInfo:
    code: str
    vin: str
    start: datetime
    opens: datetime
    due: datetime
    met: datetime | None
    status: str
    attempts: int = 0
    reached: bool = False
    by: str | None = None                 # who did or recorded the event that started it
    complaint: str | None = None
    anchor: date | datetime | None = None
    evidence: tuple[str, ...] = ()


def status_of(due: datetime, met: datetime | None, as_of: datetime) -> str:
    if met is not None:
        return "met" if met <= due else "missed"
    return "overdue" if as_of > due else "running"


@dataclass(frozen=True)
class _Start:
    at: datetime
    vin: str
    evidence: tuple[str, ...]
    event: Any = None                      # the log event that started it (None: the period's start)


class DutyMeter:
    """Measures the duties of one log at one decision time under one profile's parameter values."""

    def __init__(self, index: LogIndex, book: DutyBook, param: Callable[[str], Any], days: DayCounter):
        self.index, self.book, self.param, self.days = index, book, param, days
        self.as_of = index.as_of
        self.period_from = start_of_day(index.log.period.from_)
        self.period_to = end_of_day(index.log.period.to)

    def measure(self) -> dict[str, list[DutyInfo]]:
        """Every duty that arises, by code in the order of the definitions, each list by start."""
        measured: dict[str, list[DutyInfo]] = {}
        for code, spec in self.book.duties.items():
            if isinstance(spec.starts, str):
                measured[code] = self._measure(code, spec, self._starts(spec.starts))
        for code, spec in self.book.duties.items():
            if not isinstance(spec.starts, str):
                measured[code] = self._measure(code, spec, self._unreached(spec, measured[spec.starts.unreached]))
        return {code: measured[code] for code in self.book.duties}

    # ------------------------------------------------------------ what starts a duty

    def _starts(self, starts: str) -> list[_Start]:
        if starts == PERIOD_START:
            return [_Start(self.period_from, v.vin, (f"vehicle {v.vin}",)) for v in self.index.log.vehicles]
        return [_Start(e.at, e.vin, (evidence_of(i, e),), e) for i, e in self.index.of(starts)]

    def _unreached(self, spec: DutySpec, parents: list[DutyInfo]) -> list[_Start]:
        """The first unanswered call of each parent duty, when no call reached the customer within the days."""
        assert not isinstance(spec.starts, str)
        parent_spec = self.book.duties[spec.starts.unreached]
        for_days = self.param(spec.starts.for_days)
        out = []
        for p in parents:
            calls = self._events(parent_spec, p.code, p.vin, p.opens, self._next_start(parents, p))
            first = next(((i, e) for i, e in calls if e.outcome not in parent_spec.met_by.outcomes), None)
            if first is None:
                continue
            give_up = end_of_day(self.days.after(spec.starts.unreached, china_day(first[1].at), for_days - 1))
            answered = any(e.outcome in parent_spec.met_by.outcomes and e.at <= give_up for _, e in calls)
            if not answered and self.as_of > give_up:
                out.append(_Start(first[1].at, p.vin, (evidence_of(*first),), first[1]))
        return out

    # ------------------------------------------------------------ measuring

    def _measure(self, code: str, spec: DutySpec, starts: list[_Start]) -> list[DutyInfo]:
        timed = []
        for s in starts:
            window = self._window(code, spec, s)
            if window is not None:
                timed.append((s, *window))
        timed.sort(key=lambda x: (x[0].vin, x[0].at))
        out = []
        for k, (s, opens, due, anchor) in enumerate(timed):
            nxt = timed[k + 1][0] if k + 1 < len(timed) and timed[k + 1][0].vin == s.vin else None
            events = self._events(spec, code, s.vin, opens, nxt.at if nxt else None)
            counts = [(i, e) for i, e in events if not spec.met_by.outcomes or e.outcome in spec.met_by.outcomes]
            met = counts[0] if counts else None
            start_event = s.event
            out.append(DutyInfo(
                code, s.vin, s.at, opens, due, met[1].at if met else None,
                status_of(due, met[1].at if met else None, self.as_of), attempts=len(events),
                reached=any(e.outcome == "reached" for _, e in events),
                by=start_event.by if start_event is not None else None,
                complaint=start_event.complaint if start_event is not None else None, anchor=anchor,
                evidence=(*s.evidence, *(evidence_of(i, e) for i, e in events[:3]))))
        out.sort(key=lambda d: (d.start, d.vin))
        return out

    def _window(self, code: str, spec: DutySpec, s: _Start) -> tuple[datetime, datetime, Any] | None:
        """(opens, due, anchor) of a duty, or None when it does not arise."""
        day = china_day(s.at)
        if spec.due.window is not None:
            w = spec.due.window
            opens = s.at if w.first_day is None else max(s.at, start_of_day(
                self.days.after(code, day, self.param(w.first_day))))
            due, anchor = end_of_day(self.days.after(code, day, self.param(w.last_day))), None
        else:
            b = spec.due.before
            assert b is not None
            anchor = self._anchor(b.anchor, s)
            if anchor is None:
                return None
            if b.hours is not None:
                due = anchor - timedelta(hours=self.param(b.hours))
            elif isinstance(anchor, datetime):
                back = self.days.before(code, china_day(anchor), self.param(b.days or ""))
                due = datetime.combine(back, anchor.astimezone(CHINA_TZ).time(), tzinfo=CHINA_TZ)
            else:
                due = end_of_day(self.days.before(code, anchor, self.param(b.days or "")))
            opens = s.at
        if due < s.at or due < self.period_from:
            return None                        # too late to do, or history before the log's period
        if spec.starts == PERIOD_START and due > self.period_to:
            return None                        # a later period's duty
        return opens, due, anchor

    def _anchor(self, anchor: str, s: _Start) -> date | datetime | None:
        if anchor == "appointment_at":
            return s.event.appointment_at if s.event is not None else None
        vehicle = self.index.vehicles[s.vin]
        if anchor == "insurance_expires_on":
            return vehicle.insurance_expires_on
        days = self.param(self.book.first_service_days[vehicle.use])
        return china_day(s.at) + timedelta(days=days)

    def _events(self, spec: DutySpec, code: str, vin: str, opens: datetime,
                until: datetime | None) -> list[IndexedEvent]:
        """The events doing this duty on this vehicle from when it may be done until the next such duty starts."""
        purpose = code if spec.met_by.event in PURPOSE_EVENTS else None
        return [(i, e) for i, e in self.index.of(spec.met_by.event, vin, purpose)
                if e.at >= opens and (until is None or e.at < until)]

    @staticmethod
    def _next_start(duties: list[DutyInfo], d: DutyInfo) -> datetime | None:
        later = [x.start for x in duties if x.vin == d.vin and x.start > d.start]
        return min(later) if later else None


__all__ = ["DutyInfo", "DutyMeter", "status_of", "STATUSES"]
