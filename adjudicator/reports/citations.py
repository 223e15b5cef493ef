"""A report's short citations ("FAW-CRM ch.2 item 13", "REVISIT §11 2") in the reader's language
(core.specs.cited_in): under zh the document by its Chinese name and the section as 第2章第13项, as the complaint
and follow-up tables name them. Reports cite the complaint policies' and the follow-up policies' documents."""
from __future__ import annotations

from functools import cache
from typing import Any

from ..complaints.rulebook import documents as complaint_documents
from ..core.specs import cited_in
from ..core.text import Localized, loc
from ..followup.rulebook import documents as followup_documents


@cache
def _documents() -> dict[str, Any]:
    return {**complaint_documents(), **followup_documents()}


def cited(cites: str, lang: str) -> str:
    """`cites` as a reader of `lang` reads it; the code itself in English."""
    return cited_in(cites, lang, _documents())


def cited_both(cites: str) -> Localized:
    """`cites` in both languages, for a report cell."""
    return loc(cited(cites, "zh"), cites)


__all__ = ["cited", "cited_both"]
