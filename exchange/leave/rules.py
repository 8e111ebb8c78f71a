"""Which approval chain a leave follows: the programme's tiers by length in working days."""

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from exchange.extensions import db
from exchange.leave.models import ApproverSide, LeaveTier

#: Used when a programme sets no tiers: the rule DOMAIN.md states.
DEFAULT_SOURCE = _l(
    "Default rule (the programme sets none): up to 3 days the host, 3–7 days host then home, "
    "more than 7 days up to the coordinating organisation department."
)
DEFAULT_TIERS = (
    (Decimal(3), (ApproverSide.HOST,)),
    (Decimal(7), (ApproverSide.HOST, ApproverSide.HOME)),
    (None, (ApproverSide.HOST, ApproverSide.HOME, ApproverSide.COORDINATOR)),
)


@dataclass(frozen=True)
class Chain:
    up_to_days: Decimal | None
    approvers: tuple[str, ...]
    source: str


def tiers_of(programme_id: int) -> list[Chain]:
    """The programme's tiers, shortest first (the open-ended one last), or the default."""
    rows = db.session.scalars(
        sa.select(LeaveTier)
        .where(LeaveTier.programme_id == programme_id)
        .order_by(LeaveTier.up_to_days.is_(None), LeaveTier.up_to_days)
    ).all()
    if not rows:
        return [Chain(limit, sides, str(DEFAULT_SOURCE)) for limit, sides in DEFAULT_TIERS]
    return [Chain(row.up_to_days, tuple(row.approvers), row.source) for row in rows]


def chain_for(programme_id: int, days: Decimal) -> Chain:
    """The first tier whose limit is at least ``days``; the longest tier beyond every limit."""
    tiers = tiers_of(programme_id)
    for tier in tiers:
        if tier.up_to_days is None or days <= tier.up_to_days:
            return tier
    return tiers[-1]
