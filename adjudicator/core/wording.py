"""A rule's condition in words: field names and values from the fact schema and its vocabularies, parameters by
name with the value they hold in the compiled rule set, `and` groups in brackets joined by `or`.

    （同一质量问题修理次数 大于 同一质量问题修理次数上限〔same_problem_repairs_limit = 4〕）

The condition language has no brackets of its own ("and" binds tighter than "or", core/conditions.py); the words
put each `and` group of an `or` in brackets so that a reader sees how they bind.
"""
from __future__ import annotations

from typing import Any

from .conditions import Comparison, Param, parse
from .facts import FieldSpec
from .rulebook import CompiledRuleset
from .text import Localized, format_value, loc

OPS_ZH = {"==": "等于", "!=": "不等于", ">": "大于", ">=": "不少于", "<": "小于", "<=": "不超过", "in": "属于",
          "not in": "不属于"}
OPS_EN = {"==": "equal to", "!=": "other than", ">": "more than", ">=": "at least", "<": "less than",
          "<=": "at most", "in": "one of", "not in": "none of"}
AND = {"zh": " 且 ", "en": " and "}
OR = {"zh": " 或 ", "en": " or "}
OPEN = {"zh": "（", "en": "("}
CLOSE = {"zh": "）", "en": ")"}


def field_spec(rules: CompiledRuleset, fact: str, field: str) -> FieldSpec | None:
    return rules.schema.get(fact, {}).get(field)


def field_name(rules: CompiledRuleset, fact: str, field: str, lang: str) -> str:
    """The field's name from the fact schema (Chinese or English); the field path only if the schema has none."""
    spec = field_spec(rules, fact, field)
    if spec is None:
        return f"{fact}.{field}"
    return (spec.zh or spec.doc) if lang == "zh" else spec.doc


def value_words(spec: FieldSpec | None, value: Any, lang: str) -> str:
    """A compared value as a reader says it: a vocabulary code by its name, a list by its names, yes/no."""
    if isinstance(value, (list, tuple)):
        return format_value([value_words(spec, v, lang) for v in value], lang)
    name = spec.value_name(value) if spec is not None else None
    if name is not None:
        return name.get(lang)
    return format_value(value, lang)


def parameter_words(rules: CompiledRuleset, name: str, spec: FieldSpec | None, lang: str) -> str:
    """A parameter by its description and name, with the value it holds in `rules`."""
    param = rules.params.get(name)
    if param is None:
        return f"${name}"
    described = param.spec.description.zh if lang == "zh" else param.spec.description.en
    shown = value_words(spec, param.value, lang)
    return f"{described}〔{name} = {shown}〕" if lang == "zh" else f"{described} [{name} = {shown}]"


def comparison_words(rules: CompiledRuleset, comparison: Comparison, lang: str) -> str:
    spec = field_spec(rules, comparison.fact, comparison.field)
    what = field_name(rules, comparison.fact, comparison.field, lang)
    op = (OPS_ZH if lang == "zh" else OPS_EN)[comparison.op]
    value = comparison.value
    if isinstance(value, Param):
        wanted = parameter_words(rules, value.name, spec, lang)
    elif isinstance(value, tuple):
        wanted = format_value([parameter_words(rules, v.name, spec, lang) if isinstance(v, Param)
                               else value_words(spec, v, lang) for v in value], lang)
    else:
        wanted = value_words(spec, value, lang)
    return f"{what} {op} {wanted}"


def condition_words(rules: CompiledRuleset, when: str, lang: str = "zh") -> str:
    """The whole condition: each `and` group in brackets when the condition has more than one comparison."""
    groups = parse(when)
    if len(groups) == 1 and len(groups[0]) == 1:
        return comparison_words(rules, groups[0][0], lang)
    return OR[lang].join(OPEN[lang] + AND[lang].join(comparison_words(rules, c, lang) for c in group) + CLOSE[lang]
                         for group in groups)


def condition_localized(rules: CompiledRuleset, when: str) -> Localized:
    return loc(condition_words(rules, when, "zh"), condition_words(rules, when, "en"))
