"""Read-side queries on postings, each choosing its own eager loading."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from exchange import policy
from exchange.cadres.models import Cadre
from exchange.postings.models import HOLDING_STATUSES, Posting


def _with_parts(stmt):
    return stmt.options(
        joinedload(Posting.cadre),
        joinedload(Posting.home_department),
        joinedload(Posting.host_department),
        joinedload(Posting.home_district),
        joinedload(Posting.host_district),
        selectinload(Posting.extensions),
    )


def visible_postings(user, *where, order_by=None):
    """Postings ``user`` may see, with what a list shows loaded up front."""
    stmt = _with_parts(sa.select(Posting).where(policy.posting_scope(user), *where))
    return stmt.order_by(*(order_by or (Posting.start_date.desc(), Posting.id.desc())))


def outgoing_postings(user, district_id: int):
    return visible_postings(user, Posting.home_district_id == district_id)


def incoming_postings(user, district_id: int):
    return visible_postings(user, Posting.host_district_id == district_id)


def current_posting_of(cadre_id: int):
    """The cadre's one proposed, accepted or active posting, if any."""
    return _with_parts(
        sa.select(Posting).where(Posting.cadre_id == cadre_id, Posting.status.in_(HOLDING_STATUSES))
    ).order_by(Posting.start_date.desc())


def postings_of_cadre(cadre_id: int):
    return _with_parts(sa.select(Posting).where(Posting.cadre_id == cadre_id)).order_by(
        Posting.start_date
    )


def load_posting(posting_id: int):
    return _with_parts(sa.select(Posting).where(Posting.id == posting_id)).options(
        joinedload(Posting.cadre).joinedload(Cadre.home_department),
        joinedload(Posting.programme),
    )
