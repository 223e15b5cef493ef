"""Complaint records decided once for every complaint report: each case's decision with whose it is (the dealer,
the member of staff, the handling department).

A record is a case as `complaint check` reads it, or {"dealer", "advisor", "complaint": case}. The member of staff
is the record's advisor, else whoever recorded the closure; the department is the case's `department`, else
`unspecified` (未注明部门: none of the policies maps complaint categories to departments)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..complaints.decide import check_complaint
from ..complaints.decision import ComplaintDecision
from ..complaints.load import complaint_from
from ..complaints.models import Complaint
from ..core.problems import check_text
from ..core.text import loc
from ..followup.rates import NO_STAFF
from ..io.files import InputError, parse_data
from ..io.records import read_records

ENVELOPE = ("dealer", "advisor", "complaint")
NO_DEPARTMENT = "unspecified"


@dataclass(frozen=True)
class DecidedComplaint:
    case: Complaint
    decision: ComplaintDecision
    dealer: str
    staff: str
    department: str


def _case(data: Any, source: str) -> tuple[Complaint, str, str | None]:
    if isinstance(data, dict) and "complaint" in data:
        extra = [k for k in data if k not in ENVELOPE]
        if extra:
            raise InputError(source, loc(f"投诉外层的未知键 {extra[0]!r}（外层只能有 {'、'.join(ENVELOPE)}）",
                                         f"unknown key {extra[0]!r} beside the complaint (keys: {', '.join(ENVELOPE)})"))
        return complaint_from(data["complaint"], source), str(data.get("dealer") or NO_STAFF), data.get("advisor")
    return complaint_from(data, source), NO_STAFF, None


def complaint_records(source: str | Path) -> Iterator[tuple[str, Any]]:
    """The records of a JSONL file, a JSON array or a folder: (where each came from, its data)."""
    for rec in read_records(str(source)):
        if rec.error is not None:
            raise InputError(rec.source, rec.error)
        yield rec.source, rec.data if rec.text is None else parse_data(rec.text, rec.source, json_only=rec.json_only)


def decided_complaints(records: Iterable[tuple[str, Any]], as_of: datetime | None = None,
                       complaint_policy: Any = None) -> Iterator[DecidedComplaint]:
    """Each record decided at `as_of` (default: its own as_of, else now) under the complaint profile."""
    for source, data in records:
        case, dealer, advisor = _case(data, source)
        try:
            decision = check_complaint(case, complaint_policy, as_of)
        except ValueError as exc:
            raise InputError(source, check_text(exc)) from None
        closer = next((e.by for e in case.events if e.type == "closed" and e.by), None)
        yield DecidedComplaint(case, decision, dealer, advisor or closer or NO_STAFF, case.department or NO_DEPARTMENT)


__all__ = ["DecidedComplaint", "decided_complaints", "complaint_records", "NO_DEPARTMENT", "ENVELOPE"]
