"""Which postings' sheets a user writes."""

import sqlalchemy as sa

from exchange import policy
from exchange.postings.models import SERVED_STATUSES, Posting


def writable_postings(user):
    """The postings whose sheets ``user`` writes: host side, running or recently ended."""
    stmt = sa.select(Posting).where(Posting.status.in_(SERVED_STATUSES))
    if policy.is_hr(user):
        return stmt.where(Posting.host_district_id == user.district_id)
    if policy.is_admin(user):
        return stmt
    return stmt.where(sa.false())
