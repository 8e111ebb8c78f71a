"""The roster (名册): one row per posting the user may see, filtered, sorted and paged.

Rows are read as plain columns of one joined SELECT, so a page costs one statement for
the rows and one for a capped count, however many rows it shows, and an export can stream
any number of rows in batches. ``RosterRow`` is the row model; the values derived from
a row (days served and left, report compliance) are computed once per row from plain
values, with the reports of a whole batch in one query (``exchange.reports.counts``).

The roster as of a date D (``as_of_date``) is that day's roster: the postings on it and,
in every column, each posting as it stood on D (its status, planned end, days served
and left, report compliance), derived in SQL from the posting's history
(``exchange.rosters.as_of``). The status filter and the status sort read that status.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased

from exchange import policy
from exchange.cadres.models import Cadre
from exchange.cadres.search import cadre_search, candidates
from exchange.clock import today
from exchange.db import driver_day, joins_as_written, plain_batches, written
from exchange.org.models import Department, District, display_key, name_column
from exchange.postings.durations import served_and_left
from exchange.postings.models import QUOTA_STATUSES, Posting
from exchange.programmes.models import Programme
from exchange.reports.counts import ComplianceCounts, counts_for_spans, summary_compliance
from exchange.reports.models import FiledPeriods
from exchange.rosters.as_of import (
    actual_end_on,
    on_roster_of,
    planned_end_on,
    status_on,
    workflow_rank,
)
from exchange.rosters.filters import PAGE_SIZE, Cursor, RosterFilter
from exchange.web.paging import Total, capped_count

HomeDistrict = aliased(District, name="home_district")
HostDistrict = aliased(District, name="host_district")
HomeDepartment = aliased(Department, name="home_department")
HostDepartment = aliased(Department, name="host_department")

SORT_COLUMNS = {
    "cadre": Cadre.name_pinyin,
    "home_district": display_key(HomeDistrict),
    "home_department": display_key(HomeDepartment),
    "host_district": display_key(HostDistrict),
    "host_department": display_key(HostDepartment),
    "programme": Programme.name,
    "start": Posting.start_date,
}


@dataclass(frozen=True)
class AsOf:
    """The columns that change with the roster's date: today's values, or those of a day."""

    on: date | None

    @property
    def status(self):
        return Posting.status if self.on is None else status_on(self.on)

    @property
    def planned_end(self):
        return Posting.planned_end_date if self.on is None else planned_end_on(self.on)

    @property
    def actual_end(self):
        return Posting.actual_end_date if self.on is None else actual_end_on(self.on)

    @property
    def end(self):
        """The end known on the roster's date: the actual end if reached, else the planned."""
        return sa.func.coalesce(self.actual_end, self.planned_end)

    def sort_key(self, sort: str):
        if sort == "status":
            return workflow_rank(self.status)
        if sort == "planned_end":
            return self.planned_end
        return SORT_COLUMNS[sort]

    def row_columns(self) -> tuple:
        return (
            Posting.id.label("posting_id"),
            Cadre.name.label("cadre_name"),
            Cadre.name_pinyin.label("cadre_pinyin"),
            Cadre.gender,
            Cadre.birth_month,
            Cadre.rank,
            name_column(HomeDistrict).label("home_district"),
            name_column(HomeDepartment).label("home_department"),
            Posting.home_position,
            name_column(HostDistrict).label("host_district"),
            name_column(HostDepartment).label("host_department"),
            Posting.host_position,
            Programme.name.label("programme"),
            Posting.start_date,
            self.planned_end.label("planned_end_date"),
            self.actual_end.label("actual_end_date"),
            self.end.label("end_date"),
            self.status.label("status"),
            Programme.report_cadence_months.label("cadence_months"),
            Programme.reports_required_from.label("required_from"),
        )


@dataclass(slots=True)
class RosterRow:
    """One row of the roster; the fields up to ``sort_key`` are ``row_columns()`` in order."""

    posting_id: int
    cadre_name: str
    cadre_pinyin: str
    gender: str | None  # 性别
    birth_month: date | None  # 出生年月
    rank: str  # 职级
    home_district: str
    home_department: str
    home_position: str
    host_district: str
    host_department: str
    host_position: str
    programme: str
    start_date: date
    planned_end_date: date
    actual_end_date: date | None
    end_date: date  # the actual end if known (on the roster's date), else the planned end
    status: str
    cadence_months: int = 1
    required_from: date | None = None
    sort_key: object = None  # the value of the column the roster is sorted by (the cursor's)
    served_days: int = 0
    left_days: int = 0
    compliance: ComplianceCounts | None = None  # filled by ``_derived``

    def sort_value(self, sort: str):
        return self.sort_key


def _derived(rows: list[RosterRow], on: date | None) -> list[RosterRow]:
    """Fill each row's days served and left and its report compliance as of ``on`` (else
    today), in one pass over the rows and one query for their reports."""
    as_of = on or today()
    compliance = counts_for_spans(rows, as_of, submitted_by=on)  # type: ignore[arg-type]
    for row in rows:
        row.served_days, row.left_days = served_and_left(
            row.status, row.start_date, row.planned_end_date, row.end_date, as_of
        )
        row.compliance = compliance[row.posting_id]
    return rows


# The tables a row joins to its posting, each along a required key; by the sort that
# orders by one of their columns.
_TABLES: dict[str, tuple[Any, sa.ColumnElement[bool]]] = {
    "cadre": (Cadre, Posting.cadre_id == Cadre.id),
    "programme": (Programme, Posting.programme_id == Programme.id),
    "home_district": (HomeDistrict, Posting.home_district_id == HomeDistrict.id),
    "host_district": (HostDistrict, Posting.host_district_id == HostDistrict.id),
    "home_department": (HomeDepartment, Posting.home_department_id == HomeDepartment.id),
    "host_department": (HostDepartment, Posting.host_department_id == HostDepartment.id),
}


def _joined(stmt, only: str | None = None, start=None):
    """``stmt`` from the posting and its tables; ``only``: a sort's name, and then only the
    table that sort's column is in (none for a sort on the posting's own columns);
    ``start``: a subquery of posting ids (``id``) the rows are read from, first."""
    if start is None:
        stmt = stmt.select_from(Posting)
    else:
        stmt = stmt.select_from(start).join(Posting, Posting.id == start.c.id)
    for name, (table, on) in _TABLES.items():
        if only is None or name == only:
            stmt = stmt.join(table, on)
    return stmt


MATCHES_INLINE = 2_000  # matched cadres (or departments) passed on as ids, at most


@dataclass(frozen=True)
class Matches:
    """The cadres and departments a search matched, read once for a page's statements."""

    cadre_ids: tuple[int, ...]
    department_ids: tuple[int, ...]
    array: bool = False  # passed as arrays (PostgreSQL)


def _department_matches(q: str):
    return Department.name.contains(q, autoescape=True)


def find_matches(session, q: str) -> Matches | None:
    """The ids of what ``q`` matches, or None when there are more than ``MATCHES_INLINE``
    (the statements then test the search themselves).

    A page runs two statements on the search (its rows and its capped count); the
    matches are read here once rather than in each."""
    found = []
    for stmt in (
        sa.select(Cadre.id).where(cadre_search(q)),
        sa.select(Department.id).where(_department_matches(q)),
    ):
        ids = session.scalars(stmt.limit(MATCHES_INLINE + 1)).all()
        if len(ids) > MATCHES_INLINE:
            return None
        found.append(tuple(ids))
    cadre_ids, department_ids = found
    return Matches(cadre_ids, department_ids, session.get_bind().dialect.name == "postgresql")


def _in(column, name: str, ids: tuple[int, ...], array: bool):
    """``column IN ids`` with the ids as one parameter: a list expanded when the statement
    runs (SQLite), or an array (PostgreSQL, ``= ANY``: one statement text for any number
    of ids, prepared once; as 647 parameters a search's page took 60 ms to plan on every
    request). As many literal expressions as ids cost more than the statement."""
    if array:
        return column == sa.any_(sa.bindparam(name, list(ids), type_=ARRAY(sa.Integer)))
    return column.in_(sa.bindparam(name, list(ids), expanding=True, type_=sa.Integer))


def search_clause(q: str, matches: Matches | None = None, *, in_order: bool = True):
    """Chinese name or department name substring; pinyin with or without tones, or initials.

    Matched in the cadre and department tables, which are smaller than the postings
    (the cadres by the pieces of their names: ``exchange.cadres.search``).
    ``matches``, when given, are those tables' matches already read (``find_matches``).
    ``in_order=False``: for a count, which reads the matches in no order."""
    if matches is not None:
        # The ids on the posting's own columns: PostgreSQL reads the postings once, by
        # index or by one scan, where a UNION of ids made it join the postings to themselves.
        tests, array = [], matches.array
        if ids := matches.cadre_ids:
            tests.append(_in(Posting.cadre_id, "search_cadres", ids, array))
        if ids := matches.department_ids:
            tests += [
                _in(Posting.home_department_id, "search_home_departments", ids, array),
                _in(Posting.host_department_id, "search_host_departments", ids, array),
            ]
        return sa.or_(*tests) if tests else sa.false()
    # Too many matches to pass on (a letter, a common surname): a good share of all
    # postings match, so each posting is tested as the roster is read in its order, and a
    # page stops after its rows (reading every match by id and sorting them took 130 ms
    # for "z" at 100,000 postings).
    # A count stops after its cap: where the cadres are looked up by the pieces of their
    # names, it reads the matched cadres' postings by their index (testing each posting
    # in turn took 33 ms for "li" at 100,000 postings); one letter, which nearly every
    # name holds, finds its cap sooner by testing the postings in turn.
    departments = sa.select(Department.id).where(_department_matches(q))
    cadre: sa.ColumnElement[bool]
    if in_order or candidates(q) is None:
        # The posting's own cadre (a roster's rows join the cadres too: not correlated).
        cadre = sa.exists().where(Cadre.id == Posting.cadre_id, cadre_search(q)).correlate(Posting)
    else:
        cadre = Posting.cadre_id.in_(sa.select(Cadre.id).where(cadre_search(q)))
    return sa.or_(
        cadre,
        Posting.home_department_id.in_(departments),
        Posting.host_department_id.in_(departments),
    )


def _exact_clauses(filt: RosterFilter) -> list:
    """The filters that name one column's value: programme, home district, host district."""
    exact = (
        (Posting.programme_id, filt.programme_id),
        (Posting.home_district_id, filt.home_district_id),
        (Posting.host_district_id, filt.host_district_id),
    )
    where = [column == value for column, value in exact if value is not None]
    if filt.counted:
        where.append(Posting.status.in_(QUOTA_STATUSES))
    return where


def filter_clauses(
    user, filt: RosterFilter, matches: Matches | None = None, *, in_order: bool = True
) -> list:
    """The WHERE clauses of a filter, always ANDed with what ``user`` may see (``matches``:
    the search's, when already read; ``in_order``: see ``search_clause``)."""
    where = [policy.posting_scope(user)]
    if filt.district_id is not None:
        home = Posting.home_district_id == filt.district_id
        host = Posting.host_district_id == filt.district_id
        where.append({"home": home, "host": host}.get(filt.district_role, sa.or_(home, host)))
    if filt.direction and getattr(user, "district_id", None) is not None:
        side = (
            Posting.home_district_id if filt.direction == "outgoing" else Posting.host_district_id
        )
        where.append(side == user.district_id)
    if filt.department_id is not None:
        where.append(
            sa.or_(
                Posting.home_department_id == filt.department_id,
                Posting.host_department_id == filt.department_id,
            )
        )
    where.extend(_exact_clauses(filt))
    if filt.status:
        where.append(AsOf(filt.as_of_date).status == filt.status)
    if filt.as_of_date is not None:
        where.append(on_roster_of(filt.as_of_date))
    if filt.starts is not None:
        where.append(Posting.start_date.between(*filt.starts))
    if filt.ends is not None:
        where.append(AsOf(filt.as_of_date).end.between(*filt.ends))
    if filt.q:
        where.append(search_clause(filt.q, matches, in_order=in_order))
    return where


def _order(filt: RosterFilter, reverse: bool) -> tuple:
    """The roster's ORDER BY: the sort's column, ties broken by id."""
    key = AsOf(filt.as_of_date).sort_key(filt.sort)
    if filt.descending != reverse:
        return key.desc(), Posting.id.desc()
    return key.asc(), Posting.id.asc()


def _rows(filt: RosterFilter, reverse: bool, start=None):
    as_of = AsOf(filt.as_of_date)
    key = as_of.sort_key(filt.sort)
    return _joined(sa.select(*as_of.row_columns(), key.label("sort_key")), start=start).order_by(
        *_order(filt, reverse)
    )


def roster_select(user, filt: RosterFilter, *, reverse: bool = False, matches=None):
    """All rows of the filtered roster in sort order (ties broken by id), for pages and exports."""
    return _rows(filt, reverse).where(*filter_clauses(user, filt, matches))


def _keys_select(user, filt: RosterFilter, *, reverse: bool = False, matches=None):
    """The ids of the filtered roster in sort order, read from the posting and only the
    table its sort needs (``_TABLES``)."""
    return (
        _joined(sa.select(Posting.id), only=filt.sort)
        .where(*filter_clauses(user, filt, matches))
        .order_by(*_order(filt, reverse))
    )


def count_roster(session, user, filt: RosterFilter, *, exact: bool = False, cap=None, matches=None):
    """How many postings match (up to ``cap`` + 1 read unless ``exact``: see web.paging).

    Every filter is on the posting's own columns and the joins are along required keys,
    so the count reads the postings alone."""
    stmt = sa.select(Posting.id).where(*filter_clauses(user, filt, matches, in_order=False))
    return capped_count(session, stmt, exact=exact, cap=cap)


def _after(filt: RosterFilter, cursor: Cursor, reverse: bool):
    """Rows strictly after ``cursor`` in the (possibly reversed) sort order."""
    key = AsOf(filt.as_of_date).sort_key(filt.sort)
    forward = filt.descending == reverse  # ascending in the order being read
    # "key ≥ value and (key > value or id > last)": the same rows as "key > value or (key =
    # value and id > last)", but with a range an index of the key can start from (SQLite
    # reads an OR of the two from the first entry: 50,000 entries to reach page 1,001).
    if forward:
        return sa.and_(
            key >= cursor.value, sa.or_(key > cursor.value, Posting.id > cursor.posting_id)
        )
    return sa.and_(key <= cursor.value, sa.or_(key < cursor.value, Posting.id < cursor.posting_id))


@dataclass(frozen=True)
class RosterPage:
    rows: list[RosterRow]
    next_cursor: Cursor | None
    previous_cursor: Cursor | None
    total: Total
    number: int = 1  # 第 number 页 (of ``pages`` when the total is exact)
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int | None:
        return self.total.pages(self.page_size)


def _by_district(user, filt: RosterFilter) -> bool:
    """Whether the roster's postings are read by a district's or a department's indexes
    (an HR officer's, or a district or department chosen), not in the roster's order."""
    return bool(
        policy.is_hr(user)
        or filt.district_id
        or filt.home_district_id
        or filt.host_district_id
        or filt.department_id
    )


def roster_page(
    session, user, filt: RosterFilter, page_size: int = PAGE_SIZE, *, exact_count: bool = False
) -> RosterPage:
    """One keyset page: the rows after (or before) the filter's cursor, and links both ways.

    Two statements however deep the page (four with a search, ``find_matches``): the rows,
    and a count that stops at ``COUNT_CAP`` (exact only when asked); the page's number
    travels in its cursor.
    """
    cursor = filt.cursor
    backwards = bool(cursor and cursor.before)
    matches = find_matches(session, filt.q) if filt.q else None
    if filt.q or _by_district(user, filt):
        # A search's postings are found by their cadres and departments (its matches'
        # ids), not in the roster's order: all of them are sorted to find a page. They are
        # sorted as ids (with the sort's column), and only the page's rows are joined to
        # their six tables: joining a region's matches first cost 20 ms at 100,000
        # postings. (With too many matches to pass on, the ids are read in the roster's
        # order instead, each posting tested: ``search_clause``.) So are a district's
        # postings, read by its indexes: an HR officer's roster joined the busiest
        # district's 4,000 postings to sort them (13 against 1.1 ms).
        keys = _keys_select(user, filt, reverse=backwards, matches=matches)
        if cursor:
            keys = keys.where(_after(filt, cursor, backwards))
        stmt = _rows(filt, backwards, start=keys.limit(written(page_size + 1)).subquery("page"))
    else:
        stmt = roster_select(user, filt, reverse=backwards)
        if cursor:
            stmt = stmt.where(_after(filt, cursor, backwards))
    # Posting (or a search's page of ids) first, every other table by its key; a search
    # narrows through other tables unless its matches were read first (then it tests
    # the posting's own columns).
    with joins_as_written(session, when=not filt.q or matches is not None):
        fetched = session.execute(stmt.limit(written(page_size + 1))).all()
    more = len(fetched) > page_size
    fetched = fetched[:page_size]
    if backwards:
        fetched.reverse()
    rows = _derived([RosterRow(*row) for row in fetched], filt.as_of_date)
    number = cursor.number if cursor else 1

    def at(row, page: int, before=False):
        return Cursor(row.sort_value(filt.sort), row.posting_id, before, page)

    has_next = (more and not backwards) or (backwards and bool(rows))
    # A "before" link that ran out of rows is the first page, whatever it was called.
    has_previous = (more and backwards) or (bool(cursor) and not backwards and bool(rows))
    if backwards and not more:
        number = 1
    return RosterPage(
        rows=rows,
        next_cursor=at(rows[-1], number + 1) if has_next and rows else None,
        previous_cursor=at(rows[0], max(number - 1, 1), True) if has_previous and rows else None,
        total=count_roster(session, user, filt, exact=exact_count, matches=matches),
        number=number,
        page_size=page_size,
    )


def cursor_for_page(
    session, user, filt: RosterFilter, number: int, page_size: int = PAGE_SIZE
) -> Cursor | None:
    """The keyset cursor that opens page ``number`` (None: the first page).

    A jump reads one key at an offset; the page itself is then read by its cursor like
    any other, so paging stays keyset underneath.
    """
    if number <= 1:
        return None
    key = AsOf(filt.as_of_date).sort_key(filt.sort)
    stmt = _keys_select(user, filt.without_cursor()).with_only_columns(key, Posting.id)
    found = session.execute(stmt.offset((number - 1) * page_size - 1).limit(1)).first()
    return Cursor(found[0], found[1], number=number) if found else None


def iter_roster(session, user, filt: RosterFilter, batch_size: int = 2000):
    """Every row of the filtered roster, read in batches from a server-side cursor."""
    stmt = roster_select(user, filt.without_cursor()).execution_options(yield_per=batch_size)
    # Through the session's connection: plain rows, without the ORM's per-row bookkeeping.
    for batch in session.connection().execute(stmt).partitions():
        yield from _derived([RosterRow(*row) for row in batch], filt.as_of_date)


def _exported(row: RosterRow) -> list:
    """A row's values in the export's columns (``EXPORTED``)."""
    return [
        row.cadre_name,
        row.gender,
        row.birth_month,
        row.rank,
        row.home_district,
        row.home_department,
        row.home_position,
        row.host_district,
        row.host_department,
        row.host_position,
        row.programme,
        row.start_date,
        row.planned_end_date,
        row.actual_end_date,
        row.served_days,
        row.left_days,
        row.status,
        row.compliance,
    ]


EXPORTED = [
    "cadre_name",
    "gender",
    "birth_month",
    "rank",
    "home_district",
    "home_department",
    "home_position",
    "host_district",
    "host_department",
    "host_position",
    "programme",
    "start_date",
    "planned_end_date",
    "actual_end_date",
    "served_days",
    "left_days",
    "status",
    "compliance",
]


def export_rows(session, user, filt: RosterFilter, batch_size: int = 2000) -> Iterator[list]:
    """Every row of the filtered roster as a list of the export's values (``EXPORTED``),
    in the roster's order (``export_batches``, one by one)."""
    for batch in export_batches(session, user, filt, batch_size):
        yield from batch


def export_batches(
    session, user, filt: RosterFilter, batch_size: int = 2000
) -> Iterator[list[list]]:
    """Every row of the filtered roster as a list of the export's values (``EXPORTED``),
    in the roster's order, in lists of up to ``batch_size`` rows read together (from a
    server-side cursor on PostgreSQL).

    Today's roster is read in one pass over plain rows (``db.plain_batches``): the
    posting, its cadre and its report summary (``FiledPeriods``) from the database, joined
    to the table the sort orders by only; departments (with their districts) and
    programmes named from lookups read once (a region has a few thousand), where joining
    all five to each of 100,000 postings made SQLite's stepping a third of the export; the
    days and the compliance worked out from the row's values (``served_and_left``,
    ``counts.summary_compliance``), with no object per row. The roster of a past day
    counts the reports submitted by then, and goes through ``iter_roster``;
    tests/rosters/test_export_rows.py holds the two to the same values."""
    if filt.as_of_date is not None:
        batch: list[list] = []
        for row in iter_roster(session, user, filt, batch_size):
            batch.append(_exported(row))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch
        return
    filt = filt.without_cursor()
    # Each department's name and its district's: a posting's district is its department's.
    departments = {
        department_id: (department, district)
        for department_id, department, district in session.execute(
            sa.select(Department.id, name_column(Department), name_column(District)).join(
                District, District.id == Department.district_id
            )
        )
    }
    programmes = {
        row[0]: row[1:]
        for row in session.execute(
            sa.select(
                Programme.id,
                Programme.name,
                Programme.report_cadence_months,
                Programme.reports_required_from,
            )
        )
    }
    stmt = sa.select(
        Cadre.name,
        Cadre.gender,
        Cadre.birth_month,
        Cadre.rank,
        Posting.home_department_id,
        Posting.home_position,
        Posting.host_department_id,
        Posting.host_position,
        Posting.programme_id,
        Posting.start_date,
        Posting.planned_end_date,
        Posting.actual_end_date,
        Posting.status,
        FiledPeriods.periods,
        FiledPeriods.final_submitted,
    ).select_from(Posting)
    for joined, (table, join_on) in _TABLES.items():
        if joined in ("cadre", filt.sort):
            stmt = stmt.join(table, join_on)
    stmt = (
        stmt.outerjoin(FiledPeriods, FiledPeriods.posting_id == Posting.id)
        .where(*filter_clauses(user, filt))
        .order_by(*_order(filt, False))
    )
    on = today()
    connection = session.connection()
    day = driver_day(connection)
    for batch in plain_batches(connection, stmt, batch_size):
        rows: list[list] = []
        append = rows.append
        for (
            name, gender, birth_month, rank,
            home_department_id, home_position, host_department_id, host_position,
            programme_id, start, planned_end, actual_end, status, periods, final,
        ) in batch:  # fmt: skip
            if day is not None:  # SQLite's dates, read as text
                start, planned_end = day(start), day(planned_end)
                birth_month, actual_end, final = day(birth_month), day(actual_end), day(final)
            programme, cadence, required_from = programmes[programme_id]
            home_department, home_district = departments[home_department_id]
            host_department, host_district = departments[host_department_id]
            end = actual_end or planned_end
            served, left = served_and_left(status, start, planned_end, end, on)
            append([
                name, gender, birth_month, rank,
                home_district, home_department, home_position,
                host_district, host_department, host_position,
                programme, start, planned_end, actual_end, served, left, status,
                summary_compliance(
                    status, start, end, cadence, required_from, periods, final, on
                ),
            ])  # fmt: skip
        yield rows


def issuing_unit(user) -> str:
    """制表单位: the user's district, or for a user of no district their name as shown."""
    if user.district is not None:
        return user.district.label
    return user.display_name or user.username
