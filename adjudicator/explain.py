"""What warranty and complaint decisions share: run the rules with the chosen evaluator, and turn a firing into
its explanation (both languages) from the facts it matched."""
from __future__ import annotations

from typing import Any, Literal

from .engine import DERIVED_ID_BASE, Firing, evaluator_for
from .facts.base import Fact
from .models.decision import Localized
from .oracle import PythonEvaluator
from .rulebook import CompiledRuleset, Rule, render_template

Evaluator = Literal["durable_rules", "python"]
_ORACLES: dict[tuple[str, str, str], PythonEvaluator] = {}


def evaluate(ruleset: CompiledRuleset, facts: list[Fact], evaluator: Evaluator) -> list[Firing]:
    """The firings, sorted: from durable_rules, or from the plain-Python oracle of the same compiled rules."""
    if evaluator == "python":
        key = (ruleset.domain, ruleset.version, ruleset.digest)
        if key not in _ORACLES:
            _ORACLES[key] = PythonEvaluator(ruleset)
        return _ORACLES[key].evaluate(facts)
    return evaluator_for(ruleset).evaluate(facts)


def template_values(rules: CompiledRuleset, facts: list[Fact], ids: tuple[int, ...]) -> tuple[dict[str, Any], list[str]]:
    """{fact.field}, {$parameter} and {evidence} values for one firing, and its evidence."""
    values: dict[str, Any] = dict(rules.param_values)
    evidence: list[str] = []
    for i in ids:
        if i >= DERIVED_ID_BASE:        # a derived finding: no record behind it
            continue
        f = facts[i]
        for k, v in f.display.items():
            values[f"{f.type}.{k}"] = v
        for k, v in f.fields.items():
            values[f"{f.type}.{k}"] = v
        evidence.extend(f.evidence)
    evidence = list(dict.fromkeys(evidence))
    values["evidence"] = evidence or ["—"]
    return values, evidence


def explain(rule: Rule, values: dict[str, Any]) -> Localized:
    e = rule.spec.explanation
    return Localized.model_construct(zh=render_template(e.zh, values, "zh"), en=render_template(e.en, values, "en"))


def used_values(rule: Rule, values: dict[str, Any]) -> dict[str, object]:
    """The fact values the rule's condition read (for the decision record)."""
    keys = {f"{c.fact}.{c.field}" for v in rule.variants for p in v.patterns for c in p.conditions}
    return {k: values[k] for k in sorted(keys) if k in values}
