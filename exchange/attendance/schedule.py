"""When sheets fall due, which are late or missing, and the presence ratio over a posting."""

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from exchange import clock
from exchange.attendance.models import AttendanceRule, AttendanceSheet, SheetStatus
from exchange.clock import TZ
from exchange.dates import add_months
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.workdays.days import WorkCalendar, calendar_for

DEFAULT_DUE_DAY = 5
DEFAULT_MIN_PRESENCE = 90
DEFAULT_SOURCE = _l("Default rule (the programme sets none).")

SUBMITTED, SUBMITTED_LATE, DUE, LATE, OPEN = "submitted", "submitted_late", "due", "late", "open"
STATE_LABELS = {
    SUBMITTED: _l("Submitted"),
    SUBMITTED_LATE: _l("Submitted late"),
    DUE: _l("Due"),
    LATE: _l("Late"),
    OPEN: _l("Month running"),
}
STATE_BADGES = {
    SUBMITTED: "text-bg-success",
    SUBMITTED_LATE: "text-bg-warning",
    DUE: "text-bg-info",
    LATE: "text-bg-danger",
    OPEN: "text-bg-light",
}


@dataclass(frozen=True)
class Rule:
    due_day: int
    due_source: str
    min_presence_percent: int
    presence_source: str


@dataclass(frozen=True)
class MonthDue:
    posting: Posting
    month: date
    first: date  # the month's first day inside the posting
    last: date  # the month's last day inside the posting
    due_date: date
    calendar: WorkCalendar
    sheet: AttendanceSheet | None
    state: str

    @functools.cached_property
    def working_days(self) -> int:
        """Counted when asked: the lists of sheets due never ask (a day-by-day count for
        every month of every posting was most of an HR page's time)."""
        return self.calendar.working_days(self.first, self.last)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def state_badge(self) -> str:
        return STATE_BADGES[self.state]


@dataclass(frozen=True)
class Overview:
    months: list[MonthDue]
    rule: Rule

    @functools.cached_property
    def _submitted(self) -> list[MonthDue]:
        return [m for m in self.months if m.sheet is not None and m.sheet.is_submitted]

    @functools.cached_property
    def present_days(self) -> Decimal:
        return sum((m.sheet.present_days for m in self._submitted), Decimal(0))  # type: ignore[union-attr]

    @functools.cached_property
    def working_days(self) -> int:
        """Working days of the submitted months, counted when the ratio is asked for."""
        return sum(m.working_days for m in self._submitted)

    @property
    def ratio(self) -> Decimal | None:
        if not self.working_days:
            return None
        return (self.present_days * 100 / self.working_days).quantize(Decimal("0.1"))

    @property
    def below_minimum(self) -> bool:
        return self.ratio is not None and self.ratio < self.rule.min_presence_percent


def rules_for(programme_ids) -> dict[int, Rule]:
    rows = {
        r.programme_id: r
        for r in db.session.scalars(
            sa.select(AttendanceRule).where(AttendanceRule.programme_id.in_(set(programme_ids)))
        )
    }
    result = {}
    for pid in set(programme_ids):
        r = rows.get(pid)
        result[pid] = (
            Rule(r.due_day, r.due_source, r.min_presence_percent, r.presence_source)
            if r
            else Rule(
                DEFAULT_DUE_DAY, str(DEFAULT_SOURCE), DEFAULT_MIN_PRESENCE, str(DEFAULT_SOURCE)
            )
        )
    return result


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return add_months(month_start(day), 1) - timedelta(days=1)


def due_date_of(month: date, rule: Rule) -> date:
    return add_months(month_start(month), 1).replace(day=rule.due_day)


def _state(sheet, last_of_month: date, due: date, as_of: date) -> str:
    if sheet is not None and sheet.is_submitted:
        submitted = sheet.submitted_at.astimezone(TZ).date()
        return SUBMITTED_LATE if submitted > due else SUBMITTED
    if as_of <= last_of_month:
        return OPEN
    return LATE if as_of > due else DUE


def months_of(
    posting: Posting, sheets: dict, calendar: WorkCalendar, rule: Rule, as_of: date
) -> list[MonthDue]:
    """Each month of the posting up to ``as_of``'s month, with its sheet and state."""
    end = min(posting.end_date, as_of)
    months, month = [], month_start(posting.start_date)
    while month <= end:
        first = max(month, posting.start_date)
        last = min(month_end(month), posting.end_date)
        due = due_date_of(month, rule)
        sheet = sheets.get(month)
        months.append(
            MonthDue(
                posting=posting,
                month=month,
                first=first,
                last=last,
                due_date=due,
                calendar=calendar,
                sheet=sheet,
                state=_state(sheet, month_end(month), due, as_of),
            )
        )
        month = add_months(month, 1)
    return months


def _sheets(posting_ids) -> dict[int, dict[date, AttendanceSheet]]:
    found: dict[int, dict[date, AttendanceSheet]] = {pid: {} for pid in posting_ids}
    for sheet in db.session.scalars(
        sa.select(AttendanceSheet).where(AttendanceSheet.posting_id.in_(posting_ids))
    ):
        found[sheet.posting_id][sheet.month] = sheet
    return found


def overviews(postings: list[Posting], as_of: date | None = None) -> dict[int, Overview]:
    """Each posting's months, states and presence ratio: three queries for any number."""
    as_of = as_of or clock.today()
    if not postings:
        return {}
    sheets = _sheets([p.id for p in postings])
    rules = rules_for([p.programme_id for p in postings])
    calendar = calendar_for(min(p.start_date for p in postings), max(p.end_date for p in postings))
    result = {}
    for posting in postings:
        months = months_of(
            posting, sheets[posting.id], calendar, rules[posting.programme_id], as_of
        )
        result[posting.id] = Overview(months=months, rule=rules[posting.programme_id])
    return result


def overview_of(posting: Posting, as_of: date | None = None) -> Overview:
    return overviews([posting], as_of)[posting.id]


def outstanding(postings_stmt, as_of: date | None = None) -> list[MonthDue]:
    """Sheets due or late (never submitted) for the postings ``postings_stmt`` selects.

    ``months_of``'s months, but only those asked for: the submitted sheets are read as
    plain (posting, month) pairs and their months skipped, and only a draft is read as a
    sheet (its link opens it). Building every month of a district's postings with its
    sheet object took 180 ms on every inbox and home page of the busiest district."""
    as_of = as_of or clock.today()
    postings = db.session.scalars(postings_stmt.options(joinedload(Posting.cadre))).unique().all()
    if not postings:
        return []
    ids = [p.id for p in postings]
    before = AttendanceSheet.month < month_start(as_of)
    submitted = {
        (posting_id, month)
        for posting_id, month in db.session.execute(
            sa.select(AttendanceSheet.posting_id, AttendanceSheet.month).where(
                AttendanceSheet.posting_id.in_(ids),
                AttendanceSheet.status == SheetStatus.SUBMITTED,
                before,
            )
        )
    }
    sheets = {
        (sheet.posting_id, sheet.month): sheet
        for sheet in db.session.scalars(
            sa.select(AttendanceSheet).where(
                AttendanceSheet.posting_id.in_(ids),
                AttendanceSheet.status != SheetStatus.SUBMITTED,
                before,
            )
        )
    }
    rules = rules_for([p.programme_id for p in postings])
    calendar = calendar_for(min(p.start_date for p in postings), max(p.end_date for p in postings))
    current = _month_index(as_of)
    items: list[MonthDue] = []
    for posting in postings:
        rule = rules[posting.programme_id]
        # The months that ended before ``as_of``'s month: the running one is never due.
        for index in range(
            _month_index(posting.start_date), min(_month_index(posting.end_date), current - 1) + 1
        ):
            month = date(index // 12, index % 12 + 1, 1)
            if (posting.id, month) in submitted:
                continue
            following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
            last_of_month = following - timedelta(days=1)
            due = following.replace(day=rule.due_day)
            sheet = sheets.get((posting.id, month))
            items.append(
                MonthDue(
                    posting=posting,
                    month=month,
                    first=max(month, posting.start_date),
                    last=min(last_of_month, posting.end_date),
                    due_date=due,
                    calendar=calendar,
                    sheet=sheet,
                    state=_state(sheet, last_of_month, due, as_of),
                )
            )
    return sorted(items, key=lambda m: (m.due_date, m.posting.id))


#: Postings whose months ``oldest_outstanding`` works out between two looks for a cutoff.
OLDEST_BATCH = 100


def oldest_outstanding(postings_stmt, shown: int, as_of: date | None = None) -> list[MonthDue]:
    """The ``shown`` oldest of ``outstanding(postings_stmt, as_of)``, in its order, and any
    other sheet due on the same day as the last of them (a list that orders a day's sheets
    its own way, the inbox, then cuts them the same).

    The postings are read as plain rows and their months worked out in the order they
    started, and the work stops once a posting starts after the due day of the
    ``shown``-th oldest sheet found: a month's sheet falls due after the month, so no
    later posting owes an older one. Only the sheets kept are built, with their postings
    and drafts. Building every month of every posting to show fifty took the
    administrator's attendance page 1.4 s, and an HR officer's inbox and home page built
    thousands. ``tests/ops/test_bench_data.py`` holds it to ``outstanding``."""
    as_of = as_of or clock.today()
    current = _month_index(as_of)
    rows = sorted(
        db.session.execute(
            postings_stmt.with_only_columns(
                Posting.id, Posting.start_date, Posting.end_date, Posting.programme_id
            )
        ).all(),
        key=lambda row: (row[1], row[0]),
    )
    rules = rules_for({row[3] for row in rows}) if rows else {}
    found: list[tuple[date, int, int]] = []  # (due, posting, month index)
    cutoff: date | None = None
    # Two reads of submitted months, whatever the data: those of the first postings, then
    # those of the postings that started by the cutoff they gave (all, if none), by the
    # postings' own statement (a region's ids as parameters cost more than the months).
    # Reading every posting's: 136,000 months for the administrator, 160 ms.
    head, rest = rows[:OLDEST_BATCH], rows[OLDEST_BATCH:]
    submitted = _submitted([row[0] for row in head], as_of)
    for part in (head, rest):
        if part is rest:
            ids = postings_stmt.with_only_columns(Posting.id)
            if cutoff is not None:
                ids = ids.where(Posting.start_date <= cutoff)
            submitted |= _submitted(ids, as_of)
        for number, (posting_id, start, end, programme_id) in enumerate(part, 1):
            if cutoff is not None and _next_month(start) > cutoff:
                break
            found += _unsubmitted(
                posting_id, start, end, rules[programme_id].due_day, current, submitted
            )
            if number % OLDEST_BATCH == 0 or number == len(part):
                found.sort()
                if len(found) >= shown:
                    cutoff = found[shown - 1][0]
                    found = [item for item in found if item[0] <= cutoff]
    found.sort()
    if len(found) >= shown:
        found = [item for item in found if item[0] <= found[shown - 1][0]]
    return _months_due(found, as_of)


def _unsubmitted(
    posting_id: int, start: date, end: date, due_day: int, current: int, submitted: set
) -> list[tuple[date, int, int]]:
    """(due, posting, month index) of each month of a posting before month ``current``
    (an index) whose sheet is not in ``submitted``."""
    found = []
    for index in range(_month_index(start), min(_month_index(end), current - 1) + 1):
        if (posting_id, date(index // 12, index % 12 + 1, 1)) not in submitted:
            found.append(
                (date((index + 1) // 12, (index + 1) % 12 + 1, due_day), posting_id, index)
            )
    return found


def _submitted(posting_ids, as_of: date) -> set[tuple[int, date]]:
    """(posting, month) of each sheet submitted for a month before ``as_of``'s, of the
    postings ``posting_ids`` (a list, or a SELECT of them)."""
    return {
        (posting_id, month)
        for posting_id, month in db.session.execute(
            sa.select(AttendanceSheet.posting_id, AttendanceSheet.month).where(
                AttendanceSheet.posting_id.in_(posting_ids),
                AttendanceSheet.status == SheetStatus.SUBMITTED,
                AttendanceSheet.month < month_start(as_of),
            )
        )
    }


def _next_month(day: date) -> date:
    """The first day of the month after ``day``'s: before it, no sheet of it falls due."""
    index = _month_index(day) + 1
    return date(index // 12, index % 12 + 1, 1)


def _months_due(found: list[tuple[date, int, int]], as_of: date) -> list[MonthDue]:
    """``MonthDue`` of each (due, posting, month index), with the posting, its cadre and
    the month's draft sheet, if any (in ``outstanding``'s order: ``found`` is sorted)."""
    if not found:
        return []
    ids = sorted({posting_id for _due, posting_id, _index in found})
    postings = {
        posting.id: posting
        for posting in db.session.scalars(
            sa.select(Posting).where(Posting.id.in_(ids)).options(joinedload(Posting.cadre))
        )
    }
    months = {date(index // 12, index % 12 + 1, 1) for _due, _id, index in found}
    drafts = {
        (sheet.posting_id, sheet.month): sheet
        for sheet in db.session.scalars(
            sa.select(AttendanceSheet).where(
                AttendanceSheet.posting_id.in_(ids),
                AttendanceSheet.month.in_(months),
                AttendanceSheet.status != SheetStatus.SUBMITTED,
            )
        )
    }
    chosen = postings.values()
    calendar = calendar_for(min(p.start_date for p in chosen), max(p.end_date for p in chosen))
    items = []
    for due, posting_id, index in found:
        posting = postings[posting_id]
        month = date(index // 12, index % 12 + 1, 1)
        following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
        last_of_month = following - timedelta(days=1)
        sheet = drafts.get((posting_id, month))
        items.append(
            MonthDue(
                posting=posting,
                month=month,
                first=max(month, posting.start_date),
                last=min(last_of_month, posting.end_date),
                due_date=due,
                calendar=calendar,
                sheet=sheet,
                state=_state(sheet, last_of_month, due, as_of),
            )
        )
    return items


def leave_days_in(posting: Posting, first: date, last: date) -> Decimal:
    """Working days of granted leave between ``first`` and ``last``: the sheet's default."""
    from exchange.leave.models import GRANTED_LEAVE, Leave
    from exchange.workdays.days import leave_days

    calendar = calendar_for(first, last, margin=0)
    total = Decimal(0)
    for leave in db.session.scalars(
        sa.select(Leave).where(
            Leave.posting_id == posting.id,
            Leave.status.in_(GRANTED_LEAVE),
            Leave.start_date <= last,
            Leave.end_date >= first,
        )
    ):
        start, end = max(leave.start_date, first), min(leave.end_date, last)
        total += leave_days(
            calendar,
            start,
            end,
            leave.start_half and start == leave.start_date,
            leave.end_half and end == leave.end_date,
        )
    return total


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def outstanding_count(postings_stmt, as_of: date | None = None) -> int:
    """``len(outstanding(postings_stmt, as_of))`` from plain rows: every month of a posting
    that ended before ``as_of``'s month is due or late unless its sheet was submitted, so
    the count is months minus submitted sheets (the bell asks on every page)."""
    as_of = as_of or clock.today()
    # The last day a counted sheet's month may begin on: the posting's end, or the day
    # before ``as_of``'s month. One bound taken from the posting's row, not a constant
    # besides: SQLite otherwise read every sheet of the region by the month index (the
    # sheet list's) and then its posting, 112 ms for the administrator against 49.
    this_month = month_start(as_of)
    last_day = sa.case(
        (Posting.end_date < this_month, Posting.end_date),
        else_=sa.literal(this_month - timedelta(days=1), sa.Date),
    )
    spans = postings_stmt.with_only_columns(
        Posting.id, Posting.start_date, Posting.end_date, last_day.label("last_day")
    ).subquery()
    rows = db.session.execute(sa.select(spans.c.id, spans.c.start_date, spans.c.end_date)).all()
    if not rows:
        return 0
    current = _month_index(as_of)
    months = sum(
        max(min(_month_index(end), current - 1) - _month_index(start) + 1, 0)
        for _id, start, end in rows
    )
    submitted = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AttendanceSheet)
        .join(spans, spans.c.id == AttendanceSheet.posting_id)
        .where(
            AttendanceSheet.status == SheetStatus.SUBMITTED,
            # A month before ``as_of``'s. A sheet is for a month of the posting (services
            # refuse others); an early end agreed later leaves the months after it out.
            AttendanceSheet.month <= spans.c.last_day,
        )
    )
    return months - (submitted or 0)
