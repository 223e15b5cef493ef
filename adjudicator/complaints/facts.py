"""Complaint facts: a case timeline becomes the measures the complaint rules talk about.

Pure functions. Every deadline is computed here from the policy profile's parameters (hours, working days,
which deadlines move out of a statutory holiday) and the official working-day calendar; the rules only compare
the results (status, exception, hours left) with constants and parameters. Every fact keeps the events it came
from as evidence ("events[i]@time").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from ..core.calendar import WorkingDayCalendar
from ..core.facts import Fact, Note
from ..core.inputs import CHINA_TZ
from ..core.rulebook import CompiledRuleset
from ..core.text import Localized
from .models import Complaint, Event
from .vocabulary import CATEGORY, DEADLINE, DEADLINE_STATUS, EXCEPTION

FEEDBACK_TYPES = ("feedback_logged", "progress_logged", "waiting_technical_conclusion", "waiting_parts")
RESULT_TYPES = ("customer_withdrew", "plan_completed", "plan_deferred_agreed", "demand_rejected_with_reply")
CLOSING_TYPES = ("closure_requested", "closed")
# What counts as a record of the handling in the system (first feedback, progress every 48 hours).
RECORD_TYPES = FEEDBACK_TYPES + ("handling_plan_made", "customer_accepted_plan", "plan_completed",
                                 "plan_deferred_agreed", "customer_withdrew", "demand_rejected_with_reply",
                                 "vrt_solution", "closure_requested")

NOT_YET = Localized(zh="未", en="not yet")
DEADLINE_NAMES: dict[str, Localized] = DEADLINE.names()
STATUS_NAMES: dict[str, Localized] = DEADLINE_STATUS.names()
END_OF_DAY = time(23, 59, 59)


def fmt(moment: datetime | date | None, lang: str = "zh") -> str:
    if moment is None:
        return "无" if lang == "zh" else "none"
    if isinstance(moment, datetime):
        m = moment.astimezone(CHINA_TZ)
        return m.strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def ev(i: int, e: Event) -> str:
    return f"events[{i}]@{fmt(e.at)}"


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


@dataclass
class ComplaintFacts:
    facts: list[Fact]
    deadlines: list[DeadlineInfo]                      # index-aligned with the deadline facts, in order
    deadline_fact_index: dict[int, DeadlineInfo]
    warnings: list[Note] = field(default_factory=list)
    closed_at: datetime | None = None
    escalated: list[datetime] = field(default_factory=list)
    done: dict[str, datetime] = field(default_factory=dict)   # involvement/report events already recorded


class _Timeline:
    def __init__(self, c: Complaint):
        self.c = c
        self.events = list(enumerate(c.events))

    def first(self, *types: str, after: datetime | None = None) -> tuple[int, Event] | None:
        for i, e in self.events:
            if e.type in types and (after is None or e.at >= after):
                return i, e
        return None

    def all(self, *types: str) -> list[tuple[int, Event]]:
        return [(i, e) for i, e in self.events if e.type in types]


def _status(due: datetime, met: datetime | None, as_of: datetime) -> str:
    if met is not None:
        return "met" if met <= due else "missed"
    return "overdue" if as_of > due else "running"


def build(c: Complaint, rules: CompiledRuleset, as_of: datetime, calendar: WorkingDayCalendar) -> ComplaintFacts:
    P = rules.param
    wanted = {r.spec.conclusion.deadline for r in rules.rules if r.spec.conclusion.deadline}
    shift_codes = set(P("holiday_shift_deadlines"))
    tl = _Timeline(c)
    warnings: list[Note] = []
    seen_notes: set[str] = set()

    def note_calendar(n: Localized | None) -> None:
        if n is not None and n.en not in seen_notes:
            seen_notes.add(n.en)
            warnings.append(Note("calendar_not_covered", n, "calendar"))

    def shifted(code: str, due: datetime) -> tuple[datetime, datetime | None]:
        day = due.astimezone(CHINA_TZ).date()
        if code not in shift_codes:
            return due, None
        new_day, n = calendar.holiday_shift(day)
        note_calendar(n)
        if new_day == day:
            return due, None
        return datetime.combine(new_day, END_OF_DAY, tzinfo=CHINA_TZ), due

    received = c.received_at
    closed = tl.first("closed")
    closed_at = closed[1].at if closed else None
    deadlines: list[DeadlineInfo] = []

    def make(code: str, start: datetime, due: datetime, met_ev: tuple[int, Event] | None, *evidence: str,
             shift: bool = True) -> DeadlineInfo:
        base = due
        due, shifted_from = shifted(code, base) if shift else (base, None)
        met = met_ev[1].at if met_ev else None
        return DeadlineInfo(code, start, due, met, _status(due, met, as_of), shifted_from,
                            evidence=tuple(dict.fromkeys([*evidence, *([ev(*met_ev)] if met_ev else [])])))

    def add(*args: Any, **kw: Any) -> DeadlineInfo:
        info = make(*args, **kw)
        deadlines.append(info)
        return info

    hours = lambda name: timedelta(hours=P(name))  # noqa: E731
    recv_ev = f"received_at@{fmt(received)}"
    # a case type has only its own limits: no "general case closure" warnings on a complaint, and the reverse
    if c.case_type not in P("general_case_types"):
        wanted.discard("general_close")
    if c.case_type not in P("resolution_case_types"):
        wanted -= {"resolution", "progress", "handling_plan", "revisit"}

    if "first_contact" in wanted:
        add("first_contact", received, received + hours("first_contact_hours"), tl.first("customer_contacted"),
            recv_ev)
    if "assistance_request" in wanted:
        asked = tl.first("oem_assistance_requested")
        if c.assistance_needed or asked:
            add("assistance_request", received, received + hours("assistance_request_hours"), asked, recv_ev)
    if "first_feedback" in wanted:
        add("first_feedback", received, received + hours("first_feedback_hours"), tl.first(*RECORD_TYPES), recv_ev)
    if "progress" in wanted:
        deadlines.extend(_progress(tl, received, closed, hours("progress_interval_hours"), make, recv_ev))
    closing = tl.first(*CLOSING_TYPES)
    if "resolution" in wanted:
        start_day = received.astimezone(CHINA_TZ).date()
        due_day, n = calendar.add_working_days(start_day, P("resolution_working_days"))
        note_calendar(n)
        due = datetime.combine(due_day, received.astimezone(CHINA_TZ).time(), tzinfo=CHINA_TZ)
        info = add("resolution", received, due, closing, recv_ev)
        if info.status in ("missed", "overdue"):
            _exception(tl, info, as_of)
    if "general_close" in wanted:
        add("general_close", received, received + hours("general_close_hours"), closed, recv_ev)
    if "time_limit" in wanted and c.time_limit_at is not None:
        add("time_limit", received, c.time_limit_at, closed, recv_ev)
    if "revisit" in wanted and closed is not None:
        day = closed_at.astimezone(CHINA_TZ).date() + timedelta(days=P("revisit_days"))
        due = datetime.combine(day, END_OF_DAY, tzinfo=CHINA_TZ)
        add("revisit", closed_at, due, tl.first("revisited", after=closed_at), ev(*closed))
    if "vrt_solution" in wanted:
        started = tl.first("vrt_started")
        if started:
            add("vrt_solution", started[1].at, started[1].at + hours("vrt_solution_hours"),
                tl.first("vrt_solution", after=started[1].at), ev(*started))
    if "handling_plan" in wanted and not tl.first("customer_withdrew", "demand_rejected_with_reply"):
        add("handling_plan", received, received + hours("handling_plan_hours"),
            tl.first("handling_plan_made", "customer_accepted_plan"), recv_ev)

    facts: list[Fact] = []
    reported = tl.first("reported_to_carmaker")
    facts.append(Fact("complaint", {
        "channel": c.channel, "case_type": c.case_type, "category": c.category, "major": c.severity == "major",
        "closed": closed is not None, "vrt_started": tl.first("vrt_started") is not None,
        "has_time_limit": c.time_limit_at is not None,
    }, display={"id": c.id, "vin": c.vin or "—", "received": fmt(received), "category_zh": CATEGORY.zh(c.category),
                "reported_at": fmt(reported[1].at) if reported else Localized(zh="未报告", en="not yet")},
        evidence=(recv_ev,)))
    facts.append(_closure(tl, closed))
    index: dict[int, DeadlineInfo] = {}
    for d in deadlines:
        if d.status in ("running", "overdue"):
            d.hours_left = round((d.due - as_of).total_seconds() / 3600, 2)
        index[len(facts)] = d
        facts.append(_deadline_fact(d, as_of))
    for i, e in tl.all("waiting_technical_conclusion", "waiting_parts"):
        missing = [] if e.type != "waiting_parts" else [
            x for x, ok in (("part", bool(e.part)), ("ordered_on", e.ordered_on is not None)) if not ok]
        facts.append(Fact("waiting", {
            "kind": "technical" if e.type == "waiting_technical_conclusion" else "parts",
            "complete": not missing,
        }, display={"at": fmt(e.at), "part": e.part or "—", "ordered_on": fmt(e.ordered_on),
                    "missing_zh": "、".join({"part": "所缺备件名称", "ordered_on": "订货日期"}[m] for m in missing),
                    "missing_en": " and ".join({"part": "the part's name", "ordered_on": "its order date"}[m]
                                               for m in missing)},
            evidence=(ev(i, e),)))
    inv = {k: tl.first(t) for k, t in (("arbitration", "arbitration_filed"), ("lawsuit", "lawsuit_filed"),
                                        ("media_crisis", "media_crisis"), ("legal", "legal_involved"),
                                        ("marketing", "marketing_involved"))}
    facts.append(Fact("involvement", {**{k: inv[k] is not None for k in ("arbitration", "lawsuit", "media_crisis")},
                                      "case_type": c.case_type},
                      display={"arbitration_at": fmt(inv["arbitration"][1].at) if inv["arbitration"] else "—",
                               "lawsuit_at": fmt(inv["lawsuit"][1].at) if inv["lawsuit"] else "—",
                               "media_at": fmt(inv["media_crisis"][1].at) if inv["media_crisis"] else "—",
                               "legal_at": fmt(inv["legal"][1].at) if inv["legal"] else NOT_YET,
                               "marketing_at": fmt(inv["marketing"][1].at) if inv["marketing"] else NOT_YET},
                      evidence=tuple(ev(*x) for x in inv.values() if x)))
    done = {k: x[1].at for k, x in (("involve_legal", inv["legal"]), ("involve_marketing", inv["marketing"]),
                                     ("report_to_carmaker", reported), ("start_vrt", tl.first("vrt_started")))
            if x}
    return ComplaintFacts(facts, deadlines, index, warnings, closed_at,
                          [e.at for _, e in tl.all("escalated")], done)


def _progress(tl: _Timeline, received: datetime, closed: tuple[int, Event] | None, gap: timedelta,
              make: Any, recv_ev: str) -> list[DeadlineInfo]:
    """Progress records while open: each within `gap` of the one before (the first, of the receipt). Reports the
    first missed interval (or, without a miss, the last completed one) and the interval running now, if open."""
    end = closed[1].at if closed else None
    prev, prev_ev = received, recv_ev
    missed: DeadlineInfo | None = None
    last: DeadlineInfo | None = None
    for i, e in tl.all(*RECORD_TYPES):
        if end is not None and e.at > end:
            break
        last = make("progress", prev, prev + gap, (i, e), prev_ev)
        if last.status == "missed" and missed is None:
            missed = last
        prev, prev_ev = e.at, ev(i, e)
    if end is None:
        return [x for x in (missed or last, make("progress", prev, prev + gap, None, prev_ev)) if x]
    if end > prev:
        last = make("progress", prev, prev + gap, closed, prev_ev)
        if last.status == "missed" and missed is None:
            missed = last
    return [missed] if missed else [last] if last else []


def _exception(tl: _Timeline, info: DeadlineInfo, as_of: datetime) -> None:
    """Waiting for a technical conclusion, or for parts named with their order date, recorded before the limit
    ran out: the working-day limit does not apply (DFP-COURSE)."""
    for i, e in tl.all("waiting_technical_conclusion", "waiting_parts"):
        if e.at > info.due:
            break
        if e.type == "waiting_parts" and not (e.part and e.ordered_on):
            continue
        info.exception = "waiting_technical" if e.type == "waiting_technical_conclusion" else "waiting_parts"
        info.exception_at = e.at
        info.status = "exempt"
        info.evidence = (*info.evidence, ev(i, e))
        return


def exception_texts(code: str) -> tuple[Localized, Localized]:
    """A waiting exception as a clause after the deadline's status, and as a short label."""
    if code == "none":
        return Localized(zh="", en=""), Localized(zh="—", en="—")
    name = EXCEPTION.name_of(code)
    return Localized(zh=f"（{name.zh}，不受此时限约束）", en=f" ({name.en}: limit suspended)"), name


def _deadline_fact(d: DeadlineInfo, as_of: datetime) -> Fact:
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


def _closure(tl: _Timeline, closed: tuple[int, Event] | None) -> Fact:
    got = {k: tl.first(t) for k, t in (("withdrew", "customer_withdrew"), ("accepted", "customer_accepted_plan"),
                                        ("completed", "plan_completed"), ("deferred", "plan_deferred_agreed"),
                                        ("rejected", "demand_rejected_with_reply"))}
    records = tl.all(*RECORD_TYPES)
    noted = [(i, e) for i, e in records if e.note and e.note.strip()]
    fields = {
        "withdrew": got["withdrew"] is not None,
        "plan_accepted": got["accepted"] is not None,
        "plan_completed": got["completed"] is not None,
        "deferred_agreed": got["deferred"] is not None,
        "demand_rejected": got["rejected"] is not None,
        "result_recorded": any(got[k] is not None for k in ("withdrew", "completed", "deferred", "rejected")),
        "record_complete": bool(noted),
        "closed": closed is not None,
        "records": len(records),
        "noted_records": len(noted),
    }
    display = {f"{k}_at": fmt(v[1].at) if v else "—" for k, v in got.items()}
    display["closed_at"] = fmt(closed[1].at) if closed else "—"
    evidence = [ev(*v) for v in got.values() if v] + [ev(*x) for x in noted[:3]]
    return Fact("closure", fields, display=display, evidence=tuple(evidence))
