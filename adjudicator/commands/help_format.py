"""click's help laid out by display width: a Chinese character is two columns, so click's own wrapping (which
counts characters) would make a Chinese help line up to twice as wide as the terminal. The width is the one
tables get (`api.layout_for`: `COLUMNS` when set, else the terminal's, else 100 when piped), at most the context's
`max_content_width`, less click's margin of two; a context's own `terminal_width` wins. (click's own measure
would also obey the fixed 80 columns its test runner forces, so `COLUMNS` could not be tested.) Lines are broken by
`core.layout` (`api.wrap_paragraph`), with its rules: ids and options never split, no line starting with closing
punctuation, a unit wider than the line on a line of its own.

Paragraphs are click's: blocks between empty lines, each keeping the indent of its first line, and a block led by
a line holding only `\\b` keeps its own line breaks. A line of such a block wider than the terminal is the one
thing broken there: as an example list is written (a command, two spaces or more, what it does), its
continuation lines start under the description, or under the command indented when the description starts too
far right to leave room.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence

import click

import adjudicator as api

NO_REWRAP = "\b"
# an example line: the command, a gap of two spaces or more, what it does
_EXAMPLE = re.compile(r"^(\s*\S.*?\S)( {2,})(\S.*)$")
_LEAST_DESCRIPTION = 20        # narrower than this a description column is not worth keeping
_MARGIN = 2                    # click leaves two columns free at the right
_CONTINUATION = "    "         # how much further a broken line of a kept block goes on


def _blocks(text: str) -> Iterator[tuple[int, bool, list[str]]]:
    """click's paragraphs of `text`: (indent of the first line, kept as written, the lines without that indent)."""
    lines: list[str] = []
    for line in [*text.expandtabs().splitlines(), ""]:
        if line:
            lines.append(line)
            continue
        if lines:
            indent = api.display_width(lines[0]) - api.display_width(lines[0].lstrip())
            kept = lines[0].strip() == NO_REWRAP
            body = lines[1:] if kept else [line.strip() for line in lines]
            yield indent, kept, body
            lines = []


def _kept_line(line: str, width: int, indent: str) -> str:
    """A line of a `\\b` block: as written when it fits, else broken with its continuation aligned (see above)."""
    if api.display_width(indent + line) <= width:
        return indent + line
    example = _EXAMPLE.match(line)
    if example:
        head = indent + example.group(1) + example.group(2)
        if width - api.display_width(head) >= _LEAST_DESCRIPTION:
            return api.wrap_paragraph(example.group(3), width, head)
        command = api.wrap_paragraph(example.group(1).strip(), width, indent, indent + _CONTINUATION)
        return command + "\n" + api.wrap_paragraph(example.group(3), width, indent + _CONTINUATION * 2)
    lead = indent + line[:len(line) - len(line.lstrip())]
    return api.wrap_paragraph(line.strip(), width, lead, lead + _CONTINUATION)


def wrap_help(text: str, width: int, first: str = "", rest: str = "") -> str:
    """`text` laid out to `width` display columns as click's `wrap_text(preserve_paragraphs=True)` would, measured
    by display width: `first` leads the first line, `rest` every other one."""
    out = []
    for n, (indent, kept, lines) in enumerate(_blocks(text)):
        lead, other = (first if n == 0 else rest) + " " * indent, rest + " " * indent
        if kept:
            shown = [_kept_line(line, width, lead if i == 0 else other) for i, line in enumerate(lines)]
            out.append("\n".join(shown))
        else:
            out.append(api.wrap_paragraph(" ".join(lines), width, lead, other))
    return "\n\n".join(out)


class DisplayWidthFormatter(click.HelpFormatter):
    """click's help formatter, every line measured by display width (click's own measures characters)."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        if width is None:
            terminal = api.layout_for(sys.stdout).width
            width = min(terminal, max_width or terminal) - _MARGIN      # layout_for is never below 40
        super().__init__(indent_increment, width, max_width)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = click.formatting._("Usage:") + " "
        usage = f"{prefix:>{self.current_indent}}{prog} "
        if not args:
            self.write(usage.rstrip(" ") + "\n")
            return
        width = self.width
        if width - self.current_indent >= api.display_width(usage) + _LEAST_DESCRIPTION:
            self.write(api.wrap_paragraph(args, width, usage) + "\n")
        else:
            indent = " " * (max(self.current_indent, api.display_width(prefix)) + len(_CONTINUATION))
            self.write(usage + "\n" + api.wrap_paragraph(args, width, indent) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap_help(text, self.width, indent, indent) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]] | Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = [(first, second) for first, second in rows]
        widest = max((api.display_width(first) for first, _ in rows), default=0)
        first_col = min(widest, col_max) + col_spacing
        indent = " " * self.current_indent
        description = " " * (self.current_indent + first_col)
        for first, second in rows:
            term = indent + first
            if not second:
                self.write(term + "\n")
                continue
            if api.display_width(first) <= first_col - col_spacing:
                lead = term + " " * (first_col - api.display_width(first))
            else:
                self.write(term + "\n")
                lead = description
            self.write(wrap_help(second, self.width, lead, description) + "\n")


class HelpContext(click.Context):
    formatter_class = DisplayWidthFormatter


__all__ = ["DisplayWidthFormatter", "HelpContext", "wrap_help"]
