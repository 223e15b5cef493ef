"""The examples in examples/warranty/ must stay truthful: each one's key remedies and rule ids are pinned here."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from adjudicator.warranty.decide import adjudicate_warranty
from adjudicator.warranty.decision import Decision
from adjudicator.warranty.load import load_history

DIR = Path(__file__).resolve().parents[1] / "examples" / "warranty"

# file stem -> (version, in scope, exact set of (remedy, rule id))
EXPECTED: dict[str, tuple[str | None, bool, set[tuple[str, str]]]] = {
    "01_2013_same_problem_six_repairs": ("2013", True, {
        ("replace", "w2013.same_problem_repeat"),
        ("free_repair", "w2013.free_repair"),
        ("consumable_replacement", "w2013.consumable_replacement"),
    }),
    "02_2013_cumulative_36_days_no_replacement_vehicle": ("2013", True, {    # no car: no replacement, a return
        ("return", "w2013.no_replacement_vehicle_return"),
        ("free_repair", "w2013.free_repair"),
        ("courtesy_vehicle", "w2013.courtesy_vehicle"),
    }),
    "03_2021_brake_failure_day_20": ("2021", True, {
        ("replace", "w2021.early_safety_failure"),
        ("return", "w2021.early_safety_failure"),
        ("free_repair", "w2021.free_repair"),
    }),
    "04_2021_bev_battery_pack_replaced_within_7_days": ("2021", True, {
        ("replace", "w2021.seven_day_replace_return"),
        ("return", "w2021.seven_day_replace_return"),
        ("assembly_replacement", "w2021.early_assembly_replacement"),
        ("free_repair", "w2021.free_repair"),
    }),
    "05_2021_nine_day_repair_and_overdue_replacement": ("2021", True, {
        ("replace", "w2021.same_problem_repeat"),
        ("return", "w2021.same_problem_repeat"),
        ("return", "w2021.replacement_overrun_return"),
        ("courtesy_vehicle", "w2021.courtesy_vehicle"),
        ("free_repair", "w2021.free_repair"),
    }),
    "06_2021_ride_hailing_out_of_scope": ("2021", False, set()),
    "07_2021_misuse_exclusion_and_consumable": ("2021", True, {
        ("consumable_replacement", "w2021.consumable_replacement"),
        ("free_repair", "w2021.free_repair"),
    }),
    "08_2012_before_the_regulation": (None, False, set()),
}


def _decide(stem: str) -> Decision:
    return adjudicate_warranty(load_history(DIR / f"{stem}.json"))


def _fired(d: Decision) -> set[str]:
    return {f.rule_id for f in d.fired}


def _remedy(d: Decision, code: str, rule: str):
    return next(r for r in d.remedies if r.code == code and r.rule_id == rule)


def test_every_example_is_pinned():
    stems = {p.stem for p in DIR.glob("*.json")}
    assert stems == set(EXPECTED), f"unpinned: {stems - set(EXPECTED)}; missing: {set(EXPECTED) - stems}"
    assert {v for v, *_ in EXPECTED.values()} >= {"2013", "2021", None}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_example_remedies(stem):
    version, in_scope, remedies = EXPECTED[stem]
    d = _decide(stem)
    assert d.regulation.version == version
    assert d.in_scope is in_scope
    assert {(r.code, r.rule_id) for r in d.remedies} == remedies
    for r in d.remedies:
        assert r.citation.article and r.explanation.zh and r.explanation.en


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_example_descriptions_are_chinese(stem):
    h = load_history(DIR / f"{stem}.json")
    descs = [i.description for v in h.visits for i in v.items]
    assert descs and all(d and any("\u4e00" <= ch <= "\u9fff" for ch in d) for d in descs)


def test_01_six_repairs_replacement_only_with_compensation():
    d = _decide("01_2013_same_problem_six_repairs")
    assert not any(r.code == "return" for r in d.remedies)           # 2013 art. 21: replacement only
    assert "w2013.early_assembly_replacement" not in _fired(d)      # first fault on day 69, outside 60 days
    uc = _remedy(d, "replace", "w2013.same_problem_repeat").use_compensation
    assert uc.charged and uc.km_driven == 22_402 and uc.coefficient_pct == Decimal("0.6")
    assert uc.amount_yuan == Decimal("17446.68")                     # 129,800 x 22,402 / 1000 x 0.6 %
    assert "replacement_vehicle_assumed" in {a.code for a in d.assumptions}
    (dl,) = d.deadlines
    assert dl.code == "seller_completion" and dl.status == "running"


def test_02_cumulative_days_and_return_fallback():
    d = _decide("02_2013_cumulative_36_days_no_replacement_vehicle")
    fr = next(f for f in d.fired if f.rule_id == "w2013.cumulative_repair_days")
    assert fr.values["repair_time.cumulative_days"] == 36            # 10 + 12 + 8 + 5 + (4 - 3 excluded)
    assert len([r for r in d.remedies if r.code == "courtesy_vehicle"]) == 3
    uc = _remedy(d, "return", "w2013.no_replacement_vehicle_return").use_compensation
    assert uc.amount_range_yuan == (Decimal("12101.27"), Decimal("19362.04"))   # n absent: 0.5 %-0.8 %


def test_03_brake_failure_is_free():
    d = _decide("03_2021_brake_failure_day_20")
    for code in ("replace", "return"):
        r = _remedy(d, code, "w2021.early_safety_failure")
        assert r.free_of_charge and not r.use_compensation.charged
    assert {x.code: x.due for x in d.deadlines} == {"seller_reply": date(2023, 5, 19),
                                                    "seller_completion": date(2023, 6, 2)}


def test_04_battery_within_seven_days_is_free():
    d = _decide("04_2021_bev_battery_pack_replaced_within_7_days")
    r = _remedy(d, "return", "w2021.seven_day_replace_return")
    assert r.free_of_charge and "day 4" in r.explanation.en


def test_05_courtesy_from_day_six_and_overrun():
    d = _decide("05_2021_nine_day_repair_and_overdue_replacement")
    c = _remedy(d, "courtesy_vehicle", "w2021.courtesy_vehicle")
    assert c.evidence == ["SV240304"] and "2024-03-09" in c.explanation.zh
    dl = {x.code: x for x in d.deadlines}
    assert dl["seller_reply"].due == date(2024, 10, 16) and dl["seller_reply"].status == "met"
    assert dl["seller_completion"].due == date(2024, 10, 30) and dl["seller_completion"].status == "overdue"
    uc = _remedy(d, "return", "w2021.replacement_overrun_return").use_compensation
    assert uc.amount_yuan == Decimal("20274.12")


def test_06_ride_hailing_out_of_scope():
    d = _decide("06_2021_ride_hailing_out_of_scope")
    assert "w2021.scope_not_household" in _fired(d)
    assert d.deadlines == [] and d.periods == []


def test_07_misuse_and_consumables():
    d = _decide("07_2021_misuse_exclusion_and_consumable")
    assert {"w2021.exclusion_use_maintenance", "w2021.exclusion_consumable_expired"} <= _fired(d)
    assert "w2021.early_assembly_replacement" not in _fired(d)       # misuse: the engine fault does not count
    r = _remedy(d, "consumable_replacement", "w2021.consumable_replacement")
    assert "brake_pad" in r.explanation.en


def test_08_before_the_regulation():
    d = _decide("08_2012_before_the_regulation")
    assert d.regulation.instrument is None and d.fired == [] and "2013-10-01" in d.regulation.reason.en
