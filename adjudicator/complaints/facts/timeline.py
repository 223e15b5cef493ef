"""A case's timeline, searched by event type, and the evidence strings every complaint fact carries."""
from __future__ import annotations

from datetime import datetime

from ...core.inputs import china_minute as fmt
from ..models import Complaint, Event


def evidence_of(index: int, event: Event) -> str:
    """'events[3]@2025-03-01 10:00': the event a fact rests on."""
    return f"events[{index}]@{fmt(event.at)}"


IndexedEvent = tuple[int, Event]


class Timeline:
    def __init__(self, complaint: Complaint):
        self.complaint = complaint
        self.events = list(enumerate(complaint.events))

    def first(self, *types: str, after: datetime | None = None) -> IndexedEvent | None:
        """The first event of one of `types`, at or after `after` when given."""
        for i, e in self.events:
            if e.type in types and (after is None or e.at >= after):
                return i, e
        return None

    def all(self, *types: str) -> list[IndexedEvent]:
        return [(i, e) for i, e in self.events if e.type in types]

    @property
    def received_evidence(self) -> str:
        return f"received_at@{fmt(self.complaint.received_at)}"
