"""Bad input never crashes it. Everything that can reach durable_rules runs in a child process here, so a
segfault fails a test instead of killing the test run."""
from __future__ import annotations

import json
import math
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]

VALID = {
    "vehicle": {"vin": "LSVNV2182N2000001", "usage": "household", "powertrain": "ice", "body": "passenger_car"},
    "purchase": {"invoice_date": "2023-03-01", "delivery_date": "2023-03-03", "price_yuan": 150000,
                 "delivery_odometer_km": 12},
    "visits": [{"id": "RO-1", "opened_at": "2023-03-20T09:00:00+08:00", "closed_at": "2023-03-22T17:00:00+08:00",
                "odometer_km": 1850,
                "items": [{"problem": "brake", "system": "brake", "action": "repair", "serious_safety_fault": True,
                           "failure_mode": "brake_failure", "fixed": False}]}],
    "claim": {"date": "2023-04-01", "odometer_km": 2100},
}

# values that broke the C engine in the lab (docs/engine.md) or are simply absurd
NASTY = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63, 2**64 + 1, -(2**63) - 1, 10**30, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, 1e-7, 1.5e-07, -0.0, 1e16, float("nan"), float("inf")]),
    st.text(max_size=50),
    st.sampled_from(["x" * 70_000, "制动" * 5000, "\x00\x01", "\ud800", "$nex", "1e+308", "Infinity", "'; drop"]),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)

PATHS = [("vehicle", "vin"), ("vehicle", "usage"), ("purchase", "price_yuan"), ("purchase", "invoice_date"),
         ("purchase", "delivery_odometer_km"), ("claim", "odometer_km"), ("claim", "date"),
         ("visits", 0, "odometer_km"), ("visits", 0, "excluded_hours"), ("visits", 0, "opened_at"),
         ("visits", 0, "items", 0, "problem"), ("visits", 0, "items", 0, "system"),
         ("visits", 0, "items", 0, "fixed"), ("visits", 0, "id")]


def _mutated(path: tuple, value: object) -> dict:
    h = json.loads(json.dumps(VALID))
    target = h
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value
    return h


CHILD = textwrap.dedent("""
    import pickle, sys
    from pydantic import ValidationError
    from adjudicator import adjudicate_warranty, InputError
    from adjudicator.warranty.decision import Decision
    cases = pickle.load(open(sys.argv[1], "rb"))
    decided = rejected = 0
    for case in cases:
        try:
            d = adjudicate_warranty(case)
            assert isinstance(d, Decision)
            d.model_dump_json()
            decided += 1
        except (ValidationError, InputError):
            rejected += 1
    print(f"OK {decided} {rejected}")
""")


def run_child(cases: list, tmp_path: Path, timeout: int = 300) -> tuple[int, int]:
    blob = tmp_path / "cases.pickle"
    blob.write_bytes(pickle.dumps(cases))
    r = subprocess.run([sys.executable, "-c", CHILD, str(blob)], capture_output=True, text=True, timeout=timeout,
                       cwd=ROOT)
    assert r.returncode == 0, f"child died with {r.returncode}: {r.stderr[-2000:]}"
    _, decided, rejected = r.stdout.split()
    return int(decided), int(rejected)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PATHS), NASTY), min_size=1, max_size=80))
def test_nasty_values_through_the_public_api_never_crash(tmp_path_factory, mutations):
    cases = [_mutated(path, value) for path, value in mutations]
    decided, rejected = run_child(cases, tmp_path_factory.mktemp("nasty"))
    assert decided + rejected == len(cases)


def test_structural_abuse_never_crashes(tmp_path):
    deep: dict = {}
    node = deep
    for _ in range(400):
        node["x"] = {}
        node = node["x"]
    many_keys = dict(VALID, **{f"k{i}": i for i in range(500)})
    dup = json.loads(json.dumps(VALID))
    dup["visits"].append(dict(dup["visits"][0]))
    extra_item = json.loads(json.dumps(VALID))
    extra_item["visits"][0]["items"][0].update({f"f{i}": i for i in range(300)})
    cases = [deep, many_keys, dup, extra_item, [], "text", 42, None, {"vehicle": deep}]
    decided, rejected = run_child(cases, tmp_path)
    assert decided == 0 and rejected == len(cases)


def test_ten_thousand_visits_are_decided(tmp_path):
    h = json.loads(json.dumps(VALID))
    from datetime import date, timedelta

    start = date(2022, 3, 2)
    h["purchase"].update(invoice_date="2022-03-01", delivery_date="2022-03-01")
    h["claim"] = {"date": (start + timedelta(days=10_000)).isoformat(), "odometer_km": 500_000}
    h["visits"] = [{"id": f"RO-{i}", "opened_at": (start + timedelta(days=i)).isoformat(),
                    "closed_at": (start + timedelta(days=i)).isoformat(), "odometer_km": 100 + i * 40,
                    "items": [{"problem": f"part-{i % 37}", "system": "electrical", "action": "repair"}]}
                   for i in range(10_000)]
    decided, rejected = run_child([h], tmp_path, timeout=600)
    assert decided == 1


def test_batch_survives_broken_lines_and_keeps_order(tmp_path):
    lines = [json.dumps(VALID), "not json", json.dumps(VALID).replace("2100", "NaN"), "{", json.dumps([1, 2]),
             json.dumps(_mutated(("purchase", "price_yuan"), 10**30)), json.dumps(VALID), "[" * 100_000]
    src = tmp_path / "in.jsonl"
    src.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe\n")
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "adjudicator", "batch", str(src), "-o", str(out), "--workers", "2"],
                       capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 2, r.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["record"] for x in rows] == list(range(1, 10))
    assert [x["ok"] for x in rows] == [True, False, False, False, False, False, True, False, False]
    assert all(x["error"]["message"] for x in rows if not x["ok"])


def test_same_input_same_bytes_across_runs_and_worker_counts(tmp_path):
    from adjudicator.warranty.synthetic import generate_histories

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in generate_histories(300, seed=7)),
                   encoding="utf-8")
    outs = []
    for workers in (1, 2, 2):
        out = tmp_path / f"out{len(outs)}.jsonl"
        r = subprocess.run([sys.executable, "-m", "adjudicator", "batch", str(src), "-o", str(out),
                            "--workers", str(workers)], capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert r.returncode in (0, 2), r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0].splitlines()) == 300


CHILD_200K = textwrap.dedent("""
    import sys
    from adjudicator.warranty.synthetic import generate_histories
    from adjudicator.warranty.models import VehicleHistory
    from adjudicator.warranty.rulebook import compiled_warranty, load_warranty_rulebook
    from adjudicator.warranty.facts import build
    from adjudicator.core.engine import evaluator_for
    from adjudicator.warranty.decide import select_version
    book = load_warranty_rulebook()
    batches = []
    for data in generate_histories(400, seed=11):
        h = VehicleHistory.model_validate(data)
        version, _ = select_version(h, None)
        if version is None:
            continue
        rs = compiled_warranty(version)
        batches.append((evaluator_for(rs), build(h, rs, book.version(version).period_start).facts))
    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    n, total = 0, int(sys.argv[1])
    marks = []
    while n < total:
        for ev, facts in batches:
            ev.evaluate(facts)
            n += 1
            if n % 20000 == 0:
                marks.append(rss())
            if n >= total:
                break
    print("OK", n, " ".join(f"{m:.1f}" for m in marks))
""")


# the default suite runs 60,000; the soak run (README, "Slow runs") sets SOAK_EVALUATIONS=200000 or more
SOAK_EVALUATIONS = int(os.environ.get("SOAK_EVALUATIONS", "60000"))


def test_many_evaluations_in_one_process_with_flat_memory():
    r = subprocess.run([sys.executable, "-c", CHILD_200K, str(SOAK_EVALUATIONS)], capture_output=True, text=True,
                       timeout=900 + SOAK_EVALUATIONS // 200, cwd=ROOT)
    assert r.returncode == 0, f"child died with {r.returncode}: {r.stderr[-2000:]}"
    parts = r.stdout.split()
    assert parts[0] == "OK" and int(parts[1]) == SOAK_EVALUATIONS
    marks = [float(x) for x in parts[2:]]
    # after warm-up the resident size stays flat (a leak of even 100 bytes per evaluation would add ~16 MB)
    assert marks[-1] - marks[1] < 8, marks


def test_nan_and_huge_numbers_are_input_errors_not_engine_input():
    from adjudicator import InputError
    from adjudicator.io.files import validate
    from adjudicator.warranty.models import VehicleHistory

    for path, value in [(("purchase", "price_yuan"), math.nan), (("purchase", "price_yuan"), math.inf),
                        (("claim", "odometer_km"), 2**64), (("visits", 0, "excluded_hours"), 1e308)]:
        try:
            validate(VehicleHistory, _mutated(path, value), "x.json")
        except InputError as exc:
            assert ".".join(str(p) for p in path if not isinstance(p, int)).split(".")[-1] in str(exc)
        else:
            raise AssertionError(f"{path}={value!r} was accepted")
