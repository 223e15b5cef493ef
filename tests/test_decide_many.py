"""adjudicator.decide_many: one result per record, lazily, in input order; bad records are error results, wrong
arguments an InputError at the call."""
from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import adjudicator
from adjudicator import InputError, decide_many

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def histories() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((EXAMPLES / "warranty").glob("*.json"))[:3]]


def counting(items: list) -> tuple[Iterator, list[int]]:
    """The items one at a time, counting how many have been taken."""
    taken = [0]

    def gen() -> Iterator:
        for item in items:
            taken[0] += 1
            yield item

    return gen(), taken


def test_results_come_one_at_a_time_in_input_order():
    cars = histories()
    records, taken = counting(cars)
    results = decide_many(records)
    assert taken[0] == 0                              # nothing read before the first result is asked for
    first = next(results)
    assert taken[0] == 1 and first.record == 1 and first.ok
    assert first.decision.vin == cars[0]["vehicle"]["vin"]
    rest = list(results)
    assert [r.record for r in rest] == [2, 3]
    assert [r.decision.vin for r in rest] == [c["vehicle"]["vin"] for c in cars[1:]]
    assert first.decision == adjudicator.adjudicate_warranty(cars[0])


def test_a_bad_record_is_an_error_result_and_the_others_are_decided():
    good = histories()[0]
    bad = copy.deepcopy(good)
    bad["purchase"]["price_yuan"] = "abc"
    results = list(decide_many([good, bad, 42, good]))
    assert [r.ok for r in results] == [True, False, False, True]
    error = results[1].error
    assert isinstance(error, InputError) and error.source == "records[1]" and error.field == "purchase.price_yuan"
    assert "'abc'" in error.text("zh") and "应为数字" in error.text("zh")
    assert "expected a number" in error.text("en")
    assert results[2].error.source == "records[2]" and results[2].decision is None


def test_records_of_a_file_keep_their_source(tmp_path):
    cars = histories()
    path = tmp_path / "cars.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in cars) + "\n{not json\n", encoding="utf-8")
    results = list(decide_many(adjudicator.records_of(str(path), "warranty")))
    assert [r.ok for r in results] == [True, True, True, False]
    assert results[0].source == f"{path}:1" and results[3].source == f"{path}:4"
    assert "JSON 有误" in results[3].error.text("zh")


def test_complaints_and_followup_logs_are_decided_under_their_policy():
    case = json.loads((EXAMPLES / "complaints" / "c1_withdrew.json").read_text(encoding="utf-8"))
    [result] = decide_many([case], kind="complaint", policy="faw-crm", as_of="2025-03-14T18:00")
    assert result.ok and result.decision.profile == "faw-crm"
    assert result.decision == adjudicator.check_complaint(case, "faw-crm", "2025-03-14T18:00")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"kind": "lemon"}, "kind"),
    ({"regulation": "2020"}, "regulation"),
    ({"as_of": "2023-05-01T10:00"}, "as_of"),
    ({"evaluator": "x"}, "evaluator"),
    ({"kind": "complaint", "regulation": "2021"}, "regulation"),
    ({"policy": "faw-crm"}, "policy"),
    ({"kind": "complaint", "policy": "faw"}, "policy"),
    ({"kind": "complaint", "as_of": "soon"}, "as_of"),
    ({"strict_calendar": "yes"}, "strict_calendar"),
    ({"calendar": "/nonexistent/calendar.yaml"}, "calendar"),
])
def test_a_wrong_argument_is_an_input_error_at_the_call(kwargs, field):
    records, taken = counting(histories())
    with pytest.raises(InputError) as caught:
        decide_many(records, **kwargs)
    assert caught.value.field == field and taken[0] == 0
    assert caught.value.text("zh") != caught.value.text("en")


@pytest.mark.parametrize("records", [{"vehicle": {}}, "cars.jsonl", 5, None])
def test_records_must_be_an_iterable_of_records(records):
    with pytest.raises(InputError) as caught:
        decide_many(records)
    assert caught.value.field == "records"
