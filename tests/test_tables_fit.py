"""Every table command on the bundled examples fits 80, 100, 120 and 160 columns, measured by display width (a
Chinese character is two columns), in Chinese and English; ids and dates are never split; overdue items are
coloured only on a colour terminal or with FORCE_COLOR, never with NO_COLOR, and piped output holds no escapes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from adjudicator.commands.main import cli
from adjudicator.core.layout import display_width

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
WARRANTY = sorted(str(p) for p in (EXAMPLES / "warranty").glob("*.json"))
COMPLAINTS = sorted(str(p) for p in (EXAMPLES / "complaints").glob("*.json"))
CASES = str(EXAMPLES / "complaints" / "cases.jsonl")
LOG = str(EXAMPLES / "followup" / "dealer_D01_2025-03.json")
DEALERS = str(EXAMPLES / "followup" / "dealers_2025-02_03.csv")
COMPLAINT_LOG = str(EXAMPLES / "followup" / "complaints_2025-02_03.jsonl")
WIDTHS = (80, 100, 120, 160)
ESCAPE = "\x1b["
PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None}


def invoke(args: list[str], width: int | None = None, **env: str | None):
    environment = {**PLAIN_ENV, "COLUMNS": None if width is None else str(width), **env}
    return CliRunner().invoke(cli, args, env=environment, catch_exceptions=False)


@pytest.fixture(scope="module")
def record_db(tmp_path_factory) -> str:
    """A decision record holding the warranty examples, for `history` and `replay`."""
    db = str(tmp_path_factory.mktemp("record") / "decisions.sqlite3")
    assert invoke(["warranty", "check", *WARRANTY, "--record", "--db", db]).exit_code in (0, 2)
    return db


def table_commands(db: str) -> dict[str, tuple[list[str], str]]:
    """Every command with a table output: its arguments, and whether the table goes to stdout or stderr."""
    return {
        "warranty check": (["warranty", "check", "-v", *WARRANTY], "out"),
        "complaint check": (["complaint", "check", *COMPLAINTS, "--as-of", "2025-12-31T18:00"], "out"),
        "complaint watch": (["complaint", "watch", CASES, "--as-of", "2025-12-31T18:00"], "out"),
        "followup check": (["followup", "check", LOG], "out"),
        "followup due": (["followup", "due", LOG], "out"),
        "report followup": (["report", "followup", DEALERS, "--by", "dealer"], "out"),
        "report complaints": (["report", "complaints", COMPLAINT_LOG], "out"),
        "rules list": (["rules", "list"], "out"),
        "rules show": (["rules", "show", "c.first_contact_2h"], "out"),
        "record history": (["history", "LVSHFFAL6PF234567", "--db", db], "out"),
        "record replay": (["replay", "--db", db, "--as-of", "2031-01-01", "--workers", "1"], "out"),
        "batch summary": (["batch", str(EXAMPLES / "batch" / "dealer_export.csv"), "-o", "-", "--workers", "1"],
                          "err"),
        "batch columns": (["batch", "--csv-columns"], "out"),
    }


def widest(text: str) -> int:
    return max((display_width(line) for line in text.splitlines()), default=0)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_table_command_fits_the_terminal(record_db: str, width: int, lang: str) -> None:
    too_wide = {}
    for name, (args, stream) in table_commands(record_db).items():
        r = invoke([*args, "--lang", lang] if name != "batch columns" else args, width)
        assert r.exit_code in (0, 2, 4, 5), (name, r.output)
        text = r.stderr if stream == "err" else r.stdout
        assert text.strip(), name
        if widest(text) > width:
            too_wide[name] = widest(text)
    assert not too_wide, too_wide


def test_the_examples_give_tables_with_content_at_every_width(record_db: str) -> None:
    """The width test above measures real tables, not messages: each command's output has the rows it should."""
    expect = {"warranty check": "LVSHFFAL6PF234567", "complaint watch": "│", "followup due": "│",
              "rules list": "w2021.same_problem_repeat", "record history": "LVSHFFAL6PF234567",
              "record replay": "LSVNV2182J2123456", "report followup": "│", "batch summary": "records"}
    commands = table_commands(record_db)
    for name, needle in expect.items():
        args, stream = commands[name]
        r = invoke([*args, "--lang", "en"], 80)
        assert needle in (r.stderr if stream == "err" else r.stdout), name


IDS = re.compile(r"\b(?:[A-HJ-NPR-Z0-9]{17}|\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|第[〇零一二三四五六七八九十百千]+条)")


@pytest.mark.parametrize("width", [80, 100])
def test_ids_dates_and_articles_come_out_whole_at_any_width(width: int) -> None:
    wide = invoke(["warranty", "check", "-v", *WARRANTY, "--lang", "zh"], 400).stdout
    narrow = invoke(["warranty", "check", "-v", *WARRANTY, "--lang", "zh"], width).stdout
    assert set(IDS.findall(narrow)) == set(IDS.findall(wide))


def test_piped_output_has_the_default_width_and_no_escapes() -> None:
    r = invoke(["complaint", "watch", CASES, "--as-of", "2025-12-31T18:00", "--lang", "zh"])
    assert r.exit_code == 5
    assert ESCAPE not in r.stdout
    assert widest(r.stdout) <= 100


def test_force_color_makes_overdue_items_stand_out_and_no_color_wins() -> None:
    args = ["complaint", "watch", CASES, "--as-of", "2025-12-31T18:00", "--lang", "zh"]
    forced = invoke(args, 100, FORCE_COLOR="1").stdout
    overdue = [line for line in forced.splitlines() if ESCAPE in line]
    assert overdue and all("已逾期" in line or "\x1b[1;31m" in line for line in overdue)
    assert widest(forced) <= 100                               # measured without the escape codes
    assert ESCAPE not in invoke(args, 100, FORCE_COLOR="1", NO_COLOR="1").stdout
    assert ESCAPE not in invoke(args, 100, NO_COLOR="1").stdout


@pytest.mark.parametrize("args", [
    ["followup", "due", LOG],
    ["followup", "check", LOG],
    ["complaint", "check", str(EXAMPLES / "complaints" / "escalation_overdue.json"), "--as-of", "2025-12-31T18:00"],
    ["warranty", "check", str(EXAMPLES / "warranty" / "05_2021_nine_day_repair_and_overdue_replacement.json")],
])
def test_late_and_overdue_duties_are_coloured_when_colour_is_forced(args: list[str]) -> None:
    forced = invoke([*args, "--lang", "zh"], 120, FORCE_COLOR="1").stdout
    plain = invoke([*args, "--lang", "zh"], 120).stdout
    assert "\x1b[1;31m" in forced and ESCAPE not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", forced) == plain


def test_input_text_is_still_shown_inert_inside_a_laid_out_table(tmp_path: Path) -> None:
    case = (EXAMPLES / "complaints" / "escalation_overdue.json").read_text(encoding="utf-8")
    hostile = tmp_path / "case.json"
    hostile.write_text(case.replace('"id": "', '"id": "\\u001b[2J\\u202e', 1), encoding="utf-8")
    r = invoke(["complaint", "check", str(hostile), "--lang", "en"], 80, FORCE_COLOR="1")
    assert "\x1b[2J" not in r.stdout and "\u202e" not in r.stdout
    assert "\\x1b[2J" in r.stdout


def test_the_api_renderers_take_a_layout_and_default_to_the_piped_width() -> None:
    import adjudicator as api

    decision = api.adjudicate_warranty(api.load_history(WARRANTY[4]))
    for width in WIDTHS:
        assert widest(api.render_warranty(decision, "zh", "table", True, api.Layout(width))) <= width
    assert widest(api.render_warranty(decision, "en", "table", True)) <= 100
    assert "\x1b[1;31m" in api.render_warranty(decision, "zh", "table", False, api.Layout(120, colour=True))


@pytest.mark.parametrize("kind", ["summary", "time-limits", "reminders", "assessment"])
@pytest.mark.parametrize("cases", [CASES, COMPLAINT_LOG], ids=["cases", "complaint log"])
def test_the_complaint_count_reports_fit_at_every_width_in_both_languages(kind: str, cases: str) -> None:
    for width in WIDTHS:
        for lang in ("zh", "en"):
            r = invoke(["report", "complaints", cases, "--kind", kind, "--lang", lang], width)
            assert r.exit_code == 0, r.output
            assert widest(r.stdout) <= width, (kind, width, lang)
