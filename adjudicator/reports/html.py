"""A report as one self-contained HTML page: for each group a chart per rate (inline SVG, rate over time against
the target line) and the table behind it (n / N, target, change, source), the open and overdue items, and what
each rate counts. No scripts, fonts, images or style sheets from elsewhere."""
from __future__ import annotations

from html import escape

from .citations import cited
from .labels import change, group_name, pct, t, title
from .model import GroupReport, Report
from .svg import rate_chart

STYLE = """body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#1f2328}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d0d7de}
.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #d0d7de;border-radius:6px;padding:8px}
figcaption{font-size:13px;font-weight:600;margin-bottom:4px}table{border-collapse:collapse;margin:12px 0;font-size:13px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}th{background:#f6f8fa}.miss{color:#d1242f}
.meta{color:#59636e;font-size:13px}"""


def _table(g: GroupReport, labels: list[str], lang: str) -> str:
    head = "".join(f"<th>{escape(x)}</th>" for x in [t("rate", lang), t("target", lang), *labels,
                                                        t("change", lang), t("source", lang)])
    rows = []
    for row in g.rates:
        cells = "".join(
            f'<td class="{"miss" if c.meets is False else ""}">{pct(c.pct)} ({c.n}/{c.N})</td>'
            for c in (row.cells[x] for x in labels))
        rows.append(f"<tr><td>{escape(row.name.get(lang))}</td><td>≥{row.target_pct:g}%</td>{cells}"
                    f"<td>{escape(change(row.cells[labels[-1]].change_pp, lang)) if labels else '—'}</td>"
                    f"<td>{escape(cited(row.cites, lang))}</td></tr>")
    for key in ("open", "overdue"):
        counts = "".join(f"<td>{getattr(g.items[x], key)}</td>" for x in labels)
        rows.append(f"<tr><td>{escape(t(key, lang))}</td><td></td>{counts}<td></td><td></td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_html(r: Report, lang: str = "zh") -> str:
    labels = [p.label for p in r.periods]
    sections = []
    for g in r.groups:
        charts = "".join(f"<figure><figcaption>{escape(row.name.get(lang))}</figcaption>"
                         f"{rate_chart(row, labels, lang)}</figure>" for row in g.rates)
        sections.append(f"<section><h2>{escape(t('group', lang))}: {escape(group_name(g.group, lang, r.by))}</h2>"
                        f'<div class="charts">{charts}</div>{_table(g, labels, lang)}</section>')
    first = r.groups[0].rates if r.groups else []
    definitions = "".join(f"<tr><td>{escape(row.name.get(lang))}</td><td>{escape(row.numerator.get(lang))}</td>"
                          f"<td>{escape(row.denominator.get(lang))}</td><td>{escape(row.citation.text(lang))}</td></tr>"
                          for row in first)
    heading = escape(title(r, lang))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{heading}</title><style>{STYLE}</style></head><body><h1>{heading}</h1>"
            f'<p class="meta">{escape(t("as_of", lang))} {r.as_of:%Y-%m-%d %H:%M} · {escape(t("profile", lang))} '
            f"{escape(r.profile)}</p>{''.join(sections)}<h2>{escape(t('definitions', lang))}</h2><table><thead><tr>"
            f"<th>{escape(t('rate', lang))}</th><th>{escape(t('numerator', lang))}</th>"
            f"<th>{escape(t('denominator', lang))}</th><th>{escape(t('source', lang))}</th></tr></thead>"
            f"<tbody>{definitions}</tbody></table></body></html>\n")


__all__ = ["render_html"]
