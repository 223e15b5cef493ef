"""Fleet-scale figures against the targets of the batch issue, in one table.

    .venv/bin/python benchmarks/run.py                    # everything, including 1,000,000 evaluations
    .venv/bin/python benchmarks/run.py --quick            # smaller counts, same table

Measures: end-to-end records per second through `adjudicator batch` with 1 and 2 worker processes (warranty
histories and complaints); microseconds per evaluation for the durable_rules path, the plain-Python oracle on
the same rules, and parsing plus facts alone; resident memory over 1,000,000 evaluations in one process; time
against history length (5, 50, 500 visits); cold start of `adjudicator warranty check` on one file.
Rates are wall-clock on this machine; the machine line says what it is.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from warranty_bench import facts_of, parse_and_facts, timed  # noqa: E402

from adjudicator.batch import records_of, run_batch  # noqa: E402
from adjudicator.complaints import facts as cfacts  # noqa: E402
from adjudicator.complaints.models import Complaint  # noqa: E402
from adjudicator.complaints.rulebook import builtin_profile, compiled_complaints  # noqa: E402
from adjudicator.complaints.synthetic import generate_complaints  # noqa: E402
from adjudicator.core.calendar import default_calendar  # noqa: E402
from adjudicator.core.engine import evaluator_for  # noqa: E402
from adjudicator.core.evaluate import evaluate as complaint_evaluate  # noqa: E402
from adjudicator.core.oracle import PythonEvaluator  # noqa: E402
from adjudicator.warranty import facts as wfacts  # noqa: E402
from adjudicator.warranty.decide import _decide, adjudicate_warranty, select_version  # noqa: E402
from adjudicator.warranty.models import VehicleHistory  # noqa: E402
from adjudicator.warranty.rulebook import compiled_warranty, load_warranty_rulebook  # noqa: E402
from adjudicator.warranty.synthetic import generate_histories  # noqa: E402

MILLION_CHILD = """
import sys, json
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from warranty_bench import facts_of, rss_mb
from adjudicator.warranty.models import VehicleHistory
from adjudicator.core.engine import evaluator_for
from adjudicator.warranty.rulebook import compiled_warranty
from adjudicator.warranty.synthetic import generate_histories
work = []
for data in generate_histories(500, seed=5):
    h = VehicleHistory.model_validate(data)
    version, facts = facts_of(h)
    if version:
        work.append((evaluator_for(compiled_warranty(version)), facts))
total, n, marks = {total}, 0, []
step = max(1, total // 10)
while n < total:
    for ev, facts in work:
        ev.evaluate(facts)
        n += 1
        if n % step == 0:
            marks.append(round(rss_mb(), 1))
        if n >= total:
            break
print(json.dumps(marks))
"""


def batch_rate(lines: list[str], kind: str, workers: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write("".join(lines))
        path = f.name
    try:
        sink = io.StringIO()
        t = time.perf_counter()
        result = run_batch(records_of(path, kind), sink, kind=kind, workers=workers)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t
        assert result.records == len(lines) and len(sink.getvalue().splitlines()) == len(lines)
        return len(lines) / elapsed
    finally:
        os.unlink(path)


def cold_start(example: Path, tries: int = 7) -> float:
    exe = Path(sys.executable).with_name("adjudicator")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "adjudicator"]),
           "warranty", "check", str(example), "--format", "json"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, capture_output=True, env=env, check=True)        # writes bytecode, warms the disk cache
    best = float("inf")
    for _ in range(tries):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="records for the throughput figures")
    ap.add_argument("--evals", type=int, default=1_000_000, help="evaluations for the memory figure")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="n=2,000 and 100,000 evaluations")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.evals = 2_000, 100_000
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"durable-rules {metadata.version('durable-rules')}, pydantic {metadata.version('pydantic')}, "
          f"load average {os.getloadavg()[0]:.2f}")
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, value: str, target: str = "", verdict: str = "") -> None:
        rows.append((label, value, target, verdict))
        print(f"  {label}: {value}", file=sys.stderr, flush=True)

    histories = list(generate_histories(args.n, seed=args.seed))
    complaints = list(generate_complaints(args.n, seed=args.seed))
    wlines = [json.dumps(h, ensure_ascii=False) + "\n" for h in histories]
    clines = [json.dumps(c, ensure_ascii=False) + "\n" for c in complaints]

    # 1. end to end through the batch runner
    for kind, lines in (("warranty", wlines), ("complaint", clines)):
        for workers in (1, 2):
            rate = batch_rate(lines, kind, workers)
            target = ">= 5,000/s per core" if kind == "warranty" else ""
            verdict = ("met" if rate / workers >= 5000 else "not met") if kind == "warranty" else ""
            add(f"end to end, {kind}, {workers} worker(s)", f"{rate:,.0f} records/s", target, verdict)

    # 2. per evaluation: engine vs oracle on the same prebuilt facts; parsing + facts alone
    prepared = []
    for data in histories:
        h = VehicleHistory.model_validate(data)
        version, facts = facts_of(h)
        if version:
            prepared.append((compiled_warranty(version), facts))
    engines = {rs.version: evaluator_for(rs) for rs, _ in prepared}
    oracles = {rs.version: PythonEvaluator(rs) for rs, _ in prepared}
    t_engine = timed(lambda p: engines[p[0].version].evaluate(p[1]), prepared)
    t_oracle = timed(lambda p: oracles[p[0].version].evaluate(p[1]), prepared)
    ratio = t_engine / t_oracle
    add("warranty rules, durable_rules path", f"{t_engine / len(prepared) * 1e6:,.1f} µs/eval")
    add("warranty rules, plain-Python oracle", f"{t_oracle / len(prepared) * 1e6:,.1f} µs/eval")
    add("durable_rules / oracle", f"{ratio:.2f}x", "<= 2x", "met" if ratio <= 2 else "not met")
    t_pf = timed(parse_and_facts, [line for line in wlines])
    add("warranty parsing + facts alone", f"{t_pf / len(wlines) * 1e6:,.1f} µs/record")
    t_full = timed(lambda h: adjudicate_warranty(h, counterfactuals=False),
                   [VehicleHistory.model_validate(h) for h in histories[:2000]])
    add("warranty full decision (no counterfactuals), in process", f"{t_full / min(2000, len(histories)) * 1e6:,.1f} µs")

    profile = builtin_profile()
    crules = compiled_complaints(profile)
    cprepared = []
    for data in complaints:
        c = Complaint.model_validate(data)
        cprepared.append(cfacts.build(c, crules, c.as_of, default_calendar()).facts)
    t_ce = timed(lambda f: complaint_evaluate(crules, f, "durable_rules"), cprepared)
    t_co = timed(lambda f: complaint_evaluate(crules, f, "python"), cprepared)
    add("complaint rules, durable_rules path", f"{t_ce / len(cprepared) * 1e6:,.1f} µs/eval")
    add("complaint rules, plain-Python oracle", f"{t_co / len(cprepared) * 1e6:,.1f} µs/eval")
    add("durable_rules / oracle (complaints)", f"{t_ce / t_co:.2f}x", "<= 2x", "met" if t_ce / t_co <= 2 else "not met")

    # 3. memory over many evaluations, in a child process of its own
    child = MILLION_CHILD.format(root=str(ROOT), bench=str(Path(__file__).resolve().parent), total=args.evals)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    marks = json.loads(out.stdout)
    grow = marks[-1] - marks[0]
    add(f"RSS over {args.evals:,} evaluations (every 10 %)", " → ".join(f"{m:.1f}" for m in marks) + " MB",
        "flat", "met" if grow < 5 else f"grew {grow:.1f} MB")
    add(f"  ({args.evals:,} evaluations took)", f"{time.perf_counter() - t:,.0f} s")

    # 3b. where the end-to-end time of one warranty record goes (what limits the records per second)
    sample = wlines[:2000]
    models = [VehicleHistory.model_validate_json(x) for x in sample]
    built = []
    for h in models:
        version, reg = select_version(h, None)
        if version:
            rs = compiled_warranty(version)
            built.append((h, reg, rs, wfacts.build(h, rs, load_warranty_rulebook().version(version).period_start)))
    stages = {
        "parse + validate": timed(lambda x: VehicleHistory.model_validate(json.loads(x)), sample) / len(sample),
        "facts": timed(lambda b: wfacts.build(b[0], b[2], load_warranty_rulebook().version(b[2].version)
                                              .period_start), built) / len(built),
        "rules (durable_rules)": timed(lambda b: evaluator_for(b[2]).evaluate(b[3].facts), built) / len(built),
        "decision (explanations, why-not, near limits)": timed(
            lambda b: _decide(b[0], b[1], b[2], b[3], evaluator_for(b[2]).evaluate(b[3].facts), "durable_rules",
                              False, None), built) / len(built),
    }
    stages["decision (explanations, why-not, near limits)"] -= stages["rules (durable_rules)"]
    decisions = [adjudicate_warranty(h) for h in models]
    stages["counterfactual re-runs (missing facts)"] = (
        timed(lambda h: adjudicate_warranty(h), models) - timed(lambda h: adjudicate_warranty(
            h, counterfactuals=False), models)) / len(models)
    stages["JSON line (pydantic serialiser, as batch writes it)"] = timed(lambda d: d.model_dump_json(),
                                                                         decisions) / len(decisions)
    total = sum(stages.values())
    for name, sec in stages.items():
        add(f"  per record: {name}", f"{sec * 1e6:,.0f} µs ({sec / total:.0%})")
    add("  per record: sum of stages", f"{total * 1e6:,.0f} µs = {1 / total:,.0f} records/s per core",
        "<= 200 µs", "met" if total <= 2e-4 else "not met")

    # 4. cost against history length: the cost added per visit stays the same (linear), whatever the length
    ms_at = {}
    for visits in (5, 50, 500):
        hs = [VehicleHistory.model_validate(h) for h in generate_histories(60 if visits < 500 else 12, seed=3,
                                                                             visits=visits)]
        tt = timed(lambda h: adjudicate_warranty(h, counterfactuals=False), hs, warmup=2)
        ms_at[visits] = tt / len(hs) * 1e3
        add(f"full decision, {visits} visits", f"{ms_at[visits]:,.2f} ms")
    low = (ms_at[50] - ms_at[5]) / 45
    high = (ms_at[500] - ms_at[50]) / 450
    add("marginal cost per visit, 50→500 vs 5→50", f"{high * 1e3:,.0f} vs {low * 1e3:,.0f} µs = {high / low:.2f}",
        "linear (≈1)", "met" if high / low < 1.5 else "not met")

    # 5. cold start
    example = ROOT / "examples" / "warranty" / "03_2021_brake_failure_day_20.json"
    cs = cold_start(example)
    add("cold start, adjudicator warranty check (best of 7, bytecode cached)", f"{cs * 1000:,.0f} ms",
        "< 300 ms", "met" if cs < 0.3 else "not met")

    width = max(len(r[0]) for r in rows)
    vw = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'figure':<{vw}}  {'target':<20}  verdict")
    for label, value, target, verdict in rows:
        print(f"{label:<{width}}  {value:<{vw}}  {target:<20}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
