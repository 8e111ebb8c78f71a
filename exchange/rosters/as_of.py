"""A posting as it stood on a date: the roster of a day, derived in SQL from its history.

A posting's history is in its own columns and its extensions: the start date, the
status it reached, the actual end (an early end or the completion) and each extension's
earlier planned end with the moment it was agreed. From these, for a date D:

- the planned end in force on D: an extension agreed after D had not yet moved it (an
  extension recorded after the term it extends had already run on is history entered
  late, so it is counted);
- the end known on D: the actual end once D has reached it, else that planned end;
- the status on D: proposed and accepted postings were so on D; a posting that served
  was in post from its start to its end, and after an early end had ended early;
- "on the roster of D": every posting not declined or cancelled whose start is on or
  before D and whose planned end in force on D is on or after D (so an early end shows
  as 提前结束 until the planned end, and a completed term leaves the day after it).

Declined and cancelled postings never served and are on no day's roster.
"""

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from exchange.clock import TZ
from exchange.postings.models import (
    FINISHED_STATUSES,
    SERVED_STATUSES,
    WORKFLOW_ORDER,
    Extension,
    Posting,
    PostingStatus,
)

NEVER_ON_A_ROSTER = (PostingStatus.DECLINED, PostingStatus.CANCELLED)


def _start_of_next_day(on: date) -> datetime:
    """The first moment after ``on`` ends in the districts' time zone, in UTC."""
    return datetime.combine(on + timedelta(days=1), time(0), TZ).astimezone(UTC)


def planned_end_on(on: date) -> sa.ColumnElement[date]:
    """The planned end in force on ``on``: extensions agreed after that day not yet counted."""
    earlier = (
        sa.select(sa.func.min(Extension.previous_planned_end_date))
        .where(
            Extension.posting_id == Posting.id,
            Extension.created_at >= _start_of_next_day(on),
            Extension.previous_planned_end_date >= on,
        )
        .scalar_subquery()
    )
    return sa.func.coalesce(earlier, Posting.planned_end_date)


def actual_end_on(on: date) -> sa.ColumnElement:
    """The actual end, once ``on`` has reached it (None before: it was not known yet)."""
    return sa.case((Posting.actual_end_date <= on, Posting.actual_end_date), else_=None)


def status_on(on: date) -> sa.ColumnElement[str]:
    """The status the posting had on ``on`` (the current one for what never served)."""
    served = Posting.status.in_(SERVED_STATUSES)
    return sa.case(
        (sa.and_(served, Posting.start_date > on), PostingStatus.ACCEPTED.value),
        (
            sa.and_(Posting.status.in_(FINISHED_STATUSES), Posting.actual_end_date < on),
            Posting.status,
        ),
        (served, PostingStatus.ACTIVE.value),
        else_=Posting.status,
    )


def on_roster_of(on: date) -> sa.ColumnElement[bool]:
    """Postings on the roster of ``on``: begun by then and not past the end planned then."""
    # "The end planned then (``planned_end_on``) is on or after ``on``" follows from "the
    # end planned now is": the end planned then is either the end planned now or the
    # earlier end of an extension agreed later, and only extensions whose earlier end is
    # on or after ``on`` are taken back. (Conversely the end planned now is never earlier
    # than the one planned then: each extension moves it later.) So the plain column
    # decides, from an index, with no correlated subquery over the extensions per posting.
    return sa.and_(
        Posting.status.not_in(NEVER_ON_A_ROSTER),
        Posting.start_date <= on,
        Posting.planned_end_date >= on,
    )


def in_post_on(on: date) -> sa.ColumnElement[bool]:
    """On the roster of ``on`` with the status 在岗 that day: ``on_roster_of(on)`` and
    ``status_on(on) == "active"``, written as tests of plain columns.

    It served, had begun and its planned end had not passed, and it had not finished
    before ``on`` (an actual end the day before or earlier). The dashboard counts it from
    ``ix_posting_ends_status`` alone, without reading a posting; tests/rosters/
    test_dashboard.py holds it to the two rules on every status and edge day."""
    return sa.and_(
        Posting.status.in_(SERVED_STATUSES),
        Posting.start_date <= on,
        Posting.planned_end_date >= on,
        sa.or_(
            Posting.status.not_in(FINISHED_STATUSES),
            Posting.actual_end_date.is_(None),
            Posting.actual_end_date >= on,
        ),
    )


def workflow_rank(status: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    """The status's place in the workflow as a one-character key ('1' 拟派 … '7' 已取消)."""
    return sa.case(
        {state.value: str(rank) for rank, state in enumerate(WORKFLOW_ORDER, 1)},
        value=status,
        else_="9",
    )
