"""Markdown output is CommonMark (with GFM tables) that renders as meant: every table block is a table, nothing
joins a table, and the headline is a paragraph of its own."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import adjudicator as api

ROOT = Path(__file__).resolve().parents[1]
PARSER = MarkdownIt("commonmark").enable("table")


def table_blocks(text: str) -> int:
    blocks, inside = 0, False
    for line in text.splitlines():
        starts = line.startswith("|")
        blocks += starts and not inside
        inside = starts
    return blocks


def check(text: str) -> None:
    tokens = PARSER.parse(text)
    assert sum(t.type == "table_open" for t in tokens) == table_blocks(text), "a table did not parse as one"
    rows = [line for line in text.splitlines() if line.startswith("|")]
    depth = 0
    for t in tokens:                      # nothing outside the table lines was swallowed into a table cell
        depth += t.type == "table_open"
        depth -= t.type == "table_close"
        if depth and t.type == "inline" and t.content:
            assert any(t.content in row for row in rows), f"text joined a table: {t.content[:80]}"
    for t in tokens:
        if t.type == "inline" and t.content.lstrip().startswith("|"):
            raise AssertionError(f"table text outside a table: {t.content[:80]}")


@pytest.mark.parametrize("path", sorted((ROOT / "examples" / "warranty").glob("*.json")), ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_warranty_markdown(path: Path, lang: str) -> None:
    decision = api.adjudicate_warranty(json.loads(path.read_text(encoding="utf-8")))
    check(api.render_warranty(decision, lang, "markdown", True))


@pytest.mark.parametrize("path", sorted((ROOT / "examples" / "complaints").glob("*.json")), ids=lambda p: p.stem)
def test_complaint_markdown(path: Path) -> None:
    decision = api.check_complaint(json.loads(path.read_text(encoding="utf-8")))
    for lang in ("zh", "en"):
        check(api.render_complaint(decision, "markdown", lang))
