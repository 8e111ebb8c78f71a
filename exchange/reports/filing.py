"""Which report periods of each posting are filed: a summary kept in the same transaction.

The dashboard counts the periodic reports overdue across a region (``overdue``): the
periods due minus the periods filed. Counting the filed periods from the reports meant
reading every submitted periodic report of every posting in post, about 400,000 at
1,000,000 reports, on every view. ``FiledPeriods`` holds each posting's filed periods as
one short text instead ("1" at k - 1 when period k has a submitted periodic report), so
the count reads one row per posting.

The summary is rewritten from the reports, never patched, whenever the unit of work
changes what it depends on: a submitted report (added, changed or deleted, or a report
becoming submitted), a posting's start or programme, or a programme's cadence. This runs
in ``after_flush``, in the same transaction as the change, whichever service made it;
bulk loads that bypass the ORM (``bench-data``) call ``rebuild``. A test makes random
changes through the services and compares the table with one computed from the reports
(tests/reports/test_filing.py).

Written by hand: the periods are this app's rule (``schedule``), which no library knows,
and a database trigger would have to repeat the month arithmetic in two SQL dialects.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import chain

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.reports.counts import _offset
from exchange.reports.models import FiledPeriods, ReflectionLog, ReportKind, ReportStatus

IDS_PER_STATEMENT = 10_000  # as ``counts.IDS_PER_STATEMENT``: under SQLite's parameter limit


def period_of(day: date, start: date, cadence: int) -> int | None:
    """The number of the period (1, 2, …) a report speaking for ``day`` files, in a term
    from ``start`` with a report every ``cadence`` months; None before the term.

    As ``counts`` numbers them: period k ends k × cadence months after the start, and a
    day belongs to the first period ending on or after it."""
    if day < start:
        return None
    return -(-_offset(day, start) // cadence) or 1


def periods_text(start: date, cadence: int | None, days: Iterable[date]) -> str:
    """The summary of a posting whose submitted periodic reports speak for ``days``."""
    cadence = max(int(cadence or 1), 1)  # as counts._Tally reads a programme's cadence
    filed = {p for day in days if (p := period_of(day, start, cadence)) is not None}
    if not filed:
        return ""
    marks = ["0"] * max(filed)
    for period in filed:
        marks[period - 1] = "1"
    return "".join(marks)


def filed_between(periods: str, first: int, last: int) -> int:
    """How many of periods ``first`` … ``last`` the summary ``periods`` marks filed."""
    return periods.count("1", first - 1, last)


def _speaks_for():
    return sa.func.coalesce(ReflectionLog.period_end_date, ReflectionLog.report_date)


def refresh(connection: sa.Connection, posting_ids: Iterable[int]) -> None:
    """Rewrite the summary of ``posting_ids`` from their submitted periodic reports."""
    ids = sorted({i for i in posting_ids if i is not None})
    table = FiledPeriods.__table__
    for first in range(0, len(ids), IDS_PER_STATEMENT):
        chunk = ids[first : first + IDS_PER_STATEMENT]
        # PostgreSQL: one transaction at a time rewrites a posting's summary, and reads its
        # reports after the one before it committed (a report submitted meanwhile would
        # otherwise be missed, or both would insert the row).
        connection.execute(
            sa.select(Posting.id)
            .where(Posting.id.in_(chunk))
            .order_by(Posting.id)
            .with_for_update()
        )
        terms = connection.execute(
            sa.select(Posting.id, Posting.start_date, Programme.report_cadence_months)
            .join(Programme, Programme.id == Posting.programme_id)
            .where(Posting.id.in_(chunk))
        ).all()
        days: dict[int, list[date]] = defaultdict(list)
        for posting_id, day in connection.execute(
            sa.select(ReflectionLog.posting_id, _speaks_for()).where(
                ReflectionLog.posting_id.in_(chunk),
                ReflectionLog.status == ReportStatus.SUBMITTED,
                ReflectionLog.kind == ReportKind.MONTHLY,
            )
        ):
            days[posting_id].append(day)
        connection.execute(sa.delete(table).where(table.c.posting_id.in_(chunk)))
        rows = [
            {"posting_id": posting_id, "periods": text}
            for posting_id, start, cadence in terms
            if (text := periods_text(start, cadence, days.get(posting_id, ())))
        ]
        if rows:
            connection.execute(sa.insert(table), rows)


def rebuild(connection: sa.Connection) -> None:
    """The whole summary from the reports (after a bulk load, or to check it)."""
    connection.execute(sa.delete(FiledPeriods.__table__))
    reported = connection.scalars(
        sa.select(ReflectionLog.posting_id)
        .where(
            ReflectionLog.status == ReportStatus.SUBMITTED,
            ReflectionLog.kind == ReportKind.MONTHLY,
        )
        .distinct()
    ).all()
    refresh(connection, reported)


def computed(connection: sa.Connection) -> dict[int, str]:
    """The summary as the reports give it now, without the table (for the tests)."""
    terms = {
        posting_id: (start, cadence)
        for posting_id, start, cadence in connection.execute(
            sa.select(Posting.id, Posting.start_date, Programme.report_cadence_months).join(
                Programme, Programme.id == Posting.programme_id
            )
        )
    }
    days: dict[int, list[date]] = defaultdict(list)
    for posting_id, day in connection.execute(
        sa.select(ReflectionLog.posting_id, _speaks_for()).where(
            ReflectionLog.status == ReportStatus.SUBMITTED,
            ReflectionLog.kind == ReportKind.MONTHLY,
        )
    ):
        days[posting_id].append(day)
    result = {}
    for posting_id, reported in days.items():
        if text := periods_text(*terms[posting_id], reported):
            result[posting_id] = text
    return result


def stored(connection: sa.Connection) -> dict[int, str]:
    table = FiledPeriods.__table__
    return dict(connection.execute(sa.select(table.c.posting_id, table.c.periods)).all())


# Kept in step by the unit of work ------------------------------------------------------


def _history(obj, name: str):
    return sa.inspect(obj).attrs[name].history


def _report_postings(report: ReflectionLog) -> set[int]:
    """The postings whose summary ``report``'s change may touch: none unless it is, or
    was, a submitted report."""
    statuses = {report.status, *_history(report, "status").deleted}
    if ReportStatus.SUBMITTED not in statuses:
        return set()
    return {report.posting_id, *_history(report, "posting_id").deleted}


def _changed(obj, *names: str) -> bool:
    return any(_history(obj, name).has_changes() for name in names)


@event.listens_for(Session, "after_flush")
def _keep_in_step(session: Session, _context) -> None:
    touched: set[int] = set()
    programmes: set[int] = set()
    for obj in chain(session.new, session.deleted):
        if isinstance(obj, ReflectionLog):
            touched |= _report_postings(obj)
    for obj in session.dirty:
        if isinstance(obj, ReflectionLog):
            touched |= _report_postings(obj)
        elif isinstance(obj, Posting) and _changed(obj, "start_date", "programme_id"):
            touched.add(obj.id)
        elif isinstance(obj, Programme) and _changed(obj, "report_cadence_months"):
            programmes.add(obj.id)
    connection = session.connection()
    if programmes:
        table = FiledPeriods.__table__
        touched.update(
            connection.scalars(
                sa.select(table.c.posting_id)
                .join(Posting, Posting.id == table.c.posting_id)
                .where(Posting.programme_id.in_(programmes))
            )
        )
    if touched:
        refresh(connection, touched)
