"""The complaint reports the policies require (rules/followup/reports.yaml): each one's title and the section that
requires it, cited with the follow-up rule book's documents."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import Field

from ..core.rulebook import Cites, load_documents, read_rule_yaml, validated_spec
from ..core.specs import LocalizedSpec, Reference, SpecModel
from ..core.text import Citation, Localized

REPORTS_FILE = "followup/reports.yaml"
ReportKey = Literal["complaint_summary", "time_limits", "reminders", "assessment"]


class ReportSpec(SpecModel):
    title: LocalizedSpec
    source: Reference


class ReportsFile(SpecModel):
    reports: dict[ReportKey, ReportSpec] = Field(min_length=4)


@dataclass(frozen=True)
class ReportBasis:
    title: Localized
    cites: str
    citation: Citation


@cache
def report_basis(key: str) -> ReportBasis:
    data, _ = read_rule_yaml(REPORTS_FILE)
    spec = validated_spec(ReportsFile, data, f"rules/{REPORTS_FILE}").reports[key]
    documents = load_documents("followup")[0]
    cites = Cites(documents["DEALER"], documents, f"rules/{REPORTS_FILE}")
    return ReportBasis(spec.title.out(), spec.source.short(), cites(spec.source))


__all__ = ["report_basis", "ReportBasis", "ReportKey"]
