"""China's official working-day calendar: statutory holidays and weekend make-up working days (调休).

Built on the `holidays` package's China calendar, which follows the State Council's yearly notice. A year
for which the package carries no notice is not guessed silently: in such a year the calendar falls back
to the package's estimate (statutory festivals, no make-up days) and says so in a warning, or raises in
strict mode. A deployment can supply a year's days itself (`load_supplement`).
"""
from __future__ import annotations

import hashlib
import json
import os
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from .disk_cache import cache_folder, caching, replace_atomically, trusted
from .inputs import strict_date
from .reading import read_bounded
from .text import Localized, loc
from .yaml_loader import load_yaml, yaml_error_text

MAX_SUPPLEMENT_BYTES = 1024 * 1024       # a calendar supplement lists a few dozen days a year


class CalendarNotCovered(LookupError):
    """A date falls in a year whose official holiday notice the calendar does not have."""


def notice_years() -> frozenset[int]:
    """Years whose State Council holiday notice the installed `holidays` package encodes."""
    return frozenset(_library_days()["covered"])


def _compute_library_days() -> dict[str, Any]:
    import holidays
    from holidays.countries.china import ChinaStaticHolidays

    covered = sorted(ChinaStaticHolidays.special_public_holidays)
    lib = holidays.China(years=covered)
    rest: dict[str, list[str]] = {}
    listed: dict[str, list[str]] = {}
    for year in covered:
        day = date(year, 1, 1)
        rest[str(year)], listed[str(year)] = [], []
        while day.year == year:
            if not lib.is_working_day(day):
                rest[str(year)].append(day.isoformat())
            if day in lib:
                listed[str(year)].append(day.isoformat())
            day += timedelta(days=1)
    return {"covered": covered, "rest": rest, "listed": listed}


CACHE_FORMAT = 2                         # bump when _compute_library_days changes what it computes
MAX_CACHE_BYTES = 1024 * 1024            # the cache of every covered year is about 40 KB
# the files of the `holidays` package whose content makes China's days: the cache is only valid for these bytes
HOLIDAYS_SOURCES = ("holidays/countries/china.py", "holidays/holiday_base.py", "holidays/observed_holiday_base.py",
                    "holidays/calendars/chinese.py", "holidays/groups/chinese.py")


def _holidays_fingerprint() -> tuple[str, str]:
    """(the installed `holidays` version, a digest of that version and of the source files China's days come
    from). Reading five files costs well under a millisecond; importing the package costs ~150 ms."""
    digest = hashlib.sha256(f"format {CACHE_FORMAT}\n".encode())
    try:
        dist = metadata.distribution("holidays")
    except metadata.PackageNotFoundError:
        return "unknown", "unknown"
    digest.update(dist.version.encode())
    for name in HOLIDAYS_SOURCES:
        try:
            digest.update(name.encode() + b"\0" + Path(str(dist.locate_file(name))).read_bytes())
        except OSError:
            digest.update(name.encode() + b"\0missing")
    return dist.version, digest.hexdigest()


def _data_digest(fingerprint: str, data: dict[str, Any]) -> str:
    return hashlib.sha256((fingerprint + json.dumps(data, sort_keys=True)).encode()).hexdigest()


def _valid_days(data: Any) -> bool:
    """The shape `_compute_library_days` gives: covered years, and ISO dates of each covered year."""
    if not isinstance(data, dict) or set(data) != {"covered", "rest", "listed"}:
        return False
    covered = data["covered"]
    if not isinstance(covered, list) or not all(isinstance(y, int) and 1900 < y < 2200 for y in covered):
        return False
    for key in ("rest", "listed"):
        days = data[key]
        if not isinstance(days, dict) or set(days) != {str(y) for y in covered}:
            return False
        for year, listed in days.items():
            if not isinstance(listed, list) or not all(isinstance(d, str) and d[:5] == f"{year}-" for d in listed):
                return False
    return True


def read_cached_days(path: Path, fingerprint: str) -> dict[str, Any] | None:
    """The days a cache file holds if it is ours and unchanged: owned by this user, writable by nobody else, at
    most MAX_CACHE_BYTES, made from the installed `holidays` sources (`fingerprint`) and holding exactly the
    days its digest was made over. None for anything else (the caller rebuilds it)."""
    try:
        if not trusted(os.stat(path)):
            return None
        entry = json.loads(read_bounded(path, MAX_CACHE_BYTES))
        days = entry["days"]
        if entry["fingerprint"] != fingerprint or entry["digest"] != _data_digest(fingerprint, days):
            return None
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return days if _valid_days(days) else None


@cache
def _library_days() -> dict[str, Any]:
    """The library's days for every year it has a notice for. Importing `holidays` costs ~150 ms (it loads every
    country), so the days are cached on disk; the cache is only a copy of the library, checked before use
    (`read_cached_days`) and rebuilt when it does not match the installed package or was changed."""
    version, fingerprint = _holidays_fingerprint()
    folder = cache_folder()
    path = folder / f"china-calendar-holidays-{version}.json"
    use_cache = caching()
    if use_cache:
        cached = read_cached_days(path, fingerprint)
        if cached is not None:
            return cached
    data = _compute_library_days()
    if use_cache:
        write_cache(path, fingerprint, data)
    return data


def write_cache(path: Path, fingerprint: str, data: dict[str, Any]) -> None:
    """The days with the digest that `read_cached_days` checks, owner-only, replacing any earlier file at once."""
    entry = {"fingerprint": fingerprint, "digest": _data_digest(fingerprint, data), "days": data}
    replace_atomically(path, json.dumps(entry).encode())    # a read-only home: the next run computes them again


@dataclass
class YearDays:
    holidays: set[date] = field(default_factory=set)
    workdays: set[date] = field(default_factory=set)     # weekend days that are working days


class WorkingDayCalendar:
    def __init__(self, supplement: dict[int, YearDays] | None = None, strict: bool = False):
        self._supplement = dict(supplement or {})
        data = _library_days()
        self._notice = frozenset(data["covered"])
        self._covered = self._notice | frozenset(self._supplement)
        self.strict = strict
        self._lib: Any = None                 # the holidays library, loaded only for a year without a notice
        self._rest_days: dict[int, frozenset[date]] = {}    # per year: days that are not working days
        self._listed: dict[int, frozenset[date]] = {}       # per year: days the notice lists as holidays
        self._working_lists: dict[int, list[date]] = {}     # per year: its working days in order
        for year in self._notice - frozenset(self._supplement):
            self._rest_days[year] = frozenset(date.fromisoformat(d) for d in data["rest"][str(year)])
            self._listed[year] = frozenset(date.fromisoformat(d) for d in data["listed"][str(year)])

    def _library(self) -> Any:
        if self._lib is None:
            import holidays

            self._lib = holidays.China()      # expands to a year on first look-up
        return self._lib

    @property
    def covered_years(self) -> frozenset[int]:
        return self._covered

    def covers(self, day: date) -> bool:
        return day.year in self._covered

    def _check(self, day: date) -> Localized | None:
        if day.year in self._covered:
            return None
        if self.strict:
            raise CalendarNotCovered(
                f"no official holiday notice for {day.year}: supply the year's holidays and make-up "
                f"working days (--calendar FILE)")
        return uncovered_note(day.year)

    def _listed_holiday(self, day: date) -> bool:
        if day.year in self._supplement:
            return day in self._supplement[day.year].holidays
        listed = self._listed.get(day.year)
        return day in listed if listed is not None else day in self._library()

    def is_statutory_holiday(self, day: date) -> bool:
        """A day of a holiday period: a run of rest days that contains a statutory holiday (so the weekend
        inside National Day week belongs to it, an ordinary weekend does not)."""
        if self.is_working_day(day):
            return False
        for step in (-1, 1):
            d = day
            while not self.is_working_day(d):
                if self._listed_holiday(d):
                    return True
                d += timedelta(days=step)
        return False

    def is_working_day(self, day: date) -> bool:
        rest = self._rest_days.get(day.year)
        if rest is None:
            rest = self._rest_days[day.year] = self._year_rest_days(day.year)
        return day not in rest

    def _year_rest_days(self, year: int) -> frozenset[date]:
        """All non-working days of a year, computed once (the library's per-day look-up is slow)."""
        day, out = date(year, 1, 1), set()
        while day.year == year:
            if day.year in self._supplement:
                y = self._supplement[year]
                working = day in y.workdays or (day.weekday() < 5 and day not in y.holidays)
            else:
                working = self._library().is_working_day(day)
            if not working:
                out.add(day)
            day += timedelta(days=1)
        return frozenset(out)

    def add_working_days(self, start: date, n: int) -> tuple[date, Localized | None]:
        """The n-th working day after `start` (the start day itself is not counted)."""
        note = self._check(start)
        if n <= 0:
            return start, note
        day = start + timedelta(days=1)
        year_days = self._working_days(day.year)
        i = bisect_left(year_days, day) + n - 1
        while i >= len(year_days):               # runs into the next year
            i -= len(year_days)
            day = date(day.year + 1, 1, 1)
            year_days = self._working_days(day.year)
        due = year_days[i]
        return due, note or self._check(due)

    def _working_days(self, year: int) -> list[date]:
        days = self._working_lists.get(year)
        if days is None:
            first = date(year, 1, 1)
            days = [d for d in (first + timedelta(days=k) for k in range(366)) if d.year == year
                    and self.is_working_day(d)]
            self._working_lists[year] = days
        return days

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def holiday_shift(self, due: date) -> tuple[date, Localized | None]:
        """A deadline falling in a statutory holiday moves to the first working day after it; a deadline on an
        ordinary weekend does not move."""
        note = self._check(due)
        if not self.is_statutory_holiday(due):
            return due, note
        day = due
        while self.is_statutory_holiday(day) or not self.is_working_day(day):
            day += timedelta(days=1)
        return day, note


def uncovered_note(year: int) -> Localized:
    return Localized(
        zh=f"工作日历缺少 {year} 年国务院放假通知：按周末和法定节日估算（不含调休），结果可能有误；"
           f"可用 --calendar 文件补充该年安排。",
        en=f"The working-day calendar has no official holiday notice for {year}: estimated from weekends and "
           f"statutory festivals without make-up days, and may be wrong; supply the year with --calendar FILE.")


class CalendarFileError(ValueError):
    """A calendar file that cannot be used: the message names the file and the place; `text` in both languages."""

    def __init__(self, text: Localized):
        super().__init__(text.en)
        self.text = text


_YEAR_FORM = "{2027: {holidays: [2027-01-01, ...], workdays: [2027-02-07, ...]}}"


def load_supplement(path: str | Path) -> dict[int, YearDays]:
    """A YAML or JSON file: {2027: {holidays: [2027-01-01, ...], workdays: [2027-02-07, ...]}, ...}."""
    try:
        data: Any = load_yaml(read_bounded(path, MAX_SUPPLEMENT_BYTES, loc("日历文件", "calendar file")))
    except yaml.YAMLError as exc:
        said = yaml_error_text(exc)
        raise CalendarFileError(loc(f"{path}：YAML 有误（{said}）", f"{path}: {said}")) from None
    if not isinstance(data, dict):
        raise CalendarFileError(loc(f"{path}：应为按年份列出的对象，如 {_YEAR_FORM}",
                                    f"{path}: expected a mapping of year -> {{holidays, workdays}}, e.g. {_YEAR_FORM}"))
    out: dict[int, YearDays] = {}
    for year, spec in data.items():
        if not isinstance(year, int) or not isinstance(spec, dict) or set(spec) - {"holidays", "workdays"}:
            raise CalendarFileError(loc(f"{path}：年份 {year!r}：应为 {{holidays: [...], workdays: [...]}}",
                                        f"{path}: year {year!r}: expected {{holidays: [...], workdays: [...]}}"))
        y = YearDays()
        for key in ("holidays", "workdays"):
            for d in spec.get(key) or []:
                if isinstance(d, str):
                    try:
                        d = strict_date(d)
                    except ValueError:
                        raise CalendarFileError(loc(f"{path}：{year}.{key}：{d!r} 不是日期（应为 YYYY-MM-DD）",
                                                    f"{path}: {year}.{key}: {d!r} is not a date (YYYY-MM-DD)")) from None
                if not isinstance(d, date) or isinstance(d, datetime) or d.year != year:   # a time never matches a day
                    raise CalendarFileError(loc(f"{path}：{year}.{key}：{d!r} 不是 {year} 年的日期",
                                                f"{path}: {year}.{key}: {d!r} is not a date in {year}"))
                getattr(y, key).add(d)
        out[year] = y
    return out


@cache
def default_calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar()


def make_calendar(calendar: WorkingDayCalendar | str | Path | None, strict: bool = False) -> WorkingDayCalendar:
    """The calendar a decision counts working days on: one given, or China's with a supplement file (`calendar`,
    a path), strict or not."""
    if isinstance(calendar, WorkingDayCalendar):
        return calendar
    if calendar is None:
        return WorkingDayCalendar(strict=True) if strict else default_calendar()
    return WorkingDayCalendar(load_supplement(calendar), strict=strict)

