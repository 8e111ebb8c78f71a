"""Calendar arithmetic shared by every feature: months and the months↔days rule."""

import calendar
from datetime import date

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


def months_to_days(months: float) -> int:
    return round(months * DAYS_PER_MONTH)


def days_to_months(days: int) -> float:
    """Months, to one decimal place: the rounding rule every page and export uses."""
    return round(days / DAYS_PER_MONTH, 1)
