"""Every recorded decision of one car (VIN) or complaint case (id), newest first, each with what changed from
the decision before it."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .changes import Changes, compare
from .store import DecisionRecord


@dataclass
class HistoryStep:
    seq: int
    kind: str
    subject: str
    source: str
    as_of: str
    decided_at: str
    rulebook: str
    rulebook_version: str | None
    program_version: str
    remedies: list[str]
    verdict: str | None
    changes: Changes | None          # from the decision before this one; None for the first

    def as_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "changes"}
        out["changes"] = None if self.changes is None else self.changes.as_json()
        return out


def history(db: str | Path, subject: str) -> list[HistoryStep]:
    """The decisions of a car or case, newest first (empty when the record has none)."""
    with DecisionRecord(db, create=False) as record:
        rows = list(reversed(record.for_subject(subject)))          # oldest first, to compare each with the last
    steps: list[HistoryStep] = []
    previous: dict[str, Any] | None = None
    for row in rows:
        decision = json.loads(row["decision"])
        request = decision.get("request") or {}
        steps.append(HistoryStep(
            seq=row["seq"], kind=row["kind"], subject=row["subject"], source=row["source"], as_of=row["as_of"],
            decided_at=row["decided_at"], rulebook=row["rulebook"], rulebook_version=row["rulebook_version"],
            program_version=row["program_version"],
            remedies=sorted({r["code"] for r in decision.get("remedies") or []}),
            verdict=request.get("verdict") if isinstance(request, dict) else None,
            changes=None if previous is None else compare(previous, decision)))
        previous = decision
    return list(reversed(steps))


__all__ = ["HistoryStep", "history"]
