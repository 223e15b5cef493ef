"""`warranty project`: the next remedy and until when, found by re-running the decision on projected histories."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import adjudicator as api
from adjudicator.commands.main import cli

ROOT = Path(__file__).resolve().parents[1]


def _history(repairs: int, open_repair: bool = False) -> dict:
    visits, day, km = [], date(2023, 6, 1), 12
    for i in range(repairs):
        km += 300
        visits.append({"id": f"RO-{i + 1}", "opened_at": day.isoformat(), "closed_at": (day + timedelta(days=2)).isoformat(),
                       "odometer_km": km, "items": [{"problem": "制动灯开关", "system": "brake", "action": "repair"}]})
        day += timedelta(days=10)
    if open_repair:
        visits.append({"id": "RO-OPEN", "opened_at": "2023-09-20", "closed_at": "2023-10-30", "odometer_km": 2000,
                       "items": [{"problem": "变速器阀体", "system": "transmission", "action": "repair"}]})
    return {"vehicle": {"vin": "LSVAU2180N2183294", "usage": "household"},
            "purchase": {"invoice_date": "2023-03-01", "price_yuan": 150000, "delivery_odometer_km": 12},
            "visits": visits, "claim": {"date": "2023-09-22", "odometer_km": 2100}}


def test_the_next_same_problem_threshold_is_the_rule_books_own() -> None:
    p = api.project_warranty(_history(3), daily_km=20)
    same = next(t for t in p.thresholds if "制动灯开关" in t.event.zh)
    assert same.count == 2 and same.rule_ids == ["w2021.same_problem_repeat"] and same.before == date(2025, 3, 1)
    assert "再修理 2 次同一质量问题「制动灯开关」 — 在 2025-03-01 前 — 即可要求更换或退货" in same.text.zh
    # the same history with those two repairs really gives the remedy, and one fewer does not
    for extra, expected in ((1, False), (2, True)):
        data = _history(3 + extra)
        data["claim"]["date"] = "2023-09-22"
        assert ("replace" in {r.code for r in api.adjudicate_warranty(data).remedies}) is expected


def test_periods_close_at_the_date_or_the_km_whichever_first() -> None:
    p = api.project_warranty(_history(1), daily_km=100)
    rp = next(x for x in p.periods if x.code == "return_period")
    assert rp.end_odometer_km == 50_012 and rp.km_reached_on == date(2023, 9, 22) + timedelta(days=479)
    assert rp.closes_on == rp.km_reached_on < rp.end_date


def test_an_open_repair_says_when_courtesy_and_replacement_fall_due() -> None:
    p = api.project_warranty(_history(3, open_repair=True))
    repair = p.open_repairs[0]
    assert repair.visit == "RO-OPEN" and repair.courtesy_from == date(2023, 9, 26)
    assert repair.replace_or_return_from is not None and repair.replace_or_return_from > repair.courtesy_from


@pytest.mark.parametrize("example", sorted((ROOT / "examples" / "warranty").glob("*.json")), ids=lambda p: p.stem)
def test_every_example_projects(example: Path) -> None:
    out = CliRunner().invoke(cli, ["warranty", "project", str(example), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["vin"]


def test_input_text_reaches_the_terminal_inert() -> None:
    data = _history(3)
    for v in data["visits"]:
        v["items"][0]["problem"] = "开关\x1b[2J\u202e"
    text = api.projection_text(api.project_warranty(data, daily_km=20), "zh")
    assert "\x1b" not in text and "\u202e" not in text and "\\x1b" in text
