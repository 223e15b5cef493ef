"""Full warranty decisions per CPU-second: this tree against a kept reference, with byte-identical output.

    .venv/bin/python benchmarks/decision_speed.py            # 20,000 generated histories and every example
    .venv/bin/python benchmarks/decision_speed.py --quick    # 2,000 histories
    .venv/bin/python benchmarks/decision_speed.py --ref <commit>

A full decision is what a batch worker does with one record: the JSON text parsed, validated, decided (durable_rules,
counterfactuals on) and the decision serialised to its JSON line. The reference tree (`--ref`, by default the commit
before the decision path was tuned) is unpacked with `git archive` into a temporary folder; each tree runs in its own
subprocess (the two cannot share one: they are the same package), both on the same histories, which this tree
generates. The two run the histories in alternating chunks, so that a change of the shared machine's load falls on
both alike; the figure is CPU seconds of each subprocess, and the ratio is what counts.

Every decision's JSON bytes are compared (by SHA-256) between the trees, on the generated histories and on every
file in examples/warranty/ (also through the `--format json` renderer). The floor is the least that gives the same
remedies in this tree: validation, facts and the plain-Python oracle, no explanations (`remedy_keys`); and the rules
alone on prebuilt facts. The distance to the floor is the full decision's CPU time over the floor's.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "39ce68d"       # the why-not of an `or` (issue 11), before the decision path was tuned (issue 14)
CHUNK = 250


def worker(tree: str) -> None:
    """One tree's side: read commands on stdin, answer on stdout (one JSON line each)."""
    sys.path.insert(0, tree)
    os.environ["ADJUDICATOR_RULES"] = str(Path(tree) / "rules")
    import adjudicator
    from adjudicator.io.files import parse_data, validate
    from adjudicator.warranty.decide import adjudicate_warranty
    from adjudicator.warranty.models import VehicleHistory
    from adjudicator.warranty.render import to_json

    if not Path(adjudicator.__file__).resolve().is_relative_to(Path(tree).resolve()):
        raise SystemExit(f"{tree}: imported {adjudicator.__file__} instead")

    def decided(text: str) -> bytes:
        history = validate(VehicleHistory, parse_data(text, "record"), "record")
        return adjudicate_warranty(history).model_dump_json().encode()

    texts: list[str] = []
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["do"] == "load":
            texts = Path(cmd["file"]).read_text(encoding="utf-8").splitlines()
            answer: dict[str, object] = {"n": len(texts)}
        elif cmd["do"] == "run":
            chunk = texts[cmd["start"]:cmd["end"]]
            t0 = time.process_time()
            digests = [hashlib.sha256(decided(t)).hexdigest() for t in chunk]
            answer = {"cpu": time.process_time() - t0, "digests": digests}
        elif cmd["do"] == "examples":
            answer = {}
            for path in sorted(Path(tree, "examples", "warranty").glob("*.json")):
                d = adjudicate_warranty(json.loads(path.read_text(encoding="utf-8")))
                answer[path.name] = [hashlib.sha256(d.model_dump_json().encode()).hexdigest(),
                                     hashlib.sha256(to_json(d).encode()).hexdigest()]
        elif cmd["do"] == "floor":
            answer = floor(texts[cmd["start"]:cmd["end"]])
        else:
            break
        print(json.dumps(answer), flush=True)


def floor(texts: list[str]) -> dict[str, object]:
    """CPU µs per record of the remedies alone (this tree): with validation and facts, and rules only."""
    from adjudicator.core.oracle import PythonEvaluator
    from adjudicator.io.files import parse_data, validate
    from adjudicator.warranty.decide import remedy_keys, rules_and_facts
    from adjudicator.warranty.models import VehicleHistory

    histories = [validate(VehicleHistory, parse_data(t, "record"), "record") for t in texts]
    t0 = time.process_time()
    for t in texts:
        remedy_keys(validate(VehicleHistory, parse_data(t, "record"), "record"), None, "python", None)
    remedies_us = (time.process_time() - t0) / len(texts) * 1e6
    prepared = []
    for h in histories:
        found = rules_and_facts(h)
        if found is not None:
            prepared.append((PythonEvaluator(found[0]), found[1].facts))
    t0 = time.process_time()
    for oracle, facts in prepared:
        oracle.evaluate(facts)
    rules_us = (time.process_time() - t0) / max(1, len(prepared)) * 1e6
    return {"remedies_us": remedies_us, "rules_us": rules_us}


class Side:
    def __init__(self, name: str, tree: Path):
        self.name, self.cpu, self.digests = name, 0.0, []
        self.proc = subprocess.Popen([sys.executable, __file__, "--worker", str(tree)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=tree)

    def ask(self, **cmd: object) -> dict:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the worker stopped")
        return json.loads(line)

    def close(self) -> None:
        self.ask_quit()

    def ask_quit(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.write(json.dumps({"do": "quit"}) + "\n")
        self.proc.stdin.close()
        self.proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="generated histories (default 20,000)")
    ap.add_argument("--quick", action="store_true", help="2,000 histories")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--ref", default=REFERENCE, help=f"the reference commit (default {REFERENCE})")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args.worker)
    n = 2_000 if args.quick else args.n
    sys.path.insert(0, str(ROOT))
    from adjudicator.warranty.synthetic import generate_histories

    with tempfile.TemporaryDirectory(prefix="decision-speed-") as tmp:
        ref_tree = Path(tmp, "reference")
        ref_tree.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.ref], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(ref_tree, filter="tar")
        histories = Path(tmp, "histories.jsonl")
        histories.write_text("".join(json.dumps(h, ensure_ascii=False, default=str) + "\n"
                                     for h in generate_histories(n, args.seed)), encoding="utf-8")
        sides = [Side("reference", ref_tree), Side("this tree", ROOT)]
        for side in sides:
            side.ask(do="load", file=str(histories))
            side.ask(do="run", start=0, end=min(n, 100))      # warm up: rule sets compiled, modules imported
        for start in range(0, n, CHUNK):
            for side in sides if (start // CHUNK) % 2 == 0 else reversed(sides):
                answer = side.ask(do="run", start=start, end=min(n, start + CHUNK))
                side.cpu += answer["cpu"]
                side.digests.extend(answer["digests"])
        examples = [side.ask(do="examples") for side in sides]
        floors = sides[1].ask(do="floor", start=0, end=min(n, 2_000))
        for side in sides:
            side.close()
    ref, this = sides
    differing = [i for i, (a, b) in enumerate(zip(ref.digests, this.digests, strict=True)) if a != b]
    print(f"reference {args.ref} vs this tree, {n:,} generated histories (seed {args.seed}), durable_rules, "
          f"counterfactuals on, chunks of {CHUNK} interleaved")
    for side in sides:
        print(f"  {side.name:10} {n / side.cpu:8.0f} full decisions per CPU-second  ({side.cpu / n * 1e6:6.0f} µs each)")
    print(f"  ratio      {ref.cpu / this.cpu:8.2f}×")
    print(f"  identical JSON bytes: {n - len(differing):,} of {n:,} histories"
          + (f" (first differing: history {differing[0]})" if differing else ""))
    same_examples = [name for name in examples[0] if examples[0][name] == examples[1].get(name)]
    print(f"  identical examples (model_dump_json and --format json): {len(same_examples)} of {len(examples[0])}")
    full_us = this.cpu / n * 1e6
    print(f"floor (this tree, {min(n, 2_000):,} histories): remedies only (validate, facts, python oracle) "
          f"{floors['remedies_us']:.0f} µs · rules alone on prebuilt facts {floors['rules_us']:.0f} µs")
    print(f"  distance: a full decision costs {full_us / floors['remedies_us']:.1f}× the remedies-only floor, "
          f"{full_us / floors['rules_us']:.0f}× the rules alone")
    if differing or len(same_examples) != len(examples[0]):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
