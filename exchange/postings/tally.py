"""Postings counted by programme, home and host district, status and month of start.

The dashboard's flow matrices, its quota table and its postings per month each grouped
every posting of the region on every view (11 to 15 ms each at 100,000 postings on
SQLite, and growing with the years). They now add up ``PostingTally``: one row per
programme, pair of districts, status and month that has had a posting, a few thousand
at 100,000 postings.

The counts follow the postings in the same transaction: after each flush, every posting
added, deleted, or changed in one of the five columns takes one away from its old row and
adds one to its new row (``db.add_to_counts``: upserts that add, so two transactions
never overwrite each other's counts). Bulk loads that bypass the ORM (``bench-data``)
call ``rebuild``. tests/postings/test_tally.py makes random changes through the services
and compares the table with the postings, and the dashboard's figures with ones counted
from the postings.

Written by hand: a database view would be counted on every read, and a trigger would
be written twice, once per dialect.
"""

from collections import Counter
from datetime import date
from typing import cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from exchange.db import add_to_counts
from exchange.postings.models import Posting, PostingTally
from exchange.sql_dates import month_start

TABLE = cast(sa.Table, PostingTally.__table__)
KEYS = ["programme_id", "home_district_id", "host_district_id", "status", "start_month"]
FIELDS = ("programme_id", "home_district_id", "host_district_id", "status", "start_date")

Key = tuple[int, int, int, str, date]


def _key(programme_id, home, host, status, start: date) -> Key:
    return (programme_id, home, host, getattr(status, "value", status), start.replace(day=1))


def _now(posting: Posting) -> Key:
    return _key(*(getattr(posting, name) for name in FIELDS))


def _before(posting: Posting) -> Key:
    """The posting's key as the database held it before this flush."""
    state = sa.inspect(posting)
    values = []
    for name in FIELDS:
        history = state.attrs[name].history
        values.append(history.deleted[0] if history.deleted else getattr(posting, name))
    return _key(*values)


def _changes(session: Session) -> Counter:
    changes: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Posting):
            changes[_now(obj)] += 1
    for obj in session.deleted:
        if isinstance(obj, Posting):
            changes[_before(obj)] -= 1
    for obj in session.dirty:
        if isinstance(obj, Posting) and obj not in session.deleted:
            before, now = _before(obj), _now(obj)
            if before != now:
                changes[before] -= 1
                changes[now] += 1
    return changes


@event.listens_for(Session, "after_flush")
def _keep_in_step(session: Session, _context) -> None:
    changes = _changes(session)
    rows = [dict(zip(KEYS, key, strict=True), postings=n) for key, n in changes.items() if n]
    if rows:
        add_to_counts(session.connection(), TABLE, KEYS, rows)


def _grouped():
    month = month_start(Posting.start_date)
    return sa.select(
        Posting.programme_id,
        Posting.home_district_id,
        Posting.host_district_id,
        Posting.status,
        month.label("start_month"),
        sa.func.count().label("postings"),
    ).group_by(
        Posting.programme_id,
        Posting.home_district_id,
        Posting.host_district_id,
        Posting.status,
        month,
    )


def rebuild(connection: sa.Connection) -> None:
    """The table from the postings (after a bulk load)."""
    connection.execute(sa.delete(TABLE))
    connection.execute(sa.insert(TABLE).from_select([*KEYS, "postings"], _grouped()))


def computed(connection: sa.Connection) -> dict[Key, int]:
    """The counts as the postings give them now (for the tests)."""
    return {
        _key(programme, home, host, status, month): n
        for programme, home, host, status, month, n in connection.execute(_grouped())
    }


def stored(connection: sa.Connection) -> dict[Key, int]:
    """The table's counts, without the keys at 0."""
    return {
        _key(programme, home, host, status, month): n
        for programme, home, host, status, month, n in connection.execute(
            sa.select(*[TABLE.c[name] for name in [*KEYS, "postings"]])
        )
        if n
    }
