"""Shared input types: ISO dates and date-times that accept only what a JSON or YAML file can honestly say."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

# Input bounds: values past these are typing errors, not cars. They are plausibility limits of the
# input format, not legal thresholds (those live in rules/).
MAX_ODOMETER_KM = 2_000_000
MAX_PRICE_YUAN = 100_000_000
MAX_TEXT = 500
MAX_ID = 64
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def _iso_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("expected a date (YYYY-MM-DD), got a date-time")
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and len(value) <= 32:
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None
    else:
        raise ValueError("expected an ISO date string (YYYY-MM-DD)")
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise ValueError(f"date {parsed} outside {EARLIEST_DATE}..{LATEST_DATE}")
    return parsed


def iso_moment(value: Any) -> date | datetime:
    """A date, or a date-time; a date-time without a zone is China time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return _iso_date(value)
    elif isinstance(value, str) and len(value) <= 40:
        text = value.strip()
        if len(text) == 10:
            return _iso_date(text)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not an ISO date or date-time: {value!r}") from None
    else:
        raise ValueError("expected an ISO date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS][+08:00])")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA_TZ)
    _iso_date(moment.date())
    return moment


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoMoment = Annotated[date | datetime, BeforeValidator(iso_moment)]


class StrictModel(BaseModel):
    """Unknown keys are errors; no silent coercion of "12" into 12 or "true" into True."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


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
