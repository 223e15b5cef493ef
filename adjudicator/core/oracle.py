"""A plain-Python evaluator of the same compiled rules: the test oracle for the durable_rules adapter, and the
source of "which condition failed" for rules that did not fire.

Semantics match the engine's: a rule variant fires once per combination of facts matching its patterns;
a missing field never matches; rules reading `finding` facts run after the rules deriving them.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .facts import Fact
from .rulebook import DERIVED_FACT, CompiledRuleset, Condition, Pattern, Variant

Firing = tuple[str, tuple[int, ...]]          # (variant name, indexes of the matched facts)
DERIVED_ID_BASE = 1_000_000                   # ids of derived findings; input facts use their list index


def derived_ids(ruleset: CompiledRuleset) -> dict[str, int]:
    """The fixed id of each derived finding code: the same for the engine and the oracle."""
    codes = sorted({v.derives for v in ruleset.variants if v.derives})
    return {code: DERIVED_ID_BASE + i for i, code in enumerate(codes)}


def _matches(fact: Fact, pattern: Pattern) -> bool:
    if fact.type != pattern.fact:
        return False
    fields = fact.fields
    return all(c.holds(fields.get(c.field)) for c in pattern.conditions)


class PythonEvaluator:
    def __init__(self, ruleset: CompiledRuleset):
        self.ruleset = ruleset
        self._ids = derived_ids(ruleset)
        self._strata = sorted({v.priority for v in ruleset.variants})

    def evaluate(self, facts: list[Fact]) -> list[Firing]:
        by_type: dict[str, list[int]] = {}
        for i, f in enumerate(facts):
            by_type.setdefault(f.type, []).append(i)
        derived: dict[str, int] = {}
        fired: list[Firing] = []
        for stratum in self._strata:
            for v in self.ruleset.variants:
                if v.priority != stratum:
                    continue
                options = []
                for p in v.patterns:
                    if p.fact == DERIVED_FACT:
                        options.append([i for code, i in derived.items()
                                        if all(c.holds(code) for c in p.conditions if c.field == "code")])
                    else:
                        options.append([i for i in by_type.get(p.fact, ()) if _matches(facts[i], p)])
                for combo in itertools.product(*options):
                    fired.append((v.name, tuple(combo)))
                    if v.derives and v.derives not in derived:
                        derived[v.derives] = self._ids[v.derives]
        fired.sort()
        return fired


@dataclass
class Shortfall:
    """Why a variant did not fire: the closest candidate fact per pattern and its failing conditions."""

    variant: Variant
    failed: list[tuple[Condition, Any]]          # condition, actual value (None: no such fact/field)
    evidence: tuple[str, ...]
    closest: dict[str, Fact]


def shortfall(variant: Variant, by_type: dict[str, list[Fact]], derived_codes: set[str],
              closest_of: Callable[[Pattern], tuple[Fact, list[tuple[Condition, Any]]]] | None = None) -> Shortfall:
    """The closest the facts come to firing `variant` (`by_type`: the facts grouped by type). `closest_of`, where
    given, answers `closest_fact` for a pattern (a memo shared by the alternatives of one decision)."""
    failed: list[tuple[Condition, Any]] = []
    evidence: list[str] = []
    closest: dict[str, Fact] = {}
    for p in variant.patterns:
        if p.fact == DERIVED_FACT:
            for c in p.conditions:
                if not any(c.holds(code) for code in derived_codes):
                    failed.append((c, None))
            continue
        candidates = by_type.get(p.fact)
        if not candidates:
            failed.extend((c, None) for c in p.conditions)
            continue
        best, misses = closest_of(p) if closest_of is not None else closest_fact(p, candidates)
        closest[p.fact] = best
        evidence.extend(best.evidence)
        failed.extend(misses)
    return Shortfall(variant, failed, tuple(dict.fromkeys(evidence)), closest)


def closest_fact(p: Pattern, candidates: list[Fact]) -> tuple[Fact, list[tuple[Condition, Any]]]:
    """The candidate fact meeting most of the pattern's conditions (ties: nearest its numeric thresholds), and
    the conditions it fails with its values. One pass over the candidates with the pattern's compiled tests."""
    tests, progress = p.tests, p.progress       # type: ignore[attr-defined]
    best, best_key = candidates[0], None
    for f in candidates:
        get = f.fields.get
        met = 0
        for name, holds in tests:
            if holds(get(name)):
                met += 1
        score = 0.0
        for name, sign in progress:
            x = get(name)
            if type(x) in (int, float):
                score += x if sign > 0 else -x
        key = (met, score)
        if best_key is None or key > best_key:
            best, best_key = f, key
    fields = best.fields
    return best, [(c, fields.get(c.field)) for c in p.conditions if not c.holds(fields.get(c.field))]
