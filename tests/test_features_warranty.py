"""Binds every scenario in features/warranty/ (zh-CN) to the warranty step definitions."""
from __future__ import annotations

import warnings

import pytest
from pytest_bdd import scenarios
from steps_warranty import *  # noqa: F401,F403  (step definitions and the ctx fixture)

# Scenario tags (rule ids such as @w2021.same_problem_repeat, articles such as @第二十四条) become pytest
# marks. They are labels for readers and for tests/test_feature_coverage.py, not registered markers.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
    scenarios("warranty")
