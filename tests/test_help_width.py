"""Help laid out by display width: under zh and en, at 80 and 100 columns, no help line is wider than the
terminal (a Chinese character is two columns), except a unit layout never breaks that is wider than the line;
`\\b` blocks keep their own line breaks."""
from __future__ import annotations

import pytest
from test_cli_language import every_command, invoke

from adjudicator.commands.help_format import wrap_help
from adjudicator.core.layout import display_width, units

WIDTHS = (80, 100)


def too_wide(text: str, width: int) -> list[str]:
    """The lines of `text` wider than `width` that could have been broken (more than one unbreakable unit)."""
    return [line for line in text.splitlines()
            if display_width(line) > width and len(units(line.strip())) > 1]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_help_fits_the_terminal_by_display_width(lang, width):
    for names, _ in every_command():
        r = invoke([*names[1:], "--help", "--lang", lang], COLUMNS=str(width))
        assert r.exit_code == 0, r.output
        assert not too_wide(r.output, width), (names, too_wide(r.output, width))


def test_help_follows_columns():
    narrow = invoke(["batch", "--help", "--lang", "zh"], COLUMNS="80").output
    wide = invoke(["batch", "--help", "--lang", "zh"], COLUMNS="100").output
    assert max(map(display_width, narrow.splitlines())) <= 78 < max(map(display_width, wide.splitlines())) <= 98


def test_a_kept_block_keeps_its_lines_and_breaks_only_a_line_too_wide():
    text = "Intro.\n\n\b\nrun a    does a\nrun b    does b, " + "and more " * 10 + "\n"
    laid = wrap_help(text, 40, "  ", "  ").splitlines()
    assert laid[:4] == ["  Intro.", "", "  run a    does a", "  run b    does b, and more and more and"]
    assert all(line.startswith(" " * 11) for line in laid[4:]) and max(map(display_width, laid)) <= 40


def test_chinese_paragraphs_wrap_by_display_width():
    laid = wrap_help("裁决" * 40, 30, "  ", "  ").splitlines()
    assert all(display_width(line) <= 30 for line in laid) and len(laid) == 6
