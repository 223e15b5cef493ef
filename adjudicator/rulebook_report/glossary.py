"""The glossary page of the rule-book report: every term a legal reader meets in the rules and the features.

Nothing here is a second list of names. Per domain it shows
- the facts the rule conditions test: each field of the fact schema with its Chinese name and English
  description, where its values come from, and the rules whose condition tests it;
- every vocabulary of the domain (systems, causes, remedies, event types, verdicts, ...): each code with its
  Chinese name, the other Chinese words the features and dealer files may use for it, and its English name;
- the parameters: each name with its description and unit (the warranty's dated values are on the parameters
  page; the policy domains' on each profile's column of the section pages).
A vocabulary is headed by the Chinese names of the fields that take its values, else by the label the report
gives a conclusion of that vocabulary, else by the vocabulary's own title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from ..complaints import rulebook as complaint_book
from ..complaints import vocabulary as complaint_words
from ..core.conditions import parse
from ..core.facts import FieldSpec
from ..core.vocabulary import Vocabulary
from ..followup import rulebook as followup_book
from ..followup import vocabulary as followup_words
from ..warranty import vocabulary as warranty_words
from ..warranty.rulebook import compiled_warranty, load_warranty_rulebook

DOMAIN_NAMES = {"warranty": ("三包规定", "Warranty regulation"), "complaints": ("投诉处理政策", "Complaint policy"),
                "followup": ("回访与提醒政策", "Follow-up policy")}
VOCABULARY_MODULES: dict[str, ModuleType] = {"warranty": warranty_words, "complaints": complaint_words,
                                             "followup": followup_words}


@dataclass
class Term:
    anchor: str
    name: str                                     # Chinese
    english: str
    code: str
    aliases: tuple[str, ...] = ()
    unit: str = ""
    values_from: str = ""                         # anchor of the vocabulary a field's values come from
    values_name: str = ""
    used_by: list[str] = field(default_factory=list)     # rule ids whose condition tests it


@dataclass
class GlossarySection:
    anchor: str
    title: str
    english: str
    terms: list[Term]


@dataclass
class DomainGlossary:
    domain: str
    name: str
    english: str
    sections: list[GlossarySection]


@dataclass
class Glossary:
    domains: list[DomainGlossary]

    def terms(self) -> list[Term]:
        return [t for d in self.domains for s in d.sections for t in s.terms]


def field_anchor(domain: str, fact: str, name: str) -> str:
    return f"{domain}-fact-{fact}-{name}"


def parameter_anchor(domain: str, name: str) -> str:
    return f"{domain}-parameter-{name}"


def vocabulary_anchor(domain: str, vocabulary: Vocabulary) -> str:
    return f"{domain}-words-{vocabulary.name}"


def condition_terms(domain: str, when: str) -> list[tuple[str, str, str]]:
    """(anchor, fact, field) of every fact field a condition tests, in order, each once."""
    seen: dict[tuple[str, str], None] = {}
    for group in parse(when):
        for c in group:
            seen.setdefault((c.fact, c.field), None)
    return [(field_anchor(domain, fact, name), fact, name) for fact, name in seen]


# ---------------------------------------------------------------- what each domain gives


def _warranty_book() -> tuple[dict[str, dict[str, FieldSpec]], dict[str, Any], list[Any]]:
    book = load_warranty_rulebook()
    schema = compiled_warranty(book.versions[-1].id).schema
    return schema, dict(book.parameters), [r for v in book.versions for r in book.rules[v.id]]


def _policy_book(book: Any, compile_: Any) -> tuple[dict[str, dict[str, FieldSpec]], dict[str, Any], list[Any]]:
    profiles = [book.builtin_profile(pid) for pid in book.PROFILES]
    schema = compile_(profiles[0]).schema
    params: dict[str, Any] = {}
    rules: dict[str, Any] = {}
    for p in profiles:
        for name, spec in p.parameters.items():
            params.setdefault(name, spec)
        for rid, spec in p.rules.items():
            rules.setdefault(rid, spec)
    return schema, params, list(rules.values())


def domain_book(domain: str) -> tuple[dict[str, dict[str, FieldSpec]], dict[str, Any], list[Any]]:
    """The fact schema, the parameters (name -> spec) and the rule specs of a domain."""
    if domain == "warranty":
        return _warranty_book()
    if domain == "complaints":
        return _policy_book(complaint_book, complaint_book.compiled_complaints)
    return _policy_book(followup_book, followup_book.compiled_followup)


def vocabularies(domain: str) -> list[Vocabulary]:
    return [v for v in vars(VOCABULARY_MODULES[domain]).values() if isinstance(v, Vocabulary)]


# ---------------------------------------------------------------- the glossary


def domain_glossary(domain: str, conclusion_labels: dict[int, str]) -> DomainGlossary:
    schema, params, rules = domain_book(domain)
    used: dict[tuple[str, str], list[str]] = {}
    for rule in rules:
        for _, fact, name in condition_terms(domain, rule.when):
            used.setdefault((fact, name), []).append(rule.id)
    vocab_list = vocabularies(domain)
    headed_by: dict[int, list[str]] = {}
    fields: list[Term] = []
    for fact, specs in schema.items():
        for name, spec in specs.items():
            vocab = spec.vocabulary
            term = Term(field_anchor(domain, fact, name), spec.zh or spec.doc, spec.doc, f"{fact}.{name}",
                        used_by=used.get((fact, name), []))
            if vocab is not None:
                if spec.zh and spec.zh not in headed_by.setdefault(id(vocab), []):
                    headed_by[id(vocab)].append(spec.zh)
                if all(v is not vocab for v in vocab_list):
                    vocab_list.append(vocab)
                term.values_from = vocabulary_anchor(domain, vocab)
            fields.append(term)
    sections = [GlossarySection(f"{domain}-facts", "条件中的事实", "Facts the conditions test", fields)]
    for vocab in vocab_list:
        title = "、".join(headed_by.get(id(vocab), [])) or conclusion_labels.get(id(vocab), "") or vocab.title.zh
        for t in fields:
            if t.values_from == vocabulary_anchor(domain, vocab):
                t.values_name = title
        sections.append(GlossarySection(
            vocabulary_anchor(domain, vocab), title, vocab.title.en,
            [Term(f"{vocabulary_anchor(domain, vocab)}-{t.code}", t.zh, t.en, t.code, t.aliases) for t in vocab]))
    sections.append(GlossarySection(f"{domain}-parameters", "参数", "Parameters", [
        Term(parameter_anchor(domain, name), spec.description.zh, spec.description.en, name, unit=spec.unit,
             used_by=[r.id for r in rules if re.search(rf"\${re.escape(name)}(?![A-Za-z0-9_])", r.when)])
        for name, spec in params.items()]))
    zh, en = DOMAIN_NAMES[domain]
    return DomainGlossary(domain, zh, en, sections)


def build_glossary(domains: list[str], conclusion_labels: dict[int, str]) -> Glossary:
    """The glossary of `domains`; `conclusion_labels` (id of a vocabulary -> label) names the vocabularies no
    fact field takes its values from, as the report's conclusions name them."""
    return Glossary([domain_glossary(d, conclusion_labels) for d in domains])
