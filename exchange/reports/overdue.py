"""How many reports are overdue: the dashboard's card.

The count is ``len(schedule.overdue_items(user, as_of))``: over the postings in post or
finished within ``OVERDUE_LOOKBACK_DAYS``, each periodic report due before ``as_of`` and
never submitted, and each final summary past its grace days and never submitted.

For the region (the administrator, a leader) and for a district (its HR officers) it is
read from the gaps summarised by day (``gaps``): one range of a few thousand rows, the
same at any number of postings. For anyone else (no one the dashboard shows it to today)
it is counted from the postings, as *expected minus filed*, by the database
(``counted_from_postings``):

- the periodic reports due so far are arithmetic on the posting's dates and its
  programme's cadence, as ``counts._Tally`` works them out: month numbers
  (year × 12 + month) and an integer division;
- the periods filed come from ``FiledPeriods``, one short text per posting kept in step
  with its reports (``filing``): the characters for the first to the last period due,
  less those that are "0";
- a final summary past due is missing when the summary row has no day one was submitted.

That count reads every posting in post: 43 ms at 100,000 postings on SQLite (60 ms in
Python before it, 0.3–0.45 s from the reports before that); the summary, under 1 ms.
Written by hand because the periods are this app's rule (``schedule``), which no
library knows; tests/reports/test_overdue.py and test_gaps.py compare both counts with
``overdue_items`` on generated regions and days, on SQLite and PostgreSQL.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from exchange import policy
from exchange.extensions import db
from exchange.postings.models import REPORTABLE_STATUSES, Posting
from exchange.programmes.models import Programme
from exchange.reports import gaps
from exchange.reports.filing import MISSING
from exchange.reports.models import FiledPeriods
from exchange.reports.schedule import (
    FINAL_GRACE_DAYS,
    OVERDUE_LOOKBACK_DAYS,
    in_post_or_ended_since,
)
from exchange.sql_dates import day_of_month, days_before, least, month_number


def overdue_count(user, as_of: date) -> int:
    """``len(schedule.overdue_items(user, as_of))``."""
    if policy.is_admin(user) or policy.is_leader(user):
        return gaps.overdue_on(db.session.connection(), gaps.REGION, as_of)
    if policy.is_hr(user) and user.district_id is not None:
        return gaps.overdue_on(db.session.connection(), user.district_id, as_of)
    return counted_from_postings(user, as_of)


def counted_from_postings(user, as_of: date) -> int:
    """``overdue_count`` from the postings: the periodic reports due so far, minus the
    periods filed, plus the final summaries past due and missing."""
    spans = _spans(user, as_of)
    first, past, periods = spans.c.first, spans.c.past, spans.c.periods
    part = sa.func.substr(periods, first, past - first + 1)
    filed = sa.func.length(sa.func.replace(part, MISSING, ""))  # the marks other than "0"
    periodic = sa.case(
        (past < first, 0),
        (periods.is_(None), past - first + 1),
        else_=past - first + 1 - filed,
    )
    stmt = sa.select(sa.func.coalesce(sa.func.sum(periodic + spans.c.final_missing), 0))
    return int(db.session.scalar(stmt))


def _spans(user, as_of: date):
    """Per posting reminders are about on ``as_of`` (as ``counts.recent_spans``) that takes
    reports: the first and the last periodic report due before ``as_of`` (as
    ``counts._Tally`` numbers them), its filed periods, and whether its final summary is
    past due and missing (0 or 1).

    Materialised (a CTE the database computes once), so that the second step reads
    ``first`` and ``past`` rather than repeating their arithmetic in every use."""
    start, end = Posting.start_date, Posting.end_date
    required_from = Programme.reports_required_from
    start_month, start_day = month_number(start), day_of_month(start)

    def offset(day):
        """``counts._offset(day, start)``: months from the start, plus one when ``day``
        is later in its month than the start's day."""
        later = sa.case((day_of_month(day) > start_day, 1), else_=0)
        return month_number(day) - start_month + later

    cadence = sa.case(
        (sa.func.coalesce(Programme.report_cadence_months, 1) > 1, Programme.report_cadence_months),
        else_=1,
    )
    # The last period due before the end, and before ``as_of``. The database divides
    # integers towards zero where Python floors: they differ only below zero, and a
    # period below one is never counted (``first`` is at least one).
    last = (offset(end) - 1) // cadence
    as_of_offset = as_of.year * 12 + as_of.month - start_month
    as_of_offset = as_of_offset + sa.case((start_day < as_of.day, 1), else_=0)
    past = least((as_of_offset - 1) // cadence, last)
    required = offset(required_from)
    first = sa.case(
        (sa.and_(required_from.is_not(None), required > 0), (required + cadence - 1) // cadence),
        else_=1,
    )
    final_expected = sa.or_(
        required_from.is_(None), end >= days_before(required_from, FINAL_GRACE_DAYS)
    )
    final_missing = sa.case(
        (
            sa.and_(
                FiledPeriods.final_submitted.is_(None),
                final_expected,
                end < as_of - timedelta(days=FINAL_GRACE_DAYS),
            ),
            1,
        ),
        else_=0,
    )
    recent = as_of - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    return (
        sa.select(
            first.label("first"),
            past.label("past"),
            FiledPeriods.periods.label("periods"),
            final_missing.label("final_missing"),
        )
        .select_from(Posting)
        .join(Programme, Programme.id == Posting.programme_id)
        .outerjoin(FiledPeriods, FiledPeriods.posting_id == Posting.id)
        .where(
            policy.posting_scope(user),
            in_post_or_ended_since(recent),
            Posting.status.in_(REPORTABLE_STATUSES),
        )
        .cte("spans")
        .prefix_with("MATERIALIZED")
    )
