"""Unit tests of warranty facts and decisions for the domain choices in docs/regulation.md.

Every decision is computed with both evaluators and compared before the test looks at it.
"""
from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import chinese_calendar
import pytest

from adjudicator.core.facts import Fact
from adjudicator.io.files import InputError, validate
from adjudicator.warranty import facts as wfacts
from adjudicator.warranty.decide import adjudicate_warranty
from adjudicator.warranty.decision import Decision
from adjudicator.warranty.models import VehicleHistory
from adjudicator.warranty.rulebook import compiled_warranty, load_warranty_rulebook

VIN = "LSVAU2180N2183456"


# ---------------------------------------------------------------- builders


def item(problem: str = "brake_master_cylinder", system: str = "brake", action: str = "repair",
         **kw: Any) -> dict[str, Any]:
    return {"problem": problem, "description": kw.pop("description", "制动总泵漏油"), "system": system,
            "action": action, **kw}


def visit(vid: str, opened: str, closed: str, km: int, *items: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {"id": vid, "opened_at": opened, "closed_at": closed, "odometer_km": km,
            "items": list(items) or [item()], **kw}


def history(invoice: str = "2023-03-01", visits: list[dict[str, Any]] | None = None, *,
            claim_date: str | None = None, claim_km: int | None = None, usage: str = "household",
            purchase: dict[str, Any] | None = None, claim: dict[str, Any] | None = None,
            **extra: Any) -> dict[str, Any]:
    visits = visits or []
    last_km = max([v["odometer_km"] for v in visits], default=0)
    last_day = max([v["closed_at"][:10] for v in visits], default=invoice)
    return {
        "vehicle": {"vin": VIN, "usage": usage, **extra.pop("vehicle", {})},
        "purchase": {"invoice_date": invoice, "price_yuan": 200_000, **(purchase or {})},
        **extra,
        "visits": visits,
        "claim": {"date": claim_date or last_day, "odometer_km": last_km if claim_km is None else claim_km,
                  **(claim or {})},
    }


def decide(data: dict[str, Any], **kw: Any) -> Decision:
    d = adjudicate_warranty(copy.deepcopy(data), evaluator="durable_rules", **kw)
    p = adjudicate_warranty(copy.deepcopy(data), evaluator="python", **kw)
    assert d.model_dump(exclude={"evaluator"}) == p.model_dump(exclude={"evaluator"})
    return d


def facts(data: dict[str, Any], version: str | None = None) -> list[Fact]:
    h = VehicleHistory.model_validate(data)
    book = load_warranty_rulebook()
    version = version or book.version_on(h.purchase.invoice_date).id
    return wfacts.build(h, compiled_warranty(version), book.version(version).period_start).facts


def of(fs: list[Fact], kind: str) -> list[Fact]:
    return [f for f in fs if f.type == kind]


def fired(d: Decision) -> set[str]:
    return {f.rule_id for f in d.fired}


def remedies(d: Decision) -> set[tuple[str, str]]:
    return {(r.code, r.rule_id) for r in d.remedies}


def codes(notes: list[Any]) -> set[str]:
    return {n.code for n in notes}


def repeats(n: int, *, start: date, every: int = 30, km0: int = 3_500, km_step: int = 1_000, problem: str = "valve_body",
            system: str = "transmission", desc: str = "变速箱换挡顿挫", **kw: Any) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        d = start + timedelta(days=every * i)
        out.append(visit(f"R{i + 1}", f"{d}T09:00", f"{d}T17:00", km0 + km_step * i,
                         item(problem, system, "repair", description=desc, **kw)))
    return out


# ---------------------------------------------------------------- counting days (Civil Code art. 201)


@pytest.mark.parametrize("invoice,inside,outside,version", [
    ("2023-03-01", "2023-04-30", "2023-05-01", "2021"),
    ("2019-03-01", "2019-04-30", "2019-05-01", "2013"),
])
def test_sixty_day_window_counts_from_the_day_after_the_start(invoice, inside, outside, version):
    def case(day: str) -> dict[str, Any]:
        return history(invoice, [visit("V1", day, day, 900, item(failure_mode="brake_failure",
                                                                serious_safety_fault=True,
                                                                description="制动踏板踩到底，制动失效"))])

    rule = f"w{version}.early_safety_failure"
    d_in, d_out = decide(case(inside)), decide(case(outside))
    assert d_in.regulation.version == version
    assert rule in fired(d_in) and rule not in fired(d_out)
    assert ("return", rule) in remedies(d_in) and ("replace", rule) in remedies(d_in)
    (it,) = of(facts(case(inside)), "item")
    assert it.fields["days_after_start"] == 60
    (it,) = of(facts(case(outside)), "item")
    assert it.fields["days_after_start"] == 61
    window = next(p for p in d_in.periods if p.code == "early_window")
    assert window.end_date == date.fromisoformat(inside)


@pytest.mark.parametrize("km,fires", [(3_012, True), (3_013, False), (12, True)])
def test_within_3000_km_includes_3000(km, fires):
    data = history("2023-03-01", [visit("V1", "2023-03-31", "2023-03-31", km,
                                        item(failure_mode="brake_failure", description="制动失效"))],
                   purchase={"delivery_odometer_km": 12})
    (it,) = of(facts(data), "item")
    assert it.fields["km_after_delivery"] == km - 12
    assert ("w2021.early_safety_failure" in fired(decide(data))) is fires


def test_early_window_closes_at_whichever_comes_first():
    data = history("2023-03-01", [visit("V1", "2023-03-11", "2023-03-11", 3_500,
                                        item(failure_mode="brake_failure", description="制动失效"))])
    assert "w2021.early_safety_failure" not in fired(decide(data))


def test_2021_periods_start_on_delivery_2013_on_invoice():
    v = [visit("V1", "2023-05-07", "2023-05-07", 900, item(failure_mode="brake_failure", description="制动失效"))]
    data = history("2023-03-01", v, purchase={"delivery_date": "2023-03-08"})
    d21 = decide(data)
    assert "w2021.early_safety_failure" in fired(d21)                 # day 60 from delivery
    assert all(p.start == date(2023, 3, 8) for p in d21.periods)
    d13 = decide(data, regulation="2013")
    assert "w2013.early_safety_failure" not in fired(d13)              # day 67 from the invoice
    assert all(p.start == date(2023, 3, 1) for p in d13.periods)


def test_absent_delivery_date_is_an_assumption_under_2021():
    d = decide(history("2023-03-01", claim_date="2023-04-01"))
    assert "delivery_is_invoice_date" in codes(d.assumptions)


@pytest.mark.parametrize("opened,inside", [("2023-04-30T15:59Z", True), ("2023-04-30T16:00Z", False)])
def test_the_day_a_fault_arose_is_the_china_date(opened, inside):
    # 16:00 UTC on 30 April is 00:00 on 1 May in China: day 61
    data = history("2023-03-01", [visit("V1", opened, "2023-04-30T18:00Z", 900,
                                        item(failure_mode="brake_failure", description="制动失效"))],
                   claim_date="2023-05-02")
    assert ("w2021.early_safety_failure" in fired(decide(data))) is inside


def test_periods_from_a_leap_day_end_on_28_february():
    d = decide(history("2024-02-29", claim_date="2024-03-01"))
    p = {x.code: x.end_date for x in d.periods}
    assert p["repair_warranty"] == date(2027, 2, 28) and p["return_period"] == date(2026, 2, 28)
    assert p["early_window"] == date(2024, 4, 29) and p["seven_day_window"] == date(2024, 3, 7)


# ---------------------------------------------------------------- repair days


@pytest.mark.parametrize("opened,closed,days", [
    ("2023-06-01T09:00", "2023-06-02T09:00", 1),        # 24 h
    ("2023-06-01T09:00", "2023-06-02T10:00", 2),        # 25 h
    ("2023-06-01T09:00", "2023-06-01T10:00", 1),        # 1 h
    ("2023-06-01T09:00", "2023-06-01T09:00", 1),        # opened and closed at once: still one day
    ("2023-06-01T09:00", "2023-06-06T09:00", 5),        # 120 h
    ("2023-06-01T09:00", "2023-06-06T09:01", 6),        # 120 h 1 min
    ("2023-06-01T23:30+08:00", "2023-06-02T00:30+08:00", 1),
    ("2023-06-01T01:00Z", "2023-06-02T02:00Z", 2),      # UTC input, 25 h
])
def test_repair_days_from_date_times(opened, closed, days):
    data = history("2023-03-01", [visit("V1", opened, closed, 5_000)], claim_date="2023-06-20")
    (v,) = of(facts(data), "visit")
    assert v.fields["repair_days"] == days
    d = decide(data)
    assert ("w2021.courtesy_vehicle" in fired(d)) is (days > 5)
    assert "repair_days_from_dates" not in codes(d.assumptions)


@pytest.mark.parametrize("opened,closed,days", [
    ("2023-06-01", "2023-06-01", 1), ("2023-06-01", "2023-06-02", 1), ("2023-06-01", "2023-06-06", 5),
    ("2023-06-01", "2023-06-07", 6),
])
def test_repair_days_from_dates_only_say_so(opened, closed, days):
    data = history("2023-03-01", [visit("V1", opened, closed, 5_000)], claim_date="2023-06-20")
    (v,) = of(facts(data), "visit")
    assert v.fields["repair_days"] == days
    assert v.display["from_dates_only"] is True
    d = decide(data)
    assert "repair_days_from_dates" in codes(d.assumptions)
    assert ("w2021.courtesy_vehicle" in fired(d)) is (days > 5)


def test_courtesy_vehicle_from_day_six():
    data = history("2023-03-01", [visit("V1", "2023-06-01T09:00", "2023-06-10T10:00", 5_000)], claim_date="2023-06-20")
    d = decide(data)
    assert ("courtesy_vehicle", "w2021.courtesy_vehicle") in remedies(d)
    (v,) = of(facts(data), "visit")
    assert v.fields["repair_days"] == 10
    assert v.display["courtesy_from"] == "2023-06-06" and v.display["courtesy_days"] == 5


def _long_visits(excluded: float = 0) -> list[dict[str, Any]]:
    parts = [("valve_body", "transmission", "变速箱换挡顿挫"), ("steering_gear", "steering", "转向机异响"),
             ("control_arm", "suspension", "下摆臂球头松旷异响"), ("main_harness", "electrical", "主线束短路，仪表黑屏")]
    out = []
    for i, (p, s, desc) in enumerate(parts):
        d = date(2023, 6, 1) + timedelta(days=30 * i)
        kw = {"excluded_hours": excluded} if (excluded and p == "main_harness") else {}
        out.append(visit(f"L{i + 1}", f"{d}T09:00", f"{d + timedelta(days=8)}T09:00", 5_000 + 1_000 * i,
                         item(p, s, "repair", description=desc), **kw))
    return out


def test_cumulative_days_over_30_under_2021():
    data = history("2023-03-01", _long_visits(), claim_date="2023-10-01")
    (rt,) = of(facts(data), "repair_time")
    assert rt.fields == {"cumulative_days": 32, "visits": 4}
    d = decide(data)
    assert {("replace", "w2021.cumulative_repair_days"), ("return", "w2021.cumulative_repair_days")} <= remedies(d)


def test_excluded_hours_leave_the_cumulative_count_but_not_the_single_repair_count():
    data = history("2023-03-01", _long_visits(excluded=48), claim_date="2023-10-01")
    fs = facts(data)
    (rt,) = of(fs, "repair_time")
    assert rt.fields["cumulative_days"] == 30                     # 8 + 8 + 8 + (8 - 2)
    assert [v.fields["repair_days"] for v in of(fs, "visit")] == [8, 8, 8, 8]
    d = decide(data)
    assert "w2021.cumulative_repair_days" not in fired(d)          # 30 is not "more than 30"
    courtesy = [r for r in d.remedies if r.code == "courtesy_vehicle"]
    assert len(courtesy) == 4 and "L4" in {e for r in courtesy for e in r.evidence}
    assert any(n.rule_id == "w2021.cumulative_repair_days" for n in d.near_limits)


def test_cumulative_days_2013_needs_more_than_35():
    vs = []
    for i in range(4):                                             # 4 x 9 days = 36 > 35
        d = date(2018, 4, 1) + timedelta(days=30 * i)
        vs.append(visit(f"K{i + 1}", f"{d}T09:00", f"{d + timedelta(days=9)}T09:00", 5_000 + 1_000 * i,
                        item(f"part{i}", "other", "repair", description="空调压缩机不工作")))
    data = history("2018-03-01", vs, claim_date="2018-12-31")
    d = decide(data)
    assert ("replace", "w2013.cumulative_repair_days") in remedies(d)
    assert ("return", "w2013.cumulative_repair_days") not in remedies(d)     # 2013: replacement only
    vs[-1]["closed_at"] = "2018-07-08T09:00"                       # 9 + 9 + 9 + 8 = 35: not more than 35
    assert "w2013.cumulative_repair_days" not in fired(decide(history("2018-03-01", vs, claim_date="2018-12-31")))


# ---------------------------------------------------------------- same quality problem


def test_same_problem_counted_per_distinct_visit():
    vs = repeats(4, start=date(2023, 6, 1))
    vs[1]["items"].append(item("valve_body", "transmission", "replace_part", description="变速箱阀体故障"))
    data = history("2023-03-01", vs, claim_date="2023-10-01")
    (p,) = of(facts(data), "problem")
    assert p.fields["repairs"] == 4
    assert "w2021.same_problem_repeat" not in fired(decide(data))
    data = history("2023-03-01", repeats(5, start=date(2023, 6, 1)), claim_date="2023-12-01")
    d = decide(data)
    assert {("replace", "w2021.same_problem_repeat"), ("return", "w2021.same_problem_repeat")} <= remedies(d)


def test_no_fault_found_visits_and_other_parts_do_not_count():
    vs = repeats(5, start=date(2023, 6, 1))
    vs[2]["items"] = [item("valve_body", "transmission", "inspect_no_fault", quality_problem=False,
                           description="检查未见异常")]
    vs[3]["items"] = [item("transmission_gear", "transmission", "repair", description="变速箱齿轮异响")]
    data = history("2023-03-01", vs, claim_date="2023-12-01")
    problems = {f.display["problem"]: f.fields["repairs"] for f in of(facts(data), "problem")}
    assert problems == {"valve_body": 3, "transmission_gear": 1}
    assert "w2021.same_problem_repeat" not in fired(decide(data))


@pytest.mark.parametrize("n,fires", [(5, False), (6, True)])
def test_same_problem_2013_more_than_five_gives_replacement_only(n, fires):
    data = history("2019-03-01", repeats(n, start=date(2019, 5, 1)), claim_date="2020-03-01")
    d = decide(data)
    assert (("replace", "w2013.same_problem_repeat") in remedies(d)) is fires
    assert not any(code == "return" for code, _ in remedies(d))


def test_misuse_removes_that_problem_only():
    vs = repeats(5, start=date(2023, 6, 1))
    vs[0]["items"][0]["cause"] = "misuse"
    data = history("2023-03-01", vs, claim_date="2023-12-01")
    d = decide(data)
    assert "w2021.exclusion_use_maintenance" in fired(d)
    assert "w2021.same_problem_repeat" not in fired(d)
    (p,) = of(facts(data), "problem")
    assert p.fields["repairs"] == 4


def test_unknown_cause_counts_and_is_reported():
    vs = repeats(5, start=date(2023, 6, 1))
    vs[0]["items"][0]["cause"] = "unknown"
    d = decide(history("2023-03-01", vs, claim_date="2023-12-01"))
    assert "w2021.same_problem_repeat" in fired(d)
    assert "unknown_cause_counted" in codes(d.assumptions)
    mf = next(m for m in d.missing_facts if m.field == "visits[0].items[0].cause")
    assert mf.assumed == "quality" and mf.alternatives[0].value == "misuse"
    assert "same_problem_repeat" in mf.alternatives[0].changes.en                # the remedy would go


# ---------------------------------------------------------------- replacements


def _replacements(*specs: tuple[str, str, str, bool, bool]) -> dict[str, Any]:
    vs = []
    for i, (problem, system, action, main, fixed) in enumerate(specs):
        d = date(2023, 7, 1) + timedelta(days=40 * i)
        vs.append(visit(f"P{i + 1}", f"{d}T09:00", f"{d}T18:00", 6_000 + 2_000 * i,
                        item(problem, system, action, main_part=main, fixed=fixed, description="发动机故障")))
    return history("2023-03-01", vs, claim_date="2024-01-15")


def test_assembly_and_main_part_replacements_not_added_together():
    data = _replacements(("engine_assembly", "engine", "replace_assembly", False, False),
                         ("cylinder_head", "engine", "replace_part", True, False))
    fs = facts(data)
    (a,) = of(fs, "assemblies")
    (mp,) = of(fs, "main_part")
    assert a.fields["replacements"] == 1 and mp.fields["replacements"] == 1
    d = decide(data)
    assert "w2021.assembly_replacement_repeat" not in fired(d)
    assert "w2021.main_part_repeat" not in fired(d)


def test_two_assembly_replacements_still_faulty():
    d = decide(_replacements(("engine_assembly", "engine", "replace_assembly", False, False),
                             ("transmission_assembly", "transmission", "replace_assembly", False, False)))
    assert ("return", "w2021.assembly_replacement_repeat") in remedies(d)


@pytest.mark.parametrize("last_fixed,fires", [(False, True), (True, False)])
def test_same_main_part_replaced_twice(last_fixed, fires):
    d = decide(_replacements(("brake_master_cylinder", "brake", "replace_part", True, False),
                             ("brake_master_cylinder", "brake", "replace_part", True, last_fixed)))
    assert ("w2021.main_part_repeat" in fired(d)) is fires


def test_axle_main_part_counts_under_2013_not_2021():
    data = _replacements(("differential", "axle", "replace_part", True, False),
                         ("differential", "axle", "replace_part", True, False))
    assert "w2021.main_part_repeat" not in fired(decide(data))
    assert "w2013.system_main_part_repeat" in fired(decide(data, regulation="2013"))


@pytest.mark.parametrize("repairs,last_fixed,fires", [(2, False, True), (2, True, False), (3, True, True),
                                                      (1, False, False)])
def test_serious_safety_fault(repairs, last_fixed, fires):
    vs = repeats(repairs, start=date(2023, 6, 1), problem="eps_motor", system="steering",
                 desc="行驶中转向助力丧失", serious_safety_fault=True)
    vs[-1]["items"][0]["fixed"] = last_fixed
    d = decide(history("2023-03-01", vs, claim_date="2023-12-01"))
    assert ("w2021.serious_safety_repeat" in fired(d)) is fires


def test_why_not_shows_every_alternative_of_an_or():
    """One repair, still faulty: the rule fires at 2 repairs while still faulty or above 2; the why-not says both
    (it said only the closer one, "实际 1，要求大于 2", as if 2 could never be enough)."""
    vs = repeats(1, start=date(2023, 6, 1), problem="eps_motor", system="steering", desc="行驶中转向助力丧失",
                 serious_safety_fault=True)
    vs[-1]["items"][0]["fixed"] = False
    d = decide(history("2023-03-01", vs, claim_date="2023-12-01"))
    why = next(n for n in d.not_fired if n.rule_id == "w2021.serious_safety_repeat").why
    assert why.zh == "（严重安全性能故障修理次数：实际 1，要求不少于 2） 或 （严重安全性能故障修理次数：实际 1，要求大于 2）"
    assert why.en.startswith("(repairs of serious safety faults") and ") or (" in why.en


def test_why_not_of_one_alternative_has_no_brackets_and_joins_its_failures():
    d = decide(history("2023-03-01", repeats(2, start=date(2023, 6, 1)), claim_date="2023-12-01"))
    why = next(n for n in d.not_fired if n.rule_id == "w2021.same_problem_repeat").why
    assert not why.zh.startswith("（") and "实际 2" in why.zh


def test_why_not_in_chinese_names_no_codes():
    """Vocabulary codes (systems, actions, findings) are named in Chinese in the zh text, on every example."""
    import json
    import re
    from pathlib import Path

    seen = 0
    for path in sorted(Path(__file__).parent.parent.joinpath("examples", "warranty").glob("*.json")):
        d = decide(json.loads(path.read_text(encoding="utf-8")))
        for n in d.not_fired:
            seen += 1
            assert not re.search(r"[a-z_]{2,}", n.why.zh), (path.name, n.rule_id, n.why.zh)
    assert seen > 20


def test_serious_safety_repairs_counted_per_visit():
    vs = repeats(2, start=date(2023, 6, 1), problem="eps_motor", system="steering", desc="行驶中转向助力丧失",
                 serious_safety_fault=True)
    vs[0]["items"].append(item("steering_gear", "steering", "repair", serious_safety_fault=True,
                               description="转向助力突然失效，方向盘锁死"))
    data = history("2023-03-01", vs, claim_date="2023-12-01")
    (sf,) = of(facts(data), "safety")
    assert sf.fields["repairs"] == 2                    # two visits, three serious items
    assert "w2021.serious_safety_repeat" not in fired(decide(data))      # 2 repairs, fixed: not yet


def test_art24_remedies_need_a_claim_inside_the_return_period():
    vs = repeats(5, start=date(2023, 6, 1))
    inside = decide(history("2023-03-01", vs, claim_date="2025-03-01"))
    outside = decide(history("2023-03-01", vs, claim_date="2025-03-02"))
    assert "w2021.same_problem_repeat" in fired(inside)
    assert "w2021.same_problem_repeat" not in fired(outside)
    km_out = decide(history("2023-03-01", vs, claim_date="2023-12-01", claim_km=50_001))
    assert "w2021.same_problem_repeat" not in fired(km_out)


def test_overrun_of_a_free_replacement_gives_a_free_return():
    data = history("2023-03-01", [visit("V1", "2023-03-21", "2023-03-22", 800,
                                        item(failure_mode="brake_failure", serious_safety_fault=True,
                                             description="制动失效"))],
                   claim_date="2023-05-10", claim_km=1_500, certificate={"use_coefficient_pct": 0.5},
                   claim={"request": "replace", "requested_on": "2023-03-23"})
    d = decide(data)
    rs = [r for r in d.remedies if r.rule_id == "w2021.replacement_overrun_return_free"]
    assert [r.code for r in rs] == ["return"] and rs[0].free_of_charge
    assert "w2021.replacement_overrun_return" not in fired(d)


# ---------------------------------------------------------------- periods and the certificate


def test_certificate_promising_more_binds():
    base = dict(invoice="2022-03-01", claim_date="2026-02-01", claim_km=80_000)
    plain = decide(history(**base))
    assert not {"w2021.free_repair", "w2021.free_repair_while_running"} & fired(plain)
    data = history(**base, certificate={"repair_warranty": {"years": 5, "km": 150_000}})
    d = decide(data)
    assert ("free_repair", "w2021.free_repair_while_running") in remedies(d)   # no problem on record yet
    rw = next(p for p in d.periods if p.code == "repair_warranty")
    assert rw.source == "certificate" and rw.end_date == date(2027, 3, 1) and rw.end_odometer_km == 150_000
    assert rw.active


def test_certificate_below_minimum_is_a_compliance_finding():
    data = history("2022-03-01", claim_date="2023-03-01", claim_km=10_000,
                   certificate={"repair_warranty": {"years": 2, "km": 40_000},
                                "return_period": {"years": 2, "km": 50_000}})
    d = decide(data)
    assert "w2021.certificate_below_minimum" in fired(d)
    rw = next(p for p in d.periods if p.code == "repair_warranty")
    assert rw.source == "statutory" and rw.end_date == date(2025, 3, 1) and rw.limit_km == 60_000
    assert "w2021.certificate_below_minimum" not in fired(decide(history("2022-03-01", claim_date="2023-03-01",
                                                                         certificate={"use_coefficient_pct": 0.5})))


def test_statutory_periods_and_km_limits():
    d = decide(history("2022-03-01", claim_date="2023-03-01", claim_km=100, purchase={"delivery_odometer_km": 8}))
    p = {x.code: x for x in d.periods}
    assert p["repair_warranty"].end_date == date(2025, 3, 1) and p["repair_warranty"].end_odometer_km == 60_008
    assert p["return_period"].end_date == date(2024, 3, 1) and p["return_period"].end_odometer_km == 50_008
    assert p["seven_day_window"].end_date == date(2022, 3, 8)


# ---------------------------------------------------------------- use compensation


def _five_repairs(invoice: str, n: float | None, count: int = 5) -> dict[str, Any]:
    start = date.fromisoformat(invoice) + timedelta(days=90)
    vs = repeats(count, start=start)
    extra = {"certificate": {"use_coefficient_pct": n}} if n is not None else {}
    return history(invoice, vs, claim_date=str(start + timedelta(days=200)), claim_km=10_000, **extra)


def test_use_compensation_amount():
    d = decide(_five_repairs("2022-03-01", 0.5))
    r = next(r for r in d.remedies if r.code == "replace")
    uc = r.use_compensation
    assert uc.charged and not r.free_of_charge
    assert uc.km_driven == 10_000 and uc.price_yuan == Decimal("200000")
    assert uc.coefficient_pct == Decimal("0.5") and uc.amount_yuan == Decimal("10000.00")


def test_use_compensation_2013_with_n():
    d = decide(_five_repairs("2019-03-01", 0.6, count=6))
    uc = next(r for r in d.remedies if r.code == "replace").use_compensation
    assert uc.amount_yuan == Decimal("12000.00")


@pytest.mark.parametrize("invoice,count,lo,hi,amounts", [
    ("2019-03-01", 6, "0.5", "0.8", ("10000.00", "16000.00")),
    ("2022-03-01", 5, "0", "0.5", ("0.00", "10000.00")),
])
def test_use_compensation_range_when_n_absent(invoice, count, lo, hi, amounts):
    d = decide(_five_repairs(invoice, None, count=count))
    uc = next(r for r in d.remedies if r.code == "replace").use_compensation
    assert uc.coefficient_pct is None and uc.amount_yuan is None
    assert uc.coefficient_range_pct == (Decimal(lo), Decimal(hi))
    assert uc.amount_range_yuan == (Decimal(amounts[0]), Decimal(amounts[1]))
    assert any(m.field == "certificate.use_coefficient_pct" for m in d.missing_facts)


def test_no_use_compensation_in_the_free_early_cases():
    brake = history("2023-03-01", [visit("V1", "2023-03-21", "2023-03-22", 800,
                                         item(failure_mode="brake_failure", serious_safety_fault=True,
                                              description="制动失效"))], certificate={"use_coefficient_pct": 0.5})
    battery = history("2023-03-01", [visit("V1", "2023-03-04", "2023-03-08", 150,
                                           item("battery_module", "power_battery", "replace_part", main_part=True,
                                                description="动力电池包绝缘故障"))],
                      vehicle={"powertrain": "bev"}, certificate={"use_coefficient_pct": 0.5})
    old = history("2019-03-01", [visit("V1", "2019-03-21", "2019-03-22", 800,
                                       item(failure_mode="brake_failure", description="制动失效"))])
    for data, rule in ((brake, "w2021.early_safety_failure"), (battery, "w2021.seven_day_replace_return"),
                       (old, "w2013.early_safety_failure")):
        d = decide(data)
        rs = [r for r in d.remedies if r.rule_id == rule]
        assert {r.code for r in rs} == {"replace", "return"}
        for r in rs:
            assert r.free_of_charge and r.use_compensation is not None and not r.use_compensation.charged
            assert r.use_compensation.amount_yuan is None and r.use_compensation.amount_range_yuan is None


def test_coefficient_above_the_ceiling_is_clamped_and_flagged():
    d = decide(_five_repairs("2022-03-01", 1.0))
    assert "w2021.coefficient_above_maximum" in fired(d)
    uc = next(r for r in d.remedies if r.code == "replace").use_compensation
    assert uc.coefficient_pct == Decimal("0.5") and uc.amount_yuan == Decimal("10000.00")


# ---------------------------------------------------------------- which version


@pytest.mark.parametrize("invoice,version", [
    ("2013-09-30", None), ("2012-05-01", None), ("2013-10-01", "2013"), ("2021-12-31", "2013"),
    ("2022-01-01", "2021"), ("2025-06-01", "2021"),
])
def test_version_by_invoice_date(invoice, version):
    d = decide(history(invoice, claim_date=invoice, visits=[
        visit("V1", invoice, invoice, 100, item(failure_mode="brake_failure", description="制动失效"))]))
    assert d.regulation.version == version and not d.regulation.forced
    if version is None:
        assert not d.in_scope and d.remedies == [] and d.fired == [] and d.periods == []
        assert d.regulation.instrument is None
    else:
        assert d.in_scope and d.remedies


def test_forced_version_is_an_assumption():
    d = decide(history("2019-06-01", claim_date="2019-07-01"), regulation="2021")
    assert d.regulation.version == "2021" and d.regulation.forced
    assert "version_forced" in codes(d.assumptions)
    assert "2013" in d.regulation.reason.en
    d = decide(history("2012-06-01", claim_date="2012-07-01"), regulation="2013")
    assert d.regulation.version == "2013" and "version_forced" in codes(d.assumptions)


# ---------------------------------------------------------------- scope


@pytest.mark.parametrize("invoice,usage,body,rule", [
    ("2023-03-01", "operational", "passenger_car", "w2021.scope_not_household"),
    ("2023-03-01", "company", "passenger_car", "w2021.scope_not_household"),
    ("2023-03-01", "household", "other", "w2021.scope_body"),
    ("2019-03-01", "operational", "passenger_car", "w2013.scope_commercial_use"),
    ("2019-03-01", "company", "passenger_car", "w2013.scope_not_household"),
    ("2019-03-01", "household", "pickup", "w2013.scope_body"),
])
def test_out_of_scope_vehicles_have_no_remedies(invoice, usage, body, rule):
    day = str(date.fromisoformat(invoice) + timedelta(days=20))
    data = history(invoice, [visit("V1", day, day, 800, item(failure_mode="brake_failure", description="制动失效"))],
                   usage=usage, vehicle={"body": body})
    d = decide(data)
    assert not d.in_scope and d.remedies == [] and d.not_fired == [] and d.periods == []
    assert rule in fired(d)


def test_pickup_in_scope_under_2021():
    day = "2023-03-21"
    data = history("2023-03-01", [visit("V1", day, day, 800, item(failure_mode="brake_failure", description="制动失效"))],
                   vehicle={"body": "pickup"})
    d = decide(data)
    assert d.in_scope and "w2021.early_safety_failure" in fired(d)


# ---------------------------------------------------------------- replacement availability


def test_replacement_vehicle_assumed_available_and_return_on_fallback():
    data = _five_repairs("2019-03-01", 0.5, count=6)
    d = decide(data)
    assert "replacement_vehicle_assumed" in codes(d.assumptions)
    mf = next(m for m in d.missing_facts if m.field == "claim.replacement_vehicle_available")
    assert mf.alternatives and "no_replacement_vehicle_return" in mf.alternatives[0].changes.en
    assert not any(code == "return" for code, _ in remedies(d))
    data["claim"]["replacement_vehicle_available"] = False
    d = decide(data)
    assert ("return", "w2013.no_replacement_vehicle_return") in remedies(d)
    assert "replacement_vehicle_assumed" not in codes(d.assumptions)


# ---------------------------------------------------------------- consumables


def test_consumable_within_and_after_its_own_period():
    cert = {"consumables": [{"problem": "brake_pad", "months": 12, "km": 30_000}]}
    pad = item("brake_pad", "brake", "replace_part", description="刹车片异常磨损异响")
    inside = history("2023-03-01", [visit("V1", "2023-09-01", "2023-09-01", 9_000, pad)], certificate=cert)
    d = decide(inside)
    assert ("consumable_replacement", "w2021.consumable_replacement") in remedies(d)
    late = history("2023-03-01", [visit("V1", "2024-03-02", "2024-03-02", 20_000, pad)], certificate=cert)
    d = decide(late)
    assert "w2021.exclusion_consumable_expired" in fired(d) and "w2021.consumable_replacement" not in fired(d)
    far = history("2023-03-01", [visit("V1", "2023-09-01", "2023-09-01", 30_001, pad)], certificate=cert)
    assert "w2021.exclusion_consumable_expired" in fired(decide(far))


# ---------------------------------------------------------------- seller deadlines on China's working-day calendar


def _nth_workday(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


def test_deadlines_cross_national_day_with_make_up_days():
    asked = date(2024, 9, 27)
    assert chinese_calendar.is_workday(date(2024, 9, 29)) and chinese_calendar.is_workday(date(2024, 10, 12))
    data = _five_repairs("2023-03-01", 0.5)
    data["claim"].update(date="2024-11-05", request="replace", requested_on=str(asked))
    d = decide(data)
    dl = {x.code: x for x in d.deadlines}
    assert dl["seller_reply"].due == date(2024, 10, 16) == _nth_workday(asked, 10)
    assert dl["seller_completion"].due == date(2024, 10, 30) == _nth_workday(asked, 20)
    assert dl["seller_completion"].status == "overdue" and dl["seller_reply"].status == "overdue"
    assert ("return", "w2021.replacement_overrun_return") in remedies(d)


@pytest.mark.parametrize("completed,status,overrun", [
    ("2024-10-30", "met", False),
    ("2024-10-31", "missed", False),       # completed late: recorded as missed; the replacement is done, no return
])
def test_completion_on_the_due_day_is_in_time(completed, status, overrun):
    data = _five_repairs("2023-03-01", 0.5)
    data["claim"].update(date="2024-11-05", request="replace", requested_on="2024-09-27", completed_on=completed,
                         seller_replied_on="2024-10-08")
    d = decide(data)
    dl = {x.code: x for x in d.deadlines}
    assert dl["seller_completion"].status == status and dl["seller_reply"].status == "met"
    assert ("w2021.replacement_overrun_return" in fired(d)) is overrun


def test_deadline_running_before_due():
    data = _five_repairs("2023-03-01", 0.5)
    data["claim"].update(date="2024-10-08", request="return", requested_on="2024-09-27")
    d = decide(data)
    dl = {x.code: x for x in d.deadlines}
    assert dl["seller_completion"].status == "running"
    assert "w2021.replacement_overrun_return" not in fired(d)       # a return request, and not overdue


def test_2013_fifteen_working_days():
    asked = date(2019, 9, 27)                                       # 2019 also had make-up days 9-29 and 10-12
    data = _five_repairs("2019-03-01", 0.5, count=6)
    data["claim"].update(date="2019-11-05", request="replace", requested_on=str(asked))
    d = decide(data)
    (dl,) = d.deadlines
    assert dl.code == "seller_completion" and dl.due == date(2019, 10, 23) == _nth_workday(asked, 15)


# ---------------------------------------------------------------- input validation names the field


def _valid() -> dict[str, Any]:
    return history("2022-03-01", [
        visit("v1", "2022-03-20T09:00", "2022-03-29T10:00", 800),
        visit("v2", "2022-04-20T09:00", "2022-04-29T10:00", 1_800),
    ], claim_date="2022-05-01", claim_km=1_900)


def _set(path: str, value: Any):
    def change(d: dict[str, Any]) -> None:
        *head, last = path.split(".")
        for k in head:
            d = d[int(k)] if isinstance(d, list) else d[k]
        d[last] = value
    return change


INVALID = [
    ("closed before opened", _set("visits.1.closed_at", "2022-04-19T09:00"), ["visits[1]", "closed_at"]),
    ("visit before invoice", _set("visits.0.opened_at", "2022-02-20T09:00"), ["visits[0].opened_at"]),
    ("km going down", _set("visits.1.odometer_km", 500), ["visits[1].odometer_km"]),
    ("duplicate visit id", _set("visits.1.id", "v1"), ["visits[1].id", "duplicate"]),
    ("unknown system", _set("visits.1.items.0.system", "wheels"), ["visits[1].items[0].system"]),
    ("unknown usage", _set("vehicle.usage", "taxi"), ["vehicle.usage"]),
    ("unknown action", _set("visits.0.items.0.action", "swap"), ["visits[0].items[0].action"]),
    ("negative km", _set("visits.1.odometer_km", -5), ["visits[1].odometer_km"]),
    ("negative price", _set("purchase.price_yuan", -5), ["purchase.price_yuan"]),
    ("negative excluded hours", _set("visits.1.excluded_hours", -1), ["visits[1].excluded_hours"]),
    ("'12' for an int", _set("claim.odometer_km", "12"), ["claim.odometer_km"]),
    ("'true' for a bool", _set("purchase.has_invoice", "true"), ["purchase.has_invoice"]),
    ("unknown key", _set("claim.foo", 1), ["claim.foo"]),
    ("claim km below a visit", _set("claim.odometer_km", 100), ["claim.odometer_km"]),
    ("bad date", _set("purchase.invoice_date", "2022-13-01"), ["purchase.invoice_date"]),
    ("date and date-time mixed", _set("visits.1.closed_at", "2022-04-29"), ["visits[1]"]),
    ("VIN with O", _set("vehicle.vin", "LSVAU2180N218345O"), ["vehicle.vin"]),
    ("claim before invoice", _set("claim.date", "2022-02-01"), ["claim.date"]),
]


@pytest.mark.parametrize("name,change,needles", INVALID, ids=[c[0] for c in INVALID])
def test_validation_error_names_the_field(name, change, needles):
    data = _valid()
    validate(VehicleHistory, data, "x.json")                       # the base is valid
    change(data)
    with pytest.raises(InputError) as exc:
        validate(VehicleHistory, data, "x.json")
    text = str(exc.value)
    assert text.startswith("x.json: ")
    for needle in needles:
        assert needle in text, f"{needle!r} not in {text!r}"


FIELD_ATTR = [
    pytest.param("km going down", _set("visits.1.odometer_km", 500), "visits[1].odometer_km", id="km going down"),
    pytest.param("unknown system", _set("visits.1.items.0.system", "wheels"), "visits[1].items[0].system",
                 id="unknown system"),
    pytest.param("'12' for an int", _set("claim.odometer_km", "12"), "claim.odometer_km", id="'12' for an int"),
    pytest.param("closed before opened", _set("visits.1.closed_at", "2022-04-19T09:00"), "visits[1].closed_at",
                 id="closed before opened"),
    pytest.param("claim km below a visit", _set("claim.odometer_km", 100), "claim.odometer_km",
                 id="claim km below a visit"),
]


@pytest.mark.parametrize("name,change,field", FIELD_ATTR)
def test_input_error_field_attribute(name, change, field):
    data = _valid()
    change(data)
    with pytest.raises(InputError) as exc:
        validate(VehicleHistory, data, "x.json")
    assert exc.value.field == field


# ---------------------------------------------------------------- once library bugs, now regression tests


def test_tiny_coefficient_is_decided_by_both_evaluators():
    data = history("2022-03-01", claim_date="2022-04-01", certificate={"use_coefficient_pct": 0.00001})
    decide(data)


def test_excluded_hours_longer_than_a_date_only_visit_are_rejected():
    data = history("2023-03-01", [visit("V1", "2023-06-01", "2023-06-03", 5_000, excluded_hours=500)],
                   claim_date="2023-06-20")
    with pytest.raises(InputError):
        validate(VehicleHistory, data, "x.json")


# ---------------------------------------------------------------- use compensation bounded; the 2013 day reading


def test_use_compensation_never_exceeds_the_price_and_says_why():
    visits = [visit(f"RO-{i}", f"2023-0{4 + i}-01", f"2023-0{4 + i}-02", 1_000 * (i + 1)) for i in range(5)]
    # asked inside the 三包有效期 (at 5,000 km), decided at 250,000 km: the formula passes the price
    data = history("2023-03-01", visits, claim_date="2023-09-01", claim_km=250_000,
                   claim={"request": "return", "requested_on": "2023-08-20"},
                   certificate={"use_coefficient_pct": 0.5})
    d = decide(data)
    comp = next(r.use_compensation for r in d.remedies if r.code == "return")
    assert comp.amount_yuan == Decimal("200000")          # 200000 × 250000 / 1000 × 0.5 % = 250000 > price
    assert "超过车价 200000 元" in comp.reason.zh and "capped at the price" in comp.reason.en
    below = decide(history("2023-03-01", visits, claim_date="2023-09-01", claim_km=20_000,
                           claim={"request": "return", "requested_on": "2023-09-01"},
                           certificate={"use_coefficient_pct": 0.5}))
    comp = next(r.use_compensation for r in below.remedies if r.code == "return")
    assert comp.amount_yuan == Decimal("20000.00") and "车价" not in comp.reason.zh


def test_2013_remainder_after_a_day_is_a_choice_shown_where_it_changes_the_outcome():
    six_days_one_hour = visit("RO-1", "2020-05-01T09:00:00", "2020-05-06T10:00:00", 9000)
    d = decide(history("2020-03-01", [six_days_one_hour], claim_date="2020-05-10", claim_km=9100))
    assert "courtesy_vehicle" in {r.code for r in d.remedies}
    note = next(a for a in d.assumptions if a.code == "repair_day_reading")
    assert "未规定超过24小时的余下时间如何计" in note.text.zh and "RO-1 的单次修理时间为 5 天" in note.text.zh
    whole_days = visit("RO-1", "2020-05-01T09:00:00", "2020-05-07T09:00:00", 9000)
    d = decide(history("2020-03-01", [whole_days], claim_date="2020-05-10", claim_km=9100))
    assert not any(a.code == "repair_day_reading" for a in d.assumptions)      # 6 days either way
    same_in_2021 = decide(history("2023-03-01", [visit("RO-1", "2023-05-01T09:00:00", "2023-05-06T10:00:00", 9000)],
                                  claim_date="2023-05-10", claim_km=9100))
    assert not any(a.code == "repair_day_reading" for a in same_in_2021.assumptions)   # 第四十条 says it
