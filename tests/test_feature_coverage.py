"""The warranty features cover the rulebook: every rule has a scenario, every rule tag names a real rule.

Each scenario in features/warranty/ is tagged with the rule ids it exercises (@w2021.same_problem_repeat) and
the articles it reads (@第二十四条). One feature file per article, named <version>_<article>_<topic>.feature.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from gherkin.parser import Parser

from adjudicator.warranty.rulebook import load_warranty_rulebook

FEATURES = Path(__file__).resolve().parent.parent / "features" / "warranty"
RULE_TAG = re.compile(r"^[a-z0-9]+(\.[a-z0-9_]+)+$")          # the rule-id pattern of the rulebook
ARTICLE_TAG = re.compile(r"^第[一二三四五六七八九十百]+条$")
FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<article>第[一二三四五六七八九十百]+条)_[^_]+\.feature$")


def _rules() -> dict[str, object]:
    rules = load_warranty_rulebook().rules
    specs = [r for version in rules.values() for r in version] if isinstance(rules, dict) else list(rules)
    return {r.id: r for r in specs}


def _scenarios() -> list[tuple[Path, str, set[str]]]:
    """(file, scenario name, tags) for every scenario and scenario outline, feature and rule tags included."""
    out = []
    for path in sorted(FEATURES.glob("*.feature")):
        doc = Parser().parse(path.read_text(encoding="utf-8"))
        feature = doc["feature"]
        inherited = {t["name"].lstrip("@") for t in feature.get("tags", [])}

        def walk(children: list[dict], tags: set[str], path: Path = path) -> None:
            for child in children:
                if "rule" in child:
                    rule = child["rule"]
                    walk(rule["children"], tags | {t["name"].lstrip("@") for t in rule.get("tags", [])}, path)
                elif "scenario" in child:
                    sc = child["scenario"]
                    out.append((path, sc["name"], tags | {t["name"].lstrip("@") for t in sc.get("tags", [])}))

        walk(feature["children"], inherited)
    return out


SCENARIOS = _scenarios()
RULES = _rules()


def test_there_are_warranty_features() -> None:
    assert SCENARIOS, f"no scenarios under {FEATURES}"


def test_every_rule_has_a_scenario() -> None:
    tagged = {tag for _, _, tags in SCENARIOS for tag in tags}
    untested = sorted(set(RULES) - tagged)
    assert not untested, f"rules without a scenario tagged with their id: {untested}"


def test_every_rule_tag_names_a_known_rule() -> None:
    unknown = [(p.name, name, tag) for p, name, tags in SCENARIOS for tag in sorted(tags)
               if RULE_TAG.match(tag) and tag not in RULES]
    assert not unknown, f"tags naming no rule in the rulebook: {unknown}"


def test_every_scenario_is_tagged_with_an_article() -> None:
    bare = [(p.name, name) for p, name, tags in SCENARIOS if not any(ARTICLE_TAG.match(t) for t in tags)]
    assert not bare, f"scenarios without an article tag (@第…条): {bare}"


def test_rule_tags_come_with_the_rules_article() -> None:
    wrong = []
    for p, name, tags in SCENARIOS:
        for tag in tags:
            rule = RULES.get(tag)
            if rule is not None and rule.citation.article not in tags:
                wrong.append((p.name, name, tag, rule.citation.article))
    assert not wrong, f"a scenario tagged with a rule must also carry the rule's article tag: {wrong}"


@pytest.mark.parametrize("path", sorted(FEATURES.glob("*.feature")), ids=lambda p: p.stem)
def test_feature_file_is_one_article_in_zh_cn(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].strip() == "# language: zh-CN", "first line must be '# language: zh-CN'"
    m = FILE_NAME.match(path.name)
    assert m, f"{path.name}: name must be <version>_<第…条>_<topic>.feature"
    doc = Parser().parse(text)
    assert doc["feature"]["language"] == "zh-CN"
    assert doc["feature"]["description"].strip(), "the feature must quote or paraphrase its article"
    for p, name, tags in SCENARIOS:
        if p != path:
            continue
        assert m["article"] in tags, f"{name}: every scenario in {path.name} carries @{m['article']}"
        for tag in tags:
            if tag in RULES:
                assert tag.startswith(f"w{m['version']}."), f"{name}: {tag} belongs to another version's file"
        if "known_issue" in tags:
            assert "xfail" in tags, f"{name}: a @known_issue scenario must also be @xfail"


def test_rules_are_spread_over_their_own_articles() -> None:
    """Each rule has at least one scenario in the file of the article it cites (one file per article)."""
    files_by_rule: dict[str, set[str]] = defaultdict(set)
    for p, _, tags in SCENARIOS:
        m = FILE_NAME.match(p.name)
        for tag in tags:
            if tag in RULES and m:
                files_by_rule[tag].add(m["article"])
    wrong = sorted(rid for rid, rule in RULES.items()
                   if files_by_rule.get(rid) and rule.citation.article not in files_by_rule[rid])
    assert not wrong, f"rules with no scenario in their own article's file: {wrong}"
