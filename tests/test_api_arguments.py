"""The public API checks its arguments: a wrong one is an InputError naming it, in zh and en."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import adjudicator as api

ROOT = Path(__file__).resolve().parents[1]
CAR = json.loads((ROOT / "examples/warranty/03_2021_brake_failure_day_20.json").read_text(encoding="utf-8"))
CASE = json.loads((ROOT / "examples/complaints/escalation_overdue.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kwargs, field, words", [
    ({"regulation": "2020"}, "regulation", "'2020' is not one of 2013, 2021"),
    ({"as_of": "2023-13-01"}, "as_of", "not a date (expected YYYY-MM-DD)"),
    ({"as_of": 20230501}, "as_of", "not a date"),
    ({"evaluator": "x"}, "evaluator", "'x' is not one of durable_rules, python"),
])
def test_warranty_arguments(kwargs, field, words) -> None:
    with pytest.raises(api.InputError) as caught:
        api.adjudicate_warranty(CAR, **kwargs)
    assert caught.value.field == field and words in str(caught.value)
    assert "不" in caught.value.text("zh")


def test_a_date_text_is_a_date_and_a_bad_history_an_input_error() -> None:
    assert api.adjudicate_warranty(CAR, as_of="2023-05-01").as_of == date(2023, 5, 1)
    with pytest.raises(api.InputError, match="history"):
        api.adjudicate_warranty(["not", "a", "history"])
    with pytest.raises(api.InputError, match="claim"):
        api.adjudicate_warranty({k: v for k, v in CAR.items() if k != "claim"})


def test_complaint_arguments() -> None:
    with pytest.raises(api.InputError, match="evaluator"):
        api.check_complaint(CASE, evaluator="x")
    with pytest.raises(api.InputError, match="as_of"):
        api.check_complaint(CASE, as_of="yesterday")
    end_of_day = api.check_complaint(CASE, as_of="2025-11-20")
    assert end_of_day.as_of.isoformat() == "2025-11-20T23:59:59+08:00"


def test_the_package_is_typed() -> None:
    assert (ROOT / "adjudicator" / "py.typed").exists()
    assert api.load_complaint is not None and callable(api.run_batch)
