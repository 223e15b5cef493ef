"""The only module that talks to durable_rules.

It follows the integration pattern whose reasons are in docs/engine.md:
- rules are compiled from the validated rulebook, restricted to the safe subset (single-fact constant
  comparisons; conjunctions without cross-fact references; `in` as a constant `$or` on one fact; chaining
  only through `finding` facts with fixed ids); nothing else can reach here;
- every fact is checked in Python before the engine sees it (no exponent floats, no non-finite numbers,
  nothing beyond int64, no nested values, few properties) and a trivially parseable sentinel fact goes first;
- one evaluation = one fresh session id, at most one live at a time, always drained and deleted; a sentinel
  rule that always fires makes `delete_state` safe;
- no Host at all (never `durable.lang`, whose global Host runs timer threads): the C functions are called
  directly and the agenda is drained here, which is also the fast path the notes measured (the "lean loop");
- every rule set is checked against the engine's measured limits (core/engine_limits.py) before it is created;
- if the engine fails in a way that leaves its state unknown, this evaluator is rebuilt before the next call,
  but only a few times in a row: a rule set that keeps failing is given up, so that repeated calls cannot
  pile up abandoned engine rule sets; a rule set the engine refuses to create is never tried again.
"""
from __future__ import annotations

import itertools
import json
import math
import threading
from typing import Any

import durable_rules_engine as _E
import orjson

from .engine_limits import INT64, MAX_TEXT, ShapeError, check_rule_set
from .facts import Fact
from .oracle import Firing, derived_ids
from .rulebook import DERIVED_FACT, CompiledRuleset, Variant

MAX_FACTS = 200_000                           # ids 0..MAX_FACTS-1 are checked FNV-1a-collision-free in tests
MAX_PROPERTIES = 200                          # the engine's hard limit is 255 including sid and id
MAX_FAULTS_IN_A_ROW = 5                       # engine faults in a row before a rule set is given up
_SENTINEL_TYPE = "__eval__"
_SENTINEL_RULE = "__sentinel__"


class EngineInputError(ValueError):
    """A fact the engine must not see (it would crash it or be silently mishandled)."""


class EngineFault(RuntimeError):
    """The engine failed; the evaluation has no result."""


def _condition_json(field: str, op: str, value: Any) -> dict[str, Any]:
    if op == "in":
        return {"$or": [{field: v} for v in value]} if len(value) > 1 else {field: value[0]}
    if op == "not in":           # constant-only $and of $neq on one fact: inside the safe subset
        return {"$and": [{"$neq": {field: v}} for v in value]} if len(value) > 1 else {"$neq": {field: value[0]}}
    return {field: value} if op == "==" else {
        {"!=": "$neq", ">": "$gt", ">=": "$gte", "<": "$lt", "<=": "$lte"}[op]: {field: value}}


def _variant_json(v: Variant) -> dict[str, Any]:
    patterns = []
    for i, p in enumerate(v.patterns):
        terms = [{"type": p.fact}] + [_condition_json(c.field, c.op, c.value) for c in p.conditions]
        patterns.append({f"p{i}": terms[0] if len(terms) == 1 else {"$and": terms}})
    out: dict[str, Any] = {"all": patterns}
    if v.priority:
        out["pri"] = v.priority
    return out


def check_scalar(value: Any, where: str) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise EngineInputError(f"{where}: text longer than {MAX_TEXT} characters")
        return value
    if isinstance(value, int):
        if not -INT64 <= value <= INT64:
            raise EngineInputError(f"{where}: integer outside int64 (the engine saturates silently)")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EngineInputError(f"{where}: non-finite number")
        if "e" in repr(value).lower():
            # the engine's parser crashes on exponent notation (docs/engine.md); rounding here would make the engine
            # and the oracle disagree, so the fact builders choose a precision and anything else is refused
            raise EngineInputError(f"{where}: number {value!r} needs exponent notation")
        return value
    raise EngineInputError(f"{where}: {type(value).__name__} is not a number, text or true/false")


class DurableEvaluator:
    """One compiled ruleset in one private Host. `evaluate(facts)` returns the firings, sorted."""

    _generation = itertools.count()

    def __init__(self, ruleset: CompiledRuleset):
        try:
            check_rule_set(ruleset.variants)
        except ShapeError as exc:
            raise EngineInputError(f"rule set {ruleset.domain}-{ruleset.version}: rule {exc.rule}: {exc}") from None
        self.ruleset = ruleset
        self.faults_in_a_row = 0
        self._lock = threading.Lock()
        self._sids = itertools.count()
        self._fields = ruleset.fact_fields
        self._derived = {code: json.dumps({"type": DERIVED_FACT, "code": code, "id": i}, ensure_ascii=False)[:-1]
                         for code, i in derived_ids(ruleset).items()}
        self._meta: dict[str, tuple[int, str | None]] = {_SENTINEL_RULE: (0, None)}
        definition: dict[str, Any] = {}
        for v in ruleset.variants:
            definition[v.name] = _variant_json(v)
            self._meta[v.name] = (len(v.patterns), self._derived.get(v.derives) if v.derives else None)
        definition[_SENTINEL_RULE] = {"all": [{"m": {"type": _SENTINEL_TYPE}}], "pri": 1_000_000}
        self._definition = json.dumps(definition, ensure_ascii=False)
        self._build()

    def _build(self) -> None:
        self._name = f"{self.ruleset.domain}-{self.ruleset.version}-{next(self._generation)}"
        self._handle = None
        self.poisoned = True            # until the engine has created it
        try:
            self._handle = _E.create_ruleset(self._name, self._definition)
        except Exception as exc:        # the engine keeps what it had allocated: never retried
            self.faults_in_a_row = MAX_FAULTS_IN_A_ROW
            raise EngineFault(f"durable_rules could not create rule set {self._name}: {exc}") from exc
        self.poisoned = False

    @property
    def given_up(self) -> bool:
        """True once the rule set has failed MAX_FAULTS_IN_A_ROW evaluations in a row: it is not rebuilt again."""
        return self.faults_in_a_row >= MAX_FAULTS_IN_A_ROW

    def close(self) -> None:
        if self._handle is not None and not self.poisoned:
            _E.delete_ruleset(self._handle)
        self._handle = None

    def _batch(self, facts: list[Fact], sid: str) -> str:
        if len(facts) >= MAX_FACTS:
            raise EngineInputError(f"{len(facts)} facts in one evaluation; the limit is {MAX_FACTS - 1}")
        batch: list[dict[str, Any]] = [{"sid": sid, "id": "eval", "type": _SENTINEL_TYPE}]
        fields = self._fields
        for i, f in enumerate(facts):
            wanted = fields.get(f.type)
            if wanted is None:
                continue                      # no rule reads this fact type: the engine need not see it
            src = f.fields
            g: dict[str, Any] = {"type": f.type}
            for k in wanted:
                if k in src:
                    v = src[k]
                    t = type(v)
                    # fast path for the common safe types; everything else goes through the full check
                    if not ((t is bool) or (t is int and -INT64 <= v <= INT64) or (t is str and len(v) <= MAX_TEXT)):
                        v = check_scalar(v, f"fact {i} ({f.type}).{k}")
                    g[k] = v
            if len(g) > MAX_PROPERTIES:
                raise EngineInputError(f"fact {i} ({f.type}): too many properties")
            g["sid"] = sid
            g["id"] = i
            batch.append(g)
        # orjson: the same JSON value as json.dumps, in a fraction of the time (the engine reads text); a text
        # holding a lone surrogate (valid in a JSON escape, not in UTF-8) is left to json.dumps, which writes it
        try:
            return orjson.dumps(batch).decode()
        except orjson.JSONEncodeError:
            return json.dumps(batch, ensure_ascii=False)

    def evaluate(self, facts: list[Fact]) -> list[Firing]:
        with self._lock:
            if self.given_up:
                raise EngineFault(f"rule set {self._name} failed in the engine {self.faults_in_a_row} times in a row; "
                                  f"it is not rebuilt again in this process")
            if self.poisoned:
                self._build()           # the old handle is abandoned, never touched again
            sid = f"e{next(self._sids) % 512}"
            batch = self._batch(facts, sid)
            handle, meta = self._handle, self._meta
            sid_tail = ', "sid": ' + json.dumps(sid) + "}"
            fired: list[Firing] = []
            started = finished = False
            try:
                _code, offset = _E.assert_facts(handle, batch)
                res = _E.start_action_for_state(handle, offset)    # never empty: the sentinel always matches
                started = True
                msg = orjson.loads(res[1]) if res else None
                while msg:
                    ((rule, frame),) = msg.items()
                    n, derived = meta[rule]
                    if n:
                        fired.append((rule, tuple(frame[f"p{k}"]["id"] for k in range(n))))
                    if derived:
                        _E.assert_fact(handle, derived + sid_tail)     # code 2 (already derived) is fine
                    nxt = _E.complete_and_start_action(handle, offset)
                    msg = orjson.loads(nxt) if nxt else None
                finished = True
            except Exception as exc:
                raise EngineFault(f"durable_rules failed: {exc}") from exc
            finally:
                if not started:
                    self.poisoned = True           # the state may exist uninitialised: never delete it
                else:
                    try:
                        if not finished:
                            while _E.complete_and_start_action(handle, offset):
                                pass
                        _E.delete_state(handle, sid)
                    except Exception:
                        self.poisoned = True
                # each fault abandons a handle: counted, so that a rule set that keeps failing is given up
                self.faults_in_a_row = self.faults_in_a_row + 1 if self.poisoned or not finished else 0
        fired.sort()
        return fired


_evaluators: dict[tuple[str, str, str, str], DurableEvaluator] = {}
_refused: dict[tuple[str, str, str, str], Exception] = {}     # rule sets the check or the engine refused
_evaluators_lock = threading.Lock()


def evaluator_for(ruleset: CompiledRuleset) -> DurableEvaluator:
    """One evaluator per compiled ruleset per process. A rule set that could not be created raises the same
    error on every later call, without asking the engine again (a failed creation leaks inside the engine)."""
    key = ruleset.key
    with _evaluators_lock:
        ev = _evaluators.get(key)
        if ev is None:
            refused = _refused.get(key)
            if refused is not None:
                raise type(refused)(str(refused))
            try:
                ev = _evaluators[key] = DurableEvaluator(ruleset)
            except (EngineInputError, EngineFault) as exc:
                _refused[key] = exc
                raise
        return ev
