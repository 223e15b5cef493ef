"""One batch worker against two: records per second, the ratio, and what the parent process spends per record.

    .venv/bin/python benchmarks/batch_scaling.py                  # 3,000 generated histories, 3 rounds
    .venv/bin/python benchmarks/batch_scaling.py --quick          # 600 histories, 2 rounds
    .venv/bin/python benchmarks/batch_scaling.py --against main   # also a git ref's code, interleaved: the ratio

Target (issue 14): two workers give at least 1.8x one worker on an idle machine. Each configuration runs in a
fresh process (`run_batch` over a JSONL file into an output file, as `adjudicator batch -o` writes it);
configurations are interleaved round by round and the best round of each is reported, so that a change of load on
a shared machine hits them alike. The parent's CPU per record is the cost the workers cannot share: when it
approaches a worker's cost per record divided by the number of workers, adding workers stops helping.
Every configuration's output is checked to be the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from code_refs import checkout

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.8

CHILD = """
import json, resource, sys, time
from adjudicator.batch import records_of, run_batch
from adjudicator.io.output import OutputFile
source, output, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
sink = OutputFile(output)
start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
result = run_batch(records_of(source, "warranty"), sink, kind="warranty", workers=workers)
sink.close()
wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
print(json.dumps({"records": result.records, "wall": wall, "parent_cpu": cpu}))
"""


def run_once(code: Path, source: Path, output: Path, workers: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(source), str(output), str(workers)], check=True,
                          capture_output=True, text=True, env=env, cwd=code)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=3000, help="generated histories")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--against", metavar="REF", help="also run this git ref's code, interleaved")
    parser.add_argument("--quick", action="store_true", help="600 histories, 2 rounds")
    args = parser.parse_args()
    if args.quick:
        args.n, args.rounds = 600, 2
    sys.path.insert(0, str(ROOT))
    from adjudicator.warranty.synthetic import generate_histories

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "histories.jsonl"
        source.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n"
                                  for h in generate_histories(args.n, seed=args.seed)), encoding="utf-8")
        codes = {"this tree": ROOT}
        if args.against:
            (tmp / "ref").mkdir()
            codes[args.against] = checkout(args.against, tmp / "ref")
        best: dict[tuple[str, int], dict[str, float]] = {}
        digests: dict[tuple[str, int], str] = {}
        for _ in range(args.rounds):
            for label, code in codes.items():
                for workers in (1, 2):
                    output = tmp / f"out-{len(digests)}.jsonl"
                    figures = run_once(code, source, output, workers)
                    assert figures["records"] == args.n, figures
                    digests[label, workers] = hashlib.sha256(output.read_bytes()).hexdigest()
                    output.unlink()
                    if (label, workers) not in best or figures["wall"] < best[label, workers]["wall"]:
                        best[label, workers] = figures
    print(f"batch of {args.n:,} generated warranty histories, best of {args.rounds} rounds "
          f"(load average now {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs):")
    for (label, workers), figures in best.items():
        rate = figures["records"] / figures["wall"]
        parent_us = figures["parent_cpu"] / figures["records"] * 1e6
        print(f"  {label:<10} {workers} worker(s): {rate:8,.0f} records/s   parent CPU {parent_us:6.0f} µs/record")
    for label in codes:
        ratio = best[label, 1]["wall"] / best[label, 2]["wall"]
        print(f"  {label:<10} 2 workers / 1 worker: {ratio:.2f}x (target >= {TARGET_RATIO}x on an idle machine)")
    if args.against:
        for workers in (1, 2):
            speedup = best[args.against, workers]["wall"] / best["this tree", workers]["wall"]
            print(f"  this tree / {args.against}, {workers} worker(s): {speedup:.2f}x records/s")
    for label in codes:     # one worker or two must give the same bytes; two versions of the code need not
        same = digests[label, 1] == digests[label, 2]
        print(f"  {label:<10} output identical with 1 and 2 workers: {'yes' if same else 'NO'}")
    if args.against:
        same = digests["this tree", 1] == digests[args.against, 1]
        print(f"  output identical to {args.against}'s: {'yes' if same else 'no (the decisions changed between them)'}")


if __name__ == "__main__":
    main()
