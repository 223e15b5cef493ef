"""The two reports from their inputs: `followup` from CRM logs (adjudicator.followup), `complaints` from complaint
cases (adjudicator.complaints), both against the targets of the follow-up profile.

A complaint record is a case as `complaint check` reads it, or {"dealer", "advisor", "complaint": case} naming whose
it is; a bare case belongs to no dealer ("—") and to the member of staff who recorded its closure."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.inputs import CHINA_TZ
from ..followup.calendar_days import china_day
from ..followup.decide import check_followup
from ..followup.load import read_logs
from ..followup.models import CrmLog
from ..followup.rates import COMPLAINT_RATES, FOLLOWUP_RATES, counted_items, open_items, targets
from ..followup.rulebook import resolve_followup_policy
from .build import build_report
from .complaint_cases import complaint_records, decided_complaints
from .complaint_items import complaint_counted, complaint_open
from .model import Report
from .periods import PeriodKind
from .sheets import SheetReport
from .time_limits import time_limit_reminders_of, time_limit_report_of
from .weekly_summary import complaint_summary_of


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


def complaint_report(source: str | Path, period: PeriodKind = "month", by: str = "dealer", policy: Any = None,
                     as_of: datetime | None = None, complaint_policy: Any = None,
                     subject: str = "complaints") -> Report:
    """The complaint rates of every case in `source` (JSONL, a JSON array, a folder), each decided at `as_of`
    (default: its own as_of, else now) under the complaint profile `complaint_policy`."""
    return complaint_report_of(complaint_records(source), period, by, policy, as_of, complaint_policy, subject)


def complaint_report_of(records: Iterable[tuple[str, Any]], period: PeriodKind = "month", by: str = "dealer",
                        policy: Any = None, as_of: datetime | None = None, complaint_policy: Any = None,
                        subject: str = "complaints") -> Report:
    """The complaint rates of records already read: (where each came from, its data). `by` department groups by
    the handling department; subject `assessment` is the same rates as CS-CMS's assessment report."""
    profile = resolve_followup_policy(policy)
    counted, still_open, times = [], [], []
    for c in decided_complaints(records, as_of, complaint_policy):
        staff = c.department if by == "department" else c.staff
        times.append(c.decision.as_of)
        counted += complaint_counted(c.decision, c.dealer, staff)
        still_open += complaint_open(c.decision, c.dealer, staff)
    return build_report(subject, COMPLAINT_RATES, counted, still_open, targets(profile), period, by,
                        max(times, default=as_of or datetime.now(CHINA_TZ)), profile.id)


def complaint_summary(source: str | Path, period: PeriodKind = "week", at: datetime | None = None,
                      as_of: datetime | None = None, complaint_policy: Any = None) -> SheetReport:
    """FAW-CRM's weekly complaint summary by department of the period holding `at` (default: the latest decision
    time), against the period before."""
    decided = list(decided_complaints(complaint_records(source), as_of, complaint_policy))
    return complaint_summary_of(decided, period, at, decided[0].decision.profile if decided else "default")


def time_limit_report(source: str | Path, period: PeriodKind = "month", by: str = "dealer",
                      as_of: datetime | None = None, complaint_policy: Any = None) -> SheetReport:
    """CS-CMS's time-limit report: every deadline kind per period, met / late / overdue / open, with rates."""
    return time_limit_report_of(decided_complaints(complaint_records(source), as_of, complaint_policy), period, by)


def time_limit_reminders(source: str | Path, as_of: datetime | None = None,
                         complaint_policy: Any = None) -> SheetReport:
    """CS-CMS's time-limit reminders: the deadlines overdue or about to run out at `as_of`, most urgent first.
    Every case is judged at that one moment (as `complaint watch` does): `as_of`, else the current time."""
    moment = as_of or datetime.now(CHINA_TZ).replace(microsecond=0)
    return time_limit_reminders_of(decided_complaints(complaint_records(source), moment, complaint_policy),
                                   complaint_policy)


__all__ = ["followup_report", "complaint_report", "followup_report_of", "complaint_report_of", "complaint_summary",
           "time_limit_report", "time_limit_reminders"]
