"""Seeded complaint cases of a few dealers' months, for the examples and tests of the complaint report: the
complaint generator's realistic timelines (adjudicator.complaints.synthetic), moved into the month and named with
the dealer and the member of staff who handled them."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from ..complaints.synthetic import generate_complaint
from ..core.inputs import CHINA_TZ
from ..core.synthetic import seeded_stream

ADVISORS_PER_DEALER = 4


def _shifted(case: dict[str, Any], delta: timedelta) -> dict[str, Any]:
    def move(text: str) -> str:
        return (datetime.fromisoformat(text) + delta).isoformat()

    events = [{**e, "at": move(e["at"]), **({"ordered_on": (date.fromisoformat(e["ordered_on"]) + delta).isoformat()}
                                             if "ordered_on" in e else {})} for e in case["events"]]
    return {**case, "received_at": move(case["received_at"]), "as_of": move(case["as_of"]), "events": events}


def dealer_complaint(rng: random.Random, number: int, dealer: str, first: date, days: int) -> dict[str, Any]:
    case = generate_complaint(rng, number)
    received = datetime.fromisoformat(case["received_at"])
    target = datetime.combine(first + timedelta(days=rng.randrange(days)), time(rng.randrange(8, 18)), tzinfo=CHINA_TZ)
    case = _shifted(case, target - received)
    end = datetime.combine(first + timedelta(days=days - 1), time(23, 59, 59), tzinfo=CHINA_TZ)
    case["events"] = [e for e in case["events"] if datetime.fromisoformat(e["at"]) <= end]   # exported at the end
    case["as_of"] = end.isoformat()
    case["id"] = f"{dealer}-{case['id']}"
    advisor = f"{dealer}-SA{rng.randrange(1, ADVISORS_PER_DEALER + 1)}"
    _department_and_signature(rng, case, dealer)        # drawn last: the rest of the case is as before
    return {"dealer": dealer, "advisor": advisor, "complaint": case}


# the department a generated case is handled by, by its category (a dealer's habit, not a policy's rule)
USUAL_DEPARTMENT = {"sales": "sales", "quality": "after_sales", "service": "after_sales", "parts": "parts",
                    "other": "customer_service"}
NO_DEPARTMENT_SHARE, UNSIGNED_SHARE = 0.1, 0.15


def _department_and_signature(rng: random.Random, case: dict[str, Any], dealer: str) -> None:
    """Most cases name their handling department; most closed ones carry the responsible person's signature,
    given when the case was closed."""
    if rng.random() >= NO_DEPARTMENT_SHARE:
        case["department"] = USUAL_DEPARTMENT[case["category"]]
    closed = next((e["at"] for e in case["events"] if e["type"] == "closed"), None)
    if closed is not None and rng.random() >= UNSIGNED_SHARE:
        case["signed_by"], case["signed_at"] = f"{dealer}-客户经理", closed


def dealer_complaints(dealers: list[str], first: date, last: date, per_dealer: int, seed: int) -> list[dict[str, Any]]:
    """`per_dealer` cases for each dealer received between `first` and `last`, as exported at the end of `last`
    (later events not yet happened); case i depends only on (seed, i)."""
    days = (last - first).days + 1
    return list(seeded_stream(len(dealers) * per_dealer, seed, lambda rng, i: dealer_complaint(
        rng, i + 1, dealers[i // per_dealer], first, days)))


__all__ = ["dealer_complaints"]
