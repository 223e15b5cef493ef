"""Why a rule did not fire, and how close the facts come to a limit: the 'why not' half of every explanation.

For each rule that did not fire, every alternative of its condition (each `and` group of an `or`) is shown in
words with the comparisons that fail in it, their actual values and what they require, each group in brackets
when there is more than one: a reader sees all the ways the rule could have fired, not just the closest. The
closest alternative's failed conditions are also listed one by one (`failed`), for near limits and for ranking. A rule one numeric step short of a parameter's limit
(within the parameter's `near_margin`) is a near-limit warning.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache, partial
from typing import Any

from .caches import ALTERNATIVE_TEXTS, CONDITION_TEXTS
from .facts import Fact
from .oracle import Shortfall, closest_fact, shortfall
from .rulebook import CompiledRuleset, Condition, Pattern, Rule
from .text import FailedCondition, Localized, NearLimit, NotFired, format_value, loc
from .wording import AND, CLOSE, OPEN, OPS_EN, OPS_ZH, OR, value_words

__all__ = ["OPS_EN", "OPS_ZH", "alternatives_text", "condition_text", "labels", "near_limit", "not_fired"]


def labels(rules: CompiledRuleset, cond: Condition) -> tuple[str, str]:
    """The compared measure's name in Chinese and English, from the fact schema (or the parameter)."""
    spec = rules.schema.get(cond.fact, {}).get(cond.field)
    en = spec.doc if spec else f"{cond.fact}.{cond.field}"
    zh = (spec.zh if spec and spec.zh else "") or (
        rules.params[cond.param].spec.description.zh if cond.param else f"{cond.fact}.{cond.field}")
    return zh, en


def condition_text(rules: CompiledRuleset, cond: Condition, actual: Any) -> Localized:
    """One failed comparison in words: the measure, its actual value and what it requires."""
    return _texts(rules).condition(cond, actual)


class _Texts:
    """A rule set's why-not texts, each built once per condition and actual value (the actual value's type
    counts: 1, 1.0 and true read differently), in LRUs of the sizes core/caches.py gives: the values come from
    the input, so the texts must not pile up in a worker that decides millions of records."""

    def __init__(self, rules: CompiledRuleset):
        self.condition = lru_cache(maxsize=CONDITION_TEXTS, typed=True)(partial(_make_condition_text, rules))
        self.alternatives = lru_cache(maxsize=ALTERNATIVE_TEXTS)(self._alternatives)

    def _alternatives(self, failures: tuple[tuple[tuple[Condition, Any, type], ...], ...]) -> Localized:
        def words(lang: str) -> str:
            groups = list(dict.fromkeys(AND[lang].join(self.condition(c, a).get(lang) for c, a, _ in failed)
                                        for failed in failures))
            if len(groups) == 1:
                return groups[0]
            return OR[lang].join(OPEN[lang] + g + CLOSE[lang] for g in groups)

        return loc(words("zh"), words("en"))


def _texts(rules: CompiledRuleset) -> _Texts:
    found = rules.__dict__.get("_why_not_texts")
    if found is None:
        found = rules.__dict__["_why_not_texts"] = _Texts(rules)
    return found


def _make_condition_text(rules: CompiledRuleset, cond: Condition, actual: Any) -> Localized:
    what_zh, what_en = labels(rules, cond)
    spec = rules.schema.get(cond.fact, {}).get(cond.field)      # its vocabulary names the codes in both languages
    want_zh, want_en = value_words(spec, cond.value, "zh"), value_words(spec, cond.value, "en")
    if actual is None:
        return loc(f"没有符合条件的记录（{what_zh}{OPS_ZH[cond.op]} {want_zh}）",
                   f"no record with {what_en} {OPS_EN[cond.op]} {want_en}")
    return loc(f"{what_zh}：实际 {value_words(spec, actual, 'zh')}，要求{OPS_ZH[cond.op]} {want_zh}",
               f"{what_en}: {value_words(spec, actual, 'en')}, needs {OPS_EN[cond.op]} {want_en}")


def not_fired(rules: CompiledRuleset, facts: list[Fact], fired_ids: set[str], kinds: Iterable[str],
              finished_facts: Iterable[str] = ()) -> tuple[list[NotFired], list[NearLimit]]:
    """The rules of `kinds` that did not fire, each with its closest conjunction's failed conditions and every
    alternative in words; and the near-limit warnings among them (never on `finished_facts`: measures of closed
    records cannot grow). The closest fact of each pattern is found once, however many alternatives share it."""
    kinds, finished = set(kinds), set(finished_facts)
    derived = {v.derives for v in rules.variants if v.derives and v.rule_id in fired_ids}
    by_type: dict[str, list[Fact]] = {}
    for f in facts:
        by_type.setdefault(f.type, []).append(f)
    pattern_keys, memo = rules.pattern_keys, {}

    def closest_of(p: Pattern) -> tuple[Fact, list[tuple[Condition, Any]]]:
        k = pattern_keys[id(p)]
        found = memo.get(k)
        if found is None:
            found = memo[k] = closest_fact(p, by_type[p.fact])
        return found

    out, near = [], []
    for rule in rules.rules:
        if rule.id in fired_ids or rule.kind not in kinds:
            continue
        gaps = [shortfall(v, by_type, derived, closest_of) for v in rule.variants]
        best = min(gaps, key=lambda s: len(s.failed))
        failed = [FailedCondition(condition=c.text, actual=a, required=c.value,
                                  text=condition_text(rules, c, a)) for c, a in best.failed]
        out.append(NotFired(
            rule_id=rule.id, kind=rule.kind, title=rule.title, citation=rule.citation, failed=failed,
            why=alternatives_text(rules, gaps), evidence=list(best.evidence)))
        if len(best.failed) == 1:
            cond, actual = best.failed[0]
            if cond.fact not in finished:
                warning = near_limit(rules, rule, cond, actual)
                if warning:
                    near.append(warning)
    return out, near


def alternatives_text(rules: CompiledRuleset, gaps: list[Shortfall]) -> Localized:
    """Why none of a rule's alternatives fired: each alternative's failed comparisons joined by "and", the
    alternatives joined by "or", each in brackets when there are several (two alternatives failing alike are
    said once)."""
    return _texts(rules).alternatives(tuple(tuple((c, a, type(a)) for c, a in g.failed) for g in gaps))


def near_limit(rules: CompiledRuleset, rule: Rule, cond: Condition, actual: Any) -> NearLimit | None:
    if cond.param is None or not isinstance(actual, (int, float)) or isinstance(actual, bool):
        return None
    margin = rules.params[cond.param].spec.near_margin
    if margin is None or cond.op not in (">", ">="):
        return None
    gap = cond.value - actual + (1 if cond.op == ">" else 0)
    if not 0 < gap <= margin:
        return None
    what_zh, what_en = labels(rules, cond)
    where = rule.citation.article + (rule.citation.paragraph or "") + (rule.citation.item or "")
    return NearLimit(rule_id=rule.id, citation=rule.citation, actual=actual, limit=cond.value, text=loc(
        f"{what_zh}现为 {format_value(actual, 'zh')}，再增加 {format_value(gap, 'zh')} 即触发"
        f"「{rule.title.zh}」（{where}）。",
        f"{what_en} is {format_value(actual, 'en')}; {format_value(gap, 'en')} more triggers "
        f"\"{rule.title.en}\" ({where})."))
