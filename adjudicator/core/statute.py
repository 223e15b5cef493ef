"""Statute texts as data: an instrument's articles, paragraphs (款) and items (项), with where the text came from.

A text file lives in a domain's rule folder (the domain's documents.yaml names it under `text:`). This module knows
no domain: it validates the shape (articles numbered 第一条, 第二条 … in order, items （一）（二）… in order within
their paragraph), loads a file, and resolves a citation (`Reference`) into the places it points at, so that a test
or a report can check that every cited article, paragraph and item exists and show its words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from pydantic import Field, field_validator, model_validator

from .rulebook import read_rule_yaml, validated_spec
from .specs import Reference, SpecModel

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 18 → 十八, 20 → 二十, 42 → 四十二 (1–99, as article, paragraph and item numbers are written)."""
    if not 1 <= n <= 99:
        raise ValueError(f"{n} is outside 1–99")
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


def chinese_value(text: str) -> int:
    """The inverse of chinese_number: 十八 → 18."""
    for n in range(1, 100):
        if chinese_number(n) == text:
            return n
    raise ValueError(f"not a Chinese number from 1 to 99: {text!r}")


def article_label(n: int) -> str:
    return f"第{chinese_number(n)}条"


def paragraph_label(n: int) -> str:
    return f"第{chinese_number(n)}款"


def item_label(n: int) -> str:
    return f"（{chinese_number(n)}）"


T = TypeVar("T")


def _numbered(label: str, unit: str, parts: list[T]) -> T | None:
    """The part that '第N<unit>' names (第二款 of the paragraphs, 第十八条 of the articles), if there is one."""
    m = re.fullmatch(rf"第([一二三四五六七八九十]+){unit}", label)
    if not m:
        return None
    n = chinese_value(m.group(1))
    return parts[n - 1] if n <= len(parts) else None


class TextSource(SpecModel):
    """Where a text came from, and the instrument it is."""

    repository: str = Field(min_length=1, description="the copy the text was taken from, e.g. a GitHub repository")
    path: str = Field(min_length=1)
    commit: str = Field(pattern=r"^[0-9a-f]{40}$")
    names_its_source: str | None = Field(None, description="the original publisher the copy names, if it names one")
    retrieved: date
    issued_by: str = Field(min_length=1, description="the body that made the instrument")
    order: str = Field(min_length=1, description="the order (令) number")
    promulgated: date
    effective: date
    compared_with: list[str] = Field(default_factory=list, description="other copies checked, and what differs")


class Item(SpecModel):
    number: str = Field(pattern=r"^（[一二三四五六七八九十]+）$")
    text: str = Field(min_length=1)


class Paragraph(SpecModel):
    text: str = Field(min_length=1, description="the paragraph's own words (before its items, if it has any)")
    items: list[Item] = Field(default_factory=list)

    @field_validator("items")
    @classmethod
    def _items_in_order(cls, items: list[Item]) -> list[Item]:
        for i, it in enumerate(items, start=1):
            if it.number != item_label(i):
                raise ValueError(f"item {i} is numbered {it.number}, expected {item_label(i)}")
        return items


class Article(SpecModel):
    number: str = Field(pattern=r"^第[一二三四五六七八九十]+条$")
    index: int = Field(ge=1)
    chapter: str = Field(min_length=1)
    paragraphs: list[Paragraph] = Field(min_length=1)

    @model_validator(mode="after")
    def _number_matches_index(self) -> Article:
        if self.number != article_label(self.index):
            raise ValueError(f"article {self.number} has index {self.index}; {article_label(self.index)} expected")
        return self

    def paragraph(self, label: str) -> Paragraph | None:
        return _numbered(label, "款", self.paragraphs)

    def words(self) -> str:
        """The whole article as one string, paragraphs on their own lines."""
        return "\n".join(p.text + "".join(f"\n{it.number}{it.text}" for it in p.items) for p in self.paragraphs)


class StatuteText(SpecModel):
    document: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$", description="its id in documents.yaml")
    title: str = Field(min_length=1)
    source: TextSource
    chapters: list[str] = Field(min_length=1)
    articles: list[Article] = Field(min_length=1)

    @model_validator(mode="after")
    def _consecutive(self) -> StatuteText:
        for i, a in enumerate(self.articles, start=1):
            if a.index != i:
                raise ValueError(f"articles: {a.number} is at position {i}; articles must run 第一条, 第二条 … in order")
            if a.chapter not in self.chapters:
                raise ValueError(f"articles: {a.number}: chapter {a.chapter!r} is not one of the chapters")
        order = [self.chapters.index(a.chapter) for a in self.articles]
        if order != sorted(order):
            raise ValueError("articles: chapters must follow the order of `chapters`")
        return self

    def article(self, number: str) -> Article | None:
        return _numbered(number, "条", self.articles)


def load_statute(rel: str) -> StatuteText:
    """A text file of the rule book (path relative to the rules folder), validated."""
    data, _ = read_rule_yaml(rel)
    return validated_spec(StatuteText, data, f"rules/{rel}")


# ---------------------------------------------------------------- citations → places in a text


@dataclass(frozen=True)
class Pinpoint:
    """One place a citation points at: an article, optionally one of its paragraphs, optionally one item."""

    article: str
    paragraph: str | None = None
    item: str | None = None

    def __str__(self) -> str:
        return self.article + (self.paragraph or "") + (self.item or "")


_PART = re.compile(r"(第[一二三四五六七八九十]+条)(第[一二三四五六七八九十]+款)?((?:（[一二三四五六七八九十]+）)*)")
_ITEMS = re.compile(r"（[一二三四五六七八九十]+）")


def pinpoints(ref: Reference) -> list[Pinpoint]:
    """Every place a reference cites. The article field may list several places ('第十八条第二款、第二十条第二款',
    '第二十条、第二十四条第一款（二）'); `paragraph` and `item` apply to a single article; '（二）（三）' is two
    items. A reference whose article is not written as 第…条 (a policy's section) raises ValueError."""
    parts = ref.article.split("、")
    if len(parts) > 1 and (ref.paragraph or ref.item):
        raise ValueError(f"{ref.article!r} lists several places: write the paragraph and item inside each")
    out: list[Pinpoint] = []
    for part in parts:
        m = _PART.fullmatch(part)
        if not m:
            raise ValueError(f"cannot read {part!r} as 第…条[第…款][（…）]")
        article, paragraph, items = m.group(1), m.group(2), _ITEMS.findall(m.group(3))
        if ref.paragraph:
            if paragraph:
                raise ValueError(f"{ref.article!r} names a paragraph and so does paragraph {ref.paragraph!r}")
            paragraph = ref.paragraph
        if ref.item:
            if items:
                raise ValueError(f"{ref.article!r} names items and so does item {ref.item!r}")
            items = _ITEMS.findall(ref.item)
            if "".join(items) != ref.item:
                raise ValueError(f"cannot read item {ref.item!r} as （…）（…）")
        if items:
            out.extend(Pinpoint(article, paragraph, it) for it in items)
        else:
            out.append(Pinpoint(article, paragraph))
    return out


def missing(text: StatuteText, point: Pinpoint) -> str | None:
    """Why `point` is not in `text`, or None when it is there."""
    art = text.article(point.article)
    if art is None:
        return f"{point.article} is not in {text.document} ({len(text.articles)} articles)"
    if point.paragraph is None:
        if point.item is None:
            return None
        if len(art.paragraphs) != 1:
            return (f"{point} names an item without a paragraph, but {point.article} has "
                    f"{len(art.paragraphs)} paragraphs")
        para = art.paragraphs[0]
    else:
        para = art.paragraph(point.paragraph)
        if para is None:
            return f"{point.article} has no {point.paragraph} (it has {len(art.paragraphs)} paragraphs)"
    if point.item is not None and point.item not in {it.number for it in para.items}:
        return f"{point} is not there: the paragraph has {len(para.items)} items"
    return None
