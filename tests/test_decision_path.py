"""The tuned decision path (issue 14) gives what the plain one gave: counterfactual remedies without a full
decision, templates split once, rule sets looked up by the span of the parameter value dates, the why-not scan's
compiled tests, the engine's batches through orjson, and bounded why-not caches.

The end-to-end check is benchmarks/decision_speed.py: the same JSON bytes as the reference commit on 20,000
generated histories and every example. These tests pin each piece on its own, so that a change breaking one names it.
"""
from __future__ import annotations

import copy
import re
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adjudicator.core.caches import ALTERNATIVE_TEXTS, CONDITION_TEXTS
from adjudicator.core.engine import EngineFault, evaluator_for
from adjudicator.core.evaluate import evaluate, template_values
from adjudicator.core.facts import Fact
from adjudicator.core.oracle import DERIVED_ID_BASE, PythonEvaluator, closest_fact
from adjudicator.core.rulebook import _compile_test, _same, render_template, resolution_key, resolve_params
from adjudicator.core.text import Localized, format_value
from adjudicator.core.whynot import _texts
from adjudicator.io.files import InputError
from adjudicator.warranty.changed import COPIED_PARENTS_READ_NOT, _revalidated, with_change
from adjudicator.warranty.decide import adjudicate_warranty, remedy_keys, rules_and_facts
from adjudicator.warranty.decision import Decision
from adjudicator.warranty.models import VehicleHistory
from adjudicator.warranty.rulebook import compiled_warranty, load_warranty_rulebook
from adjudicator.warranty.synthetic import generate_histories
from adjudicator.warranty.unknowns import find_unknowns

HISTORIES = [VehicleHistory.model_validate(h) for h in generate_histories(120, 1411)]


# ---------------------------------------------------------------- counterfactuals


@pytest.mark.parametrize("evaluator", ["durable_rules", "python"])
def test_remedy_keys_are_the_full_decisions_remedies(evaluator):
    """What a counterfactual compares (remedy_keys) is what the full decision grants, on generated histories and
    under a forced version (where the no-car fallback and scope rules take remedies away)."""
    for h in HISTORIES:
        for forced in (None, "2013", "2021"):
            d = adjudicate_warranty(h, regulation=forced, evaluator=evaluator, counterfactuals=False)
            assert remedy_keys(h, forced, evaluator, None) == {(r.code, r.rule_id) for r in d.remedies}


def test_counterfactuals_match_a_full_re_decision():
    """Each alternative's remedies are those of the whole decision under the other value (the old way)."""
    checked = 0
    for h in HISTORIES:
        d = adjudicate_warranty(h)
        for m in d.missing_facts:
            match = re.fullmatch(r"visits\[(\d+)\]\.items\[(\d+)\]\.(\w+)", m.field)
            if not match or not m.alternatives:
                continue
            vi, ii, name = int(match[1]), int(match[2]), match[3]
            data = h.model_dump()
            data["visits"][vi]["items"][ii][name] = m.alternatives[0].value
            other = adjudicate_warranty(copy.deepcopy(data), counterfactuals=False)
            assert set(m.alternatives[0].remedies) == {r.code for r in other.remedies}
            checked += 1
    assert checked > 5


def _counterfactual_changes(h: VehicleHistory) -> list[tuple[str, object]]:
    """Every (path, value) a decision of `h` re-runs under, as decide._missing_facts builds them."""
    changes = [(u.path, value) for u in find_unknowns(h) for value in u.alternatives]
    changes += [(f"visits.{vi}.items.{ii}.cause", "misuse") for vi, v in enumerate(h.visits)
                for ii, item in enumerate(v.items) if item.cause == "unknown"]
    return changes + [("claim.replacement_vehicle_available", False)]


def test_a_changed_history_is_the_revalidated_one():
    """with_change (the changed model validated again, its parents copied) gives the history the whole dump,
    change and validation gave, on every counterfactual path of the generated histories; and every such path is
    one whose parents' validators do not read it."""
    checked = 0
    for h in HISTORIES:
        for path, value in _counterfactual_changes(h):
            holder = h
            for key in path.split(".")[:-1]:
                holder = holder[int(key)] if isinstance(holder, list) else getattr(holder, key)
            assert path.split(".")[-1] in COPIED_PARENTS_READ_NOT[type(holder).__name__], path
            assert with_change(h, path, value) == _revalidated(h, path, value), path
            checked += 1
    assert checked > 150


def test_a_change_that_does_not_validate_raises_the_whole_historys_error():
    """Where the changed model refuses the value, the error is the one the whole history's validation gives."""
    h = next(h for h in HISTORIES if h.visits)
    with pytest.raises(InputError) as fast:
        with_change(h, "visits.0.closed_at", "1989-01-01")
    with pytest.raises(InputError) as plain:
        _revalidated(h, "visits.0.closed_at", "1989-01-01")
    assert str(fast.value) == str(plain.value)


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.0, 1.0, 2.5, -1.5]),
                    st.sampled_from(["a", "b", "", "1", "True"]))


def _plain_holds(op: str, v, a) -> bool:
    """A condition's meaning as it was first written: `_same` for equality and membership, floats for order."""
    if op in ("in", "not in"):
        found = a is not None and any(_same(a, x) for x in v)
        return found if op == "in" else a is not None and not found
    if op in ("==", "!="):
        return a is not None and _same(a, v) == (op == "==")
    if isinstance(v, (bool, str)):
        return False
    compare = {">": float.__gt__, ">=": float.__ge__, "<": float.__lt__, "<=": float.__le__}[op]
    return type(a) in (int, float) and compare(float(a), float(v))


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(["in", "not in", "==", "!=", ">", ">=", "<", "<="]), _SCALARS,
       st.lists(_SCALARS, max_size=4), _SCALARS)
def test_compiled_tests_mean_the_plain_comparison(op, scalar, options, actual):
    """Each compiled condition test (the fast forms for texts and order included) holds exactly where the plain
    comparison does."""
    if op in ("in", "not in"):
        value = tuple(options)
    elif scalar is None:
        return
    else:
        value = scalar
    assert _compile_test(op, value)(actual) == _plain_holds(op, value, actual)


def _plain_template_values(rules, facts, ids):
    """The template values as they were built before each fact's were kept: every field written in turn."""
    values, evidence = dict(rules.param_values), []
    for i in ids:
        if i >= DERIVED_ID_BASE:
            continue
        f = facts[i]
        for k, v in [*f.display.items(), *f.fields.items()]:
            values[f"{f.type}.{k}"] = v
        evidence.extend(f.evidence)
    evidence = list(dict.fromkeys(evidence))
    values["evidence"] = evidence or ["—"]
    return values, evidence


def test_template_values_kept_per_fact_are_those_built_afresh():
    """A firing's template values, with each fact's named values kept from an earlier firing, are the values
    (in the same key order) and evidence built from nothing."""
    checked = 0
    for h in HISTORIES:
        found = rules_and_facts(h)
        if found is None:
            continue
        rules, built = found
        named: dict = {}
        for _, ids in evaluate(rules, built.facts, "python"):
            kept = template_values(rules, built.facts, ids, named)
            fresh = _plain_template_values(rules, built.facts, ids)
            assert kept == fresh and list(kept[0]) == list(fresh[0])
            checked += 1
    assert checked > 100


def _plain_format_value(value, lang):
    """format_value as it was before its fast paths for texts and integers."""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(_plain_format_value(v, lang) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Localized):
        return value.get(lang)
    return str(value)


_SHOWN = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.floats(allow_nan=False),
                   st.builds(Localized, zh=st.text(max_size=3), en=st.text(max_size=3)))


@settings(max_examples=400, deadline=None)
@given(st.one_of(_SHOWN, st.lists(_SHOWN, max_size=3)), st.sampled_from(["zh", "en"]))
def test_format_value_fast_paths_show_what_the_plain_one_did(value, lang):
    assert format_value(value, lang) == _plain_format_value(value, lang)


# ---------------------------------------------------------------- templates


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _render_by_regex(text: str, values: dict, lang: str) -> str:
    """The regex substitution the templates used before they were split once."""
    return _PLACEHOLDER.sub(lambda m: format_value(values[m.group(1)], lang) if m.group(1) in values else m.group(0),
                            text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["{a}", "{b}", "{", "}", "x", "{$p}", "{{a}}", "{a b}", "中", "{}", "{evidence}"]),
                max_size=10).map("".join), st.sampled_from(["zh", "en"]))
def test_split_templates_render_as_the_regex_did(text, lang):
    values = {"a": 1.0, "$p": [1, 2], "evidence": ["V1", "V2"], "a b": True}
    assert render_template(text, values, lang) == _render_by_regex(text, values, lang)


# ---------------------------------------------------------------- rule sets by the span of the value dates


def test_a_rule_set_looked_up_by_its_span_resolves_as_its_day_does():
    """Around every date a parameter value changes, the rule set found is the one that day's values give."""
    book = load_warranty_rulebook()
    days = sorted({d.from_ for p in book.parameters.values() for d in p.values})
    for v in book.versions:
        for change in days:
            for day in (change - timedelta(days=1), change, change + timedelta(days=1)):
                if day < v.in_force.from_ or (v.in_force.to is not None and day > v.in_force.to):
                    continue
                expected = resolution_key(resolve_params(book.parameters, day, book.cites(v)))
                assert compiled_warranty(v.id, day).resolution == expected, (v.id, day)


# ---------------------------------------------------------------- the why-not scan


def _closest_by_generic_python(pattern, candidates):
    """The scan before it was compiled: every condition tested through its Condition, the progress recomputed."""
    def progress(fields):
        score = 0.0
        for c in pattern.conditions:
            x = fields.get(c.field)
            if type(x) in (int, float) and type(c.value) in (int, float):
                score += x if c.op in (">", ">=") else -x
        return score

    best, best_key = candidates[0], None
    for f in candidates:
        key = (sum(c.holds(f.fields.get(c.field)) for c in pattern.conditions), progress(f.fields))
        if best_key is None or key > best_key:
            best, best_key = f, key
    return best, [(c, best.fields.get(c.field)) for c in pattern.conditions if not c.holds(best.fields.get(c.field))]


def test_compiled_scan_finds_the_fact_the_generic_one_found():
    compared = 0
    for h in HISTORIES:
        found = rules_and_facts(h)
        if found is None:
            continue
        rules, facts = found[0], found[1].facts
        for v in rules.variants:
            for p in v.patterns:
                candidates = [f for f in facts if f.type == p.fact]
                if candidates:
                    best, failed = closest_fact(p, candidates)
                    ref_best, ref_failed = _closest_by_generic_python(p, candidates)
                    assert best is ref_best and failed == ref_failed
                    compared += 1
    assert compared > 1000


# ---------------------------------------------------------------- the engine's batches


def test_a_text_orjson_refuses_fails_as_it_did_before():
    """A lone surrogate is valid in a JSON escape but not in UTF-8: orjson refuses it, so json.dumps writes the
    batch as before, and the engine's refusal is the EngineFault it always was (not an orjson error); the next
    evaluation works."""
    rs = compiled_warranty("2021")
    ev = evaluator_for(rs)
    vehicle = {"usage": "household", "body": "passenger_car", "powertrain": "ice", "has_invoice": True,
               "has_certificate": True, "condition": "new"}
    with pytest.raises(EngineFault):
        ev.evaluate([Fact("vehicle", {**vehicle, "usage": "\ud800"})])
    facts = [Fact("vehicle", vehicle)]
    assert ev.evaluate(facts) == PythonEvaluator(rs).evaluate(facts)


# ---------------------------------------------------------------- bounded caches and valid decisions


def test_why_not_caches_are_bounded_lrus():
    for h in HISTORIES[:40]:
        adjudicate_warranty(h)
    rules = compiled_warranty("2021")
    texts = _texts(rules)
    assert texts.condition.cache_info().maxsize == CONDITION_TEXTS
    assert texts.alternatives.cache_info().maxsize == ALTERNATIVE_TEXTS
    assert 0 < texts.condition.cache_info().currsize <= CONDITION_TEXTS


def test_assembled_decisions_are_valid_decisions():
    """Parts built without validation (why-not entries, shared parameters) still make a decision its model
    accepts, equal to the one validated from its own dump."""
    for h in HISTORIES[:40]:
        d = adjudicate_warranty(h)
        again = Decision.model_validate_json(d.model_dump_json())
        assert again.model_dump_json() == d.model_dump_json()
