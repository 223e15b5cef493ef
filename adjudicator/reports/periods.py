"""Reporting periods: calendar months and ISO weeks (Monday to Sunday), in China time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from ..core.inputs import CHINA_TZ

PeriodKind = Literal["month", "week"]
PERIOD_KINDS: tuple[str, ...] = PeriodKind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    label: str


def period_of(moment: datetime, kind: PeriodKind) -> Period:
    day = moment.astimezone(CHINA_TZ).date()
    if kind == "month":
        first = day.replace(day=1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return Period(first, last, f"{first:%Y-%m}")
    monday = day - timedelta(days=day.weekday())
    year, week, _ = day.isocalendar()
    return Period(monday, monday + timedelta(days=6), f"{year}-W{week:02d}")


def periods_between(first: Period, last: Period, kind: PeriodKind) -> list[Period]:
    """Every period from `first` to `last`, with none left out (a chart over time has no gaps in its axis)."""
    out, p = [], first
    while p.start <= last.start:
        out.append(p)
        p = period_of(datetime.combine(p.end + timedelta(days=1), datetime.min.time(), tzinfo=CHINA_TZ), kind)
    return out


__all__ = ["Period", "PeriodKind", "PERIOD_KINDS", "period_of", "periods_between"]
