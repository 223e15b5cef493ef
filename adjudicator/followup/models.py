"""A dealer's CRM log (input): its customers, their vehicles and a time-ordered list of events.

The log covers a period (`period.from`..`period.to`); events before it are history that may still give rise to a
duty due inside it (a delivery last month, a first-service reminder this month). Times without a zone are China
time. A log that cannot have happened (an event on an unknown vehicle, out of order, after the decision time, a
revisit without its outcome) is an input error naming the field, in English and in Chinese.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from ..core.inputs import MAX_ID, MAX_TEXT, IsoDate, StrictModel, iso_moment
from ..core.problems import invalid
from .calendar_days import end_of_day
from .vocabulary import CAR_USE, CUSTOMER_TYPE, DUTY, EVENT_TYPE, OUTCOME

Id = Annotated[str, Field(min_length=1, max_length=MAX_ID)]
Vin = Annotated[str, Field(pattern=r"^[A-HJ-NPR-Z0-9]{17}$")]
MAX_EVENTS = 200_000
# which event records the doing of which duties: a revisit call, a reminder, a handover (see duties.yaml)
CALL_DUTIES = ("after_sales_revisit", "complaint_revisit", "delivery_day_call", "delivery_specialist_call",
               "delivery_week_call")
REMINDER_DUTIES = ("first_service_reminder", "service_reminder_week", "service_reminder_day",
                   "service_reminder_hour", "insurance_reminder_early", "insurance_reminder_late")


def _invalid(en: str, zh: str) -> ValueError:
    """An input error of a model check, in both languages (core.problems.invalid)."""
    return invalid(zh, en)


def _moment(value: Any) -> datetime:
    parsed = iso_moment(value)
    if not isinstance(parsed, datetime):
        raise _invalid("expected a date-time (YYYY-MM-DDTHH:MM[:SS][+08:00]), got a date",
                              "应为日期时间，而不是日期")
    return parsed


Moment = Annotated[datetime, BeforeValidator(_moment)]
# the events that say which duty they do (their `purpose`)
PURPOSE_EVENTS = ("revisit", "reminder_sent")
# the details an event type gives, and only it
_DETAILS = {"revisit": ("purpose", "outcome"), "reminder_sent": ("purpose",), "complaint_closed": ("complaint",),
            "appointment_made": ("appointment_at",)}


class Period(StrictModel):
    from_: IsoDate = Field(alias="from", description="the first day the log covers")
    to: IsoDate = Field(description="the last day the log covers")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.to < self.from_:
            raise _invalid(f"to: {self.to} is before from {self.from_}", "结束日期早于开始日期")
        return self


class Customer(StrictModel):
    id: Id
    type: CUSTOMER_TYPE.literal = Field(description="private | company | key (a key or contributing customer)")  # type: ignore[valid-type]
    name: Annotated[str, Field(max_length=MAX_TEXT)] | None = None


class Vehicle(StrictModel):
    vin: Vin
    customer: Id
    use: CAR_USE.literal = Field(description="private car or company car: sets the first-service day")  # type: ignore[valid-type]
    insurance_expires_on: IsoDate | None = Field(None, description="the day the vehicle's insurance runs out")


class LogEvent(StrictModel):
    at: Moment
    type: EVENT_TYPE.literal  # type: ignore[valid-type]
    vin: Vin
    by: Id | None = Field(None, description="the member of staff who did or recorded it")
    purpose: DUTY.literal | None = Field(None, description="revisit or reminder: the duty it is for")  # type: ignore[valid-type]
    outcome: OUTCOME.literal | None = Field(None, description="revisit: reached, not_reached or refused")  # type: ignore[valid-type]
    complaint: Id | None = Field(None, description="complaint_closed: the complaint's id")
    appointment_at: Moment | None = Field(None, description="appointment_made: when the car is booked in")
    note: Annotated[str, Field(max_length=MAX_TEXT)] | None = None

    @model_validator(mode="after")
    def _details_fit_the_type(self) -> LogEvent:
        need = _DETAILS.get(self.type, ())
        for name in ("purpose", "outcome", "complaint", "appointment_at"):
            given = getattr(self, name) is not None
            if name in need and not given:
                raise _invalid(f"{name}: a {self.type} event needs it", f"{EVENT_TYPE.zh(self.type)}须写明 {name}")
            if given and name not in need:
                raise _invalid(f"{name}: only {' or '.join(t for t, n in _DETAILS.items() if name in n)} "
                                      f"events give it", f"{EVENT_TYPE.zh(self.type)}不填 {name}")
        allowed = {"revisit": CALL_DUTIES, "reminder_sent": REMINDER_DUTIES}.get(self.type)
        if allowed is not None and self.purpose not in allowed:
            raise _invalid(f"purpose: {self.purpose!r} is not done by a {self.type} event "
                                  f"(one of {', '.join(allowed)})", f"{EVENT_TYPE.zh(self.type)}不能用于该事项")
        if self.appointment_at is not None and self.appointment_at < self.at:
            raise _invalid(f"appointment_at: {self.appointment_at.isoformat()} is before the booking itself",
                                  "预约时间早于预约登记时间")
        return self


class CrmLog(StrictModel):
    dealer: Id
    period: Period
    customers: list[Customer] = Field(max_length=MAX_EVENTS)
    vehicles: list[Vehicle] = Field(max_length=MAX_EVENTS)
    events: list[LogEvent] = Field(default_factory=list, max_length=MAX_EVENTS)
    as_of: Moment | None = Field(None, description="the decision time; default: the end of the period's last day")

    @model_validator(mode="after")
    def _log_is_possible(self) -> CrmLog:
        customers = {c.id for c in self.customers}
        if len(customers) != len(self.customers):
            dup = next(c.id for i, c in enumerate(self.customers) if c.id in {x.id for x in self.customers[:i]})
            raise _invalid(f"customers: {dup!r} is listed twice", "客户重复")
        vins: set[str] = set()
        for i, v in enumerate(self.vehicles):
            if v.vin in vins:
                raise _invalid(f"vehicles[{i}].vin: {v.vin} is listed twice", "车辆重复")
            vins.add(v.vin)
            if v.customer not in customers:
                raise _invalid(f"vehicles[{i}].customer: {v.customer!r} is not a customer of the log",
                                      "不是本日志中的客户")
        end = self.decision_time
        for i, e in enumerate(self.events):
            if e.vin not in vins:
                raise _invalid(f"events[{i}].vin: {e.vin} is not a vehicle of the log", "不是本日志中的车辆")
            if i and e.at < self.events[i - 1].at:
                raise _invalid(f"events[{i}].at: {e.at.isoformat()} is earlier than events[{i - 1}].at; "
                                      f"events must be in time order", "事件须按时间先后排列")
            if e.at > end:
                raise _invalid(f"events[{i}].at: {e.at.isoformat()} is after the decision time "
                                      f"{end.isoformat()}", "事件晚于判断时间")
        return self

    @property
    def decision_time(self) -> datetime:
        return self.as_of if self.as_of is not None else end_of_day(self.period.to)


__all__ = ["CrmLog", "Customer", "Vehicle", "LogEvent", "Period", "Moment", "CALL_DUTIES", "REMINDER_DUTIES", "PURPOSE_EVENTS"]
