"""Differential tests: the durable_rules path and the plain-Python oracle must agree.

(a) every example in examples/warranty/, (b) 10,000 generated histories at the level of rule firings on the
same facts, (c) ~500 full decisions, (d) a hypothesis property over the generator's parameters.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adjudicator.core.engine import evaluator_for
from adjudicator.core.facts import Fact
from adjudicator.core.inputs import CHINA_TZ
from adjudicator.core.oracle import PythonEvaluator
from adjudicator.warranty import facts as wfacts
from adjudicator.warranty.decide import adjudicate_warranty
from adjudicator.warranty.models import VehicleHistory
from adjudicator.warranty.rulebook import compiled_warranty, load_warranty_rulebook
from adjudicator.warranty.synthetic import SCENARIOS, generate_histories, generate_history

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "warranty").glob("*.json"))
VERSIONS = ("2013", "2021")
N_FIRINGS = 10_000
N_DECISIONS = 500


@cache
def _oracle(version: str) -> PythonEvaluator:
    return PythonEvaluator(compiled_warranty(version))


def facts_for(history: VehicleHistory, version: str) -> list[Fact]:
    book = load_warranty_rulebook()
    return wfacts.build(history, compiled_warranty(version), book.version(version).period_start).facts


def natural_version(history: VehicleHistory) -> str | None:
    v = load_warranty_rulebook().version_on(history.purchase.invoice_date)
    return v.id if v else None


def assert_same_firings(facts: list[Fact], version: str, label: str) -> list[tuple[str, tuple[int, ...]]]:
    rules = compiled_warranty(version)
    engine = evaluator_for(rules).evaluate(facts)
    oracle = _oracle(version).evaluate(facts)
    assert engine == oracle, (f"{label} ({version}): engine and oracle differ\n"
                              f"engine only: {sorted(set(engine) - set(oracle))}\n"
                              f"oracle only: {sorted(set(oracle) - set(engine))}")
    return engine


def decision_dump(data, **kw) -> tuple[dict, dict]:
    a = adjudicate_warranty(data, evaluator="durable_rules", **kw).model_dump(exclude={"evaluator"})
    b = adjudicate_warranty(data, evaluator="python", **kw).model_dump(exclude={"evaluator"})
    return a, b


# ---------------------------------------------------------------- (a) the examples


def test_examples_exist():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_agrees(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    history = VehicleHistory.model_validate(data)
    for version in VERSIONS:                        # the natural version and the forced other one
        assert_same_firings(facts_for(history, version), version, path.name)
    a, b = decision_dump(data)
    assert a == b
    for version in VERSIONS:
        a, b = decision_dump(data, regulation=version)
        assert a == b


# ---------------------------------------------------------------- (b) 10,000 generated histories


@pytest.fixture(scope="module")
def generated() -> list[VehicleHistory]:
    return [VehicleHistory.model_validate(d) for d in generate_histories(N_FIRINGS, seed=20240927)]


def test_10000_generated_histories_fire_the_same_rules(generated):
    fired: Counter[str] = Counter()
    histories_per_version: Counter[str] = Counter()
    silent: Counter[str] = Counter()
    for i, h in enumerate(generated):
        version = natural_version(h) or "2013"      # pre-2013 cars: evaluate as if 2013 were forced
        histories_per_version[version] += 1
        firings = assert_same_firings(facts_for(h, version), version, f"history {i} ({h.vehicle.vin})")
        names = {name.split("#")[0] for name, _ in firings}
        fired.update(names)
        for rule in compiled_warranty(version).rules:
            if rule.id not in names:
                silent[rule.id] += 1
    # the generator must reach both sides of every rule often enough to make the comparison mean something
    for version in VERSIONS:
        for rule in compiled_warranty(version).rules:
            assert fired[rule.id] >= 3, f"{rule.id} fired only {fired[rule.id]} times in {N_FIRINGS} histories"
            assert silent[rule.id] >= 3, f"{rule.id} fired in (nearly) every history"
    assert min(histories_per_version.values()) > N_FIRINGS // 5


# ---------------------------------------------------------------- (c) ~500 full decisions


def test_500_full_decisions_agree():
    remedies: Counter[str] = Counter()
    for i, data in enumerate(generate_histories(N_DECISIONS, seed=77)):
        a, b = decision_dump(data)
        assert a == b, f"history {i}: decisions differ"
        remedies.update(r["code"] for r in a["remedies"])
    assert {"replace", "return", "free_repair", "courtesy_vehicle", "assembly_replacement"} <= set(remedies)


def test_forced_versions_agree_on_generated_histories():
    for i, data in enumerate(generate_histories(60, seed=31)):
        for version in VERSIONS:
            a, b = decision_dump(data, regulation=version, counterfactuals=False)
            assert a == b, f"history {i} forced to {version}: decisions differ"


# ---------------------------------------------------------------- the generator itself


def _moment(text: str) -> datetime:
    if len(text) == 10:
        d = date.fromisoformat(text)
        return datetime(d.year, d.month, d.day, tzinfo=CHINA_TZ)
    m = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return m if m.tzinfo else m.replace(tzinfo=CHINA_TZ)


def check_generated(data: dict, visits: int | None = None) -> VehicleHistory:
    h = VehicleHistory.model_validate(data)
    if visits is not None:
        assert len(h.visits) == visits
    ordered = sorted(data["visits"], key=lambda v: (_moment(v["opened_at"]), v["odometer_km"]))
    km = [data["purchase"].get("delivery_odometer_km", 0)] + [v["odometer_km"] for v in ordered]
    assert km == sorted(km), "odometer goes down over time"
    for v in data["visits"]:
        assert _moment(v["closed_at"]) >= _moment(v["opened_at"])
        assert _moment(v["opened_at"]).astimezone(CHINA_TZ).date() >= date.fromisoformat(
            data["purchase"]["invoice_date"])
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert _moment(b["opened_at"]) >= _moment(a["closed_at"]), "visits overlap"
    return h


def test_generator_is_deterministic_and_valid():
    first = list(generate_histories(50, seed=3))
    assert first == list(generate_histories(50, seed=3))
    assert first[:10] == list(generate_histories(10, seed=3))
    assert first != list(generate_histories(50, seed=4))
    for data in first:
        check_generated(data)
    for n in (5, 50, 500):
        for data in generate_histories(2, seed=n, visits=n):
            check_generated(data, visits=n)


def test_generator_covers_the_domain():
    sample = list(generate_histories(2000, seed=11))
    invoices = [date.fromisoformat(d["purchase"]["invoice_date"]) for d in sample]
    assert any(d < date(2013, 10, 1) for d in invoices)
    assert sum(d < date(2013, 10, 1) for d in invoices) < len(sample) * 0.08
    assert max(invoices) >= date(2026, 1, 1) and min(invoices) <= date(2013, 1, 1)
    usages = Counter(d["vehicle"]["usage"] for d in sample)
    assert usages["household"] > 0.75 * len(sample) and usages["operational"] and usages["company"]
    items = [it for d in sample for v in d["visits"] for it in v["items"]]
    systems = Counter(it["system"] for it in items)
    assert systems["power_battery"] and systems["drive_motor"]
    for d in sample:
        if d["vehicle"].get("powertrain", "ice") in ("ice", "hev"):
            assert not any(it["system"] in ("power_battery", "drive_motor") for v in d["visits"] for it in v["items"])
    assert any(it.get("serious_safety_fault") for it in items)
    assert {it.get("failure_mode") for it in items} >= {"brake_failure", "steering_failure", "body_crack",
                                                         "fuel_leak", "battery_fire"}
    assert {it.get("cause", "quality") for it in items} >= {"quality", "unknown", "misuse", "accident"}
    assert {it["action"] for it in items} == {"inspect_no_fault", "repair", "replace_part", "replace_assembly"}
    visits = [v for d in sample for v in d["visits"]]
    assert any(len(v["opened_at"]) == 10 for v in visits) and any(len(v["opened_at"]) > 10 for v in visits)
    assert any(v.get("excluded_hours") for v in visits)
    assert any(c.get("consumables") for d in sample if (c := d.get("certificate")))
    claims = [d["claim"] for d in sample]
    assert any("request" in c for c in claims) and any("request" not in c for c in claims)
    assert {c.get("replacement_vehicle_available") for c in claims} == {None, True, False}
    delays = {(date.fromisoformat(d["purchase"]["delivery_date"]) - date.fromisoformat(
        d["purchase"]["invoice_date"])).days for d in sample if "delivery_date" in d["purchase"]}
    assert min(delays) == 0 and max(delays) == 10
    repeats = Counter()
    for d in sample:
        per = Counter(it["problem"] for v in d["visits"] for it in {i["problem"]: i for i in v["items"]}.values())
        repeats[max(per.values(), default=0)] += 1
    assert sum(n for k, n in repeats.items() if k >= 5) > 0.1 * len(sample)


# ---------------------------------------------------------------- (d) hypothesis over the generator's knobs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1),
       visits=st.none() | st.integers(0, 40),
       scenarios=st.none() | st.lists(st.sampled_from(SCENARIOS), max_size=3).map(tuple),
       date_style=st.none() | st.sampled_from(["datetime", "date", "mixed"]),
       invoice=st.none() | st.dates(date(2011, 1, 1), date(2026, 12, 31)),
       usage=st.none() | st.sampled_from(["household", "operational", "company"]),
       powertrain=st.none() | st.sampled_from(["ice", "hev", "phev", "bev"]))
def test_property_generated_histories_agree(seed, visits, scenarios, date_style, invoice, usage, powertrain):
    data = generate_history(random.Random(seed), visits=visits, scenarios=scenarios, date_style=date_style,
                            invoice_date=invoice, usage=usage, powertrain=powertrain)
    h = check_generated(data, visits)
    for version in VERSIONS:
        assert_same_firings(facts_for(h, version), version, f"seed {seed}")
    a, b = decision_dump(data, counterfactuals=False)
    assert a == b
