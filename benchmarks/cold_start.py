"""Cold start of the command line: best of 7 wall times of `adjudicator warranty check FILE` (JSON and table), and
where the import time goes.

    .venv/bin/python benchmarks/cold_start.py                 # best of 7, both formats, import breakdown top 10
    .venv/bin/python benchmarks/cold_start.py --runs 15
    .venv/bin/python benchmarks/cold_start.py --against main     # also a git ref's code, run by run: the ratio

Target (issue 14): JSON output under 300 ms, best of 7, on an idle machine. Each run is a fresh interpreter, as a
user's shell starts it; the formats are interleaved run by run, so that a change of load hits both alike. The
compiled rule book cache (docs/performance.md) is warmed by one run first, as every run after the first finds it.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from code_refs import checkout

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "warranty" / "01_2013_same_problem_six_repairs.json"
TARGET_MS = 300


def command(fmt: str) -> list[str]:
    return [sys.executable, "-m", "adjudicator", "warranty", "check", str(EXAMPLE), "--format", fmt]


def run_ms(argv: list[str], code: Path | None = None) -> tuple[float, float]:
    """One run's wall time and CPU time (user + system of the child: less moved by other load on a shared
    machine); `code`: a folder holding another copy of the package, found first on the path."""
    env = {**os.environ, "ADJUDICATOR_RECORD": "0"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env, cwd=code or ROOT)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def import_breakdown(top: int) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, module) of the slowest imports of one JSON run, from `python -X importtime`."""
    argv = command("json")
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], check=True, capture_output=True, text=True,
                          env={**os.environ, "ADJUDICATOR_RECORD": "0"})
    rows = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (.*)$", line)
        if m:
            rows.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return sorted(rows, key=lambda r: -r[0])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", metavar="REF", help="also time this git ref's code, interleaved")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        codes: dict[str, Path | None] = {"this tree": None}
        if args.against:
            codes[args.against] = checkout(args.against, Path(tmp))
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for label, code in codes.items():
            run_ms(command("json"), code)          # warms the rule book cache and the .pyc files
            for fmt in ("json", "table"):
                times[label, fmt] = []
        for _ in range(args.runs):
            for (label, fmt), values in times.items():
                values.append(run_ms(command(fmt), codes[label]))
    print(f"cold start of `adjudicator warranty check {EXAMPLE.name}`, best of {args.runs}, ms "
          f"(wall: best, median; CPU: best):")
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in times.items()}
    for (label, fmt), values in times.items():
        walls = sorted(w for w, _ in values)
        ratio = ""
        if label != "this tree":
            mine = best["this tree", fmt]
            ratio = (f"   this tree / {label}: wall {mine[0] / best[label, fmt][0]:.2f}, "
                     f"CPU {mine[1] / best[label, fmt][1]:.2f}")
        print(f"  {label:<10} --format {fmt:<6} wall {walls[0]:6.0f} {walls[len(walls) // 2]:6.0f}   "
              f"CPU {best[label, fmt][1]:6.0f}{ratio}")
    json_best = best["this tree", "json"][0]
    verdict = "meets" if json_best < TARGET_MS else "misses"
    print(f"  target: JSON under {TARGET_MS} ms best of 7 on an idle machine -> {verdict} it here "
          f"(load average now {os.getloadavg()[0]:.1f})")
    floor = min(run_ms([sys.executable, "-c", "pass"])[0] for _ in range(args.runs))
    print(f"  the interpreter alone (python -c pass): {floor:.0f} ms")
    print("\nslowest imports of one JSON run (self time, with what they import, µs):")
    for own, cumulative, name in import_breakdown(10):
        print(f"  {own:8d} {cumulative:9d}  {name.strip()}")


if __name__ == "__main__":
    main()
