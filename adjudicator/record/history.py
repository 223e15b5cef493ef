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
class ParameterMove:
    name: str
    before: Any                      # None: the decision before had no such parameter
    after: Any


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
    parameters: dict[str, Any]       # the parameter values the decision used (name -> value)
    parameters_changed: list[ParameterMove]     # from the decision before this one (values, not wording)

    def as_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("changes", "parameters_changed")}
        out["changes"] = None if self.changes is None else self.changes.as_json()
        out["parameters_changed"] = [move.__dict__ for move in self.parameters_changed]
        return out


def _values(parameters: str) -> dict[str, Any]:
    return {p["name"]: p["value"] for p in json.loads(parameters)}


def moved(before: dict[str, Any] | None, after: dict[str, Any]) -> list[ParameterMove]:
    """The parameters whose value differs between two decisions (none for the first one, nor after one recorded
    without its values: complaint decisions recorded before schema version 3)."""
    if not before:
        return []
    return [ParameterMove(name, before.get(name), after.get(name)) for name in sorted(before.keys() | after.keys())
            if before.get(name) != after.get(name)]


def history(db: str | Path, subject: str) -> list[HistoryStep]:
    """The decisions of a car or case, newest first (empty when the record has none)."""
    with DecisionRecord(db, create=False) as record:
        rows = list(reversed(record.for_subject(subject)))          # oldest first, to compare each with the last
    steps: list[HistoryStep] = []
    previous: dict[str, Any] | None = None
    previous_values: dict[str, Any] | None = None
    for row in rows:
        decision = json.loads(row["decision"])
        values = _values(row["parameters"])
        request = decision.get("request") or {}
        steps.append(HistoryStep(
            seq=row["seq"], kind=row["kind"], subject=row["subject"], source=row["source"], as_of=row["as_of"],
            decided_at=row["decided_at"], rulebook=row["rulebook"], rulebook_version=row["rulebook_version"],
            program_version=row["program_version"],
            remedies=sorted({r["code"] for r in decision.get("remedies") or []}),
            verdict=request.get("verdict") if isinstance(request, dict) else None,
            changes=None if previous is None else compare(previous, decision),
            parameters=values, parameters_changed=moved(previous_values, values)))
        previous, previous_values = decision, values
    return list(reversed(steps))


__all__ = ["HistoryStep", "ParameterMove", "history", "moved"]
