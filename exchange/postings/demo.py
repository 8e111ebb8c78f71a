"""Demo helpers of postings that other features' demo data use."""

import sqlalchemy as sa

from exchange.cadres.models import Cadre
from exchange.extensions import db
from exchange.postings.models import Posting, PostingStatus


def active_posting_of(cadre_name: str) -> Posting | None:
    """The demo cadre's posting in progress (for features' demo data), if any."""
    return db.session.scalar(
        sa.select(Posting)
        .join(Cadre)
        .where(Cadre.name == cadre_name, Posting.status == PostingStatus.ACTIVE)
    )
