"""Output primitives every domain shares: bilingual text, citations, and the shapes of a rule's trace (fired,
not fired and why, near a limit, notes). Decisions are values: frozen pydantic models."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Out):
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def loc(zh: str, en: str) -> Localized:
    """Bilingual text built from the program's own strings: nothing to validate."""
    return Localized.model_construct(zh=zh, en=en)


class Citation(Out):
    instrument: Localized
    article: str
    paragraph: str | None = None
    item: str | None = None
    verified: bool = Field(True, description="false: the article number comes from a secondary source only")

    def text(self, lang: str = "zh") -> str:
        where = self.article + (self.paragraph or "") + (self.item or "")
        flag = "" if self.verified else ("（条号未经原文核实）" if lang == "zh" else " (article number unverified)")
        return f"{self.instrument.get(lang)} {where}{flag}"


class FailedCondition(Out):
    condition: str
    actual: object
    required: object
    text: Localized


class NotFired(Out):
    rule_id: str
    kind: str
    title: Localized
    citation: Citation
    failed: list[FailedCondition]
    evidence: list[str] = Field(default_factory=list)


class NearLimit(Out):
    rule_id: str
    citation: Citation
    text: Localized
    actual: object
    limit: object


class NoteOut(Out):
    code: str
    text: Localized
    field: str | None = None


def format_value(value: Any, lang: str) -> str:
    """A value as the explanation texts show it."""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v, lang) for v in value) if lang == "zh" else ", ".join(
            format_value(v, lang) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Localized):
        return value.get(lang)
    return str(value)
