"""Writes the follow-up examples of this folder from the seeded generators (run from the repository root:
`python examples/followup/make_examples.py`); tests/test_followup_examples.py checks the files are what it writes.

- dealer_D01_2025-03.json: one dealer's CRM log of March 2025 (with February's deliveries as history);
- dealers_2025-02_03.csv: three dealers' event rows of February and March 2025, as a dealer system exports them;
- complaints_2025-02_03.jsonl: the same dealers' complaint cases of those months, as exported on 31 March.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEALERS = ["D01", "D02", "D03"]
SEED = 2025


def example_files() -> dict[str, str]:
    from adjudicator.followup.rows import COLUMNS, rows_of_log
    from adjudicator.followup.synthetic import generate_logs
    from adjudicator.reports.synthetic import dealer_complaints

    march = generate_logs(DEALERS, 2025, 3, SEED)
    february = generate_logs(DEALERS, 2025, 2, SEED + 1)
    rows = [r for log in february + march for r in rows_of_log(log) if r["at"] >= "2025-02-01"]
    rows.sort(key=lambda r: (r["dealer"], r["at"]))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    cases = dealer_complaints(DEALERS, date(2025, 2, 1), date(2025, 3, 31), 12, SEED)
    return {"dealer_D01_2025-03.json": json.dumps(march[0], ensure_ascii=False, indent=1) + "\n",
            "dealers_2025-02_03.csv": out.getvalue(),
            "complaints_2025-02_03.jsonl": "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)}


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[1]))
    for name, text in example_files().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote {name}")
