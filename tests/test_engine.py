"""The durable_rules adapter's guarantees (adjudicator/engine.py; see docs/engine.md).

Anything that could reach a crash in the C engine runs in a child interpreter, so that a segfault fails the
test instead of killing pytest.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from adjudicator.core import engine
from adjudicator.core.engine import (
    MAX_FACTS,
    MAX_TEXT,
    DurableEvaluator,
    EngineFault,
    EngineInputError,
    check_scalar,
    evaluator_for,
)
from adjudicator.core.facts import Fact
from adjudicator.core.oracle import DERIVED_ID_BASE, PythonEvaluator, derived_ids
from adjudicator.warranty.rulebook import compiled_warranty

ROOT = Path(__file__).resolve().parents[1]


def fnv1a32(s: str) -> int:
    """The engine's 32-bit FNV-1a over the UTF-8 bytes, as in the engine's own hashing (docs/engine.md).

    The C code XORs a (signed) char into the hash; for bytes >= 0x80 that sign-extends, hence the -256.
    """
    h = 0x811C9DC5
    for b in s.encode("utf-8"):
        h ^= (b - 256 if b >= 0x80 else b) & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def run_isolated(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter with the repository importable; a crash shows as a return code."""
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"child exited with {proc.returncode} (negative = killed by signal)\n"
        f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}")
    return proc


def last_json(proc: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- identity hashes


def test_fnv_matches_the_collisions_measured_in_the_engine():
    # both pairs were observed colliding inside durable_rules 2.0.28 (docs/engine.md)
    assert fnv1a32("rep-149599") == fnv1a32("rep-312382") == 0x99183742
    assert fnv1a32("veh-70893") == fnv1a32("veh-278310")
    assert fnv1a32("") == 0x811C9DC5


def test_fnv_id_space_has_no_collisions():
    ids = [str(i) for i in range(MAX_FACTS)]
    ids += [str(DERIVED_ID_BASE + k) for k in range(100)]
    ids += ["eval"] + [f"e{k}" for k in range(512)]
    assert len(set(ids)) == len(ids)
    hashes = {}
    for s in ids:
        h = fnv1a32(s)
        assert h not in hashes, f"{s!r} and {hashes[h]!r} share FNV-1a-32 hash {h:#010x}"
        hashes[h] = s


@pytest.mark.parametrize("version", ["2013", "2021"])
def test_derived_ids_stay_inside_the_checked_range(version):
    ids = derived_ids(compiled_warranty(version))
    assert ids, "the rule set derives at least one finding"
    assert all(DERIVED_ID_BASE <= i < DERIVED_ID_BASE + 100 for i in ids.values())
    assert len(set(ids.values())) == len(ids)


def test_sessions_cycle_through_512_ids_only(monkeypatch):
    # evaluation sids must stay inside the checked set e0..e511 (the engine allows 1024 live sids per ruleset)
    ev = DurableEvaluator(compiled_warranty("2021"))
    real, sids = engine._E.assert_facts, set()

    def spy(handle, batch):
        sids.add(json.loads(batch)[0]["sid"])
        return real(handle, batch)

    monkeypatch.setattr(engine._E, "assert_facts", spy)
    facts = [Fact("repair_time", {"cumulative_days": 3, "visits": 1})]
    for _ in range(1100):
        ev.evaluate(facts)
    assert sids == {f"e{k}" for k in range(512)}
    assert not ev.poisoned
    ev.close()


# ---------------------------------------------------------------- what the engine must never see


@pytest.mark.parametrize("value", [
    math.inf, -math.inf, math.nan,
    2**63, -(2**63) - 1, 10**30, -(10**30),
    "x" * (MAX_TEXT + 1), "长" * (MAX_TEXT + 1),
    {"a": 1}, [1, 2], (1,), None, b"bytes", 1e300, 1.5e22,
])
def test_check_scalar_rejects(value):
    with pytest.raises(EngineInputError):
        check_scalar(value, "fact 0 (x).y")


@pytest.mark.parametrize("value", [
    True, False, 0, -1, 2**63 - 1, -(2**63 - 1), "", "制动总泵漏油", "x" * MAX_TEXT, 0.5, 3.0, 123456.789, -0.25,
])
def test_check_scalar_accepts(value):
    out = check_scalar(value, "f")
    assert out == value and type(out) is type(value)


def test_exponent_floats_are_rejected_never_passed_through():
    # rounding in the adapter would make the engine and the oracle disagree; fact builders choose a precision
    assert "e" in repr(1e-7)
    out = check_scalar(0.0001, "f")               # repr is '0.0001': fine as it is
    assert out == 0.0001
    for value in (1e-7, 1.23e-7, 1e-05, 1e16, 1e22, 1.5e300):
        with pytest.raises(EngineInputError):
            check_scalar(value, "f")


def test_bad_values_are_rejected_before_reaching_the_c_code():
    # in a child: if a bad value did reach the engine, the child would crash, not this test run
    proc = run_isolated("""
        import json, math
        from adjudicator.core.engine import DurableEvaluator, EngineInputError, MAX_FACTS
        from adjudicator.core.facts import Fact
        from adjudicator.core.oracle import PythonEvaluator
        from adjudicator.warranty.rulebook import compiled_warranty
        rs = compiled_warranty("2013")
        ev, py = DurableEvaluator(rs), PythonEvaluator(rs)
        good = [Fact("vehicle", {"usage": "household", "body": "passenger_car", "powertrain": "ice",
                                 "has_invoice": True, "has_certificate": True}),
                Fact("claim", {"days_after_start": 100, "km_after_delivery": 5000, "in_repair_warranty": True, "repair_warranty_problems": 1,
                               "in_return_period": True}),
                Fact("repair_time", {"cumulative_days": 36, "visits": 3})]
        name = ev._name
        bad = [float("inf"), float("-inf"), float("nan"), 2**64 + 1, 10**30, "x" * 5000, {"nested": 1},
               [1, 2], None, 1e308]
        rejected = 0
        for value in bad:
            facts = good + [Fact("repair_time", {"cumulative_days": value, "visits": 1})]
            try:
                ev.evaluate(facts)
            except EngineInputError:
                rejected += 1
        # exponent floats inside a batch crash the parser (docs/engine.md): refused before the engine
        try:
            ev.evaluate(good + [Fact("certificate", {"coefficient_pct": 1e-07})])
            small = ["accepted"]
        except EngineInputError:
            small = []
        too_many = 0
        try:
            ev.evaluate([good[0]] * MAX_FACTS)
        except EngineInputError:
            too_many = 1
        after = ev.evaluate(good)
        print(json.dumps({"rejected": rejected, "n": len(bad), "too_many": too_many,
                          "poisoned": ev.poisoned, "same_handle": ev._name == name,
                          "after_ok": after == py.evaluate(good) and len(after) >= 2,
                          "small": small}))
    """)
    out = last_json(proc)
    assert out["rejected"] == out["n"]
    assert out["too_many"] == 1
    assert out["poisoned"] is False and out["same_handle"] is True
    assert out["after_ok"] is True
    assert out["small"] == []


def test_too_many_properties_rejected_in_python():
    proc = run_isolated("""
        import json
        from adjudicator.core.engine import DurableEvaluator, EngineInputError
        from adjudicator.core.facts import Fact
        from adjudicator.warranty.rulebook import compiled_warranty
        ev = DurableEvaluator(compiled_warranty("2021"))
        fields = tuple(f"f{i}" for i in range(300))
        ev._fields = dict(ev._fields, wide=fields)      # a fact type read with 300 fields
        try:
            ev.evaluate([Fact("wide", {k: 1 for k in fields})])
            print(json.dumps({"rejected": False}))
        except EngineInputError as exc:
            print(json.dumps({"rejected": True, "msg": str(exc)}))
    """)
    out = last_json(proc)
    assert out["rejected"] is True and "too many properties" in out["msg"]


# ---------------------------------------------------------------- memory, sessions, threads


def test_5000_evaluations_keep_rss_flat():
    proc = run_isolated("""
        import json
        from adjudicator.core.engine import DurableEvaluator
        from adjudicator.warranty import facts as wf
        from adjudicator.warranty.models import VehicleHistory
        from adjudicator.core.oracle import PythonEvaluator
        from adjudicator.warranty.rulebook import compiled_warranty, load_warranty_rulebook
        from adjudicator.warranty.synthetic import generate_histories

        def rss_kb():
            for line in open("/proc/self/status"):
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])

        book = load_warranty_rulebook()
        rs = {v: compiled_warranty(v) for v in ("2013", "2021")}
        evs = {v: DurableEvaluator(r) for v, r in rs.items()}
        py = {v: PythonEvaluator(r) for v, r in rs.items()}
        work = []
        for data in generate_histories(250, seed=99):
            h = VehicleHistory.model_validate(data)
            v = book.version_on(h.purchase.invoice_date)
            vid = v.id if v else "2013"
            work.append((vid, wf.build(h, rs[vid], book.version(vid).period_start).facts))
        wrong = 0
        for i in range(1000):                                  # warm-up: pools and caches fill up
            vid, facts = work[i % len(work)]
            wrong += evs[vid].evaluate(facts) != py[vid].evaluate(facts)
        before = rss_kb()
        samples = []
        for i in range(5000):
            vid, facts = work[i % len(work)]
            evs[vid].evaluate(facts)
            if i % 1000 == 999:
                samples.append(rss_kb())
        print(json.dumps({"before": before, "samples": samples, "after": rss_kb(), "wrong": wrong,
                          "poisoned": any(e.poisoned for e in evs.values())}))
    """, timeout=300)
    out = last_json(proc)
    assert out["wrong"] == 0 and out["poisoned"] is False
    growth_kb = out["after"] - out["before"]
    assert growth_kb < 4 * 1024, f"RSS grew {growth_kb} kB over 5,000 evaluations: {out}"


def test_threads_share_one_evaluator_safely():
    proc = run_isolated("""
        import json, threading
        from adjudicator.core.engine import evaluator_for
        from adjudicator.warranty import facts as wf
        from adjudicator.warranty.models import VehicleHistory
        from adjudicator.core.oracle import PythonEvaluator
        from adjudicator.warranty.rulebook import compiled_warranty
        from adjudicator.warranty.synthetic import generate_histories
        rs = compiled_warranty("2021")
        ev, py = evaluator_for(rs), PythonEvaluator(rs)
        work = []
        for data in generate_histories(80, seed=5):
            h = VehicleHistory.model_validate(data)
            work.append(wf.build(h, rs, "delivery_if_different").facts)
        expected = [py.evaluate(f) for f in work]
        wrong = []
        def run(k):
            for i in range(300):
                j = (i + k * 7) % len(work)
                if ev.evaluate(work[j]) != expected[j]:
                    wrong.append(j)
        ts = [threading.Thread(target=run, args=(k,)) for k in range(4)]
        [t.start() for t in ts]; [t.join() for t in ts]
        print(json.dumps({"wrong": len(wrong)}))
    """)
    assert last_json(proc)["wrong"] == 0


def test_same_facts_same_firings():
    rs = compiled_warranty("2013")
    ev = evaluator_for(rs)
    facts = [Fact("vehicle", {"usage": "household", "body": "passenger_car", "powertrain": "ice",
                              "has_invoice": True, "has_certificate": True}),
             Fact("problem", {"repairs": 6, "repairs_in_repair_warranty": 6, "disclosed": False,
                              "disclosed_breach": False, "unfixed": True}),
             Fact("claim", {"days_after_start": 300, "km_after_delivery": 9000, "in_repair_warranty": True, "repair_warranty_problems": 1,
                            "in_return_period": True, "replacement_vehicle_available": False})]
    first = ev.evaluate(facts)
    assert all(ev.evaluate(facts) == first for _ in range(20))
    assert first == PythonEvaluator(rs).evaluate(facts)
    names = {n.split("#")[0] for n, _ in first}
    # chaining through a derived finding: same problem > 5 -> replacement_due -> return when none available
    assert {"w2013.same_problem_repeat", "w2013.no_replacement_vehicle_return", "w2013.free_repair"} <= names
    ids = dict((n.split("#")[0], i) for n, i in first)
    assert ids["w2013.no_replacement_vehicle_return"][0] >= DERIVED_ID_BASE


# ---------------------------------------------------------------- failure handling


CLAIM = Fact("claim", {"days_after_start": 100, "km_after_delivery": 5000, "in_repair_warranty": True, "repair_warranty_problems": 1,
                       "in_return_period": True})


def test_input_error_does_not_poison():
    rs = compiled_warranty("2021")
    ev = DurableEvaluator(rs)
    name = ev._name
    with pytest.raises(EngineInputError):
        ev.evaluate([CLAIM, Fact("repair_time", {"cumulative_days": math.nan, "visits": 1})])
    assert not ev.poisoned
    facts = [CLAIM, Fact("repair_time", {"cumulative_days": 31, "visits": 2})]
    out = ev.evaluate(facts)
    assert out and out == PythonEvaluator(rs).evaluate(facts)
    assert ev._name == name
    ev.close()


def test_poisoned_evaluator_rebuilds_itself(monkeypatch):
    # the fake raises before calling the C function, so nothing unsafe happens in this process
    rs = compiled_warranty("2021")
    ev, py = DurableEvaluator(rs), PythonEvaluator(rs)
    facts = [Fact("repair_time", {"cumulative_days": 31, "visits": 2}), CLAIM]
    assert py.evaluate(facts)
    name = ev._name

    def broken(handle, batch):
        raise RuntimeError("simulated engine failure")

    monkeypatch.setattr(engine._E, "assert_facts", broken)
    with pytest.raises(EngineFault):
        ev.evaluate(facts)
    assert ev.poisoned
    monkeypatch.undo()
    assert ev.evaluate(facts) == py.evaluate(facts)
    assert not ev.poisoned and ev._name != name


def test_poisoned_after_half_done_call_rebuilds_in_a_child():
    # a failure after the C call created the state: the old handle must be abandoned, never deleted
    proc = run_isolated("""
        import json
        import durable_rules_engine as E
        from adjudicator.core import engine
        from adjudicator.core.engine import DurableEvaluator, EngineFault
        from adjudicator.core.facts import Fact
        from adjudicator.core.oracle import PythonEvaluator
        from adjudicator.warranty.rulebook import compiled_warranty
        rs = compiled_warranty("2013")
        ev, py = DurableEvaluator(rs), PythonEvaluator(rs)
        facts = [Fact("problem", {"repairs": 6, "repairs_in_repair_warranty": 6, "disclosed": False,
                                  "disclosed_breach": False, "unfixed": False}),
                 Fact("claim", {"days_after_start": 100, "km_after_delivery": 5000, "in_repair_warranty": True, "repair_warranty_problems": 1,
                                "in_return_period": True})]
        assert len(py.evaluate(facts)) >= 2
        real_start = E.start_action_for_state
        def broken_start(handle, offset):
            raise RuntimeError("simulated failure after assert_facts")
        engine._E.start_action_for_state = broken_start
        faults = 0
        for _ in range(3):
            try:
                ev.evaluate(facts)
            except EngineFault:
                faults += 1
        poisoned = ev.poisoned
        engine._E.start_action_for_state = real_start
        ok = all(ev.evaluate(facts) == py.evaluate(facts) for _ in range(600))
        print(json.dumps({"faults": faults, "poisoned": poisoned, "ok": ok, "now": ev.poisoned}))
    """)
    out = last_json(proc)
    assert out == {"faults": 3, "poisoned": True, "ok": True, "now": False}


def test_evaluator_for_is_cached_per_ruleset():
    a, b = compiled_warranty("2013"), compiled_warranty("2021")
    assert evaluator_for(a) is evaluator_for(a)
    assert evaluator_for(a) is not evaluator_for(b)
