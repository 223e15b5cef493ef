"""Counted items (followup/rates.py) and open items, bucketed by period and group, become a report."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from ..core.rulebook import ResolvedParam
from ..core.text import loc
from ..followup.rates import DEFINITIONS, RATE, Counted, OpenItem
from .model import ALL, GroupReport, ItemCounts, PeriodOut, RateCell, RateRow, Report
from .periods import Period, PeriodKind, period_of, periods_between


def _pct(n: int, total: int) -> float | None:
    return round(100 * n / total, 1) if total else None


def build_report(subject: str, rates: tuple[str, ...], counted: Iterable[Counted], open_items: Iterable[OpenItem],
                 targets: dict[str, ResolvedParam], period: PeriodKind, by: str, as_of: datetime,
                 profile: str) -> Report:
    counted, open_items = list(counted), list(open_items)
    periods: dict[str, Period] = {}

    def bucket(at: datetime) -> str:
        p = period_of(at, period)
        periods.setdefault(p.label, p)
        return p.label

    def group_of(dealer: str, staff: str) -> str:
        return dealer if by == "dealer" else staff

    tally: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    items: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    groups: set[str] = set()
    for c in counted:
        label, g = bucket(c.at), group_of(c.dealer, c.staff)
        groups.add(g)
        for key in ((ALL, c.rate, label), (g, c.rate, label)):
            tally[key][0] += c.hit
            tally[key][1] += 1
    # an open item falling due after the last period counted (or before the first) is shown in that period:
    # open at its end (or overdue since before it)
    counted_labels = sorted(periods, key=lambda x: periods[x].start)
    for o in open_items:
        label = period_of(o.at, period).label
        if counted_labels and label not in periods:
            label = counted_labels[-1] if period_of(o.at, period).start > periods[counted_labels[-1]].start \
                else counted_labels[0]
        else:
            label = bucket(o.at)
        g = group_of(o.dealer, o.staff)
        groups.add(g)
        for key in ((ALL, label), (g, label)):
            items[key][1 if o.overdue else 0] += 1
    if periods:
        spans = sorted(periods.values())
        periods = {p.label: p for p in periods_between(spans[0], spans[-1], period)}
    labels = sorted(periods, key=lambda x: periods[x].start)
    out = []
    for g in [ALL, *sorted(groups)]:
        rows = [_row(rate, g, labels, tally, targets[rate]) for rate in rates]
        counts = {label: ItemCounts(open=items.get((g, label), [0, 0])[0], overdue=items.get((g, label), [0, 0])[1])
                  for label in labels}
        out.append(GroupReport(group=g, rates=rows, items=counts))
    return Report(subject=subject, period=period, by=by, as_of=as_of, profile=profile,  # type: ignore[arg-type]
                  periods=[PeriodOut(label=x, start=periods[x].start, end=periods[x].end) for x in labels], groups=out)


def _row(rate: str, group: str, labels: list[str], tally: dict[tuple[str, str, str], list[int]],
         target: ResolvedParam) -> RateRow:
    cells, previous = {}, None
    for label in labels:
        n, total = tally.get((group, rate, label), (0, 0))
        pct = _pct(n, total)
        change = round(pct - previous, 1) if pct is not None and previous is not None else None
        cells[label] = RateCell(n=n, N=total, pct=pct, meets=None if pct is None else pct >= target.value,
                                change_pp=change)
        previous = pct
    (num_zh, num_en), (den_zh, den_en) = DEFINITIONS[rate]
    return RateRow(rate=rate, name=RATE.name_of(rate), numerator=loc(num_zh, num_en), denominator=loc(den_zh, den_en),
                   target_pct=target.value, cites=target.reference.short(), citation=target.citation, cells=cells)


__all__ = ["build_report"]
