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

from ..core.inputs import MAX_ID, MAX_TEXT, IsoDate, StrictModel, iso_moment
from ..core.problems import invalid
from .vocabulary import CASE_TYPE, CATEGORY, CHANNEL, DEPARTMENT, EVENT_TYPE

Channel = CHANNEL.literal
CaseType = CASE_TYPE.literal
Category = CATEGORY.literal
Department = DEPARTMENT.literal
EventType = EVENT_TYPE.literal
EVENT_TYPES: tuple[str, ...] = EVENT_TYPE.codes
CHANNELS: tuple[str, ...] = CHANNEL.codes
CASE_TYPES: tuple[str, ...] = CASE_TYPE.codes
CATEGORIES: tuple[str, ...] = CATEGORY.codes


def _moment(value: Any) -> datetime:
    """A date-time (a bare date is refused: a 2-hour limit needs the hour). No zone: China time."""
    parsed = iso_moment(value)
    if not isinstance(parsed, datetime):
        raise invalid("应为日期时间（YYYY-MM-DDTHH:MM[:SS][+08:00]），而不是日期",
                      "expected a date-time (YYYY-MM-DDTHH:MM[:SS][+08:00]), got a date")
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
    department: Department | None = Field(
        None, description="the department handling it (FAW-CRM weekly summary by department); absent: unspecified")
    signed_by: Annotated[str, Field(min_length=1, max_length=MAX_ID)] | None = Field(
        None, description="the person responsible who signed the complaint record (FAW-CRM ch.2 item 9)")
    signed_at: Moment | None = Field(None, description="when the person responsible signed the record")
    events: list[Event] = Field(default_factory=list, max_length=1000)
    as_of: Moment | None = None

    @model_validator(mode="after")
    def _timeline_is_possible(self) -> Complaint:
        received = self.received_at
        if self.time_limit_at is not None and self.time_limit_at < received:
            raise invalid(f"time_limit_at: {self.time_limit_at.isoformat()} 早于受理时间 {received.isoformat()}",
                          f"time_limit_at: {self.time_limit_at.isoformat()} is before received_at "
                          f"{received.isoformat()}")
        if self.as_of is not None and self.as_of < received:
            raise invalid(f"as_of: {self.as_of.isoformat()} 早于受理时间 {received.isoformat()}",
                          f"as_of: {self.as_of.isoformat()} is before received_at {received.isoformat()}")
        closed_at: int | None = None
        for i, e in enumerate(self.events):
            if e.at < received:
                raise invalid(f"events[{i}].at: {e.at.isoformat()} 早于投诉受理时间（{received.isoformat()}）",
                              f"events[{i}].at: {e.at.isoformat()} is before the complaint was received "
                              f"({received.isoformat()})")
            if i and e.at < self.events[i - 1].at:
                raise invalid(f"events[{i}].at: {e.at.isoformat()} 早于 events[{i - 1}].at"
                              f"（{self.events[i - 1].at.isoformat()}）；事件应按时间顺序排列",
                              f"events[{i}].at: {e.at.isoformat()} is earlier than events[{i - 1}].at "
                              f"({self.events[i - 1].at.isoformat()}); events must be in time order")
            if self.as_of is not None and e.at > self.as_of:
                raise invalid(f"events[{i}].at: {e.at.isoformat()} 晚于判断时间（{self.as_of.isoformat()}）",
                              f"events[{i}].at: {e.at.isoformat()} is after as_of ({self.as_of.isoformat()})")
            if e.type == "closed":
                if closed_at is not None:
                    raise invalid(f"events[{i}].type: 投诉第二次关闭（已在 events[{closed_at}] 关闭）",
                                  f"events[{i}].type: the complaint is closed a second time "
                                  f"(already closed at events[{closed_at}])")
                closed_at = i
            if e.type != "waiting_parts" and (e.part is not None or e.ordered_on is not None):
                raise invalid(f"events[{i}].part: 只有等待配件（waiting_parts）事件才写配件和订货日期",
                              f"events[{i}].part: only a waiting_parts event names a part and an order date")
            if e.ordered_on is not None and e.ordered_on > e.at.date():
                raise invalid(f"events[{i}].ordered_on: 订货日期 {e.ordered_on} 晚于事件本身（{e.at.date()}）",
                              f"events[{i}].ordered_on: {e.ordered_on} is after the event itself ({e.at.date()})")
        if self.signed_at is not None:
            if self.signed_by is None:
                raise invalid("signed_at: 有签字时间却没有签字人（signed_by）",
                              "signed_at: a signing time without signed_by (who signed)")
            if self.signed_at < received:
                raise invalid(f"signed_at: {self.signed_at.isoformat()} 早于受理时间 {received.isoformat()}",
                              f"signed_at: {self.signed_at.isoformat()} is before received_at {received.isoformat()}")
            if self.as_of is not None and self.signed_at > self.as_of:
                raise invalid(f"signed_at: {self.signed_at.isoformat()} 晚于判断时间（{self.as_of.isoformat()}）",
                              f"signed_at: {self.signed_at.isoformat()} is after as_of ({self.as_of.isoformat()})")
        return self


__all__ = ["Complaint", "Event", "Moment", "Department", "EVENT_TYPES", "CHANNELS", "CASE_TYPES", "CATEGORIES"]
