"""How long one warranty decision takes when many repair items have an unknown cause (each is a counterfactual
re-run of the whole decision, within the per-decision budget `COUNTERFACTUAL_BUDGET_ITEMS`).

    .venv/bin/python benchmarks/unknown_causes.py [VISITS] [ITEMS_PER_VISIT]      # default 1000 × 10
"""
from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def history(visits: int, items: int) -> dict:
    base = json.loads((ROOT / "examples/warranty/01_2013_same_problem_six_repairs.json").read_text("utf-8"))
    start = date(2018, 5, 13)
    base["visits"] = [{
        "id": f"RO{v:06d}", "opened_at": f"{start + timedelta(days=v // 2)}T09:00",
        "closed_at": f"{start + timedelta(days=v // 2)}T10:00", "odometer_km": 10 + v,
        "items": [{"problem": f"part_{v % 40}_{i}", "description": "异响", "system": "transmission",
                   "action": "repair", "cause": "unknown"} for i in range(items)]} for v in range(visits)]
    base["claim"] = {"date": str(start + timedelta(days=visits // 2 + 1)), "odometer_km": 20 + visits}
    return base


def main() -> None:
    visits = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    items = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    import adjudicator as api

    data = history(visits, items)
    for evaluator in ("durable_rules", "python"):
        t0 = time.perf_counter()
        d = api.adjudicate_warranty(data, evaluator=evaluator)
        seconds = time.perf_counter() - t0
        computed = sum(1 for m in d.missing_facts if m.alternatives)
        print(f"{evaluator}: {visits} visits × {items} items with unknown causes: {seconds:.2f} s, "
              f"{len(d.missing_facts)} missing facts, {computed} with their alternative computed")


if __name__ == "__main__":
    main()
