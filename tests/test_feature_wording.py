"""Features read like the law: no rule id, field path, snake_case identifier or vocabulary code in the text a
legal reader reads (scenario names, steps, their data tables and examples tables). Tags carry the rule ids and
doc strings may quote input verbatim; both are left out. docs/features.md describes the wording.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from gherkin.parser import Parser

from adjudicator.complaints import vocabulary as complaint_vocabulary
from adjudicator.core.vocabulary import Vocabulary
from adjudicator.followup import vocabulary as followup_vocabulary
from adjudicator.warranty import vocabulary as warranty_vocabulary

FEATURES = Path(__file__).resolve().parent.parent / "features"
# Chinese characters count as word characters for re's \b, so an identifier's edges are ASCII look-arounds
_EDGE_L, _EDGE_R = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
IDENTIFIER = {
    "rule id or field path": re.compile(
        _EDGE_L + r"[a-z][a-z0-9]*(?:\[\d+\])?\.[a-z_][a-z0-9_]*" + _EDGE_R),
    "snake_case identifier": re.compile(_EDGE_L + r"[a-z][a-z0-9]*_[a-z0-9_]+" + _EDGE_R),
    "indexed field path (visits[0])": re.compile(_EDGE_L + r"[a-z][a-z0-9_]*\[\d+\]"),
}
WORD = re.compile(_EDGE_L + r"[a-z][a-z0-9]+" + _EDGE_R)


def vocabulary_codes() -> set[str]:
    """Every code of every vocabulary of the three domains: the English codes a feature must say in Chinese."""
    modules = (warranty_vocabulary, complaint_vocabulary, followup_vocabulary)
    return {code for m in modules for v in vars(m).values() if isinstance(v, Vocabulary) for code in v.codes}


def readable_texts(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) for every piece of a feature a reader reads, tags and doc strings left out."""
    doc = Parser().parse(path.read_text(encoding="utf-8"))

    def rows(table: list[dict]) -> Iterator[tuple[int, str]]:
        for row in table:
            for cell in row["cells"]:
                yield row["location"]["line"], cell["value"]

    def scenario(sc: dict) -> Iterator[tuple[int, str]]:
        yield sc["location"]["line"], sc["name"]
        for step in sc.get("steps", []):
            yield step["location"]["line"], step["text"]
            if "dataTable" in step:
                yield from rows(step["dataTable"]["rows"])
        for examples in sc.get("examples", []):
            if "tableHeader" in examples:
                yield from rows([examples["tableHeader"]])
            yield from rows(examples.get("tableBody", []))

    def children(items: list[dict]) -> Iterator[tuple[int, str]]:
        for child in items:
            if "rule" in child:
                yield child["rule"]["location"]["line"], child["rule"]["name"]
                yield from children(child["rule"]["children"])
            for key in ("background", "scenario"):
                if key in child:
                    yield from scenario(child[key])

    feature = doc["feature"]
    yield feature["location"]["line"], feature["name"]
    yield from children(feature["children"])


def wording_problems(path: Path, codes: set[str]) -> list[str]:
    where = path.relative_to(FEATURES) if path.is_relative_to(FEATURES) else path.name
    out = []
    for line, text in readable_texts(path):
        for what, pattern in IDENTIFIER.items():
            out += [f"{where}:{line}: {what} {m.group(0)!r} in {text!r}"
                    for m in pattern.finditer(text)]
        out += [f"{where}:{line}: vocabulary code {w!r} in {text!r}"
                for w in WORD.findall(text) if w in codes]
    return out


FILES = sorted(FEATURES.rglob("*.feature"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FEATURES)))
def test_feature_reads_without_identifiers(path: Path) -> None:
    problems = wording_problems(path, vocabulary_codes())
    assert not problems, "say it in Chinese (the rule by its title, the fact by its name):\n" + "\n".join(problems)


def test_the_check_finds_what_it_forbids(tmp_path: Path) -> None:
    """Each kind of identifier in a step, a table or a scenario name is found; tags and doc strings are not read."""
    feature = tmp_path / "sample.feature"
    feature.write_text(
        "# language: zh-CN\n功能: 样例\n\n  @w2021.same_problem_repeat\n  场景: 规则 w2021.same_problem_repeat\n"
        '    假如 规则 "c.close_c1" 已触发\n    并且 "2025-03-12 11:20"发生事件"customer_contacted"\n'
        "    并且 维修记录如下：\n      | 维修单号 | 原因 |\n      | RO-1 | visits[0].cause |\n"
        '    并且 备注：\n      """\n      claim.date 与 grievance 原样保留\n      """\n'
        '    那么 类别为"grievance"\n', encoding="utf-8")
    found = wording_problems(feature, vocabulary_codes())
    assert any("w2021.same_problem_repeat" in p and ":5:" in p for p in found), found
    assert any("'c.close_c1'" in p for p in found), found
    assert any("snake_case identifier 'customer_contacted'" in p for p in found), found
    assert any("visits[0]" in p and ":10:" in p for p in found), found
    assert any("vocabulary code 'grievance'" in p and ":15:" in p for p in found), found
    assert not any(":4:" in p or "claim.date" in p for p in found), found
