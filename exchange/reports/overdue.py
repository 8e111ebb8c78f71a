"""How many reports are overdue: the dashboard's card, without building a schedule.

The count is ``len(schedule.overdue_items(user, as_of))``: over the postings in post or
finished within ``OVERDUE_LOOKBACK_DAYS``, each periodic report due before ``as_of`` and
never submitted, and each final summary past its grace days and never submitted. It is
counted as *expected minus filed*:

- the periodic reports due so far, per posting, are arithmetic on its dates and its
  programme's cadence (``counts._Tally``), over plain rows of the postings;
- the periods that were filed are the distinct (posting, period) pairs of the submitted
  periodic reports, read as two plain values each (no report row, no submission time) and
  numbered with the same month arithmetic as ``counts``;
- the final summaries still missing are counted by the database for the few postings
  whose summary is already past due.

Counting the filed periods in SQL was tried and measured: the month arithmetic on every
report row made SQLite take about 0.4 s at 1,000,000 reports, this pass about half of
that. Written by hand because the periods are this app's rule (``schedule``), which no
library knows; tests/reports/test_overdue.py compares the count with ``overdue_items`` on
generated regions and days.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from exchange import policy
from exchange.extensions import db
from exchange.postings.models import REPORTABLE_STATUSES, Posting
from exchange.reports.counts import IDS_PER_STATEMENT, _Tally, recent_spans
from exchange.reports.models import ReflectionLog, ReportKind, ReportStatus
from exchange.reports.schedule import OVERDUE_LOOKBACK_DAYS, in_post_or_ended_since


def overdue_count(user, as_of: date) -> int:
    """``len(schedule.overdue_items(user, as_of))``: the periodic reports due so far, minus
    the periods filed, plus the final summaries past due and missing."""
    expected = 0
    due: dict[int, _Due] = {}
    final_due: list[int] = []
    for span in recent_spans(user, as_of):
        if span.status not in REPORTABLE_STATUSES:
            continue
        b = _Tally(span, as_of)  # the term's bounds; its reports are counted below
        if b.past >= b.first:
            expected += b.past - b.first + 1
            due[span.posting_id] = (b.start, b.month, b.day, b.cadence, b.first, b.past)
        if b.final_expected and as_of > b.final_due:
            final_due.append(span.posting_id)
    return expected - _filed_periods(user, as_of, due) + _finals_missing(final_due)


#: A posting's periods due: start, its month number and day, cadence, first and last period.
_Due = tuple[date, int, int, int, int, int]


def _filed_periods(user, as_of: date, due: dict[int, _Due]) -> int:
    """How many of the periods in ``due`` had a periodic report submitted."""
    if not due:
        return 0
    speaks_for = sa.func.coalesce(ReflectionLog.period_end_date, ReflectionLog.report_date)
    # The postings as the spans' own query (an index range), not as thousands of ids.
    recent = as_of - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    postings = sa.select(Posting.id).where(
        policy.posting_scope(user), in_post_or_ended_since(recent)
    )
    # Through the session's connection: plain rows, without the ORM's per-row bookkeeping.
    rows = db.session.connection().execute(
        sa.select(ReflectionLog.posting_id, speaks_for).where(
            ReflectionLog.posting_id.in_(postings),
            ReflectionLog.status == ReportStatus.SUBMITTED,
            ReflectionLog.kind == ReportKind.MONTHLY,
        )
    )
    filed: set[tuple[int, int]] = set()
    for posting_id, day in rows:
        d = due.get(posting_id)
        if d is None or day < d[0]:  # nothing due yet, or before the term
            continue
        _start, start_month, start_day, cadence, first, last = d
        # counts._offset and the period it falls in (as counts._add_reports numbers it),
        # inline: this runs once per submitted report.
        offset = day.year * 12 + day.month - start_month + (day.day > start_day)
        period = -(-offset // cadence) or 1
        if first <= period <= last:
            filed.add((posting_id, period))
    return len(filed)


def _finals_missing(posting_ids: list[int]) -> int:
    """How many of ``posting_ids`` have no final summary submitted."""
    filed = 0
    for first in range(0, len(posting_ids), IDS_PER_STATEMENT):
        filed += (
            db.session.scalar(
                sa.select(sa.func.count(sa.distinct(ReflectionLog.posting_id))).where(
                    ReflectionLog.posting_id.in_(posting_ids[first : first + IDS_PER_STATEMENT]),
                    ReflectionLog.status == ReportStatus.SUBMITTED,
                    ReflectionLog.kind == ReportKind.FINAL,
                )
            )
            or 0
        )
    return len(posting_ids) - filed
