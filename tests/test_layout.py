"""core.layout: lines broken by display width and by Chinese line-breaking rules, tables sharing a width, colour
only where it is wanted (unit tests and hypothesis properties)."""
from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adjudicator.core.layout import (
    CLOSING,
    DEFAULT_WIDTH,
    MIN_WIDTH,
    OPENING,
    Layout,
    Table,
    display_width,
    layout_for,
    output_width,
    paragraph,
    pieces,
    table,
    units,
    visible,
    wants_colour,
    widest_unit,
    wrap,
)

SENTENCE = ("消费者于2026-04-10提出更换请求（依据第二十二条），销售者应在 5 个工作日内答复。VIN LVSHFFAL6PF234567 "
            "维修单 GW2304300017 已修理 6 次，费用 168,800.00 元；截止 2024-10-30 23:59。")
WHOLE = ["2026-04-10", "LVSHFFAL6PF234567", "GW2304300017", "168,800.00", "第二十二条", "2024-10-30 23:59"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_display_width_counts_wide_characters_twice_and_colour_codes_not_at_all() -> None:
    assert display_width("abc") == 3
    assert display_width("三包") == 4
    assert display_width("（）") == 4
    assert display_width("\x1b[1;31m已逾期\x1b[0m") == 6
    assert visible("\x1b[1;31mx\x1b[0m") == "x"


@pytest.mark.parametrize("width", range(4, 60))
def test_ids_dates_numbers_and_articles_are_never_split(width: int) -> None:
    lines = wrap(SENTENCE, width)
    for token in WHOLE:
        assert any(token in line for line in lines), (width, token, lines)


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation() -> None:
    text = "甲乙丙丁。（戊己）」庚辛，壬癸、子丑；寅卯：辰巳？午未！申酉》"
    for width in range(2, 30):
        lines = wrap(text, width)
        assert all(line[0] not in CLOSING for line in lines[1:]), (width, lines)
        assert all(line[-1] not in OPENING for line in lines), (width, lines)
        assert "".join(lines) == text


def test_a_space_between_a_word_and_closing_punctuation_does_not_allow_a_break_there() -> None:
    assert units("foo ）bar") == ["foo ）", "bar"]
    assert units("（ foo bar") == ["（ foo ", "bar"]


def test_a_unit_wider_than_the_line_gets_a_line_of_its_own_and_stays_whole() -> None:
    assert wrap("短 ABCDEFGHIJKLMNOP 长", 6) == ["短", "ABCDEFGHIJKLMNOP", "长"]
    assert widest_unit("短 ABCDEFGHIJKLMNOP 长") == 16


def test_line_breaks_in_the_text_are_kept() -> None:
    assert wrap("第一行\n第二行", 40) == ["第一行", "第二行"]
    assert wrap("a\n", 10) == ["a"]


def test_paragraph_hangs_its_continuation_lines_under_the_text() -> None:
    out = paragraph("一二三四五六七八九十", 8, "- ")
    assert out.split("\n") == ["- 一二三", "  四五六", "  七八九", "  十"]


# ---------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(list("abcXYZ019-:.,/ 　三包车辆维修更换退货") + sorted(CLOSING) + sorted(OPENING) + ["\n"])
texts = st.text(alphabet=_ALPHABET, max_size=80)
widths = st.integers(min_value=1, max_value=60)


@settings(max_examples=300, deadline=None)
@given(texts, widths)
def test_pieces_joined_give_the_text_back(text: str, width: int) -> None:
    assert "".join(pieces(text, width)) == text


@settings(max_examples=300, deadline=None)
@given(texts, widths)
def test_every_line_fits_unless_it_is_one_unbreakable_unit(text: str, width: int) -> None:
    for line in wrap(text, width):
        if display_width(line) > width:
            assert len(units(line)) == 1, (line, width)


@settings(max_examples=300, deadline=None)
@given(texts, widths)
def test_no_line_we_break_starts_with_closing_or_ends_with_opening_punctuation(text: str, width: int) -> None:
    for piece, following in zip(pieces(text, width), pieces(text, width)[1:], strict=False):
        if piece.endswith("\n"):
            continue                                  # the text's own line break, not one we chose
        shown_before, shown_after = piece.rstrip(" \t"), following.lstrip(" \t")
        if shown_after:
            assert shown_after[0] not in CLOSING, (piece, following)
        if shown_before:
            assert shown_before[-1] not in OPENING, (piece, following)


cells = st.text(alphabet=_ALPHABET.filter(lambda c: c != "\n"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=4),
       st.sampled_from([40, 60, 80, 100, 120, 160]), st.sampled_from(["grid", "simple", "plain"]))
def test_a_table_fits_its_width_whenever_its_unbreakable_units_do(rows: list[list[str]], width: int,
                                                                  style: str) -> None:
    t = Table(["一", "two", "三"], rows, {2: 0}, style=style)
    out = table(t, Layout(width))
    frame = {"grid": 10, "simple": 4, "plain": 4}[style]
    if sum(widest_unit(c) for c in ("一", "two", *[r[1] for r in rows])) + max(
            widest_unit(c) for c in ("一", "三", *[r[0] for r in rows] + [r[2] for r in rows])) + frame <= width:
        assert max(display_width(line) for line in out.split("\n")) <= width, out


# ---------------------------------------------------------------- tables

ROWS = [["GW2304300017", SENTENCE, "2026-04-10"], ["LVSHFFAL6PF234567", "短", "—"]]


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_a_table_fits_80_to_160_columns(width: int) -> None:
    out = table(Table(["编号", "说明", "日期"], ROWS, {2: 0}), Layout(width))
    assert max(display_width(line) for line in out.split("\n")) <= width
    assert "GW2304300017" in out and "2026-04-10" in out and "LVSHFFAL6PF234567" in out


def test_below_100_columns_the_secondary_columns_are_stacked_under_their_host() -> None:
    wide = table(Table(["编号", "说明", "日期"], ROWS, {2: 0}), Layout(100))
    narrow = table(Table(["编号", "说明", "日期"], ROWS, {2: 0}), Layout(99))
    assert wide.split("\n")[1].count("│") == 4                         # three columns side by side
    assert narrow.split("\n")[1].count("│") == 3                       # two: 日期 under 编号
    assert "│ 日期" in narrow and "│ 2026-04-10" in narrow
    assert "│ —" not in narrow                                          # an empty value adds no line


def test_columns_that_cannot_stand_side_by_side_are_stacked_even_on_a_wide_terminal() -> None:
    ids = [["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + str(i) for i in range(4)]]
    t = Table(["a", "b", "c", "d"], ids, {3: 0})
    out = table(t, Layout(130))
    assert out.split("\n")[1].count("│") == 4
    assert max(display_width(line) for line in out.split("\n")) <= 130


def test_marked_cells_are_coloured_line_by_line_and_the_table_still_lines_up() -> None:
    t = Table(["状态", "说明"], [["已逾期", SENTENCE]], marked={(0, 0), (0, 1)})
    coloured = table(t, Layout(60, colour=True)).split("\n")
    plain = table(t, Layout(60, colour=False)).split("\n")
    assert any("\x1b[1;31m" in line for line in coloured)
    assert not any("\x1b" in line for line in plain)
    assert [visible(line) for line in coloured] == plain
    assert len({display_width(line) for line in coloured}) == 1


# ---------------------------------------------------------------- where the output goes

def test_the_width_comes_from_columns_else_the_terminal_else_the_default() -> None:
    assert output_width(io.StringIO(), {"COLUMNS": "87"}) == 87
    assert output_width(io.StringIO(), {}) == DEFAULT_WIDTH                    # piped: the stated default
    assert output_width(io.StringIO(), {"COLUMNS": "wide"}) == DEFAULT_WIDTH   # not a number: ignored
    assert output_width(io.StringIO(), {"COLUMNS": "12"}) == MIN_WIDTH         # too narrow: laid out at the floor
    assert output_width(Terminal(), {}) == DEFAULT_WIDTH                        # a terminal without a size


def test_colour_only_on_a_terminal_or_when_forced_and_never_with_no_color() -> None:
    assert wants_colour(Terminal(), {}) is True
    assert wants_colour(io.StringIO(), {}) is False
    assert wants_colour(io.StringIO(), {"FORCE_COLOR": "1"}) is True
    assert wants_colour(Terminal(), {"NO_COLOR": "1"}) is False
    assert wants_colour(io.StringIO(), {"NO_COLOR": "1", "FORCE_COLOR": "1"}) is False
    assert wants_colour(Terminal(), {"NO_COLOR": ""}) is True                  # no-color.org: set and not empty
    assert layout_for(io.StringIO(), {"COLUMNS": "90"}) == Layout(90, False)


def test_no_colour_layout_leaves_text_alone() -> None:
    assert Layout(80, colour=False).emphasised("已逾期") == "已逾期"
    assert Layout(80, colour=True).emphasised("a\nb") == "\x1b[1;31ma\x1b[0m\n\x1b[1;31mb\x1b[0m"
