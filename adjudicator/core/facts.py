"""What every fact builder produces: facts the rules talk about, each with the records it came from."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .text import Localized
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class FieldSpec:
    """A field a rule may test: its type and, for text, the values it can take. Given a vocabulary, the values
    are its codes and each has a name in both languages (`value_name`)."""

    kind: type            # bool, int, float or str
    doc: str
    values: tuple[str, ...] | Vocabulary = ()
    zh: str = ""          # the field's name in Chinese, for "why not" and near-limit texts
    vocabulary: Vocabulary | None = None

    def __post_init__(self) -> None:
        if isinstance(self.values, Vocabulary):
            object.__setattr__(self, "vocabulary", self.values)
            object.__setattr__(self, "values", self.values.codes)

    def value_name(self, code: object) -> Localized | None:
        """The vocabulary's name of a code this field takes, if the field has a vocabulary and knows the code."""
        if self.vocabulary is not None and isinstance(code, str) and code in self.vocabulary:
            return self.vocabulary.name_of(code)
        return None


@dataclass
class Fact:
    """One fact for the engine: flat scalar fields (what rules test), plus display values and evidence."""

    type: str
    fields: dict[str, bool | int | float | str]
    display: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()

    def value(self, name: str) -> Any:
        if name in self.fields:
            return self.fields[name]
        return self.display.get(name)


@dataclass
class Note:
    """An assumption, a warning about doubtful input, or a missing fact, in both languages."""

    code: str
    text: Localized
    field: str | None = None


def add_months(start: date, months: int) -> date:
    """Civil Code art. 202: a period in months or years ends on the corresponding day; where the month has
    no such day, on its last day."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month0 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
