"""Calendar arithmetic shared by every feature: months and the months↔days rule."""

import calendar
from datetime import date

from flask import has_app_context
from flask_babel import format_date

#: The one months↔days rule: a month is a twelfth of a Julian year.
DAYS_PER_MONTH = 365.25 / 12


def add_months(day: date, months: int, anchor_day: int | None = None) -> date:
    """``day`` moved by ``months``, clamped to the month's end (Jan 31 + 1 → Feb 28/29).

    ``anchor_day`` keeps a series on its original day of month (Jan 31 → Feb 29 → Mar 31).
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(anchor_day or day.day, last))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (end exclusive of a partial month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def term_months(start: date, last: date) -> float:
    """A term from ``start`` to ``last`` (both days in post) in months, to one decimal.

    The one rounding rule for a term: whole calendar months, then the days left over at
    DAYS_PER_MONTH. 1 March–30 June is 4.0 months, 1 January–15 April 3.5.
    """
    after = date.fromordinal(last.toordinal() + 1)
    whole = months_between(start, after)
    rest = (after - add_months(start, whole)).days
    return round(whole + max(rest, 0) / DAYS_PER_MONTH, 1)


def months_to_days(months: float) -> int:
    return round(months * DAYS_PER_MONTH)


def days_to_months(days: int) -> float:
    """Months, to one decimal place: the rounding rule every page and export uses."""
    return round(days / DAYS_PER_MONTH, 1)


def day_text(day: date) -> str:
    """A date as pages, messages and print show it: 2026年11月26日 (ISO only in exports)."""
    if not has_app_context():
        return day.isoformat()
    return format_date(day, "long")
