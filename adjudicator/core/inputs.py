"""Shared input types: ISO dates and date-times that accept only what a JSON or YAML file can honestly say."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from .problems import invalid, shown_value

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

# Input bounds: values past these are typing errors, not cars. They are plausibility limits of the
# input format, not legal thresholds (those live in rules/).
MAX_ODOMETER_KM = 2_000_000
MAX_PRICE_YUAN = 100_000_000
MAX_TEXT = 500
MAX_ID = 64
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)


# The only text forms read as a date or a date-time: what the documentation says (YYYY-MM-DD, and
# YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM]). Python's fromisoformat also takes 20230408, 2023-W14-6 and
# 2023-04-28T09, which a typing slip produces and which were silently read as some day.
ISO_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATE_TIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?")


def strict_date(text: str) -> date:
    """A date written YYYY-MM-DD, and nothing else; ValueError otherwise."""
    if not ISO_DATE_TEXT.fullmatch(text):
        raise invalid(f"{text!r} 不是日期（应为 YYYY-MM-DD，如 2024-05-01）", f"not an ISO date (YYYY-MM-DD): {text!r}")
    return date.fromisoformat(text)


def strict_date_time(text: str) -> datetime:
    """A date-time written YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM], and nothing else; ValueError otherwise."""
    if not ISO_DATE_TIME_TEXT.fullmatch(text):
        raise invalid(f"{text!r} 不是日期时间（应为 YYYY-MM-DDTHH:MM[:SS][±HH:MM]，如 2024-10-09T18:00）",
                      f"not an ISO date-time (YYYY-MM-DDTHH:MM[:SS][±HH:MM]): {text!r}")
    return datetime.fromisoformat(text)


def _iso_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise invalid("应为日期（YYYY-MM-DD），而不是日期时间", "expected a date (YYYY-MM-DD), got a date-time")
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and len(value) <= 32:
        try:
            parsed = strict_date(value.strip())
        except ValueError:
            raise invalid(f"{value!r} 不是日期（应为 YYYY-MM-DD，如 2024-05-01）",
                          f"not an ISO date (YYYY-MM-DD): {value!r}") from None
    else:
        raise invalid(f"{shown_value(value)} 不是日期（应为 YYYY-MM-DD 形式的文本，如 \"2024-05-01\"）",
                      "expected an ISO date string (YYYY-MM-DD)")
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise invalid(f"日期 {parsed} 不在 {EARLIEST_DATE} 至 {LATEST_DATE} 之间",
                      f"date {parsed} outside {EARLIEST_DATE}..{LATEST_DATE}")
    return parsed


def iso_moment(value: Any) -> date | datetime:
    """A date, or a date-time; a date-time without a zone is China time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return _iso_date(value)
    elif isinstance(value, str) and len(value) <= 40:
        text = value.strip()
        if ISO_DATE_TEXT.fullmatch(text):
            return _iso_date(text)
        try:
            moment = strict_date_time(text)
        except ValueError:
            raise invalid(f"{value!r} 不是日期或日期时间（应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS][±HH:MM]，如 "
                          f"2024-10-09T18:00）",
                          f"not an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS][±HH:MM]): "
                          f"{value!r}") from None
    else:
        raise invalid(f"{shown_value(value)} 不是日期或日期时间（应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS][+08:00] "
                      f"形式的文本）",
                      "expected an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS][+08:00])")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA_TZ)
    _iso_date(moment.date())
    return moment


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoMoment = Annotated[date | datetime, BeforeValidator(iso_moment)]


class StrictModel(BaseModel):
    """Unknown keys are errors; no silent coercion of "12" into 12 or "true" into True."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


def china_date(moment: date | datetime) -> date:
    """The calendar date in China of a date or an aware date-time."""
    if isinstance(moment, datetime):
        return moment.astimezone(CHINA_TZ).date()
    return moment


def as_moment(moment: date | datetime) -> datetime:
    """An aware date-time; a bare date is the start of that day in China."""
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day, tzinfo=CHINA_TZ)


def china_minute(moment: date | datetime | None, lang: str = "zh") -> str:
    """A time as decisions show it: China time to the minute; a date as it is; none as 无 / none."""
    if moment is None:
        return "无" if lang == "zh" else "none"
    if isinstance(moment, datetime):
        return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()
