"""A CRM log searched by vehicle and event type, and the evidence strings every follow-up fact carries."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from ...core.inputs import china_minute as fmt
from ..models import CrmLog, Customer, LogEvent, Vehicle

IndexedEvent = tuple[int, LogEvent]


def evidence_of(index: int, event: LogEvent) -> str:
    """'events[3]@2025-03-01 10:00': the log event a fact rests on."""
    return f"events[{index}]@{fmt(event.at)}"


class LogIndex:
    def __init__(self, log: CrmLog, as_of: datetime):
        self.log, self.as_of = log, as_of
        customers = {c.id: c for c in log.customers}
        self.vehicles: dict[str, Vehicle] = {v.vin: v for v in log.vehicles}
        self.customers: dict[str, Customer] = {v.vin: customers[v.customer] for v in log.vehicles}
        self.by_type: dict[str, list[IndexedEvent]] = defaultdict(list)
        self.by_vehicle: dict[tuple[str, str], list[IndexedEvent]] = defaultdict(list)
        for i, e in enumerate(log.events):
            if e.at <= as_of:                  # the log as it stood at the decision time
                self.by_type[e.type].append((i, e))
                self.by_vehicle[(e.type, e.vin)].append((i, e))

    def of(self, event_type: str, vin: str | None = None, purpose: str | None = None) -> list[IndexedEvent]:
        """The events of a type (on one vehicle, for one duty), in time order."""
        events = self.by_type.get(event_type, ()) if vin is None else self.by_vehicle.get((event_type, vin), ())
        return [(i, e) for i, e in events if purpose is None or e.purpose == purpose]


__all__ = ["LogIndex", "IndexedEvent", "fmt", "evidence_of"]
