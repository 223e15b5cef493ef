"""The warranty input: a vehicle's purchase and repair history. Other systems depend on these names."""
from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from ..core.inputs import (
    MAX_ID,
    MAX_ODOMETER_KM,
    MAX_PRICE_YUAN,
    MAX_TEXT,
    IsoDate,
    IsoMoment,
    StrictModel,
    as_moment,
    china_date,
)
from ..core.problems import invalid
from .vocabulary import (
    ACTION,
    BODY,
    CAUSE,
    CONDITION,
    FAILURE_MODE,
    INCIDENT,
    INCIDENT_CAUSE,
    POWERTRAIN,
    REQUEST,
    SYSTEM,
    USAGE,
)

MAX_VISITS = 20_000
MAX_ITEMS_PER_HISTORY = 20_000     # about 0.6 s to decide (benchmarks: 2,000 visits x 10 items); the engine's
                                   # fact limit (core/engine.py MAX_FACTS) is far above what this allows

Usage = USAGE.literal
Powertrain = POWERTRAIN.literal
Body = BODY.literal
System = SYSTEM.literal
Action = ACTION.literal
FailureMode = FAILURE_MODE.literal
Cause = CAUSE.literal
Request = REQUEST.literal

Km = int
_km = Field(ge=0, le=MAX_ODOMETER_KM)
_id = Field(min_length=1, max_length=MAX_ID, pattern=r"^[^\x00-\x1f]+$")
_text = Field(min_length=1, max_length=MAX_TEXT)


class Vehicle(StrictModel):
    vin: str = Field(pattern=r"^[A-HJ-NPR-Z0-9]{17}$", description="17-character VIN (no I, O or Q)")
    usage: Usage = Field(description="household | operational (taxi, ride-hailing, hire) | company")
    powertrain: Powertrain = "ice"
    body: Body = "passenger_car"
    condition: CONDITION.literal = Field(  # type: ignore[valid-type]
        "new", description="new | used: the consumer bought the car second-hand")
    model: str | None = Field(None, max_length=MAX_TEXT, description="model name, for display only")


class Purchase(StrictModel):
    invoice_date: IsoDate
    delivery_date: IsoDate | None = Field(None, description="absent: taken to be the invoice date")
    price_yuan: float = Field(gt=0, le=MAX_PRICE_YUAN, allow_inf_nan=False,
                              description="price on the purchase invoice, yuan")
    delivery_odometer_km: Km = Field(0, ge=0, le=MAX_ODOMETER_KM)
    has_invoice: bool = True
    has_certificate: bool = Field(True, description="the consumer holds the 三包凭证")


class YearsKm(StrictModel):
    years: float = Field(gt=0, le=30, allow_inf_nan=False)
    km: Km = Field(gt=0, le=MAX_ODOMETER_KM)


class ConsumablePeriod(StrictModel):
    """A consumable part's own warranty as printed on the certificate (三包凭证)."""

    problem: str = _text
    months: int = Field(gt=0, le=240)
    km: Km = Field(gt=0, le=MAX_ODOMETER_KM)


class Certificate(StrictModel):
    repair_warranty: YearsKm | None = Field(None, description="包修期 promised by the certificate")
    return_period: YearsKm | None = Field(None, description="三包有效期 promised by the certificate")
    use_coefficient_pct: float | None = Field(
        None, ge=0, le=5, allow_inf_nan=False,
        description="n in percent (0.6 means 0.6 %); absent: the range the regulation allows is reported")
    consumables: list[ConsumablePeriod] = Field(default_factory=list, max_length=200)


class DisclosedDefect(StrictModel):
    """A flaw the consumer was told of in writing before buying."""

    problem: str = _text
    description: str | None = Field(None, max_length=MAX_TEXT)
    breaches_mandatory_standard: bool = Field(
        False, description="the flaw breaches a law or a mandatory national standard (2021 narrows the exemption)")


def _unknown_is_null(value: Any) -> Any:
    return None if isinstance(value, str) and value.strip().lower() in ("unknown", "未知", "不明") else value


MaybeBool = Annotated[bool | None, BeforeValidator(_unknown_is_null)]


class Item(StrictModel):
    problem: str = Field(min_length=1, max_length=MAX_TEXT,
                         description="the smallest failing part; the same value means the same quality problem")
    description: str | None = Field(None, max_length=MAX_TEXT, description="fault description, for display")
    system: System
    action: Action
    main_part: MaybeBool = Field(False, description="a main part of the national list; null or \"unknown\": unknown")
    quality_problem: MaybeBool = Field(True, description="the repairer found a quality problem; null or \"unknown\": unknown")
    serious_safety_fault: MaybeBool = Field(
        False, description="the technician found a serious safety fault; null or \"unknown\": unknown")
    failure_mode: FailureMode | Literal["unknown"] | None = Field(  # type: ignore[valid-type]
        None, description="a listed failure; null: none; \"unknown\": not established")
    cause: Cause = "quality"
    fixed: bool = True


class Visit(StrictModel):
    id: str = _id
    opened_at: IsoMoment = Field(description="agreed start of the repair: a date or a date-time")
    closed_at: IsoMoment = Field(description="completion (the consumer told to collect the car); with "
                                             "closed_at_latest, the earliest it can have been")
    closed_at_latest: IsoMoment | None = Field(
        None, description="the latest the repair can have ended, where only a range is known")
    handed_over_at: IsoMoment | None = Field(
        None, description="when the car was handed back, where that differs from completion")
    odometer_km: Km = _km
    courtesy_provided: bool = Field(
        False, description="a courtesy vehicle or transport compensation was already provided for this visit")
    excluded_hours: float = Field(
        0, ge=0, le=24 * 366, allow_inf_nan=False,
        description="hours the regulation leaves out of the cumulative count (special-part or battery transport, rescue travel)")
    items: list[Item] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _closed_after_opened(self) -> Visit:
        if type(self.opened_at) is not type(self.closed_at):
            raise invalid("closed_at: 进厂时间与出厂时间应同为日期或同为日期时间",
                          "closed_at: opened_at and closed_at must both be dates or both be date-times")
        if self.closed_at < self.opened_at:
            raise invalid(f"closed_at: 出厂时间 {self.closed_at} 早于进厂时间 {self.opened_at}",
                          f"closed_at: {self.closed_at} is before opened_at {self.opened_at}")
        if isinstance(self.opened_at, datetime):
            hours = (self.closed_at - self.opened_at).total_seconds() / 3600
        else:                                   # dates only: the whole days the visit spans, at least one
            hours = max(1, (self.closed_at - self.opened_at).days) * 24
        for name in ("closed_at_latest", "handed_over_at"):
            other = getattr(self, name)
            if other is not None and (type(other) is not type(self.closed_at) or other < self.closed_at):
                raise invalid(f"{name}: {other} 应与出厂时间同为日期或同为日期时间，且不早于出厂时间",
                              f"{name}: {other} must be of the same kind as closed_at and not before it")
        if self.excluded_hours > hours:
            raise invalid(f"excluded_hours: {self.excluded_hours} 小时超过这次维修的 {hours:.1f} 小时",
                          f"excluded_hours: {self.excluded_hours} exceed the visit's {hours:.1f} hours")
        return self

    @cached_property
    def opened_at_utc(self) -> datetime:
        """For ordering visits that mix dates and date-times: a date counts as the start of that day in China."""
        return as_moment(self.opened_at)

    @cached_property
    def opened_on(self) -> date:
        return china_date(self.opened_at)

    @cached_property
    def closed_on(self) -> date:
        return china_date(self.closed_at)


class Incident(StrictModel):
    """A fire or a total loss on record, with what is known of its cause."""

    id: str = _id
    date: IsoDate
    kind: INCIDENT.literal  # type: ignore[valid-type]
    cause: INCIDENT_CAUSE.literal = Field(  # type: ignore[valid-type]
        "not_established", description="quality | accident | misuse | external | not_established")
    system: System | None = Field(None, description="the system it started in, where known")
    description: str | None = Field(None, max_length=MAX_TEXT)


class Claim(StrictModel):
    date: IsoDate = Field(description="the point in time the decision is made for")
    odometer_km: Km = _km
    request: Request | None = Field(None, description="what the consumer asks for; absent: no request yet")
    requested_on: IsoDate | None = Field(None, description="when the request was made; default: claim date")
    seller_replied_on: IsoDate | None = None
    completed_on: IsoDate | None = Field(None, description="replacement or return completed")
    replacement_vehicle_available: bool | None = Field(
        None, description="a car of the same model or not-lower configuration can be supplied; absent: assumed yes")


class VehicleHistory(StrictModel):
    """A vehicle's purchase and repair history, as exported from a dealer system."""

    vehicle: Vehicle
    purchase: Purchase
    certificate: Certificate | None = None
    disclosed_defects: list[DisclosedDefect] = Field(default_factory=list, max_length=200)
    visits: list[Visit] = Field(default_factory=list, max_length=MAX_VISITS)
    incidents: list[Incident] = Field(default_factory=list, max_length=100)
    claim: Claim

    @field_validator("visits", mode="before")
    @classmethod
    def _decidable_in_a_second(cls, visits: Any) -> Any:
        """Refused before anything is parsed: a history beyond what decides in about a second (measured:
        20,000 items in 0.6 s; the engine's fact limit would only be met after a minute of work)."""
        if isinstance(visits, list):
            items = sum(len(v["items"]) for v in visits if isinstance(v, dict) and isinstance(v.get("items"), list))
            if items > MAX_ITEMS_PER_HISTORY:
                raise invalid(f"{len(visits):,} 次维修共 {items:,} 个维修项目；一个历史最多 {MAX_ITEMS_PER_HISTORY:,} 个"
                              f"（更多则无法在约一秒内裁决；请拆分历史）",
                              f"{items:,} repair items in {len(visits):,} visits; the limit is "
                              f"{MAX_ITEMS_PER_HISTORY:,} items in one history (more does not decide in "
                              f"about a second; split the history)")
        return visits

    @model_validator(mode="after")
    def _timeline_is_possible(self) -> VehicleHistory:
        p = self.purchase
        seen: set[str] = set()
        last_km, last_id = p.delivery_odometer_km, "purchase.delivery_odometer_km"
        ordered = sorted(enumerate(self.visits), key=lambda iv: (iv[1].opened_at_utc, iv[1].odometer_km))
        for i, v in ordered:
            where = f"visits[{i}]"
            if v.id in seen:
                raise invalid(f"{where}.id: 维修单号 {v.id!r} 重复", f"{where}.id: duplicate visit id {v.id!r}")
            seen.add(v.id)
            if v.opened_on < p.invoice_date:
                raise invalid(f"{where}.opened_at: 维修单 {v.id!r} 的进厂日期 {v.opened_on} 早于开票日期 {p.invoice_date}",
                              f"{where}.opened_at: visit {v.id!r} opened {v.opened_on}, "
                              f"before the invoice date {p.invoice_date}")
            if p.delivery_date is not None and v.opened_on < p.delivery_date:
                raise invalid(f"{where}.opened_at: 维修单 {v.id!r} 的进厂日期 {v.opened_on} 早于交车日期 "
                              f"{p.delivery_date}（交车前的作业不是三包修理）",
                              f"{where}.opened_at: visit {v.id!r} opened {v.opened_on}, before the car was "
                              f"delivered on {p.delivery_date} (work before delivery is not a warranty repair)")
            if v.odometer_km < last_km:
                raise invalid(f"{where}.odometer_km: {v.odometer_km} 公里低于更早的 {last_id} 的 {last_km} 公里"
                              f"（里程不会随时间减少）",
                              f"{where}.odometer_km: {v.odometer_km} km is lower than {last_km} km "
                              f"at {last_id}, which is earlier (km cannot go down over time)")
            last_km, last_id = v.odometer_km, f"visit {v.id!r}"
        if self.claim.date < p.invoice_date:
            raise invalid(f"claim.date: 决定日期 {self.claim.date} 早于开票日期 {p.invoice_date}",
                          f"claim.date: {self.claim.date} is before the invoice date {p.invoice_date}")
        latest = [v for v in self.visits if v.opened_on <= self.claim.date]
        if latest:
            top = max(latest, key=lambda v: v.odometer_km)
            if self.claim.odometer_km < top.odometer_km:
                raise invalid(f"claim.odometer_km: {self.claim.odometer_km} 公里低于维修单 {top.id!r} 的 "
                              f"{top.odometer_km} 公里（里程不会随时间减少）",
                              f"claim.odometer_km: {self.claim.odometer_km} is lower than {top.odometer_km} km "
                              f"at visit {top.id!r} (km cannot go down over time)")
        elif self.claim.odometer_km < p.delivery_odometer_km:
            raise invalid(f"claim.odometer_km: {self.claim.odometer_km} 公里低于交车里程 {p.delivery_odometer_km} 公里",
                          f"claim.odometer_km: {self.claim.odometer_km} is lower than the delivery odometer "
                          f"{p.delivery_odometer_km} km")
        if p.delivery_date and p.delivery_date > self.claim.date:
            raise invalid(f"purchase.delivery_date: 交车日期 {p.delivery_date} 晚于决定日期 {self.claim.date}",
                          f"purchase.delivery_date: {p.delivery_date} is after claim.date {self.claim.date}")
        c = self.claim
        for name in ("requested_on", "seller_replied_on", "completed_on"):
            d = getattr(c, name)
            if d is not None and (d < p.invoice_date or d > c.date):
                raise invalid(f"claim.{name}: {d} 应在开票日期与决定日期之间",
                              f"claim.{name}: {d} must lie between the invoice date and claim.date")
        asked = c.requested_on or c.date
        for name in ("seller_replied_on", "completed_on"):
            d = getattr(c, name)
            if d is not None and d < asked:
                raise invalid(f"claim.{name}: {d} 早于请求日期 {asked}", f"claim.{name}: {d} is before the request on {asked}")
        if (c.seller_replied_on or c.completed_on or c.requested_on) and c.request is None:
            raise invalid("claim.request: 给出了请求日期，却没有写明请求的内容",
                          "claim.request: request dates are given but not what was requested")
        return self
