"""What each follow-up duty measures, as rules/followup/duties.yaml states it: what gives rise to it, who does it,
when it falls due and which events do it. Checked once per process against the vocabularies and the profile's
parameters (a due time in days must name a day parameter), so that a typo is an error naming the file and the
place, not a duty that silently never arises."""
from __future__ import annotations

import hashlib
from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from ..core.rulebook import RulebookError, read_rule_yaml, validated_spec
from ..core.specs import SpecModel
from .vocabulary import CAR_USE, DUTY, EVENT_TYPE, OUTCOME, ROLE

DUTIES_FILE = "followup/duties.yaml"
PERIOD_START = "period_start"
DELIVERY, WORKSHOP = "delivered", "workshop_completed"   # the events that start the rates' populations
DATE_ANCHORS = ("first_service_day", "insurance_expires_on")
TIME_ANCHORS = ("appointment_at",)


class WindowSpec(SpecModel):
    first_day: str | None = Field(None, description="a day parameter: the window opens at the start of that day")
    last_day: str = Field(description="a day parameter: the duty is due at the end of that day")


class BeforeSpec(SpecModel):
    anchor: Literal["first_service_day", "insurance_expires_on", "appointment_at"]
    days: str | None = None
    hours: str | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> BeforeSpec:
        if (self.days is None) == (self.hours is None):
            raise ValueError("give exactly one of days, hours")
        if self.hours is not None and self.anchor not in TIME_ANCHORS:
            raise ValueError(f"hours: {self.anchor} is a date; count it in days")
        return self


class DueSpec(SpecModel):
    window: WindowSpec | None = None
    before: BeforeSpec | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> DueSpec:
        if (self.window is None) == (self.before is None):
            raise ValueError("give exactly one of window, before")
        return self

    def parameters(self) -> list[tuple[str, str]]:
        """(parameter, unit) this due time reads."""
        if self.window is not None:
            return [(p, "day") for p in (self.window.first_day, self.window.last_day) if p]
        b = self.before
        assert b is not None
        return [(b.days, "day")] if b.days else [(b.hours or "", "hour")]


class UnreachedSpec(SpecModel):
    unreached: str
    for_days: str


class MetBySpec(SpecModel):
    event: str
    outcomes: list[str] = Field(default_factory=list, description="for a call: the outcomes that count")


class DutySpec(SpecModel):
    starts: str | UnreachedSpec
    role: ROLE.literal  # type: ignore[valid-type]
    due: DueSpec
    met_by: MetBySpec


class DutyBook(SpecModel):
    first_service_days: dict[str, str]
    duties: dict[str, DutySpec]

    @model_validator(mode="after")
    def _known_words(self) -> DutyBook:
        unknown = [c for c in self.duties if c not in DUTY.codes]
        if unknown:
            raise ValueError(f"duties.{unknown[0]}: not a duty of the vocabulary (known: {', '.join(DUTY.codes)})")
        if sorted(self.first_service_days) != sorted(CAR_USE.codes):
            raise ValueError(f"first_service_days: give a parameter for each car use ({', '.join(CAR_USE.codes)})")
        for code, spec in self.duties.items():
            where = f"duties.{code}"
            if isinstance(spec.starts, str):
                if spec.starts != PERIOD_START and spec.starts not in EVENT_TYPE:
                    raise ValueError(f"{where}.starts: {spec.starts!r} is not an event type or {PERIOD_START}")
            elif spec.starts.unreached not in self.duties:
                raise ValueError(f"{where}.starts.unreached: {spec.starts.unreached!r} is not a duty of this file")
            if spec.met_by.event not in EVENT_TYPE:
                raise ValueError(f"{where}.met_by.event: {spec.met_by.event!r} is not an event type")
            bad = [o for o in spec.met_by.outcomes if o not in OUTCOME]
            if bad:
                raise ValueError(f"{where}.met_by.outcomes: {bad[0]!r} is not an outcome ({', '.join(OUTCOME.codes)})")
        return self

    def calls(self, starts: str | None = None) -> tuple[str, ...]:
        """The duties done by a call (whose outcome counts), optionally only those a given event starts."""
        return tuple(c for c, s in self.duties.items() if s.met_by.outcomes and (starts is None or s.starts == starts))

    def parameters(self) -> list[tuple[str, str, str]]:
        """(where, parameter, unit) for every parameter the file names."""
        out = [(f"first_service_days.{use}", name, "day") for use, name in self.first_service_days.items()]
        for code, spec in self.duties.items():
            out += [(f"duties.{code}.due", name, unit) for name, unit in spec.due.parameters()]
            if not isinstance(spec.starts, str):
                out.append((f"duties.{code}.starts.for_days", spec.starts.for_days, "day"))
        return out

    def check_parameters(self, units: dict[str, str], where: str) -> None:
        """Every parameter a duty names exists in the profile with the right unit."""
        for place, name, unit in self.parameters():
            if name not in units:
                raise RulebookError(f"rules/{DUTIES_FILE}: {place}: {name!r} is not a parameter of {where}")
            if units[name] != unit:
                raise RulebookError(f"rules/{DUTIES_FILE}: {place}: {name!r} is in {units[name]}, not {unit}")


@cache
def duty_book() -> tuple[DutyBook, str]:
    """The duty definitions and the digest of their file."""
    data, raw = read_rule_yaml(DUTIES_FILE)
    return validated_spec(DutyBook, data, f"rules/{DUTIES_FILE}"), hashlib.sha256(raw).hexdigest()


__all__ = ["DutyBook", "DutySpec", "duty_book", "DELIVERY", "WORKSHOP", "DUTIES_FILE", "PERIOD_START", "DATE_ANCHORS", "TIME_ANCHORS"]
