"""A periodic report as a value: per group (everything, or one dealer or member of staff), per rate, per period,
the counts, the rate, its target and the change against the previous period; and the open and overdue items."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from ..core.text import Citation, Localized, Out


class RateCell(Out):
    n: int = Field(description="items in the numerator")
    N: int = Field(description="items in the denominator")
    pct: float | None = Field(description="n / N in percent, one decimal; none when N is 0")
    meets: bool | None = Field(description="the rate reaches its target")
    change_pp: float | None = Field(description="percentage points against the previous period")


class RateRow(Out):
    rate: str
    name: Localized
    numerator: Localized
    denominator: Localized
    target_pct: float
    cites: str = Field(description="where the target comes from, e.g. REVISIT §11 1")
    citation: Citation
    cells: dict[str, RateCell] = Field(description="by period label")


class ItemCounts(Out):
    open: int = Field(description="not done and not yet due at the report time")
    overdue: int = Field(description="not done and past due at the report time")


class GroupReport(Out):
    group: str = Field(description="'*' for everything, else the dealer, the member of staff or the department code")
    rates: list[RateRow]
    items: dict[str, ItemCounts] = Field(description="by period label (the period the item falls due in)")


class PeriodOut(Out):
    label: str
    start: date
    end: date


class Report(Out):
    subject: Literal["followup", "complaints", "assessment"]
    period: Literal["month", "week"]
    by: Literal["dealer", "advisor", "department"]
    as_of: datetime
    profile: str
    periods: list[PeriodOut]
    groups: list[GroupReport]


ALL = "*"

__all__ = ["Report", "GroupReport", "RateRow", "RateCell", "ItemCounts", "PeriodOut", "ALL"]
