"""Talks due and late for an HR officer's side, and a posting's talks."""

from bisect import bisect_left
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import clock, policy
from exchange.cadres.models import Cadre
from exchange.dates import add_months
from exchange.extensions import db
from exchange.postings.models import SERVED_STATUSES, Posting
from exchange.talks.cadence import DUE, LATE, Period, period_start, periods_for, talk_days
from exchange.talks.models import Talk, TalkRule

#: Talks with officials whose posting ended longer ago than this are no longer asked for.
RECENT_DAYS = 90


def _sides(user, posting) -> set[str]:
    if policy.is_admin(user):
        return {"home", "host"}
    sides = set()
    if policy.is_hr(user) and user.district_id == posting.home_district_id:
        sides.add("home")
    if policy.is_hr(user) and user.district_id == posting.host_district_id:
        sides.add("host")
    return sides


def _in_scope(user) -> list:
    """The postings whose talks ``user``'s lists ask about: in post, or ended within
    ``RECENT_DAYS``, under a programme that sets a talk cadence."""
    today = clock.today()
    return [
        policy.posting_scope(user),
        Posting.status.in_(SERVED_STATUSES),
        Posting.start_date <= today,
        Posting.end_date >= today - timedelta(days=RECENT_DAYS),
        Posting.programme_id.in_(sa.select(TalkRule.programme_id)),
    ]


def _waiting(user, postings) -> list[Period]:
    items: list[Period] = []
    for periods in periods_for(postings).values():
        items.extend(
            p for p in periods if p.state in (DUE, LATE) and p.side in _sides(user, p.posting)
        )
    return items


def outstanding(user) -> list[Period]:
    """Periods without a talk, due now or late, for the sides ``user`` speaks for, the
    oldest first. Each period's ``posting`` is a plain row (id, programme, dates, districts
    and ``cadre_name``): an administrator's list spans the region, and no posting object is
    built for it."""
    if not (policy.is_admin(user) or policy.is_hr(user)):
        return []
    rows = db.session.execute(
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
    ).all()
    return sorted(_waiting(user, rows), key=lambda p: (p.last, p.posting.id))


def outstanding_count(user) -> int:
    """``len(outstanding(user))``, counted on plain values (the bell asks on every page).

    The periods are ``cadence.periods_for``'s, for the sides ``user`` speaks for only, and
    a period counts when no talk falls within it (found by bisection in the side's sorted
    talk days). Building a ``Period`` for every period of both sides of a district's
    postings in post (some 10,000 at 100,000 postings) was 60 ms on every page of an HR
    officer; ``tests/ops/test_bench_data.py`` holds the two to the same answer."""
    if not (policy.is_admin(user) or policy.is_hr(user)):
        return 0
    rows = db.session.execute(
        sa.select(
            Posting.id,
            Posting.programme_id,
            Posting.start_date,
            Posting.end_date.label("end_date"),
            Posting.home_district_id,
            Posting.host_district_id,
        ).where(*_in_scope(user))
    ).all()
    if not rows:
        return 0
    as_of = clock.today()
    rules: dict[int, list[tuple[str, int]]] = {}
    for programme_id, side, every in db.session.execute(
        sa.select(TalkRule.programme_id, TalkRule.side, TalkRule.every_months).where(
            TalkRule.programme_id.in_({row.programme_id for row in rows})
        )
    ):
        rules.setdefault(programme_id, []).append((side, every))
    talks = talk_days([row.id for row in rows])
    admin, district = policy.is_admin(user), user.district_id
    missing = 0
    for posting_id, programme_id, start_date, end_date, home, host in rows:
        for side, every in rules.get(programme_id, ()):
            if not (admin or district == (home if side == "home" else host)):
                continue
            days = talks.get((posting_id, side), ())
            until = min(as_of, end_date)
            start = period_start(start_date, every)
            while start <= until:
                following = add_months(start, every)
                first, last = max(start, start_date), min(following - _DAY, end_date)
                at = bisect_left(days, first)
                if at == len(days) or days[at] > last:
                    missing += 1
                start = following
    return missing


_DAY = timedelta(days=1)


def talks_of(posting) -> list[Talk]:
    talks = db.session.scalars(
        sa.select(Talk)
        .where(Talk.posting_id == posting.id)
        .options(joinedload(Talk.recorded_by))
        .order_by(Talk.talk_date.desc(), Talk.id.desc())
    ).all()
    return list(talks)
