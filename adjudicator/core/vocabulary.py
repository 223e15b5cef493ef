"""A vocabulary: a closed set of codes, each with its Chinese and English name, declared once.

Input models take their `Literal` types from it, fact schemas their allowed values, renderers their names, CSV
readers and Gherkin steps their Chinese aliases.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .text import Localized


@dataclass(frozen=True)
class Term:
    code: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()       # other Chinese words clerks and features use for it


class Vocabulary:
    def __init__(self, name: str, *terms: Term, title: tuple[str, str]):
        self.name = name
        self.title = Localized(zh=title[0], en=title[1])     # what a reader calls the list (the glossary's heading)
        self.terms = terms
        self._by_code = {t.code: t for t in terms}
        self._names: dict[str, Localized] = {}
        if len(self._by_code) != len(terms):
            raise ValueError(f"vocabulary {name}: a code is declared twice")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    @property
    def literal(self) -> Any:
        """The codes as a typing.Literal, for pydantic models."""
        return Literal[self.codes]  # type: ignore[valid-type]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def zh(self, code: str) -> str:
        return self._by_code[code].zh

    def en(self, code: str) -> str:
        return self._by_code[code].en

    def name_of(self, code: str) -> Localized:
        """The code's name in both languages: one frozen value per code, built when first asked for."""
        found = self._names.get(code)
        if found is None:
            t = self._by_code[code]
            found = self._names[code] = Localized(zh=t.zh, en=t.en)
        return found

    def names(self) -> dict[str, Localized]:
        return {t.code: self.name_of(t.code) for t in self.terms}

    def require(self, *codes: str) -> tuple[str, ...]:
        """`codes`, each checked to be one of this vocabulary's (a typo fails at import, not silently)."""
        unknown = [c for c in codes if c not in self]
        if unknown:
            raise KeyError(f"{self.name}: no term {unknown}")
        return codes

    def from_words(self) -> dict[str, str]:
        """Chinese name, aliases and the code itself -> code (for dealer files and Gherkin tables)."""
        out: dict[str, str] = {}
        for t in self.terms:
            for word in (t.code, t.zh, *t.aliases):
                out.setdefault(word, t.code)
        return out


DEADLINE_STATUS = Vocabulary(
    "deadline_status",
    Term("met", "按时", "met", ("已按期完成",)),
    Term("missed", "逾期完成", "missed"),
    Term("running", "进行中", "running"),
    Term("overdue", "已逾期", "overdue"),
    Term("exempt", "特殊情况不计时限", "exempt"),
    title=("时限状态", "deadline status"),
)
"""The status of any deadline, in any domain."""
LATE_STATUSES = frozenset(DEADLINE_STATUS.require("missed", "overdue"))
"""The statuses of a deadline that was not met in time: what a colour terminal shows emphasised."""
