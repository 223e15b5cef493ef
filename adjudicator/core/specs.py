"""The shapes of rule-book files, for every domain: bilingual text, references, dated parameters and rules.

A rule file is data. Unknown keys are errors (OpenFisca's lesson); a value of the wrong type is an error naming
its place. The conclusion of a rule is the domain's own model (`Conclusion` subclass), which says which rule
kinds it serves and what each kind must conclude.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .engine_limits import MAX_LIST_ENTRIES
from .text import Localized


class SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class LocalizedSpec(SpecModel):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def out(self) -> Localized:
        return Localized(zh=self.zh, en=self.en)


class Reference(SpecModel):
    """Where a rule or a value comes from. `document` names an instrument of the domain's documents.yaml (an
    amending order, a policy); absent, the instrument of the version the rule or value belongs to."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    document: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$")
    article: str = Field(min_length=1, alias="section", description="article, or a policy's section")
    paragraph: str | None = None
    item: str | None = None
    also: list[str] = Field(default_factory=list, description="other sources saying the same")
    verified: bool = True

    def short(self) -> str:
        """'FAW-CRM ch.2 item 13', 'CS-CMS "投诉关闭条件" C1': the citation a table has room for."""
        sec = self.article if self.article.startswith(("ch.", "§", "第")) else f'"{self.article}"'
        head = f"{self.document} {sec}" if self.document else sec
        return head + (f" {self.item}" if self.item else "")


# a policy's chapter and item as a Chinese reader writes them: "ch.2 item 13" is 第2章第13项
_SECTION_ZH = ((re.compile(r"\bch\.\s*(\d+)\s+item\s+(\d+)"), r"第\1章第\2项"), (re.compile(r"\bch\.\s*(\d+)"), r"第\1章"),
               (re.compile(r"\bitem\s+(\d+)"), r"第\1项"), (re.compile(r'"([^"]*)"'), r"“\1”"))
_CODE_IN_NAME = re.compile(r"\s*[（(][^（）()]*[）)]$")


def cited_in(cites: str, lang: str, documents: Mapping[str, Any]) -> str:
    """A short citation (`Reference.short()`) in `lang`. In Chinese the document is named by its Chinese name
    (without the code it carries in brackets) and a chapter and item are written 第2章第13项:
    'FAW-CRM ch.2 item 13' is '一汽轿车经销商手册·客户部分 第2章第13项'. `documents`: code -> name (zh, en)."""
    if lang != "zh" or not cites:
        return cites
    code, sep, section = cites.partition(" ")
    name = documents.get(code)
    head = _CODE_IN_NAME.sub("", name.zh) if name is not None else code
    for pattern, chinese in _SECTION_ZH:
        section = pattern.sub(chinese, section)
    return f"{head} {section}" if sep else head


class InForce(SpecModel):
    from_: date | None = Field(None, alias="from")
    to: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> InForce:
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError(f"in_force: 'to' {self.to} is before 'from' {self.from_}")
        return self


ParamValue = bool | int | float | str | list[str]
Unit = Literal["year", "km", "day", "hour", "count", "percent", "working_day", "list", "flag"]


@dataclass(frozen=True)
class NumberRange:
    """The values a number in one unit may take: what a rule book or a policy could sensibly mean."""

    low: float
    high: float
    low_included: bool = True
    whole: bool = False

    def problem(self, value: float) -> str | None:
        if not math.isfinite(value):
            return "must be a finite number"
        if self.whole and value != int(value):
            return "must be a whole number"
        if value < self.low or (value == self.low and not self.low_included) or value > self.high:
            low = f"{'at least' if self.low_included else 'more than'} {self.low:g}"
            return f"{value!r} is out of range: {low} and at most {self.high:g}"
        return None


# one place for the bounds of every unit (the rule files, the policy profiles and their near margins use them)
UNIT_RANGES: dict[str, NumberRange] = {
    "hour": NumberRange(0, 8784, low_included=False),          # up to a leap year of hours
    "day": NumberRange(0, 3660, whole=True),                    # up to ten years
    "working_day": NumberRange(0, 250, low_included=False, whole=True),   # about a year of working days
    "year": NumberRange(0, 30, low_included=False, whole=True),
    "km": NumberRange(0, 1_000_000),
    "percent": NumberRange(0, 100),
    "count": NumberRange(0, 1_000, whole=True),
}
MAX_LIST_ITEM = 64           # characters of one entry of a list (a code)


def value_problem(unit: str, value: Any) -> str | None:
    """What is wrong with `value` as a value in `unit`, or None. Lists: codes, each once, at most
    MAX_LIST_ENTRIES; flags: true or false; numbers: finite and within the unit's range."""
    if unit == "flag":
        return None if isinstance(value, bool) else f"{value!r} is not true or false"
    if unit == "list":
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            return f"{value!r} is not a list of codes"
        if len(value) > MAX_LIST_ENTRIES:
            return f"{len(value)} entries; at most {MAX_LIST_ENTRIES}"
        seen: set[str] = set()
        for x in value:
            if x in seen:
                return f"{x!r} is listed twice (each entry once)"
            if len(x) > MAX_LIST_ITEM:
                return f"entry {x[:20]!r}... is longer than {MAX_LIST_ITEM} characters"
            seen.add(x)
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{value!r} is not a number (unit: {unit})"
    return UNIT_RANGES[unit].problem(value)


class DatedValue(SpecModel):
    from_: date = Field(alias="from")
    value: ParamValue
    reference: Reference


class ParameterSpec(SpecModel):
    """A number, flag or list the rules use, with its dated values; a value holds from its `from` date until the
    next one's."""

    description: LocalizedSpec
    unit: Unit
    near_margin: int | float | None = None
    values: list[DatedValue] = Field(min_length=1)
    choice: LocalizedSpec | None = Field(None, description="the source gives no figure: the rule book's own choice")

    @field_validator("values")
    @classmethod
    def _dated_in_order(cls, values: list[DatedValue]) -> list[DatedValue]:
        dates = [v.from_ for v in values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("values must be in strictly increasing 'from' order")
        return values

    @model_validator(mode="after")
    def _values_fit_unit(self) -> ParameterSpec:
        for i, v in enumerate(self.values):
            problem = value_problem(self.unit, v.value)
            if problem:
                raise ValueError(f"values[{i}].value: {problem}")
        if self.near_margin is not None:
            problem = value_problem(self.unit, self.near_margin) if self.unit in UNIT_RANGES else \
                f"a {self.unit} has no near margin"
            if problem:
                raise ValueError(f"near_margin: {problem}")
        return self

    def value_on(self, day: date) -> DatedValue | None:
        current = [v for v in self.values if v.from_ <= day]
        return current[-1] if current else None


class Conclusion(SpecModel):
    """What a rule concludes. Each domain subclasses it with its own fields and kinds."""

    KINDS: ClassVar[tuple[str, ...]] = ()
    derives: str | None = Field(None, pattern=r"^[a-z_]+$", description="a finding code other rules may test")

    def check_kind(self, kind: str) -> None:
        """Raise ValueError when this conclusion does not fit a rule of `kind`."""


C = TypeVar("C", bound=Conclusion)


class RuleSpec(SpecModel, Generic[C]):
    id: str = Field(pattern=r"^[a-z0-9]+(\.[a-z0-9_]+)+$")
    title: LocalizedSpec
    kind: str
    citation: Reference
    in_force: InForce | None = None
    when: str
    conclusion: C
    explanation: LocalizedSpec

    @model_validator(mode="before")
    @classmethod
    def _empty_conclusion(cls, data: Any) -> Any:
        if isinstance(data, dict) and "conclusion" not in data:
            data = {**data, "conclusion": {}}
        return data

    @model_validator(mode="after")
    def _conclusion_fits_kind(self) -> RuleSpec[C]:
        kinds = type(self.conclusion).KINDS
        if self.kind not in kinds:
            raise ValueError(f"kind: {self.kind!r} is not one of {', '.join(kinds)}")
        self.conclusion.check_kind(self.kind)
        return self
