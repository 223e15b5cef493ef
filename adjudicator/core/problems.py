"""One problem pydantic found in an input, in words a clerk reads: the field path, and what is wrong in Chinese and
English -- the value given and the form expected -- never pydantic's own wording ("Input should be ...",
`[type=...]`, `input_value=...`, links to errors.pydantic.dev).

A model's own checks raise "field.path: message" (the message is then the model's, in English, or "English
(中文)" where the model gives both); the path is appended to where pydantic found it (visits[1] + closed_at).
"""
from __future__ import annotations

import re
from typing import Any

from pydantic_core import PydanticCustomError

from .text import Localized, loc

_FIELD_PREFIX = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])*)*): (.*)$",
                           re.DOTALL)
_SHOWN_CHARS = 60              # a value longer than this is shown cut, with its length


def shown_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else f"{text[:_SHOWN_CHARS]}…（{len(text)}）"


_WHOLE = ("应为整数，如 12", "expected a whole number, e.g. 12")
_NUMBER = ("应为数字，如 12.5", "expected a number, e.g. 12.5")
_YES_NO = ("应为是或否（true 或 false）", "expected yes or no (true or false)")
_LIST = ("应为列表（[...]）", "expected a list ([...])")           # each text is a format string: {{ is {
_OBJECT = ("应为对象（{{...}}，键与值）", "expected an object ({{...}}, keys and values)")
_DATE = ("应为日期，如 2024-05-01", "expected a date, e.g. 2024-05-01")
_MOMENT = ("应为日期时间，如 2024-10-09T18:00", "expected a date-time, e.g. 2024-10-09T18:00")

# pydantic's error type -> what was expected (zh, en); `{name}` is filled from the error's context
_EXPECTED: dict[str, tuple[str, str]] = {
    "string_type": ("应为文本", "expected text"),
    "int_type": _WHOLE, "int_parsing": _WHOLE,
    "int_from_float": ("应为整数（不带小数），如 12", "expected a whole number (no fraction), e.g. 12"),
    "float_type": _NUMBER, "float_parsing": _NUMBER,
    "finite_number": ("应为有限的数字", "expected a finite number"),
    "bool_type": _YES_NO, "bool_parsing": _YES_NO,
    "literal_error": ("应为以下之一：{expected}", "expected one of {expected}"),
    "enum": ("应为以下之一：{expected}", "expected one of {expected}"),
    "greater_than": ("应大于 {gt}", "expected a value greater than {gt}"),
    "greater_than_equal": ("应不小于 {ge}", "expected a value of at least {ge}"),
    "less_than": ("应小于 {lt}", "expected a value less than {lt}"),
    "less_than_equal": ("应不大于 {le}", "expected a value of at most {le}"),
    "string_too_short": ("应至少有 {min_length} 个字符", "expected at least {min_length} characters"),
    "string_too_long": ("应最多有 {max_length} 个字符", "expected at most {max_length} characters"),
    "string_pattern_mismatch": ("应符合格式 {pattern}", "expected the form {pattern}"),
    "too_short": ("应至少有 {min_length} 项", "expected at least {min_length} entries"),
    "too_long": ("应最多有 {max_length} 项", "expected at most {max_length} entries"),
    "list_type": _LIST, "tuple_type": _LIST, "set_type": _LIST,
    "dict_type": _OBJECT, "model_type": _OBJECT, "model_attributes_type": _OBJECT,
    "date_type": _DATE, "date_parsing": _DATE, "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": ("应为日期（不带时间），如 2024-05-01",
                                   "expected a date without a time, e.g. 2024-05-01"),
    "datetime_type": _MOMENT, "datetime_parsing": _MOMENT, "datetime_from_date_parsing": _MOMENT,
    "timezone_aware": ("应为带时区的日期时间，如 2024-10-09T18:00+08:00",
                       "expected a date-time with a zone, e.g. 2024-10-09T18:00+08:00"),
    "none_required": ("应为空（null）", "expected null"),
    "union_tag_invalid": ("应为以下之一：{expected_tags}", "expected one of {expected_tags}"),
    "union_tag_not_found": ("缺少区分字段 {discriminator}", "the field {discriminator} is missing"),
}


class _Context(dict):  # type: ignore[type-arg]
    """An error's context for str.format_map: a name it lacks stays visible rather than raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _expected(kind: str, ctx: dict[str, Any]) -> tuple[str, str]:
    zh, en = _EXPECTED.get(kind, ("取值无效", "not a valid value"))
    listed = str(ctx.get("expected", ""))
    fields_zh = _Context(ctx, expected=listed.replace(" or ", "、").replace(", ", "、"))
    return zh.format_map(fields_zh), en.format_map(_Context(ctx))


OWN_CHECK = "adjudicator_check"   # the error type of a check of ours that says what is wrong in both languages


def invalid(zh: str, en: str) -> PydanticCustomError:
    """The error a validator of ours raises (a ValueError, English in `str()`): pydantic carries the Chinese
    along in the error's context, so that a problem is told in either language."""
    return PydanticCustomError(OWN_CHECK, "{en}", {"en": en, "zh": zh})


def check_text(exc: ValueError) -> Localized | str:
    """What a check's ValueError says: in both languages when it was raised as `invalid(zh, en)`, else its text
    (a check not yet given both)."""
    if isinstance(exc, PydanticCustomError) and exc.type == OWN_CHECK:
        return loc(str((exc.context or {}).get("zh", "")), str(exc))
    return str(exc)


def check_problem(exc: ValueError) -> tuple[str | None, Localized | str]:
    """The field a check's ValueError names at its start ("as_of: ...", "as_of：..."), if any, and what it says
    without it (check_text)."""
    text = check_text(exc)
    m = _FIELD_PREFIX.match(str(exc))
    if not m or " " in m.group(1):
        return None, text
    field = m.group(1)
    if isinstance(text, Localized):
        zh = text.zh.removeprefix(f"{field}：").removeprefix(f"{field}: ")
        return field, loc(zh, m.group(2))
    return field, m.group(2)


def field_path(loc_parts: tuple[Any, ...]) -> str:
    """pydantic's location as a path (`visits[1].items[0].part`), without its validator steps."""
    out = ""
    for part in loc_parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "tagged-")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def problem(error: Any) -> tuple[str, Localized, bool]:
    """One error of `ValidationError.errors()`: its field path, what is wrong in both languages, and whether it is
    the model's own check (which has no value and expected form of pydantic's to add)."""
    path = field_path(error["loc"])
    kind = error["type"]
    if kind in ("value_error", OWN_CHECK):
        msg = str(error["msg"]).removeprefix("Value error, ")
        zh = str((error.get("ctx") or {}).get("zh", "")) if kind == OWN_CHECK else f"取值有误：{msg}"
        m = _FIELD_PREFIX.match(msg)
        if m:
            path, msg = (f"{path}.{m.group(1)}" if path else m.group(1)), m.group(2)
            zh = zh.removeprefix(f"{m.group(1)}: ")
        return path, loc(zh, msg), True
    if kind == "missing":
        return path, loc("缺少（必填）", "missing (required)"), False
    if kind == "extra_forbidden":
        return path, loc("不是可用的字段（请检查拼写，或删去此项）", "not a known field (check the spelling, or "
                                                                "leave it out)"), False
    zh, en = _expected(kind, error.get("ctx") or {})
    value = error.get("input")
    given_zh, given_en = ("空值（null）", "null") if value is None else (shown_value(value), shown_value(value))
    return path, loc(f"{given_zh}：{zh}", f"{given_en}: {en}"), False
