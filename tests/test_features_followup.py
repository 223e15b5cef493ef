"""The zh-CN follow-up features (features/followup/*.feature), with every follow-up rule covered."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_bdd import scenarios
from steps_complaint_reports import *  # noqa: F401,F403  (step definitions of the complaint reports)
from steps_followup import *  # noqa: F401,F403  (step definitions)
from steps_report import *  # noqa: F401,F403  (step definitions of the rate features)

from adjudicator.followup.rulebook import load_rule_specs

FEATURES = Path(__file__).resolve().parent.parent / "features" / "followup"
_TAG = re.compile(r"@(f\.[a-z0-9_]+)")


def _tags() -> set[str]:
    return {m for f in FEATURES.glob("*.feature") for m in _TAG.findall(f.read_text(encoding="utf-8"))}


# Rule-id tags (f.after_sales_revisit, ...) become pytest marks: declare them so pytest does not warn.
_config = getattr(pytest.mark, "_config", None)
if _config is not None:
    for _tag in sorted(_tags()):
        _config.addinivalue_line("markers", f"{_tag}: follow-up rule {_tag}")

scenarios("followup")


def test_every_followup_rule_has_a_scenario() -> None:
    rules = {r.id for r in load_rule_specs()[0]}
    missing = rules - _tags()
    assert not missing, f"follow-up rules without a tagged scenario: {sorted(missing)}"
    unknown = _tags() - rules
    assert not unknown, f"scenario tags naming no rule: {sorted(unknown)}"


def test_features_are_zh_cn() -> None:
    for f in FEATURES.glob("*.feature"):
        assert f.read_text(encoding="utf-8").splitlines()[0].strip() == "# language: zh-CN", f.name
