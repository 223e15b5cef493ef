"""Text laid out for a terminal of a given width: lines broken by display width (an East Asian wide character is
two columns) and by the line-breaking rules of Chinese text, tables whose columns share the width, and emphasis
(ANSI colour) only where colour is wanted.

Breaking. Text is cut into units that are never split: a run of letters, digits and ASCII punctuation (an id,
a VIN, a date, a number such as 168,800.00, an English word) is one unit; any other character (a Chinese
character) is a unit of its own. Closing punctuation (，。）」 …) is glued to the unit before it, so that no line
starts with it, and opening punctuation (（「 …) to the unit after it, so that no line ends with it; spaces
between them do not undo the glue. A line breaks between units only: after the spaces that follow a unit (they
stay at the end of the piece they follow and are not shown), or at a line break in the text itself.

A unit wider than the whole line is never split: it gets a line of its own, which is then wider than the width
asked for. Tables avoid that by giving every column at least the width of its widest unit; a table is wider
than the terminal only when its unbreakable units cannot fit side by side.

Everything here is domain-free: renderers pass their rows, which secondary columns to stack on a narrow terminal,
and which cells to emphasise.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

# Piped output (a file, `less`, a mail) has no width to ask; 100 columns reads well in a pager and in a mail, and
# is where a table still holds its columns side by side.
DEFAULT_WIDTH = 100
# Below this width secondary columns are stacked under the column they belong to (see `table`).
NARROW_BELOW = 100
# Narrower than this nothing useful fits (a date and a status side by side): such a terminal is laid out at this.
MIN_WIDTH = 40

CLOSING = set("，。、；：？！）」』》】〕〉〗〙〛’”…‥・·%％‰)]},.;:?!")
OPENING = set("（「『《【〔〈〖〘〚‘“([{")
# a hard break, spaces, a date with its time (2025-03-01 23:59), an article of a Chinese instrument (第二十三条,
# the way it is cited), an ASCII run, any other character
_UNIT = re.compile(r"\n|[ \t]+|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?(?![!-~])"
                   r"|第[0-9〇零一二三四五六七八九十百千]+[条款项章节编]|[!-~]+|.", re.S)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
EMPHASIS = "\x1b[1;31m"        # bold red: an overdue item
RESET = "\x1b[0m"


def visible(text: str) -> str:
    """`text` without the colour codes this module adds."""
    return _ANSI.sub("", text)


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: wide (CJK) characters two, combining marks none, colour codes none."""
    from wcwidth import wcwidth  # imported on first use: JSON output never measures text

    total = 0
    for ch in visible(text):
        w = wcwidth(ch)
        total += w if w > 0 else 0
    return total


# ---------------------------------------------------------------- breaking lines

def units(text: str) -> list[str]:
    """`text` cut into the pieces a line may break between; joined they give `text` back. A piece holds its
    trailing spaces; a piece ending in a line break must end its line."""
    atoms = _UNIT.findall(text)
    out: list[str] = []
    glue_next = False
    for atom in atoms:
        if atom == "\n":
            if out:
                out[-1] += atom
            else:
                out.append(atom)
            glue_next = False
            continue
        if atom.isspace():
            if out and not out[-1].endswith("\n"):
                out[-1] += atom
            else:
                out.append(atom)
            continue
        starts_closing = atom[0] in CLOSING
        if out and not out[-1].endswith("\n") and (glue_next or starts_closing):
            out[-1] += atom
        else:
            out.append(atom)
        glue_next = atom[-1] in OPENING
    return out


def pieces(text: str, width: int) -> list[str]:
    """`text` cut into lines of at most `width` display columns (spaces at a break and the break itself
    excepted): the pieces joined give `text` back exactly."""
    out: list[str] = []
    current = ""
    for unit in units(text):
        if current and display_width((current + unit).rstrip(" \t\n")) > width:
            out.append(current)
            current = ""
        current += unit
        if current.endswith("\n"):
            out.append(current)
            current = ""
    if current or not out:
        out.append(current)
    return out


def wrap(text: str, width: int) -> list[str]:
    """The lines of `text` broken to `width` (see `pieces`), without the spaces and line breaks at their ends."""
    lines = [p.rstrip(" \t\n") for p in pieces(text, width)]
    if len(lines) > 1 and text.endswith("\n"):
        lines.pop()                              # a final line break ends the last line, it starts none
    return lines


def widest_unit(text: str) -> int:
    """The width of the widest piece of `text` that is never broken."""
    return max((display_width(u.rstrip(" \t\n")) for u in units(text)), default=0)


def paragraph(text: str, width: int, first: str = "", rest: str | None = None) -> str:
    """`text` wrapped to `width` after a prefix (`first` on the first line, `rest` -- spaces as wide as `first`
    by default -- on the others): a bullet item that fits."""
    rest = " " * display_width(first) if rest is None else rest
    inner = max(width - display_width(first), 1)
    lines = wrap(text, inner)
    return "\n".join((first if i == 0 else rest) + line for i, line in enumerate(lines))


# ---------------------------------------------------------------- where the output goes

@dataclass(frozen=True)
class Layout:
    """How text output is laid out: the width in display columns and whether emphasis is shown in colour."""

    width: int = DEFAULT_WIDTH
    colour: bool = False

    @property
    def narrow(self) -> bool:
        return self.width < NARROW_BELOW

    def emphasised(self, text: str) -> str:
        """`text` in the colour of an overdue item, line by line (a table's borders stay uncoloured)."""
        if not self.colour:
            return text
        return "\n".join(f"{EMPHASIS}{line}{RESET}" if line else line for line in text.split("\n"))


def output_width(stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> int:
    """`COLUMNS` when it is set to a number; else the terminal's width when `stream` is a terminal; else
    DEFAULT_WIDTH. Never narrower than MIN_WIDTH."""
    env = os.environ if env is None else env
    stream = sys.stdout if stream is None else stream
    width: int | None = None
    value = env.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        width = int(value)
    elif _is_terminal(stream):
        try:
            width = os.get_terminal_size(stream.fileno()).columns or None
        except (OSError, ValueError, AttributeError):
            width = None
    return max(width or DEFAULT_WIDTH, MIN_WIDTH)


def wants_colour(stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> bool:
    """Colour as no-color.org says: never when NO_COLOR is set (to anything but the empty string); always when
    FORCE_COLOR is; otherwise only on a terminal."""
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return _is_terminal(sys.stdout if stream is None else stream)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def layout_for(stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> Layout:
    """The layout of output written to `stream` (stdout by default) under `env` (the process environment)."""
    return Layout(output_width(stream, env), wants_colour(stream, env))


# ---------------------------------------------------------------- tables

_FRAME_COLUMNS = {"grid": lambda n: 3 * n + 1, "simple": lambda n: 2 * (n - 1), "plain": lambda n: 2 * (n - 1)}
_GRID = {"top": "┌─┬┐", "rule": "├─┼┤", "bottom": "└─┴┘"}          # left, fill, crossing, right


@dataclass
class Table:
    """A table to lay out: headers (empty for none), rows of cell texts, the secondary columns to stack under
    another on a narrow terminal ({secondary: host}), and the cells to emphasise ({(row, column)})."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    stack: Mapping[int, int] = field(default_factory=dict)
    marked: set[tuple[int, int]] = field(default_factory=set)
    style: str = "grid"


def _stacked(t: Table) -> Table:
    """Secondary columns moved under their host: the host's header gets the secondary's below it, each cell the
    secondary's text on a line below its own (an empty or "—" value adds nothing)."""
    keep = [i for i in range(len(t.headers) if t.headers else len(t.rows[0]) if t.rows else 0) if i not in t.stack]
    under: dict[int, list[int]] = {}
    for secondary, host in sorted(t.stack.items()):
        under.setdefault(host, []).append(secondary)

    def merged(cells: Sequence[str], blanks: bool) -> list[str]:
        out = []
        for i in keep:
            parts = [cells[i]] + [cells[s] for s in under.get(i, []) if blanks or cells[s] not in ("", "—")]
            out.append("\n".join(parts))
        return out

    headers = merged(t.headers, True) if t.headers else []
    rows = [merged(r, False) for r in t.rows]
    position = {old: new for new, old in enumerate(keep)}
    marked = {(r, position[t.stack.get(c, c)]) for r, c in t.marked}
    return Table(headers, rows, {}, marked, t.style)


def _widths(columns: list[list[str]], available: int) -> list[int]:
    """Column widths that share `available`: every column its natural width when all fit; otherwise each at
    least its widest unbreakable unit, and what is left shared in proportion to what each still lacks."""
    natural = [max((max(display_width(line) for line in c.split("\n")) for c in col), default=0) for col in columns]
    if sum(natural) <= available:
        return natural
    least = [min(max((widest_unit(c) for c in col), default=0), n) for col, n in zip(columns, natural, strict=True)]
    spare = available - sum(least)
    if spare <= 0:
        return least
    lacking = [n - m for n, m in zip(natural, least, strict=True)]
    total = sum(lacking)
    widths = [m + spare * lack // total for m, lack in zip(least, lacking, strict=True)]
    left = available - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: widths[i] - natural[i]):
        if left <= 0:
            break
        if widths[i] < natural[i]:
            widths[i] += 1
            left -= 1
    return widths


def _columns(t: Table) -> list[list[str]]:
    count = len(t.headers) if t.headers else (len(t.rows[0]) if t.rows else 0)
    return [[*([t.headers[i]] if t.headers else []), *(r[i] for r in t.rows)] for i in range(count)]


def _available(t: Table, width: int, count: int) -> int:
    return max(width - _FRAME_COLUMNS[t.style](count), count)


def _fits(t: Table, width: int) -> bool:
    """Whether every column can have the width of its widest unbreakable unit side by side."""
    columns = _columns(t)
    return sum(max((widest_unit(c) for c in col), default=0) for col in columns) <= _available(t, width,
                                                                                                len(columns))


def table(t: Table, layout: Layout) -> str:
    """`t` laid out to `layout.width`: secondary columns stacked when the terminal is narrow (or when the
    columns could not stand side by side without breaking an id), every cell wrapped to its column's width,
    marked cells emphasised. Cell text must already be safe to show (core.text.shown). Styles: "grid" (boxed, a
    rule between rows), "simple" (a dashed rule under the headers), "plain"."""
    if t.stack and (layout.narrow or not _fits(t, layout.width)):
        t = _stacked(t)
    columns = _columns(t)
    if not columns:
        return ""
    widths = _widths(columns, _available(t, layout.width, len(columns)))

    def block(cells: Sequence[str], row: int | None) -> list[str]:
        """One row of the table as its lines: each cell wrapped to its column and padded to its width."""
        laid = [[line for part in c.split("\n") for line in wrap(part, widths[i])] for i, c in enumerate(cells)]
        height = max(len(lines) for lines in laid)
        out = []
        for k in range(height):
            shown = []
            for i, lines in enumerate(laid):
                text = lines[k] if k < len(lines) else ""
                pad = " " * max(widths[i] - display_width(text), 0)
                shown.append((layout.emphasised(text) if (row, i) in t.marked else text) + pad)
            out.append(("│ " + " │ ".join(shown) + " │") if t.style == "grid" else "  ".join(shown).rstrip(" "))
        return out

    def rule(kind: str) -> str:
        left, fill, cross, right = _GRID[kind]
        return left + cross.join(fill * (w + 2) for w in widths) + right

    body = [block(r, n) for n, r in enumerate(t.rows)]
    head = block(t.headers, None) if t.headers else None
    if t.style == "grid":
        lines = [rule("top")]
        if head is not None:
            lines += head + [rule("rule")]
        for n, b in enumerate(body):
            lines += b + ([rule("rule")] if n < len(body) - 1 else [])
        return "\n".join(lines + [rule("bottom")])
    dashes = "  ".join("-" * w for w in widths)
    # rows of several lines are told apart by a blank line between them
    between = [""] if any(len(b) > 1 for b in body) else []
    rows = [line for n, b in enumerate(body) for line in (between if n else []) + b]
    if t.style == "simple":
        lines = (head + [dashes]) if head is not None else [dashes]
        return "\n".join(lines + rows if head is not None else lines + rows + [dashes])
    return "\n".join((head or []) + rows)


__all__ = ["DEFAULT_WIDTH", "NARROW_BELOW", "MIN_WIDTH", "CLOSING", "OPENING", "Layout", "Table", "display_width",
           "visible", "units", "pieces", "wrap", "widest_unit", "paragraph", "output_width", "wants_colour",
           "layout_for", "table"]
