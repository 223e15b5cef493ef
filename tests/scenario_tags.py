"""The tags of the scenario a step runs in (@w2021.same_problem_repeat, @c.close_c1, @第二十四条).

Steps name a rule the way the law does, by its Chinese title; the rule's id is carried by the scenario's tag,
and a step checks that the rule it found by the title is one the scenario is tagged with, so that the report's
scenario-to-rule linkage (which reads the tags) names exactly the rules the steps check.
"""
from __future__ import annotations

import pytest


def scenario_tags(request: pytest.FixtureRequest) -> set[str]:
    """pytest-bdd turns every tag of the feature, rule, scenario and examples block into a mark of the test."""
    return {mark.name for mark in request.node.iter_markers()}
