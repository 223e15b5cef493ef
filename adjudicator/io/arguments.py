"""Arguments of the public API checked before anything else runs: a wrong one is an `InputError` naming the
argument, the value and what is expected (zh and en), never a KeyError, a TypeError or a pydantic message
about some output model."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, get_args

from ..core.evaluate import Evaluator
from ..core.inputs import CHINA_TZ, iso_moment
from ..core.text import Localized
from .files import InputError

EVALUATORS: tuple[str, ...] = get_args(Evaluator)
API = "API"
END_OF_DAY = time(23, 59, 59)          # a bare date as a decision time: the end of that day, China time


def choice(name: str, value: Any, allowed: Iterable[str]) -> Any:
    """`value` must be one of `allowed` (None passes: the default)."""
    allowed = tuple(allowed)
    if value is None or value in allowed:
        return value
    listed = ", ".join(allowed)
    raise InputError(API, Localized(zh=f"{value!r} 不是可选值（可选：{'、'.join(allowed)}）",
                                    en=f"{value!r} is not one of {listed}"), name)


def evaluator(value: Any) -> str:
    return choice("evaluator", value, EVALUATORS) or EVALUATORS[0]


def day(name: str, value: Any) -> date | None:
    """A date, or an ISO date text (YYYY-MM-DD); a date-time is refused (the decision is for a day)."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            parsed = iso_moment(value)
        except ValueError:
            parsed = None
        if isinstance(parsed, date) and not isinstance(parsed, datetime):
            return parsed
    raise InputError(API, Localized(zh=f"{value!r} 不是日期（应为 YYYY-MM-DD）",
                                    en=f"{value!r} is not a date (expected YYYY-MM-DD)"), name)


def moment(name: str, value: Any) -> datetime | None:
    """A date-time, or an ISO text of one or of a date (a date means the end of that day, China time)."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str | date):
        try:
            parsed = iso_moment(value if isinstance(value, str) else value.isoformat())
        except ValueError:
            parsed = None
        if isinstance(parsed, datetime):
            return parsed
        if isinstance(parsed, date):
            return datetime.combine(parsed, END_OF_DAY, tzinfo=CHINA_TZ)
    raise InputError(API, Localized(zh=f"{value!r} 不是时间（应为 YYYY-MM-DDTHH:MM[:SS][+08:00] 或 YYYY-MM-DD）",
                                    en=f"{value!r} is not a date-time (expected YYYY-MM-DDTHH:MM[:SS][+08:00] or "
                                       f"YYYY-MM-DD)"), name)


def record(name: str, value: Any, model: type) -> Any:
    """The model itself, or a dict for it."""
    if isinstance(value, model | dict):
        return value
    raise InputError(API, Localized(zh=f"应为 {model.__name__} 或字典，得到 {type(value).__name__}",
                                    en=f"expected a {model.__name__} or a dict, got {type(value).__name__}"), name)
