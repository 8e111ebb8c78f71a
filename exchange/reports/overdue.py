"""How many reports are overdue: the dashboard's card, without building a schedule.

The count is ``len(schedule.overdue_items(user, as_of))``: over the postings in post or
finished within ``OVERDUE_LOOKBACK_DAYS``, each periodic report due before ``as_of`` and
never submitted, and each final summary past its grace days and never submitted. It is
counted as *expected minus filed*:

- the periodic reports due so far, per posting, are arithmetic on its dates and its
  programme's cadence (``counts._Tally``), over plain rows of the postings;
- the periods filed come with each row from ``FiledPeriods``, one short text per posting
  kept in step with its reports (``filing``), counted between the first and the last
  period due;
- a final summary past due is missing when the summary row has no day one was submitted.

Counting the filed periods from the reports on each view read about 400,000 submitted
reports at 1,000,000 (0.3–0.45 s); doing their month arithmetic in SQL was slower still.
Written by hand because the periods are this app's rule (``schedule``), which no
library knows; tests/reports/test_overdue.py compares the count with ``overdue_items`` on
generated regions and days.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from exchange import policy
from exchange.extensions import db
from exchange.postings.models import REPORTABLE_STATUSES, Posting
from exchange.programmes.models import Programme
from exchange.reports.filing import filed_between
from exchange.reports.models import FiledPeriods
from exchange.reports.schedule import (
    FINAL_GRACE_DAYS,
    OVERDUE_LOOKBACK_DAYS,
    in_post_or_ended_since,
)


def overdue_count(user, as_of: date) -> int:
    """``len(schedule.overdue_items(user, as_of))``: the periodic reports due so far, minus
    the periods filed, plus the final summaries past due and missing.

    Each posting's bounds are ``counts._Tally``'s, worked out inline on the row's values
    (a region has some 15,000 postings in post, and an object per posting was half the
    count's time); ``tests/reports/test_overdue.py`` holds the two to the same answer."""
    missing = 0
    as_of_month, as_of_day = as_of.year * 12 + as_of.month, as_of.day
    reportable = frozenset(REPORTABLE_STATUSES)
    grace = timedelta(days=FINAL_GRACE_DAYS)
    for _id, status, start, end, cadence, required_from, periods, final in _spans(user, as_of):
        if status not in reportable:
            continue
        cadence = int(cadence or 1)
        cadence = cadence if cadence > 1 else 1
        start_month, start_day = start.year * 12 + start.month, start.day
        # _offset(day, start) - 1 for the end and for as_of: the last period due before each.
        last = (end.year * 12 + end.month - start_month + (end.day > start_day) - 1) // cadence
        past = (as_of_month - start_month + (as_of_day > start_day) - 1) // cadence
        if past > last:
            past = last
        first, final_expected = 1, True
        if required_from is not None:
            offset = (
                required_from.year * 12
                + required_from.month
                - start_month
                + (required_from.day > start_day)
            )
            first = max(1, -(-offset // cadence))
            final_expected = end + grace >= required_from
        if past >= first:
            missing += past - first + 1
            if periods:
                missing -= filed_between(periods, first, past)
        if final is None and final_expected and as_of > end + grace:
            missing += 1
    return missing


def _spans(user, as_of: date):
    """The postings reminders are about on ``as_of`` (as ``counts.recent_spans``), each
    with its filed periods, as plain rows through the session's connection (no ORM
    bookkeeping: a region has tens of thousands in post)."""
    recent = as_of - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    return db.session.connection().execute(
        sa.select(
            Posting.id.label("posting_id"),
            Posting.status,
            Posting.start_date,
            Posting.end_date.label("end_date"),
            Programme.report_cadence_months.label("cadence_months"),
            Programme.reports_required_from.label("required_from"),
            FiledPeriods.periods,
            FiledPeriods.final_submitted,
        )
        .join(Programme, Programme.id == Posting.programme_id)
        .outerjoin(FiledPeriods, FiledPeriods.posting_id == Posting.id)
        .where(policy.posting_scope(user), in_post_or_ended_since(recent))
    )
