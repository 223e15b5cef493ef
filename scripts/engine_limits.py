"""Measure durable_rules' limits on the rule shapes the adapter emits, each case in its own child process.

    .venv/bin/python scripts/engine_limits.py                 # every experiment, a table of outcomes
    .venv/bin/python scripts/engine_limits.py in_duplicates   # one experiment
    .venv/bin/python scripts/engine_limits.py --case in_duplicates 129   # one case, in this process

Past some limits the engine corrupts memory instead of failing, so a case runs in a child and its outcome is
read from its exit: `ok` (created; a matching fact fires each rule it matches once, a non-matching one fires none; three
evaluations in a row), `create <error>` / `eval <error>` (the engine raised), `wrong` (it ran but fired wrongly), `signal N`
(it crashed), `hang` (no answer in 20 s; larger sizes are then skipped), or `asan <kind>` when the child ran under AddressSanitizer (scripts/asan_engine.sh) and it reported.
The rule JSON has the adapter's shape (adjudicator/core/engine.py): one pattern `{"$and": [{"type": T}, ...]}`
per fact type, `in` as a `$or` of equalities, `not in` as a `$and` of `$neq`, a sentinel rule and a sentinel fact
first, every state drained and deleted. docs/engine.md has the figures and what the rule book does about them.
This script imports the engine directly: it measures the engine, not the adapter.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

# the sizes tried for every experiment that has a size
LADDER = (1, 2, 8, 12, 13, 16, 29, 30, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 130, 200, 255, 256, 257, 300,
          511, 512, 513, 1000, 2000)
SENTINEL = {"__sentinel__": {"all": [{"m": {"type": "__eval__"}}], "pri": 1_000_000}}

Case = tuple[dict[str, Any], list[tuple[dict[str, Any], int]]]   # rules, [(fact, how many firings it must give)]


def _pattern(*conditions: dict[str, Any]) -> dict[str, Any]:
    return {"p0": {"$and": [{"type": "t"}, *conditions]}}


def _rule(*conditions: dict[str, Any]) -> dict[str, Any]:
    return {"all": [_pattern(*conditions)]}


def _in(field: str, values: list[Any]) -> dict[str, Any]:
    return {"$or": [{field: v} for v in values]} if len(values) > 1 else {field: values[0]}


def in_distinct(n: int) -> Case:
    """One rule `t.x in [v0 … v(n-1)]`."""
    return {"r": _rule(_in("x", [f"v{i}" for i in range(n)]))}, [({"x": "v0"}, 1), ({"x": "zz"}, 0)]


def in_duplicates(n: int) -> Case:
    """One rule `t.x in [v0, v0, … (n times), v1]`: one value repeated."""
    return {"r": _rule(_in("x", ["v0"] * n + ["v1"]))}, [({"x": "v0"}, 1), ({"x": "zz"}, 0)]


def rules_sharing_a_value(n: int) -> Case:
    """n rules, each `t.x in [v0, w<i>]`: one equality inside n different `in` lists."""
    return ({f"r{i}": _rule(_in("x", ["v0", f"w{i}"])) for i in range(n)},
            [({"x": "v0"}, n), ({"x": "zz"}, 0)])


def rules_same_condition(n: int) -> Case:
    """n rules with the identical condition `t.x == v0`."""
    return {f"r{i}": _rule({"x": "v0"}) for i in range(n)}, [({"x": "v0"}, n), ({"x": "zz"}, 0)]


def rules_distinct_values(n: int) -> Case:
    """n rules `t.x == v<i>`: n sibling tests on one field."""
    return {f"r{i}": _rule({"x": f"v{i}"}) for i in range(n)}, [({"x": "v0"}, 1), ({"x": "zz"}, 0)]


def rules_all_matching(n: int) -> Case:
    """n rules `t.x != v<i>`: n sibling tests that one fact all passes."""
    return {f"r{i}": _rule({"$neq": {"x": f"v{i}"}}) for i in range(n)}, [({"x": "zz"}, n), ({"x": "yy"}, n)]


def not_in(n: int) -> Case:
    """One rule `t.x not in [v0 … v(n-1)]`."""
    values = [f"v{i}" for i in range(n)]
    cond = {"$and": [{"$neq": {"x": v}} for v in values]} if n > 1 else {"$neq": {"x": values[0]}}
    return {"r": _rule(cond)}, [({"x": "zz"}, 1), ({"x": "v0"}, 0)]


def conditions_in_one_pattern(n: int) -> Case:
    """One rule whose single pattern is a conjunction of n tests `t.x > -i` on one fact."""
    return {"r": _rule(*({"$gt": {"x": -i}} for i in range(1, n + 1)))}, [({"x": 1}, 1), ({"x": -5000}, 0)]


def many_rules(n: int) -> Case:
    """n rules `t.x == v<i // 100> and t.y == <i % 100>`: many rules, at most 100 sibling tests anywhere."""
    return ({f"r{i}": _rule({"x": f"v{i // 100}"}, {"y": i % 100}) for i in range(n)},
            [({"x": "v0", "y": 0}, 1), ({"x": "v0", "y": -1}, 0)])


def text_length(n: int) -> Case:
    """One rule `t.x == '<n characters>'`, and a fact with that text."""
    text = "字" * n
    return {"r": _rule({"x": text})}, [({"x": text}, 1), ({"x": text[:-1] + "a"}, 0)]


NUMBERS = {"int 1e8": 100_000_000, "float 1e8": 100_000_000.0, "int64 max": 2**63 - 1, "int64 max + 1": 2**63,
           "8784.5": 8784.5, "-0.25": -0.25, "1e16 (exponent)": 1e16, "inf": float("inf"), "nan": float("nan")}


def number(name: str) -> Case:
    """One rule `t.x == <number>` and `t.x <= <number>`, and a fact with that number."""
    v = NUMBERS[name]
    return ({"eq": _rule({"x": v}), "le": _rule({"$lte": {"x": v}})},
            [({"x": v}, 2), ({"x": "zz"}, 0)])


EXPERIMENTS: dict[str, tuple[Callable[[Any], Case], tuple[Any, ...]]] = {
    "in_distinct": (in_distinct, LADDER),
    "in_duplicates": (in_duplicates, LADDER),
    "rules_sharing_a_value": (rules_sharing_a_value, LADDER),
    "rules_same_condition": (rules_same_condition, LADDER),
    "rules_distinct_values": (rules_distinct_values, LADDER),
    "rules_all_matching": (rules_all_matching, LADDER),
    "not_in": (not_in, LADDER),
    "conditions_in_one_pattern": (conditions_in_one_pattern, LADDER),
    "many_rules": (many_rules, (100, 1000, 2000, 4095, 4096, 5000, 10000)),
    "text_length": (text_length, (100, 255, 256, 341, 342, 1000, 1023, 1024, 4096, 70_000, 1_000_000)),
    "number": (number, tuple(NUMBERS)),
}


def run_case(experiment: str, size: Any) -> str:
    """Build the case and run it here. Returns the outcome; an engine error is part of the outcome."""
    import durable_rules_engine as engine

    build, _ = EXPERIMENTS[experiment]
    rules, facts = build(size)
    try:
        handle = engine.create_ruleset("limits", json.dumps({**rules, **SENTINEL}, ensure_ascii=False))
    except Exception as exc:
        return f"create {exc}"
    for attempt in range(3):
        for k, (fields, expected) in enumerate(facts):
            sid = f"s{attempt}-{k}"
            batch = [{"sid": sid, "id": "eval", "type": "__eval__"}, {"sid": sid, "id": 0, "type": "t", **fields}]
            fired = []
            try:
                _code, offset = engine.assert_facts(handle, json.dumps(batch, ensure_ascii=False))
                res = engine.start_action_for_state(handle, offset)
                msg = json.loads(res[1]) if res else None
                while msg:
                    fired.extend(r for r in msg if r != "__sentinel__")
                    nxt = engine.complete_and_start_action(handle, offset)
                    msg = json.loads(nxt) if nxt else None
                engine.delete_state(handle, sid)
            except Exception as exc:
                return f"eval {exc}"
            if len(fired) != expected:
                return f"wrong ({len(fired)} firings on fact {k}, {expected} expected)"
    engine.delete_ruleset(handle)
    return "ok"


def outcome_in_child(experiment: str, size: Any, python: str = sys.executable, timeout: float = 20) -> str:
    try:
        proc = subprocess.run([python, __file__, "--case", experiment, str(size)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"hang (over {timeout:.0f} s)"
    asan = [line for line in proc.stderr.splitlines() if "ERROR: AddressSanitizer" in line]
    if asan:
        kind = asan[0].split("AddressSanitizer:")[1].split(" on ")[0].strip()
        frame = next((line.strip() for line in proc.stderr.splitlines() if " in " in line and "#" in line
                      and ("rete.c" in line or "events.c" in line or "state.c" in line or "json.c" in line)), "")
        return f"asan {kind} {frame.split(' in ', 1)[-1] if frame else ''}".strip()
    if proc.returncode < 0:
        return f"signal {-proc.returncode}"
    if proc.returncode != 0:
        return f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ''}"
    return proc.stdout.strip().splitlines()[-1]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--case"]:
        experiment, raw = argv[1], argv[2]
        size: Any = raw if experiment == "number" else int(raw)
        print(run_case(experiment, size))
        return 0
    python = sys.executable
    if argv[:1] == ["--python"]:
        python, argv = argv[1], argv[2:]
    names = argv or list(EXPERIMENTS)
    for name in names:
        build, sizes = EXPERIMENTS[name]
        print(f"## {name}: {build.__doc__}")
        for size in sizes:
            outcome = outcome_in_child(name, size, python)
            print(f"  {size!s:>16}  {outcome}", flush=True)
            if outcome.startswith("hang"):
                print(f"  {'':>16}  (larger sizes not tried after a hang)")
                break
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
