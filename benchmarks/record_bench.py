"""The cost of keeping the decision record, per decision, in batch.

    .venv/bin/python benchmarks/record_bench.py --n 2000 --workers 2

Prints (1) in one process, in interleaved rounds (best of --repeat; the machine's load moves every figure): a
decision's time (adjudicate + its JSON as UTF-8 bytes, as a batch worker makes it for its line) and the record's
own work on it -- making the entry in the worker from those bytes (the two sha256, LZ4, the small fields), its
parts, what encoding the JSON text again would add (as the worker did before), and the writing parent's chain
hash + INSERT + seal, in transactions of batch.RECORD_CHUNK entries and of the size a batch run really makes
(its seals' average) and of the two it made before it stored in chunks -- each as microseconds and as a
share of today's decision and of one four times faster; (2) whole batch runs with and without --record,
interleaved, best of --repeat, the entries per transaction they made, and the parent's CPU time per record
with and without (the one process the workers cannot share; its CPU time moves less with the load than the
runs' time). Target: recording (entry + chain hash +
insert) under 10 % of a decision's time.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import resource
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import adjudicator as api  # noqa: E402
from adjudicator.batch import RECORD_CHUNK, json_bytes  # noqa: E402
from adjudicator.io.records import Record  # noqa: E402
from adjudicator.record.packing import pack  # noqa: E402
from adjudicator.warranty.synthetic import generate_histories  # noqa: E402

FASTER = 4                    # the decision speed-up the target is checked against as well
STORED_BEFORE = 2             # entries a transaction when batch stored each group of lines as soon as in order


def per_item(work: Callable[[Any], Any], items: list[Any]) -> float:
    """Seconds per item of `work` over `items`."""
    start = time.perf_counter()
    for item in items:
        work(item)
    return (time.perf_counter() - start) / len(items)


def decide(text: str) -> tuple[Any, bytes]:
    """A decision and its JSON, as a batch worker makes them (the UTF-8 bytes its line and its entry share)."""
    decision = api.adjudicate_warranty(api.history_from(json.loads(text), "bench"))
    return decision, json_bytes(decision)


def append_cost(entries: list[Any], path: Path, size: int) -> float:
    """Seconds per entry of appending `entries` in transactions of `size` to a fresh record."""
    with api.DecisionRecord(path) as kept:
        start = time.perf_counter()
        for i in range(0, len(entries), size):
            kept.append(entries[i:i + size])
        return (time.perf_counter() - start) / len(entries)


def in_process(texts: list[str], folder: Path, repeat: int, batch_size: int) -> dict[str, float]:
    """Best of `repeat` interleaved rounds, seconds per decision."""
    for text in texts[:50]:
        decide(text)                                               # compile the rule sets first
    decided = [(text, *decide(text)) for text in texts]
    raw = [js for _, _, js in decided]
    as_text = [js.decode("utf-8") for js in raw]                   # what the worker used to encode once more
    # A worker holds one decision at a time; here thousands are alive, and the collector would walk them all
    # while timing whatever allocates next. They are set aside, so the figures are of the work itself.
    gc.collect()
    gc.freeze()
    options = {"evaluator": "durable_rules"}
    best: dict[str, float] = {}
    for round_ in range(repeat):
        figures = {
            "decision": per_item(decide, texts),
            "entry": per_item(lambda d: api.batch_entry("warranty", "bench", d[0], None, d[1], options, d[2]),
                              decided),
            "encode": per_item(lambda text: text.encode("utf-8", "surrogatepass"), as_text),
            "sha256": per_item(lambda b: hashlib.sha256(b).hexdigest(), raw),
            "lz4": per_item(pack, raw),
            "zlib1": per_item(lambda b: zlib.compress(b, 1), raw),
        }
        entries = [api.batch_entry("warranty", "bench", t, None, d, options, js) for t, d, js in decided]
        figures["append32"] = append_cost(entries, folder / f"chunks{round_}.sqlite3", RECORD_CHUNK)
        figures["append_batch"] = append_cost(entries, folder / f"batchsized{round_}.sqlite3", batch_size)
        figures["append_before"] = append_cost(entries, folder / f"before{round_}.sqlite3", STORED_BEFORE)
        for key, value in figures.items():
            best[key] = min(best.get(key, value), value)
    gc.unfreeze()
    best["file_bytes"] = (folder / "chunks0.sqlite3").stat().st_size / len(texts)
    best["lz4_bytes"] = sum(len(pack(b)) for b in raw) / len(raw)
    best["zlib1_bytes"] = sum(len(zlib.compress(b, 1)) for b in raw) / len(raw)
    best["json_bytes"] = sum(map(len, raw)) / len(raw)
    return best


def parent_cpu() -> float:
    """CPU seconds of this process so far (the batch parent; its workers are the fork server's children)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def batch_run(texts: list[str], workers: int, db: Path | None) -> tuple[float, float, float]:
    """Seconds of one batch run, the parent's CPU seconds in it, and the entries per transaction it made (0
    without a record). The parent's CPU time moves far less with the machine's load than the run's time."""
    records = [Record(i + 1, f"bench:{i + 1}", text=text, json_only=True) for i, text in enumerate(texts)]
    kept = api.DecisionRecord(db) if db else None
    start, cpu = time.perf_counter(), parent_cpu()
    result = api.run_batch(records, io.StringIO(), kind="warranty", workers=workers,
                           record=None if kept is None else (api.batch_entry, kept.append))
    took, cpu = time.perf_counter() - start, parent_cpu() - cpu
    if kept is not None:
        kept.close()
    assert result.records == len(texts)
    if db is None:
        return took, cpu, 0.0
    with sqlite3.connect(db) as kept_db:
        per_seal = kept_db.execute("SELECT avg(entries) FROM seals").fetchone()[0]
    return took, cpu, per_seal


def share(part: float, whole: float) -> str:
    return f"{part / whole:6.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [json.dumps(h, ensure_ascii=False) for h in generate_histories(args.n, args.seed)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain, kept, plain_cpu, kept_cpu, per_seal = [], [], [], [], []
        for i in range(args.repeat):                              # interleaved: the load moves between runs
            took, cpu, _ = batch_run(texts, args.workers, None)
            plain.append(took)
            plain_cpu.append(cpu)
            took, cpu, size = batch_run(texts, args.workers, folder / f"batch{i}.sqlite3")
            kept.append(took)
            kept_cpu.append(cpu)
            per_seal.append(size)
        batch_size = max(1, round(sum(per_seal) / len(per_seal)))
        f = in_process(texts, folder, args.repeat, batch_size)
    decision, faster = f["decision"], f["decision"] / FASTER
    worker = f["entry"]
    print(f"in one process, {args.n} generated histories, best of {args.repeat} interleaved rounds:")
    print(f"  decision (adjudicate + JSON)            {decision * 1e6:8.1f} µs"
          f"   (four times faster: {faster * 1e6:.1f} µs)")
    print(f"{'':42s}{'µs':>8s}  {'of today':>8s}  {'of 4x':>8s}")

    def line(label: str, seconds: float) -> None:
        print(f"  {label:40s}{seconds * 1e6:8.1f}  {share(seconds, decision):>8s}  {share(seconds, faster):>8s}")

    line("record entry (worker side)", worker)
    line("  of which: sha256 of the decision JSON", f["sha256"])
    line("            LZ4 of it", f["lz4"])
    line("            (zlib level 1 instead)", f["zlib1"])
    line("            (encoding it again: no longer)", f["encode"])
    line(f"chain hash + INSERT, {RECORD_CHUNK} a transaction", f["append32"])
    line(f"chain hash + INSERT, {batch_size} a transaction", f["append_batch"])
    line(f"recording in all ({RECORD_CHUNK} a transaction)", worker + f["append32"])
    line(f"recording in all ({batch_size} a transaction, as batch)", worker + f["append_batch"])
    line(f"  (chain hash + INSERT, {STORED_BEFORE} a transaction: before)", f["append_before"])
    line(f"  (recording in all, {STORED_BEFORE} a transaction, encoded again)",
         worker + f["encode"] + f["append_before"])
    print("  target: recording under 10 % of a decision")
    print(f"  decision JSON {f['json_bytes'] / 1024:.1f} KiB: LZ4 {f['lz4_bytes'] / 1024:.1f} KiB, "
          f"zlib level 1 {f['zlib1_bytes'] / 1024:.1f} KiB; record file {f['file_bytes'] / 1024:.1f} KiB per decision")
    best_plain, best_kept = min(plain), min(kept)
    print(f"batch, {args.workers} workers, best of {args.repeat} interleaved runs "
          f"({sum(per_seal) / len(per_seal):.1f} entries a transaction):")
    print(f"  without --record  {best_plain / args.n * 1e6:8.1f} µs per record")
    print(f"  with --record     {best_kept / args.n * 1e6:8.1f} µs per record  ({best_kept / best_plain - 1:+.1%})")
    extra = (min(kept_cpu) - min(plain_cpu)) / args.n
    print(f"  the parent's CPU: {min(plain_cpu) / args.n * 1e6:.1f} µs per record without --record, "
          f"{min(kept_cpu) / args.n * 1e6:.1f} with: +{extra * 1e6:.1f} µs = {share(extra, decision).strip()} "
          f"of the decision above")


if __name__ == "__main__":
    main()
