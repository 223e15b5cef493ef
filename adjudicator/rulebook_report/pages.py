"""What the rule-book report says, page by page, before it is written as HTML or Markdown.

Warranty: one page per article of each version (every article of a version whose text the repository holds, and
every article a rule or a parameter cites otherwise), with the article's words and their source (or why there is
no text), the rules citing it with their conditions in words, the parameters cited there with their dated values,
the scenarios testing each rule with their last result, the places of the text no rule or parameter cites with
the reason (rules/warranty/uncovered.yaml), and the other version's articles that carry the same rules (rules of
the two versions are the same rule where their ids share the suffix: w2013.same_problem_repeat and
w2021.same_problem_repeat). Complaints and follow-up: one page per policy section, every built-in profile side by
side (enabled or not, the condition with that profile's values, the values with their sources).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..complaints import rulebook as complaint_book
from ..complaints import vocabulary as complaint_words
from ..core.rulebook import Cites, CompiledRuleset, load_document_specs
from ..core.specs import Reference
from ..core.statute import Pinpoint, article_label, chinese_value, paragraph_label, pinpoints
from ..core.text import format_value
from ..core.wording import condition_words, field_name, value_words
from ..followup import rulebook as followup_book
from ..followup import vocabulary as followup_words
from ..warranty import vocabulary as warranty_words
from ..warranty.rulebook import (
    compiled_warranty,
    load_warranty_rulebook,
    uncovered_places,
    warranty_law_texts,
)
from .glossary import Glossary, build_glossary, condition_terms, parameter_anchor
from .scenarios import Results, Scenario, scenarios_by_tag

# a conclusion's keys in words, with the vocabulary that names its codes
CONCLUSION_WORDS: dict[str, tuple[str, Any]] = {
    "remedies": ("救济", warranty_words.REMEDY), "use_compensation": ("使用补偿", warranty_words.USE_COMPENSATION),
    "derives": ("得出认定", warranty_words.FINDING), "out_of_scope": ("不适用本规定", None),
    "deadline": ("时限", None), "action": ("应采取的行动", complaint_words.ACTION),
    "closure": ("关闭条件", None), "escalation": ("升级级别", complaint_words.ESCALATION),
    "duty": ("义务", followup_words.DUTY), "warning": ("提醒", None),
}
DEADLINE_NAMES = {"warranty": warranty_words.DEADLINE, "complaints": complaint_words.DEADLINE}
RULE_KINDS = {"warranty": warranty_words.RULE_KIND, "complaints": complaint_words.RULE_KIND,
              "followup": followup_words.RULE_KIND}


@dataclass
class ScenarioView:
    scenario: Scenario
    status: str
    result: str
    message: str = ""


@dataclass
class RuleView:
    id: str
    domain: str
    title: str
    kind: str
    citation: str
    condition: str
    conclusion: str
    explanation: str
    parameters: list[tuple[str, str, str]]        # name, value in words, citation
    scenarios: list[ScenarioView]
    file: str
    page: str = ""                                # the page it is shown on (its anchor is its id)
    enabled: bool = True
    terms: list[tuple[str, str]] = field(default_factory=list)   # glossary anchor, Chinese name


@dataclass
class Place:
    """A paragraph or item of an article's text, who cites it, and why no one does."""

    label: str                                    # 第二十四条第一款（四）
    anchor: str
    text: str
    depth: int                                    # 0 paragraph, 1 item
    cited_by: list[str] = field(default_factory=list)
    uncovered_reason: str | None = None


@dataclass
class ParameterView:
    name: str
    description: str
    unit: str
    values: list[tuple[str, str, str]]            # from, value in words, citation
    choice: str = ""
    pages: list[str] = field(default_factory=list)


@dataclass
class ArticlePage:
    slug: str
    version: str
    version_name: str
    number: str
    chapter: str
    instrument: str
    source: str | None                            # where the text came from
    no_text: str | None                           # why the repository has no text
    places: list[Place]
    rules: list[RuleView]
    parameters: list[ParameterView]
    counterparts: list[tuple[str, str]]           # (slug, title) of the other version's articles
    pairs: list[tuple[str, RuleView | None, RuleView | None]]   # suffix, 2013 rule, 2021 rule
    parameters_on: date
    uncovered: list[Place] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.version_name} {self.number}"


@dataclass
class ProfileColumn:
    profile: str
    name: str
    enabled: bool
    condition: str
    parameters: list[tuple[str, str, str]]


@dataclass
class PolicyRule:
    view: RuleView
    profiles: list[ProfileColumn]


@dataclass
class SectionPage:
    slug: str
    domain: str
    domain_name: str
    document: str
    instrument: str
    section: str
    no_text: str | None
    rules: list[PolicyRule]

    @property
    def title(self) -> str:
        return f"{self.domain_name}：{self.document} {self.section}"


@dataclass
class Report:
    articles: list[ArticlePage]
    sections: list[SectionPage]
    parameters: list[ParameterView]               # the warranty's dated parameters
    rules: list[RuleView]
    results: Results
    parameters_on: dict[str, date]
    glossary: Glossary

    def pages(self) -> list[ArticlePage | SectionPage]:
        return [*self.articles, *self.sections]


# ---------------------------------------------------------------- helpers


def scenario_views(rule_id: str, by_tag: dict[str, list[Scenario]], results: Results) -> list[ScenarioView]:
    out = []
    for sc in by_tag.get(rule_id, []):
        outcome = results.of(sc)
        out.append(ScenarioView(sc, outcome.status, outcome.words("zh"), outcome.message))
    return out


def conclusion_words(domain: str, conclusion: Any) -> str:
    parts = []
    for key, value in conclusion.model_dump().items():
        if value in (None, False, [], ""):
            continue
        label, vocabulary = CONCLUSION_WORDS.get(key, (key, None))
        if key == "deadline":
            vocabulary = DEADLINE_NAMES.get(domain)
        values = value if isinstance(value, list) else [value]
        if value is True:
            parts.append(label)
            continue
        named = [vocabulary.zh(v) if vocabulary is not None and isinstance(v, str) and v in vocabulary else
                 format_value(v, "zh") for v in values]
        parts.append(f"{label}：{'、'.join(named)}")
    return "；".join(parts)


def rule_terms(domain: str, rules: CompiledRuleset, when: str, explanation: str) -> list[tuple[str, str]]:
    """The glossary entries a rule's condition and explanation use: its facts, then its parameters."""
    facts = [(anchor, field_name(rules, fact, name, "zh")) for anchor, fact, name in condition_terms(domain, when)]
    return facts + [(parameter_anchor(domain, n), n) for n in used_parameters(rules, when, explanation)]


def used_parameters(rules: CompiledRuleset, when: str, explanation: str) -> list[str]:
    return sorted(set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", when + " " + explanation)) & set(rules.params))


def parameter_rows(rules: CompiledRuleset, names: list[str]) -> list[tuple[str, str, str]]:
    return [(n, value_words(None, rules.params[n].value, "zh"), rules.params[n].citation.text("zh")) for n in names]


def suffix(rule_id: str) -> str:
    return rule_id.split(".", 1)[1]


def place_label(p: Pinpoint) -> str:
    return str(p)


def article_slug(version: str, number: str) -> str:
    return f"w{version}-{chinese_value(number[1:-1])}"


def article_index(number: str) -> int:
    return chinese_value(number[1:-1])


def reference_text(cites: Cites, ref: Reference) -> str:
    return cites(ref).text("zh")


# ---------------------------------------------------------------- warranty


def warranty_pages(by_tag: dict[str, list[Scenario]], results: Results, on: date | None,
                   only_version: str | None) -> tuple[list[ArticlePage], list[ParameterView], list[RuleView],
                                                      dict[str, date]]:
    book = load_warranty_rulebook()
    texts = warranty_law_texts()
    doc_specs, _ = load_document_specs("warranty")
    reasons = uncovered_places()
    pages: list[ArticlePage] = []
    all_rules: list[RuleView] = []
    dates: dict[str, date] = {}
    views_by_id: dict[str, RuleView] = {}
    rule_articles: dict[str, list[str]] = {}       # rule id -> article slugs it cites
    param_views = parameter_views(book)
    for v in book.versions:
        compiled = compiled_warranty(v.id, on or date.today())
        dates[v.id] = compiled.resolved_on or v.in_force.from_
        for spec in book.rules[v.id]:
            rule = compiled.rule(spec.id)
            names = used_parameters(compiled, spec.when, spec.explanation.zh)
            view = RuleView(spec.id, "warranty", rule.title.zh, RULE_KINDS["warranty"].zh(spec.kind),
                            rule.citation.text("zh"), condition_words(compiled, spec.when, "zh"),
                            conclusion_words("warranty", spec.conclusion), spec.explanation.zh,
                            parameter_rows(compiled, names), scenario_views(spec.id, by_tag, results),
                            f"rules/{book.rule_files[spec.id]}",
                            terms=rule_terms("warranty", compiled, spec.when, spec.explanation.zh))
            views_by_id[spec.id] = view
            rule_articles[spec.id] = [article_slug(v.id, p.article) for p in pinpoints(spec.citation)]
        for name, spec in book.parameters.items():
            for value in spec.values:
                if book.version_on(value.from_) is v:
                    pv = next(p for p in param_views if p.name == name)
                    pv.pages += [article_slug(v.id, p.article) for p in pinpoints(value.reference)
                                 if article_slug(v.id, p.article) not in pv.pages]
    for v in book.versions:
        if only_version and v.id != only_version:
            continue
        text = texts.get(v.document)
        cited: dict[str, list[tuple[Pinpoint, str]]] = defaultdict(list)   # article -> (place, who)
        for spec in book.rules[v.id]:
            for p in pinpoints(spec.citation):
                cited[p.article].append((p, spec.id))
        for name, spec in book.parameters.items():
            for value in spec.values:
                if book.version_on(value.from_) is v:
                    for p in pinpoints(value.reference):
                        cited[p.article].append((p, f"${name}"))
        for p in pinpoints(v.entry_into_force):
            cited[p.article].append((p, "versions.yaml"))
        numbers = [a.number for a in text.articles] if text else sorted(cited, key=article_index)
        instrument = book.documents[v.document].zh
        for number in numbers:
            slug = article_slug(v.id, number)
            places, uncovered, chapter = article_places(text, number, cited.get(number, []),
                                                        reasons.get(v.document, {}))
            rules_here = [views_by_id[s.id] for s in book.rules[v.id] if slug in rule_articles[s.id]]
            for r in rules_here:
                r.page = r.page or slug
            other = [o for o in book.versions if o.id != v.id]
            pairs: list[tuple[str, RuleView | None, RuleView | None]] = []
            counterparts: list[tuple[str, str]] = []
            for r in rules_here:
                for o in other:
                    twin = views_by_id.get(f"w{o.id}.{suffix(r.id)}")
                    left, right = (twin, r) if o.id < v.id else (r, twin)
                    pairs.append((suffix(r.id), left, right))
                    if twin is not None:
                        for s in rule_articles[twin.id]:
                            title = f"{o.short.zh} {number_of(s)}"
                            if (s, title) not in counterparts:
                                counterparts.append((s, title))
            params_here = [p for p in param_views if slug in p.pages]
            source = None
            if text is not None:
                src = text.source
                source = (f"{src.order}，{src.issued_by} {src.promulgated} 公布，{src.effective} 起施行。"
                          f"文本取自 {src.repository} {src.path}（提交 {src.commit}，{src.retrieved} 取得）"
                          + (f"；该副本注明来源：{src.names_its_source}" if src.names_its_source else "") + "。"
                          + "".join(f" 另经比对：{c}" for c in src.compared_with))
            pages.append(ArticlePage(slug, v.id, v.short.zh, number, chapter, instrument, source,
                                     None if text else doc_specs[v.document].no_text, places, rules_here,
                                     params_here, counterparts, pairs, dates[v.id], uncovered))
    all_rules = list(views_by_id.values())
    if only_version:
        all_rules = [r for r in all_rules if r.id.startswith(f"w{only_version}.")]
    return pages, param_views, all_rules, dates


def number_of(slug: str) -> str:
    return article_label(int(slug.rsplit("-", 1)[1]))


def article_places(text: Any, number: str, cited: list[tuple[Pinpoint, str]],
                   reasons: dict[str, str]) -> tuple[list[Place], list[Place], str]:
    """The article's paragraphs and items with who cites each; and the places no one cites, with the reason: the
    whole article when nothing cites it, else each paragraph nothing cites, else (in a paragraph only some of
    whose items are cited) each item nothing cites."""
    if text is None:
        return [], [], ""
    art = text.article(number)
    single = len(art.paragraphs) == 1
    whole = [who for p, who in cited if p.paragraph is None and p.item is None]
    places: list[Place] = []
    uncovered: list[Place] = []
    for pi, para in enumerate(art.paragraphs, start=1):
        plabel = paragraph_label(pi)
        label = number if single else number + plabel
        in_para = [(p, who) for p, who in cited
                   if p.paragraph == plabel or (single and p.paragraph is None and p.item is not None)]
        para_by = whole + [who for p, who in in_para if p.item is None]
        place = Place(label, f"p{pi}", para.text, 0, sorted(set(para_by)))
        items = [Place(label + it.number, f"p{pi}-{ii}", it.text, 1,
                       sorted(set(para_by + [who for p, who in in_para if p.item == it.number])))
                 for ii, it in enumerate(para.items, start=1)]
        places += [place, *items]
        if not place.cited_by:
            if any(ip.cited_by for ip in items):
                uncovered += [ip for ip in items if not ip.cited_by]
            else:
                uncovered.append(place)
    if not cited:
        uncovered = [Place(number, "p1", art.words(), 0)]
    for u in uncovered:
        u.uncovered_reason = reasons.get(u.label)
    shown = {u.label: u.uncovered_reason for u in uncovered}
    for p in places:
        if not cited:
            p.uncovered_reason = reasons.get(number)
        elif p.label in shown:
            p.uncovered_reason = shown[p.label]
    return places, uncovered, art.chapter


def uncited_places(version_document: str | None = None) -> dict[str, list[str]]:
    """Document -> the labels of the places of its text that no rule or parameter cites (for the reason test)."""
    pages, _, _, _ = warranty_pages({}, Results(), None, None)
    book = load_warranty_rulebook()
    out: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        doc = book.version(page.version).document
        if version_document in (None, doc):
            out[doc] += [p.label for p in page.uncovered]
    return dict(out)


def parameter_views(book: Any) -> list[ParameterView]:
    out = []
    for name, spec in book.parameters.items():
        rows = []
        for value in spec.values:
            v = book.version_on(value.from_)
            cites = book.cites(v) if v else Cites(book.documents[book.versions[0].document], book.documents)
            rows.append((value.from_.isoformat(), value_words(None, value.value, "zh"), reference_text(cites,
                                                                                                     value.reference)))
        out.append(ParameterView(name, spec.description.zh, spec.unit, rows, spec.choice.zh if spec.choice else ""))
    return out


# ---------------------------------------------------------------- complaints and follow-up


POLICY_DOMAINS = {"complaints": ("投诉处理政策", complaint_book), "followup": ("回访与提醒政策", followup_book)}


def section_pages(domain: str, by_tag: dict[str, list[Scenario]], results: Results) -> tuple[list[SectionPage],
                                                                                             list[RuleView]]:
    domain_name, book = POLICY_DOMAINS[domain]
    docs = book.documents()
    doc_specs, _ = load_document_specs(domain)
    profiles = [book.builtin_profile(pid) for pid in book.PROFILES]
    compiled = {p.id: (book.compiled_complaints(p) if domain == "complaints" else book.compiled_followup(p))
                for p in profiles}
    default = profiles[0]
    specs: dict[str, Any] = {}
    for p in profiles:
        for rid, spec in p.rules.items():
            specs.setdefault(rid, spec)
    sections: dict[tuple[str, str], list[PolicyRule]] = defaultdict(list)
    views: list[RuleView] = []
    for rid, spec in specs.items():
        document = spec.citation.document or book.OWN_POLICY
        cites = Cites(docs[book.OWN_POLICY], docs)
        columns = []
        for p in profiles:
            rules = compiled[p.id]
            enabled = rid in p.rules and rid not in p.disabled
            pspec = p.rules.get(rid, spec)
            names = used_parameters(rules, pspec.when, pspec.explanation.zh)
            columns.append(ProfileColumn(p.id, p.name.zh, enabled, condition_words(rules, pspec.when, "zh"),
                                         parameter_rows(rules, names)))
        base = compiled[default.id] if rid in default.rules and rid not in default.disabled else \
            compiled[next(c.profile for c in columns if c.enabled)] if any(c.enabled for c in columns) else \
            compiled[default.id]
        title = next((r.title.zh for r in base.rules if r.id == rid), spec.title.zh)
        view = RuleView(rid, domain, title, RULE_KINDS[domain].zh(spec.kind) if spec.kind in RULE_KINDS[domain]
                        else spec.kind, cites(spec.citation).text("zh") + (f" {spec.citation.item}"
                                                                          if spec.citation.item else ""),
                        condition_words(base, spec.when, "zh"), conclusion_words(domain, spec.conclusion),
                        spec.explanation.zh, [], scenario_views(rid, by_tag, results), f"rules/{book.RULES_FILE}",
                        terms=rule_terms(domain, base, spec.when, spec.explanation.zh))
        views.append(view)
        sections[(document, spec.citation.article)].append(PolicyRule(view, columns))
    pages = []
    for i, ((document, section), rules) in enumerate(sorted(sections.items()), start=1):
        slug = f"{domain}-{i}"
        for r in rules:
            r.view.page = slug
        pages.append(SectionPage(slug, domain, domain_name, document, docs[document].zh, section,
                                 doc_specs[document].no_text if document in doc_specs else None, rules))
    return pages, views


# ---------------------------------------------------------------- the whole report


def build_report(results: Results, domain: str = "all", version: str | None = None,
                 on: date | None = None) -> Report:
    by_tag = scenarios_by_tag()
    articles: list[ArticlePage] = []
    params: list[ParameterView] = []
    rules: list[RuleView] = []
    dates: dict[str, date] = {}
    if domain in ("warranty", "all"):
        articles, params, rules, dates = warranty_pages(by_tag, results, on, version)
    sections: list[SectionPage] = []
    shown = ["warranty"] if domain in ("warranty", "all") else []
    if not version:
        for d in ("complaints", "followup"):
            if domain in (d, "all"):
                pages, views = section_pages(d, by_tag, results)
                sections += pages
                rules += views
                shown.append(d)
    labels = {id(v): label for label, v in CONCLUSION_WORDS.values() if v is not None}
    labels |= {id(v): CONCLUSION_WORDS["deadline"][0] for v in DEADLINE_NAMES.values()}
    glossary = build_glossary(shown, labels)
    return Report(articles, sections, params, rules, results, dates, glossary)


def search_index(report: Report, link: Any) -> str:
    """The inline search index: title, page and the words to search, one entry per page, rule and parameter."""
    entries = []
    for page in report.articles:
        words = " ".join(p.text for p in page.places) + " " + " ".join(r.title for r in page.rules)
        entries.append({"t": page.title, "u": link(page.slug), "w": words})
    for page in report.sections:
        entries.append({"t": page.title, "u": link(page.slug), "w": " ".join(r.view.title for r in page.rules)})
    for r in report.rules:
        if r.page:
            entries.append({"t": f"{r.id} {r.title}", "u": link(r.page, r.id), "w": r.condition})
    for p in report.parameters:
        entries.append({"t": f"{p.name} {p.description}", "u": link("parameters", p.name), "w": p.unit})
    for t in report.glossary.terms():
        entries.append({"t": f"{t.name}（{t.code}）", "u": link("glossary", t.anchor), "w": " ".join((t.english, *t.aliases))})
    return json.dumps(entries, ensure_ascii=False).replace("</", "<\\/")
