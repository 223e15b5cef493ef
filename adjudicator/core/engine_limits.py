"""The limits of durable_rules 2.0.28 that a compiled rule set must stay within, and the check that it does.

Pure Python: the rule book checks every rule set here when it compiles it (so a rule file or a policy profile
that would exceed a limit is refused with its place named), and the adapter checks again before it hands a
rule set to the engine. The figures were measured with scripts/engine_limits.py; docs/engine.md section 14
gives them and says what the engine does past each one (hangs, fails every evaluation, or writes past a heap
buffer). Each cap here is a project choice well inside the measured limit.

The check models the network the engine builds from the JSON the adapter emits (core/engine.py):
a pattern is `{"$and": [{"type": T}, c1, c2, ...]}`, so each condition is a test node under the previous one,
and identical tests under the same parent are one node; `in` with several values is a `$or`, whose values are
test nodes under the current node, each linked to one new join node, under which the pattern goes on; `not in`
is a chain of `$neq` tests; the end of a pattern links its last node to the rule.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# ------------------------------------------------------------------ caps (measured limit in the comment)
MAX_LIST_ENTRIES = 64        # one `in` list: 511 distinct values work, 512 hang ruleset creation
MAX_CONDITIONS = 64          # comparisons in one conjunction: 2,000 worked; a cap for the checks' sake
MAX_RULE_VARIANTS = 1_000    # engine rules in one rule set: 4,095 work (with the sentinel), the 4,096th is error 106
MAX_SIBLING_TESTS = 256      # tests directly under one node: 511 work, the 512th hangs ruleset creation
MAX_PENDING_TESTS = 32       # the engine's work stack for one fact: 64 work, 65 fail every evaluation (error 303)
MAX_RULES_PER_TEST = 128     # rules ending on one identical test: 256 work, the 257th is error 108
MAX_TEXT = 1_000             # characters of a text: equality is wrong past 65,535 bytes of UTF-8
INT64 = 2**63 - 1            # integers beyond it saturate silently


class ShapeError(ValueError):
    """A rule set the engine would mishandle. `rule` names the rule that took it past the limit."""

    def __init__(self, message: str, rule: str | None = None):
        super().__init__(message)
        self.rule = rule


class _Condition(Protocol):
    field: str
    op: str
    value: Any


class _Pattern(Protocol):
    fact: str
    conditions: Sequence[_Condition]


class _Variant(Protocol):
    name: str
    patterns: Sequence[_Pattern]


def _constant(value: Any) -> tuple[str, Any]:
    return (type(value).__name__, value)


@dataclass
class _Network:
    """The engine's test nodes as built from the rules added so far: nodes are tuples of the tests above them."""

    children: dict[tuple[Any, ...], set[tuple[Any, ...]]] = field(default_factory=dict)
    joins: dict[tuple[Any, ...], list[tuple[Any, ...]]] = field(default_factory=dict)   # `$or` links, repeated
    rules_at: Counter[tuple[Any, ...]] = field(default_factory=Counter)
    next_join: int = 0

    def _test(self, parent: tuple[Any, ...], test: tuple[Any, ...]) -> tuple[Any, ...]:
        node = (*parent, test)
        siblings = self.children.setdefault(parent, set())
        siblings.add(node)
        if len(siblings) > MAX_SIBLING_TESTS:
            raise ShapeError(f"more than {MAX_SIBLING_TESTS} different tests side by side "
                             f"(the engine hangs at 512): {_describe(test)}")
        return node

    def add(self, variant: _Variant) -> None:
        for pattern in variant.patterns:
            node = self._test((), ("type", "==", _constant(pattern.fact)))
            for c in pattern.conditions:
                values = c.value if c.op in ("in", "not in") else (c.value,)
                if c.op == "in" and len(values) > 1:
                    self.next_join += 1
                    join = (("join", self.next_join),)
                    for v in values:
                        self.joins.setdefault(self._test(node, (c.field, "==", _constant(v))), []).append(join)
                    node = join
                elif c.op in ("in", "not in"):
                    op = "==" if c.op == "in" else "!="
                    for v in values:
                        node = self._test(node, (c.field, op, _constant(v)))
                else:
                    node = self._test(node, (c.field, c.op, _constant(c.value)))
            self.rules_at[node] += 1
            if self.rules_at[node] > MAX_RULES_PER_TEST:
                raise ShapeError(f"more than {MAX_RULES_PER_TEST} rules end on the same tests (the engine fails "
                                 f"past 256)")

    def pending_peak(self) -> int:
        """The most tests the engine's work stack can hold for one fact, assuming every test that can pass
        does (of the `==` tests on one field, at most one). Computed children first, without recursion."""
        peak: dict[tuple[Any, ...], int] = {}
        order: list[tuple[Any, ...]] = []
        todo, seen = [()], set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            order.append(node)
            todo.extend(self.children.get(node, ()))
            todo.extend(self.joins.get(node, ()))
        for node in reversed(order):
            kids = self.children.get(node, set())
            joins = self.joins.get(node, [])
            equal_fields = {k[-1][0] for k in kids if k[-1][1] == "=="}
            pushed = len(equal_fields) + sum(1 for k in kids if k[-1][1] != "==") + len(joins)
            below = [peak.get(k, 0) for k in (*kids, *joins)]
            peak[node] = max(pushed, pushed - 1 + max(below)) if below else 0
        return peak[()]


def _describe(test: tuple[Any, ...]) -> str:
    fld, op, (_, value) = test
    return f"{fld} {op} {value!r}"


def check_rule_set(variants: Iterable[_Variant]) -> None:
    """Raise ShapeError if the engine would hang, fail or overrun a buffer on these rules (sentinel included)."""
    variants = list(variants)
    if len(variants) > MAX_RULE_VARIANTS:
        raise ShapeError(f"{len(variants)} engine rules (each alternative of a condition is one); at most "
                         f"{MAX_RULE_VARIANTS}")
    network = _Network()
    for v in variants:
        try:
            network.add(v)
        except ShapeError as exc:
            raise ShapeError(str(exc), v.name) from None
    if network.pending_peak() <= MAX_PENDING_TESTS:
        return
    network = _Network()                      # find the first rule that takes the stack past the cap
    for v in variants:
        network.add(v)
        if network.pending_peak() > MAX_PENDING_TESTS:
            raise ShapeError(f"one fact could pass more than {MAX_PENDING_TESTS} tests at once (the engine fails "
                             f"every evaluation past 64): too many rules test the same field with !=, <, > or "
                             f"share values of 'in' lists", v.name)
