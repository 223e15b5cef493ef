"""A report as an XLSX workbook (openpyxl): a sheet per group with the rates by period (n / N beside each rate),
and a sheet of what each rate counts and where its target comes from."""
from __future__ import annotations

import io

from .citations import cited
from .labels import group_name, t, title
from .model import Report

MAX_SHEET_NAME = 31           # Excel's limit
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def render_xlsx(r: Report, lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    labels = [p.label for p in r.periods]
    for g in r.groups:
        ws = wb.create_sheet(group_name(g.group, lang, r.by).translate(_FORBIDDEN)[:MAX_SHEET_NAME])
        ws.append([title(r, lang)])
        ws.append([t("rate", lang), t("target", lang), *[f"{x} %" for x in labels], *[f"{x} n/N" for x in labels],
                   t("source", lang)])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in g.rates:
            cells = [row.cells[x] for x in labels]
            ws.append([row.name.get(lang), row.target_pct, *[c.pct for c in cells],
                       *[f"{c.n}/{c.N}" for c in cells], cited(row.cites, lang)])
        ws.append([t("open", lang), None, *[g.items[x].open for x in labels]])
        ws.append([t("overdue", lang), None, *[g.items[x].overdue for x in labels]])
    ws = wb.create_sheet(t("definitions", lang)[:MAX_SHEET_NAME])
    ws.append([t("rate", lang), t("numerator", lang), t("denominator", lang), t("source", lang)])
    for row in r.groups[0].rates if r.groups else []:
        ws.append([row.name.get(lang), row.numerator.get(lang), row.denominator.get(lang), row.citation.text(lang)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["render_xlsx"]
