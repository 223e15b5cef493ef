"""The two reports from their inputs: `followup` from CRM logs (adjudicator.followup), `complaints` from complaint
cases (adjudicator.complaints), both against the targets of the follow-up profile.

A complaint record is a case as `complaint check` reads it, or {"dealer", "advisor", "complaint": case} naming whose
it is; a bare case belongs to no dealer ("—") and to the member of staff who recorded its closure."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..complaints.decide import check_complaint
from ..complaints.load import complaint_from
from ..core.inputs import CHINA_TZ
from ..followup.calendar_days import china_day
from ..followup.decide import check_followup
from ..followup.load import read_logs
from ..followup.models import CrmLog, both
from ..followup.rates import COMPLAINT_RATES, FOLLOWUP_RATES, NO_STAFF, counted_items, open_items, targets
from ..followup.rulebook import resolve_followup_policy
from ..io.files import InputError, parse_data
from ..io.records import read_records
from .build import build_report
from .complaint_items import complaint_counted, complaint_open
from .model import Report
from .periods import PeriodKind

ENVELOPE = ("dealer", "advisor", "complaint")


def followup_report(source: str | Path, period: PeriodKind = "month", by: str = "dealer", policy: Any = None,
                    as_of: datetime | None = None) -> Report:
    """The follow-up rates of every log in `source`, each log judged at `as_of` (default: its own decision time)."""
    return followup_report_of(read_logs(source), period, by, policy, as_of)


def followup_report_of(logs: Iterable[CrmLog | dict[str, Any]], period: PeriodKind = "month", by: str = "dealer",
                       policy: Any = None, as_of: datetime | None = None) -> Report:
    """The follow-up rates of logs already read (models or their data)."""
    profile = resolve_followup_policy(policy)
    counted, still_open, times = [], [], []
    for log in (x if isinstance(x, CrmLog) else CrmLog.model_validate(x) for x in logs):
        decision = check_followup(log, profile, as_of)
        times.append(decision.as_of)
        covered = (log.period.from_, log.period.to)   # items of other months belong to those months' logs
        counted += [c for c in counted_items(decision, profile) if covered[0] <= china_day(c.at) <= covered[1]]
        still_open += open_items(decision)
    return build_report("followup", FOLLOWUP_RATES, counted, still_open, targets(profile), period, by,
                        max(times, default=as_of or datetime.now(CHINA_TZ)), profile.id)


def _case(data: Any, source: str) -> tuple[Any, str, str | None]:
    if isinstance(data, dict) and "complaint" in data:
        extra = [k for k in data if k not in ENVELOPE]
        if extra:
            raise InputError(source, both(f"unknown key {extra[0]!r} beside the complaint (keys: {', '.join(ENVELOPE)})",
                                          "投诉记录外层只能有 dealer、advisor、complaint"))
        return complaint_from(data["complaint"], source), str(data.get("dealer") or NO_STAFF), data.get("advisor")
    return complaint_from(data, source), NO_STAFF, None


def complaint_report(source: str | Path, period: PeriodKind = "month", by: str = "dealer", policy: Any = None,
                     as_of: datetime | None = None, complaint_policy: Any = None) -> Report:
    """The complaint rates of every case in `source` (JSONL, a JSON array, a folder), each decided at `as_of`
    (default: its own as_of, else now) under the complaint profile `complaint_policy`."""
    return complaint_report_of(_records(source), period, by, policy, as_of, complaint_policy)


def _records(source: str | Path) -> Iterator[tuple[str, Any]]:
    for rec in read_records(str(source)):
        if rec.error is not None:
            raise InputError(rec.source, rec.error)
        yield rec.source, rec.data if rec.text is None else parse_data(rec.text, rec.source, json_only=rec.json_only)


def complaint_report_of(records: Iterable[tuple[str, Any]], period: PeriodKind = "month", by: str = "dealer",
                        policy: Any = None, as_of: datetime | None = None, complaint_policy: Any = None) -> Report:
    """The complaint rates of records already read: (where each came from, its data)."""
    profile = resolve_followup_policy(policy)
    counted, still_open, times = [], [], []
    for source, data in records:
        case, dealer, advisor = _case(data, source)
        try:
            decision = check_complaint(case, complaint_policy, as_of)
        except ValueError as exc:
            raise InputError(source, str(exc)) from None
        closer = next((e.by for e in case.events if e.type == "closed" and e.by), None)
        staff = advisor or closer or NO_STAFF
        times.append(decision.as_of)
        counted += complaint_counted(decision, dealer, staff)
        still_open += complaint_open(decision, dealer, staff)
    return build_report("complaints", COMPLAINT_RATES, counted, still_open, targets(profile), period, by,
                        max(times, default=as_of or datetime.now(CHINA_TZ)), profile.id)


__all__ = ["followup_report", "complaint_report", "followup_report_of", "complaint_report_of"]
