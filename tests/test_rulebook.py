"""The rule book loader: unknown keys, unknown facts, wrong types, unsafe shapes and version gaps are errors."""
from __future__ import annotations

from datetime import date

import pytest

from adjudicator.core.conditions import ExpressionError, parse
from adjudicator.core.rulebook import Cites, RulebookError, check_versions, compile_rules, resolve_params
from adjudicator.warranty.decision import Localized
from adjudicator.warranty.rulebook import (
    RuleFile,
    VersionSpec,
    WarrantyRule,
    compiled_warranty,
    load_warranty_rulebook,
)
from adjudicator.warranty.schema import DISPLAY, SCHEMA

RuleSpec = WarrantyRule

INSTRUMENT = Localized(zh="测试规定", en="test instrument")
CITES = Cites(INSTRUMENT, {})


def _rule(**over):
    base = {"id": "w2021.t", "title": {"zh": "t", "en": "t"}, "kind": "remedy",
            "citation": {"article": "第一条"}, "when": "problem.repairs > $same_problem_repairs_limit",
            "conclusion": {"remedies": ["free_repair"]},
            "explanation": {"zh": "{problem.repairs}", "en": "{problem.repairs}"}}
    base.update(over)
    return RuleSpec.model_validate(base)


def _compile(*specs):
    book = load_warranty_rulebook()
    params = resolve_params(book.parameters, date(2022, 1, 1), CITES)
    return compile_rules(list(specs), params, SCHEMA, DISPLAY, domain="warranty", version="t", instrument=INSTRUMENT,
                         digest="x", cites=CITES)


def test_shipped_rulebook_compiles_for_both_versions():
    for version in ("2013", "2021"):
        rs = compiled_warranty(version)
        assert rs.rules and all(r.citation.article for r in rs.rules)


def test_every_rule_has_bilingual_title_citation_and_explanation():
    for specs in load_warranty_rulebook().rules.values():
        for s in specs:
            assert s.title.zh and s.title.en and s.explanation.zh and s.explanation.en
            assert s.citation.article.startswith("第")


def test_unknown_key_in_a_rule_is_rejected():
    with pytest.raises(Exception, match="Extra inputs"):
        RuleSpec.model_validate({**_rule().model_dump(by_alias=True), "threshold": 5})


def test_unknown_fact_is_rejected():
    with pytest.raises(RulebookError, match="unknown fact 'gearbox'"):
        _compile(_rule(when="gearbox.repairs > 3"))


def test_unknown_field_is_rejected():
    with pytest.raises(RulebookError, match="has no field 'visits_count'"):
        _compile(_rule(when="problem.visits_count > 3"))


def test_value_of_wrong_type_is_rejected():
    with pytest.raises(RulebookError, match="does not fit"):
        _compile(_rule(when="problem.repairs > 'many'"))


def test_unknown_enum_value_is_rejected():
    with pytest.raises(RulebookError, match="not one of"):
        _compile(_rule(when="item.system == gearbox"))


def test_unknown_parameter_is_rejected():
    with pytest.raises(RulebookError, match=r"\$no_such_limit"):
        _compile(_rule(when="problem.repairs > $no_such_limit"))


def test_parameter_missing_in_a_version_is_rejected():
    book = load_warranty_rulebook()
    params = resolve_params(book.parameters, date(2013, 10, 1), CITES)
    spec = _rule(when="item.days_after_start <= $seven_day_window_days")
    with pytest.raises(RulebookError, match="no value for this version"):
        compile_rules([spec], params, SCHEMA, DISPLAY, domain="warranty", version="2013", instrument=INSTRUMENT,
                      digest="x", cites=CITES)


def test_exponent_number_is_rejected():
    with pytest.raises(RulebookError, match="exponent"):
        _compile(_rule(when="certificate.coefficient_pct > 0.0000001"))


def test_template_must_use_facts_the_condition_reads():
    with pytest.raises(RulebookError, match="does not read fact 'visit'"):
        _compile(_rule(explanation={"zh": "{visit.repair_days}", "en": "x"}))


def test_remedy_rule_must_state_use_compensation_for_replace():
    with pytest.raises(Exception, match="use compensation"):
        _rule(conclusion={"remedies": ["replace"]})


def test_rule_file_rejects_unknown_top_level_key():
    with pytest.raises(Exception, match="Extra inputs"):
        RuleFile.model_validate({"version": "2021", "rules": [], "author": "x"})


def _version(vid, start, end=None):
    v = VersionSpec.model_validate({
        "id": vid, "document": "x", "short": {"zh": "x", "en": "x"}, "parameters_dated_by": "invoice",
        "in_force": {"from": start, "to": end}, "entry_into_force": {"article": "第一条"}, "period_start": "invoice"})
    return (v.id, v.in_force.from_, v.in_force.to)


def test_versions_without_gap_or_overlap_pass():
    check_versions([_version("a", "2013-10-01", "2021-12-31"), _version("b", "2022-01-01")], date(2013, 10, 1), "versions.yaml")


def test_version_gap_is_reported():
    with pytest.raises(RulebookError, match="gap"):
        check_versions([_version("a", "2013-10-01", "2021-12-30"), _version("b", "2022-01-01")], date(2013, 10, 1), "versions.yaml")


def test_version_overlap_is_reported():
    with pytest.raises(RulebookError, match="overlap"):
        check_versions([_version("a", "2013-10-01", "2022-01-01"), _version("b", "2022-01-01")], date(2013, 10, 1), "versions.yaml")


def test_last_version_must_stay_in_force():
    with pytest.raises(RulebookError, match="stay in force"):
        check_versions([_version("a", "2013-10-01", "2021-12-31"), _version("b", "2022-01-01", "2030-01-01")],
                       date(2013, 10, 1), "versions.yaml")


@pytest.mark.parametrize("day,version", [("2013-10-01", "2013"), ("2021-12-31", "2013"), ("2022-01-01", "2021"),
                                         ("2030-06-01", "2021"), ("2013-09-30", None)])
def test_every_boundary_day_has_exactly_one_version(day, version):
    v = load_warranty_rulebook().version_on(date.fromisoformat(day))
    assert (v.id if v else None) == version


def test_expression_parser_reads_dnf_and_lists():
    alts = parse("a.x > 1 and b.y in [p, q] or a.z == true")
    assert len(alts) == 2 and [c.op for c in alts[0]] == [">", "in"] and alts[1][0].value is True


@pytest.mark.parametrize("bad", ["", "a.x >", "a.x > 1 and", "x > 1", "a.x ~ 1", "a.x in [1, 2", "a.x > 1 xor b.y < 2"])
def test_expression_parser_rejects_malformed_conditions(bad):
    with pytest.raises(ExpressionError):
        parse(bad)


def test_every_parameter_value_cites_an_article():
    for name, spec in load_warranty_rulebook().parameters.items():
        for v in spec.values:
            assert v.reference.article.startswith("第"), name


def test_not_in_reads_a_list_parameter_and_both_evaluators_agree():
    from adjudicator.core.engine import DurableEvaluator
    from adjudicator.core.facts import Fact
    from adjudicator.core.oracle import PythonEvaluator

    rs = _compile(_rule(when="vehicle.body not in $covered_bodies", kind="scope", conclusion={"out_of_scope": True},
                        explanation={"zh": "{vehicle.body}", "en": "{vehicle.body}"}))
    engine, oracle = DurableEvaluator(rs), PythonEvaluator(rs)
    try:
        for body, fires in (("passenger_car", False), ("pickup", False), ("other", True)):
            facts = [Fact("vehicle", {"usage": "household", "body": body, "powertrain": "ice",
                                      "has_invoice": True, "has_certificate": True})]
            assert bool(engine.evaluate(facts)) == fires == bool(oracle.evaluate(facts)), body
    finally:
        engine.close()
