"""A batch worker's memory over a long run: its RSS after 100,000 and 1,000,000 warranty records.

    .venv/bin/python benchmarks/worker_rss.py            # 100,000 and 1,000,000 records (about an hour)
    .venv/bin/python benchmarks/worker_rss.py --quick    # 50,000 and 100,000 records
    .venv/bin/python benchmarks/worker_rss.py --at 5000 50000

The worker is what `adjudicator batch` runs in each worker process (batch._init_worker, then batch.decide_record
on each record, the output line built and dropped), in a fresh subprocess of its own, on distinct generated
histories (history i depends only on the seed and i, so none repeats). The target is an RSS flat within 5 % from
the first checkpoint to the last: every cache on the decision path is bounded (core/caches.py). The fill of the
why-not text caches is printed with the RSS, to show what the bounds are reached at: they fill within the first
tens of thousands of records (at 10,000 they held 6,519 and 9,384 entries, at 100,000 their bounds), so the first
checkpoint must come after that (measured: 82.2 MB at 10,000, 111.0 MB at 100,000 as the caches filled; about
110.6 MB at 70,000).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cache_fill() -> str:
    """How full the why-not LRUs of the compiled warranty rule sets are (entries, hits, misses)."""
    import gc

    from adjudicator.core.rulebook import CompiledRuleset

    conditions, alternatives = [0, 0, 0], [0, 0, 0]
    for obj in gc.get_objects():
        if isinstance(obj, CompiledRuleset) and "_why_not_texts" in obj.__dict__:
            texts = obj.__dict__["_why_not_texts"]
            for total, info in ((conditions, texts.condition.cache_info()),
                                (alternatives, texts.alternatives.cache_info())):
                total[0] += info.currsize
                total[1] += info.hits
                total[2] += info.misses

    def shown(name: str, t: list[int]) -> str:
        return f"{name} {t[0]:,} entries, hit rate {t[1] / max(1, t[1] + t[2]):.1%}"

    return shown("condition texts", conditions) + " · " + shown("alternatives texts", alternatives)


def worker(at: list[int], seed: int) -> None:
    sys.path.insert(0, str(ROOT))
    from adjudicator import batch
    from adjudicator.io.records import Record
    from adjudicator.warranty.synthetic import generate_histories

    batch._init_worker("warranty", None, {}, "en")
    t0 = time.process_time()
    marks = iter(sorted(at))
    mark = next(marks)
    for i, history in enumerate(generate_histories(max(at), seed), start=1):
        text = json.dumps(history, ensure_ascii=False, default=str)
        batch.decide_record(Record(number=i, source=f"record {i}", text=text, json_only=True))
        if i == mark:
            print(json.dumps({"records": i, "rss_mb": rss_mb(), "cpu_s": time.process_time() - t0,
                              "caches": cache_fill()}), flush=True)
            mark = next(marks, None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="50,000 and 100,000 records")
    ap.add_argument("--at", type=int, nargs="+", help="the checkpoints (records decided)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    at = args.at or ([50_000, 100_000] if args.quick else [100_000, 1_000_000])
    if args.worker:
        return worker(at, args.seed)
    at = sorted(at)
    proc = subprocess.Popen([sys.executable, __file__, "--worker", "--seed", str(args.seed), "--at", *map(str, at)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout
    rows = []
    print("one warranty batch worker (durable_rules, counterfactuals on), distinct generated histories")
    for line in proc.stdout:
        row = json.loads(line)
        rows.append(row)
        print(f"  after {row['records']:>9,} records: RSS {row['rss_mb']:7.1f} MB  "
              f"({row['records'] / row['cpu_s']:.0f} records per CPU-second)  {row['caches']}", flush=True)
    if proc.wait() != 0 or len(rows) != len(at):
        raise SystemExit("the worker stopped before the last checkpoint")
    growth = rows[-1]["rss_mb"] / rows[0]["rss_mb"] - 1
    print(f"  growth from {rows[0]['records']:,} to {rows[-1]['records']:,} records: {growth:+.1%} "
          f"({'flat within 5 %' if abs(growth) <= 0.05 else 'NOT flat within 5 %'})")
    if abs(growth) > 0.05:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
