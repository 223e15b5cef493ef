"""What each complaint deadline measures, as rules/complaints/deadlines.yaml states it: start, due time, the events
that meet it, the case types it exists for, and what suspends it. Checked once per process against the
vocabularies, the input models and the default profile's parameters (a due time in hours must name an hour
parameter), so that a typo is an error naming the file and the place, not a deadline that silently never arises."""
from __future__ import annotations

import hashlib
from functools import cache

from pydantic import Field, model_validator

from ..core.rulebook import RulebookError, read_rule_yaml, validated_spec
from ..core.specs import SpecModel
from .models import Complaint, Event
from .vocabulary import DEADLINE, EVENT_TYPE, EXCEPTION

DEADLINES_FILE = "complaints/deadlines.yaml"
START_OF_CASE = "received"
# the case's own fields a deadline may read: yes/no flags (arises_if) and times (due.input)
INPUT_FLAGS = tuple(n for n, f in Complaint.model_fields.items() if f.annotation is bool)
INPUT_TIMES = tuple(n for n, f in Complaint.model_fields.items() if n.endswith("_at") and n != "received_at")
EVENT_DETAILS = tuple(n for n in Event.model_fields if n not in ("at", "type"))
# a due rule's kind -> the unit its parameter must have
DUE_UNITS = {"hours": "hour", "working_days": "working_day", "days": "day"}


class DueSpec(SpecModel):
    hours: str | None = None
    working_days: str | None = None
    days: str | None = None
    input: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> DueSpec:
        given = [k for k in ("hours", "working_days", "days", "input") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of hours, working_days, days, input (given: {', '.join(given) or 'none'})")
        if self.input is not None and self.input not in INPUT_TIMES:
            raise ValueError(f"input: {self.input!r} is not a time of the case (known: {', '.join(INPUT_TIMES)})")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ("hours", "working_days", "days", "input") if getattr(self, k) is not None)

    @property
    def parameter(self) -> str | None:
        return None if self.kind == "input" else getattr(self, self.kind)


class SuspensionSpec(SpecModel):
    event: str
    exception: EXCEPTION.literal  # type: ignore[valid-type]
    needs: list[str] = Field(default_factory=list, description="details the event must name to count")


class DeadlineSpec(SpecModel):
    starts: str = Field(description="'received' or an event type: the first such event starts it")
    due: DueSpec
    met_by: list[str] | str = Field(description="event types, or the name of an event group")
    case_types: str | None = Field(None, description="a list parameter: the case types the deadline exists for")
    arises_if: list[str] = Field(default_factory=list, description="input flags or event types, any of which")
    unless: list[str] = Field(default_factory=list, description="event types that stop the deadline arising")
    repeats: bool = False
    suspended_by: list[SuspensionSpec] = Field(default_factory=list)


class DeadlineBook(SpecModel):
    event_groups: dict[str, list[str]] = Field(default_factory=dict)
    deadlines: dict[str, DeadlineSpec]

    @model_validator(mode="after")
    def _known_words(self) -> DeadlineBook:
        events = set(EVENT_TYPE.codes)

        def check_events(where: str, codes: list[str]) -> None:
            bad = [c for c in codes if c not in events]
            if bad:
                raise ValueError(f"{where}: {bad[0]!r} is not an event type (known: {', '.join(EVENT_TYPE.codes)})")

        for name, codes in self.event_groups.items():
            check_events(f"event_groups.{name}", codes)
        unknown = [c for c in self.deadlines if c not in DEADLINE.codes]
        if unknown:
            raise ValueError(f"deadlines.{unknown[0]}: not a deadline of the vocabulary "
                             f"(known: {', '.join(DEADLINE.codes)})")
        for code, spec in self.deadlines.items():
            where = f"deadlines.{code}"
            if spec.repeats and spec.due.kind != "hours":
                raise ValueError(f"{where}.due: a repeating deadline is an interval in hours")
            if spec.starts != START_OF_CASE:
                check_events(f"{where}.starts", [spec.starts])
            if isinstance(spec.met_by, str):
                if spec.met_by not in self.event_groups:
                    raise ValueError(f"{where}.met_by: {spec.met_by!r} is not an event group "
                                     f"(known: {', '.join(self.event_groups) or 'none'})")
            else:
                check_events(f"{where}.met_by", spec.met_by)
            check_events(f"{where}.unless", spec.unless)
            check_events(f"{where}.arises_if", [c for c in spec.arises_if if c not in INPUT_FLAGS])
            for i, s in enumerate(spec.suspended_by):
                check_events(f"{where}.suspended_by[{i}].event", [s.event])
                bad = [n for n in s.needs if n not in EVENT_DETAILS]
                if bad:
                    raise ValueError(f"{where}.suspended_by[{i}].needs: {bad[0]!r} is not a detail of an event "
                                     f"(known: {', '.join(EVENT_DETAILS)})")
        return self

    def events_meeting(self, code: str) -> tuple[str, ...]:
        met_by = self.deadlines[code].met_by
        return tuple(self.event_groups[met_by] if isinstance(met_by, str) else met_by)

    def group(self, name: str) -> tuple[str, ...]:
        return tuple(self.event_groups[name])

    def check_parameters(self, units: dict[str, str], where: str) -> None:
        """Every parameter a deadline names exists in the profile with the right unit."""
        for code, spec in self.deadlines.items():
            wanted = [(f"due.{spec.due.kind}", spec.due.parameter, DUE_UNITS.get(spec.due.kind)),
                      ("case_types", spec.case_types, "list")]
            for field, name, unit in wanted:
                if name is None:
                    continue
                if name not in units:
                    raise RulebookError(f"rules/{DEADLINES_FILE}: deadlines.{code}.{field}: {name!r} is not a "
                                        f"parameter of {where}")
                if units[name] != unit:
                    raise RulebookError(f"rules/{DEADLINES_FILE}: deadlines.{code}.{field}: {name!r} is in "
                                        f"{units[name]}, not {unit}")


@cache
def deadline_book() -> tuple[DeadlineBook, str]:
    """The deadline definitions and the digest of their file."""
    data, raw = read_rule_yaml(DEADLINES_FILE)
    book = validated_spec(DeadlineBook, data, f"rules/{DEADLINES_FILE}")
    return book, hashlib.sha256(raw).hexdigest()


HANDLING_RECORDS = "handling_records"   # the event group of records of the handling (closure: record complete)

__all__ = ["DeadlineBook", "DeadlineSpec", "deadline_book", "DEADLINES_FILE", "HANDLING_RECORDS", "START_OF_CASE"]
