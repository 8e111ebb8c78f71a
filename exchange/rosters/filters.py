"""The roster's filter, sort and cursor, parsed from the query string.

A roster view is bookmarkable: everything that shapes it lives in the URL. Values that
do not parse are dropped with a message the page shows, so an old or hand-edited link
still opens (never a 500); the exports use the same parser, so they hold exactly what
the page showed.
"""

import base64
import binascii
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from flask_babel import lazy_gettext as _l

from exchange.postings.models import PostingStatus
from exchange.web.params import MAX_PAGE, parse_date, parse_id, parse_int

DISTRICT_ROLES = ("either", "home", "host")
DIRECTIONS = ("outgoing", "incoming")
# Sortable columns: name in the URL -> kind of value in the cursor.
SORT_KEYS = {
    "cadre": "str",
    "home_district": "str",
    "home_department": "str",
    "host_district": "str",
    "host_department": "str",
    "programme": "str",
    "start": "date",
    "planned_end": "date",
    "status": "str",
}
DEFAULT_SORT = "start"
PAGE_SIZE = 50


@dataclass(frozen=True)
class Cursor:
    """A keyset position: the sort value and id of a row, which side of it to read, and
    the number of the page it opens (carried along, so "第 n 页" costs no count)."""

    value: str | date
    posting_id: int
    before: bool = False  # True: the page that ends just before this row
    number: int = 2

    def encode(self) -> str:
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        raw = json.dumps(
            [value, self.posting_id, int(self.before), self.number], ensure_ascii=False
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, kind: str) -> "Cursor":
        """Raise ValueError on anything that is not a cursor this app wrote."""
        if len(token) > 400:
            raise ValueError("cursor too long")
        try:
            padded = token + "=" * (-len(token) % 4)
            value, posting_id, before, *rest = json.loads(base64.urlsafe_b64decode(padded))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise ValueError(token) from exc
        # ``true`` is an int to Python, 10^30 no id, NUL no text PostgreSQL takes.
        if (
            not isinstance(value, str)
            or "\x00" in value
            or parse_id(posting_id) is None
            or type(before) is not int
            or before not in (0, 1)
        ):
            raise ValueError(token)
        if kind == "date" and (value := parse_date(value)) is None:
            raise ValueError(token)
        # Links written before pages were numbered carry no number: such a page says 2.
        number = parse_int(rest[0], MAX_PAGE, 1) if len(rest) == 1 else 2 if not rest else None
        if number is None:
            raise ValueError(token)
        return cls(value, posting_id, bool(before), number)


@dataclass(frozen=True)
class RosterFilter:
    district_id: int | None = None
    district_role: str = "either"  # home / host / either
    direction: str | None = None  # outgoing / incoming, relative to the user's district
    department_id: int | None = None  # home or host department
    home_district_id: int | None = None  # exactly this home district
    host_district_id: int | None = None  # exactly this host district
    counted: bool = False  # only postings that count against a quota (not declined/cancelled)
    programme_id: int | None = None
    status: str | None = None
    as_of_date: date | None = None  # "in post on this date"
    starts: tuple[date, date] | None = None  # start date within (first, last), inclusive
    ends: tuple[date, date] | None = None  # end date within (first, last), inclusive
    q: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = False
    cursor: Cursor | None = field(default=None, compare=False)

    def query_args(self, **changes) -> dict:
        """The URL arguments that reproduce this filter (empty values left out)."""
        current = replace(self, **changes)
        args = {
            "district": current.district_id,
            "district_role": current.district_role if current.district_id else None,
            "direction": current.direction,
            "department": current.department_id,
            "home_district": current.home_district_id,
            "host_district": current.host_district_id,
            "counted": 1 if current.counted else None,
            "programme": current.programme_id,
            "status": current.status,
            "as_of": current.as_of_date.isoformat() if current.as_of_date else None,
            "starts": period_text(current.starts),
            "ends": period_text(current.ends),
            "q": current.q or None,
            "sort": current.sort if current.sort != DEFAULT_SORT else None,
            "order": "desc" if current.descending else None,
            "cursor": current.cursor.encode() if current.cursor else None,
        }
        return {key: value for key, value in args.items() if value is not None}

    def without_cursor(self) -> "RosterFilter":
        return replace(self, cursor=None)

    def is_filtered(self) -> bool:
        plain = asdict(self.without_cursor())
        defaults = asdict(RosterFilter())
        return any(plain[k] != defaults[k] for k in plain if k not in ("sort", "descending"))


def period_text(period: tuple[date, date] | None) -> str | None:
    """A date range as the URL writes it: 2026-09-02..2026-10-01."""
    return f"{period[0].isoformat()}..{period[1].isoformat()}" if period else None


def _period(args, name, problems) -> tuple[date, date] | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    first, _sep, last = raw.partition("..")
    period = parse_date(first), parse_date(last)
    if period[0] is None or period[1] is None:
        problems.append(_l("A period must look like 2026-09-01..2026-09-30; it was ignored."))
        return None
    return period[0], period[1]


def _int(args, name, problems, message):
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if (value := parse_id(raw)) is not None:
        return value
    problems.append(message)
    return None


def _choice(args, name, allowed, problems, message, default=None):
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if raw in allowed:
        return raw
    problems.append(message)
    return default


def parse_filter(args, user_district_id: int | None) -> tuple[RosterFilter, list]:
    """Build the filter from ``request.args``; return it with the messages of what was dropped."""
    problems: list = []
    district_id = _int(args, "district", problems, _l("Unknown district; the filter was ignored."))
    district_role = _choice(
        args,
        "district_role",
        DISTRICT_ROLES,
        problems,
        _l("Unknown district side; showing either side."),
        default="either",
    )
    direction = _choice(
        args, "direction", DIRECTIONS, problems, _l("Unknown direction; the filter was ignored.")
    )
    if direction and user_district_id is None:
        problems.append(_l("Outgoing and incoming need a district of your own; ignored."))
        direction = None
    department_id = _int(
        args, "department", problems, _l("Unknown department; the filter was ignored.")
    )
    home_district_id = _int(
        args, "home_district", problems, _l("Unknown home district; the filter was ignored.")
    )
    host_district_id = _int(
        args, "host_district", problems, _l("Unknown host district; the filter was ignored.")
    )
    counted = (args.get("counted") or "").strip() == "1"
    programme_id = _int(
        args, "programme", problems, _l("Unknown programme; the filter was ignored.")
    )
    status = _choice(
        args,
        "status",
        [s.value for s in PostingStatus],
        problems,
        _l("Unknown status; the filter was ignored."),
    )
    raw_date = (args.get("as_of") or "").strip()
    as_of_date = parse_date(raw_date)
    if raw_date and as_of_date is None:
        problems.append(_l("The date must look like 2026-09-01; the filter was ignored."))
    starts, ends = _period(args, "starts", problems), _period(args, "ends", problems)
    q = (args.get("q") or "").strip()[:80]
    sort = _choice(
        args, "sort", SORT_KEYS, problems, _l("Unknown sort column; sorted by start date."), "start"
    )
    descending = (args.get("order") or "").strip() == "desc"
    cursor = None
    if token := (args.get("cursor") or "").strip():
        try:
            cursor = Cursor.decode(token, SORT_KEYS[sort])
        except ValueError:
            problems.append(_l("The page link was not valid; showing the first page."))
    return (
        RosterFilter(
            district_id=district_id,
            district_role=district_role,
            direction=direction,
            department_id=department_id,
            home_district_id=home_district_id,
            host_district_id=host_district_id,
            counted=counted,
            programme_id=programme_id,
            status=status,
            as_of_date=as_of_date,
            starts=starts,
            ends=ends,
            q=q,
            sort=sort,
            descending=descending,
            cursor=cursor,
        ),
        problems,
    )
