"""Talks due and late for an HR officer's side, and a posting's talks."""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import clock, policy
from exchange.cadres.models import Cadre
from exchange.db import built_once_a_day
from exchange.extensions import db
from exchange.postings.models import SERVED_STATUSES, Posting
from exchange.sql_dates import month_number
from exchange.talks.cadence import DUE, LATE, Period, periods_for, rules_of, talk_days
from exchange.talks.models import Talk, TalkRule

#: Talks with officials whose posting ended longer ago than this are no longer asked for.
RECENT_DAYS = 90


def _sides_of(user):
    """posting → the sides ``user`` speaks for on it; the user's role read once."""
    if policy.is_admin(user):
        return lambda posting: {"home", "host"}
    if not policy.is_hr(user):
        return lambda posting: set()
    district = user.district_id

    def sides(posting) -> set[str]:
        found = set()
        if district == posting.home_district_id:
            found.add("home")
        if district == posting.host_district_id:
            found.add("host")
        return found

    return sides


def _in_scope(user, scope=None) -> list:
    """The postings whose talks ``user``'s lists ask about: in post, or ended within
    ``RECENT_DAYS``, under a programme that sets a talk cadence (``scope``: a part of
    the user's postings, ``policy.posting_scope_parts``)."""
    today = clock.today()
    return [
        policy.posting_scope(user) if scope is None else scope,
        Posting.status.in_(SERVED_STATUSES),
        Posting.start_date <= today,
        Posting.end_date >= today - timedelta(days=RECENT_DAYS),
        Posting.programme_id.in_(sa.select(TalkRule.programme_id)),
    ]


def _waiting(user, postings, talks=None, rules=None) -> list[Period]:
    items: list[Period] = []
    sides_of = _sides_of(user)
    for periods in periods_for(postings, talks=talks, rules=rules).values():
        if not periods:
            continue
        sides = sides_of(periods[0].posting)  # a posting's, once (not per period)
        items.extend(p for p in periods if p.state in (DUE, LATE) and p.side in sides)
    return items


def _rows(user):
    """The postings ``outstanding`` asks about, as plain rows."""
    return (
        sa.select(
            Posting.id,
            Posting.programme_id,
            Posting.start_date,
            Posting.end_date.label("end_date"),
            Posting.home_district_id,
            Posting.host_district_id,
            Cadre.name.label("cadre_name"),
        )
        .join(Cadre, Cadre.id == Posting.cadre_id)
        .where(*_in_scope(user))
    )


def _order(period: Period) -> tuple:
    return (period.last, period.posting.id)


def outstanding(user) -> list[Period]:
    """Periods without a talk, due now or late, for the sides ``user`` speaks for, the
    oldest first. Each period's ``posting`` is a plain row (id, programme, dates, districts
    and ``cadre_name``): an administrator's list spans the region, and no posting object is
    built for it."""
    if not (policy.is_admin(user) or policy.is_hr(user)):
        return []
    return sorted(_waiting(user, db.session.execute(_rows(user)).all()), key=_order)


#: Postings whose periods ``oldest_outstanding`` works out between two looks for a cutoff.
OLDEST_BATCH = 100


def oldest_outstanding(user, shown: int) -> list[Period]:
    """The ``shown`` oldest of ``outstanding(user)``, in its order, and any other period
    due by the same day as the last of them (a list that orders a day's periods its own
    way, the inbox, then cuts them the same).

    The postings are read as plain rows and their periods worked out in the order they
    started, a batch at a time, and the work stops once a posting starts after the last
    day of the ``shown``-th oldest period found: no period of a later posting ends before
    it starts. Building
    every period of the region's postings in post to show fifty took the administrator's
    talks page 0.9 s, and an HR officer's inbox and home page built thousands.
    ``tests/daily/test_talks.py`` and ``tests/ops/test_bench_data.py`` hold it to
    ``outstanding``."""
    if not (policy.is_admin(user) or policy.is_hr(user)):
        return []
    # In the order they started, sorted here: read in that order, SQLite walked the
    # region's postings from the first ever started to reach those in post (99 ms against
    # 25 for the rows as they come).
    rows = sorted(db.session.execute(_rows(user)), key=lambda row: (row.start_date, row.id))
    rules = rules_of({row.programme_id for row in rows})
    found: list[Period] = []
    cutoff = None
    # Two reads of talks, whatever the data: those of the first postings, then those of
    # the postings that started by the cutoff they gave (all, if none). Reading every
    # posting's talks: 62,000 for the administrator, 170 ms.
    head, rest = rows[:OLDEST_BATCH], rows[OLDEST_BATCH:]
    talks = talk_days([row.id for row in head])
    for part in (head, rest):
        if part is rest:
            ids = _rows(user).with_only_columns(Posting.id)
            if cutoff is not None:
                ids = ids.where(Posting.start_date <= cutoff)
            talks.update(talk_days(ids))
        for first in range(0, len(part), OLDEST_BATCH):
            batch = part[first : first + OLDEST_BATCH]
            if cutoff is not None:
                batch = [row for row in batch if row.start_date <= cutoff]
                if not batch:
                    break
            found.extend(_waiting(user, batch, talks, rules))
            found.sort(key=_order)
            if len(found) >= shown:
                cutoff = found[shown - 1].last
                found = [period for period in found if period.last <= cutoff]
    return found


def outstanding_count(user) -> int:
    """``len(outstanding(user))``, counted by the database (the bell asks on every page).

    Each period is numbered by the calendar (``_period``: ``cadence.period_start``'s
    periods). A posting's side misses as many talks as it had periods up to today (or its
    end), less the periods that hold one of its talks. One statement; no period and no talk
    is read into Python: building every period of a district's postings in post (some
    10,000 at 100,000 postings) was 60 ms on every page of an HR officer, and reading
    their 25,000 talks 18 ms. ``tests/ops/test_bench_data.py`` and
    ``tests/daily/test_talks.py`` hold it to ``outstanding``'s answer."""
    if not (policy.is_admin(user) or policy.is_hr(user)):
        return 0
    return db.session.scalar(_count_statement(user)) or 0


@built_once_a_day
def _count_statement(user):
    """The periods of the user's postings up to today less those that hold a talk."""
    today = clock.today()
    every = TalkRule.every_months
    until = sa.case((Posting.end_date < today, Posting.end_date), else_=sa.literal(today))
    last = _period(until, every)
    expected, held = [], []
    # Each side's postings from its own district index (``policy.posting_scope_parts``),
    # both sides' figures in one statement.
    for part in _side_parts(user):
        rules = (
            sa.select()
            .select_from(Posting)
            .join(TalkRule, TalkRule.programme_id == Posting.programme_id)
            .where(*_in_scope(user, scope=part))
        )
        periods = sa.func.sum(last - _period(Posting.start_date, every) + 1)
        expected.append(sa.func.coalesce(rules.with_only_columns(periods).scalar_subquery(), 0))
        talked = (
            rules.with_only_columns(Talk.posting_id, Talk.side, _period(Talk.talk_date, every))
            .join(Talk, sa.and_(Talk.posting_id == Posting.id, Talk.side == TalkRule.side))
            .where(
                Talk.talk_date >= Posting.start_date,
                Talk.talk_date <= Posting.end_date,
                _period(Talk.talk_date, every) <= last,
            )
            .distinct()
            .subquery()
        )
        held.append(sa.select(sa.func.count()).select_from(talked).scalar_subquery())
    return sa.select(sum(expected[1:], expected[0]) - sum(held[1:], held[0]))


def _side_parts(user) -> list:
    """The talk rules of the sides ``user`` speaks for, with the postings of each (an
    administrator: both sides of every posting), as parts no posting meets two of."""
    if policy.is_admin(user):
        return [policy.posting_scope(user)]
    return [
        sa.and_(TalkRule.side == "home", Posting.home_district_id == user.district_id),
        sa.and_(TalkRule.side == "host", Posting.host_district_id == user.district_id),
    ]


def _period(day, every):
    """The number of the calendar period of ``every`` months that holds ``day``
    (``cadence.period_start``'s period), counted from year 0, in SQL."""
    return (month_number(day) - 1) // every


def talks_of(posting) -> list[Talk]:
    talks = db.session.scalars(
        sa.select(Talk)
        .where(Talk.posting_id == posting.id)
        .options(joinedload(Talk.recorded_by))
        .order_by(Talk.talk_date.desc(), Talk.id.desc())
    ).all()
    return list(talks)
