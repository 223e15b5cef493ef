"""The warranty rule book: rules/warranty/ (documents, versions, dated parameters, one rule file per version),
loaded and checked once per process, compiled per version *and* per set of parameter values in force."""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import ClassVar, Literal

from pydantic import Field

from ..core.rulebook import (
    Cites,
    CompiledRuleset,
    RulebookError,
    cached_rule_book,
    check_versions,
    compile_rules,
    load_document_specs,
    load_documents,
    read_rule_yaml,
    resolution_key,
    resolve_params,
    rule_files,
    validated_spec,
)
from ..core.specs import Conclusion, InForce, LocalizedSpec, ParameterSpec, Reference, RuleSpec, SpecModel
from ..core.statute import StatuteText, load_statute
from ..core.text import Localized
from .schema import DISPLAY, SCHEMA
from .vocabulary import REMEDY, RULE_KIND, USE_COMPENSATION

UNCOVERED_FILE = "warranty/uncovered.yaml"      # why no rule cites a place of a text
REGULATION_ORIGIN = date(2013, 10, 1)   # the first in-force day of any version; checked against versions.yaml
ParameterDate = Literal["invoice", "period_start", "request", "decision"]


class VersionSpec(SpecModel):
    id: str
    document: str = Field(description="the instrument (documents.yaml) this version is")
    short: LocalizedSpec
    in_force: InForce
    entry_into_force: Reference
    period_start: Literal["invoice", "delivery_if_different"]
    parameters_dated_by: ParameterDate = Field(
        description="the date of the case at which a dated parameter value is looked up")


class VersionsFile(SpecModel):
    versions: list[VersionSpec] = Field(min_length=1)


class ParametersFile(SpecModel):
    parameters: dict[str, ParameterSpec]


class WarrantyConclusion(Conclusion):
    KINDS: ClassVar[tuple[str, ...]] = RULE_KIND.codes
    remedies: list[REMEDY.literal] = Field(default_factory=list)  # type: ignore[valid-type]
    use_compensation: USE_COMPENSATION.literal | None = None  # type: ignore[valid-type]
    out_of_scope: bool = False
    deadline: Literal["seller_reply", "seller_completion"] | None = None

    def check_kind(self, kind: str) -> None:
        if kind == "remedy" and not self.remedies:
            raise ValueError("a remedy rule must name its remedies")
        if kind != "remedy" and self.remedies:
            raise ValueError(f"a {kind} rule cannot grant remedies")
        if kind == "scope" and not self.out_of_scope:
            raise ValueError("a scope rule must set out_of_scope: true")
        if kind == "deadline" and not self.deadline:
            raise ValueError("a deadline rule must name its deadline")
        if any(r in ("replace", "return") for r in self.remedies) and self.use_compensation is None:
            raise ValueError("replace/return remedies must say whether use compensation is charged or free")


WarrantyRule = RuleSpec[WarrantyConclusion]


class RuleFile(SpecModel):
    version: str
    rules: list[WarrantyRule] = Field(min_length=1)


@dataclass
class WarrantyRulebook:
    documents: dict[str, Localized]
    versions: list[VersionSpec]
    parameters: dict[str, ParameterSpec]
    rules: dict[str, list[WarrantyRule]]        # version id -> rules
    rule_files: dict[str, str]                  # rule id -> file
    digest: str

    def version(self, version_id: str) -> VersionSpec:
        for v in self.versions:
            if v.id == version_id:
                return v
        raise KeyError(version_id)

    def version_on(self, day: date) -> VersionSpec | None:
        for v in self.versions:
            if v.in_force.from_ <= day and (v.in_force.to is None or day <= v.in_force.to):
                return v
        return None

    def instrument(self, version: VersionSpec) -> Localized:
        return self.documents[version.document]

    def cites(self, version: VersionSpec) -> Cites:
        return Cites(self.instrument(version), self.documents, "rules/warranty")


RESERVED_FILES = ("documents.yaml", "versions.yaml", "parameters.yaml", UNCOVERED_FILE.split("/")[-1])


@cache
def load_warranty_rulebook() -> WarrantyRulebook:
    """The warranty rule book, read and checked (kept between runs: core.rulebook.cached_rule_book)."""
    return cached_rule_book("warranty", _read_warranty_rulebook, WarrantyRulebook)


def _read_warranty_rulebook() -> WarrantyRulebook:
    documents, draw = load_documents("warranty")
    vdata, vraw = read_rule_yaml("warranty/versions.yaml")
    versions = validated_spec(VersionsFile, vdata, "rules/warranty/versions.yaml").versions
    check_versions([(v.id, v.in_force.from_, v.in_force.to) for v in versions], REGULATION_ORIGIN,
                   "rules/warranty/versions.yaml")
    for v in versions:
        if v.document not in documents:
            raise RulebookError(f"rules/warranty/versions.yaml: version {v.id}: unknown document {v.document!r}")
    pdata, praw = read_rule_yaml("warranty/parameters.yaml")
    params = validated_spec(ParametersFile, pdata, "rules/warranty/parameters.yaml").parameters
    for name, spec in params.items():
        for value in spec.values:
            if value.reference.document is not None and value.reference.document not in documents:
                raise RulebookError(f"rules/warranty/parameters.yaml: {name}: unknown document "
                                    f"{value.reference.document!r} (known: {', '.join(sorted(documents))})")
    digest = hashlib.sha256(draw + vraw + praw)
    rules: dict[str, list[WarrantyRule]] = {v.id: [] for v in versions}
    files: dict[str, str] = {}
    for rel in rule_files("warranty", RESERVED_FILES):
        data, raw = read_rule_yaml(rel)
        digest.update(raw)
        rf = validated_spec(RuleFile, data, f"rules/{rel}")
        if rf.version not in rules:
            raise RulebookError(f"rules/{rel}: unknown version {rf.version!r}")
        for r in rf.rules:
            if r.id in files:
                raise RulebookError(f"rules/{rel}: rule id {r.id} also defined in {files[r.id]}")
            files[r.id] = rel
            rules[rf.version].append(r)
    book = WarrantyRulebook(documents, versions, params, rules, files, digest.hexdigest()[:12])
    for v in versions:
        for spec in rules[v.id]:
            f = spec.in_force
            if f and ((f.from_ and f.from_ < v.in_force.from_) or (f.to and v.in_force.to and f.to > v.in_force.to)):
                raise RulebookError(f"rules/{files[spec.id]}: rule {spec.id} in force outside version {v.id}")
    return book


@cache
def warranty_law_texts() -> dict[str, StatuteText]:
    """The full texts of the instruments, by document id: those documents.yaml gives a `text:` file for."""
    specs, _ = load_document_specs("warranty")
    texts: dict[str, StatuteText] = {}
    for doc_id, spec in specs.items():
        if spec.text:
            text = load_statute(f"warranty/{spec.text}")
            if text.document != doc_id:
                raise RulebookError(f"rules/warranty/{spec.text}: document {text.document!r} but documents.yaml "
                                    f"names it for {doc_id!r}")
            texts[doc_id] = text
    return texts


class UncoveredFile(SpecModel):
    """Why no rule or parameter cites a place of a text: document id -> place (第一条, 第二十四条第三款,
    第三十二条第一款（六）) -> the reason."""

    uncovered: dict[str, dict[str, str]]


@cache
def uncovered_places() -> dict[str, dict[str, str]]:
    """The reasons of rules/warranty/uncovered.yaml, by document and place."""
    data, _ = read_rule_yaml(UNCOVERED_FILE)
    found = validated_spec(UncoveredFile, data, f"rules/{UNCOVERED_FILE}").uncovered
    specs, _ = load_document_specs("warranty")
    unknown = sorted(set(found) - set(specs))
    if unknown:
        raise RulebookError(f"rules/{UNCOVERED_FILE}: unknown documents {', '.join(unknown)}")
    return found


_COMPILED: dict[tuple[str, str, str], CompiledRuleset] = {}     # one per resolution: bounded by the rule book
_BY_ERA: dict[tuple[str, str, int], CompiledRuleset] = {}        # bounded by the rule book's value dates
_VALUE_DATES: dict[str, tuple[date, ...]] = {}


def compiled_warranty(version: str, on: date | None = None) -> CompiledRuleset:
    """The version's rules with the parameter values in force on `on` (default: the version's first day).
    Cached by what was resolved, so every date with the same values shares one compiled rule set."""
    book = load_warranty_rulebook()
    v = book.version(version)
    day = max(on or v.in_force.from_, v.in_force.from_)
    if v.in_force.to is not None:
        day = min(day, v.in_force.to)          # a forced version uses its own values, never a later version's
    # every day between two dates at which some parameter takes a new value resolves alike: looked up by that
    # span ("era"), not by the day, since resolving the parameters costs more than the rest of a decision's lookup
    era = (version, book.digest, bisect_right(_value_dates(book), day))
    found = _BY_ERA.get(era)
    if found is None:
        found = _BY_ERA[era] = _compiled_resolved(book, v, version, day)
    return found


def _value_dates(book: WarrantyRulebook) -> tuple[date, ...]:
    """The days on which some parameter's value changes, in order (once per rule book)."""
    found = _VALUE_DATES.get(book.digest)
    if found is None:
        found = _VALUE_DATES[book.digest] = tuple(sorted({d.from_ for p in book.parameters.values() for d in p.values}))
    return found


def _compiled_resolved(book: WarrantyRulebook, v: VersionSpec, version: str, day: date) -> CompiledRuleset:
    cites = book.cites(v)
    params = resolve_params(book.parameters, day, cites)
    key = (version, book.digest, resolution_key(params))
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = compile_rules(
            book.rules[version], params, SCHEMA, DISPLAY, domain="warranty", version=version,
            instrument=book.instrument(v), digest=book.digest, cites=cites, files=book.rule_files, resolved_on=day)
    return compiled
