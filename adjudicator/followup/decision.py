"""The follow-up decision: every duty a log gave rise to, with its due time, status and citation; the customers
the rates count over; a value that can be serialised, compared, stored and replayed."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from ..core.output_format import format_version_field
from ..core.text import Citation, Localized, NoteOut, Out
from .vocabulary import CALL_URGENCY, CAR_USE, CUSTOMER_TYPE, DEADLINE_STATUS, DUTY, POPULATION, ROLE


class FollowupDuty(Out):
    code: DUTY.literal  # type: ignore[valid-type]
    name: Localized
    rule_id: str
    cites: str = Field(description='the short citation, e.g. REVISIT §3 售后客户')
    citation: Citation
    vin: str
    customer: str
    customer_type: CUSTOMER_TYPE.literal  # type: ignore[valid-type]
    car_use: CAR_USE.literal  # type: ignore[valid-type]
    role: ROLE.literal  # type: ignore[valid-type]
    by: str | None = Field(None, description="who did or recorded the event that gave rise to the duty")
    start: datetime
    opens: datetime = Field(description="from when the duty may be done")
    due: datetime
    done_at: datetime | None
    status: DEADLINE_STATUS.literal  # type: ignore[valid-type]
    attempts: int = Field(description="calls or reminders logged for it (any outcome)")
    reached: bool = Field(description="a call for it reached the customer")
    complaint: str | None = None
    explanation: Localized
    evidence: list[str] = Field(default_factory=list)


class PopulationMember(Out):
    """A workshop visit or a delivery: what the revisit rates count over, whether a rule imposes a call or not."""

    population: POPULATION.literal  # type: ignore[valid-type]
    vin: str
    at: datetime
    customer_type: CUSTOMER_TYPE.literal  # type: ignore[valid-type]
    car_use: CAR_USE.literal  # type: ignore[valid-type]
    by: str | None = None
    due: datetime = Field(description="when its call falls due (a delivery: the last of its calls)")
    revisited: bool = Field(description="a call for it was answered (reached, or the customer refused)")


class FollowupDecision(Out):
    format_version: str = format_version_field()
    dealer: str
    period_from: date
    period_to: date
    as_of: datetime
    duties: list[FollowupDuty] = Field(default_factory=list)
    population: list[PopulationMember] = Field(default_factory=list)
    status_counts: dict[str, int] = Field(default_factory=dict)
    warnings: list[NoteOut] = Field(default_factory=list)
    profile: str
    profile_name: Localized
    rulebook: str = Field(description="profile id and a digest of the rule and profile files used")
    evaluator: Literal["durable_rules", "python"]


class CallItem(Out):
    """One line of a day's call list."""

    urgency: CALL_URGENCY.literal  # type: ignore[valid-type]
    duty: FollowupDuty


class CallList(Out):
    dealer: str
    day: date
    calls: list[CallItem] = Field(default_factory=list)


__all__ = ["FollowupDuty", "PopulationMember", "FollowupDecision", "CallItem", "CallList"]
