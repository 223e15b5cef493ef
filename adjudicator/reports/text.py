"""A report as a table (zh or en), as CSV (one row per group, rate and period: the counts behind every rate) and
as JSON."""
from __future__ import annotations

import csv
import io

from ..core.layout import Layout, Table, paragraph, table
from ..core.text import spreadsheet_cell, terminal_text
from .citations import cited
from .labels import change, group_name, pct, t, title
from .model import Report

CSV_COLUMNS = ("group", "period", "period_start", "period_end", "rate", "rate_name", "n", "N", "pct", "target_pct",
               "meets", "change_pp", "source", "open", "overdue")


def render_table(r: Report, lang: str = "zh", layout: Layout | None = None) -> str:
    """The report's rates per group, a column per period, laid out to `layout` (by default 100 columns). On a
    narrow terminal the target and the source are stacked under the rate's name and the change under the last
    period (the change is that period's from the one before), so that the periods, which are what the table
    compares, keep their columns. Dealer and staff names are input: shown inert."""
    layout = layout or Layout()
    labels = [p.label for p in r.periods]
    parts = [paragraph(terminal_text(title(r, lang)), layout.width) + "\n"
             + paragraph(terminal_text(f"{t('as_of', lang)} {r.as_of:%Y-%m-%d %H:%M} · {t('profile', lang)} "
                                       f"{r.profile}"), layout.width)]
    for g in r.groups:
        headers = [t("rate", lang), t("target", lang), *labels, t("change", lang), t("source", lang)]
        rows = []
        for row in g.rates:
            cells = [row.cells[x] for x in labels]
            shown = [f"{pct(c.pct)} ({c.n}/{c.N})" + ("" if c.meets in (None, True) else " ✗") for c in cells]
            rows.append([row.name.get(lang), f"≥{row.target_pct:g}%", *shown, change(cells[-1].change_pp, lang),
                         cited(row.cites, lang)])
        rows.append([t("open", lang), "", *[str(g.items[x].open) for x in labels], "", ""])
        rows.append([t("overdue", lang), "", *[str(g.items[x].overdue) for x in labels], "", ""])
        last_period = len(headers) - 3
        stack = {1: 0, len(headers) - 2: last_period, len(headers) - 1: 0}
        parts.append(paragraph(terminal_text(f"{t('group', lang)}: {group_name(g.group, lang, r.by)}"), layout.width) + "\n"
                     + table(Table([terminal_text(h) for h in headers],
                                   [[terminal_text(c) for c in row] for row in rows], stack), layout))
    return "\n\n".join(parts)


def render_csv(r: Report, lang: str = "zh") -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for g in r.groups:
        for row in g.rates:
            for p in r.periods:
                c, items = row.cells[p.label], g.items[p.label]
                w.writerow([spreadsheet_cell(g.group), p.label, p.start, p.end, row.rate, row.name.get(lang), c.n, c.N,
                            "" if c.pct is None else c.pct, row.target_pct, "" if c.meets is None else c.meets,
                            "" if c.change_pp is None else c.change_pp, row.cites, items.open, items.overdue])
    return out.getvalue()


def render_json(r: Report) -> str:
    return r.model_dump_json(indent=2)


__all__ = ["render_table", "render_csv", "render_json", "CSV_COLUMNS"]
