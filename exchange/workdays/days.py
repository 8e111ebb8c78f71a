"""Counting working days: Monday to Friday, less holidays, plus working weekend days."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from exchange.extensions import db
from exchange.workdays.models import CalendarDay, DayKind

HALF = Decimal("0.5")


@dataclass(frozen=True)
class WorkCalendar:
    """The exceptions of a date range, loaded in one query; answers any day inside it."""

    first: date
    last: date
    exceptions: dict[date, str]

    @classmethod
    def load(cls, first: date, last: date) -> "WorkCalendar":
        rows = db.session.execute(
            sa.select(CalendarDay.day, CalendarDay.kind).where(CalendarDay.day.between(first, last))
        ).all()
        return cls(first, last, {day: kind for day, kind in rows})

    def is_working(self, day: date) -> bool:
        kind = self.exceptions.get(day)
        if kind == DayKind.HOLIDAY:
            return False
        if kind == DayKind.WORKDAY:
            return True
        return day.weekday() < 5

    def working_days(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included (0 when end < start)."""
        count, day = 0, start
        while day <= end:
            count += self.is_working(day)
            day += timedelta(days=1)
        return count

    def next_working_day(self, day: date) -> date:
        """The first working day after ``day`` (looks up to 30 days ahead)."""
        for _ in range(30):
            day += timedelta(days=1)
            if self.is_working(day):
                return day
        return day


def calendar_for(first: date, last: date, margin: int = 31) -> WorkCalendar:
    """A calendar covering ``first``..``last`` and a month beyond (for return dates)."""
    return WorkCalendar.load(first, last + timedelta(days=margin))


def working_days(start: date, end: date) -> int:
    return calendar_for(start, end, margin=0).working_days(start, end)


def leave_days(
    calendar: WorkCalendar, start: date, end: date, start_half: bool, end_half: bool
) -> Decimal:
    """Working days of a leave; a half day at either end counts 0.5 when it is a working day."""
    days = Decimal(calendar.working_days(start, end))
    if start_half and calendar.is_working(start):
        days -= HALF
    if end_half and calendar.is_working(end):
        days -= HALF
    return max(days, Decimal(0))
