"""Each posting's submitted reports, summarised: a table kept in the same transaction.

The dashboard's overdue count, the roster's compliance column and its exports, and the
home pages' overview all count, per posting, the report periods filed on time, late or
not at all. Counting them from the reports meant reading every submitted report of every
posting concerned on every view (about 400,000 at 1,000,000 reports for the dashboard).
``FiledPeriods`` holds one short text per posting instead, at k - 1 "2" when period k
has a report submitted by its due date, "1" when only late ones, "0" when none, and the
local day its first final summary was submitted, so those figures read one row per
posting. (The roster of a past day counts only what was submitted by then: it still
reads the reports, ``counts._submitted``.)

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
from typing import cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from exchange import clock
from exchange.postings.models import Posting
from exchange.programmes.models import Programme
from exchange.reports.counts import FILED_LATE, MISSING, ON_TIME, _offset
from exchange.reports.models import FiledPeriods, ReflectionLog, ReportKind, ReportStatus

TABLE = cast(sa.Table, FiledPeriods.__table__)
IDS_PER_STATEMENT = 10_000  # as ``counts.IDS_PER_STATEMENT``: under SQLite's parameter limit


def period_of(day: date, start: date, cadence: int) -> int | None:
    """The number of the period (1, 2, …) a report speaking for ``day`` files, in a term
    from ``start`` with a report every ``cadence`` months; None before the term.

    As ``counts`` numbers them: period k ends k × cadence months after the start, and a
    day belongs to the first period ending on or after it."""
    if day < start:
        return None
    return -(-_offset(day, start) // cadence) or 1


def periods_text(start: date, cadence: int | None, reports: Iterable[tuple[date, date]]) -> str:
    """The summary of a posting whose submitted periodic reports are ``reports`` (the day
    each speaks for, the local day it was submitted): a period is on time when any of its
    reports was submitted by its due date, k × cadence months after the start."""
    cadence = max(int(cadence or 1), 1)  # as counts._Tally reads a programme's cadence
    marks: dict[int, str] = {}
    for speaks_for, submitted in reports:
        if (period := period_of(speaks_for, start, cadence)) is None:
            continue
        if _offset(submitted, start) <= period * cadence:
            marks[period] = ON_TIME
        else:
            marks.setdefault(period, FILED_LATE)
    if not marks:
        return ""
    return "".join(marks.get(k, MISSING) for k in range(1, max(marks) + 1))


def filed_between(periods: str, first: int, last: int) -> int:
    """How many of periods ``first`` … ``last`` the summary ``periods`` marks filed."""
    part = periods[first - 1 : last] if last >= first else ""
    return len(part) - part.count(MISSING)


def marked_between(periods: str, first: int, last: int, mark: str) -> int:
    """How many of periods ``first`` … ``last`` carry ``mark`` (``ON_TIME``, ``FILED_LATE``)."""
    return periods.count(mark, first - 1, last) if last >= first else 0


def first_missing(periods: str, first: int, last: int) -> int | None:
    """The first of periods ``first`` … ``last`` not filed, if any."""
    for period in range(first, last + 1):
        if period > len(periods) or periods[period - 1] == MISSING:
            return period
    return None


def _speaks_for():
    return sa.func.coalesce(ReflectionLog.period_end_date, ReflectionLog.report_date)


def _filed(connection: sa.Connection, where) -> dict[int, tuple[list, list]]:
    """The submitted periodic reports (day spoken for, local day submitted) and the local
    days final summaries were submitted, per posting, for the postings ``where`` selects."""
    found: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for posting_id, kind, speaks_for, submitted_at in connection.execute(
        sa.select(
            ReflectionLog.posting_id, ReflectionLog.kind, _speaks_for(), ReflectionLog.submitted_at
        ).where(
            where,
            ReflectionLog.status == ReportStatus.SUBMITTED,
            ReflectionLog.kind.in_((ReportKind.MONTHLY, ReportKind.FINAL)),
        )
    ):
        periodic, finals = found[posting_id]
        day = submitted_at.astimezone(clock.TZ).date()
        if kind == ReportKind.FINAL:
            finals.append(day)
        else:
            periodic.append((speaks_for, day))
    return found


def _rows(terms, found) -> list[dict]:
    rows = []
    for posting_id, start, cadence in terms:
        periodic, finals = found.get(posting_id, ((), ()))
        periods = periods_text(start, cadence, periodic)
        if periods or finals:
            final = min(finals) if finals else None
            rows.append({"posting_id": posting_id, "periods": periods, "final_submitted": final})
    return rows


def _terms(where):
    return (
        sa.select(Posting.id, Posting.start_date, Programme.report_cadence_months)
        .join(Programme, Programme.id == Posting.programme_id)
        .where(where)
    )


def refresh(connection: sa.Connection, posting_ids: Iterable[int]) -> None:
    """Rewrite the summary of ``posting_ids`` from their submitted reports."""
    ids = sorted({i for i in posting_ids if i is not None})
    table = TABLE
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
        terms = connection.execute(_terms(Posting.id.in_(chunk))).all()
        found = _filed(connection, ReflectionLog.posting_id.in_(chunk))
        connection.execute(sa.delete(table).where(table.c.posting_id.in_(chunk)))
        if rows := _rows(terms, found):
            connection.execute(sa.insert(table), rows)


def rebuild(connection: sa.Connection) -> None:
    """The whole summary from the reports (after a bulk load, or to check it)."""
    connection.execute(sa.delete(TABLE))
    reported = connection.scalars(
        sa.select(ReflectionLog.posting_id)
        .where(
            ReflectionLog.status == ReportStatus.SUBMITTED,
            ReflectionLog.kind.in_((ReportKind.MONTHLY, ReportKind.FINAL)),
        )
        .distinct()
    ).all()
    refresh(connection, reported)


def computed(connection: sa.Connection) -> dict[int, tuple[str, date | None]]:
    """The summary as the reports give it now, without the table (for the tests)."""
    terms = connection.execute(_terms(sa.true())).all()
    return {
        row["posting_id"]: (row["periods"], row["final_submitted"])
        for row in _rows(terms, _filed(connection, sa.true()))
    }


def stored(connection: sa.Connection) -> dict[int, tuple[str, date | None]]:
    table = TABLE
    return {
        posting_id: (periods, final)
        for posting_id, periods, final in connection.execute(
            sa.select(table.c.posting_id, table.c.periods, table.c.final_submitted)
        )
    }


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
        table = TABLE
        touched.update(
            connection.scalars(
                sa.select(table.c.posting_id)
                .join(Posting, Posting.id == table.c.posting_id)
                .where(Posting.programme_id.in_(programmes))
            )
        )
    if touched:
        refresh(connection, touched)
