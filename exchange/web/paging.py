"""Counting and paging long lists without reading them whole.

A list page must cost the same at a thousand rows and at a million: it reads one page by
keyset (the rows after the last one shown, through an index) and never counts every
matching row on every request. ``capped_count`` counts at most ``COUNT_CAP`` + 1 rows, so a
page says "1,000+ 条" when there are more; the exact figure is computed only when the user
asks for it (``?count=exact``, ``wants_exact_count``).
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app, request
from flask_babel import lazy_gettext as _l

from exchange.db import joins_as_written, written
from exchange.web.params import MAX_PAGE, parse_date, parse_id, parse_int

COUNT_CAP = 1000


@dataclass(frozen=True)
class Total:
    """How many rows match: ``value`` exactly, or at least ``value`` when ``capped``."""

    value: int
    capped: bool = False

    @property
    def exact(self) -> bool:
        return not self.capped

    def pages(self, page_size: int) -> int | None:
        """The number of pages, when the total is known exactly."""
        return None if self.capped else max(-(-self.value // page_size), 1)


def wants_exact_count() -> bool:
    """The user asked for the exact figure ("显示确切数目")."""
    return request.args.get("count") == "exact"


def count_cap() -> int:
    """The cap: ``COUNT_CAP``, or the app's ``LIST_COUNT_CAP`` (tests set a small one)."""
    return current_app.config.get("LIST_COUNT_CAP", COUNT_CAP)


def capped_count(session, stmt, *, exact: bool = False, cap: int | None = None) -> Total:
    """The number of rows ``stmt`` selects, reading at most ``cap`` + 1 of them unless
    ``exact``. ``stmt`` is a SELECT of the list's rows; its ORDER BY is dropped."""
    cap = count_cap() if cap is None else cap
    inner = stmt.with_only_columns(sa.literal_column("1"), maintain_column_froms=True)
    inner = inner.order_by(None)
    if not exact:
        inner = inner.limit(written(cap + 1))
    counted = session.scalar(sa.select(sa.func.count()).select_from(inner.subquery()))
    if not exact and counted > cap:
        return Total(cap, capped=True)
    return Total(counted)


# Keyset paging ---------------------------------------------------------------------------
#
# Why keyset and not OFFSET: page n by OFFSET reads and drops (n - 1) × page_size rows
# first, so a deep page costs like the whole list, and a row added while someone pages
# shifts every later page by one (a row shown twice, another never). A keyset page reads
# "the rows after the last one shown" through the list's index: the same cost on page 1
# and page 20,000, and each row exactly once. The price is that a page is reached by
# following links, not by its number; the number travels in the cursor for "第 n 页".

PAGE_SIZE = 50
_MAX_CURSOR = 600  # characters; longer than any cursor this app writes
_MAX_TEXT = 200  # characters of one text value in a cursor
KINDS = ("int", "str", "date")


def list_page_size(default: int = PAGE_SIZE) -> int:
    """Rows a list page shows: ``default``, or the app's ``LIST_PAGE_SIZE`` (tests)."""
    return current_app.config.get("LIST_PAGE_SIZE", default)


@dataclass(frozen=True)
class Keyset:
    """A list's order: its key columns, the last of them unique (an id), all in one
    direction so that the position compares as one row value through one index.
    ``kinds`` says what each value is ("int", "str", "date"), to check a cursor's."""

    columns: tuple
    kinds: tuple[str, ...]
    descending: bool = False

    def order(self, reverse: bool = False) -> list:
        down = self.descending != reverse
        return [c.desc() if down else c.asc() for c in self.columns]

    def after(self, values: tuple, reverse: bool = False):
        """The rows past ``values`` in the list's order (before them when ``reverse``)."""
        position, bound = sa.tuple_(*self.columns), sa.tuple_(*values)
        return position < bound if self.descending != reverse else position > bound


@dataclass(frozen=True)
class PageCursor:
    """The key values of a page's first or last row, which side of it to read, and the
    number of the page it opens. Written into links as URL-safe base64 JSON."""

    values: tuple
    before: bool = False  # True: the page that ends just before this row
    number: int = 2

    def encode(self) -> str:
        values = [v.isoformat() if isinstance(v, date) else v for v in self.values]
        raw = json.dumps([values, int(self.before), self.number], ensure_ascii=False)
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, kinds: tuple[str, ...]) -> "PageCursor":
        """Raise ValueError on anything that is not a cursor of this list this app wrote."""
        if len(token) > _MAX_CURSOR:
            raise ValueError("cursor too long")
        try:
            padded = token + "=" * (-len(token) % 4)
            values, before, number = json.loads(base64.urlsafe_b64decode(padded))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
            raise ValueError(token) from exc
        # ``true`` is an int to Python: the checks say ``type(...) is int``.
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError(token)
        parsed = tuple(_key_value(value, kind) for value, kind in zip(values, kinds, strict=True))
        page = parse_int(number, MAX_PAGE, 1) if type(number) is int else None
        if None in parsed or type(before) is not int or before not in (0, 1) or page is None:
            raise ValueError(token)
        return cls(parsed, bool(before), page)


def _key_value(value, kind: str):
    """A cursor's value checked against its column's kind (None: not one)."""
    if kind == "int":
        return parse_id(value) if type(value) is int else None
    if kind == "date":
        return parse_date(value) if isinstance(value, str) else None
    # NUL is no text PostgreSQL takes.
    ok = isinstance(value, str) and "\x00" not in value and len(value) <= _MAX_TEXT
    return value if ok else None


def read_cursor(param: str, keyset: Keyset, problems: list) -> PageCursor | None:
    """The cursor in ``request.args[param]``; a bad one is dropped with a message."""
    token = (request.args.get(param) or "").strip()
    if not token:
        return None
    try:
        return PageCursor.decode(token, keyset.kinds)
    except ValueError:
        problems.append(_l("The page link was not valid; showing the first page."))
        return None


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list: its rows, cursors both ways, its number and a capped total."""

    rows: list
    total: Total
    next_cursor: PageCursor | None = None
    previous_cursor: PageCursor | None = None
    number: int = 1
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int | None:
        return self.total.pages(self.page_size)

    @property
    def next_token(self) -> str | None:
        return self.next_cursor.encode() if self.next_cursor else None

    @property
    def previous_token(self) -> str | None:
        return self.previous_cursor.encode() if self.previous_cursor else None


def keyset_page(
    session,
    stmt,
    keyset: Keyset,
    cursor: PageCursor | None,
    *,
    page_size: int = PAGE_SIZE,
    exact_count: bool = False,
    fixed_join_order: bool = True,
    counted=None,
    first_try=None,
) -> KeysetPage:
    """The page of ``stmt`` (a SELECT of one entity or column; collections loaded with
    ``selectinload``, a joined one would repeat rows) that ``cursor`` opens.

    Two statements however deep the page, plus whatever eager loads the rows' options
    ask for once per page: the page's rows (page_size + 1, to know whether more follow,
    read backwards for a "previous" link and turned round), and a count that stops at
    the cap unless ``exact_count``. ``fixed_join_order=False`` for a list of one or two
    tables, which PostgreSQL plans in no time: fixing the order costs two round trips.
    ``counted``: the statement counted, where the list's own would count slowly (the same
    rows, told what the list's rules imply). ``first_try``: the same list within a bounded
    window of rows; when a first count of its keys finds the page and more beyond it
    there, the page is read from it, otherwise from ``stmt`` (one more statement, either
    way: the page's rows and their eager loads are read once). A "previous" page is read
    from ``stmt``.
    """
    backwards = bool(cursor and cursor.before)

    def paged(listed):
        found = listed.add_columns(*keyset.columns).order_by(None)
        found = found.order_by(*keyset.order(backwards))
        if cursor:
            found = found.where(keyset.after(cursor.values, backwards))
        return found.limit(written(page_size + 1))

    read = stmt
    # Not for a "previous" link: the window runs from its page on, forwards only (read
    # backwards from a page past the window, it would skip the rows between them).
    if first_try is not None and not backwards:
        keys = paged(first_try).with_only_columns(*keyset.columns).subquery()
        if (session.scalar(sa.select(sa.func.count()).select_from(keys)) or 0) > page_size:
            read = first_try
    # The listed table first, what its rows show joined by key (exchange.db).
    with joins_as_written(session, when=fixed_join_order):
        fetched = session.execute(paged(read)).all()
    more = len(fetched) > page_size
    fetched = fetched[:page_size]
    if backwards:
        fetched.reverse()
    width = len(keyset.columns)
    number = cursor.number if cursor else 1
    if backwards and not more:
        number = 1  # a "previous" link that ran out of rows is the first page
    has_next = bool(fetched) and (backwards or more)
    has_previous = bool(fetched) and (more if backwards else bool(cursor))
    return KeysetPage(
        rows=[row[0] for row in fetched],
        total=capped_count(session, stmt if counted is None else counted, exact=exact_count),
        next_cursor=PageCursor(tuple(fetched[-1][-width:]), False, min(number + 1, MAX_PAGE))
        if has_next
        else None,
        previous_cursor=PageCursor(tuple(fetched[0][-width:]), True, max(number - 1, 1))
        if has_previous
        else None,
        number=number,
        page_size=page_size,
    )
