"""Everything that reaches durable_rules is bounded: list parameters and `in` lists (length, duplicates), numbers
by unit, required parameters, the shape of the rule set as the engine builds it (docs/engine.md §14), and a
rule set that fails in the engine cannot pile up engine memory."""
from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from adjudicator.commands.complaint import complaint_group
from adjudicator.complaints.rulebook import PolicyError, builtin_profile, load_profile
from adjudicator.core import engine_limits
from adjudicator.core.engine import DurableEvaluator, EngineFault, EngineInputError, evaluator_for
from adjudicator.core.engine_limits import MAX_LIST_ENTRIES, MAX_PENDING_TESTS, ShapeError, check_rule_set
from adjudicator.core.rulebook import Condition, Pattern, Variant
from adjudicator.core.specs import UNIT_RANGES, value_problem

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "examples" / "complaints" / "c1_withdrew.json"
CATEGORIES = ["quality", "sales", "service", "parts", "other"]


def policy_file(tmp_path: Path, parameters: dict[str, Any] | None = None, rules: list[dict[str, Any]] | None = None,
                extends: str | None = "default", text: str | None = None) -> Path:
    data: dict[str, Any] = {"profile": "oem", "name": {"zh": "某厂", "en": "OEM"}}
    if extends:
        data["extends"] = extends
    data["parameters"] = {n: {"value": v, "source": {"section": "s"}} for n, v in (parameters or {}).items()}
    if rules:
        data["rules"] = rules
    f = tmp_path / "oem.yaml"
    f.write_text(text if text is not None else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return f


def refused(f: Path, *words: str) -> str:
    """The policy is refused with a PolicyError naming the file and each word; the CLI says so, exit 2."""
    with pytest.raises(PolicyError) as exc:
        load_profile(f)
    message = str(exc.value)
    assert str(f) in message
    for w in words:
        assert w in message, message
    r = CliRunner().invoke(complaint_group, ["check", str(CASE), "--policy", str(f)])
    assert r.exit_code == 2 and "Traceback" not in r.output and str(f) in r.output, r.output
    return message


def notice(rule_id: str, when: str) -> dict[str, Any]:
    return {"id": rule_id, "title": {"zh": "提示", "en": "notice"}, "kind": "notice",
            "citation": {"section": "s"}, "when": when, "explanation": {"zh": "提示", "en": "notice"}}


# ---------------------------------------------------------------- list parameters and `in` lists


def test_a_129_entry_list_parameter_is_refused_before_the_engine(tmp_path: Path) -> None:
    # the case: 129 values reached linkAlpha (heap-buffer-overflow) or error 107
    f = policy_file(tmp_path, {"major_report_categories": (CATEGORIES * 30)[:129]})
    refused(f, "parameters.major_report_categories.value", f"at most {MAX_LIST_ENTRIES}")


@pytest.mark.parametrize("copies", [2, 13, 29])
def test_duplicates_in_a_list_parameter_are_refused(tmp_path: Path, copies: int) -> None:
    # 13-29 copies made every evaluation fail (error 303); two copies make the engine fire the rule twice
    f = policy_file(tmp_path, {"resolution_case_types": ["complaint"] * copies + ["crisis"]})
    refused(f, "parameters.resolution_case_types.value", "'complaint' is listed twice")


def test_a_list_parameter_of_the_cap_is_still_accepted() -> None:
    assert value_problem("list", [f"c{i}" for i in range(MAX_LIST_ENTRIES)]) is None
    assert "at most" in value_problem("list", [f"c{i}" for i in range(MAX_LIST_ENTRIES + 1)])


def test_a_long_literal_list_in_a_rule_is_refused(tmp_path: Path) -> None:
    values = ", ".join(f"v{i}" for i in range(MAX_LIST_ENTRIES + 1))
    f = policy_file(tmp_path, rules=[notice("c.long_list", f"complaint.category in [{values}]")])
    refused(f, "c.long_list", f"at most {MAX_LIST_ENTRIES}")


def test_a_duplicate_in_a_literal_list_is_refused(tmp_path: Path) -> None:
    f = policy_file(tmp_path, rules=[notice("c.twice", "complaint.category in [quality, sales, quality]")])
    refused(f, "c.twice", "'quality' is listed twice")


def test_many_rules_sharing_a_value_are_refused_by_the_shape_check(tmp_path: Path) -> None:
    # each list is short and distinct, but 70 of them share `category == quality`: error 303 in the engine
    rules = [notice(f"c.shared_{i}", "complaint.category in [quality, sales]") for i in range(70)]
    message = refused(policy_file(tmp_path, rules=rules), "at once", "docs/engine.md")
    assert "c.shared_" in message


def test_many_rules_on_identical_tests_are_refused(tmp_path: Path) -> None:
    rules = [notice(f"c.same_{i}", "complaint.category == quality") for i in range(engine_limits.MAX_RULES_PER_TEST + 1)]
    refused(policy_file(tmp_path, rules=rules), "end on the same tests")


# ---------------------------------------------------------------- numbers by unit


@pytest.mark.parametrize("value,words", [
    (100_000_000, ("out of range", "at most 250")),
    (1e8, ("out of range",)),
    (0, ("more than 0",)),
    (2.5, ("whole number",)),
    (True, ("not a number",)),
])
def test_working_days_out_of_range_are_refused(tmp_path: Path, value: Any, words: tuple[str, ...]) -> None:
    refused(policy_file(tmp_path, {"resolution_working_days": value}), "parameters.resolution_working_days.value",
            *words)


@pytest.mark.parametrize("literal", [".inf", "-.inf", ".nan"])
def test_non_finite_numbers_are_blamed_on_the_policy_file(tmp_path: Path, literal: str) -> None:
    text = (f"profile: oem\nname: {{zh: a, en: b}}\nextends: default\nparameters:\n  first_contact_hours:\n"
            f"    value: {literal}\n    source: {{section: s}}\n")
    message = refused(policy_file(tmp_path, text=text), "parameters.first_contact_hours.value", "finite")
    assert "c1_withdrew" not in message


def test_revisit_days_must_be_whole(tmp_path: Path) -> None:
    refused(policy_file(tmp_path, {"revisit_days": 2.5}), "parameters.revisit_days.value", "whole number")


def test_a_near_margin_is_bounded_by_its_unit(tmp_path: Path) -> None:
    text = ("profile: oem\nname: {zh: a, en: b}\nextends: default\nparameters:\n  first_contact_hours:\n"
            "    near_margin: .nan\n")
    refused(policy_file(tmp_path, text=text), "parameters.first_contact_hours.near_margin", "finite")


def test_every_unit_has_a_range_and_every_shipped_value_fits_it() -> None:
    from adjudicator.warranty.rulebook import load_warranty_rulebook

    numeric = {"year", "km", "day", "hour", "count", "percent", "working_day"}
    assert set(UNIT_RANGES) == numeric
    for spec in [*load_warranty_rulebook().parameters.values(), *builtin_profile("default").parameters.values()]:
        for v in spec.values:
            assert value_problem(spec.unit, v.value) is None


def test_the_rule_book_refuses_an_out_of_range_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from adjudicator.core.rulebook import RulebookError
    from adjudicator.warranty import rulebook as wrb

    book = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", book)
    p = book / "warranty" / "parameters.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("value: 35,", "value: .nan,", 1), encoding="utf-8")
    monkeypatch.setenv("ADJUDICATOR_RULES", str(book))
    wrb.load_warranty_rulebook.cache_clear()
    try:
        with pytest.raises(RulebookError, match=r"rules/warranty/parameters.yaml: .*cumulative_repair_days_limit.*finite"):
            wrb.load_warranty_rulebook()
    finally:
        monkeypatch.undo()
        wrb.load_warranty_rulebook.cache_clear()


# ---------------------------------------------------------------- required parameters


def test_a_profile_without_extends_lacking_a_parameter_names_it(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "rules" / "complaints" / "profile_default.yaml").read_text(encoding="utf-8"))
    del data["parameters"]["revisit_days"]
    f = tmp_path / "own.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")   # its id is still `default`
    refused(f, "missing revisit_days")


def test_a_profile_without_extends_giving_every_parameter_works(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "rules" / "complaints" / "profile_default.yaml").read_text(encoding="utf-8"))
    data["profile"] = "own"
    f = tmp_path / "own.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_profile(f).parameters.keys() == builtin_profile("default").parameters.keys()


def test_a_parameter_dated_after_the_case_is_named(tmp_path: Path) -> None:
    from adjudicator.complaints.decide import check_complaint

    text = ("profile: oem\nname: {zh: a, en: b}\nextends: default\nparameters:\n  revisit_days:\n    values:\n"
            "      - {from: 2099-01-01, value: 2, reference: {section: s}}\n")
    f = policy_file(tmp_path, text=text)
    with pytest.raises(PolicyError, match="revisit_days have no value on"):
        check_complaint(json.loads(CASE.read_text(encoding="utf-8")), policy=str(f))


# ---------------------------------------------------------------- the shape check itself


def _variant(name: str, *conditions: tuple[str, str, Any]) -> Variant:
    conds = tuple(Condition("t", f, op, v, None, None) for f, op, v in conditions)   # type: ignore[arg-type]
    return Variant(name, name, (Pattern("t", conds),), 0, None)


def test_shape_check_matches_the_measured_stack_limit() -> None:
    # scripts/engine_limits.py: 64 sibling tests that one fact all passes work, 65 fail every evaluation
    assert MAX_PENDING_TESTS <= 64 // 2
    check_rule_set([_variant(f"r{i}", ("x", "!=", f"v{i}")) for i in range(MAX_PENDING_TESTS)])
    with pytest.raises(ShapeError) as exc:
        check_rule_set([_variant(f"r{i}", ("x", "!=", f"v{i}")) for i in range(MAX_PENDING_TESTS + 1)])
    assert exc.value.rule == f"r{MAX_PENDING_TESTS}"


def test_shape_check_counts_equal_tests_on_one_field_once() -> None:
    check_rule_set([_variant(f"r{i}", ("x", "==", f"v{i}")) for i in range(200)])


def test_shape_check_refuses_too_many_side_by_side_tests() -> None:
    with pytest.raises(ShapeError, match="side by side"):
        check_rule_set([_variant(f"r{i}", ("x", "==", i)) for i in range(engine_limits.MAX_SIBLING_TESTS + 1)])


def test_the_adapter_refuses_a_rule_set_that_bypassed_the_rule_book() -> None:
    from adjudicator.warranty.rulebook import compiled_warranty

    rs = compiled_warranty("2021")
    rule = rs.rules[0]
    shared = [_variant(f"x{i}", ("x", "in", ("a", f"b{i}"))) for i in range(70)]
    bad = dataclasses.replace(rs, rules=[dataclasses.replace(rule, variants=tuple(shared))])
    with pytest.raises(EngineInputError, match="at once"):
        DurableEvaluator(bad)


def test_floats_in_rules_are_finite_and_without_exponent() -> None:
    assert math.isinf(float("inf"))
    for bad in (float("nan"), float("inf"), 1e16):
        assert value_problem("km", bad) is not None


# ---------------------------------------------------------------- failing rule sets do not leak


def test_a_rule_set_the_engine_refuses_is_not_created_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.core import engine
    from adjudicator.warranty.rulebook import compiled_warranty

    rs = compiled_warranty("2013")
    rs = dataclasses.replace(rs, resolution=rs.resolution + "-refused")
    calls = []

    def refusing(name: str, definition: str) -> int:
        calls.append(name)
        raise RuntimeError("Could not create ruleset, error code: 107")

    monkeypatch.setattr(engine._E, "create_ruleset", refusing)
    for _ in range(5):
        with pytest.raises(EngineFault, match="could not create"):
            evaluator_for(rs)
    assert len(calls) == 1


def test_a_rule_set_that_keeps_failing_is_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.core import engine
    from adjudicator.warranty.rulebook import compiled_warranty

    ev = DurableEvaluator(compiled_warranty("2021"))
    builds = []
    real_build = ev._build

    def counting_build() -> None:
        builds.append(1)
        real_build()

    monkeypatch.setattr(ev, "_build", counting_build)

    def broken(handle: int, batch: str) -> None:      # raises before the C call: nothing unsafe happens here
        raise RuntimeError("simulated engine failure")

    monkeypatch.setattr(engine._E, "assert_facts", broken)
    for _ in range(50):
        with pytest.raises(EngineFault):
            ev.evaluate([])
    assert ev.given_up and len(builds) == engine.MAX_FAULTS_IN_A_ROW - 1


RSS_CHILD = """
import json, sys
from adjudicator.complaints.decide import check_complaint
from adjudicator.complaints.rulebook import PolicyError
from adjudicator.core import engine

case = json.load(open(sys.argv[1], encoding="utf-8"))
values = (["quality", "sales", "service", "parts", "other"] * 30)[:129]
hostile = {"profile": "hostile", "name": {"zh": "x", "en": "x"}, "extends": "default",
           "parameters": {"major_report_categories": {"value": values, "source": {"section": "s"}}}}

def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

def refusals(n):
    out = 0
    for _ in range(n):
        try:
            check_complaint(case, policy=hostile)
        except PolicyError:
            out += 1
    return out

# a rule set the engine fails on every evaluation (the create call is real; the assert is made to fail)
from adjudicator.complaints.rulebook import builtin_profile, compiled_complaints
ev = engine.DurableEvaluator(compiled_complaints(builtin_profile("default")))
real_assert = engine._E.assert_facts
def failing(handle, batch):
    raise RuntimeError("simulated error 303")
engine._E.assert_facts = failing

def faults(n):
    out = 0
    for _ in range(n):
        try:
            ev.evaluate([])
        except engine.EngineFault:
            out += 1
    return out

refusals(20); faults(20)
before = rss_kb()
r = refusals(300)
f = faults(300)
print(json.dumps({"refused": r, "faults": f, "growth_kb": rss_kb() - before, "given_up": ev.given_up}))
"""


def test_failing_policies_and_rule_sets_keep_rss_bounded() -> None:
    # the issue: 6,000 failing API calls grew RSS from 34 MB to 6.7 GB (about 1.1 MB a call)
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(RSS_CHILD), str(CASE)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["refused"] == 300 and out["faults"] == 300 and out["given_up"]
    assert out["growth_kb"] < 8 * 1024, out
