"""A report in the format asked for: table, csv, json, html (text) or xlsx (bytes); a rate report (model.py) or
a count report (sheets.py)."""
from __future__ import annotations

from collections.abc import Callable

from ..core.layout import Layout
from .html import render_html
from .model import Report
from .sheet_render import (
    render_sheet_csv,
    render_sheet_html,
    render_sheet_json,
    render_sheet_table,
    render_sheet_xlsx,
)
from .sheets import SheetReport
from .text import render_csv, render_json, render_table
from .xlsx import render_xlsx

REPORT_FORMATS = ("table", "csv", "json", "html", "xlsx")
BINARY_FORMATS = ("xlsx",)


# format -> (the rate report's renderer, the count report's renderer); json takes no language
_RENDERERS: dict[str, tuple[Callable[..., str | bytes], Callable[..., str | bytes]]] = {
    "xlsx": (render_xlsx, render_sheet_xlsx), "html": (render_html, render_sheet_html),
    "csv": (render_csv, render_sheet_csv), "table": (render_table, render_sheet_table),
}


def render_report(r: Report | SheetReport, fmt: str = "table", lang: str = "zh",
                  layout: Layout | None = None) -> str | bytes:
    """`layout` (width and colour) is for the table only."""
    if fmt == "json":
        return render_sheet_json(r) if isinstance(r, SheetReport) else render_json(r)
    rates, counts = _RENDERERS[fmt]
    if fmt == "table":
        return counts(r, lang, layout) if isinstance(r, SheetReport) else rates(r, lang, layout)
    return counts(r, lang) if isinstance(r, SheetReport) else rates(r, lang)


__all__ = ["render_report", "REPORT_FORMATS", "BINARY_FORMATS"]
