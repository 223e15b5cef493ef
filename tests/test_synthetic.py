"""The generators' shared machinery: one stream per record, and codes only from the vocabularies."""
from __future__ import annotations

import random

import pytest

from adjudicator.complaints.models import Complaint
from adjudicator.complaints.synthetic import generate_complaints
from adjudicator.complaints.vocabulary import CASE_TYPE
from adjudicator.core.synthetic import checked_codes, pick_code, seeded_stream


def test_a_weight_for_a_code_the_vocabulary_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="'grudge', not a code of the case_type vocabulary"):
        pick_code(random.Random(1), CASE_TYPE, {"complaint": 1, "grudge": 2})
    with pytest.raises(ValueError, match="'grudge'"):
        checked_codes(CASE_TYPE, "complaint", "grudge")


def test_only_weighted_codes_are_drawn() -> None:
    rng = random.Random(3)
    assert {pick_code(rng, CASE_TYPE, {"crisis": 1, "general": 3}) for _ in range(200)} == {"crisis", "general"}
    assert {pick_code(rng, CASE_TYPE) for _ in range(500)} == set(CASE_TYPE.codes)


def test_record_i_depends_only_on_seed_and_i() -> None:
    assert list(seeded_stream(3, 5, lambda rng, i: (i, rng.random()))) == \
        list(seeded_stream(5, 5, lambda rng, i: (i, rng.random())))[:3]
    cases = list(generate_complaints(40, seed=9))
    assert cases[:7] == list(generate_complaints(7, seed=9))
    assert cases != list(generate_complaints(40, seed=10))
    for case in cases:
        Complaint.model_validate(case)
