"""A rate over the periods against its target, as an inline SVG line chart (no scripts, no external resources)."""
from __future__ import annotations

from html import escape

from .model import RateRow
from .sheets import Sheet, cell_text

WIDTH, HEIGHT = 520, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 36
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
LINE, TARGET, GRID, MISS = "#1f6feb", "#d1242f", "#d0d7de", "#d1242f"
MAX_FULL_LABELS = 6          # more periods than this: labels without the year (W05, 03), so that they do not overlap


def _y(pct: float) -> float:
    return TOP + PLOT_H * (1 - pct / 100)


def rate_chart(row: RateRow, labels: list[str], lang: str) -> str:
    """The rate per period (points joined where consecutive periods have a rate) and the target as a dashed line."""
    step = PLOT_W / max(len(labels) - 1, 1)
    xs = [LEFT + (step * i if len(labels) > 1 else PLOT_W / 2) for i in range(len(labels))]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(row.name.get(lang))}">',
             f'<title>{escape(row.name.get(lang))}</title>']
    for pct in (0, 25, 50, 75, 100):
        y = _y(pct)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID}" '
                     f'stroke-width="1"/><text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
                     f'{pct}%</text>')
    ty = _y(row.target_pct)
    parts.append(f'<line class="target" x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" '
                 f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
                 f'<text x="{WIDTH - RIGHT}" y="{ty - 4:.1f}" font-size="11" text-anchor="end" fill="{TARGET}">'
                 f'{"目标" if lang == "zh" else "target"} {row.target_pct:g}%</text>')
    runs: list[list[str]] = [[]]              # points of consecutive periods with a rate: one line each
    points, short = [], len(labels) > MAX_FULL_LABELS
    for x, label in zip(xs, labels, strict=True):
        cell = row.cells[label]
        shown = label.split("-", 1)[1] if short else label
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle">'
                     f'{escape(shown)}</text>')
        if cell.pct is None:
            runs.append([])
            continue
        runs[-1].append(f"{x:.1f},{_y(cell.pct):.1f}")
        colour = LINE if cell.meets else MISS
        points.append(f'<circle class="point" cx="{x:.1f}" cy="{_y(cell.pct):.1f}" r="4" fill="{colour}">'
                      f'<title>{escape(label)}: {cell.pct:.1f}% ({cell.n}/{cell.N})</title></circle>')
    parts += [_polyline(run) for run in runs if len(run) > 1]
    parts += points                              # the points over the line
    parts.append("</svg>")
    return "".join(parts)


def _polyline(points: list[str]) -> str:
    return f'<polyline class="rate" points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2"/>'


BAR_COLOURS = ("#1f6feb", "#2da44e", "#bf8700", "#d1242f", "#8250df")
BAR_W, BAR_GAP, MAX_BAR_ROWS = 14, 18, 24       # more rows than this: the chart shows the first ones (the table all)


def bar_chart(sheet: Sheet, lang: str) -> str:
    """The sheet's chart columns as bars, one group per row (labelled by the row's first cell), a legend above;
    no chart when the sheet has no chart columns or no rows."""
    keys = [c.key for c in sheet.columns]
    shown = [keys.index(k) for k in sheet.chart if k in keys]
    rows = sheet.rows[:MAX_BAR_ROWS]
    if not shown or not rows:
        return ""
    values = [[v if isinstance(v := row[i], int | float) else 0 for i in shown] for row in rows]
    top = max(max(v) for v in values) or 1
    group_w = BAR_W * len(shown) + BAR_GAP
    width = max(WIDTH, LEFT + RIGHT + group_w * len(rows))
    title = escape(sheet.title.get(lang))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" width="{width}" height="{HEIGHT}" '
             f'viewBox="0 0 {width} {HEIGHT}" role="img" aria-label="{title}"><title>{title}</title>',
             f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{width - RIGHT}" y2="{TOP + PLOT_H}" stroke="{GRID}"/>']
    for j, i in enumerate(shown):
        colour = BAR_COLOURS[j % len(BAR_COLOURS)]
        parts.append(f'<rect x="{LEFT + 90 * j}" y="2" width="10" height="10" fill="{colour}"/><text x="{LEFT + 90 * j + 14}" '
                     f'y="11" font-size="11">{escape(sheet.columns[i].name.get(lang))}</text>')
    for r, (row, vals) in enumerate(zip(rows, values, strict=True)):
        x0 = LEFT + group_w * r + BAR_GAP / 2
        for j, v in enumerate(vals):
            h = PLOT_H * v / top
            parts.append(f'<rect class="bar" x="{x0 + BAR_W * j:.1f}" y="{TOP + PLOT_H - h:.1f}" width="{BAR_W - 2}" '
                         f'height="{h:.1f}" fill="{BAR_COLOURS[j % len(BAR_COLOURS)]}"><title>'
                         f'{escape(cell_text(row[0], lang))}: {escape(sheet.columns[shown[j]].name.get(lang))} {v:g}'
                         f'</title></rect>')
        parts.append(f'<text x="{x0 + BAR_W * len(vals) / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
                     f'text-anchor="middle">{escape(cell_text(row[0], lang)[:8])}</text>')
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["rate_chart", "bar_chart"]
