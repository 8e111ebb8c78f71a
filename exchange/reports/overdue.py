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
from exchange.reports.counts import _Tally
from exchange.reports.filing import filed_between
from exchange.reports.models import FiledPeriods
from exchange.reports.schedule import OVERDUE_LOOKBACK_DAYS, in_post_or_ended_since


def overdue_count(user, as_of: date) -> int:
    """``len(schedule.overdue_items(user, as_of))``: the periodic reports due so far, minus
    the periods filed, plus the final summaries past due and missing."""
    missing = 0
    for span in _spans(user, as_of):
        if span.status not in REPORTABLE_STATUSES:
            continue
        b = _Tally(span, as_of)  # the term's bounds: its periods due so far
        if b.past >= b.first:
            missing += b.past - b.first + 1
            if span.periods:
                missing -= filed_between(span.periods, b.first, b.past)
        if b.final_expected and as_of > b.final_due and span.final_submitted is None:
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
