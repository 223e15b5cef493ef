"""A count report as a value: titled sheets of rows under named columns (the weekly complaint summary, the
time-limit report, the time-limit reminders), with the section each report comes from. A cell is a number, a
text, a localized text (a department's or a status's name) or empty."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from ..core.text import Citation, Localized, Out

Cell = Localized | int | float | str | None


class Column(Out):
    key: str = Field(description="the column's code (the CSV header)")
    name: Localized


class Sheet(Out):
    key: str
    title: Localized
    columns: list[Column]
    rows: list[list[Cell]]
    chart: list[str] = Field(default_factory=list, description="the columns the HTML page draws as bars, per row")


class SheetReport(Out):
    subject: Literal["complaint_summary", "time_limits", "reminders"]
    title: Localized
    cites: str = Field(description="the section that requires the report")
    citation: Citation
    as_of: datetime
    period: str = Field(description="what the report covers, e.g. 2025-W10 (against 2025-W09)")
    profile: str
    notes: list[Localized] = Field(default_factory=list, description="what the counts mean")
    sheets: list[Sheet]


def cell_value(value: Cell, lang: str) -> int | float | str | None:
    """The value as a spreadsheet holds it: a localized text in `lang`."""
    return value.get(lang) if isinstance(value, Localized) else value


def cell_text(value: Cell, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, Localized):
        return value.get(lang)
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


__all__ = ["SheetReport", "Sheet", "Column", "Cell", "cell_text", "cell_value"]
