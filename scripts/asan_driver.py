"""Drive the engine over every rule set of the project and over fuzzed policy profiles; scripts/asan_engine.sh runs
it against an AddressSanitizer build of durable_rules, where any memory error aborts the run with a report.

    python scripts/asan_driver.py [--policies N] [--cases N] [--seed S]

1. every warranty version with every dated set of its parameters, and every built-in complaint profile, compiled
   and loaded into the engine, then evaluated on generated histories and complaints (and the examples);
2. N fuzzed policy profiles: each extends a built-in profile and overrides parameters with values drawn from a
   mix of sane, extreme and hostile ones (huge and non-finite numbers, exponent floats, long lists, duplicates,
   unknown codes), adds rules with `in` lists of any length, and disables rules. Each is either refused
   (PolicyError) or compiled and evaluated.
Wherever the engine runs, its firings must equal the plain-Python oracle's on the same facts. The summary counts
refusals, evaluations and disagreements; the exit status is 1 if any evaluation disagreed or failed otherwise.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from adjudicator.complaints import facts as complaint_facts
from adjudicator.complaints.models import Complaint
from adjudicator.complaints.rulebook import (
    LIST_VALUES,
    PROFILES,
    PolicyError,
    builtin_profile,
    compiled_complaints,
    load_rule_specs,
    resolve_policy,
)
from adjudicator.complaints.synthetic import generate_complaints
from adjudicator.complaints.vocabulary import CASE_TYPE, CATEGORY, DEADLINE, DEADLINE_STATUS
from adjudicator.core.calendar import default_calendar
from adjudicator.core.inputs import CHINA_TZ
from adjudicator.core.engine import EngineFault, evaluator_for
from adjudicator.core.oracle import PythonEvaluator
from adjudicator.core.rulebook import CompiledRuleset
from adjudicator.warranty import facts as warranty_facts
from adjudicator.warranty.decide import parameter_date, select_version
from adjudicator.warranty.models import VehicleHistory
from adjudicator.warranty.rulebook import compiled_warranty, load_warranty_rulebook
from adjudicator.warranty.synthetic import generate_histories

ROOT = Path(__file__).resolve().parents[1]
tally: Counter[str] = Counter()


def agree(rules: CompiledRuleset, facts: list[Any], label: str) -> None:
    try:
        engine = evaluator_for(rules).evaluate(facts)
    except EngineFault as exc:
        tally["engine faults"] += 1
        print(f"ENGINE FAULT {label}: {exc}", flush=True)
        return
    if engine != PythonEvaluator(rules).evaluate(facts):
        tally["disagreements"] += 1
        print(f"DISAGREE {label}", flush=True)
    tally["evaluations"] += 1


def warranty_rule_sets(cases: int, seed: int) -> None:
    book = load_warranty_rulebook()
    for version in book.versions:
        days = {version.in_force.from_} | {v.from_ for p in book.parameters.values() for v in p.values
                                          if v.from_ >= version.in_force.from_
                                          and (version.in_force.to is None or v.from_ <= version.in_force.to)}
        for day in sorted(days):
            evaluator_for(compiled_warranty(version.id, day))
            tally["warranty rule sets"] += 1
    for i, data in enumerate(generate_histories(cases, seed=seed)):
        history = VehicleHistory.model_validate(data)
        version, _ = select_version(history, None)
        if version is None:
            continue
        spec = book.version(version)
        rules = compiled_warranty(version, parameter_date(history, spec))
        agree(rules, warranty_facts.build(history, rules, spec.period_start).facts, f"warranty history {i}")


def complaints_for(cases: int, seed: int) -> list[Complaint]:
    examples = [Complaint.model_validate(json.loads(p.read_text(encoding="utf-8")))
                for p in sorted((ROOT / "examples" / "complaints").glob("*.json"))]
    return examples + [Complaint.model_validate(d) for d in generate_complaints(cases, seed=seed)]


def check_complaints(profile: Any, complaints: list[Complaint], label: str) -> None:
    calendar = default_calendar()
    for k, c in enumerate(complaints):
        rules = compiled_complaints(profile, c.received_at.astimezone(CHINA_TZ).date())
        when = c.as_of or c.received_at
        agree(rules, complaint_facts.build(c, rules, when, calendar).facts, f"{label}, complaint {k}")


HOSTILE_NUMBERS = (0, 8785, 251, 101, 1e8, 100000000, 2**63, -1, 2.5, 1e-7, 1e16, float("inf"), float("-inf"),
                   float("nan"), True, "48", None)
SANE_NUMBERS = (1, 2, 4, 5, 10, 24, 48, 72, 200, 250)
HOSTILE = 0.3          # the share of drawn values and lists meant to be refused

def fuzzed_policy(rng: random.Random, n: int) -> dict[str, Any]:
    base = rng.choice(list(PROFILES))
    params = builtin_profile("default").parameters
    overrides: dict[str, Any] = {}
    for name in rng.sample(sorted(params), rng.randint(0, 6)):
        unit = params[name].unit
        hostile = rng.random() < HOSTILE
        if unit == "list":
            codes = list(LIST_VALUES.get(name, ())) or ["x"]
            if hostile:
                length = rng.choice((2, 12, 13, 29, 64, 65, 128, 129, 200))
                value: Any = [rng.choice(codes + ["not_a_code"]) for _ in range(length)]
            else:
                value = rng.sample(codes, rng.randint(0, len(codes)))
        elif unit == "flag":
            value = rng.choice((True, False)) if not hostile else rng.choice((1, "yes", None))
        else:
            value = rng.choice(HOSTILE_NUMBERS if hostile else SANE_NUMBERS)
        overrides[name] = {"value": value, "source": {"section": f"fuzz {n}"}}
    rules = []
    specs, _ = load_rule_specs()
    hostile = rng.random() < HOSTILE
    for r in range(rng.choice((70, 140) if hostile else (0, 0, 1, 3, 10))):
        field, codes = rng.choice((("complaint.case_type", CASE_TYPE.codes), ("complaint.category", CATEGORY.codes),
                                   ("deadline.code", DEADLINE.codes), ("deadline.status", DEADLINE_STATUS.codes)))
        values = ([rng.choice(codes) for _ in range(rng.choice((2, 5, 40, 130)))] if hostile
                  else rng.sample(codes, rng.randint(1, len(codes))))
        op = rng.choice(("in", "not in"))
        rules.append({"id": f"c.fuzz_{n}_{r}", "title": {"zh": "测试", "en": "fuzz"}, "kind": "notice",
                      "citation": {"section": "fuzz"}, "when": f"{field} {op} [{', '.join(values)}]",
                      "explanation": {"zh": "测试", "en": "fuzz"}})
    disabled = rng.sample([s.id for s in specs], rng.randint(0, 3))
    return {"profile": f"fuzz-{n}", "name": {"zh": "模糊", "en": "fuzz"}, "extends": base, "parameters": overrides,
            "rules": rules, "disabled_rules": disabled}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--policies", type=int, default=300)
    ap.add_argument("--cases", type=int, default=200, help="generated histories and complaints per rule set")
    ap.add_argument("--seed", type=int, default=10)
    args = ap.parse_args()
    warranty_rule_sets(args.cases, args.seed)
    complaints = complaints_for(args.cases, args.seed)
    for pid in PROFILES:
        check_complaints(builtin_profile(pid), complaints, f"profile {pid}")
        tally["complaint profiles"] += 1
    rng = random.Random(args.seed)
    few = complaints[:12]
    for n in range(args.policies):
        policy = fuzzed_policy(rng, n)
        try:
            profile = resolve_policy(policy)
            check_complaints(profile, few, f"fuzzed policy {n}")
        except PolicyError:
            tally["fuzzed policies refused"] += 1
            continue
        except Exception as exc:       # anything else is a finding: say which policy and go on
            tally["fuzzed policies failed otherwise"] += 1
            print(f"FAILED fuzzed policy {n}: {type(exc).__name__}: {exc}", flush=True)
            continue
        tally["fuzzed policies evaluated"] += 1
    print(json.dumps(dict(sorted(tally.items())), indent=1))
    bad = tally["disagreements"] + tally["engine faults"] + tally["fuzzed policies failed otherwise"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
