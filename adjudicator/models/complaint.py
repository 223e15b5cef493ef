"""Complaint cases (input) and complaint decisions (output).

Input: one case as the carmaker's complaint system records it: intake channel, classification, the time it was
received and a timeline of events. Times without a zone are China time. A timeline that cannot have happened
(an event before the receipt, after the decision time, out of order, a second closure) is an input error that
names the field.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from .common import MAX_ID, MAX_TEXT, IsoDate, StrictModel, _iso_moment
from .decision import Citation, Localized, NoteOut, Out

Channel = Literal["carmaker_wechat", "carmaker_hotline", "letter_email", "dealer", "media", "institution", "other"]
CaseType = Literal["service_request", "grievance", "complaint", "crisis", "general"]
Category = Literal["quality", "sales", "service", "parts", "other"]
EventType = Literal[
    "customer_contacted", "feedback_logged", "progress_logged", "oem_assistance_requested", "vrt_started",
    "vrt_solution", "handling_plan_made", "customer_accepted_plan", "plan_completed", "plan_deferred_agreed",
    "customer_withdrew", "demand_rejected_with_reply", "waiting_technical_conclusion", "waiting_parts",
    "escalated", "closure_requested", "closed", "revisited", "arbitration_filed", "lawsuit_filed", "media_crisis",
    "reported_to_carmaker", "legal_involved", "marketing_involved",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
CHANNELS: tuple[str, ...] = Channel.__args__  # type: ignore[attr-defined]
CASE_TYPES: tuple[str, ...] = CaseType.__args__  # type: ignore[attr-defined]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


def _moment(value: Any) -> datetime:
    """A date-time (a bare date is refused: a 2-hour limit needs the hour). No zone: China time."""
    parsed = _iso_moment(value)
    if not isinstance(parsed, datetime):
        raise ValueError("expected a date-time (YYYY-MM-DDTHH:MM[:SS][+08:00]), got a date")
    return parsed


Moment = Annotated[datetime, BeforeValidator(_moment)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class Event(StrictModel):
    at: Moment
    type: EventType
    note: Text | None = None
    by: Annotated[str, Field(max_length=MAX_ID)] | None = Field(None, description="who recorded or did it")
    part: Text | None = Field(None, description="waiting_parts: the missing part's name")
    ordered_on: IsoDate | None = Field(None, description="waiting_parts: the date the part was ordered")


class Complaint(StrictModel):
    id: Annotated[str, Field(min_length=1, max_length=MAX_ID)]
    channel: Channel
    case_type: CaseType
    category: Category
    received_at: Moment
    vin: Annotated[str, Field(pattern=r"^[A-HJ-NPR-Z0-9]{17}$")] | None = None
    time_limit_at: Moment | None = Field(None, description="the time limit the complaint specialist set (CS-CMS)")
    severity: Literal["normal", "major"] = Field("normal", description="major: a major product/quality/service case")
    assistance_needed: bool = Field(False, description="the dealer needs the carmaker's assistance")
    events: list[Event] = Field(default_factory=list, max_length=1000)
    as_of: Moment | None = None

    @model_validator(mode="after")
    def _timeline_is_possible(self) -> Complaint:
        received = self.received_at
        if self.time_limit_at is not None and self.time_limit_at < received:
            raise ValueError(f"time_limit_at: {self.time_limit_at.isoformat()} is before received_at "
                             f"{received.isoformat()}")
        if self.as_of is not None and self.as_of < received:
            raise ValueError(f"as_of: {self.as_of.isoformat()} is before received_at {received.isoformat()}")
        closed_at: int | None = None
        for i, e in enumerate(self.events):
            if e.at < received:
                raise ValueError(f"events[{i}].at: {e.at.isoformat()} is before the complaint was received "
                                 f"({received.isoformat()})")
            if i and e.at < self.events[i - 1].at:
                raise ValueError(f"events[{i}].at: {e.at.isoformat()} is earlier than events[{i - 1}].at "
                                 f"({self.events[i - 1].at.isoformat()}); events must be in time order")
            if self.as_of is not None and e.at > self.as_of:
                raise ValueError(f"events[{i}].at: {e.at.isoformat()} is after as_of ({self.as_of.isoformat()})")
            if e.type == "closed":
                if closed_at is not None:
                    raise ValueError(f"events[{i}].type: the complaint is closed a second time "
                                     f"(already closed at events[{closed_at}])")
                closed_at = i
            if e.type != "waiting_parts" and (e.part is not None or e.ordered_on is not None):
                raise ValueError(f"events[{i}].part: only a waiting_parts event names a part and an order date")
            if e.ordered_on is not None and e.ordered_on > e.at.date():
                raise ValueError(f"events[{i}].ordered_on: {e.ordered_on} is after the event itself ({e.at.date()})")
        return self


# ---------------------------------------------------------------- the decision

DeadlineCode = Literal["first_contact", "assistance_request", "first_feedback", "progress", "resolution",
                       "general_close", "time_limit", "revisit", "vrt_solution", "handling_plan"]
DEADLINE_CODES: tuple[str, ...] = DeadlineCode.__args__  # type: ignore[attr-defined]
DeadlineStatus = Literal["met", "missed", "running", "overdue", "exempt"]
ComplaintRuleKind = Literal["closure", "closure_block", "deadline", "escalation", "action", "notice"]


class ComplaintCitation(Out):
    cites: str = Field(description='the short citation, e.g. CS-CMS "投诉关闭条件"')
    citation: Citation


class FiredComplaintRule(Out):
    rule_id: str
    kind: ComplaintRuleKind
    title: Localized
    cites: str
    citation: Citation
    explanation: Localized
    evidence: list[str] = Field(default_factory=list, description="the events (index and time) behind the facts used")
    values: dict[str, object] = Field(default_factory=dict)


class ClosureCondition(Out):
    code: Literal["C1", "C2", "C3", "C4"]
    rule_id: str
    cites: str
    explanation: Localized


class MissingForClosure(Out):
    code: str = Field(description="C1..C4: what that condition still needs; record: the record is incomplete")
    rule_id: str
    cites: str
    text: Localized


class ComplaintDeadline(Out):
    code: DeadlineCode
    name: Localized
    rule_id: str
    cites: str
    start: datetime
    due: datetime
    shifted_from: datetime | None = Field(None, description="the due time before the statutory-holiday shift")
    met_at: datetime | None
    status: DeadlineStatus
    exception: Localized | None = None
    hours_left: float | None = Field(None, description="hours from as_of to the due time while running or overdue")
    explanation: Localized


class Escalation(Out):
    code: Literal["E1", "E2", "E3"]
    rule_id: str
    cites: str
    trigger: Localized
    escalated_at: datetime | None = None


class NextAction(Out):
    code: str
    text: Localized
    due: datetime | None = None
    overdue: bool = False
    rule_id: str | None = None
    cites: str | None = None


class ComplaintDecision(Out):
    id: str
    vin: str | None
    as_of: datetime
    channel: Channel
    case_type: CaseType
    category: Category
    received_at: datetime
    closed_at: datetime | None
    may_close: bool
    closure_conditions: list[ClosureCondition] = Field(default_factory=list)
    missing_for_closure: list[MissingForClosure] = Field(default_factory=list)
    deadlines: list[ComplaintDeadline] = Field(default_factory=list)
    escalations: list[Escalation] = Field(default_factory=list)
    next_actions: list[NextAction] = Field(default_factory=list)
    warnings: list[NoteOut] = Field(default_factory=list)
    fired: list[FiredComplaintRule] = Field(default_factory=list)
    urgency: Literal["overdue", "due_today", "escalation", "open", "closed"]
    profile: str
    profile_name: Localized
    rulebook: str = Field(description="profile id and a digest of the rule and profile files used")
    evaluator: Literal["durable_rules", "python"]

    def fired_ids(self) -> list[str]:
        return [f.rule_id for f in self.fired]


__all__ = ["Complaint", "Event", "ComplaintDecision", "ComplaintDeadline", "Escalation", "NextAction",
           "FiredComplaintRule", "ClosureCondition", "MissingForClosure"]
