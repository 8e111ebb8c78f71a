"""Talks due and late for an HR officer's side, and a posting's talks."""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from exchange import clock, policy
from exchange.extensions import db
from exchange.postings.models import SERVED_STATUSES, Posting
from exchange.talks.cadence import DUE, LATE, Period, periods_for
from exchange.talks.models import Talk

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


def outstanding(user) -> list[Period]:
    """Periods without a talk, due now or late, for the sides ``user`` speaks for."""
    if not (policy.is_admin(user) or policy.is_hr(user)):
        return []
    postings = (
        db.session.scalars(
            sa.select(Posting)
            .where(
                policy.posting_scope(user),
                Posting.status.in_(SERVED_STATUSES),
                Posting.start_date <= clock.today(),
                Posting.end_date >= clock.today() - timedelta(days=RECENT_DAYS),
            )
            .options(joinedload(Posting.cadre))
        )
        .unique()
        .all()
    )
    items: list[Period] = []
    for periods in periods_for(list(postings)).values():
        items.extend(
            p for p in periods if p.state in (DUE, LATE) and p.side in _sides(user, p.posting)
        )
    return sorted(items, key=lambda p: (p.last, p.posting.id))


def talks_of(posting) -> list[Talk]:
    talks = db.session.scalars(
        sa.select(Talk)
        .where(Talk.posting_id == posting.id)
        .options(joinedload(Talk.recorded_by))
        .order_by(Talk.talk_date.desc(), Talk.id.desc())
    ).all()
    return list(talks)
