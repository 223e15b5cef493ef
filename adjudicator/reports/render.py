"""A report in the format asked for: table, csv, json, html (text) or xlsx (bytes)."""
from __future__ import annotations

from .html import render_html
from .model import Report
from .text import render_csv, render_json, render_table
from .xlsx import render_xlsx

REPORT_FORMATS = ("table", "csv", "json", "html", "xlsx")
BINARY_FORMATS = ("xlsx",)


def render_report(r: Report, fmt: str = "table", lang: str = "zh") -> str | bytes:
    if fmt == "xlsx":
        return render_xlsx(r, lang)
    if fmt == "html":
        return render_html(r, lang)
    if fmt == "csv":
        return render_csv(r, lang)
    if fmt == "json":
        return render_json(r)
    return render_table(r, lang)


__all__ = ["render_report", "REPORT_FORMATS", "BINARY_FORMATS"]
