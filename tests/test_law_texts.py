"""The regulation texts in rules/warranty/law/ and every citation of rules/warranty/ against them.

Each reference (a rule's citation, a dated parameter value's reference, a version's entry into force) is checked in
the text of its document: its own `document:`, or else the instrument of the version it belongs to (a parameter
value: the version in force on its `from` date). Every article, paragraph and item it names must exist; a number a
rule's title states through a parameter, and a parameter's own number, must be written in the place cited for it;
the articles named in rule titles, explanations and feature steps must exist. A document without a text
(documents.yaml `no_text:`) cannot be checked, and the test says so instead of passing.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from adjudicator.core.rulebook import load_document_specs
from adjudicator.core.specs import Reference
from adjudicator.core.statute import (
    Article,
    Pinpoint,
    StatuteText,
    article_label,
    chinese_number,
    chinese_value,
    missing,
    paragraph_label,
    pinpoints,
)
from adjudicator.warranty.rulebook import VersionSpec, load_warranty_rulebook, warranty_law_texts

ROOT = Path(__file__).resolve().parents[1]
BOOK = load_warranty_rulebook()
SPECS, _ = load_document_specs("warranty")
TEXTS = warranty_law_texts()

# A parameter value the cited text does not write as a number, with the reason.
NOT_WRITTEN: dict[tuple[str, date], str] = {
    ("use_coefficient_min_pct", date(2022, 1, 1)): "第二十七条 sets only a ceiling (不得高于0.5%); 0 is no floor",
}


def references() -> Iterator[tuple[str, str, Reference, VersionSpec]]:
    """(where, document id, reference, version) for every reference in rules/warranty/."""
    for v in BOOK.versions:
        yield f"versions.yaml {v.id} entry_into_force", v.document, v.entry_into_force, v
        for r in BOOK.rules[v.id]:
            yield f"{BOOK.rule_files[r.id]} {r.id}", r.citation.document or v.document, r.citation, v
    for name, spec in BOOK.parameters.items():
        for value in spec.values:
            v = BOOK.version_on(value.from_)
            assert v is not None, f"parameters.yaml {name}: {value.from_} is in no version"
            yield f"parameters.yaml {name} from {value.from_}", value.reference.document or v.document, \
                value.reference, v


def words(text: StatuteText, point: Pinpoint) -> str:
    """The words at a place: an item's, a paragraph's with its items, or the whole article's."""
    art = text.article(point.article)
    assert art is not None
    if point.paragraph is None and point.item is None:
        return art.words()
    para = art.paragraph(point.paragraph) if point.paragraph else art.paragraphs[0]
    assert para is not None
    if point.item:
        return next(it.text for it in para.items if it.number == point.item)
    return para.text + "".join(it.text for it in para.items)


def written(value: object) -> list[str]:
    """How the texts write a number: 3000, 50,000, 0.5."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    if isinstance(value, float) and not value.is_integer():
        return [f"{value:g}"]
    n = int(value)
    return [str(n), f"{n:,}"]


def _in_text(text: str, forms: list[str]) -> bool:
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d]|\.\d|,\d)", text) for f in forms)


# ---------------------------------------------------------------- the texts themselves


def test_every_document_has_a_text_or_says_why_not():
    for doc_id, spec in SPECS.items():
        assert spec.text or spec.no_text, f"documents.yaml {doc_id}: give `text:` or `no_text:`"


def test_the_2021_text_is_whole_and_names_its_source():
    text = TEXTS["SAMR-43"]
    assert (len(text.chapters), len(text.articles)) == (6, 42)
    assert text.source.order == "国家市场监督管理总局令第43号"
    assert (text.source.promulgated, text.source.effective) == (date(2021, 7, 22), date(2022, 1, 1))
    assert text.source.retrieved == date(2026, 12, 1) and len(text.source.commit) == 40
    assert "sjfg.samr.gov.cn" in (text.source.names_its_source or "")
    # the article the version names for its entry into force says the same date as the source block
    v = BOOK.version("2021")
    eff = text.source.effective
    assert f"{eff.year}年{eff.month}月{eff.day}日起施行" in words(text, pinpoints(v.entry_into_force)[0])
    assert v.in_force.from_ == eff


def test_the_2021_text_keeps_items_inside_their_paragraph():
    art = TEXTS["SAMR-43"].article("第二十四条")
    assert art is not None and len(art.paragraphs) == 3
    assert [it.number for it in art.paragraphs[0].items] == ["（一）", "（二）", "（三）", "（四）"]
    assert "30日" in art.paragraphs[0].items[3].text and not art.paragraphs[1].items


# ---------------------------------------------------------------- citations against the texts


@pytest.mark.parametrize("doc_id", sorted(SPECS))
def test_every_cited_place_is_in_the_text(doc_id):
    refs = [(where, ref) for where, doc, ref, _ in references() if doc == doc_id]
    if doc_id not in TEXTS:
        pytest.skip(f"{doc_id}: {len(refs)} references not checked: no text in the rule book "
                    f"({SPECS[doc_id].no_text})")
    text = TEXTS[doc_id]
    problems = []
    for where, ref in refs:
        if not ref.verified:
            problems.append(f"{where}: marked verified: false, but {doc_id} has a text to check it against")
        for point in pinpoints(ref):
            why = missing(text, point)
            if why:
                problems.append(f"{where}: {why}")
    assert not problems, "\n".join(problems)


def test_a_number_a_rule_title_states_is_in_the_place_it_cites():
    problems = []
    for v in BOOK.versions:
        for rule in BOOK.rules[v.id]:
            doc = rule.citation.document or v.document
            if doc not in TEXTS:
                continue
            cited = " ".join(words(TEXTS[doc], p) for p in pinpoints(rule.citation))
            for name in re.findall(r"\{\$(\w+)\}", rule.title.zh):
                value = BOOK.parameters[name].value_on(v.in_force.from_)
                forms = written(value.value) if value else []
                if forms and not _in_text(cited, forms):
                    problems.append(f"{rule.id}: the title says {name} = {value.value}, but {rule.citation.article}"
                                    f"{rule.citation.paragraph or ''}{rule.citation.item or ''} does not")
    assert not problems, "\n".join(problems)


def test_a_parameter_value_is_in_the_place_it_cites():
    problems = []
    for where, doc, ref, _ in references():
        if doc not in TEXTS or not where.startswith("parameters.yaml"):
            continue
        name, _, day = where.removeprefix("parameters.yaml ").partition(" from ")
        value = BOOK.parameters[name].value_on(date.fromisoformat(day))
        assert value is not None
        forms = written(value.value)
        if not forms or (name, value.from_) in NOT_WRITTEN:
            continue
        places = pinpoints(ref)
        if not any(_in_text(words(TEXTS[doc], p), forms) for p in places):
            problems.append(f"{where}: {value.value} is not written in {', '.join(map(str, places))}")
    assert not problems, "\n".join(problems)


_CITE_ZH = re.compile(r"第[一二三四五六七八九十]+条(?:第[一二三四五六七八九十]+款)?(?:（[一二三四五六七八九十]+）)*")
_CITE_EN = re.compile(r"\bart\. (\d+)(?:\((\d+)\))?")


def _named_places(zh: str, en: str) -> list[Pinpoint]:
    out = [pinpoints(Reference(article=m)) for m in _CITE_ZH.findall(zh)]
    out += [pinpoints(Reference(article=article_label(int(a)) + (paragraph_label(int(p)) if p else "")))
            for a, p in _CITE_EN.findall(en)]
    return [p for group in out for p in group]


def test_articles_named_in_titles_and_explanations_are_in_the_text():
    problems = []
    for v in BOOK.versions:
        if v.document not in TEXTS:
            continue
        for rule in BOOK.rules[v.id]:
            for point in _named_places(rule.title.zh + rule.explanation.zh, rule.title.en + rule.explanation.en):
                why = missing(TEXTS[v.document], point)
                if why:
                    problems.append(f"{rule.id}: {why}")
    assert not problems, "\n".join(problems)


def test_articles_cited_in_feature_steps_are_in_the_text():
    problems = []
    for v in BOOK.versions:
        if v.document not in TEXTS:
            continue
        for feature in sorted((ROOT / "features" / "warranty").glob(f"{v.id}_*.feature")):
            for n, line in enumerate(feature.read_text(encoding="utf-8").splitlines(), start=1):
                for cite in re.findall(r"依据(" + _CITE_ZH.pattern + ")", line):
                    for point in pinpoints(Reference(article=cite)):
                        why = missing(TEXTS[v.document], point)
                        if why:
                            problems.append(f"{feature.name}:{n}: {why}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the statute model and citation reading


def test_chinese_numbers_both_ways():
    for n, zh in [(1, "一"), (10, "十"), (18, "十八"), (20, "二十"), (42, "四十二"), (48, "四十八")]:
        assert chinese_number(n) == zh and chinese_value(zh) == n


def test_compound_citations_are_read_place_by_place():
    assert [str(p) for p in pinpoints(Reference(article="第十八条第二款、第二十条第二款"))] == \
        ["第十八条第二款", "第二十条第二款"]
    assert [str(p) for p in pinpoints(Reference(article="第二十四条", paragraph="第一款", item="（二）（三）"))] == \
        ["第二十四条第一款（二）", "第二十四条第一款（三）"]
    with pytest.raises(ValueError):
        pinpoints(Reference(article="ch.2", item="13"))
    with pytest.raises(ValueError):
        pinpoints(Reference(article="第十八条第二款", paragraph="第一款"))


def test_missing_places_are_named():
    text = TEXTS["SAMR-43"]
    assert missing(text, Pinpoint("第四十三条")) == "第四十三条 is not in SAMR-43 (42 articles)"
    assert "has no 第三款" in missing(text, Pinpoint("第二十八条", "第三款"))
    assert "4 items" in missing(text, Pinpoint("第二十四条", "第一款", "（五）"))
    assert missing(text, Pinpoint("第三十二条", "第一款", "（五）")) is None


def _article(**over):
    base = {"number": "第二条", "index": 2, "chapter": "第一章 总则", "paragraphs": [{"text": "t"}]}
    return {**base, **over}


def test_the_model_rejects_misnumbered_articles_and_items():
    with pytest.raises(ValidationError, match="index"):
        Article.model_validate(_article(index=3))
    with pytest.raises(ValidationError, match="expected （二）"):
        Article.model_validate(_article(paragraphs=[{"text": "t", "items": [
            {"number": "（一）", "text": "a"}, {"number": "（三）", "text": "b"}]}]))
    good = TEXTS["SAMR-43"].model_dump(by_alias=True)
    good["articles"] = good["articles"][1:]
    with pytest.raises(ValidationError, match="in order"):
        StatuteText.model_validate(good)
