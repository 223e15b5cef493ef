"""The rule book as a catalogue, for every domain: the rows of `rules list`, the details of `rules show`, and the
Gherkin scenarios that test a rule."""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .complaints import rulebook as complaint_book
from .complaints.rulebook import builtin_profile, compiled_complaints, load_rule_specs
from .core.rulebook import Cites, RulebookError
from .core.wording import condition_words
from .followup import rulebook as followup_book
from .warranty.rulebook import compiled_warranty, load_warranty_rulebook


def rule_rows(domain: str = "all", version: str | None = None, kind: str | None = None,
              lang: str = "zh") -> tuple[list[list[str]], list[str]]:
    """[id, version or 'policy', kind, article, title] per rule, and the rule sets' digests."""
    rows: list[list[str]] = []
    digests = []
    if domain in ("warranty", "all"):
        book = load_warranty_rulebook()
        digests.append(f"warranty {book.digest}")
        for vid, specs in book.rules.items():
            if version and vid != version:
                continue
            titles = {r.id: r.title for r in compiled_warranty(vid).rules}
            for s in specs:
                if kind and s.kind != kind:
                    continue
                c = s.citation
                rows.append([s.id, vid, s.kind,
                             c.article + (c.paragraph or "") + (c.item or "") + ("" if c.verified else "*"),
                             titles[s.id].get(lang)])
    if domain in ("complaints", "all") and not version:
        specs, digest = load_rule_specs()
        titles = {r.id: r.title for r in compiled_complaints(builtin_profile("default")).rules}
        digests.append(f"complaints {digest[:12]}")
        for s in specs:
            if kind and s.kind != kind:
                continue
            rows.append([s.id, "policy", s.kind, s.citation.short(), titles[s.id].get(lang)])
    if domain in ("followup", "all") and not version:
        specs, digest = followup_book.load_rule_specs()
        titles = {r.id: r.title for r in followup_book.compiled_followup(followup_book.builtin_profile()).rules}
        digests.append(f"followup {digest[:12]}")
        rows += [[s.id, "policy", s.kind, s.citation.short(), titles[s.id].get(lang)] for s in specs
                 if not kind or s.kind == kind]
    return rows, digests


@dataclass(frozen=True)
class RuleDetail:
    spec: Any
    title: Any
    citation: Any
    where: str
    in_force: str
    params: dict[str, tuple[Any, str]]       # name -> (value, citation text in the language asked)
    condition: str = ""                      # the condition in words, bracketed, with the parameters' values


class UnknownRule(LookupError):
    def __init__(self, rule_id: str, close: list[str]):
        self.rule_id, self.close = rule_id, close
        super().__init__(rule_id)


POLICY_BOOKS = ("c.", "f.")          # rule-id prefixes of the complaint and follow-up rule books


def _policy_book(rule_id: str, policy: str) -> tuple[Any, Any, Any, str, str]:
    """(rule specs, compiled rules, documents, the own-policy document, rule file) of a policy rule book."""
    if rule_id.startswith("c."):
        book = complaint_book
        compiled = book.compiled_complaints(book.builtin_profile(policy))
    else:
        book = followup_book                   # type: ignore[assignment]
        compiled = book.compiled_followup(book.builtin_profile(policy))
    return book.load_rule_specs()[0], compiled, book.documents(), book.OWN_POLICY, f"rules/{book.RULES_FILE}"


def rule_detail(rule_id: str, policy: str = "default", lang: str = "zh") -> RuleDetail:
    """One rule with its citation, file, period in force and the values of the parameters it uses."""
    if rule_id.startswith(POLICY_BOOKS):
        specs_, compiled, docs, own, where = _policy_book(rule_id, policy)
        specs = {s.id: s for s in specs_}
        if rule_id not in specs:
            raise UnknownRule(rule_id, [])
        spec = specs[rule_id]
        rule = next((r for r in compiled.rules if r.id == rule_id), None)
        citation = rule.citation if rule else Cites(docs[own], docs)(spec.citation)
        title = rule.title if rule else spec.title.out()
        in_force = f"policy profile {policy}" + ("" if rule else " (disabled)")
    else:
        book = load_warranty_rulebook()
        version = next((v for v, specs in book.rules.items() if any(s.id == rule_id for s in specs)), None)
        if version is None:
            close = [s.id for specs in book.rules.values() for s in specs if rule_id.split(".")[-1] in s.id]
            raise UnknownRule(rule_id, close)
        compiled = compiled_warranty(version)
        rule = compiled.rule(rule_id)
        spec, citation, title = rule.spec, rule.citation, rule.title
        where = f"rules/{book.rule_files[spec.id]}"
        v = book.version(version)
        in_force = f"{v.in_force.from_} – {v.in_force.to or ''}"
    names = sorted(set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", spec.when + spec.explanation.zh)))
    params = {n: (compiled.params[n].value, compiled.params[n].citation.text(lang)) for n in names
              if n in compiled.params}
    return RuleDetail(spec, title, citation, where, in_force, params, condition_words(compiled, spec.when, lang))


def scenarios_for(rule_id: str) -> list[str]:
    """Names of the Gherkin scenarios tagged with this rule id (features ship inside the package)."""
    found: list[str] = []
    try:
        root = resources.files("adjudicator.features")
        files = [p for sub in root.iterdir() if sub.is_dir() for p in sub.iterdir() if p.name.endswith(".feature")]
    except (ModuleNotFoundError, FileNotFoundError):
        return found
    tag = re.compile(r"(?<!\S)@" + re.escape(rule_id) + r"(?!\S)")
    for f in sorted(files, key=lambda p: p.name):
        pending = False
        for line in f.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if s.startswith("@"):
                pending = pending or bool(tag.search(s))
            elif pending and re.match(r"^(场景|场景大纲|剧本|剧本大纲|Scenario|Scenario Outline|Example)\s*[:：]", s):
                found.append(f"{f.name}: {s.split(':', 1)[-1].split('：', 1)[-1].strip()}")
                pending = False
            elif s and not s.startswith("#"):
                pending = False
    return found


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class LineError(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str | None = Field(description="the field path the problem is in, where there is one")
    message: str


class BatchLine(BaseModel):
    """One line of `batch` output (and one entry of `check --format json` with several files)."""

    model_config = ConfigDict(extra="allow")
    record: int = Field(ge=1, description="the record's number in the input, from 1")
    source: str = Field(description="where the record came from: file, line or rows")
    ok: bool
    decision: dict[str, Any] | None = Field(None, description="a warranty, complaint or follow-up decision "
                                                              "(their own schemas), when ok")
    error: LineError | None = Field(None, description="why the record could not be decided, when not ok")


def schema_document(name: str) -> dict[str, Any]:
    """A published JSON Schema with its dialect and an `$id` naming it and the output format version."""
    from .core.output_format import FORMAT_VERSION

    document = schemas()[name].model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "$id": f"urn:adjudicator:schema:{name}:{FORMAT_VERSION}", **document}


def schemas() -> dict[str, Any]:
    """The published JSON Schemas: inputs, decisions and the batch line."""
    from .complaints.decision import ComplaintDecision
    from .complaints.models import Complaint
    from .followup.decision import FollowupDecision
    from .followup.models import CrmLog
    from .warranty.decision import Decision
    from .warranty.models import VehicleHistory

    return {"warranty-input": VehicleHistory, "warranty-decision": Decision, "complaint-input": Complaint,
            "complaint-decision": ComplaintDecision, "followup-input": CrmLog, "followup-decision": FollowupDecision,
            "batch-line": BatchLine}


__all__ = ["rule_rows", "rule_detail", "scenarios_for", "schemas", "schema_document", "BatchLine", "UnknownRule", "RulebookError"]
