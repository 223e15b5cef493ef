"""The zh-CN complaint features (features/complaints/*.feature), with every complaint rule covered."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_bdd import scenarios
from steps_complaints import *  # noqa: F401,F403  (step definitions)

from adjudicator.complaints.rulebook import load_rule_specs

FEATURES = Path(__file__).resolve().parent.parent / "features" / "complaints"
_TAG = re.compile(r"@(c\.[a-z0-9_]+)")


def _tags() -> set[str]:
    return {m for f in FEATURES.glob("*.feature") for m in _TAG.findall(f.read_text(encoding="utf-8"))}


# Rule-id tags (c.close_c1, ...) become pytest marks: declare them so pytest does not warn about unknown marks.
_config = getattr(pytest.mark, "_config", None)
if _config is not None:
    for _tag in sorted(_tags()):
        _config.addinivalue_line("markers", f"{_tag}: complaint rule {_tag}")

scenarios("complaints")


def test_every_complaint_rule_has_a_scenario() -> None:
    rules = {r.id for r in load_rule_specs()[0]}
    missing = rules - _tags()
    assert not missing, f"complaint rules without a tagged scenario: {sorted(missing)}"
    unknown = _tags() - rules
    assert not unknown, f"scenario tags naming no rule: {sorted(unknown)}"


def test_features_are_zh_cn() -> None:
    for f in FEATURES.glob("*.feature"):
        assert f.read_text(encoding="utf-8").splitlines()[0].strip() == "# language: zh-CN", f.name
