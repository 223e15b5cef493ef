"""The cost of keeping the decision record, per decision, in batch.

    .venv/bin/python benchmarks/record_bench.py --n 2000 --workers 2

Prints (1) in one process: a decision's time, and the record's own work on it — making the entry (hashing the
input, serialising the parameters), the chain hash and the INSERT, one transaction per 32 — and the ratio;
(2) whole batch runs of the same records with and without --record (wall time; noisy on shared CPUs), best of
--repeat. Target: recording under 10 % of a decision's time.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import adjudicator as api  # noqa: E402
from adjudicator.io.records import Record  # noqa: E402
from adjudicator.warranty.synthetic import generate_histories  # noqa: E402

CHUNK = 32


def in_process(histories: list[dict], folder: Path) -> tuple[float, float, float]:
    """Seconds per decision: deciding (with its JSON), making entries, appending them to a fresh record."""
    texts = [json.dumps(h, ensure_ascii=False) for h in histories]
    for h in histories[:50]:
        api.adjudicate_warranty(h)                               # compile the rule sets first
    start = time.perf_counter()
    decided = []
    for text in texts:
        decision = api.adjudicate_warranty(api.history_from(json.loads(text), "bench"))
        decided.append((text, decision, decision.model_dump_json()))
    decide = time.perf_counter() - start
    start = time.perf_counter()
    entries = [api.batch_entry("warranty", "bench", text, None, d, {"evaluator": "durable_rules"}, js)
               for text, d, js in decided]
    make = time.perf_counter() - start
    with api.DecisionRecord(folder / "inproc.sqlite3") as kept:
        start = time.perf_counter()
        for i in range(0, len(entries), CHUNK):
            kept.append(entries[i:i + CHUNK])
        append = time.perf_counter() - start
    n = len(histories)
    return decide / n, make / n, append / n


def batch_run(histories: list[dict], workers: int, db: Path | None) -> float:
    records = [Record(i + 1, f"bench:{i + 1}", text=json.dumps(h, ensure_ascii=False), json_only=True)
               for i, h in enumerate(histories)]
    kept = api.DecisionRecord(db) if db else None
    start = time.perf_counter()
    result = api.run_batch(records, io.StringIO(), kind="warranty", workers=workers,
                           record=None if kept is None else (api.batch_entry, kept.append))
    took = time.perf_counter() - start
    if kept is not None:
        kept.close()
    assert result.records == len(histories)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    histories = list(generate_histories(args.n, args.seed))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        decide, make, append = in_process(histories, folder)
        print(f"in one process, {args.n} generated histories:")
        print(f"  decision (adjudicate + JSON)      {decide * 1e3:8.3f} ms")
        print(f"  record entry (worker side)        {make * 1e3:8.3f} ms  {make / decide:6.1%}")
        print(f"  chain hash + INSERT (parent side) {append * 1e3:8.3f} ms  {append / decide:6.1%}")
        print(f"  recording in all                  {(make + append) * 1e3:8.3f} ms  {(make + append) / decide:6.1%}"
              f"   (target < 10 %)")
        size = (folder / "inproc.sqlite3").stat().st_size
        print(f"  record file: {size / args.n / 1024:.1f} KiB per decision")
        plain = min(batch_run(histories, args.workers, None) for _ in range(args.repeat))
        kept = min(batch_run(histories, args.workers, folder / f"batch{i}.sqlite3") for i in range(args.repeat))
        print(f"batch, {args.workers} workers, best of {args.repeat}:")
        print(f"  without --record  {plain / args.n * 1e3:8.3f} ms per record")
        print(f"  with --record     {kept / args.n * 1e3:8.3f} ms per record  ({kept / plain - 1:+.1%})")


if __name__ == "__main__":
    main()
