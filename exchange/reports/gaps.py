"""The reports overdue on any day, summarised by day: the dashboard's count in one range.

The dashboard counts, as of a day D, every periodic report due before D and never filed,
and every final summary past its grace days and never submitted, over the postings in
post or finished within ``OVERDUE_LOOKBACK_DAYS`` before D (``overdue.overdue_count``,
``schedule.overdue_items``). What a posting is missing does not change with D; only which
of it is counted does:

- a *gap* is a report the posting's term expects and nobody filed: periodic report k
  (``first`` … ``last``, as ``counts._bounds`` numbers them) with no report filed
  (``FiledPeriods``), due k × cadence months after the start; and the final summary, when
  expected and never submitted, due ``FINAL_GRACE_DAYS`` after the end. A gap counts on
  D when it fell due before D.
- a finished posting leaves the count ``OVERDUE_LOOKBACK_DAYS`` after its end. All its
  gaps fell due before that, so when it leaves it takes all of them with it. A posting
  in post never leaves.

So the count on D is the gaps due before D less the gaps of the postings that left
before D: two sums over days. ``ReportGapDay`` holds both per day, for each district (a
posting counts under its home and its host district) and for the region (district 0).
Anyone's count on any day is one range of a few thousand rows, however many postings.

``ReportGap`` keeps each posting's own part, so that a change replaces it: after each
flush, after ``filing`` has rewritten the filed periods, the postings whose reports,
dates, status, districts or programme changed, or whose programme's cadence or first
required day did, are worked out again in the same transaction, and the difference is
added to the days. Those are upserts that add, so two transactions never overwrite each
other's figures. Bulk loads that bypass the ORM (``bench-data``) call ``rebuild``.
tests/reports/test_gaps.py makes random changes through the services and compares the
tables with ones computed from the rows, and the count with ``overdue_items``.

Written by hand: the periods are this app's rule (``schedule``, ``counts``), which no
library knows, and a trigger would repeat their month arithmetic in two SQL dialects.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import chain
from typing import cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from exchange.dates import add_months
from exchange.db import add_to_counts
from exchange.postings.models import (
    REPORTABLE_STATUSES,
    SERVED_STATUSES,
    Posting,
    PostingStatus,
)
from exchange.programmes.models import Programme
from exchange.reports import filing
from exchange.reports.counts import _bounds
from exchange.reports.models import FiledPeriods, ReflectionLog, ReportGap, ReportGapDay
from exchange.reports.schedule import OVERDUE_LOOKBACK_DAYS

GAPS = cast(sa.Table, ReportGap.__table__)
DAYS = cast(sa.Table, ReportGapDay.__table__)
REGION = 0  # the district id of the whole region's rows
IDS_PER_STATEMENT = filing.IDS_PER_STATEMENT
# The postings the overdue count is about: in post or finished, and taking reports.
COUNTED_STATUSES = tuple(s for s in SERVED_STATUSES if s in REPORTABLE_STATUSES)
# What a posting's gaps are worked out from.
POSTING_FIELDS = (
    "status",
    "start_date",
    "planned_end_date",
    "actual_end_date",
    "programme_id",
    "home_district_id",
    "host_district_id",
)
PROGRAMME_FIELDS = ("report_cadence_months", "reports_required_from")

# (home district, host district, the days its gaps fall due, the day it leaves or None)
Part = tuple[int, int, tuple[date, ...], date | None]


def part_of(
    status: str,
    start: date,
    end: date,
    cadence: int | None,
    required_from: date | None,
    periods: str | None,
    final: date | None,
) -> tuple[tuple[date, ...], date | None] | None:
    """A posting's gaps (the days they fall due, oldest first) and the day it leaves the
    count, from its values and its summary; None when it has no gap or is not counted."""
    if status not in COUNTED_STATUSES:
        return None
    every, first, last, _past, final_due, final_expected = _bounds(
        start, end, cadence, required_from, start
    )
    periods = periods or ""
    filed = len(periods)
    days = [
        add_months(start, period * every, anchor_day=start.day)
        for period in range(first, last + 1)
        if period > filed or periods[period - 1] == filing.MISSING
    ]
    if final_expected and final is None:
        days.append(final_due)
    if not days:
        return None
    leaves = None if status == PostingStatus.ACTIVE else end + timedelta(OVERDUE_LOOKBACK_DAYS)
    return tuple(days), leaves


def _values(where):
    return (
        sa.select(
            Posting.id,
            Posting.home_district_id,
            Posting.host_district_id,
            Posting.status,
            Posting.start_date,
            Posting.end_date,
            Programme.report_cadence_months,
            Programme.reports_required_from,
            FiledPeriods.periods,
            FiledPeriods.final_submitted,
        )
        .join(Programme, Programme.id == Posting.programme_id)
        .outerjoin(FiledPeriods, FiledPeriods.posting_id == Posting.id)
        .where(where, Posting.status.in_(COUNTED_STATUSES))
    )


def _parts(connection: sa.Connection, where) -> dict[int, Part]:
    parts: dict[int, Part] = {}
    for posting_id, home, host, *values in connection.execute(_values(where)):
        if (found := part_of(*values)) is not None:
            parts[posting_id] = (home, host, *found)
    return parts


def _stored_parts(connection: sa.Connection, where) -> dict[int, Part]:
    return {
        posting_id: (home, host, _days(text), leaves)
        for posting_id, home, host, text, leaves in connection.execute(
            sa.select(
                GAPS.c.posting_id,
                GAPS.c.home_district_id,
                GAPS.c.host_district_id,
                GAPS.c.due_days,
                GAPS.c.leaves_on,
            ).where(where)
        )
    }


def _days(text: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(day) for day in text.split(",")) if text else ()


def _gap_rows(parts: dict[int, Part]) -> list[dict]:
    return [
        {
            "posting_id": posting_id,
            "home_district_id": home,
            "host_district_id": host,
            "due_days": ",".join(day.isoformat() for day in days),
            "leaves_on": leaves,
        }
        for posting_id, (home, host, days, leaves) in parts.items()
    ]


def _add(totals: dict, part: Part, sign: int) -> None:
    home, host, days, leaves = part
    for district in (REGION, home, host):
        for day in days:
            totals[district, day][0] += sign
        if leaves is not None:
            totals[district, leaves][1] += sign * len(days)


def day_totals(parts: Iterable[Part]) -> dict[tuple[int, date], list[int]]:
    """(district, day) → [due, leaving] of ``parts``."""
    totals: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    for part in parts:
        _add(totals, part, 1)
    return totals


def _add_to_days(connection: sa.Connection, totals: dict) -> None:
    """Add ``totals`` to the day rows, creating those missing (``db.add_to_counts``)."""
    rows = [
        {"district_id": district, "day": day, "due": due, "leaving": leaving}
        for (district, day), (due, leaving) in totals.items()
        if due or leaving
    ]
    add_to_counts(connection, DAYS, ["district_id", "day"], rows)


def refresh(connection: sa.Connection, posting_ids: Iterable[int]) -> None:
    """Work out the gaps of ``posting_ids`` again and put the difference into the days."""
    ids = sorted({i for i in posting_ids if i is not None})
    for first in range(0, len(ids), IDS_PER_STATEMENT):
        chunk = ids[first : first + IDS_PER_STATEMENT]
        # One transaction at a time replaces a posting's part (PostgreSQL: as ``filing``).
        connection.execute(
            sa.select(Posting.id)
            .where(Posting.id.in_(chunk))
            .order_by(Posting.id)
            .with_for_update()
        )
        old = _stored_parts(connection, GAPS.c.posting_id.in_(chunk))
        new = _parts(connection, Posting.id.in_(chunk))
        totals: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
        for posting_id in chunk:
            before, after = old.get(posting_id), new.get(posting_id)
            if before == after:
                continue
            if before is not None:
                _add(totals, before, -1)
            if after is not None:
                _add(totals, after, 1)
        if old:
            connection.execute(sa.delete(GAPS).where(GAPS.c.posting_id.in_(chunk)))
        if new:
            connection.execute(sa.insert(GAPS), _gap_rows(new))
        _add_to_days(connection, totals)


def rebuild(connection: sa.Connection) -> None:
    """Both tables from the postings and their summaries (after a bulk load)."""
    connection.execute(sa.delete(GAPS))
    connection.execute(sa.delete(DAYS))
    parts = _parts(connection, sa.true())
    rows = _gap_rows(parts)
    for first in range(0, len(rows), IDS_PER_STATEMENT):
        connection.execute(sa.insert(GAPS), rows[first : first + IDS_PER_STATEMENT])
    _add_to_days(connection, day_totals(parts.values()))


def computed(connection: sa.Connection) -> tuple[dict[int, Part], dict]:
    """Both tables as the rows give them now (for the tests): the parts, and the day
    totals without the days that add up to nothing."""
    parts = _parts(connection, sa.true())
    totals = {key: tuple(value) for key, value in day_totals(parts.values()).items() if any(value)}
    return parts, totals


def stored(connection: sa.Connection) -> tuple[dict[int, Part], dict]:
    totals = {
        (district, day): (due, leaving)
        for district, day, due, leaving in connection.execute(
            sa.select(DAYS.c.district_id, DAYS.c.day, DAYS.c.due, DAYS.c.leaving)
        )
        if due or leaving
    }
    return _stored_parts(connection, sa.true()), totals


def overdue_on(connection: sa.Connection, district_id: int, as_of: date) -> int:
    """The reports overdue on ``as_of`` in district ``district_id`` (``REGION``: all)."""
    due, leaving = connection.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(DAYS.c.due), 0),
            sa.func.coalesce(sa.func.sum(DAYS.c.leaving), 0),
        ).where(DAYS.c.district_id == district_id, DAYS.c.day < as_of)
    ).one()
    return int(due) - int(leaving)


# Kept in step by the unit of work ------------------------------------------------------


@event.listens_for(Session, "after_flush")
def _keep_in_step(session: Session, _context) -> None:
    """After ``filing``'s listener (registered first: this module imports it)."""
    touched: set[int] = set()
    programmes: set[int] = set()
    for obj in chain(session.new, session.deleted):
        if isinstance(obj, ReflectionLog):
            touched |= filing._report_postings(obj)
        elif isinstance(obj, Posting):
            touched.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, ReflectionLog):
            touched |= filing._report_postings(obj)
        elif isinstance(obj, Posting) and filing._changed(obj, *POSTING_FIELDS):
            touched.add(obj.id)
        elif isinstance(obj, Programme) and filing._changed(obj, *PROGRAMME_FIELDS):
            programmes.add(obj.id)
    if not (touched or programmes):
        return
    connection = session.connection()
    if programmes:
        touched.update(
            connection.scalars(
                sa.select(Posting.id).where(
                    Posting.programme_id.in_(programmes), Posting.status.in_(COUNTED_STATUSES)
                )
            )
        )
    refresh(connection, touched)
