"""decision.request: the consumer's request answered first, in the API, the JSON and the table."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt

import adjudicator as api
from adjudicator.commands.main import cli

ROOT = Path(__file__).resolve().parents[1]


def history(repairs: int, request: str | None = "return", *, invoice: str = "2023-03-01", claim: str = "2023-09-26",
            available: bool | None = None) -> dict:
    visits, day, km = [], date(2023, 6, 1), 12
    for i in range(repairs):
        km += 300
        visits.append({"id": f"RO-{i + 1}", "opened_at": day.isoformat(), "closed_at": (day + timedelta(days=1)).isoformat(),
                       "odometer_km": km, "items": [{"problem": "制动灯开关", "system": "brake", "action": "repair"}]})
        day += timedelta(days=10)
    data = {"vehicle": {"vin": "LSVAU2180N2183294", "usage": "household"},
            "purchase": {"invoice_date": invoice, "price_yuan": 150000, "delivery_odometer_km": 12},
            "visits": visits, "claim": {"date": claim, "odometer_km": 12012}}
    if request:
        data["claim"] |= {"request": request, "requested_on": "2023-09-25"}
    if available is not None:
        data["claim"]["replacement_vehicle_available"] = available
    return data


def test_granted_names_its_grounds_and_the_choices() -> None:
    r = api.adjudicate_warranty(history(5)).request
    assert r.verdict == "granted" and r.kind == "return"
    assert [g.rule_id for g in r.grounds] == ["w2021.same_problem_repeat"]
    assert r.instead == ["replace", "free_repair"]
    assert r.headline.zh.startswith("请求退货（2023-09-25）：成立。可选择：更换或退货（由消费者选择）")
    assert "Request for return (2023-09-25): granted." in r.headline.en


def test_refused_as_asked_gives_the_closest_failed_rule_in_words() -> None:
    r = api.adjudicate_warranty(history(4)).request
    assert r.verdict == "other_remedy" and r.instead == ["free_repair"]
    assert r.failed[0].rule_id == "w2021.same_problem_repeat"
    assert "同一质量问题修理次数：实际 4" in r.reason.zh and "4" in r.reason.en


def test_undetermined_names_the_fact_and_every_computed_outcome() -> None:
    d = api.adjudicate_warranty(history(5, "replace"))
    r = d.request
    assert r.verdict == "undetermined" and r.hinges_on == ["claim.replacement_vehicle_available"]
    alt = next(m for m in d.missing_facts if m.field == "claim.replacement_vehicle_available").alternatives[0]
    assert alt.value is False and alt.verdict == "other_remedy" and "replace" not in alt.remedies
    assert "若为否：不成立，但有其他救济" in r.reason.zh


def test_no_car_means_no_replacement_only_the_return() -> None:
    d = api.adjudicate_warranty(history(5, "replace", available=False))
    assert {x.code for x in d.remedies} >= {"return"} and "replace" not in {x.code for x in d.remedies}
    assert d.request.verdict == "other_remedy" and "return" in d.request.instead
    assert any(a.code == "no_car_no_replacement" for a in d.assumptions)


def test_without_a_request_the_headline_gives_the_strongest_remedy_or_why_none() -> None:
    r = api.adjudicate_warranty(history(5, None)).request
    assert r.verdict == "no_request" and r.headline.zh.startswith("现可选择：更换或退货")
    late = history(0, None, invoice="2019-03-01", claim="2023-09-26")
    r = api.adjudicate_warranty(late).request
    assert r.headline.zh.startswith("无三包救济：包修期已于 2022-03-01")
    assert "The repair warranty ended on 2022-03-01" in r.headline.en


def test_outside_the_regulation_the_request_is_refused_with_its_reason() -> None:
    data = json.loads((ROOT / "examples/warranty/06_2021_ride_hailing_out_of_scope.json").read_text(encoding="utf-8"))
    r = api.adjudicate_warranty(data).request
    assert r.verdict == "refused" and "营运" in r.reason.zh and r.headline.zh.startswith("请求退货：不成立。")


def test_table_markdown_and_json_open_with_the_answer(tmp_path: Path) -> None:
    path = tmp_path / "car.json"
    path.write_text(json.dumps(history(5), ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(cli, ["warranty", "check", str(path), "--lang", "zh"]).output.splitlines()
    assert table[2].startswith("请求退货（2023-09-25）：成立。")
    md = runner.invoke(cli, ["warranty", "check", str(path), "--format", "markdown", "--lang", "en"]).output
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    assert tokens[0].tag == "h1" and tokens[3].type == "paragraph_open"
    assert tokens[4].content.startswith("**Request for return (2023-09-25): granted.")
    data = json.loads(runner.invoke(cli, ["warranty", "check", str(path), "--format", "json"]).output)
    # the shape's version first, then the case and the answer
    assert list(data)[:5] == ["format_version", "vin", "as_of", "regulation", "in_scope"]
    assert data["request"]["verdict"] == "granted"
    rows = [line for line in table if line.startswith("│ 更换或退货")]
    assert len(rows) == 1, "replace and return that share their grounds are one row"
