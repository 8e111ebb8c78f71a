"""Numbers, ids, pages and dates from URLs and query strings, within what the database holds.

``str.isdigit()`` and ``int()`` accept more than a URL should carry: superscripts ("²" is a
digit to ``isdigit()`` but not to ``int()``), other scripts' digits, "1_000", and numbers
past the database's integer range (PostgreSQL refuses anything from 2^31 on, SQLite from
2^63). Everything that reads a number or a date from a request goes through here, so a
hand-edited link gives "no such record" or an ignored filter, never a 500.
"""

import re
from datetime import date

from werkzeug.routing import IntegerConverter

# The largest id an INTEGER column holds (PostgreSQL's int4; SQLite holds more).
MAX_ID = 2**31 - 1
# Pages beyond this are past any list the app shows (and far inside 64 bits).
MAX_PAGE = 100_000
# Dates a filter or a cursor may name: far enough on both sides for any real record, and
# far enough from the calendar's ends that date arithmetic (a day, a month, a year on) fits.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)

_ASCII_NUMBER = re.compile(r"[0-9]{1,18}")


def parse_int(raw, maximum: int = MAX_ID, minimum: int = 0) -> int | None:
    """``raw`` as a whole number written in ASCII digits, between ``minimum`` and
    ``maximum``; None for anything else (blank, "²", "١٢", "1_0", "-1", 2^31 ...)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _ASCII_NUMBER.fullmatch(raw.strip()):
        value = int(raw.strip())
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_id(raw) -> int | None:
    """A record id (1 … 2^31−1) written in ASCII digits, or None."""
    return parse_int(raw, MAX_ID, 1)


def parse_page(raw) -> int:
    """A page number from 1 to ``MAX_PAGE``; 1 for anything else."""
    return parse_int(raw, MAX_PAGE, 1) or 1


def parse_date(raw) -> date | None:
    """An ISO date (2026-09-01) between ``MIN_DATE`` and ``MAX_DATE``, or None."""
    if isinstance(raw, date):
        day = raw
    else:
        text = (raw or "").strip() if isinstance(raw, str) else ""
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def in_range(day: date | None) -> bool:
    """Whether a date (a form's, say) lies where the app's date arithmetic is safe."""
    return day is None or MIN_DATE <= day <= MAX_DATE


class IdConverter(IntegerConverter):
    """The app's ``<int:...>``: ASCII digits, at most 2^31−1, so an id the database cannot
    hold is a 404 ("no such record") instead of an overflow in the query."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
