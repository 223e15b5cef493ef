"""The weekly complaint summary by department (FAW-CRM ch.2 (二), 客户投诉业务汇总周报表, 附表 ku-03-03): for
the week asked for and the week before, per handling department, per category and per status, the complaints
received, closed, still open and overdue at the end of the week, and the on-time closure rate.

What counts, for a period from Monday 00:00 to Sunday 23:59:59 (China time), from each case's decision:
received: received in the period; closed: closed in the period; open: received by its end and not closed by
then; overdue: open at its end with a deadline due by then and not met by then; on-time closure: of those closed
in the period, the ones with no deadline missed or overdue (n / N)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from ..complaints.vocabulary import CATEGORY, DEPARTMENT, URGENCY
from ..core.inputs import CHINA_TZ
from ..core.text import Localized, loc
from .complaint_cases import DecidedComplaint
from .complaint_items import LATE
from .labels import group_label, t
from .model import ALL
from .periods import Period, PeriodKind, period_of
from .report_book import report_basis
from .sheets import Cell, Column, Sheet, SheetReport

COUNTS = ("received", "closed", "open", "overdue")
COLUMN_NAMES = {
    "received": ("受理", "received"), "closed": ("关闭", "closed"), "open": ("期末未结", "open at the end"),
    "overdue": ("期末逾期", "overdue at the end"), "on_time": ("按时关闭 n/N", "closed on time n/N"),
    "on_time_pct": ("按时关闭率 %", "on-time closure %"), "change_pp": ("环比（百分点）", "change (pp)"),
    "count": ("件数", "cases"),
}
NOTES = (
    loc("受理：本期受理的投诉；关闭：本期关闭的投诉；期末未结：期末前受理且期末仍未关闭；期末逾期：期末未结且有时限在期末前届满而未完成。",
        "Received: received in the period; closed: closed in it; open: received by its end and not closed by then; "
        "overdue: open at its end with a deadline due by then and not met by then."),
    loc("按时关闭率：本期关闭的投诉中没有任何时限逾期（逾期完成或逾期未办）的比例（n/N）；“上周”列为前一期的同一口径。",
        "On-time closure: of the complaints closed in the period, those with no deadline missed or overdue (n/N); "
        "the 'previous' columns are the same counts of the period before."),
    loc("未注明处理部门的投诉归入“未注明部门”：各政策均未规定投诉类别与部门的对应关系。",
        "A complaint whose record names no handling department is counted under 'department not given': none of "
        "the policies maps complaint categories to departments."),
)


def _bounds(p: Period) -> tuple[datetime, datetime]:
    return (datetime.combine(p.start, time.min, tzinfo=CHINA_TZ),
            datetime.combine(p.end, time(23, 59, 59), tzinfo=CHINA_TZ))


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    on_time: int = 0

    @property
    def pct(self) -> float | None:
        return round(100 * self.on_time / self.counts["closed"], 1) if self.counts["closed"] else None


def state_in(c: DecidedComplaint, p: Period) -> dict[str, bool]:
    """Which of the summary's counts a complaint is in for a period (see the module's definitions)."""
    start, end = _bounds(p)
    d = c.decision
    closed = d.closed_at is not None and start <= d.closed_at <= end
    still_open = d.received_at <= end and (d.closed_at is None or d.closed_at > end)
    overdue = still_open and any(x.status != "exempt" and x.due <= end and (x.met_at is None or x.met_at > end)
                                 for x in d.deadlines)
    return {"received": start <= d.received_at <= end, "closed": closed, "open": still_open, "overdue": overdue,
            "on_time": closed and not any(x.status in LATE for x in d.deadlines)}


def _tally(cases: list[DecidedComplaint], p: Period, key: str) -> dict[str, Tally]:
    out: dict[str, Tally] = {}
    for c in cases:
        s = state_in(c, p)
        if not any(s[k] for k in COUNTS):
            continue
        for g in (ALL, key_of(c, key)):
            tally = out.setdefault(g, Tally())
            for k in COUNTS:
                tally.counts[k] += s[k]
            tally.on_time += s["on_time"]
    return out


def key_of(c: DecidedComplaint, key: str) -> str:
    return c.department if key == "department" else c.decision.category


def _name(key: str, code: str) -> Localized:
    return group_label(code) if code == ALL else (DEPARTMENT if key == "department" else CATEGORY).name_of(code)


def _columns(first: str) -> list[Column]:
    def col(k: str, prev: bool = False) -> Column:
        zh, en = COLUMN_NAMES[k]
        return Column(key=f"{k}_prev" if prev else k, name=loc(f"{zh}·上期", f"{en}, previous") if prev else loc(zh, en))
    first_col = Column(key=first, name=loc(t(first, "zh") if first != "category" else "投诉类别",
                                           t(first, "en") if first != "category" else "category"))
    return [first_col, *[c for k in COUNTS for c in (col(k), col(k, True))], col("on_time"), col("on_time_pct"),
            col("on_time_pct", True), col("change_pp")]


def _group_sheet(cases: list[DecidedComplaint], this: Period, before: Period, key: str, vocab_order: tuple[str, ...],
                 title: Localized) -> Sheet:
    now, prev = _tally(cases, this, key), _tally(cases, before, key)
    codes = [x for x in vocab_order if x in now or x in prev]
    rows: list[list[Cell]] = []
    for code in [*codes, ALL]:
        a, b = now.get(code, Tally()), prev.get(code, Tally())
        change = round(a.pct - b.pct, 1) if a.pct is not None and b.pct is not None else None
        rows.append([_name(key, code), *[x for k in COUNTS for x in (a.counts[k], b.counts[k])],
                     f"{a.on_time}/{a.counts['closed']}", a.pct, b.pct, change])
    return Sheet(key=f"by_{key}", title=title, columns=_columns(key), rows=rows, chart=list(COUNTS))


def _status_sheet(cases: list[DecidedComplaint], this: Period, before: Period) -> Sheet:
    def counts(p: Period) -> dict[str, int]:
        out = dict.fromkeys(("closed", "open", "overdue"), 0)
        for c in cases:
            s = state_in(c, p)
            status = "closed" if s["closed"] else "overdue" if s["overdue"] else "open" if s["open"] else None
            if status:
                out[status] += 1
        return out
    a, b = counts(this), counts(before)
    zh, en = COLUMN_NAMES["count"]
    return Sheet(key="by_status", title=loc("按状态（期末）", "By status at the end of the period"),
                 columns=[Column(key="status", name=loc("状态", "status")), Column(key="count", name=loc(zh, en)),
                          Column(key="count_prev", name=loc(f"{zh}·上期", f"{en}, previous"))],
                 rows=[[URGENCY.name_of(s), a[s], b[s]] for s in ("closed", "open", "overdue")], chart=["count", "count_prev"])


def complaint_summary_of(decided: Iterable[DecidedComplaint], kind: PeriodKind = "week", at: datetime | None = None,
                         profile: str = "default") -> SheetReport:
    """The summary of the period (week or month) holding `at`, against the period before it. Without `at`: the
    last period that had ended by the latest decision time (a summary is made once its week is over), or the one
    holding that time if none had."""
    cases = list(decided)
    as_of = max((c.decision.as_of for c in cases), default=at or datetime.now(CHINA_TZ))
    this = period_of(at or as_of, kind)
    if at is None and _bounds(this)[1] > as_of and cases and min(c.decision.received_at for c in cases) < _bounds(this)[0]:
        this = period_of(_bounds(this)[0] - timedelta(seconds=1), kind)
    before = period_of(_bounds(this)[0] - timedelta(seconds=1), kind)
    basis = report_basis("complaint_summary")
    sheets = [_group_sheet(cases, this, before, "department", DEPARTMENT.codes, loc("按处理部门", "By handling department")),
              _group_sheet(cases, this, before, "category", CATEGORY.codes, loc("按投诉类别", "By category")),
              _status_sheet(cases, this, before)]
    return SheetReport(subject="complaint_summary", title=basis.title, cites=basis.cites, citation=basis.citation,
                       as_of=as_of, period=f"{this.label} ({this.start} – {this.end}; vs {before.label})",
                       profile=profile, notes=list(NOTES), sheets=sheets)


__all__ = ["complaint_summary_of", "state_in", "COUNTS"]
