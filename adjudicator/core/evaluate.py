"""Running a compiled rule set and explaining its firings, for every domain.

The evaluator is durable_rules (through the adapter, imported only when chosen) or the plain-Python oracle of the
same compiled rules. A firing becomes its explanation (both languages) from the facts it matched.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .facts import Fact
from .oracle import DERIVED_ID_BASE, Firing, PythonEvaluator
from .rulebook import CompiledRuleset, Rule, render_template
from .text import Localized, loc

Evaluator = Literal["durable_rules", "python"]
EVALUATORS: tuple[str, ...] = Evaluator.__args__  # type: ignore[attr-defined]
_ORACLES: dict[tuple[str, str, str, str], PythonEvaluator] = {}


def evaluate(ruleset: CompiledRuleset, facts: list[Fact], evaluator: Evaluator) -> list[Firing]:
    """The firings, sorted: from durable_rules, or from the plain-Python oracle of the same compiled rules."""
    if evaluator == "python":
        oracle = _ORACLES.get(ruleset.key)
        if oracle is None:
            oracle = _ORACLES[ruleset.key] = PythonEvaluator(ruleset)
        return oracle.evaluate(facts)
    from .engine import evaluator_for  # the C extension loads only when it is asked for

    return evaluator_for(ruleset).evaluate(facts)


@dataclass(frozen=True)
class ExplainedFiring:
    """One rule that fired on one combination of facts, explained."""

    rule: Rule
    ids: tuple[int, ...]
    values: dict[str, Any]
    evidence: list[str]
    text: Localized


def explained_firings(ruleset: CompiledRuleset, facts: list[Fact], firings: list[Firing]) -> list[ExplainedFiring]:
    """Each (rule, facts) once, in firing order, with its explanation: two alternatives of one rule matching the
    same facts are one firing."""
    out: list[ExplainedFiring] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    named: dict[int, dict[str, Any]] = {}          # one fact's values under their template names, once per call
    for name, ids in firings:
        rule = ruleset.rule(name.split("#")[0])
        if (rule.id, ids) in seen:
            continue
        seen.add((rule.id, ids))
        values, evidence = template_values(ruleset, facts, ids, named)
        out.append(ExplainedFiring(rule, ids, values, evidence, explain(rule, values)))
    return out


def template_values(rules: CompiledRuleset, facts: list[Fact], ids: tuple[int, ...],
                    named: dict[int, dict[str, Any]] | None = None) -> tuple[dict[str, Any], list[str]]:
    """{fact.field}, {$parameter} and {evidence} values for one firing, and its evidence. `named` keeps each
    fact's values under their names for the next firing that matched the same fact."""
    values: dict[str, Any] = dict(rules.param_values)
    evidence: list[str] = []
    for i in ids:
        if i >= DERIVED_ID_BASE:        # a derived finding: no record behind it
            continue
        f = facts[i]
        own = named.get(i) if named is not None else None
        if own is None:
            own = {f"{f.type}.{k}": v for k, v in f.display.items()}
            own.update({f"{f.type}.{k}": v for k, v in f.fields.items()})      # a field wins over a display value
            if named is not None:
                named[i] = own
        values.update(own)
        evidence.extend(f.evidence)
    evidence = list(dict.fromkeys(evidence))
    values["evidence"] = evidence or ["—"]
    return values, evidence


def explain(rule: Rule, values: dict[str, Any]) -> Localized:
    e = rule.spec.explanation
    return loc(render_template(e.zh, values, "zh"), render_template(e.en, values, "en"))


def used_values(rule: Rule, values: dict[str, Any]) -> dict[str, object]:
    """The fact values the rule's condition read (for the decision record)."""
    return {k: values[k] for k in rule.read_fields if k in values}  # type: ignore[attr-defined]
