"""A count report (reports/sheets.py) in every report format: a table per sheet (zh or en), CSV (a block per
sheet: its key in the first column, then its columns' codes; blocks apart by an empty line), JSON, an XLSX
workbook with a sheet per sheet, and one self-contained HTML page (the report page's style, a bar chart per sheet
in inline SVG, no scripts or outside resources)."""
from __future__ import annotations

import csv
import io
from html import escape

from ..core.layout import Layout, Table, paragraph, table
from ..core.text import spreadsheet_cell, terminal_text
from .html import STYLE
from .labels import t
from .sheets import Sheet, SheetReport, cell_text, cell_value
from .svg import bar_chart
from .xlsx import _FORBIDDEN, MAX_SHEET_NAME


def _head(r: SheetReport, lang: str) -> str:
    return (f"{r.title.get(lang)} · {r.period}\n{t('as_of', lang)} {r.as_of:%Y-%m-%d %H:%M} · "
            f"{t('profile', lang)} {r.profile} · {t('source', lang)} {r.citation.text(lang)}")


def _has_previous(keys: list[str], i: int) -> bool:
    """A `<key>_prev` column right after `<key>`: the table shows it inside that column, in brackets."""
    return i + 1 < len(keys) and keys[i + 1] == f"{keys[i]}_prev"


# On a narrow terminal (or when a sheet's columns cannot stand side by side), {secondary column: the columns it may
# be stacked under, the first the sheet has}, by column key ("" is the sheet's first column): the item, its due
# time, the case and the counts a sheet compares keep their columns; the citation, the staff and the department
# go under what they qualify, the cases closed on time (n/N) under the closed or the on-time share, the exempt
# under the open, the change under the share it changes.
_STACKED = {"source": ("",), "advisor": ("dealer",), "department": ("dealer",), "hours_left": ("due",),
            "deadline": ("reminder",), "on_time": ("closed", "on_time_pct"), "exempt": ("open",),
            "change_pp": ("on_time_pct",)}


def _stacking(keys: list[str]) -> dict[int, int]:
    at = {k: i for i, k in enumerate(keys)}
    out = {}
    for secondary, hosts in _STACKED.items():
        host_at = next((0 if host == "" else at[host] for host in hosts if host == "" or host in at), None)
        if secondary in at and host_at is not None and at[secondary] != host_at:
            out[at[secondary]] = host_at
    return out


def render_sheet_table(r: SheetReport, lang: str = "zh", layout: Layout | None = None) -> str:
    """A table per sheet laid out to `layout` (by default 100 columns); dealer, staff and case names are input:
    shown inert."""
    layout = layout or Layout()
    parts = ["\n".join(paragraph(terminal_text(line), layout.width) for line in _head(r, lang).split("\n"))]
    previous = "上期" if lang == "zh" else "previous"
    for s in r.sheets:
        keys = [c.key for c in s.columns]
        shown = [i for i in range(len(keys)) if not (i and _has_previous(keys, i - 1))]
        headers = [s.columns[i].name.get(lang) + (f" ({previous})" if _has_previous(keys, i) else "") for i in shown]
        rows = [[cell_text(row[i], lang) + (f" ({cell_text(row[i + 1], lang)})" if _has_previous(keys, i) else "")
                 for i in shown] for row in s.rows]
        parts.append(paragraph(terminal_text(s.title.get(lang)), layout.width) + "\n"
                     + table(Table([terminal_text(h) for h in headers],
                                   [[terminal_text(c) for c in row] for row in rows],
                                   _stacking([keys[i] for i in shown])), layout))
    parts += [paragraph(terminal_text(n.get(lang)), layout.width, "* ") for n in r.notes]
    return "\n\n".join(parts)


def render_sheet_csv(r: SheetReport, lang: str = "zh") -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for i, s in enumerate(r.sheets):
        if i:
            w.writerow([])
        w.writerow(["sheet", *[c.key for c in s.columns]])
        for row in s.rows:
            w.writerow([s.key, *["" if c is None else spreadsheet_cell(cell_value(c, lang)) for c in row]])
    return out.getvalue()


def render_sheet_json(r: SheetReport) -> str:
    return r.model_dump_json(indent=2)


def render_sheet_xlsx(r: SheetReport, lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for s in r.sheets:
        ws = wb.create_sheet(s.title.get(lang).translate(_FORBIDDEN)[:MAX_SHEET_NAME])
        ws.append([f"{r.title.get(lang)} · {r.period}", r.citation.text(lang)])
        ws.append([c.name.get(lang) for c in s.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in s.rows:
            ws.append([spreadsheet_cell(cell_value(c, lang)) for c in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _html_table(s: Sheet, lang: str) -> str:
    head = "".join(f"<th>{escape(c.name.get(lang))}</th>" for c in s.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell_text(c, lang))}</td>" for c in row) + "</tr>"
                   for row in s.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_sheet_html(r: SheetReport, lang: str = "zh") -> str:
    heading = escape(f"{r.title.get(lang)} · {r.period}")
    sections = "".join(f"<section><h2>{escape(s.title.get(lang))}</h2>{bar_chart(s, lang)}{_html_table(s, lang)}"
                       f"</section>" for s in r.sheets)
    notes = "".join(f"<li>{escape(n.get(lang))}</li>" for n in r.notes)
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{heading}</title><style>{STYLE}</style></head><body><h1>{heading}</h1>"
            f'<p class="meta">{escape(t("as_of", lang))} {r.as_of:%Y-%m-%d %H:%M} · {escape(t("profile", lang))} '
            f"{escape(r.profile)} · {escape(t('source', lang))} {escape(r.citation.text(lang))}</p>{sections}"
            f"<ul class=\"meta\">{notes}</ul></body></html>\n")


__all__ = ["render_sheet_table", "render_sheet_csv", "render_sheet_json", "render_sheet_xlsx", "render_sheet_html"]
