"""Date arithmetic in SQL that reads the same on SQLite and PostgreSQL.

Counts over many rows (the dashboard's overdue reports, the bell's talks due) number
months and compare days in the database. SQLAlchemy's ``extract`` becomes ``strftime``
on SQLite, which parses the date again for each part; SQLite holds a date as
``YYYY-MM-DD`` text, so its parts are read with ``substr`` there, about twice as quick
over tens of thousands of rows. PostgreSQL extracts them. Each construct compiles per
dialect (SQLAlchemy's compiler extension), so a query states what it means once.
"""

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class month_number(FunctionElement):
    """year × 12 + month of a date: months apart is a subtraction."""

    type = sa.Integer()
    inherit_cache = True
    name = "month_number"


class day_of_month(FunctionElement):
    """The day of the month of a date, 1 … 31."""

    type = sa.Integer()
    inherit_cache = True
    name = "day_of_month"


class _days_before(FunctionElement):
    type = sa.Date()
    inherit_cache = True
    name = "days_before"


def days_before(day, days: int):
    """The date ``days`` days before ``day``: the number is written into the statement
    (a literal, so part of the statement's cache key)."""
    return _days_before(day, sa.literal_column(str(int(days))))


class month_start(FunctionElement):
    """The first day of a date's month."""

    type = sa.Date()
    inherit_cache = True
    name = "month_start"


class least(FunctionElement):
    """The smaller of two values (SQLite's two-argument ``min``, PostgreSQL's ``least``)."""

    inherit_cache = True
    name = "least"


def _parts(element, compiler, **kw) -> list[str]:
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(month_number, "sqlite")
def _month_number_sqlite(element, compiler, **kw):
    (day,) = _parts(element, compiler, **kw)
    return f"(CAST(substr({day}, 1, 4) AS INTEGER) * 12 + CAST(substr({day}, 6, 2) AS INTEGER))"


@compiles(month_number)
def _month_number(element, compiler, **kw):
    (day,) = _parts(element, compiler, **kw)
    return (
        f"(CAST(EXTRACT(year FROM {day}) AS INTEGER) * 12"
        f" + CAST(EXTRACT(month FROM {day}) AS INTEGER))"
    )


@compiles(day_of_month, "sqlite")
def _day_of_month_sqlite(element, compiler, **kw):
    (day,) = _parts(element, compiler, **kw)
    return f"CAST(substr({day}, 9, 2) AS INTEGER)"


@compiles(day_of_month)
def _day_of_month(element, compiler, **kw):
    (day,) = _parts(element, compiler, **kw)
    return f"CAST(EXTRACT(day FROM {day}) AS INTEGER)"


@compiles(_days_before, "sqlite")
def _days_before_sqlite(element, compiler, **kw):
    day, days = _parts(element, compiler, **kw)
    return f"date({day}, '-{int(days)} days')"


@compiles(_days_before)
def _days_before_default(element, compiler, **kw):
    day, days = _parts(element, compiler, **kw)
    return f"({day} - {int(days)})"


@compiles(month_start, "sqlite")
def _month_start_sqlite(element, compiler, **kw):
    (day,) = _parts(element, compiler, **kw)
    return f"(substr({day}, 1, 8) || '01')"


@compiles(month_start)
def _month_start(element, compiler, **kw):
    (day,) = _parts(element, compiler, **kw)
    return f"CAST(date_trunc('month', {day}) AS DATE)"


@compiles(least, "sqlite")
def _least_sqlite(element, compiler, **kw):
    return f"min({', '.join(_parts(element, compiler, **kw))})"


@compiles(least)
def _least(element, compiler, **kw):
    return f"least({', '.join(_parts(element, compiler, **kw))})"
