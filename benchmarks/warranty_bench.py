"""Warranty adjudication throughput: durable_rules path vs the python oracle, on generated histories.

    .venv/bin/python benchmarks/warranty_bench.py --n 10000 --seed 1

Prints a plain-text table: evaluations per second for full adjudication (both evaluators, counterfactuals off
and on), rules only on prebuilt facts (µs per evaluation and the ratio), parsing + facts alone; then time
against history length (5, 50, 500 visits) and peak RSS.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adjudicator.core.engine import evaluator_for  # noqa: E402
from adjudicator.core.oracle import PythonEvaluator  # noqa: E402
from adjudicator.io.files import parse_data  # noqa: E402
from adjudicator.warranty import facts as wfacts  # noqa: E402
from adjudicator.warranty.decide import adjudicate_warranty  # noqa: E402
from adjudicator.warranty.models import VehicleHistory  # noqa: E402
from adjudicator.warranty.rulebook import compiled_warranty, load_warranty_rulebook  # noqa: E402
from adjudicator.warranty.synthetic import generate_histories  # noqa: E402

VERSIONS = ("2013", "2021")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024      # kB on Linux


class Timing(float):
    """CPU seconds of this process (what the rates use: stable on a shared machine), with the wall seconds."""

    wall: float

    def __new__(cls, cpu: float, wall: float) -> Timing:
        obj = super().__new__(cls, cpu)
        obj.wall = wall
        return obj


def timed(fn: Callable[[Any], Any], items: Sequence[Any], warmup: int = 100) -> Timing:
    """fn over all items, after a short warm-up on the first few; like timeit, with the cyclic garbage
    collector paused while timing (its pauses depend on everything else the process holds)."""
    for x in items[:warmup]:
        fn(x)
    gc.collect()
    gc.disable()
    try:
        w, c = time.perf_counter(), time.process_time()
        for x in items:
            fn(x)
        return Timing(time.process_time() - c, time.perf_counter() - w)
    finally:
        gc.enable()


def facts_of(h: VehicleHistory) -> tuple[str, list]:
    book = load_warranty_rulebook()
    v = book.version_on(h.purchase.invoice_date)
    vid = v.id if v else "2013"                     # pre-2013 cars: evaluate the 2013 rules anyway
    return vid, wfacts.build(h, compiled_warranty(vid), book.version(vid).period_start).facts


def parse_and_facts(text: str) -> Any:
    h = VehicleHistory.model_validate(parse_data(text, "bench.json"))
    return facts_of(h)


def row(label: str, n: int, t: Timing, extra: str = "") -> str:
    rate = n / t if t else float("inf")
    return f"  {label:<52} {n:>7} {t.wall:>8.2f} {t:>8.2f} {rate:>11,.0f} {t / n * 1e6:>11,.1f}  {extra}".rstrip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="generated histories (default 10,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scaling", type=str, default="5,50,500", help="visits per history for the length table")
    args = ap.parse_args(argv)

    print("command: " + " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]))
    base_rss = rss_mb()
    print(f"machine: python {platform.python_version()} ({platform.python_implementation()}), "
          f"{os.cpu_count()} CPUs, {platform.machine()}, {platform.platform()}")
    print(f"         durable_rules {metadata.version('durable_rules')}, pydantic {metadata.version('pydantic')}; "
          f"single process, single thread; garbage collector paused while timing (as timeit does);\n"
          f"         rates and µs are per CPU second of this process (wall seconds shown too); "
          f"load average at start {os.getloadavg()[0]:.2f}")
    t0 = time.perf_counter()
    data = list(generate_histories(args.n, seed=args.seed))
    texts = [json.dumps(d, ensure_ascii=False) for d in data]
    gen_s = time.perf_counter() - t0
    models = [VehicleHistory.model_validate(d) for d in data]
    built = [facts_of(h) for h in models]
    visits = sum(len(h.visits) for h in models) / len(models)
    nfacts = sum(len(f) for _, f in built) / len(built)
    oracles = {v: PythonEvaluator(compiled_warranty(v)) for v in VERSIONS}
    engines = {v: evaluator_for(compiled_warranty(v)) for v in VERSIONS}
    firings = sum(len(oracles[v].evaluate(f)) for v, f in built) / len(built)
    workload_rss = rss_mb()
    print(f"workload: {args.n:,} histories, seed {args.seed} (generated in {gen_s:.1f} s); "
          f"{visits:.1f} visits, {nfacts:.1f} facts, {firings:.1f} firings per history on average")
    print()
    header = f"  {'measure':<52} {'n':>7} {'wall s':>8} {'CPU s':>8} {'per second':>11} {'µs each':>11}"
    print(header)
    print("  " + "-" * (len(header) - 2))

    for cf in (False, True):
        for ev in ("durable_rules", "python"):
            s = timed(lambda d, ev=ev, cf=cf: adjudicate_warranty(d, evaluator=ev, counterfactuals=cf), data)
            print(row(f"full adjudication, {ev}, counterfactuals {'on' if cf else 'off'}", len(data), s))
    s_engine = timed(lambda vf: engines[vf[0]].evaluate(vf[1]), built)
    s_oracle = timed(lambda vf: oracles[vf[0]].evaluate(vf[1]), built)
    print(row("rules only on prebuilt facts, durable_rules engine", len(built), s_engine))
    print(row("rules only on prebuilt facts, python oracle", len(built), s_oracle,
              f"engine/oracle time ratio {s_engine / s_oracle:.2f}x"))
    s_parse = timed(parse_and_facts, texts)
    print(row("parsing + facts (json text -> model -> facts)", len(texts), s_parse))
    s_model = timed(VehicleHistory.model_validate, data)
    print(row("  of which validation (dict -> model)", len(data), s_model))

    print()
    print("time against history length (ms of CPU per history; full adjudication with counterfactuals off)")
    h2 = f"  {'visits':>6} {'histories':>9} {'facts':>7} {'parse+facts':>12} {'engine':>9} {'oracle':>9}" \
         f" {'full, durable':>14} {'full, python':>13}"
    print(h2)
    print("  " + "-" * (len(h2) - 2))
    for k in (int(x) for x in args.scaling.split(",") if x.strip()):
        m = max(5, min(200, 20_000 // max(k, 1)))
        ds = list(generate_histories(m, seed=args.seed + k, visits=k))
        ts = [json.dumps(d, ensure_ascii=False) for d in ds]
        bs = [parse_and_facts(t) for t in ts]
        w = min(5, m)
        ms = [timed(parse_and_facts, ts, w),
              timed(lambda vf: engines[vf[0]].evaluate(vf[1]), bs, w),
              timed(lambda vf: oracles[vf[0]].evaluate(vf[1]), bs, w),
              timed(lambda d: adjudicate_warranty(d, counterfactuals=False), ds, w),
              timed(lambda d: adjudicate_warranty(d, evaluator="python", counterfactuals=False), ds, w)]
        per = [s / m * 1000 for s in ms]
        nf = sum(len(f) for _, f in bs) / m
        print(f"  {k:>6} {m:>9} {nf:>7.0f} {per[0]:>12.2f} {per[1]:>9.2f} {per[2]:>9.2f} {per[3]:>14.2f}"
              f" {per[4]:>13.2f}")

    print()
    print(f"memory: peak RSS {peak_rss_mb():.1f} MB; RSS {base_rss:.1f} MB after imports, {workload_rss:.1f} MB "
          f"once the {args.n:,} histories (dicts, JSON texts, models, facts) were built, {rss_mb():.1f} MB at the end")
    print(f"total wall time {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
