"""Days as the revisit policy counts them: calendar days after a day ("the second day", "day 7", "15 days before
expiry"), a duty closing at the end of its last day. A profile may count some duties in working days instead
(parameter working_day_duties): those use China's official working-day calendar (core/calendar.py)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ..core.calendar import WorkingDayCalendar
from ..core.inputs import CHINA_TZ

END_OF_DAY = time(23, 59, 59)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=CHINA_TZ)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=CHINA_TZ)


def china_day(moment: datetime) -> date:
    return moment.astimezone(CHINA_TZ).date()


class DayCounter:
    """Adds days to a day: calendar days, or working days for the duties a profile names."""

    def __init__(self, calendar: WorkingDayCalendar, working_day_duties: set[str]):
        self.calendar, self.working = calendar, working_day_duties
        self.notes: list[object] = []

    def after(self, code: str, day: date, days: int) -> date:
        if code not in self.working:
            return day + timedelta(days=days)
        due, note = self.calendar.add_working_days(day, days)
        if note is not None and note not in self.notes:
            self.notes.append(note)
        return due

    def before(self, code: str, day: date, days: int) -> date:
        if code not in self.working:
            return day - timedelta(days=days)
        back, left = day, days
        while left > 0:
            back -= timedelta(days=1)
            left -= self.calendar.is_working_day(back)
        return back


__all__ = ["DayCounter", "end_of_day", "start_of_day", "china_day", "END_OF_DAY"]
