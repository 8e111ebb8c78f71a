"""Which postings' sheets a user writes."""

from datetime import timedelta

import sqlalchemy as sa

from exchange import clock, policy
from exchange.postings.models import SERVED_STATUSES, Posting

#: Sheets of a posting that ended longer ago than this are no longer asked for.
RECENT_DAYS = 90


def writable_postings(user):
    """The postings whose sheets ``user`` writes: host side, running or recently ended."""
    recent = clock.today() - timedelta(days=RECENT_DAYS)
    stmt = sa.select(Posting).where(Posting.status.in_(SERVED_STATUSES), Posting.end_date >= recent)
    if policy.is_hr(user):
        return stmt.where(Posting.host_district_id == user.district_id)
    if policy.is_admin(user):
        return stmt
    return stmt.where(sa.false())
